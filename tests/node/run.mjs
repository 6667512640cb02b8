#!/usr/bin/env node
/**
 * Runs the QUnit suites in Node: compiles tests/node/**\/*.test.ts with esbuild (packages stay
 * external), loads them into QUnit and prints TAP, then a closing line "N passed, N failed, N skipped".
 * Usage: node tests/node/run.mjs [filter]
 */
import { build } from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
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
const files = findTests( path.join( root, 'tests/node' ) ).filter( ( f ) => !filter || f.includes( filter ) ).sort();
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

const QUnit = require( 'qunit' );
globalThis.QUnit = QUnit;
QUnit.config.autostart = false;
QUnit.config.testTimeout = 60000;
QUnit.reporters.tap.init( QUnit );
QUnit.on( 'runEnd', ( { testCounts } ) => {
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
