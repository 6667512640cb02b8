<?php

namespace MediaWiki\Extension\MetricsPlatform;

use Config;
use DeferredUpdates;
use IContextSource;
use MediaWiki\Extension\MetricsPlatform\Core\Client;
use MediaWiki\Extension\MetricsPlatform\Core\Instrument;
use MediaWiki\Http\HttpRequestFactory;
use MediaWiki\Logger\LoggerFactory;
use Psr\Log\LoggerInterface;
use RequestContext;

/**
 * Server-side events (service MetricsPlatform.EventSubmitter): built from the request context with
 * the same rules as the browser client (agent.client_platform "mediawiki_php"), queued, and posted
 * to the intake in one request after the response has been sent. Never throws into the caller.
 *
 * Example: MediaWikiServices::getInstance()->getService( 'MetricsPlatform.EventSubmitter' )
 *     ->submitInteraction( 'mediawiki.page_save', '/analytics/product_metrics/web/base/1.3.0', 'save', [ 'action_source' => 'api' ] );
 * In a hook about another page than the request's: ->withContext( $derivativeContextWithThatTitle ).
 */
class EventSubmitter {

	private ?Client $client = null;
	/** @var array[] */
	private array $queue = [];
	private LoggerInterface $logger;

	private Config $config;
	private HttpRequestFactory $httpRequestFactory;
	private ?IContextSource $context;

	public function __construct(
		Config $config,
		HttpRequestFactory $httpRequestFactory,
		?IContextSource $context = null
	) {
		$this->config = $config;
		$this->httpRequestFactory = $httpRequestFactory;
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
		return new self( $this->config, $this->httpRequestFactory, $context );
	}

	private function client(): Client {
		if ( !$this->client ) {
			$context = $this->context ?? RequestContext::getMain();
			$session = $context->getRequest()->getSession();
			$sessionId = substr( hash( 'sha256', $session->getId() ), 0, 20 );
			$pageviewId = substr( hash( 'sha256', $context->getRequest()->getRequestId() ), 0, 20 );
			$this->client = new Client(
				ModuleConfig::rawStreams( $this->config ),
				$this->config->get( 'ServerName' ),
				static fn () => ServerContext::attributes( $context, $sessionId, $pageviewId ),
				static fn ( string $unit, array $attributes ) => $unit === 'pageview' ? $pageviewId : $sessionId,
				static fn () => microtime( true ) * 1000,
				static fn () => self::uuid(),
				fn ( array $event ) => $this->enqueue( $event ),
				fn ( string $message ) => $this->logger->warning( $message )
			);
		}
		return $this->client;
	}

	private static function uuid(): string {
		$b = random_bytes( 16 );
		$b[6] = chr( ( ord( $b[6] ) & 0x0f ) | 0x40 );
		$b[8] = chr( ( ord( $b[8] ) & 0x3f ) | 0x80 );
		return vsprintf( '%s%s-%s-%s-%s-%s%s%s', str_split( bin2hex( $b ), 4 ) );
	}

	private function enqueue( array $event ): void {
		if ( !$this->queue ) {
			DeferredUpdates::addCallableUpdate( fn () => $this->flush(), DeferredUpdates::POSTSEND );
		}
		$this->queue[] = $event;
	}

	/**
	 * Posts queued events to the intake (called after the response is sent).
	 */
	public function flush(): void {
		$events = $this->queue;
		$this->queue = [];
		$url = (string)$this->config->get( 'MetricsPlatformIntakeUrl' );
		if ( !$events || $url === '' ) {
			return;
		}
		try {
			$request = $this->httpRequestFactory->create( $url, [
				'method' => 'POST',
				'postData' => json_encode( $events, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE ),
				'timeout' => (float)$this->config->get( 'MetricsPlatformServerTimeout' ),
				'connectTimeout' => (float)$this->config->get( 'MetricsPlatformServerTimeout' ),
			], __METHOD__ );
			$request->setHeader( 'Content-Type', 'application/json' );
			$status = $request->execute();
			if ( !$status->isOK() ) {
				$this->logger->warning( 'The intake refused or missed {count} server-side event(s): HTTP {status} {body}', [
					'count' => count( $events ), 'status' => $request->getStatus(), 'body' => substr( (string)$request->getContent(), 0, 500 ),
				] );
			}
		} catch ( \Throwable $e ) {
			$this->logger->warning( 'Server-side events could not be sent: {message}', [ 'message' => $e->getMessage() ] );
		}
	}

	/**
	 * @param string $streamName
	 * @param string $schemaId
	 * @param string $action
	 * @param array $data interaction fields
	 */
	public function submitInteraction( string $streamName, string $schemaId, string $action, array $data = [] ): void {
		$this->guard( fn () => $this->client()->submitInteraction( $streamName, $schemaId, $action, $data ) );
	}

	/**
	 * @param string $streamName
	 * @param array $data
	 */
	public function submitClick( string $streamName, array $data = [] ): void {
		$this->guard( fn () => $this->client()->submitClick( $streamName, $data ) );
	}

	/**
	 * @param string $eventName
	 * @param array $data
	 */
	public function dispatch( string $eventName, array $data = [] ): void {
		$this->guard( fn () => $this->client()->dispatch( $eventName, $data ) );
	}

	/**
	 * @param string $streamName
	 * @param string|null $schemaId
	 * @param string|null $instrumentName
	 * @return Instrument
	 */
	public function newInstrument( string $streamName, ?string $schemaId = null, ?string $instrumentName = null ): Instrument {
		return $this->client()->newInstrument( $streamName, $schemaId, $instrumentName );
	}

	private function guard( callable $fn ): void {
		try {
			$fn();
		} catch ( \Throwable $e ) {
			$this->logger->warning( 'A server-side event failed: {message}', [ 'message' => $e->getMessage() ] );
		}
	}
}
