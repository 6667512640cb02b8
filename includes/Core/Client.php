<?php

namespace MediaWiki\Extension\MetricsPlatform\Core;

/**
 * The PHP client: builds events exactly as the TypeScript client does (tests/fixtures/events.json)
 * and hands them to a sender. Pure: context, tokens, time, ids, delivery and warnings are injected.
 * No method throws; bad input is dropped with one warning per distinct problem.
 */
class Client {

	private $streamConfigs;
	private ?string $domain;
	private $context;
	private $token;
	private $now;
	private $uuid;
	private $send;
	private $warn;
	private string $platformDefault;

	/** maxLength of the monoschema's interaction fields, in code points (tests/fixtures/string-lengths.json). */
	private const STRING_LIMITS = [
		'action' => 64, 'action_subtype' => 64, 'action_source' => 64, 'action_context' => 8192,
		'element_id' => 64, 'element_friendly_name' => 64, 'funnel_name' => 64,
		'funnel_entry_token' => 80, 'instrument_name' => 255,
	];

	private const RESERVED = [ '$schema', 'action', 'meta', 'dt', 'sample', 'agent', 'page', 'mediawiki', 'performer', 'experiments' ];

	/** @var array<string,array> */
	private array $streams;
	/** @var array<string,string> */
	private array $problems;
	/** @var array<string,bool> */
	private array $warned = [];

	/**
	 * @param mixed $streamConfigs browser or action=streamconfigs form, or false for any stream
	 * @param string|null $domain meta.domain
	 * @param callable(): array $context nested contextual attributes
	 * @param callable(string, array): ?string $token sampling token for a unit
	 * @param callable(): float $now milliseconds since the epoch
	 * @param callable(): string $uuid a UUID v4
	 * @param callable(array): void $send receives each finished event
	 * @param callable(string): void $warn receives problem reports
	 * @param string $platformDefault agent.client_platform when the context gives none
	 */
	public function __construct(
		$streamConfigs,
		?string $domain,
		$context,
		$token,
		$now,
		$uuid,
		$send,
		$warn,
		string $platformDefault = 'mediawiki_php'
	) {
		$this->streamConfigs = $streamConfigs;
		$this->domain = $domain;
		$this->context = $context;
		$this->token = $token;
		$this->now = $now;
		$this->uuid = $uuid;
		$this->send = $send;
		$this->warn = $warn;
		$this->platformDefault = $platformDefault;
		$parsed = $streamConfigs === false ? [ 'streams' => [], 'problems' => [] ] : StreamConfig::parse( $streamConfigs );
		$this->streams = $parsed['streams'];
		$this->problems = $parsed['problems'];
		foreach ( $this->problems as $name => $problem ) {
			$this->warn( "Stream \"$name\" is disabled: $problem." );
		}
	}

	private function warn( string $message ): void {
		if ( !isset( $this->warned[$message] ) && count( $this->warned ) < 100 ) {
			$this->warned[$message] = true;
			( $this->warn )( $message );
		}
	}

	private function drop( string $stream, string $reason ): void {
		$this->warn( "Event for stream \"$stream\" not sent: $reason." );
	}

	private function stream( $name ): ?array {
		if ( !is_string( $name ) || $name === '' ) {
			$shown = is_scalar( $name ) ? json_encode( (string)$name, JSON_INVALID_UTF8_SUBSTITUTE ) : 'of type ' . gettype( $name );
			$this->warn( "Event not sent: the stream name $shown is not a non-empty string." );
			return null;
		}
		if ( $this->streamConfigs === false ) {
			return [];
		}
		if ( !isset( $this->streams[$name] ) ) {
			$this->drop( $name, isset( $this->problems[$name] ) ? "the stream is disabled ({$this->problems[$name]})" : 'the stream is not configured' );
			return null;
		}
		return $this->streams[$name];
	}

	private function inSample( array $stream, array $context ): bool {
		$sample = $stream['sample'] ?? null;
		return $sample === null || Sampling::isTokenInSample( ( $this->token )( $sample['unit'], $context ), $sample );
	}

	/** Why data cannot be sent as JSON, or null. */
	private static function dataProblem( $data, string $where = '' ): ?string {
		if ( is_array( $data ) ) {
			foreach ( $data as $key => $value ) {
				$problem = self::dataProblem( $value, $where === '' ? (string)$key : "$where.$key" );
				if ( $problem !== null ) {
					return $problem;
				}
			}
			return null;
		}
		if ( is_float( $data ) && !is_finite( $data ) ) {
			return ( $where ?: 'the event data' ) . ' is not a finite number';
		}
		if ( is_object( $data ) || is_resource( $data ) ) {
			return ( $where ?: 'the event data' ) . ' is not plain data';
		}
		return null;
	}

	private static function interactionProblem( array $event ): ?string {
		foreach ( self::STRING_LIMITS as $field => $limit ) {
			if ( !array_key_exists( $field, $event ) ) {
				continue;
			}
			if ( !is_string( $event[$field] ) ) {
				return "$field is not a string";
			}
			// Counted in code points, as JSON Schema's maxLength (and the intake's ajv) counts.
			$length = mb_strlen( $event[$field], 'UTF-8' );
			if ( $length > $limit ) {
				return "$field is $length characters, more than $limit";
			}
		}
		$position = $event['funnel_event_sequence_position'] ?? null;
		if ( array_key_exists( 'funnel_event_sequence_position', $event ) && !( is_int( $position ) && $position >= 1 ) ) {
			return 'funnel_event_sequence_position is not a whole number from 1';
		}
		return null;
	}

	private function finish( string $name, array $stream, array $event ): void {
		$now = ( $this->now )();
		$event['dt'] = gmdate( 'Y-m-d\TH:i:s', (int)floor( $now / 1000 ) ) . sprintf( '.%03dZ', (int)$now % 1000 );
		$event['meta'] = [ 'stream' => $stream['producers']['metrics_platform_client']['stream_name'] ?? $name ];
		if ( $this->domain ) {
			$event['meta']['domain'] = $this->domain;
		}
		$event['meta']['id'] = ( $this->uuid )();
		if ( isset( $stream['sample'] ) ) {
			$event['sample'] = [ 'rate' => $stream['sample']['rate'], 'unit' => $stream['sample']['unit'] ];
		}
		( $this->send )( $event );
	}

	/**
	 * Builds and sends an interaction event with the contextual attributes the stream asks for.
	 *
	 * @param mixed $streamName
	 * @param mixed $schemaId
	 * @param mixed $action
	 * @param mixed $data interaction fields
	 */
	public function submitInteraction( $streamName, $schemaId, $action, $data = [] ): void {
		$stream = $this->stream( $streamName );
		if ( $stream === null ) {
			return;
		}
		if ( !is_string( $schemaId ) || $schemaId === '' ) {
			$this->drop( $streamName, 'the schema ID is not a non-empty string' );
			return;
		}
		if ( !is_string( $action ) || $action === '' ) {
			$this->drop( $streamName, 'the action is missing or empty' );
			return;
		}
		$data ??= [];
		if ( !is_array( $data ) || ( $data !== [] && JsonList::is( $data ) ) ) {
			$this->drop( $streamName, 'the event data is not an object' );
			return;
		}
		$problem = self::dataProblem( $data );
		if ( $problem !== null ) {
			$this->drop( $streamName, $problem );
			return;
		}
		$context = ( $this->context )();
		if ( !$this->inSample( $stream, $context ) ) {
			$this->drop( $streamName, "this subject is out of the stream's sample" );
			return;
		}
		foreach ( self::RESERVED as $key ) {
			if ( array_key_exists( $key, $data ) ) {
				$this->warn( "Stream \"$streamName\": the event data cannot set \"$key\"; it was ignored." );
				unset( $data[$key] );
			}
		}
		$event = [ '$schema' => $schemaId, 'action' => $action ] + $data;
		$problem = WebBaseSchema::fieldProblem( $schemaId, $data ) ?? self::interactionProblem( $event );
		if ( $problem !== null ) {
			$this->drop( $streamName, $problem );
			return;
		}
		$mp = $stream['producers']['metrics_platform_client'] ?? [];
		ContextAttributes::addTo( $context, $mp['provide_values'] ?? [], $event, $this->platformDefault );
		$failed = Curation::failedRule( $event, $mp['curation'] ?? [] );
		if ( $failed !== null ) {
			$this->drop( $streamName, "filtered by the curation rule $failed" );
			return;
		}
		$this->finish( $streamName, $stream, $event );
	}

	/**
	 * @param mixed $streamName
	 * @param mixed $data
	 */
	public function submitClick( $streamName, $data = [] ): void {
		$this->submitInteraction( $streamName, StreamConfig::WEB_BASE_SCHEMA_ID, 'click', $data );
	}

	/**
	 * Sends an event built by the caller (with its own $schema); adds dt, meta and sample only.
	 *
	 * @param mixed $streamName
	 * @param mixed $event
	 */
	public function submit( $streamName, $event ): void {
		$stream = $this->stream( $streamName );
		if ( $stream === null ) {
			return;
		}
		if ( !is_array( $event ) || self::dataProblem( $event ) !== null ) {
			$this->drop( $streamName, 'the event is not plain data' );
			return;
		}
		if ( !is_string( $event['$schema'] ?? null ) || $event['$schema'] === '' ) {
			$this->drop( $streamName, 'the event has no $schema' );
			return;
		}
		$fieldProblem = WebBaseSchema::fieldProblem( $event['$schema'], $event );
		if ( $fieldProblem !== null ) {
			$this->drop( $streamName, $fieldProblem );
			return;
		}
		if ( !$this->inSample( $stream, ( $this->context )() ) ) {
			$this->drop( $streamName, "this subject is out of the stream's sample" );
			return;
		}
		$this->finish( $streamName, $stream, $event );
	}

	/**
	 * One event for every stream whose `events` prefixes match $eventName.
	 *
	 * @param mixed $eventName
	 * @param mixed $customData
	 */
	public function dispatch( $eventName, $customData = [] ): void {
		if ( !is_string( $eventName ) || $eventName === '' ) {
			$this->warn( 'dispatch: the event name is missing or empty.' );
			return;
		}
		foreach ( $this->streams as $name => $stream ) {
			foreach ( $stream['producers']['metrics_platform_client']['events'] ?? [] as $prefix ) {
				if ( strncmp( $eventName, $prefix, strlen( $prefix ) ) === 0 ) {
					$this->submitInteraction( $name, $stream['schema_id'] ?? StreamConfig::WEB_BASE_SCHEMA_ID, $eventName, $customData );
					break;
				}
			}
		}
	}

	/**
	 * An instrument: numbers its events from 1 and stamps its name.
	 *
	 * Never null and never throws: a stream name that is not a string gives an instrument whose
	 * calls are refused with the usual warning.
	 *
	 * @param mixed $streamName
	 * @param mixed $schemaId
	 * @param mixed $instrumentName
	 * @return Instrument
	 */
	public function newInstrument( $streamName, $schemaId = null, $instrumentName = null ): Instrument {
		$stream = is_string( $streamName ) ? $streamName : '';
		$name = is_string( $instrumentName ) && $instrumentName !== '' ? $instrumentName : $stream;
		// A schema ID that is not a string is kept as '' so that each call is refused, not silently re-aimed.
		$schema = $schemaId === null ? StreamConfig::WEB_BASE_SCHEMA_ID : ( is_string( $schemaId ) ? $schemaId : '' );
		return new Instrument( $this, $stream, $schema, $name );
	}

	/**
	 * @param mixed $streamName
	 * @return bool
	 */
	public function isStreamInSample( $streamName ): bool {
		if ( !is_string( $streamName ) ) {
			return false;
		}
		$stream = $this->streamConfigs === false ? [] : ( $this->streams[$streamName] ?? null );
		return $stream !== null && $this->inSample( $stream, ( $this->context )() );
	}

	/** @internal for Instrument */
	public static function hasDataProblem( $data ): bool {
		return $data !== null && ( !is_array( $data ) || self::dataProblem( $data ) !== null );
	}
}
