/**
 * The top-level fields of the Metrics Platform web base schema, by version
 * (schemas/analytics/product_metrics/web/base/<version>.yaml; a QUnit test compares them). The schema
 * allows no other field, so the client refuses one at call time with a warning instead of letting
 * the intake refuse the event later (or losing it silently when it leaves by sendBeacon).
 */

const BASE_1_2_0 = [
	'$schema', 'action', 'action_context', 'action_source', 'action_subtype', 'agent', 'dt',
	'element_friendly_name', 'element_id', 'funnel_entry_token', 'funnel_event_sequence_position',
	'funnel_name', 'http', 'mediawiki', 'meta', 'page', 'performer', 'sample',
];

/** Top-level properties of each known version. */
export const WEB_BASE_PROPERTIES: Record<string, readonly string[]> = {
	'1.2.0': BASE_1_2_0,
	'1.3.0': BASE_1_2_0.concat( [ 'experiments', 'instrument_name' ] ),
};

const WEB_BASE_ID = /^\/analytics\/product_metrics\/web\/base\/(\d+\.\d+\.\d+)$/;

/** The fields of each schema ID seen (null: not a version known here), so that a call does no parsing; at most 100 kept. */
const KNOWN = new Map<string, Set<string> | null>();

/**
 * Why an event's fields do not fit its schema: the first field that a known version of the web
 * base schema does not have. Null when all fit, or when the schema is not one this client knows
 * (then only the intake can check).
 *
 * @example schemaFieldProblem( '/analytics/product_metrics/web/base/1.3.0', { element_idd: 'x' } )
 *     // 'the field "element_idd" is not in the schema /analytics/product_metrics/web/base/1.3.0'
 * @param schemaId the event's `$schema`
 * @param fields the event (or the caller's fields)
 */
export function schemaFieldProblem( schemaId: string, fields: Record<string, unknown> ): string | null {
	let known = KNOWN.get( schemaId );
	if ( known === undefined ) {
		const match = WEB_BASE_ID.exec( schemaId );
		known = match && Object.prototype.hasOwnProperty.call( WEB_BASE_PROPERTIES, match[ 1 ] ) ? new Set( WEB_BASE_PROPERTIES[ match[ 1 ] ] ) : null;
		if ( KNOWN.size < 100 ) {
			KNOWN.set( schemaId, known );
		}
	}
	if ( !known ) {
		return null;
	}
	for ( const key of Object.keys( fields ) ) {
		if ( !known.has( key ) ) {
			return `the field ${ JSON.stringify( key ) } is not in the schema ${ schemaId }`;
		}
	}
	return null;
}
