#!/usr/bin/env node
/* global window, mw, document */
/**
 * The inspector in a real MediaWiki 1.39 (Debian's package, SQLite, `php -S` on 127.0.0.1), driven
 * in Debian's Chromium by playwright-core: with the preference "show analytics events" on, a
 * gadget's calls to an unknown stream, to a stream it is out of sample for and to one whose curation
 * filters it out each show their reason in the panel, and nothing of them reaches the intake (while
 * a normal call on the same page is accepted, and the panel shows the intake's trace for it); a
 * normal reader gets no console output and never loads the inspector module (mw.loader.getState);
 * ?mpdebug=1 loads it for one page view. Screenshots go to E2E_DIR (CI output, not committed).
 * Ends with "N passed, N failed".
 *
 * Environment: E2E_DIR (scratch folder, default a new temporary one), CHROMIUM.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, finishScenarios, freePort, scenario } from './mediawiki/harness.mjs';

const root = path.resolve( path.dirname( fileURLToPath( import.meta.url ) ), '../..' );
const require = createRequire( import.meta.url );
const { chromium } = require( 'playwright-core' );
const { createIntake, createSqliteSink } = require( path.join( root, 'intake/dist/intake.js' ) );

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const MODULE = 'ext.metricsPlatform.inspector';
const E2E_DIR = process.env.E2E_DIR || mkdtempSync( path.join( os.tmpdir(), 'mp-inspector-e2e-' ) );
const started = Date.now();
const watchdog = setTimeout( () => {
	console.error( 'Inspector e2e: watchdog fired after 300 s' );
	// eslint-disable-next-line n/no-process-exit
	process.exit( 1 );
}, 300000 );

const wikiPort = await freePort();
const intakePort = await freePort();
const wiki = `http://127.0.0.1:${ wikiPort }`;
const settings = execFileSync( 'bash', [ path.join( root, 'tests/e2e/mediawiki/setup-wiki.sh' ), E2E_DIR, String( wikiPort ), String( intakePort ) ], { encoding: 'utf8' } ).trim();
// The suite's own streams: one that takes everyone (with the ids the trace is asked about), one that
// takes nobody (rate 0), one whose curation keeps only logged-out readers.
const inspectorStreams = {
	'e2e.inspector.ok': { schema_title: 'analytics/product_metrics/web/base', producers: { metrics_platform_client: { provide_values: [ 'performer_pageview_id', 'performer_session_id', 'page_title' ] } } },
	'e2e.inspector.unsampled': { schema_title: 'analytics/product_metrics/web/base', sample: { rate: 0, unit: 'session' } },
	'e2e.inspector.curated': { schema_title: 'analytics/product_metrics/web/base', producers: { metrics_platform_client: { provide_values: [ 'performer_is_logged_in' ], curation: { performer_is_logged_in: { equals: false } } } } },
	// Configured on the wiki but not at the intake: the intake refuses its events.
	'e2e.inspector.intake-unknown': { schema_title: 'analytics/product_metrics/web/base', producers: { metrics_platform_client: { provide_values: [ 'performer_pageview_id' ] } } }
};
writeFileSync( path.join( E2E_DIR, 'wiki/inspector.json' ), JSON.stringify( { streams: inspectorStreams, traceUrl: `http://127.0.0.1:${ intakePort }/v1/trace` } ) );
// Two experiments: one that takes every session, one that takes none (rate 0).
writeFileSync( path.join( E2E_DIR, 'experiments.json' ), JSON.stringify( { experiments: {
	'e2e-inspector-all': { status: 'on', unit: 'session', rate: 1, groups: [ 'control', 'treatment' ] },
	'e2e-inspector-none': { status: 'on', unit: 'session', rate: 0, groups: [ 'control', 'treatment' ] }
} } ) );

const streams = Object.assign( JSON.parse( readFileSync( path.join( root, 'tests/e2e/mediawiki/streams.json' ), 'utf8' ) ), inspectorStreams );
delete streams[ 'e2e.inspector.intake-unknown' ];
const sink = createSqliteSink( path.join( E2E_DIR, 'inspector-events.sqlite' ) );
const intake = createIntake( {
	streamConfigs: streams, schemasDir: path.join( root, 'schemas' ), sink,
	// The trace is read by the page (another origin): the read side open to loopback, CORS for the wiki.
	readAccess: { loopbackOnly: true }, corsOrigins: [ wiki ],
	log: ( m ) => console.log( '# intake: ' + m )
} );
await intake.listen( intakePort );
const php = spawn( 'php', [ '-S', `127.0.0.1:${ wikiPort }`, '-t', '/usr/share/mediawiki' ], {
	env: Object.assign( {}, process.env, { MW_CONFIG_FILE: settings, PHP_CLI_SERVER_WORKERS: '4' } ),
	detached: true,
	stdio: 'ignore'
} );
console.log( `# wiki ${ wiki }, intake ${ intakePort } (set up in ${ Date.now() - started } ms); screenshots in ${ E2E_DIR }` );

const browser = await chromium.launch( { executablePath: CHROMIUM } );

/**
 * Waits in the page for a condition, with a timeout (mw.loader.using can hang: see mediawiki-e2e notes).
 *
 * @param page
 * @param fn a function evaluated in the page until it returns true
 * @param arg
 * @param what for the error
 * @param ms
 */
async function until( page, fn, arg, what, ms = 20000 ) {
	try {
		await page.waitForFunction( fn, arg, { timeout: ms, polling: 100 } );
	} catch ( e ) {
		throw new Error( `timed out waiting for ${ what }` );
	}
}

/**
 * Events the intake stored for a stream.
 *
 * @param stream
 */
async function storedFor( stream ) {
	return ( await sink.recent( stream, 100 ) ).length;
}

/**
 * Opens a page and waits until the every-page module is ready.
 *
 * @param page
 * @param url
 */
async function open( page, url ) {
	await page.goto( url );
	await until( page, () => window.mw && mw.loader.getState( 'ext.metricsPlatform' ) === 'ready', undefined, 'ext.metricsPlatform ready' );
}

// The gadget's calls: an unknown stream, a stream it is out of sample for, one that filters it out,
// and a normal one (after the others, so that its acceptance shows the others had their chance).
const GADGET_CALLS = () => {
	mw.metricsPlatform.submitClick( 'e2e.no-such-stream', { element_id: 'gadget-a' } );
	mw.metricsPlatform.submitClick( 'e2e.inspector.unsampled', { element_id: 'gadget-b' } );
	mw.metricsPlatform.submitClick( 'e2e.inspector.curated', { element_id: 'gadget-c' } );
	mw.metricsPlatform.submitClick( 'e2e.inspector.ok', { element_id: 'gadget-d' } );
	mw.metricsPlatform.submitClick( 'e2e.inspector.intake-unknown', { element_id: 'gadget-e' } );
};

const editor = await browser.newContext();
const editorPage = await editor.newPage();

await scenario( 'the preference on: each reason in the panel, nothing of those calls sent', async () => {
	await editorPage.goto( `${ wiki }/index.php?title=Special:UserLogin` );
	await editorPage.fill( '#wpName1', 'Editor' );
	await editorPage.fill( '#wpPassword1', 'E2e-Editor-pass-2024' );
	await Promise.all( [ editorPage.waitForNavigation(), editorPage.click( '#wpLoginAttempt' ) ] );
	await open( editorPage, `${ wiki }/index.php/Main_Page` );
	const saved = await editorPage.evaluate( () => mw.loader.using( 'mediawiki.api' ).then( () => new mw.Api().saveOption( 'metricsplatform-debug', '1' ) ).then( ( r ) => r.options ) );
	expect( saved === 'success', `preference saved: ${ saved }` );
	await open( editorPage, `${ wiki }/index.php/E2E_page_1` );
	await until( editorPage, ( m ) => mw.loader.getState( m ) === 'ready' && !!document.getElementById( 'mp-inspector' ), MODULE, 'the inspector panel' );
	await editorPage.evaluate( GADGET_CALLS );
	const row = ( stream ) => `#mp-inspector li[data-stream="${ stream }"]`;
	await until( editorPage, ( s ) => !!document.querySelector( s ), row( 'e2e.inspector.ok' ) + '[data-code="accepted"]', 'the normal call accepted' );
	const shown = await editorPage.evaluate( ( streamsShown ) => streamsShown.map( ( s ) => {
		const li = document.querySelector( `#mp-inspector li[data-stream="${ s }"]` );
		return li && { code: li.getAttribute( 'data-code' ), reason: li.querySelector( '.mp-reason' ).textContent, action: li.querySelector( '.mp-action' ).textContent };
	} ), [ 'e2e.no-such-stream', 'e2e.inspector.unsampled', 'e2e.inspector.curated' ] );
	expect( shown[ 0 ] && shown[ 0 ].code === 'unknown_stream' && /not configured/.test( shown[ 0 ].reason ) && shown[ 0 ].action === 'click', `unknown stream: ${ JSON.stringify( shown[ 0 ] ) }` );
	expect( shown[ 1 ] && shown[ 1 ].code === 'out_of_sample' && /out of sample.*session.*position [0-9.]+.*0 %/.test( shown[ 1 ].reason ), `out of sample: ${ JSON.stringify( shown[ 1 ] ) }` );
	expect( shown[ 2 ] && shown[ 2 ].code === 'curated_out' && /performer_is_logged_in equals false.*had true/.test( shown[ 2 ].reason ), `curated out: ${ JSON.stringify( shown[ 2 ] ) }` );
	// The normal call of the same page was accepted, after the others: nothing of them was sent.
	const stored = await Promise.all( [ 'e2e.no-such-stream', 'e2e.inspector.unsampled', 'e2e.inspector.curated', 'e2e.inspector.ok' ].map( storedFor ) );
	expect( stored.join() === '0,0,0,1', `stored per stream: ${ stored }` );
	await editorPage.screenshot( { path: path.join( E2E_DIR, 'inspector.png' ) } );
	return `${ shown.map( ( s ) => s.code ).join( ', ' ) }; the normal call accepted, the others not stored (${ stored }); screenshot ${ path.join( E2E_DIR, 'inspector.png' ) }`;
} );

await scenario( 'the panel: live delivery states, the intake\'s trace, the event body, the filter, keyboard', async () => {
	const ok = '#mp-inspector li[data-stream="e2e.inspector.ok"]';
	// The trace answers "accepted at …" for the normal call (the intake's own record).
	await until( editorPage, ( s ) => /intake accepted it at \d{4}-/.test( ( document.querySelector( s + ' .mp-reason' ) || {} ).textContent || '' ), ok, 'the trace verdict' );
	// Keyboard: focus the row's summary and open it with Enter; the event and its history show.
	await editorPage.focus( ok + ' summary' );
	await editorPage.keyboard.press( 'Enter' );
	const opened = await editorPage.evaluate( ( s ) => {
		const li = document.querySelector( s );
		return { open: li.querySelector( 'details' ).open, event: JSON.parse( li.querySelector( '.mp-event' ).textContent ), added: li.querySelector( '.mp-added' ).textContent, history: li.querySelector( '.mp-history' ).textContent };
	}, ok );
	expect( opened.open && opened.event.meta.stream === 'e2e.inspector.ok' && opened.event.element_id === 'gadget-d', `event body: ${ JSON.stringify( opened ) }` );
	expect( /performer\.pageview_id ← performer_pageview_id \(the page view token\)/.test( opened.added ) && /page\.title ← page_title \(mw\.config wgTitle\)/.test( opened.added ), `added: ${ opened.added }` );
	expect( /queued[\s\S]*sent[\s\S]*accepted/.test( opened.history ), `history: ${ opened.history }` );
	// Refused by the intake (a stream it does not declare): its answer, then its trace.
	const refused = '#mp-inspector li[data-stream="e2e.inspector.intake-unknown"]';
	await until( editorPage, ( s ) => {
		const li = document.querySelector( s );
		return !!li && li.getAttribute( 'data-code' ) === 'refused_by_intake' && /intake refused it/.test( li.querySelector( '.mp-reason' ).textContent );
	}, refused, 'the intake\'s refusal' );
	const refusal = await editorPage.evaluate( ( s ) => document.querySelector( s + ' .mp-reason' ).textContent, refused );
	// The filter keeps the matching rows only.
	await editorPage.fill( '#mp-inspector-filter', 'out_of_sample' );
	const visible = await editorPage.evaluate( () => [ ...document.querySelectorAll( '#mp-inspector ol > li' ) ].filter( ( li ) => !li.hidden ).map( ( li ) => li.getAttribute( 'data-stream' ) ) );
	expect( visible.join() === 'e2e.inspector.unsampled', `filtered: ${ visible }` );
	await editorPage.fill( '#mp-inspector-filter', '' );
	const a11y = await editorPage.evaluate( () => {
		const region = document.getElementById( 'mp-inspector' );
		return { role: region.getAttribute( 'role' ), label: document.getElementById( region.getAttribute( 'aria-labelledby' ) ).textContent, filterLabel: document.querySelector( 'label[for="mp-inspector-filter"]' ).textContent, live: !!region.querySelector( '[aria-live]' ) };
	} );
	expect( a11y.role === 'region' && a11y.label === 'Analytics events' && a11y.filterLabel === 'Filter' && a11y.live, JSON.stringify( a11y ) );
	await editorPage.screenshot( { path: path.join( E2E_DIR, 'inspector-open.png' ) } );
	const experiments = await editorPage.evaluate( () => [ ...document.querySelectorAll( '#mp-inspector [data-experiment]' ) ].map( ( li ) => li.getAttribute( 'data-experiment' ) + ':' + li.getAttribute( 'data-why' ) + ':' + li.textContent ) );
	expect( experiments.length === 2 && /^e2e-inspector-all:enrolled:.*group (control|treatment).*session at position 0\.\d{4}.*100 %/.test( experiments[ 0 ] ) &&
		/^e2e-inspector-none:out_of_rate:.*position 0\.\d{4}.*0 %/.test( experiments[ 1 ] ), `experiments: ${ experiments.join( ' | ' ) }` );
	return `trace verdict shown; "${ refusal }"; Enter opened the row (event, added fields, ${ opened.history.split( '\n' ).length } delivery steps); filter; region, labels, live region; experiments: ${ experiments.join( ' | ' ) }`;
} );

await scenario( 'a normal reader: no console output, the inspector module never loaded', async () => {
	const context = await browser.newContext();
	const page = await context.newPage();
	const console = [];
	page.on( 'console', ( m ) => {
		// Chromium's own line for the favicon it fetches by itself (404) is not the page's output.
		if ( !/favicon\.ico|Failed to load resource/.test( m.text() + ( m.location().url || '' ) ) ) {
			console.push( `${ m.type() }: ${ m.text() }` );
		}
	} );
	await open( page, `${ wiki }/index.php/E2E_page_1` );
	await page.evaluate( GADGET_CALLS );
	await page.evaluate( () => {
		mw.track( 'metricsplatform.gadget.InspectorE2E', { action: 'click' } );
		mw.metricsPlatform.submitClick( 'e2e.inspector.ok', { fn: 'x'.repeat( 100 ), element_id: 'x'.repeat( 65 ) } );
	} );
	// Wait for the reader's normal call to be stored: the calls before it have been processed.
	const deadline = Date.now() + 20000;
	while ( await storedFor( 'e2e.inspector.ok' ) < 2 && Date.now() < deadline ) {
		await new Promise( ( r ) => setTimeout( r, 100 ) );
	}
	expect( await storedFor( 'e2e.inspector.ok' ) === 2, 'the reader\'s normal call was stored' );
	const state = await page.evaluate( ( m ) => ( { state: mw.loader.getState( m ), panel: !!document.getElementById( 'mp-inspector' ), builder: mw.loader.getState( 'ext.metricsPlatform.builder' ) } ), MODULE );
	expect( state.state === 'registered' && !state.panel && state.builder === 'ready', JSON.stringify( state ) );
	expect( console.length === 0, `console output: ${ console.join( ' | ' ) }` );
	await context.close();
	return `mw.loader.getState( '${ MODULE }' ) = ${ state.state }; 0 console messages after 6 calls that warn in debug`;
} );

await scenario( '?mpdebug=1 loads the inspector for one page view', async () => {
	const context = await browser.newContext();
	const page = await context.newPage();
	await open( page, `${ wiki }/index.php/E2E_page_1?mpdebug=1` );
	await until( page, ( m ) => mw.loader.getState( m ) === 'ready' && !!document.getElementById( 'mp-inspector' ), MODULE, 'the inspector with ?mpdebug=1' );
	await open( page, `${ wiki }/index.php/E2E_page_1` );
	const after = await page.evaluate( ( m ) => mw.loader.getState( m ), MODULE );
	expect( after === 'registered', `without it again: ${ after }` );
	await context.close();
	return 'ready with ?mpdebug=1, registered (not loaded) on the next page view';
} );

await browser.close();
await intake.close();
try {
	process.kill( -php.pid, 'SIGTERM' );
} catch ( e ) {
	// Already gone.
}
clearTimeout( watchdog );
finishScenarios();
