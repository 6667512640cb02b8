#!/usr/bin/env node
/**
 * `npm test`: everything a newcomer needs to trust a change, in order: the freshness of
 * modules/dist, lint and banana, type checks (the core without DOM types), and the QUnit suites.
 * Ends with one line "N passed, N failed" (QUnit tests plus one per check stage).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve( path.dirname( fileURLToPath( import.meta.url ) ), '..' );
const node = process.execPath;
const bin = ( p ) => path.join( root, 'node_modules', p );

const stages = [
	[ 'freshness of modules/dist', [ node, 'build/check-fresh.mjs' ] ],
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

console.log( `${ passed } passed, ${ failed } failed` );
process.exitCode = failed ? 1 : 0;
