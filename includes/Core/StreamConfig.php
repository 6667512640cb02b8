<?php

namespace MediaWiki\Extension\MetricsPlatform\Core;

/**
 * Stream configs: validation (each invalid stream is disabled with a reason naming the field) and
 * the reduction to what browsers receive. Same rules as the TypeScript client.
 */
class StreamConfig {

	public const WEB_BASE_SCHEMA_ID = '/analytics/product_metrics/web/base/1.3.0';

	private static function isObject( $value ): bool {
		return is_array( $value ) && ( $value === [] || !JsonList::is( $value ) );
	}

	private static function isStringList( $value ): bool {
		if ( !is_array( $value ) || !JsonList::is( $value ) ) {
			return false;
		}
		foreach ( $value as $x ) {
			if ( !is_string( $x ) ) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Why one stream's config is unusable, or null.
	 *
	 * @param mixed $config
	 * @return string|null
	 */
	public static function problem( $config ): ?string {
		if ( !self::isObject( $config ) ) {
			return 'the stream config is not an object';
		}
		$sampleProblem = Sampling::problem( $config['sample'] ?? null );
		if ( $sampleProblem !== null ) {
			return $sampleProblem;
		}
		if ( isset( $config['schema_id'] ) && !is_string( $config['schema_id'] ) ) {
			return 'schema_id is not a string';
		}
		if ( !isset( $config['producers'] ) ) {
			return null;
		}
		if ( !self::isObject( $config['producers'] ) ) {
			return 'producers is not an object';
		}
		$mp = $config['producers']['metrics_platform_client'] ?? null;
		if ( $mp === null ) {
			return null;
		}
		if ( !self::isObject( $mp ) ) {
			return 'producers.metrics_platform_client is not an object';
		}
		if ( isset( $mp['events'] ) && !self::isStringList( $mp['events'] ) ) {
			return 'producers.metrics_platform_client.events is not a list of strings';
		}
		if ( isset( $mp['stream_name'] ) && ( !is_string( $mp['stream_name'] ) || $mp['stream_name'] === '' ) ) {
			return 'producers.metrics_platform_client.stream_name is not a stream name';
		}
		$provided = $mp['provide_values'] ?? [];
		if ( !self::isStringList( $provided ) ) {
			return 'producers.metrics_platform_client.provide_values is not a list of strings';
		}
		$unknown = array_values( array_diff( $provided, ContextAttributes::NAMES ) );
		if ( $unknown ) {
			return 'provide_values names unknown attribute(s) ' . implode( ', ', $unknown );
		}
		$fieldless = [];
		foreach ( $provided as $name ) {
			if ( isset( ContextAttributes::WITHOUT_SCHEMA_FIELD[$name] ) ) {
				$fieldless[] = "$name (" . ContextAttributes::WITHOUT_SCHEMA_FIELD[$name] . ')';
			}
		}
		if ( $fieldless ) {
			return 'provide_values asks for ' . implode( ', ', $fieldless );
		}
		$curation = $mp['curation'] ?? null;
		if ( $curation === null ) {
			return null;
		}
		$problem = Curation::rulesProblem( $curation, 'curation' );
		if ( $problem !== null ) {
			return $problem;
		}
		// Curation reads the event, so a curated attribute must be one the event carries.
		foreach ( array_keys( $curation ) as $name ) {
			if ( !in_array( $name, $provided, true ) && strpos( (string)$name, 'agent_client_platform' ) !== 0 ) {
				return "curation on $name, which provide_values does not ask for";
			}
		}
		return null;
	}

	/**
	 * Accepts the browser form or the action=streamconfigs form; returns the valid streams and the
	 * problems of the others.
	 *
	 * @param mixed $input
	 * @return array{streams:array<string,array>,problems:array<string,string>}
	 */
	public static function parse( $input ): array {
		$raw = [];
		if ( is_array( $input ) ) {
			$raw = isset( $input['streams'] ) && self::isObject( $input['streams'] ) ? $input['streams'] : $input;
		}
		$streams = [];
		$problems = [];
		foreach ( $raw as $name => $config ) {
			$problem = self::problem( $config );
			if ( $problem === null ) {
				$streams[(string)$name] = $config;
			} else {
				$problems[(string)$name] = $problem;
			}
		}
		return [ 'streams' => $streams, 'problems' => $problems ];
	}

	/**
	 * What a browser needs of each valid stream: sample, producers.metrics_platform_client and the
	 * schema id. Nothing per user, so the result may be cached in module content.
	 *
	 * @param array<string,array> $streams valid streams
	 * @return array<string,array>
	 */
	public static function forBrowser( array $streams ): array {
		$out = [];
		foreach ( $streams as $name => $config ) {
			$reduced = [];
			foreach ( [ 'sample', 'schema_id' ] as $key ) {
				if ( isset( $config[$key] ) ) {
					$reduced[$key] = $config[$key];
				}
			}
			if ( isset( $config['producers']['metrics_platform_client'] ) ) {
				$reduced['producers'] = [ 'metrics_platform_client' => $config['producers']['metrics_platform_client'] ];
			}
			// An empty PHP array would become a JSON list; streams are objects.
			$out[$name] = $reduced ?: (object)[];
		}
		return $out;
	}
}
