#!/usr/bin/env node
/**
 * `npm run fixtures`: runs every generator of tests/fixtures/ (build/generate-*-vectors.mjs), each of
 * which computes its expected values independently of the clients. With --check, runs them in a
 * scratch copy instead and fails when a committed fixture differs from what its generator writes
 * (npm test does this), so no expected value can drift from the code that states where it comes from.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve( path.dirname( fileURLToPath( import.meta.url ) ), '..' );
const generators = readdirSync( path.join( root, 'build' ) ).filter( ( f ) => /^generate-.+-vectors\.mjs$/.test( f ) ).sort();
const check = process.argv.includes( '--check' );
const base = check ? mkdtempSync( path.join( os.tmpdir(), 'mp-fixtures-' ) ) : root;
if ( check ) {
	cpSync( path.join( root, 'build' ), path.join( base, 'build' ), { recursive: true } );
	cpSync( path.join( root, 'schemas' ), path.join( base, 'schemas' ), { recursive: true } );
	mkdirSync( path.join( base, 'tests/fixtures' ), { recursive: true } );
	symlinkSync( path.join( root, 'node_modules' ), path.join( base, 'node_modules' ) );
}
let stale = 0;
for ( const generator of generators ) {
	const r = spawnSync( process.execPath, [ path.join( base, 'build', generator ) ], { encoding: 'utf8' } );
	if ( r.status !== 0 ) {
		console.log( `not ok - ${ generator } failed: ${ r.stderr }` );
		stale++;
		continue;
	}
	if ( !check ) {
		process.stdout.write( r.stdout );
		continue;
	}
	for ( const file of readdirSync( path.join( base, 'tests/fixtures' ) ) ) {
		const fresh = readFileSync( path.join( base, 'tests/fixtures', file ), 'utf8' );
		let committed = '';
		try {
			committed = readFileSync( path.join( root, 'tests/fixtures', file ), 'utf8' );
		} catch ( e ) {
			// Missing: reported below.
		}
		console.log( `${ fresh === committed ? 'ok' : 'not ok' } - tests/fixtures/${ file } is what ${ generator } writes` );
		stale += fresh === committed ? 0 : 1;
		rmSync( path.join( base, 'tests/fixtures', file ) );
	}
}
if ( check ) {
	rmSync( base, { recursive: true, force: true } );
}
process.exitCode = stale ? 1 : 0;
