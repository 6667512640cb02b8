/**
 * Bytes of each built browser bundle, as esbuild would ship them (for the benchmark; what a wiki
 * serves, and the budgets, are in servedBytes.mjs):
 *  - minified: esbuild with renaming, inside the function wrapper ResourceLoader adds (what a
 *    bundler would ship), then gzip -6;
 *  - whitespace-only: comments and white space removed, names kept (close to what ResourceLoader's
 *    own minifier serves), then gzip -6.
 */
import { transformSync } from 'esbuild';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { BUILDS } from './modules.mjs';

const gzipped = ( text ) => gzipSync( text, { level: 6 } ).length;

/**
 * @param {string} root the repository
 * @return {{ name: string, built: number, minified: number, gzipped: number, wsOnly: number, wsGzipped: number }[]}
 */
export function bundleSizes( root ) {
	return BUILDS.filter( ( b ) => b.platform === 'browser' || b.name === 'node' ).map( ( b ) => {
		const source = readFileSync( path.join( root, b.out ), 'utf8' );
		const min = transformSync( `mw.loader.implement("m",function(require,module,exports){${ source }\n});`, { minify: true, target: 'es2017' } ).code;
		const ws = transformSync( source, { minifyWhitespace: true, target: 'es2017' } ).code;
		return { name: b.name, built: source.length, minified: min.length, gzipped: gzipped( min ), wsOnly: ws.length, wsGzipped: gzipped( ws ) };
	} );
}
