/**
 * What tables cost the intake (issue 15: at most 30 % of its events/s without tables), measured as
 * bench/intake.mjs measures throughput: each server is its own process pinned to core 0, the load
 * generators (bench/intakeLoad.mjs) other processes pinned to core 1; 4 keep-alive clients per server
 * POST batches of 100 web/base events, each with a fresh random meta.id (a batch is one page's: its
 * own session and pageview ids, events differing in element and source). Two servers, both with an
 * empty store: one without tables, one with two tables on the stream (below: filters, a
 * de-duplicated and a day-partitioned table, hash and drop columns — what an analyst would define).
 *
 * Side by side, for the cost: this machine's speed drifts by tens of percent within seconds (the VM's
 * host, other programs), more than the difference measured, so rounds run one after the other
 * compare different machines. Here both servers take load at the same time on the same core: the
 * kernel shares it, and both see the same machine speed at every moment. The cost per round is the
 * share of events/s the server with tables loses, and the same from CPU time per event (a saturated
 * core's events/s are its inverse); the figures are medians over the rounds, with their range.
 * One at a time, for whole-core figures: the servers then take turns (pairs of rounds, ABBA order)
 * with the core to themselves; their costs are noisier.
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
 * The cost of the tables in one round: the share of events/s lost, and the share of the events/s a
 * saturated core sustains lost by the CPU time per event added.
 *
 * @param {{ eventsPerSecond: number, cpuMicrosPerEvent: number|null }} without the round without tables
 * @param {{ eventsPerSecond: number, cpuMicrosPerEvent: number|null }} withTables the round with them
 * @return {{ cost: number, cpuCost: number|null }} percentages
 */
function roundCost( without, withTables ) {
	return {
		cost: ( 1 - withTables.eventsPerSecond / without.eventsPerSecond ) * 100,
		cpuCost: without.cpuMicrosPerEvent && withTables.cpuMicrosPerEvent ? ( 1 - without.cpuMicrosPerEvent / withTables.cpuMicrosPerEvent ) * 100 : null
	};
}

/**
 * A server's rounds as medians (and the range of events/s).
 *
 * @param {string} name the server
 * @param {{ eventsPerSecond: number, cpuMicrosPerEvent: number|null, failures: number }[]} rounds its rounds
 * @return {{ name: string, eventsPerSecond: number, min: number, max: number, cpuMicrosPerEvent: number|null, failures: number }}
 */
function summary( name, rounds ) {
	const rates = rounds.map( ( r ) => r.eventsPerSecond );
	const cpu = rounds.map( ( r ) => r.cpuMicrosPerEvent ).filter( ( c ) => c !== null );
	return {
		name,
		eventsPerSecond: median( rates ),
		min: Math.min( ...rates ),
		max: Math.max( ...rates ),
		cpuMicrosPerEvent: cpu.length ? median( cpu ) : null,
		failures: rounds.reduce( ( n, r ) => n + r.failures, 0 )
	};
}

/**
 * Measures the intake without and with two tables per stream: side by side, then one at a time.
 *
 * @param {string} root the repository
 * @param {Object} [options]
 * @param {number} [options.rounds] side-by-side rounds (6)
 * @param {number} [options.seconds] measured seconds per side-by-side round (4)
 * @param {number} [options.pairs] pairs of one-at-a-time rounds (3)
 * @param {number} [options.pairSeconds] measured seconds per one-at-a-time round (3)
 * @param {Function} [options.log] progress lines
 * @return {Promise<Object>} `{ sideBySide, oneAtATime, counts }`: each of the two a `{ servers, costs }`
 *  (each server's median round and range, each round's or pair's cost); counts: the rows the tables got
 */
export async function intakeTablesBench( root, options = {} ) {
	const log = options.log || ( () => {} );
	const rounds = options.rounds || 6;
	const seconds = options.seconds || 4;
	const pairs = options.pairs || 3;
	const pairSeconds = options.pairSeconds || 3;
	const dir = mkdtempSync( path.join( os.tmpdir(), 'mp-bench-tables-' ) );
	const servers = [];
	try {
		servers.push( await startIntake( root, dir, 'no tables', null ) );
		servers.push( await startIntake( root, dir, 'two tables', BENCH_TABLES ) );
		const [ without, withTables ] = servers;
		for ( const server of servers ) {
			await loadRound( root, server, 2, 1 );
		}
		const sideBySide = { without: [], withTables: [], costs: [] };
		for ( let round = 1; round <= rounds; round++ ) {
			const [ a, b ] = await Promise.all( [ loadRound( root, without, 1, seconds ), loadRound( root, withTables, 1, seconds ) ] );
			sideBySide.without.push( a );
			sideBySide.withTables.push( b );
			sideBySide.costs.push( roundCost( a, b ) );
			log( `  side by side ${ round }: ${ Math.round( a.eventsPerSecond ) } events/s without tables, ${ Math.round( b.eventsPerSecond ) } with: cost ${ sideBySide.costs[ round - 1 ].cost.toFixed( 0 ) } %` );
		}
		const oneAtATime = { without: [], withTables: [], costs: [] };
		for ( let pair = 1; pair <= pairs; pair++ ) {
			const order = pair % 2 ? servers : servers.slice().reverse();
			const results = new Map();
			for ( const server of order ) {
				results.set( server, await loadRound( root, server, 1, pairSeconds ) );
			}
			oneAtATime.without.push( results.get( without ) );
			oneAtATime.withTables.push( results.get( withTables ) );
			oneAtATime.costs.push( roundCost( results.get( without ), results.get( withTables ) ) );
			log( `  one at a time ${ pair }: ${ Math.round( results.get( without ).eventsPerSecond ) } events/s without tables, ${ Math.round( results.get( withTables ).eventsPerSecond ) } with` );
		}
		await Promise.all( servers.map( stop ) );
		// The tables really were written: count their rows against the raw events.
		const Database = ( await import( 'better-sqlite3' ) ).default;
		const db = new Database( path.join( dir, 'two-tables.sqlite' ), { readonly: true } );
		const counts = db.prepare( 'SELECT (SELECT COUNT(*) FROM events) AS raw, (SELECT COUNT(*) FROM bench_clicks_v1) AS clicks, (SELECT COUNT(*) FROM bench_pages_v1) AS pages' ).get();
		db.close();
		const summarise = ( phase ) => ( {
			servers: [ summary( without.name, phase.without ), summary( withTables.name, phase.withTables ) ],
			costs: phase.costs
		} );
		return { sideBySide: summarise( sideBySide ), oneAtATime: summarise( oneAtATime ), counts };
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
	console.log( `\nIntake with tables (issue 15: two tables per stream may cost at most 30 % of the events/s without): batches of 100 web/base events, 4 keep-alive clients per server, a fresh meta.id each;${ PINNED ? ' servers pinned to core 0, load generators on core 1;' : ' NOT pinned;' }` );
	console.log( '  empty stores; a warm-up round each; 6 rounds of 4 s side by side (both servers at once, sharing the core), then 3 pairs of 3 s rounds one at a time (ABBA); median (min–max). Load average at start: ' + os.loadavg().map( ( l ) => l.toFixed( 1 ) ).join( ' ' ) );
	const { sideBySide, oneAtATime, counts } = await intakeTablesBench( root, { log: ( line ) => console.log( line ) } );
	const range = ( values ) => `${ median( values ).toFixed( 0 ) } % (${ Math.min( ...values ).toFixed( 0 ) }–${ Math.max( ...values ).toFixed( 0 ) })`;
	for ( const [ title, phase ] of [ [ 'side by side (half a core each)', sideBySide ], [ 'one at a time (a core each)', oneAtATime ] ] ) {
		console.log( `  ${ title }:` );
		for ( const r of phase.servers ) {
			const cpu = r.cpuMicrosPerEvent === null ? '' : `  ${ r.cpuMicrosPerEvent.toFixed( 1 ) } µs CPU/event`;
			console.log( `    ${ r.name.padEnd( 12 ) } ${ String( Math.round( r.eventsPerSecond ) ).padStart( 7 ) } events/s (${ Math.round( r.min ) }–${ Math.round( r.max ) })${ cpu }${ r.failures ? `  ${ r.failures } failed requests` : '' }` );
		}
		const cpuCosts = phase.costs.map( ( c ) => c.cpuCost ).filter( ( c ) => c !== null );
		console.log( `    cost of two tables: ${ range( phase.costs.map( ( c ) => c.cost ) ) } of events/s (limit 30 %)${ cpuCosts.length ? `; by CPU per event ${ range( cpuCosts ) }` : '' }` );
	}
	console.log( `  rows written with tables: ${ counts.raw } raw events, ${ counts.clicks } in bench_clicks_v1, ${ counts.pages } in bench_pages_v1; load average at end: ${ os.loadavg().map( ( l ) => l.toFixed( 1 ) ).join( ' ' ) }` );
}

if ( process.argv[ 1 ] === fileURLToPath( import.meta.url ) ) {
	// `node bench/intakeTables.mjs`: this part of `npm run bench` alone.
	await printIntakeTablesBench( path.resolve( path.dirname( fileURLToPath( import.meta.url ) ), '..' ) );
}
