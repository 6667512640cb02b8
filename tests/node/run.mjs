#!/usr/bin/env node
/**
 * Runs the QUnit suites in Node: compiles tests/node/**\/*.test.ts with esbuild (packages stay
 * external), loads them into QUnit and prints TAP, then a closing line "N passed, N failed, N skipped".
 * Usage: node tests/node/run.mjs [filter]; with TEST_ORDER=interleave, the suites over real HTTP
 * (intake, faults, quality) alternate with the others. FC_SEED (and FC_PATH) replay a fast-check
 * failure as it reported it: `FC_SEED=2114033971 node tests/node/run.mjs core/deliveryTabs`.
 */
import { build } from 'esbuild';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve( path.dirname( fileURLToPath( import.meta.url ) ), '../..' );
const outDir = path.join( root, '.cache/tests' );
const require = createRequire( import.meta.url );

function findTests( dir ) {
	return readdirSync( dir, { withFileTypes: true } ).flatMap( ( d ) => {
		const p = path.join( dir, d.name );
		return d.isDirectory() ? findTests( p ) : d.name.endsWith( '.test.ts' ) ? [ p ] : [];
	} );
}

const filter = process.argv[ 2 ];
let files = findTests( path.join( root, 'tests/node' ) ).filter( ( f ) => !filter || f.includes( filter ) ).sort();
if ( process.env.TEST_ORDER === 'interleave' ) {
	// Suites over real HTTP (intake, faults, quality) alternate with the others (fake timers, jsdom):
	// a check that no suite leaves the next one a trap, whatever the order.
	const network = files.filter( ( f ) => /[\\/](intake|faults|quality)[\\/]/.test( f ) );
	const other = files.filter( ( f ) => !network.includes( f ) );
	files = [];
	while ( network.length || other.length ) {
		files.push( ...network.splice( 0, 1 ), ...other.splice( 0, 1 ) );
	}
}
rmSync( outDir, { recursive: true, force: true } );
await build( {
	absWorkingDir: root,
	entryPoints: files,
	outdir: outDir,
	outbase: path.join( root, 'tests/node' ),
	bundle: true,
	packages: 'external',
	platform: 'node',
	format: 'cjs',
	target: 'node20',
	sourcemap: 'inline',
	logLevel: 'warning'
} );

if ( process.env.FC_SEED ) {
	// Every fc.assert of the run starts from this seed (and path: only that counterexample).
	require( 'fast-check' ).configureGlobal( Object.assign( { seed: Number( process.env.FC_SEED ) }, process.env.FC_PATH ? { path: process.env.FC_PATH } : {} ) );
}

const QUnit = require( 'qunit' );
globalThis.QUnit = QUnit;
QUnit.config.autostart = false;
QUnit.config.testTimeout = 60000;
QUnit.reporters.tap.init( QUnit );

// The suites share one process, so none may leave the next one a trap (a crash seen once: an intake
// test's keep-alive socket closed while a MediaWiki-module test had faked clearTimeout; see
// tests/node/fakeTimers.ts). A test that leaves fake timers installed fails, and they are put back;
// between top-level modules, the idle keep-alive sockets of Node's fetch are closed.
const REAL_TIMERS = { setTimeout, clearTimeout, setInterval, clearInterval, setImmediate, clearImmediate, Date };
QUnit.hooks.afterEach( ( assert ) => {
	const left = Object.keys( REAL_TIMERS ).filter( ( name ) => globalThis[ name ] !== REAL_TIMERS[ name ] );
	if ( left.length ) {
		Object.assign( globalThis, REAL_TIMERS );
		assert.pushResult( { result: false, actual: left, expected: [], message: `the test left fake timers installed (${ left.join( ', ' ) }); put back` } );
	}
} );
let topModule = null;
QUnit.hooks.beforeEach( async () => {
	const top = QUnit.config.current.module.name.split( ' > ' )[ 0 ];
	if ( top !== topModule ) {
		topModule = top;
		await closeIdleFetchSockets();
	}
} );

/**
 * Replaces the dispatcher of Node's fetch with a new one and closes the old (its idle keep-alive
 * sockets; requests still in flight are given 2 s). Node keeps it under this symbol (undici's
 * lib/global.js), shared by every copy of undici in the process.
 */
async function closeIdleFetchSockets() {
	const key = Symbol.for( 'undici.globalDispatcher.1' );
	const old = globalThis[ key ];
	if ( old && typeof old.close === 'function' ) {
		globalThis[ key ] = new old.constructor();
		let timer;
		await Promise.race( [ old.close().catch( () => {} ), new Promise( ( resolve ) => ( timer = REAL_TIMERS.setTimeout( resolve, 2000 ) ) ) ] );
		REAL_TIMERS.clearTimeout( timer );
	}
}
// A crash must show as a failure with a name. An uncaught exception or unhandled rejection fails the
// test in progress (QUnit's own handling, which its CLI sets up and a bare require does not), and
// the run goes on. A process that ends before the closing line says so (exit code, the test in
// progress, the last finished); one killed by a signal (a native crash, the OOM killer) cannot, so
// the same is kept in PROGRESS_FILE for build/test.mjs to report.
const PROGRESS_FILE = path.join( outDir, 'progress.json' );
const progress = { current: null, lastFinished: null };
let ended = false;
QUnit.on( 'testStart', ( { fullName } ) => {
	progress.current = fullName.join( ' > ' );
	writeFileSync( PROGRESS_FILE, JSON.stringify( progress ) );
} );
QUnit.on( 'testEnd', ( { fullName } ) => {
	progress.lastFinished = fullName.join( ' > ' );
	progress.current = null;
} );
process.on( 'uncaughtException', ( error ) => QUnit.onUncaughtException( error ) );
process.on( 'unhandledRejection', ( reason ) => QUnit.onUncaughtException( reason ) );
process.on( 'exit', ( code ) => {
	if ( !ended ) {
		console.log( `Bail out! The QUnit process ended (exit code ${ code }) ${ progress.current ? `during "${ progress.current }"` : 'between tests' }; last finished: "${ progress.lastFinished }"` );
		process.exitCode = code || 1;
	}
} );

QUnit.on( 'runEnd', ( { testCounts } ) => {
	ended = true;
	console.log( `${ testCounts.passed } passed, ${ testCounts.failed } failed, ${ testCounts.skipped + testCounts.todo } skipped` );
	process.exitCode = testCounts.failed ? 1 : 0;
	// A test that leaves a server or timer behind must not hang CI: say so, and stop.
	setTimeout( () => {
		console.error( '# something kept the process alive after the last test; exiting' );
		// eslint-disable-next-line n/no-process-exit
		process.exit();
	}, 3000 ).unref();
} );
for ( const f of files ) {
	require( path.join( outDir, path.relative( path.join( root, 'tests/node' ), f ).replace( /\.ts$/, '.js' ) ) );
}
QUnit.start();
