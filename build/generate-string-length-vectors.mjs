#!/usr/bin/env node
/**
 * Writes tests/fixtures/string-lengths.json: for every top-level string field of the web base
 * monoschema that has a maxLength and that callers set (all but the client-owned `dt`), values at
 * and just past the limit. JSON Schema counts maxLength in code points (RFC 8259 characters), not
 * UTF-16 units: U+1F600 is one character although JavaScript's String length says 2. The expected
 * verdict is written here from the count of code points each value is built with (`parts`), not by
 * any client code. Usage: node build/generate-string-length-vectors.mjs
 */
import { readFileSync, writeFileSync } from 'node:fs';
import yaml from 'js-yaml';

const SCHEMA_ID = '/analytics/product_metrics/web/base/1.3.0';
const schema = yaml.load( readFileSync( new URL( `../schemas${ SCHEMA_ID }.yaml`, import.meta.url ), 'utf8' ) );
// Fields the client writes itself: a caller cannot set them, so no caller value can break their limit.
const CLIENT_OWNED = [ 'dt' ];

const EMOJI = '\u{1F600}';
const vectors = [];
for ( const [ field, property ] of Object.entries( schema.properties ) ) {
	if ( property.type !== 'string' || typeof property.maxLength !== 'number' || CLIENT_OWNED.includes( field ) ) {
		continue;
	}
	const limit = property.maxLength;
	// Each value is the concatenation of text repeated count times; code_points is the sum of counts
	// times the code points of each text (written out, so the verdict needs no counting code).
	const add = ( note, parts, codePoints ) => vectors.push( { note, field, limit, parts, code_points: codePoints, valid: codePoints <= limit } );
	add( `${ limit } × U+1F600 (${ 2 * limit } UTF-16 units)`, [ [ EMOJI, limit ] ], limit );
	add( `${ limit + 1 } × U+1F600`, [ [ EMOJI, limit + 1 ] ], limit + 1 );
	add( `${ limit } ASCII letters`, [ [ 'a', limit ] ], limit );
	add( `${ limit + 1 } ASCII letters`, [ [ 'a', limit + 1 ] ], limit + 1 );
	add( `${ limit - 1 } letters and one U+1F600 (${ limit + 1 } UTF-16 units)`, [ [ 'a', limit - 1 ], [ EMOJI, 1 ] ], limit );
	// "é" as e + U+0301 COMBINING ACUTE ACCENT is two code points (one grapheme): it counts 2.
	add( `${ limit - 1 } letters and a decomposed "é" (two code points)`, [ [ 'a', limit - 1 ], [ 'e\u0301', 1 ] ], limit + 1 );
	// U+00E9 is one code point, two UTF-8 bytes: bytes do not count either.
	add( `${ limit } × U+00E9 (${ 2 * limit } UTF-8 bytes)`, [ [ '\u00e9', limit ] ], limit );
}

writeFileSync( new URL( '../tests/fixtures/string-lengths.json', import.meta.url ), JSON.stringify( {
	description: `String limits of ${ SCHEMA_ID }, counted in code points as JSON Schema's maxLength (and ajv) count them. The value of a vector is the concatenation of each [text, count] of parts, text repeated count times; it has code_points code points. Set as the named interaction field (for "action", as the action), valid says whether a client sends the event; the intake's ajv agrees.`,
	schema: SCHEMA_ID,
	vectors
}, null, '\t' ) + '\n' );
console.log( `Wrote ${ vectors.length } string-length vectors for ${ new Set( vectors.map( ( v ) => v.field ) ).size } fields.` );
