#!/usr/bin/env node
/**
 * The demo end to end, as a newcomer sees it: `npm start` (demo/server.mjs) on a free port, Debian's
 * Chromium driven by playwright-core. Clicking a button must show the event in the live view within
 * 2 s, and the event must be in the SQLite store; a page closed right after a click must still
 * deliver it (beacon on pagehide). Prints one line per scenario and a closing "N passed, N failed".
 */
/* global document, window */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve( path.dirname( fileURLToPath( import.meta.url ) ), '../..' );
const require = createRequire( import.meta.url );
const { chromium } = require( 'playwright-core' );
const Database = require( 'better-sqlite3' );

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const watchdog = setTimeout( () => {
	console.error( 'demo e2e: watchdog fired after 120 s' );
	// A hung browser must not hang CI.
	// eslint-disable-next-line n/no-process-exit
	process.exit( 1 );
}, 120000 );

const results = [];
async function scenario( name, fn ) {
	const start = Date.now();
	try {
		const detail = await fn();
		results.push( true );
		console.log( `ok - ${ name } (${ Date.now() - start } ms)${ detail ? ': ' + detail : '' }` );
	} catch ( e ) {
		results.push( false );
		console.log( `not ok - ${ name }: ${ e.message }` );
	}
}

function startDemo() {
	const server = spawn( process.execPath, [ 'demo/server.mjs' ], { cwd: root, env: Object.assign( {}, process.env, { PORT: '0' } ), stdio: [ 'ignore', 'pipe', 'inherit' ] } );
	return new Promise( ( resolve, reject ) => {
		server.stdout.on( 'data', ( chunk ) => {
			const m = /open (http:\/\/\S+?)\/ /.exec( String( chunk ) );
			if ( m ) {
				resolve( { child: server, url: m[ 1 ] } );
			}
		} );
		server.on( 'exit', ( code ) => reject( new Error( `demo exited with ${ code }` ) ) );
	} );
}

function storedCount( id ) {
	const db = new Database( path.join( root, 'demo-events.sqlite' ), { readonly: true } );
	try {
		return db.prepare( 'SELECT COUNT(*) AS n FROM events WHERE id = ?' ).get( id ).n;
	} finally {
		db.close();
	}
}

/**
 * The newest event in the live view.
 *
 * @param page
 */
async function newestEvent( page ) {
	return JSON.parse( await page.locator( 'li.mp-event code' ).first().textContent() );
}

async function waitForMore( page, before, timeout ) {
	await page.waitForFunction( ( n ) => document.querySelectorAll( 'li.mp-event' ).length > n, before, { timeout } );
}

const { child, url } = await startDemo();
const browser = await chromium.launch( { executablePath: CHROMIUM, args: [ '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking' ] } );
try {
	const context = await browser.newContext();
	const page = await context.newPage();
	await page.goto( url + '/' );
	await page.waitForSelector( '#mp-status:text("(live)")', { timeout: 10000 } );
	const live = page.locator( 'li.mp-event' );

	// The client waits 1 s (its linger) for more events; the margin covers a slow machine.
	await scenario( 'a click shows in the live view within 5 s and is in the SQLite store', async () => {
		const before = await live.count();
		const clicked = Date.now();
		await page.click( '#ca-edit' );
		await waitForMore( page, before, 5000 );
		const shownAfter = Date.now() - clicked;
		const event = await newestEvent( page );
		if ( event.action !== 'click' || event.element_id !== 'ca-edit' || event.page.title !== 'Dark_Souls' ) {
			throw new Error( 'unexpected event ' + JSON.stringify( event ) );
		}
		if ( storedCount( event.meta.id ) !== 1 ) {
			throw new Error( `event ${ event.meta.id } is not in the store once` );
		}
		return `shown after ${ shownAfter } ms, stored once`;
	} );

	await scenario( 'curation: the logged-in stream takes the event only when logged in', async () => {
		const before = await live.count();
		await page.click( '#ca-editor-save' );
		// A later event of the same page, on a stream without curation: once it is shown, the anonymous
		// save (recorded before it, delivered in the same or an earlier batch) would be too.
		await page.click( '#n-help' );
		await waitForMore( page, before, 10000 );
		const shown = await page.locator( 'li.mp-event code' ).allTextContents();
		const arrived = shown.slice( 0, shown.length - before ).map( ( t ) => JSON.parse( t ) );
		if ( arrived.some( ( e ) => e.meta.stream === 'demo.editors' ) ) {
			throw new Error( 'an anonymous event passed the curation rule' );
		}
		if ( !arrived.some( ( e ) => e.element_id === 'n-help' ) ) {
			throw new Error( 'the marker did not arrive: ' + JSON.stringify( arrived ) );
		}
		const afterMarker = await live.count();
		await page.check( '#logged-in' );
		await page.click( '#ca-editor-save' );
		await waitForMore( page, afterMarker, 10000 );
		const event = await newestEvent( page );
		if ( event.meta.stream !== 'demo.editors' || event.performer.edit_count_bucket !== '5-99 edits' ) {
			throw new Error( 'unexpected event ' + JSON.stringify( event ) );
		}
		return 'filtered when anonymous (a later marker event arrived, the save did not), sent when logged in (5-99 edits)';
	} );

	await scenario( 'closing the page right after a click loses nothing (beacon on pagehide)', async () => {
		const before = await live.count();
		const other = await context.newPage();
		await other.goto( url + '/' );
		await other.waitForFunction( () => !!window.demoClient, null, { timeout: 5000 } );
		await other.click( '#ca-watch' );
		const pending = await other.evaluate( () => window.demoClient.pending() );
		await other.close( { runBeforeUnload: true } );
		await waitForMore( page, before, 10000 );
		const event = await newestEvent( page );
		if ( event.element_id !== 'ca-watch' || storedCount( event.meta.id ) !== 1 ) {
			throw new Error( 'unexpected event ' + JSON.stringify( event ) );
		}
		return `${ pending } event waiting when the page closed; it arrived and is stored once`;
	} );
} finally {
	await browser.close();
	child.kill( 'SIGINT' );
	await new Promise( ( r ) => child.on( 'exit', r ) );
	clearTimeout( watchdog );
}
const passed = results.filter( Boolean ).length;
console.log( `${ passed } passed, ${ results.length - passed } failed` );
process.exitCode = passed === results.length ? 0 : 1;
