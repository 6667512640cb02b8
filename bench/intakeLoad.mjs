#!/usr/bin/env node
/**
 * The load generator of the intake benchmark, run as its own process (pinned by bench/intake.mjs to
 * the core the server does not use): CLIENTS keep-alive connections each POST a batch of BATCH
 * web/base 1.3.0 events, wait for the answer, and POST the next. Every event has a fresh random
 * meta.id (crypto.randomUUID, the form browsers send), so nothing can be answered from a
 * duplicate check. Counts only events answered 201.
 *
 * Usage: node bench/intakeLoad.mjs URL WARMUP_SECONDS SECONDS [CLIENTS=4] [BATCH=100]
 * Prints "counting" when the warm-up ends, then one JSON line:
 * { eventsPerSecond, requestsPerSecond, failures, seconds }.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';

const [ url, warmupArg, secondsArg, clientsArg = '4', batchArg = '100' ] = process.argv.slice( 2 );
const warmup = Number( warmupArg ) * 1000;
const seconds = Number( secondsArg ) * 1000;
const clients = Number( clientsArg );
const batchSize = Number( batchArg );
const target = new URL( url + '/v1/events' );
const agent = new http.Agent( { keepAlive: true, maxSockets: clients } );

// One event as a browser on a wiki sends it (bench/intakeEvent.json) with its time (dt, and meta.dt,
// which EventGate requires and mp-intake replaces) and a fresh meta.id. dt is the time the batch is
// made, as a browser stamps it. A batch is one page's: its session and pageview ids are the batch's
// own (random, as for another reader), and its events differ in what an instrument records per
// interaction (which element, and from where), as a page's events do.
const TEMPLATE = JSON.stringify( JSON.parse( readFileSync( new URL( './intakeEvent.json', import.meta.url ), 'utf8' ) ) );
const PARTS = TEMPLATE.split( /"toolbar"|"save-button"|"eeeeeeeeeeeeeeeeeeee"|DT|ID/ );
if ( PARTS.length !== 8 ) {
	throw new Error( 'bench/intakeEvent.json no longer has the fields intakeLoad.mjs varies' );
}
const SOURCES = [ 'toolbar', 'menu', 'content', 'sidebar', 'footer' ];
const ELEMENTS = [ 'save-button', 'search-input', 'toc-link', 'edit-link', 'watch-star', 'language-button', 'talk-tab', 'history-tab', 'print-link', 'share-button', 'cite-link' ];

function randomId() {
	return randomUUID().replace( /-/g, '' ).slice( 0, 20 );
}

function body() {
	const dt = new Date().toISOString();
	const session = randomId();
	const pageview = randomId();
	const parts = new Array( batchSize );
	for ( let i = 0; i < batchSize; i++ ) {
		parts[ i ] = PARTS[ 0 ] + JSON.stringify( SOURCES[ i % SOURCES.length ] ) + PARTS[ 1 ] + JSON.stringify( ELEMENTS[ ( i * 7 ) % ELEMENTS.length ] ) +
			PARTS[ 2 ] + JSON.stringify( session ) + PARTS[ 3 ] + JSON.stringify( pageview ) + PARTS[ 4 ] + dt + PARTS[ 5 ] + dt + PARTS[ 6 ] + randomUUID() + PARTS[ 7 ];
	}
	return '[' + parts.join( ',' ) + ']';
}

let events = 0;
let requests = 0;
let failures = 0;
let counting = false;

function send() {
	const text = body();
	return new Promise( ( resolve ) => {
		const req = http.request( {
			agent,
			host: target.hostname,
			port: target.port,
			path: target.pathname,
			method: 'POST',
			headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength( text ) }
		}, ( res ) => {
			res.resume();
			res.on( 'end', () => {
				if ( counting ) {
					requests++;
					if ( res.statusCode === 201 ) {
						events += batchSize;
					} else {
						failures++;
					}
				}
				resolve();
			} );
		} );
		req.on( 'error', () => {
			if ( counting ) {
				failures++;
			}
			resolve();
		} );
		req.end( text );
	} );
}

let start = Date.now();
const end = start + warmup + seconds;
setTimeout( () => {
	counting = true;
	start = Date.now();
	process.stdout.write( 'counting\n' );
}, warmup );
await Promise.all( Array.from( { length: clients }, async () => {
	while ( Date.now() < end ) {
		await send();
	}
} ) );
const elapsed = ( Date.now() - start ) / 1000;
agent.destroy();
console.log( JSON.stringify( { eventsPerSecond: events / elapsed, requestsPerSecond: requests / elapsed, failures, seconds: elapsed } ) );
