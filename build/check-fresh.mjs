#!/usr/bin/env node
/**
 * Fails when modules/dist differs from a fresh build of modules/src: rebuilds into a temporary
 * folder and compares the whole trees (missing, extra and changed files).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAll } from './build.mjs';

const root = path.resolve( path.dirname( fileURLToPath( import.meta.url ) ), '..' );
const committed = path.join( root, 'modules/dist' );

function listFiles( dir, prefix = '' ) {
	let entries;
	try {
		entries = readdirSync( path.join( dir, prefix ), { withFileTypes: true } );
	} catch {
		return [];
	}
	return entries.flatMap( ( e ) => {
		const rel = path.join( prefix, e.name );
		return e.isDirectory() ? listFiles( dir, rel ) : [ rel ];
	} ).sort();
}

const tmp = mkdtempSync( path.join( os.tmpdir(), 'mp-fresh-' ) );
try {
	await buildAll( tmp );
	const fresh = listFiles( tmp );
	const old = listFiles( committed );
	const problems = [
		...fresh.filter( ( f ) => !old.includes( f ) ).map( ( f ) => `missing: modules/dist/${ f }` ),
		...old.filter( ( f ) => !fresh.includes( f ) ).map( ( f ) => `not built any more: modules/dist/${ f }` ),
		...fresh.filter( ( f ) => old.includes( f ) &&
			!readFileSync( path.join( tmp, f ) ).equals( readFileSync( path.join( committed, f ) ) ) )
			.map( ( f ) => `stale: modules/dist/${ f }` )
	];
	if ( problems.length ) {
		console.error( problems.join( '\n' ) + '\nmodules/dist is stale: run `npm run build` and commit the result.' );
		process.exitCode = 1;
	} else {
		console.log( `modules/dist is fresh (${ fresh.length } files).` );
	}
} finally {
	rmSync( tmp, { recursive: true, force: true } );
}
