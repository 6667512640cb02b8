#!/usr/bin/env node
/**
 * Writes tests/fixtures/ordering.json: how two strings compare wherever the clients order strings
 * (the curation operators greater_than, less_than, …): by code point, which is the order of their
 * UTF-8 bytes. The expected order is computed here with Buffer.compare on the UTF-8 bytes,
 * independently of the clients. The pairs are the ones where other orders disagree: UTF-16 units
 * (JavaScript's < on strings) put U+1F600 before U+FF5E; localeCompare puts "a" before "B".
 * Usage: node build/generate-ordering-vectors.mjs
 */
import { writeFileSync } from 'node:fs';

const pairs = [
	[ 'a', 'B', 'upper case sorts before lower case (localeCompare says the opposite)' ],
	[ 'Z', 'a', 'Z (U+005A) before a (U+0061)' ],
	[ 'abc', 'abd', 'the first difference decides' ],
	[ 'ab', 'abc', 'a prefix sorts first' ],
	[ '', 'a', 'the empty string sorts first' ],
	[ 'same', 'same', 'equal' ],
	[ '10', '9', 'digits are characters, not numbers' ],
	[ 'é', 'f', 'U+00E9 after every ASCII letter (a locale puts é between e and f)' ],
	[ 'z', 'é', 'ASCII z before U+00E9' ],
	[ '\uff5e', '\u{1F600}', 'U+FF5E before U+1F600 (UTF-16 units say the opposite: D83D < FF5E)' ],
	[ '\ue000', '\u{10000}', 'the private-use U+E000 before the first astral U+10000 (UTF-16: D800 < E000)' ],
	[ '\u{1F600}', '\u{1F601}', 'two astral characters' ],
	[ 'a\u{1F600}', 'a\uffff', 'an astral character after U+FFFF, after a common prefix' ],
	[ '\u00e4', 'a\u0308', 'precomposed ä (U+00E4) after a + combining diaeresis: no normalisation' ],
	[ 'ß', 'ss', 'ß (U+00DF) is not ss' ],
	[ 'İ', 'i', 'U+0130 after i: no case folding' ],
	[ 'edit', 'Edit', 'case matters' ],
	[ '1000+ edits', '5-99 edits', 'edit-count buckets order as text' ],
	[ 'vector-2022', 'vector', 'a longer name after its prefix' ]
];

const sign = ( n ) => n < 0 ? -1 : n > 0 ? 1 : 0;
const vectors = [];
for ( const [ a, b, note ] of pairs ) {
	const order = sign( Buffer.compare( Buffer.from( a, 'utf8' ), Buffer.from( b, 'utf8' ) ) );
	vectors.push( { a, b, order, note } );
	if ( order !== 0 ) {
		vectors.push( { a: b, b: a, order: -order, note: note + ' (swapped)' } );
	}
}
writeFileSync( new URL( '../tests/fixtures/ordering.json', import.meta.url ), JSON.stringify( {
	description: 'String order wherever strings are compared (curation greater_than, less_than, greater_than_or_equals, less_than_or_equals on strings): code-point order, the order of the UTF-8 bytes; order is the sign of a compared with b. No locale, no case folding, no normalisation.',
	vectors
}, null, '\t' ) + '\n' );
console.log( `Wrote ${ vectors.length } ordering vectors.` );
