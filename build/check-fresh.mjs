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
import { BUILT_DIRS } from './modules.mjs';

const root = path.resolve( path.dirname( fileURLToPath( import.meta.url ) ), '..' );

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
	const problems = [];
	let count = 0;
	for ( const dir of BUILT_DIRS ) {
		const fresh = listFiles( path.join( tmp, dir ) );
		const old = listFiles( path.join( root, dir ) );
		count += fresh.length;
		problems.push(
			...fresh.filter( ( f ) => !old.includes( f ) ).map( ( f ) => `missing: ${ dir }/${ f }` ),
			...old.filter( ( f ) => !fresh.includes( f ) ).map( ( f ) => `not built any more: ${ dir }/${ f }` ),
			...fresh.filter( ( f ) => old.includes( f ) &&
				!readFileSync( path.join( tmp, dir, f ) ).equals( readFileSync( path.join( root, dir, f ) ) ) )
				.map( ( f ) => `stale: ${ dir }/${ f }` )
		);
	}
	if ( problems.length ) {
		console.error( problems.join( '\n' ) + '\nBuilt files are stale: run `npm run build` and commit the result.' );
		process.exitCode = 1;
	} else {
		console.log( `Built files are fresh (${ count } files in ${ BUILT_DIRS.join( ', ' ) }).` );
	}
} finally {
	rmSync( tmp, { recursive: true, force: true } );
}
