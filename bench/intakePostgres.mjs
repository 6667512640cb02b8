/**
 * Intake throughput over PostgreSQL (issue 17): events/s with 1, 2 and 4 intake processes
 * (`mp-intake --processes N`, Node's cluster module) writing to one throwaway PostgreSQL cluster on
 * loopback (Debian's `postgresql`, its default durability: synchronous_commit = on, fsync on), against
 * 1 process on SQLite, in the same run. Load: bench/intakeLoad.mjs, its own process, 8 keep-alive
 * clients posting batches of 100 web/base events, each with a fresh random meta.id; one bounded round
 * per configuration (1 s warm-up, then SECONDS measured). Nothing is pinned: PostgreSQL's own
 * processes share the cores with the intake's. CPU time per event is given for the intake processes
 * (all of them) and for PostgreSQL's server processes, read from /proc.
 *
 * Then the cost of the Parquet export (zstd), per event, of what the runs stored (CPU time of this
 * process: reading the rows, Arrow, Parquet; PostgreSQL's side is not counted), and of a modelled
 * table's export from SQLite and PostgreSQL (bench/parquetTablesExport.mjs).
 *
 * Skipped with one line when PostgreSQL is not installed.
 */
import { execFileSync, spawn } from 'node:child_process';
import { build } from 'esbuild';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureTableExport, printTableExport } from './parquetTablesExport.mjs';

const require = createRequire( import.meta.url );
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
const TICKS = Number( execFileSync( 'getconf', [ 'CLK_TCK' ] ).toString() ) || 100;
const CLIENTS = 8;

/**
 * CPU seconds (user + system) of a process and all its descendants, with those of descendants that
 * have exited and been reaped (cutime, cstime: a PostgreSQL backend that ends mid-measure would
 * otherwise take its CPU time out of the sum); 0 for those gone.
 *
 * @param {number} pid
 */
function treeCpuSeconds( pid ) {
	let total = 0;
	try {
		const fields = readFileSync( `/proc/${ pid }/stat`, 'utf8' ).replace( /^.*\) /, '' ).split( ' ' );
		total += ( Number( fields[ 11 ] ) + Number( fields[ 12 ] ) + Number( fields[ 13 ] ) + Number( fields[ 14 ] ) ) / TICKS;
		for ( const task of readdirSync( `/proc/${ pid }/task` ) ) {
			for ( const child of readFileSync( `/proc/${ pid }/task/${ task }/children`, 'utf8' ).split( ' ' ).filter( Boolean ) ) {
				total += treeCpuSeconds( Number( child ) );
			}
		}
	} catch ( e ) {
		// Gone.
	}
	return total;
}

/**
 * The pid of the cluster's postmaster (first line of postmaster.pid in its data folder).
 *
 * @param {Object} cluster a started throwaway cluster
 */
function postmasterPid( cluster ) {
	return Number( readFileSync( path.join( cluster.dataDir, 'postmaster.pid' ), 'utf8' ).split( '\n' )[ 0 ] );
}

function freePort() {
	return new Promise( ( resolve ) => {
		const server = net.createServer().listen( 0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close( () => resolve( port ) );
		} );
	} );
}

async function startIntake( root, dir, store, processes ) {
	const port = await freePort();
	const streams = path.join( dir, 'streams.json' );
	writeFileSync( streams, JSON.stringify( STREAMS ) );
	const child = spawn( process.execPath, [ path.join( root, 'intake/bin/mp-intake.cjs' ), '--port', String( port ), '--streams', streams, '--store', store, '--hash-secret-file', path.join( dir, 'hash-secret' ), '--processes', String( processes ) ], { stdio: [ 'ignore', 'pipe', 'inherit' ] } );
	let listening = 0;
	await new Promise( ( resolve, reject ) => {
		child.stdout.on( 'data', ( chunk ) => {
			listening += ( String( chunk ).match( /listening on/g ) || [] ).length;
			if ( listening >= processes ) {
				resolve();
			}
		} );
		child.once( 'exit', ( code ) => reject( new Error( `mp-intake exited with ${ code }` ) ) );
	} );
	return { child, url: `http://127.0.0.1:${ port }` };
}

async function stopIntake( intake ) {
	const exited = new Promise( ( r ) => intake.child.once( 'exit', r ) );
	intake.child.kill( 'SIGTERM' );
	await Promise.race( [ exited, new Promise( ( r ) => setTimeout( r, 15000 ) ) ] );
	if ( intake.child.exitCode === null && intake.child.signalCode === null ) {
		intake.child.kill( 'SIGKILL' );
	}
}

function loadRound( root, url, pids, warmup, seconds ) {
	return new Promise( ( resolve, reject ) => {
		let out = '';
		let atStart = null;
		const child = spawn( process.execPath, [ path.join( root, 'bench/intakeLoad.mjs' ), url, String( warmup ), String( seconds ), String( CLIENTS ), '100' ], { stdio: [ 'ignore', 'pipe', 'inherit' ] } );
		child.stdout.on( 'data', ( chunk ) => {
			out += chunk;
			if ( atStart === null && out.startsWith( 'counting\n' ) ) {
				atStart = pids.map( treeCpuSeconds );
			}
		} );
		child.on( 'exit', ( code ) => {
			const atEnd = pids.map( treeCpuSeconds );
			if ( code !== 0 ) {
				reject( new Error( `load generator exited with ${ code }` ) );
				return;
			}
			const r = JSON.parse( out.slice( out.indexOf( '\n' ) + 1 ) );
			const events = r.eventsPerSecond * r.seconds;
			r.cpuMicrosPerEvent = atEnd.map( ( cpu, i ) => events && atStart ? ( cpu - atStart[ i ] ) * 1e6 / events : null );
			resolve( r );
		} );
	} );
}

/**
 * Runs the PostgreSQL benchmark and prints it.
 *
 * @param {string} root the repository
 * @param {Object} [options]
 * @param {number} [options.seconds] measured seconds per configuration (5)
 */
export async function printPostgresBench( root, options = {} ) {
	const seconds = options.seconds || 5;
	await build( {
		absWorkingDir: root,
		entryPoints: [ 'tests/node/throwawayPostgres.ts' ],
		outdir: path.join( root, '.cache/bench' ),
		outExtension: { '.js': '.cjs' },
		bundle: true,
		packages: 'external',
		platform: 'node',
		format: 'cjs',
		logLevel: 'warning'
	} );
	const { startThrowawayPostgres } = require( path.join( root, '.cache/bench/throwawayPostgres.cjs' ) );
	console.log( '\nIntake over PostgreSQL (bench/intakePostgres.mjs)' );
	const cluster = await startThrowawayPostgres();
	if ( !cluster ) {
		console.log( '  skipped: PostgreSQL is not installed (Debian: apt-get install postgresql)' );
		return null;
	}
	const { Pool } = require( 'pg' );
	const { createSqliteSink, createPostgresSink, exportEventsToParquet } = require( path.join( root, 'intake/dist/intake.js' ) );
	const dir = mkdtempSync( path.join( os.tmpdir(), 'mp-bench-pg-' ) );
	const results = [];
	try {
		console.log( `  ${ CLIENTS } keep-alive clients (own process), batches of 100 web/base events with fresh meta.ids; one round each: 1 s warm-up, ${ seconds } s measured;` );
		console.log( `  nothing pinned; PostgreSQL ${ path.basename( path.dirname( cluster.binDir ) ) } with its default durability (synchronous_commit = on); load average at start ${ os.loadavg().map( ( l ) => l.toFixed( 1 ) ).join( ' ' ) }` );
		const pgPid = postmasterPid( cluster );
		const configurations = [ [ 'SQLite, 1 process', path.join( dir, 'events.sqlite' ), 1 ] ];
		for ( const n of [ 1, 2, 4 ] ) {
			const admin = new Pool( { connectionString: cluster.url, max: 1 } );
			// A connection still closing when the cluster stops reports an error: not a reason to die.
			admin.on( 'error', () => undefined );
			await admin.query( `CREATE DATABASE bench_${ n }` );
			await admin.end();
			configurations.push( [ `PostgreSQL, ${ n } process${ n > 1 ? 'es' : '' }`, cluster.baseUrl + `bench_${ n }`, n ] );
		}
		for ( const [ name, store, n ] of configurations ) {
			const intake = await startIntake( root, dir, store, n );
			try {
				const r = await loadRound( root, intake.url, [ intake.child.pid, pgPid ], 1, seconds );
				const [ intakeCpu, pgCpu ] = r.cpuMicrosPerEvent;
				const pg = store.startsWith( 'postgres' ) && pgCpu !== null ? `, PostgreSQL ${ pgCpu.toFixed( 1 ) }` : '';
				console.log( `  ${ name.padEnd( 26 ) } ${ String( Math.round( r.eventsPerSecond ) ).padStart( 7 ) } events/s  CPU µs/event: intake ${ intakeCpu === null ? '?' : intakeCpu.toFixed( 1 ) }${ pg }${ r.failures ? `  ${ r.failures } failed requests` : '' }` );
				results.push( { name, store, eventsPerSecond: r.eventsPerSecond, intakeCpu, pgCpu: store.startsWith( 'postgres' ) ? pgCpu : null } );
			} finally {
				await stopIntake( intake );
			}
		}
		const until = new Date( Date.now() + 2 * 86400000 ).toISOString().slice( 0, 10 );
		for ( const [ name, open ] of [ [ 'SQLite', () => createSqliteSink( configurations[ 0 ][ 1 ] ) ], [ 'PostgreSQL', () => createPostgresSink( configurations[ 3 ][ 1 ], { poolSize: 1 } ) ] ] ) {
			const sink = await open();
			const out = path.join( dir, `lake-${ name }` );
			const cpu = process.cpuUsage();
			const started = process.hrtime.bigint();
			const r = await exportEventsToParquet( sink, { out, until } );
			const wallMs = Number( process.hrtime.bigint() - started ) / 1e6;
			const used = process.cpuUsage( cpu );
			await sink.close();
			const rows = r.written.reduce( ( n, w ) => n + w.rows, 0 );
			const bytes = r.written.reduce( ( n, w ) => n + readdirSync( path.join( out, 'events', `dt=${ w.day }` ) ).reduce( ( b, f ) => b + readFileSync( path.join( out, 'events', `dt=${ w.day }`, f ) ).length, 0 ), 0 );
			const us = ( used.user + used.system ) / rows;
			console.log( `  Parquet export (zstd) from ${ name.padEnd( 10 ) } ${ rows } events: ${ us.toFixed( 1 ) } µs CPU/event (this process), ${ ( wallMs * 1000 / rows ).toFixed( 1 ) } µs wall/event, ${ ( bytes / rows ).toFixed( 0 ) } B/event on disk (${ ( bytes / rows ).toFixed( 0 ) } MB per million events)` );
			results.push( { name: `export ${ name }`, rows, cpuMicrosPerEvent: us, bytesPerEvent: bytes / rows } );
		}
		const tablesAdmin = new Pool( { connectionString: cluster.url, max: 1 } );
		// A connection still closing when the cluster stops reports an error: not a reason to die.
		tablesAdmin.on( 'error', () => undefined );
		await tablesAdmin.query( 'CREATE DATABASE bench_tables' );
		await tablesAdmin.end();
		const tableResults = await measureTableExport( root, dir, { pgUrl: cluster.baseUrl + 'bench_tables', pgCpuSeconds: () => treeCpuSeconds( pgPid ) } );
		printTableExport( tableResults );
		results.push( ...tableResults.map( ( r ) => Object.assign( { name: `table export ${ r.store }` }, r ) ) );
		console.log( `  load average at the end ${ os.loadavg().map( ( l ) => l.toFixed( 1 ) ).join( ' ' ) }` );
	} finally {
		cluster.stop();
		rmSync( dir, { recursive: true, force: true } );
	}
	return results;
}

if ( process.argv[ 1 ] === fileURLToPath( import.meta.url ) ) {
	// `node bench/intakePostgres.mjs`: this part of `npm run bench` alone.
	await printPostgresBench( path.resolve( path.dirname( fileURLToPath( import.meta.url ) ), '..' ) );
}
