#!/usr/bin/env node
/**
 * Builds modules/dist (or the folder given with --out) from modules/src: one esbuild bundle per entry
 * in build/modules.mjs, plus the type declarations of the public API.
 */
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILDS } from './modules.mjs';

const root = path.resolve( path.dirname( fileURLToPath( import.meta.url ) ), '..' );

/**
 * @param {string} outDir absolute path of the folder to fill
 */
export async function buildAll( outDir ) {
	rmSync( outDir, { recursive: true, force: true } );
	for ( const b of BUILDS ) {
		await build( {
			absWorkingDir: root,
			entryPoints: [ b.entry ],
			outfile: path.join( outDir, b.out ),
			bundle: true,
			format: b.format,
			globalName: b.globalName,
			platform: b.platform,
			target: 'es2017',
			charset: 'utf8',
			legalComments: 'none',
			banner: { js: '/* Generated from modules/src by `npm run build`. Do not edit. */' },
			logLevel: 'warning'
		} );
	}
	execFileSync( process.execPath, [
		path.join( root, 'node_modules/typescript/bin/tsc' ),
		'-p', path.join( root, 'tsconfig.types.json' ),
		'--outDir', path.join( outDir, 'types' )
	], { stdio: 'inherit', cwd: root } );
}

if ( process.argv[ 1 ] === fileURLToPath( import.meta.url ) ) {
	const i = process.argv.indexOf( '--out' );
	const out = i > 0 ? path.resolve( process.argv[ i + 1 ] ) : path.join( root, 'modules/dist' );
	await buildAll( out );
	console.log( `Built ${ BUILDS.length } bundles and the type declarations into ${ path.relative( root, out ) || '.' }` );
}
