/**
 * µs per submitInteraction through the Node client (no-op transport, the full provide_values list of
 * the upstream consistency stream) beside the upstream Metrics Platform client's in the same process
 * (bench/upstreamClient.mjs, read at run time, never committed). A benchmark, not a test.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { loadUpstreamClient, upstreamSubmit } from './upstreamClient.mjs';

const require = createRequire( import.meta.url );
const SCHEMA = '/analytics/product_metrics/web/base/1.3.0';

/**
 * Median µs per call of each function, in wall-clock and CPU time: 21 rounds of 10,000 calls each
 * after a warm-up round, the functions taking turns round by round, so that a busy machine slows them
 * alike.
 *
 * @param {Function[]} fns
 * @return {{ wall: number, cpu: number }[]}
 */
function timeRounds( fns ) {
	const round = ( fn, n ) => {
		const cpu = process.cpuUsage();
		const start = process.hrtime.bigint();
		for ( let i = 0; i < n; i++ ) {
			fn();
		}
		const wall = Number( process.hrtime.bigint() - start ) / 1000 / n;
		const used = process.cpuUsage( cpu );
		return { wall, cpu: ( used.user + used.system ) / n };
	};
	fns.forEach( ( fn ) => round( fn, 20000 ) );
	const rounds = fns.map( () => [] );
	for ( let r = 0; r < 21; r++ ) {
		fns.forEach( ( fn, i ) => rounds[ i ].push( round( fn, 10000 ) ) );
	}
	const median = ( list ) => list.sort( ( a, b ) => a - b )[ list.length >> 1 ];
	return rounds.map( ( list ) => ( { wall: median( list.map( ( r ) => r.wall ) ), cpu: median( list.map( ( r ) => r.cpu ) ) } ) );
}

/**
 * @param {string} root the repository whose built Node client is measured
 * @return {Object} `{ ours: { wall, cpu }, theirs: { wall, cpu } | null, commit, missing, asked, delivered }` (µs)
 */
export function nodePerCall( root ) {
	const { createMetricsClient } = require( root );
	const streamConfigs = JSON.parse( JSON.stringify( require( path.join( root, 'tests/fixtures/upstream-consistency/stream_configs.json' ) ) ) );
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
	const data = { action_source: 'toolbar', element_id: 'save-button' };
	const submitOurs = () => client.submitInteraction( 'test.consistency', SCHEMA, 'click', data );
	const upstream = loadUpstreamClient( root );
	const theirs = upstream.missing ? null : upstreamSubmit( upstream.MetricsClient, streamConfigs, context, hostname );
	const [ ours, theirsUs ] = timeRounds( theirs ? [ submitOurs, theirs.submit ] : [ submitOurs ] );
	client.flush();
	if ( !delivered || ( theirs && !theirs.submitted() ) ) {
		throw new Error( 'a client sent nothing: the benchmark would time its refusal path' );
	}
	return { ours, theirs: theirs ? theirsUs : null, commit: upstream.commit, missing: upstream.missing, asked: mp.provide_values.length, delivered };
}
