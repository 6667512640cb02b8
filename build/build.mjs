#!/usr/bin/env node
/**
 * Builds modules/dist (or the folder given with --out) from modules/src: one esbuild bundle per entry
 * in build/modules.mjs (ResourceLoader modules also as index.min.js), plus the type declarations of
 * the public API.
 */
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILDS, BUILT_DIRS } from './modules.mjs';

const root = path.resolve( path.dirname( fileURLToPath( import.meta.url ) ), '..' );

/**
 * @param {string} outRoot absolute path of the root to build under (the repository, or a temporary folder)
 */
export async function buildAll( outRoot ) {
	for ( const dir of BUILT_DIRS ) {
		rmSync( path.join( outRoot, dir ), { recursive: true, force: true } );
	}
	// ResourceLoader modules get a second, minified file (names shortened, which ResourceLoader's own
	// minifier does not do): what a wiki serves outside debug mode (includes/ModuleScript.php).
	const outputs = BUILDS.flatMap( ( b ) => b.resourceLoader ? [ b, Object.assign( {}, b, { out: b.out.replace( /\.js$/, '.min.js' ), minify: true } ) ] : [ b ] );
	for ( const b of outputs ) {
		await build( {
			absWorkingDir: root,
			entryPoints: [ b.entry ],
			outfile: path.join( outRoot, b.out ),
			minify: !!b.minify,
			bundle: true,
			format: b.format,
			globalName: b.globalName,
			platform: b.platform,
			target: b.target || 'es2017',
			packages: b.packages,
			external: b.external,
			charset: 'utf8',
			legalComments: 'none',
			banner: { js: '/* Generated from modules/src by `npm run build`. Do not edit. */' },
			logLevel: 'warning'
		} );
	}
	execFileSync( process.execPath, [
		path.join( root, 'node_modules/typescript/bin/tsc' ),
		'-p', path.join( root, 'tsconfig.types.json' ),
		'--outDir', path.join( outRoot, 'modules/dist/types' )
	], { stdio: 'inherit', cwd: root } );
}

if ( process.argv[ 1 ] === fileURLToPath( import.meta.url ) ) {
	await buildAll( root );
	console.log( `Built ${ BUILDS.map( ( b ) => b.out ).join( ', ' ) } and the type declarations.` );
}
