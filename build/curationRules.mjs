/**
 * The curation operators as the Metrics Platform documents them, for the fixture generators
 * (build/generate-curation-vectors.mjs, build/generate-experiment-vectors.mjs): stated here once,
 * independent of either client's code. See generate-curation-vectors.mjs for the rules in words.
 */
import { isDeepStrictEqual } from 'node:util';

const same = ( a, b ) => isDeepStrictEqual( a, b );
const scalar = ( v ) => !Array.isArray( v ) && ( typeof v !== 'object' || v === null );
const comparable = ( v, o ) => ( typeof v === 'number' && typeof o === 'number' ) || ( typeof v === 'string' && typeof o === 'string' );
/**
 * Code point order for strings (as arrays of code points), numeric order for numbers.
 *
 * @param {string|number} a
 * @param {string|number} b
 * @return {number} below 0, 0 or above 0
 */
function order( a, b ) {
	if ( typeof a === 'number' ) {
		return a - b;
	}
	const x = [ ...a ].map( ( c ) => c.codePointAt( 0 ) );
	const y = [ ...b ].map( ( c ) => c.codePointAt( 0 ) );
	for ( let i = 0; i < Math.min( x.length, y.length ); i++ ) {
		if ( x[ i ] !== y[ i ] ) {
			return x[ i ] - y[ i ];
		}
	}
	return x.length - y.length;
}
const has = ( v, o ) => Array.isArray( v ) ? v.some( ( e ) => same( e, o ) ) : typeof v === 'string' && typeof o === 'string' && v.includes( o );

export const OPERATORS = {
	equals: ( v, o ) => same( v, o ),
	not_equals: ( v, o ) => !same( v, o ),
	greater_than: ( v, o ) => comparable( v, o ) && order( v, o ) > 0,
	less_than: ( v, o ) => comparable( v, o ) && order( v, o ) < 0,
	greater_than_or_equals: ( v, o ) => comparable( v, o ) && order( v, o ) >= 0,
	less_than_or_equals: ( v, o ) => comparable( v, o ) && order( v, o ) <= 0,
	in: ( v, o ) => scalar( v ) && o.some( ( e ) => same( e, v ) ),
	not_in: ( v, o ) => scalar( v ) && !o.some( ( e ) => same( e, v ) ),
	contains: ( v, o ) => ( Array.isArray( v ) || typeof v === 'string' ) && has( v, o ),
	does_not_contain: ( v, o ) => ( Array.isArray( v ) || ( typeof v === 'string' && typeof o === 'string' ) ) && !has( v, o ),
	contains_all: ( v, o ) => Array.isArray( v ) && o.every( ( e ) => has( v, e ) ),
	contains_any: ( v, o ) => Array.isArray( v ) && o.some( ( e ) => has( v, e ) )
};

export function passes( rules, event ) {
	return Object.entries( rules ).every( ( [ attribute, operators ] ) => {
		const i = attribute.indexOf( '_' );
		const group = event[ attribute.slice( 0, i ) ];
		const value = group ? group[ attribute.slice( i + 1 ) ] : undefined;
		return value !== undefined && value !== null && Object.entries( operators ).every( ( [ operator, operand ] ) => OPERATORS[ operator ]( value, operand ) );
	} );
}
