<?php

namespace MediaWiki\Extension\MetricsPlatform;

use MediaWiki\Http\HttpRequestFactory;
use Psr\Log\LoggerInterface;

/**
 * A client of the intake's read side (mp-intake's `GET /v1/...` endpoints, opened with
 * `--read-token`), for pages that show what the intake holds: service `MetricsPlatform.IntakeReadClient`.
 *
 * Configuration: $wgMetricsPlatformIntakeReadUrl (the intake's base URL, e.g.
 * `https://intake.example.org`; empty: isConfigured() is false and nothing is requested),
 * $wgMetricsPlatformIntakeReadToken (sent as `Authorization: Bearer …`) and
 * $wgMetricsPlatformIntakeReadTimeout (seconds for the whole request, connection included; default 2).
 *
 * Failure never reaches the caller: an intake that is down, slow past the timeout, refuses the
 * token, or answers something that is not a JSON object or list gives null (logged once per request
 * on the MetricsPlatform channel), so a page shows itself without the intake's figures. Answers are
 * kept for the rest of the web request (one request per path and query).
 *
 * Reuse: getJson( '/v1/<anything>' ) reads any other read-side endpoint the same way.
 */
class IntakeReadClient {

	/** Events read to count the last 24 hours; more than this many is shown as "at least". */
	public const COUNT_LIMIT = 1000;

	/** @var HttpRequestFactory */
	private $http;
	/** @var string */
	private $baseUrl;
	/** @var string */
	private $token;
	/** @var float */
	private $timeout;
	/** @var LoggerInterface */
	private $logger;
	/** @var array<string,array|null> */
	private $answers = [];

	/**
	 * @param HttpRequestFactory $http
	 * @param string $baseUrl the intake's base URL, without /v1 ('' when not configured)
	 * @param string $token the read token ('' for an intake open to this host by --read loopback)
	 * @param float $timeout seconds
	 * @param LoggerInterface $logger
	 */
	public function __construct( HttpRequestFactory $http, string $baseUrl, string $token, float $timeout, LoggerInterface $logger ) {
		$this->http = $http;
		$this->baseUrl = rtrim( $baseUrl, '/' );
		$this->token = $token;
		$this->timeout = $timeout > 0 ? $timeout : 2.0;
		$this->logger = $logger;
	}

	/** @return bool whether a read side is configured */
	public function isConfigured(): bool {
		return $this->baseUrl !== '';
	}

	/**
	 * GET a read-side endpoint and decode its JSON.
	 *
	 * @param string $path e.g. '/v1/stats'
	 * @param array $query query parameters
	 * @return array|null the decoded answer (object or list), or null when not configured or on any failure
	 */
	public function getJson( string $path, array $query = [] ): ?array {
		if ( !$this->isConfigured() ) {
			return null;
		}
		$url = $this->baseUrl . $path . ( $query ? '?' . http_build_query( $query ) : '' );
		if ( array_key_exists( $url, $this->answers ) ) {
			return $this->answers[$url];
		}
		$answer = null;
		try {
			$request = $this->http->create( $url, [ 'method' => 'GET', 'timeout' => $this->timeout, 'connectTimeout' => $this->timeout ], __METHOD__ );
			if ( $this->token !== '' ) {
				$request->setHeader( 'Authorization', 'Bearer ' . $this->token );
			}
			$status = $request->execute();
			$decoded = $status->isOK() ? json_decode( (string)$request->getContent(), true ) : null;
			if ( is_array( $decoded ) ) {
				$answer = $decoded;
			} else {
				$this->logger->warning( 'Intake read side unavailable: {url} answered {status}', [ 'url' => $url, 'status' => $request->getStatus() ] );
			}
		} catch ( \Throwable $e ) {
			$this->logger->warning( 'Intake read side unavailable: {url}: {message}', [ 'url' => $url, 'message' => $e->getMessage() ] );
		}
		$this->answers[$url] = $answer;
		return $answer;
	}

	/**
	 * The newest stored events of a stream, newest first.
	 *
	 * @param string $stream
	 * @param int $limit 1 to 1000
	 * @return array[]|null events (the stored objects), or null when unavailable
	 */
	public function recentEvents( string $stream, int $limit = 50 ): ?array {
		$stored = $this->getJson( '/v1/streams/' . rawurlencode( $stream ) . '/events', [ 'limit' => max( 1, min( self::COUNT_LIMIT, $limit ) ) ] );
		if ( $stored === null ) {
			return null;
		}
		$events = [];
		foreach ( $stored as $row ) {
			if ( is_array( $row ) && is_array( $row['event'] ?? null ) ) {
				$events[] = $row['event'];
			}
		}
		return $events;
	}

	/**
	 * A stream's activity: events received in the 24 hours before $now, and the last ones.
	 *
	 * @param string $stream
	 * @param int $now Unix time
	 * @param int $last how many of the newest events to return
	 * @return array|null see activityOf(); null when the read side is not configured or unavailable
	 */
	public function streamActivity( string $stream, int $now, int $last = 10 ): ?array {
		$events = $this->recentEvents( $stream, self::COUNT_LIMIT );
		return $events === null ? null : self::activityOf( $events, $now, $last );
	}

	/**
	 * Counts the events received (meta.dt, set by the intake) in the 24 hours before $now. The intake
	 * returns at most COUNT_LIMIT events; when all of them are that recent, the count is a lower bound.
	 *
	 * @param array[] $events newest first
	 * @param int $now Unix time
	 * @param int $last
	 * @return array{count:int,atLeast:bool,last:array[]}
	 */
	public static function activityOf( array $events, int $now, int $last ): array {
		$count = 0;
		foreach ( $events as $event ) {
			$received = is_string( $event['meta']['dt'] ?? null ) ? strtotime( $event['meta']['dt'] ) : false;
			if ( $received !== false && $received > $now - 86400 && $received <= $now + 60 ) {
				$count++;
			}
		}
		return [ 'count' => $count, 'atLeast' => $count >= self::COUNT_LIMIT, 'last' => array_slice( $events, 0, max( 0, $last ) ) ];
	}
}
