#!/usr/bin/env node
/**
 * `npm run bench`: a benchmark, not a test. Prints
 *  - what a wiki serves (build/servedBytes.mjs: MediaWiki 1.39's load.php on a throwaway wiki, gzip -9,
 *    with the modules a plain page gains), against the size budgets and EventLogging's figure; and the
 *    bytes of the off-wiki bundles (build/bundleSizes.mjs);
 *  - µs per submitInteraction in Chromium on that wiki, in the steady state (bench/chromiumPerCall.mjs);
 *  - the median cost of one submitInteraction through the Node client, with a no-op transport and the
 *    full provide_values list of the upstream consistency stream, beside the upstream Metrics Platform
 *    client's in the same process (bench/upstreamClient.mjs, read at run time, never committed);
 *  - intake throughput (bench/intake.mjs): empty store, 1 M and 5 M events stored, and EventGate when
 *    EVENTGATE_DIR names an install. `npm run bench -- --quick` skips the 5 M store;
 *  - intake over PostgreSQL (bench/intakePostgres.mjs): 1, 2 and 4 processes against 1 on SQLite, and
 *    the cost per event of the Parquet export (skipped, with a line saying so, without PostgreSQL).
 */
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleSizes } from '../build/bundleSizes.mjs';
import { EVENTLOGGING_SERVED, SERVED_BUDGETS, servedBytesMissing, servedBytesOf, withThrowawayWiki } from '../build/servedBytes.mjs';
import { chromiumPerCall } from './chromiumPerCall.mjs';
import { printIntakeBench } from './intake.mjs';
import { printPostgresBench } from './intakePostgres.mjs';
import { loadUpstreamClient, upstreamSubmit } from './upstreamClient.mjs';

const root = path.resolve( path.dirname( fileURLToPath( import.meta.url ) ), '..' );
const require = createRequire( import.meta.url );

/** EventLogging's submitInteraction in Chromium on the same kind of page (issue 12's harness). */
const EVENTLOGGING_CHROMIUM_US = 70;

const missing = servedBytesMissing();
if ( missing.length ) {
	console.log( `Served bytes and Chromium: skipped (${ missing.join( ', ' ) } not installed)` );
} else {
	await withThrowawayWiki( root, async ( wiki ) => {
		const { rows } = await servedBytesOf( wiki );
		console.log( 'What a wiki serves (MediaWiki 1.39 load.php, gzip -9; "a page gains": the module and the modules it adds to a plain Vector page, in one response)' );
		console.log( 'module'.padEnd( 34 ) + 'served'.padStart( 8 ) + 'gzipped'.padStart( 9 ) + '  a page gains' );
		for ( const r of rows ) {
			console.log( r.name.padEnd( 34 ) + String( r.served ).padStart( 8 ) + String( r.gzipped ).padStart( 9 ) +
				`  ${ r.gainedGzipped } B (budget ${ SERVED_BUDGETS[ r.name ] } B): ${ r.gained.join( ' + ' ) }` );
		}
		console.log( `EventLogging's every-page JavaScript, measured the same way: ${ EVENTLOGGING_SERVED } B` );
		const c = await chromiumPerCall( wiki, 'e2e.pageview' );
		console.log( '\nsubmitInteraction in Chromium, steady state (real MediaWiki page, builder loaded, 24 attributes asked, local intake)' );
		console.log( c.missing ? `  skipped: ${ c.missing }` :
			`  median ${ c.median.toFixed( 1 ) } µs per call (min ${ c.min.toFixed( 1 ) }, max ${ c.max.toFixed( 1 ) }; ${ c.rounds } rounds of ${ c.calls }); EventLogging in the same harness: ~${ EVENTLOGGING_CHROMIUM_US } µs` );
	} );
}

console.log( '\nOff-wiki bundles (bytes, gzip -6; minified: esbuild with renaming)' );
for ( const r of bundleSizes( root ).filter( ( b ) => !b.name.startsWith( 'ext.' ) ) ) {
	console.log( r.name.padEnd( 34 ) + String( r.built ).padStart( 8 ) + String( r.minified ).padStart( 10 ) + String( r.gzipped ).padStart( 9 ) );
}

const { createMetricsClient } = require( root );
const streamConfigs = require( path.join( root, 'tests/fixtures/upstream-consistency/stream_configs.json' ) );
// This client disables a stream that asks for attributes its event schema has no field for (web/base
// 1.3.0 has no mediawiki.is_production / is_debug_mode): both clients get the stream without them.
const mp = streamConfigs.streams[ 'test.consistency' ].producers.metrics_platform_client;
mp.provide_values = mp.provide_values.filter( ( name ) => ![ 'mediawiki_is_production', 'mediawiki_is_debug_mode' ].includes( name ) );
const { hostname, ...context } = require( path.join( root, 'tests/fixtures/upstream-consistency/integration_data.json' ) );
let delivered = 0;
const client = createMetricsClient( {
	streamConfigs,
	domain: hostname,
	context,
	transport: ( batch ) => {
		delivered += batch.length;
	},
	delivery: { maxBatchEvents: 100 }
} );
const SCHEMA = '/analytics/product_metrics/web/base/1.3.0';
const data = { action_source: 'toolbar', element_id: 'save-button' };
/**
 * Median µs per call of each function: 21 rounds of 10,000 calls each after a warm-up round, the
 * functions taking turns round by round, so that a busy machine slows them alike.
 *
 * @param {Function[]} fns
 * @return {number[]}
 */
function timeRounds( fns ) {
	const round = ( fn, n ) => {
		const start = process.hrtime.bigint();
		for ( let i = 0; i < n; i++ ) {
			fn();
		}
		return Number( process.hrtime.bigint() - start ) / 1000 / n;
	};
	fns.forEach( ( fn ) => round( fn, 20000 ) );
	const rounds = fns.map( () => [] );
	for ( let r = 0; r < 21; r++ ) {
		fns.forEach( ( fn, i ) => rounds[ i ].push( round( fn, 10000 ) ) );
	}
	return rounds.map( ( list ) => list.sort( ( a, b ) => a - b )[ 10 ] );
}
const submitOurs = () => client.submitInteraction( 'test.consistency', SCHEMA, 'click', data );
const upstream = loadUpstreamClient( root );
const theirs = upstream.missing ? null : upstreamSubmit( upstream.MetricsClient, streamConfigs, context, hostname );
const [ ours, theirsUs ] = timeRounds( theirs ? [ submitOurs, theirs.submit ] : [ submitOurs ] );
client.flush();
if ( !delivered || ( theirs && !theirs.submitted() ) ) {
	throw new Error( 'a client sent nothing: the benchmark would time its refusal path' );
}
const asked = mp.provide_values.length;
console.log( `\nsubmitInteraction in Node, full provide_values (${ asked } attributes asked), no-op transport` );
console.log( `  this client: median ${ ours.toFixed( 2 ) } µs per event (${ delivered } events delivered)` );
console.log( theirs ? `  upstream Metrics Platform client (EventLogging ${ upstream.commit }, same process, rounds taking turns, static context, no-op submitter): median ${ theirsUs.toFixed( 2 ) } µs per event; this client takes ${ ( ours / theirsUs ).toFixed( 2 ) }× its time` :
	`  upstream client: skipped (${ upstream.missing })` );

// Requests per 100 events: the TypeScript scenario is bundled on the fly, like the tests.
await build( {
	absWorkingDir: root,
	entryPoints: [ 'bench/requestsPerPageview.ts', 'bench/evaluationCost.ts' ],
	outdir: path.join( root, '.cache/bench' ),
	outExtension: { '.js': '.cjs' },
	bundle: true,
	packages: 'external',
	platform: 'node',
	format: 'cjs',
	logLevel: 'warning'
} );
const { requestsPerPageview } = require( path.join( root, '.cache/bench/requestsPerPageview.cjs' ) );
console.log( '\nHTTP requests per 100 events in one pageview (fetch + beacon; the page goes away at the end)' );
for ( const r of await requestsPerPageview() ) {
	console.log( `  ${ r.name.padEnd( 48 ) } ${ String( r.requests + r.beacons ).padStart( 3 ) } requests (${ r.requests } fetch, ${ r.beacons } beacon; ${ r.events } events)` );
}

const { evaluationCost } = require( path.join( root, '.cache/bench/evaluationCost.cjs' ) );
console.log( '\nFlag and experiment evaluation after page set-up (median ns per call)' );
for ( const [ name, ns ] of evaluationCost() ) {
	console.log( `  ${ name.padEnd( 66 ) } ${ ns.toFixed( 1 ).padStart( 8 ) } ns` );
}

await printIntakeBench( root, { quick: process.argv.includes( '--quick' ), eventgateDir: process.env.EVENTGATE_DIR } );

await printPostgresBench( root );
