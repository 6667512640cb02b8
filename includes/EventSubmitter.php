<?php

namespace MediaWiki\Extension\MetricsPlatform;

use Config;
use DeferredUpdates;
use IContextSource;
use MediaWiki\Extension\MetricsPlatform\Core\Client;
use MediaWiki\Extension\MetricsPlatform\Core\EventBatches;
use MediaWiki\Extension\MetricsPlatform\Core\Instrument;
use MediaWiki\Extension\MetricsPlatform\Core\StreamConfig;
use MediaWiki\Logger\LoggerFactory;
use Psr\Log\LoggerInterface;
use RequestContext;

/**
 * Server-side events (service MetricsPlatform.EventSubmitter): built from the request context with
 * the same rules as the browser client (agent.client_platform "mediawiki_php"), encoded one by one
 * (a bad event is dropped alone, with a log line naming the reason), and posted to the intake after
 * the response has been sent, in bodies within the intake's limit and under one total deadline
 * ($wgMetricsPlatformServerTimeout). performer.session_id and session sampling use the reader's
 * mwuser-sessionId token, the one the browser uses, so both tiers pick the same subjects and their
 * events join. Nothing is sent about a reader who refuses usage data (RequestPrivacy). No method
 * throws, whatever it is given.
 *
 * Example: MediaWikiServices::getInstance()->getService( 'MetricsPlatform.EventSubmitter' )
 *     ->submitInteraction( 'mediawiki.page_save', '/analytics/product_metrics/web/base/1.3.0', 'save', [ 'action_source' => 'api' ] );
 * In a hook about another page than the request's: ->withContext( $derivativeContextWithThatTitle ).
 */
class EventSubmitter {

	private Config $config;
	private RequestPrivacy $privacy;
	private SubjectTokens $tokens;
	private ?IContextSource $context;
	private ?Client $client = null;
	/** @var array<int,array{stream:string,json:string}> encoded events waiting for the post */
	private array $queue = [];
	private LoggerInterface $logger;

	/**
	 * @param Config $config
	 * @param RequestPrivacy $privacy
	 * @param SubjectTokens $tokens
	 * @param IContextSource|null $context default: the main request context
	 */
	public function __construct( Config $config, RequestPrivacy $privacy, SubjectTokens $tokens, ?IContextSource $context = null ) {
		$this->config = $config;
		$this->privacy = $privacy;
		$this->tokens = $tokens;
		$this->context = $context;
		$this->logger = LoggerFactory::getInstance( 'MetricsPlatform' );
	}

	/**
	 * A submitter whose events describe another context: e.g. the page a hook is about, where the
	 * request's own title is an API or special page.
	 *
	 * @param IContextSource $context
	 * @return self
	 */
	public function withContext( IContextSource $context ): self {
		return new self( $this->config, $this->privacy, $this->tokens, $context );
	}

	private function context(): IContextSource {
		return $this->context ?? RequestContext::getMain();
	}

	private function refuses(): bool {
		return $this->privacy->refuses( $this->context() );
	}

	private function client(): Client {
		if ( !$this->client ) {
			$context = $this->context();
			$request = $context->getRequest();
			$refuses = $this->refuses();
			// The browser's own tokens (made and set now when the reader has none yet and does not refuse).
			$sessionId = $this->tokens->session( $request, !$refuses ) ?? self::token();
			$deviceId = null;
			$pageviewId = substr( hash( 'sha256', $request->getRequestId() ), 0, 20 );
			$this->client = new Client(
				ModuleConfig::rawStreams( $this->config ),
				$this->config->get( 'ServerName' ),
				static function () use ( $context, $sessionId, $pageviewId ) {
					return ServerContext::attributes( $context, $sessionId, $pageviewId );
				},
				function ( string $unit ) use ( $request, $refuses, $sessionId, $pageviewId, &$deviceId ) {
					if ( $unit === 'device' ) {
						$deviceId = $deviceId ?? ( $this->tokens->device( $request, !$refuses ) ?? self::token() );
						return $deviceId;
					}
					return $unit === 'pageview' ? $pageviewId : $sessionId;
				},
				static function () {
					return microtime( true ) * 1000;
				},
				static function () {
					return self::uuid();
				},
				function ( array $event ) {
					$this->enqueue( $event );
				},
				function ( string $message ) {
					$this->logger->warning( $message );
				}
			);
		}
		return $this->client;
	}

	/** A fresh 20-hex-digit token (when no cookie can carry one: CLI, jobs). */
	private static function token(): string {
		return bin2hex( random_bytes( 10 ) );
	}

	private static function uuid(): string {
		$b = random_bytes( 16 );
		$b[6] = chr( ( ord( $b[6] ) & 0x0f ) | 0x40 );
		$b[8] = chr( ( ord( $b[8] ) & 0x3f ) | 0x80 );
		return vsprintf( '%s%s-%s-%s-%s-%s%s%s', str_split( bin2hex( $b ), 4 ) );
	}

	/**
	 * Checks and encodes one finished event now, so that a bad one is refused alone.
	 *
	 * @param array $event
	 */
	private function enqueue( array $event ): void {
		$stream = (string)( $event['meta']['stream'] ?? '?' );
		$encoded = EventBatches::encode( $event );
		if ( isset( $encoded['problem'] ) ) {
			$this->logger->warning( 'A server-side event for stream {stream} was dropped: {reason}.', [ 'stream' => $stream, 'reason' => $encoded['problem'] ] );
			return;
		}
		if ( !$this->queue ) {
			DeferredUpdates::addCallableUpdate( function () {
				$this->flush();
			}, DeferredUpdates::POSTSEND );
		}
		$this->queue[] = [ 'stream' => $stream, 'json' => $encoded['json'] ];
	}

	/**
	 * Posts queued events to the intake (called after the response is sent): bodies within the
	 * intake's limit, all of them within $wgMetricsPlatformServerTimeout seconds in total.
	 */
	public function flush(): void {
		$events = $this->queue;
		$this->queue = [];
		$url = (string)$this->config->get( 'MetricsPlatformIntakeUrl' );
		if ( !$events || $url === '' ) {
			return;
		}
		$timeout = (float)$this->config->get( 'MetricsPlatformServerTimeout' );
		$deadline = microtime( true ) + $timeout;
		$bodies = EventBatches::pack( array_column( $events, 'json' ) );
		foreach ( $bodies as $i => $batch ) {
			$left = $deadline - microtime( true );
			$result = $left > 0 ? DeadlinePost::post( $url, $batch['body'], [ 'Content-Type' => 'application/json' ], $left ) :
				[ 'status' => 0, 'body' => '', 'error' => "the deadline of $timeout s had passed" ];
			if ( $result['status'] < 200 || $result['status'] > 299 || $result['status'] === 207 ) {
				$this->logger->warning( 'The intake refused or missed {count} server-side event(s) (request {n} of {of}): HTTP {status} {error} {body}', [
					'count' => $batch['count'], 'n' => $i + 1, 'of' => count( $bodies ), 'status' => $result['status'],
					'error' => $result['error'] ?? '', 'body' => substr( $result['body'], 0, 500 ),
				] );
			}
		}
	}

	/**
	 * @param mixed $streamName
	 * @param mixed $schemaId
	 * @param mixed $action
	 * @param mixed $data interaction fields
	 */
	public function submitInteraction( $streamName, $schemaId, $action, $data = [] ): void {
		$this->guard( function () use ( $streamName, $schemaId, $action, $data ) {
			$this->client()->submitInteraction( $streamName, $schemaId, $action, $data );
		} );
	}

	/**
	 * @param mixed $streamName
	 * @param mixed $data
	 */
	public function submitClick( $streamName, $data = [] ): void {
		$this->submitInteraction( $streamName, StreamConfig::WEB_BASE_SCHEMA_ID, 'click', $data );
	}

	/**
	 * @param mixed $eventName
	 * @param mixed $data
	 */
	public function dispatch( $eventName, $data = [] ): void {
		$this->guard( function () use ( $eventName, $data ) {
			$this->client()->dispatch( $eventName, $data );
		} );
	}

	/**
	 * An instrument (never null; for bad arguments or a refusing reader its calls send nothing).
	 *
	 * @param mixed $streamName
	 * @param mixed $schemaId
	 * @param mixed $instrumentName
	 * @return Instrument
	 */
	public function newInstrument( $streamName, $schemaId = null, $instrumentName = null ): Instrument {
		try {
			if ( !$this->refuses() ) {
				return $this->client()->newInstrument( $streamName, $schemaId, $instrumentName );
			}
		} catch ( \Throwable $e ) {
			$this->logger->warning( 'newInstrument failed: {message}', [ 'message' => $e->getMessage() ] );
		}
		return Instrument::inert();
	}

	/**
	 * Runs a call unless the reader refuses; nothing escapes into the caller.
	 *
	 * @param callable $fn
	 */
	private function guard( callable $fn ): void {
		try {
			if ( !$this->refuses() ) {
				$fn();
			}
		} catch ( \Throwable $e ) {
			$this->logger->warning( 'A server-side event failed: {message}', [ 'message' => $e->getMessage() ] );
		}
	}
}
