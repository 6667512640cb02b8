/**
 * What a wiki really serves: the JavaScript of each of this extension's ResourceLoader modules as
 * MediaWiki 1.39's `load.php` sends it (its own minifier, its `mw.loader.implement` wrapper, the
 * module's config.json), gzip -9, and what a plain page gains with it: the module plus every module
 * it pulls in that a plain Vector page does not already load, measured as one load.php response.
 *
 * Measured on a throwaway wiki (tests/e2e/mediawiki/setup-wiki.sh: Debian's MediaWiki, SQLite,
 * `php -S` on 127.0.0.1, the end-to-end streams). A plain page's modules are read from that wiki's
 * Main_Page (RLPAGEMODULES and RLSTATE, without this extension's), their dependencies from the
 * startup module's registry. Used by check-budgets.mjs (`npm test`) and bench/run.mjs.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/** What a plain page may gain, gzipped (half of EventLogging's); the lazily loaded modules keep their own budgets. */
export const SERVED_BUDGETS = {
	'ext.metricsPlatform': 3650,
	// Loaded on the first call, not by a plain page. 12,500 until issue 12 item 5: the per-context
	// attribute cache, the date formatter and the deferred batching that take a call from ~26 to ~5 µs
	// cost ~630 B; the inspector's outcome and delivery hooks (issue 16) ~460 B more.
	'ext.metricsPlatform.builder': 13700,
	'ext.metricsPlatform.experiments': 2500,
	// Only for users who asked for it (the debug preference, ?mpdebug=1); nobody else loads it.
	'ext.metricsPlatform.inspector': 9000
};

/**
 * EventLogging's every-page JavaScript measured the same way on the same wiki (issue 13: ext.eventLogging
 * and the modules it adds to a plain page, gzip -9 of one load.php response).
 */
export const EVENTLOGGING_SERVED = 7315;

/** This extension's modules; the lazily loaded ones come on top of the every-page one. */
const OURS = [ 'ext.metricsPlatform', 'ext.metricsPlatform.builder', 'ext.metricsPlatform.experiments', 'ext.metricsPlatform.inspector' ];
const EVERY_PAGE = OURS[ 0 ];

/** What the measurement needs installed (Debian packages, see .ci/run). */
export const SERVED_BYTES_NEEDS = [ '/usr/bin/php', '/usr/share/mediawiki/maintenance/install.php' ];

const gzipped = ( text ) => gzipSync( text, { level: 9 } ).length;

function freePort() {
	return new Promise( ( resolve ) => {
		const s = net.createServer().listen( 0, '127.0.0.1', () => {
			const { port } = s.address();
			s.close( () => resolve( port ) );
		} );
	} );
}

/**
 * Module name → names of its direct dependencies, from the startup module's registry
 * (`mw.loader.register( [ [ name, version, [ dependency indexes ], … ], … ] )`).
 *
 * @param {string} startup the startup module's script
 * @return {Map<string, string[]>}
 */
export function registryOf( startup ) {
	const start = startup.indexOf( 'mw.loader.register([[' );
	const end = startup.indexOf( ']]);', start );
	if ( start < 0 || end < 0 ) {
		throw new Error( 'the startup module has no module registry' );
	}
	const rows = JSON.parse( startup.slice( start + 'mw.loader.register('.length, end + 2 ) );
	return new Map( rows.map( ( row ) => [ row[ 0 ], ( row[ 2 ] || [] ).map( ( i ) => rows[ i ][ 0 ] ) ] ) );
}

/**
 * The modules and all their dependencies.
 *
 * @param {Map<string, string[]>} registry
 * @param {string[]} names
 * @return {Set<string>}
 */
export function closure( registry, names ) {
	const seen = new Set();
	const visit = ( name ) => {
		if ( !seen.has( name ) ) {
			seen.add( name );
			( registry.get( name ) || [] ).forEach( visit );
		}
	};
	names.forEach( visit );
	return seen;
}

/**
 * Runs `fn` against a throwaway wiki with this extension loaded (tests/e2e/mediawiki/setup-wiki.sh,
 * `php -S` on 127.0.0.1) and a minimal intake that accepts everything; stops both afterwards.
 *
 * @param {string} root the repository
 * @param {Function} fn gets the wiki's base URL, returns a promise
 * @return {Promise<*>} what `fn` resolved to
 */
export async function withThrowawayWiki( root, fn ) {
	const dir = mkdtempSync( path.join( os.tmpdir(), 'mp-served-' ) );
	const port = await freePort();
	const intakePort = await freePort();
	const settings = execFileSync( 'bash', [ path.join( root, 'tests/e2e/mediawiki/setup-wiki.sh' ), dir, String( port ), String( intakePort ) ], { encoding: 'utf8' } ).trim();
	const intake = http.createServer( ( req, res ) => {
		req.resume();
		req.on( 'end', () => res.writeHead( 201, { 'Access-Control-Allow-Origin': '*' } ).end() );
	} ).listen( intakePort, '127.0.0.1' );
	const php = spawn( 'php', [ '-S', `127.0.0.1:${ port }`, '-t', '/usr/share/mediawiki' ], {
		env: Object.assign( {}, process.env, { MW_CONFIG_FILE: settings, PHP_CLI_SERVER_WORKERS: '2' } ),
		detached: true,
		stdio: 'ignore'
	} );
	try {
		return await fn( `http://127.0.0.1:${ port }` );
	} finally {
		try {
			process.kill( -php.pid, 'SIGTERM' );
		} catch ( e ) {
			// Already gone.
		}
		intake.close();
		rmSync( dir, { recursive: true, force: true } );
	}
}

/**
 * Measures the served bytes on a wiki with this extension loaded.
 *
 * @param {string} wiki the wiki's base URL (withThrowawayWiki)
 * @return {Promise<{ rows: { name: string, served: number, gzipped: number, gained: string[], gainedGzipped: number }[], plainPage: string[] }>}
 */
export async function servedBytesOf( wiki ) {
	const get = async ( url ) => {
		for ( let i = 0; ; i++ ) {
			try {
				const response = await fetch( wiki + url );
				if ( !response.ok ) {
					throw new Error( `${ url }: HTTP ${ response.status }` );
				}
				return await response.text();
			} catch ( e ) {
				if ( i >= 100 ) {
					throw e;
				}
				await new Promise( ( r ) => setTimeout( r, 100 ) );
			}
		}
	};
	const scripts = ( names ) => get( `/load.php?lang=en&skin=vector&only=scripts&modules=${ encodeURIComponent( names.join( '|' ) ) }` );
	const html = await get( '/index.php/Main_Page' );
	const pageModules = JSON.parse( /RLPAGEMODULES=(\[[^\]]*\])/.exec( html )[ 1 ] );
	const pageState = Object.keys( JSON.parse( /RLSTATE=(\{[^}]*\})/.exec( html )[ 1 ] ) );
	const registry = registryOf( await get( '/load.php?lang=en&skin=vector&only=scripts&raw=1&modules=startup' ) );
	const plain = closure( registry, pageModules.concat( pageState ).filter( ( name ) => !OURS.includes( name ) ) );
	const everyPage = closure( registry, [ EVERY_PAGE ] );
	const rows = [];
	for ( const name of OURS ) {
		const own = await scripts( [ name ] );
		// The lazily loaded modules come onto a page that already has the every-page module.
		const gained = [ ...closure( registry, [ name ] ) ].filter( ( m ) => !plain.has( m ) && ( name === EVERY_PAGE || !everyPage.has( m ) ) ).sort();
		rows.push( { name, served: own.length, gzipped: gzipped( own ), gained, gainedGzipped: gzipped( await scripts( gained ) ) } );
	}
	return { rows, plainPage: [ ...plain ].sort() };
}

/**
 * Measures the served bytes on a throwaway wiki.
 *
 * @param {string} root the repository
 * @return {Promise<Object>} as servedBytesOf
 */
export function servedBytes( root ) {
	return withThrowawayWiki( root, servedBytesOf );
}

/**
 * Whether the served bytes can be measured here.
 *
 * @return {string[]} what is missing
 */
export function servedBytesMissing() {
	return SERVED_BYTES_NEEDS.filter( ( p ) => !existsSync( p ) );
}
