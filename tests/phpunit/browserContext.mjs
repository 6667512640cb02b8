#!/usr/bin/env node
/**
 * The browser's contextual attributes for a page, for the PHPUnit comparison with the server's:
 * runs the browser client's own code (modules/src/mw/mwContext.ts, bundled here by esbuild) against
 * a stand-in `mw` whose mw.config holds the variables MediaWiki gives that page.
 * Reads JSON { config, user: { anon, id, name, sessionId, pageviewToken }, userAgent } from stdin,
 * writes the attributes as JSON.
 */
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve( path.dirname( fileURLToPath( import.meta.url ) ), '../..' );
const input = JSON.parse( readFileSync( 0, 'utf8' ) );
const bundle = await build( {
	absWorkingDir: root,
	entryPoints: [ 'modules/src/mw/mwContext.ts' ],
	bundle: true,
	write: false,
	format: 'cjs',
	platform: 'node',
	logLevel: 'warning'
} );
const module = { exports: {} };
// eslint-disable-next-line no-new-func
new Function( 'module', 'exports', bundle.outputFiles[ 0 ].text )( module, module.exports );
const { config, user, userAgent } = input;
const mw = {
	config: { get: ( key ) => Object.prototype.hasOwnProperty.call( config, key ) ? config[ key ] : null },
	user: {
		isAnon: () => user.anon,
		getId: () => user.id,
		getName: () => user.name,
		sessionId: () => user.sessionId,
		getPageviewToken: () => user.pageviewToken
	}
};
// The page's sampling tokens, as the every-page module reads them once per page view.
const tokens = { session: user.sessionId, pageview: user.pageviewToken };
process.stdout.write( JSON.stringify( module.exports.mwContext( mw, userAgent, ( unit ) => tokens[ unit ] ) ) );
