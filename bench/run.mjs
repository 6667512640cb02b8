#!/usr/bin/env node
/**
 * `npm run bench`: a benchmark, not a test. Prints
 *  - what a wiki serves (build/servedBytes.mjs: MediaWiki 1.39's load.php on a throwaway wiki, gzip -9,
 *    with the modules a plain page gains), against the size budgets and EventLogging's figure; and the
 *    bytes of the off-wiki bundles (build/bundleSizes.mjs);
 *  - µs per submitInteraction in Chromium on that wiki, in the steady state, and the total time of the
 *    extension's localStorage.setItem calls over 3,000 calls in one page view (bench/chromiumPerCall.mjs);
 *  - the median cost of one submitInteraction through the Node client (bench/nodePerCall.mjs), with a
 *    no-op transport and the full provide_values list of the upstream consistency stream, beside the
 *    upstream Metrics Platform client's in the same process (bench/upstreamClient.mjs, read at run
 *    time, never committed); `node bench/perCall.mjs` repeats these two per-call figures alone;
 *  - intake throughput (bench/intake.mjs): empty store, 1 M and 5 M events stored, and EventGate when
 *    EVENTGATE_DIR names an install. `npm run bench -- --quick` skips the 5 M store;
 *  - intake over PostgreSQL (bench/intakePostgres.mjs): 1, 2 and 4 processes against 1 on SQLite, and
 *    the cost per event of the Parquet export, of the raw events and of a modelled table (skipped, with a
 *    line saying so, without PostgreSQL).
 */
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleSizes } from '../build/bundleSizes.mjs';
import { EVENTLOGGING_SERVED, SERVED_BUDGETS, servedBytesMissing, servedBytesOf, withThrowawayWiki } from '../build/servedBytes.mjs';
import { chromiumPerCall, chromiumStorageCost } from './chromiumPerCall.mjs';
import { printIntakeBench } from './intake.mjs';
import { nodePerCall } from './nodePerCall.mjs';
import { printPostgresBench } from './intakePostgres.mjs';

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
			`  median ${ c.median.toFixed( 1 ) } µs per call (min ${ c.min.toFixed( 1 ) }, max ${ c.max.toFixed( 1 ) }; ${ c.rounds } rounds of ${ c.calls }; target ≤ 14 µs); EventLogging in the same harness: ~${ EVENTLOGGING_CHROMIUM_US } µs\n` +
			`  main-thread CPU per event until the batch has left (calls, serialising, fetch): ${ c.cpuWithDelivery.toFixed( 1 ) } µs; load average ${ os.loadavg().map( ( l ) => l.toFixed( 2 ) ).join( ' ' ) }` );
		console.log( '\nlocalStorage.setItem of the extension over 3,000 calls in one page view (30 rounds of 100, 50 ms apart, then pagehide); target ≤ 10 ms in total' );
		for ( const [ delay, what ] of [ [ 0, 'intake answering at once' ], [ 3000, 'intake answering 3 s late (every batch unanswered at the 2 s save timer)' ] ] ) {
			const s = await chromiumStorageCost( wiki, 'e2e.pageview', delay );
			console.log( s.missing ? `  skipped: ${ s.missing }` :
				`  ${ what }: ${ s.ms.toFixed( 1 ) } ms in total, ${ s.writes } writes, ${ s.chars } chars (largest ${ s.largest }); load average ${ os.loadavg().map( ( l ) => l.toFixed( 2 ) ).join( ' ' ) }` );
		}
	} );
}

console.log( '\nOff-wiki bundles (bytes, gzip -6; minified: esbuild with renaming)' );
for ( const r of bundleSizes( root ).filter( ( b ) => !b.name.startsWith( 'ext.' ) ) ) {
	console.log( r.name.padEnd( 34 ) + String( r.built ).padStart( 8 ) + String( r.minified ).padStart( 10 ) + String( r.gzipped ).padStart( 9 ) );
}

const node = nodePerCall( root );
console.log( `\nsubmitInteraction in Node, full provide_values (${ node.asked } attributes asked), no-op transport` );
console.log( `  this client: median ${ node.ours.wall.toFixed( 2 ) } µs per event (CPU ${ node.ours.cpu.toFixed( 2 ) } µs; ${ node.delivered } events delivered)` );
console.log( node.theirs ? `  upstream Metrics Platform client (EventLogging ${ node.commit }, same process, rounds taking turns, static context, no-op submitter): median ${ node.theirs.wall.toFixed( 2 ) } µs per event (CPU ${ node.theirs.cpu.toFixed( 2 ) } µs); this client takes ${ ( node.ours.wall / node.theirs.wall ).toFixed( 2 ) }× its time (CPU ${ ( node.ours.cpu / node.theirs.cpu ).toFixed( 2 ) }×; target ≤ 0.2×)` :
	`  upstream client: skipped (${ node.missing })` );
console.log( `  load average: ${ os.loadavg().map( ( l ) => l.toFixed( 2 ) ).join( ' ' ) } (${ os.cpus().length } CPUs)` );

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
const { printIntakeTablesBench } = await import( './intakeTables.mjs' );
await printIntakeTablesBench( root );
