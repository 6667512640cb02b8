#!/usr/bin/env node
/**
 * Writes tests/fixtures/sampling.json: sampling decisions computed here, independently of the
 * client, from the Metrics Platform rule (first eight hex digits / (2^32 − 1) < rate; no sample block
 * → in; rate 0, invalid rate or unit → out). Deterministic: the same file every run.
 */
import { writeFileSync } from 'node:fs';

let seed = 20261123;
function random() {
	// mulberry32
	seed = ( seed + 0x6d2b79f5 ) | 0;
	let t = Math.imul( seed ^ ( seed >>> 15 ), 1 | seed );
	t = ( t + Math.imul( t ^ ( t >>> 7 ), 61 | t ) ) ^ t;
	return ( ( t ^ ( t >>> 14 ) ) >>> 0 ) / 4294967296;
}
function hexToken() {
	let s = '';
	for ( let i = 0; i < 20; i++ ) {
		s += Math.floor( random() * 16 ).toString( 16 );
	}
	return s;
}
function decide( token, sample ) {
	if ( sample === undefined ) {
		return true;
	}
	const validRate = typeof sample.rate === 'number' && sample.rate >= 0 && sample.rate <= 1;
	const validUnit = [ 'pageview', 'session', 'device' ].includes( sample.unit );
	if ( !validRate || !validUnit ) {
		return false;
	}
	return Number.parseInt( token.slice( 0, 8 ), 16 ) / 0xffffffff < sample.rate;
}

const units = [ 'pageview', 'session', 'device' ];
const rates = [ 0, 0.000001, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.999, 1 ];
const vectors = [];
function add( note, token, sample ) {
	const v = { note, token };
	if ( sample !== undefined ) {
		v.sample = sample;
	}
	v.in_sample = decide( token, sample );
	vectors.push( v );
}

// Edge cases.
add( 'all-f token is never below rate 1', 'ffffffffffffffffffff', { rate: 1, unit: 'session' } );
add( 'all-0 token is in at a tiny rate', '00000000000000000000', { rate: 1e-9, unit: 'pageview' } );
add( 'all-0 token is out at rate 0', '00000000000000000000', { rate: 0, unit: 'pageview' } );
add( 'rate 0 is always out', 'eeeeeeeeeeeeeeeeeeee', { rate: 0, unit: 'device' } );
add( 'no sample block is always in', 'ffffffffffffffffffff', undefined );
add( 'missing unit is out', '00000000000000000000', { rate: 1 } );
add( 'unknown unit is out', '00000000000000000000', { rate: 1, unit: 'user' } );
add( 'rate above 1 is out', '00000000000000000000', { rate: 1.5, unit: 'session' } );
add( 'negative rate is out', '00000000000000000000', { rate: -0.1, unit: 'session' } );
add( 'string rate is out', '00000000000000000000', { rate: '0.5', unit: 'session' } );
add( 'position exactly 0.5 (7fffffff.8) boundary, below', '7fffffff000000000000', { rate: 0.5, unit: 'session' } );
add( 'position just above 0.5 is out at 0.5', '80000000000000000000', { rate: 0.5, unit: 'session' } );
add( 'uppercase hex is read as hex', 'FFFFFFFE000000000000', { rate: 1, unit: 'session' } );
add( 'only the first eight digits count', '00000001ffffffffffff', { rate: 0.000001, unit: 'session' } );
add( 'consistency token at rate 1', 'eeeeeeeeeeeeeeeeeeee', { rate: 1, unit: 'session' } );
add( 'consistency token at rate 0.9', 'eeeeeeeeeeeeeeeeeeee', { rate: 0.9, unit: 'session' } );
add( 'consistency token at rate 0.94', 'eeeeeeeeeeeeeeeeeeee', { rate: 0.94, unit: 'session' } );

// Tokens right at a rate's threshold.
for ( const rate of [ 0.01, 0.1, 0.5, 0.9 ] ) {
	const threshold = Math.floor( rate * 0xffffffff );
	for ( const delta of [ -1, 0, 1, 2 ] ) {
		const n = Math.min( 0xffffffff, Math.max( 0, threshold + delta ) );
		add( `threshold of rate ${ rate } ${ delta >= 0 ? '+' : '' }${ delta }`, n.toString( 16 ).padStart( 8, '0' ) + '000000000000', { rate, unit: 'pageview' } );
	}
}

// A position exactly equal to the rate is out: "strictly less than" (a `<=` would let these in).
for ( const n of [ 0x00000001, 0x40000000, 0x7fffffff, 0xfffffffe ] ) {
	add( `position exactly equal to the rate (${ n.toString( 16 ) } / ffffffff)`, n.toString( 16 ).padStart( 8, '0' ) + '000000000000', { rate: n / 0xffffffff, unit: 'session' } );
}

// Random tokens across rates and units.
while ( vectors.length < 300 ) {
	const rate = random() < 0.7 ? rates[ Math.floor( random() * rates.length ) ] : Math.round( random() * 1e6 ) / 1e6;
	add( 'random', hexToken(), { rate, unit: units[ Math.floor( random() * units.length ) ] } );
}

const out = new URL( '../tests/fixtures/sampling.json', import.meta.url );
writeFileSync( out, JSON.stringify( {
	description: 'Sampling decisions: in_sample iff parseInt(token.slice(0, 8), 16) / 4294967295 < sample.rate; no sample block → in; rate 0, invalid rate or unit → out. The token is the identifier of sample.unit.',
	vectors
}, null, '\t' ) + '\n' );
console.log( `Wrote ${ vectors.length } sampling vectors (${ vectors.filter( ( v ) => v.in_sample ).length } in sample).` );
