/**
 * What tables cost the intake (issue 15: at most 30 % of its events/s without tables), measured as
 * bench/intake.mjs measures throughput: each server is its own process pinned to core 0, the load
 * generator (bench/intakeLoad.mjs) another process pinned to core 1; 4 keep-alive clients POST
 * batches of 100 web/base events, each with a fresh random meta.id (a batch is one page's: its own
 * session and pageview ids, events differing in element and source). Two servers, both with an empty
 * store: one without tables, one with two tables on the stream (below: filters, a de-duplicated and a
 * day-partitioned table, hash and drop columns — what an analyst would define).
 *
 * Why paired rounds: this machine's speed drifts by tens of percent within a minute (other programs,
 * the VM's host), more than the difference measured. So the servers take turns in pairs of short
 * rounds (3 s; the order alternates, ABBA, so a steady drift favours neither), the cost is computed
 * within each pair, and the figure is the median of the pairs' costs, with their range. Besides events/s
 * (wall clock), the server's CPU time per event (from /proc).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, loadRound, median, pinned, PINNED, stop, waitForPort } from './intake.mjs';

const STREAMS = {
	'bench.web': {
		schema_title: 'analytics/product_metrics/web/base',
		producers: {
			metrics_platform_client: {
				provide_values: [
					'agent_client_platform', 'agent_client_platform_family', 'page_id', 'page_title', 'page_namespace_id', 'page_revision_id',
					'mediawiki_skin', 'mediawiki_version', 'mediawiki_database', 'performer_is_logged_in', 'performer_session_id', 'performer_pageview_id'
				]
			}
		}
	}
};

/** Two tables on the benchmark's stream (bench/intakeEvent.json's fields). */
export const BENCH_TABLES = {
	'bench.web': {
		tables: [ {
			name: 'bench_clicks',
			description: 'Clicks, bots excluded.',
			columns: [
				{ path: 'page.id' }, { path: 'page.title', privacy: 'drop' }, { path: 'action' }, { path: 'action_source' }, { path: 'element_id' },
				{ path: 'mediawiki.database' }, { path: 'performer.is_logged_in' },
				{ path: 'performer.session_id', name: 'session', privacy: 'hash' }, { path: 'performer.pageview_id', name: 'pageview', privacy: 'hash' }
			],
			filter: { 'performer.is_bot': { not_equals: true }, action: { in: [ 'click' ] } }
		}, {
			name: 'bench_pages',
			columns: [ { path: 'page.namespace_id' }, { path: 'page.revision_id' }, { path: 'agent.client_platform_family' }, { path: 'mediawiki.skin' }, { path: 'mediawiki.version' } ],
			filter: { 'mediawiki.database': { exists: true } }
		} ]
	}
};

async function startIntake( root, dir, name, tables ) {
	const port = await freePort();
	const streams = path.join( dir, 'streams.json' );
	writeFileSync( streams, JSON.stringify( STREAMS ) );
	const args = [ process.execPath, path.join( root, 'intake/bin/mp-intake.cjs' ), '--port', String( port ), '--streams', streams, '--store', path.join( dir, `${ name.replace( /\W+/g, '-' ) }.sqlite` ) ];
	if ( tables ) {
		const file = path.join( dir, 'tables.json' );
		writeFileSync( file, JSON.stringify( tables ) );
		args.push( '--tables', file );
	}
	const [ cmd, rest ] = pinned( 0, args );
	const child = spawn( cmd, rest, { stdio: [ 'ignore', 'ignore', 'inherit' ] } );
	await waitForPort( port, child, name );
	return { name, child, url: `http://127.0.0.1:${ port }` };
}

/**
 * The cost of the tables in one pair of rounds: the share of events/s lost, and of CPU per event added.
 *
 * @param {{ eventsPerSecond: number, cpuMicrosPerEvent: number|null }} without the round without tables
 * @param {{ eventsPerSecond: number, cpuMicrosPerEvent: number|null }} withTables the round with them
 * @return {{ cost: number, cpuCost: number|null }} percentages
 */
function pairCost( without, withTables ) {
	return {
		cost: ( 1 - withTables.eventsPerSecond / without.eventsPerSecond ) * 100,
		cpuCost: without.cpuMicrosPerEvent && withTables.cpuMicrosPerEvent ? ( withTables.cpuMicrosPerEvent / without.cpuMicrosPerEvent - 1 ) * 100 : null
	};
}

/**
 * Measures the intake without and with two tables per stream.
 *
 * @param {string} root the repository
 * @param {Object} [options]
 * @param {number} [options.pairs] pairs of rounds (8)
 * @param {number} [options.seconds] measured seconds per round (3)
 * @param {Function} [options.log] progress lines
 * @return {Promise<{ servers: { name: string, eventsPerSecond: number, min: number, max: number, cpuMicrosPerEvent: number|null, failures: number }[], costs: { cost: number, cpuCost: number|null }[], counts: { raw: number, clicks: number, pages: number } }>}
 *  each server's median round (and range), each pair's cost, the rows the tables got
 */
export async function intakeTablesBench( root, options = {} ) {
	const log = options.log || ( () => {} );
	const pairs = options.pairs || 8;
	const seconds = options.seconds || 3;
	const dir = mkdtempSync( path.join( os.tmpdir(), 'mp-bench-tables-' ) );
	const servers = [];
	try {
		servers.push( await startIntake( root, dir, 'no tables', null ) );
		servers.push( await startIntake( root, dir, 'two tables', BENCH_TABLES ) );
		for ( const server of servers ) {
			await loadRound( root, server, 2, 1 );
		}
		const results = new Map( servers.map( ( s ) => [ s.name, [] ] ) );
		const costs = [];
		for ( let pair = 1; pair <= pairs; pair++ ) {
			const order = pair % 2 ? servers : servers.slice().reverse();
			const round = {};
			for ( const server of order ) {
				round[ server.name ] = await loadRound( root, server, 1, seconds );
				results.get( server.name ).push( round[ server.name ] );
			}
			costs.push( pairCost( round[ 'no tables' ], round[ 'two tables' ] ) );
			log( `  pair ${ pair }: ${ Math.round( round[ 'no tables' ].eventsPerSecond ) } events/s without tables, ${ Math.round( round[ 'two tables' ].eventsPerSecond ) } with: cost ${ costs[ costs.length - 1 ].cost.toFixed( 0 ) } %` );
		}
		await Promise.all( servers.map( stop ) );
		// The tables really were written: count their rows against the raw events.
		const Database = ( await import( 'better-sqlite3' ) ).default;
		const db = new Database( path.join( dir, 'two-tables.sqlite' ), { readonly: true } );
		const counts = db.prepare( 'SELECT (SELECT COUNT(*) FROM events) AS raw, (SELECT COUNT(*) FROM bench_clicks_v1) AS clicks, (SELECT COUNT(*) FROM bench_pages_v1) AS pages' ).get();
		db.close();
		return {
			servers: servers.map( ( s ) => {
				const rs = results.get( s.name );
				const rates = rs.map( ( r ) => r.eventsPerSecond );
				const cpu = rs.map( ( r ) => r.cpuMicrosPerEvent ).filter( ( c ) => c !== null );
				return {
					name: s.name,
					eventsPerSecond: median( rates ),
					min: Math.min( ...rates ),
					max: Math.max( ...rates ),
					cpuMicrosPerEvent: cpu.length ? median( cpu ) : null,
					failures: rs.reduce( ( n, r ) => n + r.failures, 0 )
				};
			} ),
			costs,
			counts
		};
	} finally {
		await Promise.all( servers.map( stop ) );
		rmSync( dir, { recursive: true, force: true } );
	}
}

/**
 * Prints the tables benchmark as `npm run bench` shows it.
 *
 * @param {string} root the repository
 */
export async function printIntakeTablesBench( root ) {
	console.log( `\nIntake with tables (issue 15: two tables per stream may cost at most 30 % of the events/s without): batches of 100 web/base events, 4 keep-alive clients, a fresh meta.id each;${ PINNED ? ' server pinned to core 0, load generator on core 1;' : ' NOT pinned;' }` );
	console.log( '  empty stores; a warm-up round each, then 8 pairs of 3 s rounds (ABBA order); cost per pair, median (min–max). Load average at start: ' + os.loadavg().map( ( l ) => l.toFixed( 1 ) ).join( ' ' ) );
	const { servers, costs, counts } = await intakeTablesBench( root, { log: ( line ) => console.log( line ) } );
	for ( const r of servers ) {
		const cpu = r.cpuMicrosPerEvent === null ? '' : `  ${ r.cpuMicrosPerEvent.toFixed( 1 ) } µs CPU/event`;
		console.log( `  ${ r.name.padEnd( 12 ) } ${ String( Math.round( r.eventsPerSecond ) ).padStart( 7 ) } events/s (${ Math.round( r.min ) }–${ Math.round( r.max ) })${ cpu }${ r.failures ? `  ${ r.failures } failed requests` : '' }` );
	}
	const range = ( values ) => `${ median( values ).toFixed( 0 ) } % (${ Math.min( ...values ).toFixed( 0 ) }–${ Math.max( ...values ).toFixed( 0 ) })`;
	const cpuCosts = costs.map( ( c ) => c.cpuCost ).filter( ( c ) => c !== null );
	console.log( `  cost of two tables: ${ range( costs.map( ( c ) => c.cost ) ) } of events/s (limit 30 %)${ cpuCosts.length ? `; ${ range( cpuCosts ) } more CPU per event` : '' }` );
	console.log( `  rows written with tables: ${ counts.raw } raw events, ${ counts.clicks } in bench_clicks_v1, ${ counts.pages } in bench_pages_v1; load average at end: ${ os.loadavg().map( ( l ) => l.toFixed( 1 ) ).join( ' ' ) }` );
}

if ( process.argv[ 1 ] === fileURLToPath( import.meta.url ) ) {
	// `node bench/intakeTables.mjs`: this part of `npm run bench` alone.
	await printIntakeTablesBench( path.resolve( path.dirname( fileURLToPath( import.meta.url ) ), '..' ) );
}
