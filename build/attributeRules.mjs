/**
 * The attribute rule for the fixture generators (build/generate-attribute-vectors.mjs,
 * build/generate-event-vectors.mjs), from the event schema and not from either client's code; in
 * words in generate-attribute-vectors.mjs.
 */
import { readFileSync } from 'node:fs';
import yaml from 'js-yaml';

/** The event schema the clients write. */
export const schema = yaml.load( readFileSync( new URL( '../schemas/analytics/product_metrics/web/base/1.3.0.yaml', import.meta.url ), 'utf8' ) );

const PLATFORM_DEFAULTS = { client_platform: 'mediawiki_js', client_platform_family: 'desktop_browser' };

/** The schema's edit count buckets as [ label, lowest, highest ]. */
const BUCKETS = schema.properties.performer.properties.edit_count_bucket.enum.map( ( label ) => {
	const [ , low, rest ] = /^(\d+)(\S*) edits$/.exec( label );
	return [ label, Number( low ), rest === '+' ? Infinity : rest ? Number( rest.slice( 1 ) ) : Number( low ) ];
} );

/**
 * The schema's bucket of a whole, non-negative edit count; undefined for anything else.
 *
 * @param {*} count
 * @return {string|undefined}
 */
export function editCountBucket( count ) {
	return Number.isInteger( count ) && count >= 0 ? BUCKETS.find( ( [ , low, high ] ) => count >= low && count <= high )[ 0 ] : undefined;
}

/**
 * The attributes an event carries.
 *
 * @param {Object} context nested attributes
 * @param {string[]} provideValues the names asked for
 * @return {Object} by group
 */
export function attributesOf( context, provideValues ) {
	const out = {};
	const names = [ ...new Set( [ 'agent_client_platform', 'agent_client_platform_family', ...provideValues ] ) ];
	for ( const name of names ) {
		const i = name.indexOf( '_' );
		const group = name.slice( 0, i );
		const key = name.slice( i + 1 );
		if ( !( schema.properties[ group ] && schema.properties[ group ].properties && schema.properties[ group ].properties[ key ] ) ) {
			continue;
		}
		let value = context[ group ] ? context[ group ][ key ] : undefined;
		if ( value === undefined || value === null ) {
			const count = context.performer && context.performer.edit_count;
			value = group === 'agent' ? PLATFORM_DEFAULTS[ key ] :
				name === 'performer_edit_count_bucket' ? editCountBucket( count ) : undefined;
		}
		if ( value !== undefined && value !== null ) {
			out[ group ] = out[ group ] || {};
			out[ group ][ key ] = value;
		}
	}
	return out;
}
