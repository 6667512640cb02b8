#!/usr/bin/env node
/**
 * The demo end to end, as a newcomer sees it: `npm start` (demo/server.mjs) on a free port, Debian's
 * Chromium driven by playwright-core. Clicking a button must show the event in the live view within
 * 5 s as a readable row (time, stream, action, key attributes, outcome; its JSON one click away), and
 * the event must be in the SQLite store and counted in the chart; a call the browser drops and one the
 * intake refuses must show as rows with their reasons; a page closed right after a click must still
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
 * The newest accepted event in the live view (its raw JSON).
 *
 * @param page
 */
async function newestEvent( page ) {
	return JSON.parse( await page.locator( 'tbody.mp-accepted pre.mp-raw' ).first().textContent() );
}

async function waitForMore( page, before, timeout ) {
	await page.waitForFunction( ( n ) => document.querySelectorAll( 'tbody.mp-accepted' ).length > n, before, { timeout } );
}

/**
 * The cells of the newest row of a kind, as text.
 *
 * @param page
 * @param kind accepted, refused or dropped
 */
async function newestRow( page, kind ) {
	const row = page.locator( `tbody.mp-${ kind }` ).first();
	const text = async ( cls ) => ( await row.locator( 'tr:first-child ' + cls ).textContent() ).replace( /\s*JSON$/, '' ).trim();
	return { row, time: await text( '.mp-time' ), stream: await text( '.mp-stream' ), action: await text( '.mp-action' ), details: await text( '.mp-details' ), outcome: await text( '.mp-outcome' ) };
}

/**
 * The chart's count for a stream: the sum of its bars, and its legend's total.
 *
 * @param page
 * @param stream
 */
async function chartCount( page, stream ) {
	return page.evaluate( ( s ) => {
		let bars = 0;
		document.querySelectorAll( `#mp-chart rect[data-stream="${ s }"]` ).forEach( ( r ) => {
			bars += Number( r.getAttribute( 'data-count' ) );
		} );
		const legend = document.querySelector( `#mp-chart-summary [data-stream="${ s }"]` );
		const m = legend ? /: (\d+) event/.exec( legend.textContent ) : null;
		return { bars, legend: m ? Number( m[ 1 ] ) : 0 };
	}, stream );
}

const { child, url } = await startDemo();
const browser = await chromium.launch( { executablePath: CHROMIUM, args: [ '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking' ] } );
try {
	const context = await browser.newContext();
	const page = await context.newPage();
	await page.goto( url + '/' );
	await page.waitForSelector( '#mp-status:text("(live)")', { timeout: 10000 } );
	const live = page.locator( 'tbody.mp-accepted' );

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

	await scenario( 'the row is readable (time of the call, stream, action, key attributes, outcome); its JSON is one click away; the chart counts it', async () => {
		const chartBefore = await chartCount( page, 'demo.clicks' );
		const before = await live.count();
		await page.click( '#ca-watch' );
		await waitForMore( page, before, 5000 );
		const event = await newestEvent( page );
		const row = await newestRow( page, 'accepted' );
		const called = new Date( event.dt );
		const pad = ( n ) => String( n ).padStart( 2, '0' );
		const expectedTime = `${ pad( called.getHours() ) }:${ pad( called.getMinutes() ) }:${ pad( called.getSeconds() ) }`;
		if ( row.time !== expectedTime || row.stream !== 'demo.clicks' || row.action !== 'click' ) {
			throw new Error( `row ${ JSON.stringify( row ) }, expected time ${ expectedTime } (the event's dt, in the browser's zone)` );
		}
		if ( !row.details.includes( 'element: ca-watch' ) || !row.details.includes( 'name: Watch' ) || !row.details.includes( 'anonymous' ) || !/^accepted \d\d:\d\d:\d\d$/.test( row.outcome ) ) {
			throw new Error( 'row ' + JSON.stringify( row ) );
		}
		const raw = row.row.locator( 'pre.mp-raw' );
		const toggle = row.row.locator( 'button.mp-json-toggle' );
		if ( await raw.isVisible() || await toggle.getAttribute( 'aria-expanded' ) !== 'false' ) {
			throw new Error( 'the raw JSON shows before it is asked for' );
		}
		await toggle.click();
		await raw.waitFor( { state: 'visible', timeout: 2000 } );
		if ( await toggle.getAttribute( 'aria-expanded' ) !== 'true' || await toggle.getAttribute( 'aria-controls' ) !== await raw.getAttribute( 'id' ) ) {
			throw new Error( 'the JSON button does not say what it shows' );
		}
		const headers = await page.locator( '#mp-calls thead th[scope="col"]' ).allTextContents();
		if ( headers.join( '|' ) !== 'Time|Stream|Action|Details|Outcome' ) {
			throw new Error( 'column headers ' + JSON.stringify( headers ) );
		}
		await page.waitForFunction( ( n ) => {
			const legend = document.querySelector( '#mp-chart-summary [data-stream="demo.clicks"]' );
			return legend && Number( /: (\d+) event/.exec( legend.textContent )[ 1 ] ) > n;
		}, chartBefore.legend, { timeout: 2000 } );
		const chart = await chartCount( page, 'demo.clicks' );
		if ( chart.bars !== chart.legend || chart.legend < chartBefore.legend + 1 ) {
			throw new Error( `chart ${ JSON.stringify( chart ) } after ${ JSON.stringify( chartBefore ) }` );
		}
		const label = await page.getAttribute( '#mp-chart', 'aria-labelledby' );
		if ( await page.getAttribute( '#mp-chart', 'role' ) !== 'img' || !label.includes( 'mp-chart-summary' ) ) {
			throw new Error( 'the chart has no text alternative' );
		}
		return `"${ row.time } | ${ row.stream } | ${ row.action } | ${ row.details } | ${ row.outcome }"; chart: ${ chart.legend } demo.clicks events in the last 5 minutes`;
	} );

	await scenario( 'an event the intake refuses shows as refused, with the intake\'s reason (from /v1/trace)', async () => {
		await page.click( '#ca-preview' );
		await page.waitForSelector( 'tbody.mp-refused', { timeout: 10000 } );
		const row = await newestRow( page, 'refused' );
		if ( row.stream !== 'demo.preview' || !/^refused by the intake: .*"demo\.preview" is not declared/.test( row.outcome ) ) {
			throw new Error( 'row ' + JSON.stringify( row ) );
		}
		const entry = JSON.parse( await row.row.locator( 'pre.mp-raw' ).textContent() );
		if ( entry.kind !== 'error' || typeof entry.id !== 'string' || storedCount( entry.id ) !== 0 ) {
			throw new Error( 'trace entry ' + JSON.stringify( entry ) );
		}
		return row.outcome;
	} );

	await scenario( 'curation: the logged-in stream takes the event only when logged in', async () => {
		const before = await live.count();
		await page.click( '#ca-editor-save' );
		// A later event of the same page, on a stream without curation: once it is shown, the anonymous
		// save (recorded before it, delivered in the same or an earlier batch) would be too.
		await page.click( '#n-help' );
		await waitForMore( page, before, 10000 );
		const shown = await page.locator( 'tbody.mp-accepted pre.mp-raw' ).allTextContents();
		const arrived = shown.slice( 0, shown.length - before ).map( ( t ) => JSON.parse( t ) );
		if ( arrived.some( ( e ) => e.meta.stream === 'demo.editors' ) ) {
			throw new Error( 'an anonymous event passed the curation rule' );
		}
		if ( !arrived.some( ( e ) => e.element_id === 'n-help' ) ) {
			throw new Error( 'the marker did not arrive: ' + JSON.stringify( arrived ) );
		}
		const dropped = await newestRow( page, 'dropped' );
		if ( dropped.stream !== 'demo.editors' || dropped.action !== 'save' || !/^dropped in the browser: filtered by the curation rule performer_is_logged_in equals true/.test( dropped.outcome ) ) {
			throw new Error( 'the dropped call\'s row: ' + JSON.stringify( dropped ) );
		}
		const afterMarker = await live.count();
		await page.check( '#logged-in' );
		await page.click( '#ca-editor-save' );
		await waitForMore( page, afterMarker, 10000 );
		const event = await newestEvent( page );
		if ( event.meta.stream !== 'demo.editors' || event.performer.edit_count_bucket !== '5-99 edits' ) {
			throw new Error( 'unexpected event ' + JSON.stringify( event ) );
		}
		return 'filtered when anonymous (shown as dropped with the rule; a later marker event arrived, the save did not), sent when logged in (5-99 edits)';
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
