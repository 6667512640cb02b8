#!/usr/bin/env node
/**
 * `npm test`: everything a newcomer needs to trust a change, in order: the freshness of
 * the built files, lint and banana, type checks (the core without DOM types), the QUnit suites
 * (core, adapters, intake, fault tests against the real intake) and, where Chromium is installed,
 * the end-to-end run of the demo.
 * Ends with one line "N passed, N failed" (QUnit tests plus one per check stage).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve( path.dirname( fileURLToPath( import.meta.url ) ), '..' );
const node = process.execPath;
const bin = ( p ) => path.join( root, 'node_modules', p );

const stages = [
	[ 'freshness of the built files', [ node, 'build/check-fresh.mjs' ] ],
	[ 'lint and banana (grunt test)', [ node, bin( 'grunt/bin/grunt' ), '--gruntfile', 'Gruntfile.cjs', 'test' ] ],
	[ 'type check', [ node, bin( 'typescript/bin/tsc' ), '-p', 'tsconfig.json' ] ],
	[ 'type check of the pure core (no DOM, no Node)', [ node, bin( 'typescript/bin/tsc' ), '-p', 'tsconfig.core.json' ] ]
];

let passed = 0;
let failed = 0;
for ( const [ name, [ cmd, ...args ] ] of stages ) {
	process.stdout.write( `# ${ name }\n` );
	const r = spawnSync( cmd, args, { cwd: root, stdio: 'inherit' } );
	if ( r.status === 0 ) {
		passed++;
	} else {
		failed++;
		console.log( `not ok - ${ name }` );
	}
}

process.stdout.write( '# QUnit suites\n' );
const q = spawnSync( node, [ 'tests/node/run.mjs' ], { cwd: root, encoding: 'utf8', stdio: [ 'inherit', 'pipe', 'inherit' ] } );
const out = q.stdout || '';
process.stdout.write( out.replace( /^\d+ passed, \d+ failed\n?$/m, '' ) );
const summary = /^(\d+) passed, (\d+) failed$/m.exec( out );
if ( summary ) {
	passed += Number( summary[ 1 ] );
	failed += Number( summary[ 2 ] );
}
if ( !summary || q.status !== 0 ) {
	failed += summary && Number( summary[ 2 ] ) ? 0 : 1;
}

// End to end in a real browser: needs Debian's Chromium (.ci/run installs it; E2E_REQUIRED=1 there).
const chromium = process.env.CHROMIUM || '/usr/bin/chromium';
if ( existsSync( chromium ) ) {
	process.stdout.write( '# end to end: the demo in Chromium\n' );
	const e = spawnSync( node, [ 'tests/e2e/demo.e2e.mjs' ], { cwd: root, encoding: 'utf8', stdio: [ 'inherit', 'pipe', 'inherit' ] } );
	process.stdout.write( ( e.stdout || '' ).replace( /^\d+ passed, \d+ failed\n?$/m, '' ) );
	const m = /^(\d+) passed, (\d+) failed$/m.exec( e.stdout || '' );
	passed += m ? Number( m[ 1 ] ) : 0;
	failed += m ? Number( m[ 2 ] ) : 1;
} else if ( process.env.E2E_REQUIRED ) {
	console.log( `not ok - end to end: no Chromium at ${ chromium }` );
	failed++;
} else {
	console.log( `# end to end skipped: no Chromium at ${ chromium } (apt-get install chromium)` );
}

console.log( `${ passed } passed, ${ failed } failed` );
process.exitCode = failed ? 1 : 0;
