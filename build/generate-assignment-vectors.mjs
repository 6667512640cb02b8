#!/usr/bin/env node
/**
 * Writes tests/fixtures/assignment.json: experiment assignments computed here with node:crypto,
 * independently of the clients: h = first 6 hex digits of sha256( subject + experiment ) / 2^24;
 * the groups split [0, 1) by weight in order; enrolled when the place within the group's span is
 * below the rate. (With equal weights: s = h × n, group = groups[⌊s⌋], enrolled iff frac(s) < rate.)
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';

let seed = 5;
function random() {
	seed = ( Math.imul( seed, 1664525 ) + 1013904223 ) >>> 0;
	return seed / 4294967296;
}
const pick = ( list ) => list[ Math.floor( random() * list.length ) ];

function expected( subject, experiment, rate, groups ) {
	const h = parseInt( createHash( 'sha256' ).update( subject + experiment, 'utf8' ).digest( 'hex' ).slice( 0, 6 ), 16 ) / 16777216;
	if ( !( rate > 0 ) ) {
		return { enrolled: false, group: null };
	}
	const weights = groups.map( ( g ) => typeof g === 'string' ? 1 : g.weight === undefined ? 1 : g.weight );
	const total = weights.reduce( ( a, b ) => a + b, 0 );
	const s = h * total;
	let start = 0;
	for ( let i = 0; i < groups.length; i++ ) {
		const end = start + weights[ i ];
		if ( s < end || i === groups.length - 1 ) {
			const name = typeof groups[ i ] === 'string' ? groups[ i ] : groups[ i ].name;
			return ( s - start ) / weights[ i ] < rate ? { enrolled: true, group: name } : { enrolled: false, group: null };
		}
		start = end;
	}
	return { enrolled: false, group: null };
}

const experiments = [ 'sticky-header-2026', 'search-suggestions-v2', 'reading-list.test', 'Edit_check_nov', 'ab_test_000001' ];
const groupSets = [
	[ 'control', 'treatment' ],
	[ 'control', 'a', 'b' ],
	[ 'only' ],
	[ { name: 'control', weight: 9 }, { name: 'treatment', weight: 1 } ],
	[ { name: 'a', weight: 0.25 }, { name: 'b', weight: 0.5 }, { name: 'c', weight: 0.25 } ],
	[ { name: 'control' }, { name: 'treatment', weight: 3 } ]
];
const rates = [ 0, 0.01, 0.1, 0.25, 0.5, 0.75, 1 ];
const vectors = [];
while ( vectors.length < 1200 ) {
	const subject = random() < 0.5 ? String( Math.floor( random() * 5e7 ) ) :
		Array.from( { length: 20 }, () => Math.floor( random() * 16 ).toString( 16 ) ).join( '' );
	const experiment = pick( experiments );
	const rate = random() < 0.8 ? pick( rates ) : Math.round( random() * 1000 ) / 1000;
	const groups = pick( groupSets );
	vectors.push( Object.assign( { subject, experiment, rate, groups }, expected( subject, experiment, rate, groups ) ) );
}
// Non-ASCII names and subjects hash their UTF-8 bytes.
for ( const subject of [ 'Zoë', '日本語', '😀token' ] ) {
	vectors.push( Object.assign( { subject, experiment: 'unicode-exp-01', rate: 1, groups: groupSets[ 1 ] }, expected( subject, 'unicode-exp-01', 1, groupSets[ 1 ] ) ) );
}
writeFileSync( new URL( '../tests/fixtures/assignment.json', import.meta.url ), JSON.stringify( {
	description: 'Experiment assignment: h = parseInt(sha256(subject + experiment).slice(0, 6), 16) / 2^24; groups split [0, 1) by weight (default 1) in order; enrolled (with that group) when the place within the group span is below rate.',
	vectors
}, null, '\t' ) + '\n' );
const enrolled = vectors.filter( ( v ) => v.enrolled ).length;
console.log( `Wrote ${ vectors.length } assignment vectors (${ enrolled } enrolled).` );
