#!/usr/bin/env node
/**
 * Writes tests/fixtures/privacy.json: whether a reader refuses usage data, for every combination of
 * the signals below, from the rule as the README states it (not from either tier's code): a reader
 * refuses when they opted out (a preference, always honoured), or — only on a wiki that respects the
 * browser's signals — when Do Not Track says "1" or "yes" (old Firefox sent "yes"), or Global
 * Privacy Control is on. Any other DNT value ("0", "unspecified", none) is no refusal. Run by the PHP
 * rule (tests/php/safety.php) and the browser's (QUnit). Usage: node build/generate-privacy-vectors.mjs
 */
import { writeFileSync } from 'node:fs';

/** DNT header / navigator.doNotTrack values, and whether each asks not to be tracked. */
const DNT = [ [ null, false ], [ '1', true ], [ 'yes', true ], [ '0', false ], [ 'unspecified', false ] ];

const vectors = [];
for ( const respect of [ true, false ] ) {
	for ( const optOut of [ false, true ] ) {
		for ( const gpc of [ false, true ] ) {
			for ( const [ dnt, dntRefuses ] of DNT ) {
				const signals = [ dnt === null ? 'no DNT' : `DNT ${ dnt }`, gpc ? 'GPC' : 'no GPC', optOut ? 'opted out' : 'not opted out' ];
				vectors.push( {
					note: `${ signals.join( ', ' ) }; the wiki ${ respect ? 'respects' : 'ignores' } the browser's signals`,
					dnt, gpc, opt_out: optOut, respect_signals: respect,
					refuses: optOut || ( respect && ( dntRefuses || gpc ) )
				} );
			}
		}
	}
}

writeFileSync( new URL( '../tests/fixtures/privacy.json', import.meta.url ), JSON.stringify( {
	description: 'Whether a reader refuses usage data, for every combination of the signals, from the rule (build/generate-privacy-vectors.mjs): the opt-out preference; or, when the wiki respects them, Do Not Track "1"/"yes" or Global Privacy Control. dnt is the DNT header / navigator.doNotTrack; gpc is Sec-GPC: 1 / navigator.globalPrivacyControl === true. Run by the PHP rule (tests/php/safety.php) and the browser\'s (QUnit).',
	vectors
}, null, '\t' ) + '\n' );
console.log( `tests/fixtures/privacy.json: ${ vectors.length } vectors` );
