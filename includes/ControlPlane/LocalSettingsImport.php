<?php

namespace MediaWiki\Extension\MetricsPlatform\ControlPlane;

use Config;

/**
 * $wgMetricsPlatformStreams/Experiments/Flags as definitions (maintenance/importLocalSettings.php):
 * rates become percentages; what LocalSettings.php does not say (owner, end, risk, review) comes
 * from the options.
 */
class LocalSettingsImport {

	/**
	 * @param Config $config
	 * @param array{owner:string,end:string,risk:?string,privacy_review:?string} $options
	 * @return array[] definitions, streams first, then experiments, then flags
	 */
	public static function definitions( Config $config, array $options ): array {
		$out = [];
		foreach ( $config->get( 'MetricsPlatformStreams' ) ?: [] as $name => $stream ) {
			$mp = $stream['producers']['metrics_platform_client'] ?? [];
			$d = self::common( 'instrument', (string)$name, "Stream $name, imported from LocalSettings.php.", 'on', $options );
			$d['stream'] = (string)$name;
			if ( isset( $stream['schema_id'] ) ) {
				$d['schema_id'] = $stream['schema_id'];
			}
			if ( isset( $stream['sample'] ) ) {
				$d['sample'] = [ 'unit' => $stream['sample']['unit'] ?? null, 'percent' => self::percent( $stream['sample']['rate'] ?? null ) ];
			}
			$d['provide_values'] = $mp['provide_values'] ?? [];
			foreach ( [ 'curation', 'events' ] as $key ) {
				if ( isset( $mp[$key] ) ) {
					$d[$key] = $mp[$key];
				}
			}
			$out[] = self::privacy( $d, $options );
		}
		foreach ( $config->get( 'MetricsPlatformExperiments' ) ?: [] as $name => $e ) {
			$d = self::common( 'experiment', (string)$name, $e['description'] ?? "Experiment $name, imported from LocalSettings.php.", $e['status'] ?? 'off', $options );
			$d['owner'] = $e['owner'] ?? $d['owner'];
			if ( isset( $e['start'] ) ) {
				$d['start'] = $e['start'];
			}
			$d['end'] = $e['end'] ?? $d['end'];
			$d['unit'] = $e['unit'] ?? null;
			$d['traffic_percent'] = self::percent( $e['rate'] ?? null );
			$d['groups'] = array_map( static function ( $g ) {
				return is_string( $g ) ? [ 'name' => $g ] : $g;
			}, $e['groups'] ?? [] );
			if ( isset( $e['targeting'] ) ) {
				$d['targeting'] = $e['targeting'];
			}
			if ( isset( $e['stream'] ) ) {
				$d['stream'] = $e['stream'];
			}
			if ( isset( $e['schema'] ) ) {
				$d['schema_id'] = $e['schema'];
			}
			$out[] = self::privacy( $d, $options );
		}
		foreach ( $config->get( 'MetricsPlatformFlags' ) ?: [] as $key => $f ) {
			$d = self::common( 'flag', (string)$key, "Flag $key, imported from LocalSettings.php.", ( $f['enabled'] ?? true ) ? 'on' : 'off', $options );
			$d['type'] = $f['type'] ?? null;
			$d['default'] = $f['default'] ?? null;
			if ( isset( $f['rules'] ) ) {
				$d['rules'] = $f['rules'];
			}
			if ( isset( $f['rollout'] ) ) {
				$d['rollout'] = [ 'percent' => self::percent( $f['rollout']['rate'] ?? null ), 'unit' => $f['rollout']['unit'] ?? null, 'value' => $f['rollout']['value'] ?? null ];
			}
			$out[] = self::privacy( $d, $options );
		}
		return $out;
	}

	private static function common( string $kind, string $name, string $description, string $status, array $options ): array {
		return [ 'kind' => $kind, 'name' => $name, 'description' => $description, 'owner' => $options['owner'], 'status' => $status, 'end' => $options['end'] ];
	}

	private static function privacy( array $d, array $options ): array {
		foreach ( [ 'risk', 'privacy_review' ] as $key ) {
			if ( isset( $options[$key] ) ) {
				$d[$key] = $options[$key];
			}
		}
		return $d;
	}

	/**
	 * @param mixed $rate 0..1
	 * @return mixed the percentage (rounded to 1e-9, so that 0.1 becomes 10), or the input when not a number
	 */
	private static function percent( $rate ) {
		return is_int( $rate ) || is_float( $rate ) ? round( $rate * 100, 9 ) : $rate;
	}
}
