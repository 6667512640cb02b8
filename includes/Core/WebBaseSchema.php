<?php

namespace MediaWiki\Extension\MetricsPlatform\Core;

/**
 * The top-level fields of the Metrics Platform web base schema, by version, as the browser client
 * has them (modules/src/core/webBaseSchema.ts; tests/php/safety.php compares both with the shipped
 * schemas). The schema allows no other field, so the client refuses one at call time with a warning
 * instead of letting the intake refuse the event later.
 */
class WebBaseSchema {

	private const BASE_1_2_0 = [
		'$schema', 'action', 'action_context', 'action_source', 'action_subtype', 'agent', 'dt',
		'element_friendly_name', 'element_id', 'funnel_entry_token', 'funnel_event_sequence_position',
		'funnel_name', 'http', 'mediawiki', 'meta', 'page', 'performer', 'sample',
	];

	/**
	 * Top-level properties of each known version.
	 *
	 * @return array<string,string[]>
	 */
	public static function properties(): array {
		return [
			'1.2.0' => self::BASE_1_2_0,
			'1.3.0' => array_merge( self::BASE_1_2_0, [ 'experiments', 'instrument_name' ] ),
		];
	}

	/**
	 * The first field that a known version of the web base schema does not have, as a reason; null
	 * when all fit or when the schema is not one this client knows.
	 *
	 * @param string $schemaId
	 * @param array $fields
	 * @return string|null
	 */
	public static function fieldProblem( string $schemaId, array $fields ): ?string {
		$known = preg_match( '/^\/analytics\/product_metrics\/web\/base\/(\d+\.\d+\.\d+)\z/', $schemaId, $m ) ?
			( self::properties()[$m[1]] ?? null ) : null;
		if ( $known === null ) {
			return null;
		}
		foreach ( array_keys( $fields ) as $key ) {
			if ( !in_array( (string)$key, $known, true ) ) {
				return 'the field ' . json_encode( (string)$key, JSON_INVALID_UTF8_SUBSTITUTE ) . " is not in the schema $schemaId";
			}
		}
		return null;
	}
}
