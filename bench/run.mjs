#!/usr/bin/env node
/**
 * `npm run bench`: a benchmark, not a test. Prints
 *  - bytes of each built bundle (build/bundleSizes.mjs), against the size budgets;
 *  - the median cost of one submitInteraction through the client, with a no-op transport and the
 *    full provide_values list of the upstream consistency stream.
 */
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUDGETS, bundleSizes } from '../build/bundleSizes.mjs';
import { intakeThroughput } from './intakeThroughput.mjs';

const root = path.resolve( path.dirname( fileURLToPath( import.meta.url ) ), '..' );
const require = createRequire( import.meta.url );

console.log( 'Bundle sizes (bytes, gzip -6)' );
console.log( '  minified: esbuild with renaming, inside the function wrapper ResourceLoader adds (what a bundler would ship);' );
console.log( '  whitespace-only: comments and white space removed, names kept (close to what ResourceLoader\'s minifier serves)' );
console.log( 'module'.padEnd( 34 ) + 'built'.padStart( 8 ) + 'minified'.padStart( 10 ) + 'gzipped'.padStart( 9 ) + 'ws-only'.padStart( 9 ) + 'gzipped'.padStart( 9 ) + '  budget' );
for ( const r of bundleSizes( root ) ) {
	const budget = BUDGETS[ r.name ] ? `  ≤ ${ BUDGETS[ r.name ] }` : '';
	console.log( r.name.padEnd( 34 ) + String( r.built ).padStart( 8 ) + String( r.minified ).padStart( 10 ) + String( r.gzipped ).padStart( 9 ) + String( r.wsOnly ).padStart( 9 ) + String( r.wsGzipped ).padStart( 9 ) + budget );
}

const { createMetricsClient } = require( root );
const streamConfigs = require( path.join( root, 'tests/fixtures/upstream-consistency/stream_configs.json' ) );
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
function round( n ) {
	const start = process.hrtime.bigint();
	for ( let i = 0; i < n; i++ ) {
		client.submitInteraction( 'test.consistency', SCHEMA, 'click', data );
	}
	client.flush();
	return Number( process.hrtime.bigint() - start ) / 1000 / n;
}
round( 20000 );
const rounds = Array.from( { length: 21 }, () => round( 10000 ) ).sort( ( a, b ) => a - b );
const asked = streamConfigs.streams[ 'test.consistency' ].producers.metrics_platform_client.provide_values.length;
console.log( `\nsubmitInteraction, full provide_values (${ asked } attributes asked), no-op transport` );
console.log( `  median ${ rounds[ 10 ].toFixed( 2 ) } µs per event (min ${ rounds[ 0 ].toFixed( 2 ) }, max ${ rounds[ 20 ].toFixed( 2 ) }; 21 rounds of 10,000; ${ delivered } events delivered)` );

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

const { batches, singles } = await intakeThroughput( root );
console.log( '\nIntake throughput (mp-intake with SQLite on one core; 4 concurrent keep-alive clients)' );
console.log( `  batches of 100: ${ Math.round( batches.eventsPerSecond ) } events/s (${ Math.round( batches.requestsPerSecond ) } requests/s, ${ batches.failures } failed)` );
console.log( `  single events:  ${ Math.round( singles.requestsPerSecond ) } requests/s (${ singles.failures } failed)` );
