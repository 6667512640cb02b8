#!/usr/bin/env node
/**
 * Writes tests/fixtures/rollout.json: flag rollout decisions computed here with node:crypto,
 * independently of the clients. A subject gets the rollout value when the first six hex digits of
 * sha256( subject + "flag:" + key ), over 2^24, are below the rate: the salt "flag:" + key keeps a
 * flag's rollout independent of an experiment of the same name. Many rates, so that a changed salt,
 * a changed comparison or a changed scale cannot pass. Usage: node build/generate-rollout-vectors.mjs
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';

let seed = 77;
function random() {
	seed = ( Math.imul( seed, 1664525 ) + 1013904223 ) >>> 0;
	return seed / 4294967296;
}
const pick = ( list ) => list[ Math.floor( random() * list.length ) ];

function position( subject, key ) {
	return parseInt( createHash( 'sha256' ).update( subject + 'flag:' + key, 'utf8' ).digest( 'hex' ).slice( 0, 6 ), 16 ) / 16777216;
}

const keys = [ 'new-toolbar', 'max-results', 'sticky-header-2026', 'dark_mode.v2', 'x' ];
const units = [ 'user', 'session', 'device' ];
const rates = [ 0, 0.001, 0.01, 0.05, 0.1, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.9, 0.95, 0.99, 0.999, 1 ];
const vectors = [];
const add = ( key, unit, subject, rate ) => vectors.push( { key, unit, subject, rate, rolled_out: position( subject, key ) < rate } );
// Every rate for the same subjects, then random subjects and rates.
for ( const rate of rates ) {
	for ( const subject of [ '42', '0123456789abcdef0123', 'ffffffffffffffffffff' ] ) {
		add( 'new-toolbar', subject === '42' ? 'user' : 'session', subject, rate );
	}
}
while ( vectors.length < 600 ) {
	const unit = pick( units );
	const subject = unit === 'user' ? String( 1 + Math.floor( random() * 5e7 ) ) : Array.from( { length: 20 }, () => Math.floor( random() * 16 ).toString( 16 ) ).join( '' );
	add( pick( keys ), unit, subject, random() < 0.7 ? pick( rates ) : Math.round( random() * 1000 ) / 1000 );
}
// Exactly at a subject's position: strictly below is in, equal is out.
for ( const subject of [ '7', '8', '9' ] ) {
	const p = position( subject, 'new-toolbar' );
	vectors.push( { key: 'new-toolbar', unit: 'user', subject, rate: p, rolled_out: false }, { key: 'new-toolbar', unit: 'user', subject, rate: p + 1 / 16777216, rolled_out: true } );
}
writeFileSync( new URL( '../tests/fixtures/rollout.json', import.meta.url ), JSON.stringify( {
	description: 'Flag rollouts: a flag { type: boolean, default: false, rollout: { rate, unit, value: true } } is true for the subject (its identifier for unit) iff parseInt(sha256(subject + "flag:" + key).slice(0, 6), 16) / 2^24 < rate.',
	vectors
}, null, '\t' ) + '\n' );
const rolled = vectors.filter( ( v ) => v.rolled_out ).length;
console.log( `Wrote ${ vectors.length } rollout vectors (${ rolled } rolled out).` );
