/**
 * Intake throughput, measured as issue 18 asks: each server (mp-intake with its SQLite store; EventGate
 * when an install is given) is its own process pinned to core 0, the load generator
 * (bench/intakeLoad.mjs) is another process pinned to core 1. 4 keep-alive clients POST batches of 100
 * web/base 1.3.0 events, each with a fresh random meta.id and the batch's time as dt. After a warm-up
 * round each, servers take turns: round 1 of every server, then round 2 of every server, and so on (so
 * a burst of load from other programs on the machine hits all of them alike); each figure is the
 * median of the rounds.
 *
 * Stores: empty, and pre-filled with 1 M and 5 M events (written straight into SQLite, in the tables
 * the store creates, 50,000 rows to a transaction, not over HTTP; ids random, times spread over the 30
 * days before now, as a month of history would be).
 *
 * Besides events/s (wall clock, which other programs on the machine disturb), it reports the server
 * process's CPU time per event (user + system, from /proc), which they disturb much less.
 *
 * Environment: EVENTGATE_DIR — an EventGate install (a checkout of wikimedia/eventgate with its npm
 * dependencies installed); adds EventGate with its default factory, validating against this
 * repository's schemas and writing every event to a file, and prints our ratio to it.
 */
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire( import.meta.url );
// The stream asks for exactly the contextual attributes the events carry (bench/intakeEvent.json), as
// a client's events do: nothing is stripped.
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
export const PINNED = os.cpus().length > 1 && hasTaskset();
const TICKS = PINNED ? Number( execFileSync( 'getconf', [ 'CLK_TCK' ] ).toString() ) : 100;

function hasTaskset() {
	try {
		execFileSync( 'taskset', [ '-c', '0', 'true' ] );
		return true;
	} catch ( e ) {
		return false;
	}
}

/**
 * A command run on one core when the machine has two or more (taskset), else as it is.
 *
 * @param {number} core
 * @param {string[]} command
 */
export function pinned( core, command ) {
	return PINNED ? [ 'taskset', [ '-c', String( core ), ...command ] ] : [ command[ 0 ], command.slice( 1 ) ];
}

/**
 * CPU time (user + system) of a process so far, in seconds; null where /proc is missing.
 *
 * @param {number} pid
 */
function cpuSeconds( pid ) {
	try {
		const fields = readFileSync( `/proc/${ pid }/stat`, 'utf8' ).replace( /^.*\) /, '' ).split( ' ' );
		return ( Number( fields[ 11 ] ) + Number( fields[ 12 ] ) ) / TICKS;
	} catch ( e ) {
		return null;
	}
}

/**
 * Fills a store with `count` more events, oldest first, written straight into SQLite: the store creates
 * its tables, then rows go in through one prepared INSERT (the columns of createSqliteSink's layout),
 * 50,000 to a transaction.
 *
 * @param {string} root the repository
 * @param {string} file the SQLite file
 * @param {number} from how many events the file already holds
 * @param {number} count events to add
 * @param {number} total the size the history is spread for (times spread over 30 days)
 */
export async function prefill( root, file, from, count, total ) {
	const { createSqliteSink } = require( path.join( root, 'intake/dist/intake.js' ) );
	await createSqliteSink( file ).close();
	const Database = require( 'better-sqlite3' );
	const { randomUUID } = await import( 'node:crypto' );
	const db = new Database( file );
	// No journal and no fsync while pre-filling: each page is written once (a crash here only spoils
	// the benchmark); the store is put back in WAL mode at the end.
	db.pragma( 'journal_mode = OFF' );
	db.pragma( 'synchronous = OFF' );
	const insert = db.prepare( 'INSERT INTO events (t, id, stream, dt, body) VALUES (?, ?, ?, ?, ?)' );
	const template = JSON.stringify( JSON.parse( readFileSync( path.join( root, 'bench/intakeEvent.json' ), 'utf8' ) ) );
	const [ beforeDt, betweenDts, beforeId, afterId ] = template.split( /DT|ID/ );
	const start = Date.now() - 30 * 86400000;
	const step = 30 * 86400000 / total;
	const chunk = db.transaction( ( first, n ) => {
		for ( let i = first; i < first + n; i++ ) {
			const t = Math.floor( start + i * step );
			const dt = new Date( t ).toISOString();
			const id = randomUUID();
			insert.run( t, id, 'bench.web', dt, beforeDt + dt + betweenDts + dt + beforeId + id + afterId );
		}
	} );
	for ( let done = 0; done < count; done += 50000 ) {
		chunk( from + done, Math.min( 50000, count - done ) );
	}
	db.pragma( 'journal_mode = WAL' );
	db.close();
}

export function freePort() {
	return new Promise( ( resolve ) => {
		const server = net.createServer().listen( 0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close( () => resolve( port ) );
		} );
	} );
}

export async function waitForPort( port, child, name ) {
	for ( let i = 0; i < 600; i++ ) {
		if ( child.exitCode !== null ) {
			throw new Error( `${ name } exited with ${ child.exitCode }` );
		}
		const up = await new Promise( ( resolve ) => {
			const socket = net.connect( port, '127.0.0.1', () => {
				socket.end();
				resolve( true );
			} ).on( 'error', () => resolve( false ) );
		} );
		if ( up ) {
			return;
		}
		await new Promise( ( r ) => setTimeout( r, 100 ) );
	}
	throw new Error( `${ name } did not listen on ${ port }` );
}

async function startIntake( root, dir, name, store ) {
	const port = await freePort();
	const streams = path.join( dir, 'streams.json' );
	writeFileSync( streams, JSON.stringify( STREAMS ) );
	const [ cmd, args ] = pinned( 0, [ process.execPath, path.join( root, 'intake/bin/mp-intake.cjs' ), '--port', String( port ), '--streams', streams, '--store', store ] );
	const child = spawn( cmd, args, { stdio: [ 'ignore', 'ignore', 'inherit' ] } );
	await waitForPort( port, child, name );
	return { name, child, url: `http://127.0.0.1:${ port }` };
}

async function startEventGate( root, dir, eventgateDir ) {
	const port = await freePort();
	const config = path.join( dir, 'eventgate.yaml' );
	// EventGate's own example config (config.yaml), with its default factory, on loopback, writing
	// every event to a file and reading schemas from this repository. It opens that file with O_SYNC
	// (flags 'as'), which on a disk makes every write wait for the device: that would measure the
	// disk, and promise more than a 201 of mp-intake does (see the README). So the file is in memory
	// (/dev/shm) where there is one: written by the process, not fsynced, like mp-intake's WAL.
	const output = existsSync( '/dev/shm' ) ? mkdtempSync( '/dev/shm/mp-bench-eventgate-' ) : dir;
	writeFileSync( config, [
		'num_workers: 0',
		'logging:',
		'  level: warn',
		'services:',
		'  - name: EventGate',
		`    module: ${ JSON.stringify( path.join( eventgateDir, 'app.js' ) ) }`,
		'    conf:',
		`      port: ${ port }`,
		'      interface: 127.0.0.1',
		'      max_body_size: 4mb',
		'      user_agent: eventgate',
		`      eventgate_factory_module: ${ JSON.stringify( path.join( eventgateDir, 'lib/factories/default-eventgate' ) ) }`,
		'      schema_uri_field: $schema',
		`      schema_base_uris: [ ${ JSON.stringify( 'file://' + path.join( root, 'schemas' ) ) } ]`,
		'      schema_file_extension: .yaml',
		'      stream_field: meta.stream',
		`      output_path: ${ JSON.stringify( path.join( output, 'eventgate.jsonl' ) ) }`
	].join( '\n' ) + '\n' );
	const [ cmd, args ] = pinned( 0, [ process.execPath, path.join( eventgateDir, 'server.js' ), '-c', config ] );
	// Its log goes nowhere: under this load Node warns on every request about its file's listeners.
	const child = spawn( cmd, args, { cwd: eventgateDir, stdio: 'ignore' } );
	await waitForPort( port, child, 'EventGate' );
	return { name: 'EventGate', child, url: `http://127.0.0.1:${ port }`, cleanup: () => rmSync( output, { recursive: true, force: true } ) };
}

/**
 * One round of load on a server; the server's CPU time is read when the generator's warm-up ends
 * and when it is done.
 *
 * @param {string} root the repository
 * @param {Object} server a started server: url and child process
 * @param {number} warmup seconds
 * @param {number} seconds measured
 */
export function loadRound( root, server, warmup, seconds ) {
	const [ cmd, args ] = pinned( 1, [ process.execPath, path.join( root, 'bench/intakeLoad.mjs' ), server.url, String( warmup ), String( seconds ), '4', '100' ] );
	return new Promise( ( resolve, reject ) => {
		let out = '';
		let cpuAtStart = null;
		const child = spawn( cmd, args, { stdio: [ 'ignore', 'pipe', 'inherit' ] } );
		child.stdout.on( 'data', ( chunk ) => {
			out += chunk;
			if ( cpuAtStart === null && out.startsWith( 'counting\n' ) ) {
				cpuAtStart = cpuSeconds( server.child.pid );
			}
		} );
		child.on( 'exit', ( code ) => {
			const cpuAtEnd = cpuSeconds( server.child.pid );
			if ( code !== 0 ) {
				reject( new Error( `load generator exited with ${ code }` ) );
				return;
			}
			const r = JSON.parse( out.slice( out.indexOf( '\n' ) + 1 ) );
			const events = r.eventsPerSecond * r.seconds;
			r.cpuMicrosPerEvent = cpuAtStart === null || cpuAtEnd === null || !events ? null : ( cpuAtEnd - cpuAtStart ) * 1e6 / events;
			resolve( r );
		} );
	} );
}

export function median( values ) {
	const sorted = values.slice().sort( ( a, b ) => a - b );
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[ mid ] : ( sorted[ mid - 1 ] + sorted[ mid ] ) / 2;
}

export async function stop( server ) {
	if ( server.child.exitCode === null ) {
		const exited = new Promise( ( r ) => server.child.once( 'exit', r ) );
		server.child.kill( 'SIGTERM' );
		await Promise.race( [ exited, new Promise( ( r ) => setTimeout( r, 15000 ) ) ] );
		if ( server.child.exitCode === null ) {
			server.child.kill( 'SIGKILL' );
		}
	}
}

/**
 * Runs the intake benchmark.
 *
 * @param {string} root the repository
 * @param {Object} options
 * @param {boolean} [options.quick] skip the 5 M store (the longest part: about a minute of pre-filling)
 * @param {number} [options.rounds] rounds per server (3)
 * @param {number} [options.seconds] measured seconds per round (5)
 * @param {number} [options.warmup] seconds of warm-up per round (1)
 * @param {string} [options.eventgateDir] an EventGate install to measure alongside
 * @param {Function} [options.log] progress lines
 * @return {Promise<{ name: string, eventsPerSecond: number, min: number, max: number, cpuMicrosPerEvent: number|null, failures: number }[]>}
 */
export async function intakeBench( root, options = {} ) {
	const log = options.log || ( () => {} );
	const rounds = options.rounds || 3;
	const seconds = options.seconds || 5;
	const warmup = options.warmup === undefined ? 1 : options.warmup;
	const dir = mkdtempSync( path.join( os.tmpdir(), 'mp-bench-intake-' ) );
	const servers = [];
	try {
		const stores = [ [ 'mp-intake, empty store', 0 ], [ 'mp-intake, 1 M stored', 1e6 ] ];
		if ( !options.quick ) {
			stores.push( [ 'mp-intake, 5 M stored', 5e6 ] );
		}
		let previous = null;
		for ( const [ name, size ] of stores ) {
			const file = path.join( dir, `store-${ size }.sqlite` );
			if ( size ) {
				const started = Date.now();
				let from = 0;
				if ( previous && previous.size < size ) {
					copyFileSync( previous.file, file );
					from = previous.size;
				}
				await prefill( root, file, from, size - from, size );
				log( `  (pre-filled ${ size / 1e6 } M events in ${ ( ( Date.now() - started ) / 1000 ).toFixed( 0 ) } s)` );
				previous = { file, size };
			}
			servers.push( await startIntake( root, dir, name, file ) );
		}
		if ( options.eventgateDir ) {
			if ( !existsSync( path.join( options.eventgateDir, 'server.js' ) ) ) {
				throw new Error( `EVENTGATE_DIR ${ options.eventgateDir } has no server.js` );
			}
			servers.push( await startEventGate( root, dir, options.eventgateDir ) );
		}
		// A warm-up round each (not counted): schemas compiled, code optimised, caches filled.
		for ( const server of servers ) {
			await loadRound( root, server, 2, 1 );
		}
		const results = new Map( servers.map( ( s ) => [ s.name, [] ] ) );
		for ( let round = 1; round <= rounds; round++ ) {
			for ( const server of servers ) {
				const r = await loadRound( root, server, warmup, seconds );
				results.get( server.name ).push( r );
				log( `  round ${ round } ${ server.name }: ${ Math.round( r.eventsPerSecond ) } events/s` );
			}
		}
		return servers.map( ( s ) => {
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
		} );
	} finally {
		await Promise.all( servers.map( stop ) );
		for ( const server of servers ) {
			if ( server.cleanup ) {
				server.cleanup();
			}
		}
		rmSync( dir, { recursive: true, force: true } );
	}
}

/**
 * Prints the benchmark as `npm run bench` shows it.
 *
 * @param {string} root the repository
 * @param {Object} options
 * @param {boolean} [options.quick] skip the 5 M store
 * @param {string} [options.eventgateDir] an EventGate install to measure alongside
 */
export async function printIntakeBench( root, options = {} ) {
	console.log( `\nIntake throughput: batches of 100 web/base events, 4 keep-alive clients, a fresh meta.id each;${ PINNED ? ' server pinned to core 0, load generator (own process) on core 1;' : ' NOT pinned (no taskset or one core);' }` );
	console.log( '  a warm-up round each, then 3 rounds of 5 s (after 1 s of warm-up), servers taking turns; median (min–max).' );
	console.log( '  Other programs on the machine slow every server alike; the server\'s CPU time per event is disturbed less' );
	console.log( '  (events per CPU second: what one core of its own would take, 10^6 / µs per event).' );
	const results = await intakeBench( root, Object.assign( { log: ( line ) => console.log( line ) }, options ) );
	const empty = results[ 0 ].eventsPerSecond;
	const eventgate = results.find( ( r ) => r.name === 'EventGate' );
	for ( const r of results ) {
		const emptyCpu = results[ 0 ].cpuMicrosPerEvent;
		const cpuVsEmpty = emptyCpu && r.cpuMicrosPerEvent ? ` (events per CPU second ${ ( ( emptyCpu / r.cpuMicrosPerEvent - 1 ) * 100 ).toFixed( 0 ) } %)` : '';
		const vsEmpty = r.name.startsWith( 'mp-intake' ) && r !== results[ 0 ] ? `  ${ ( ( r.eventsPerSecond / empty - 1 ) * 100 ).toFixed( 0 ) } % vs empty${ cpuVsEmpty }` : '';
		const cpuVsEventGate = eventgate && eventgate.cpuMicrosPerEvent && r.cpuMicrosPerEvent ? ` (${ ( eventgate.cpuMicrosPerEvent / r.cpuMicrosPerEvent ).toFixed( 2 ) }× by CPU per event)` : '';
		const vsEventGate = eventgate && r !== eventgate ? `  ${ ( r.eventsPerSecond / eventgate.eventsPerSecond ).toFixed( 2 ) }× EventGate${ cpuVsEventGate }` : '';
		// 10^6 / µs per event: the events a second of the server's own CPU handles, what it would
		// answer on a core of its own; events/s can only be lower on a busy machine.
		const cpu = r.cpuMicrosPerEvent === null ? '' : `  ${ r.cpuMicrosPerEvent.toFixed( 1 ) } µs CPU/event (${ Math.round( 1e6 / r.cpuMicrosPerEvent ) } events per CPU second)`;
		console.log( `  ${ r.name.padEnd( 24 ) } ${ String( Math.round( r.eventsPerSecond ) ).padStart( 7 ) } events/s (${ Math.round( r.min ) }–${ Math.round( r.max ) })${ cpu }${ vsEmpty }${ vsEventGate }${ r.failures ? `  ${ r.failures } failed requests` : '' }` );
	}
	if ( !eventgate ) {
		console.log( '  (set EVENTGATE_DIR to an EventGate install to measure it alongside)' );
	}
	return results;
}

if ( process.argv[ 1 ] === fileURLToPath( import.meta.url ) ) {
	// `node bench/intake.mjs [--quick]`: this part of `npm run bench` alone.
	await printIntakeBench( path.resolve( path.dirname( fileURLToPath( import.meta.url ) ), '..' ), {
		quick: process.argv.includes( '--quick' ),
		eventgateDir: process.env.EVENTGATE_DIR
	} );
}
