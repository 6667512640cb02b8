#!/usr/bin/env node
/* global window, mw, document, navigator */
/**
 * The control plane in a real MediaWiki 1.39 (Debian's package, SQLite, `php -S` on 127.0.0.1):
 * definitions saved as pages of the MetricsPlatform namespace through the action API, refused with
 * the field and rule when invalid or when the privacy gate says no; active ones served to browsers
 * (the module's version follows them) and to off-wiki clients (action=metricsplatformconfig), which
 * the local intake reads; expired and switched-off ones not served. Driven in Debian's Chromium by
 * playwright-core; ends with "N passed, N failed".
 *
 * The Done-when flow of issue 14 runs against `mp-intake --streams-url` started by the README's
 * "Time to first data" commands as written (timed and printed), with nothing about the test's streams
 * in LocalSettings.php: an admin creates instruments through the form, a real gadget (the Gadgets
 * extension) sends the events, quick actions lower the rate to 0 % (the propagation time is printed)
 * and end the window (the intake then refuses a late event, naming the end). Screenshots of the
 * catalog, a detail page and the form are written to E2E_DIR (catalog.png, detail.png, form.png).
 *
 * Environment: E2E_DIR (scratch folder, default a new temporary one), CHROMIUM, E2E_DEBUG (print the
 * reader page's console and its POSTs to the intake).
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, finishScenarios, freePort, scenario } from './mediawiki/harness.mjs';

const root = path.resolve( path.dirname( fileURLToPath( import.meta.url ) ), '../..' );
const require = createRequire( import.meta.url );
const { chromium } = require( 'playwright-core' );

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const WEB = '/analytics/product_metrics/web/base/1.3.0';
const MW = '/usr/share/mediawiki';
const E2E_DIR = process.env.E2E_DIR || mkdtempSync( path.join( os.tmpdir(), 'mp-cp-e2e-' ) );
const started = Date.now();
const watchdog = setTimeout( () => {
	console.error( 'Control plane e2e: watchdog fired after 600 s' );
	// eslint-disable-next-line n/no-process-exit
	process.exit( 1 );
}, 600000 );

const wikiPort = await freePort();
const intakePort = await freePort();
const settings = execFileSync( 'bash', [ path.join( root, 'tests/e2e/mediawiki/setup-wiki.sh' ), E2E_DIR, String( wikiPort ), String( intakePort ) ], { encoding: 'utf8' } ).trim();
// The gadget of the Done-when flow needs the Gadgets extension (E2ESettings loads it while this file exists).
writeFileSync( path.join( E2E_DIR, 'wiki', 'gadgets-on' ), '' );
const intakeBase = `http://127.0.0.1:${ intakePort }`;
/**
 * Where Special:MetricsPlatform reads the intake's read side (E2ESettings reads this file on every request).
 *
 * @param read { url, token, timeout }
 */
function intakeReadSettings( read ) {
	writeFileSync( path.join( E2E_DIR, 'wiki', 'intake-read.json' ), JSON.stringify( read ) );
}
intakeReadSettings( { url: intakeBase, timeout: 2 } );
// A sysop who is not a bureaucrat: may manage definitions, not above the sample maximum.
execFileSync( 'php', [ `${ MW }/maintenance/createAndPromote.php`, '--conf', settings, '--sysop', 'Steward', 'E2e-Steward-pass-2024' ], { encoding: 'utf8' } );
const php = spawn( 'php', [ '-S', `127.0.0.1:${ wikiPort }`, '-t', MW ], {
	env: Object.assign( {}, process.env, { MW_CONFIG_FILE: settings, PHP_CLI_SERVER_WORKERS: '4' } ),
	detached: true,
	stdio: 'ignore'
} );
const wiki = `http://127.0.0.1:${ wikiPort }`;
console.log( `# wiki ${ wiki } (set up in ${ Date.now() - started } ms)` );

/**
 * A logged-in action API session (clientlogin, cookies kept by hand).
 *
 * @param user
 * @param password
 */
async function apiSession( user, password ) {
	const cookies = new Map();
	async function call( params, post = false ) {
		const body = new URLSearchParams( Object.assign( { format: 'json', formatversion: '2' }, params ) );
		const res = await fetch( `${ wiki }/api.php` + ( post ? '' : '?' + body ), {
			method: post ? 'POST' : 'GET',
			body: post ? body : undefined,
			headers: { cookie: [ ...cookies ].map( ( [ k, v ] ) => `${ k }=${ v }` ).join( '; ' ) }
		} );
		for ( const c of res.headers.getSetCookie() ) {
			const [ pair ] = c.split( ';' );
			const i = pair.indexOf( '=' );
			cookies.set( pair.slice( 0, i ), pair.slice( i + 1 ) );
		}
		return res.json();
	}
	if ( user ) {
		const { query } = await call( { action: 'query', meta: 'tokens', type: 'login' } );
		const login = await call( { action: 'clientlogin', username: user, password, logintoken: query.tokens.logintoken, loginreturnurl: wiki }, true );
		expect( login.clientlogin && login.clientlogin.status === 'PASS', `login of ${ user }: ${ JSON.stringify( login ) }` );
	}
	return {
		call,
		async saveTitle( title, text, summary = 'e2e' ) {
			const { query } = await call( { action: 'query', meta: 'tokens' } );
			return call( { action: 'edit', title, text, summary, token: query.tokens.csrftoken }, true );
		},
		async save( name, definition, summary = 'e2e' ) {
			const { query } = await call( { action: 'query', meta: 'tokens' } );
			const text = typeof definition === 'string' ? definition : JSON.stringify( definition, null, '\t' );
			return call( { action: 'edit', title: `MetricsPlatform:${ name }`, text, summary, token: query.tokens.csrftoken, errorformat: 'plaintext', uselang: 'en' }, true );
		}
	};
}

/**
 * Seconds-precision RFC 3339 date, `days` from now.
 *
 * @param days
 */
function daysFromNow( days ) {
	return new Date( Date.now() + days * 86400000 ).toISOString().replace( /\.\d{3}Z$/, 'Z' );
}

/**
 * A valid instrument; `changes` replace or add fields.
 *
 * @param name
 * @param changes
 */
function instrument( name, changes = {} ) {
	return Object.assign( {
		kind: 'instrument',
		name,
		description: 'Clicks on the e2e button.',
		owner: 'E2E team',
		contact: 'User:Admin',
		purpose: 'Find out whether the button is used.',
		status: 'on',
		start: daysFromNow( -1 ),
		end: daysFromNow( 30 ),
		stream: 'e2e.controlplane',
		schema_id: WEB,
		sample: { unit: 'session', percent: 10 },
		provide_values: [ 'page_namespace_id', 'mediawiki_skin', 'performer_is_logged_in' ]
	}, changes );
}

/** The window of the instrument e2e.button until the test ends it. */
const BUTTON_WINDOW = { start: daysFromNow( -1 ), end: daysFromNow( 30 ) };

/** The ext.metricsPlatform module as load.php serves it now (its config.json included). */
async function servedModule() {
	const res = await fetch( `${ wiki }/load.php?modules=ext.metricsPlatform&only=scripts&lang=en&skin=vector&debug=1` );
	return res.text();
}

/** The module's version in the startup module, which browsers revalidate every 5 minutes. */
async function moduleVersion() {
	const res = await fetch( `${ wiki }/load.php?modules=startup&only=scripts&raw=1&skin=vector` );
	const m = /"ext\.metricsPlatform","([a-z0-9]+)!?"/.exec( await res.text() );
	return m ? m[ 1 ] : null;
}

async function served() {
	const res = await fetch( `${ wiki }/api.php?action=metricsplatformconfig&format=json&formatversion=2` );
	return { body: await res.json(), cacheControl: res.headers.get( 'cache-control' ) };
}

let page = null;

/**
 * The events of `stream` the intake stored, newest first, from its read side (open to loopback).
 *
 * @param stream
 */
async function storedEvents( stream ) {
	const res = await fetch( `${ intakeBase }/v1/streams/${ encodeURIComponent( stream ) }/events?limit=1000` );
	expect( res.ok, `intake read side answered ${ res.status }` );
	return ( await res.json() ).map( ( e ) => e.event );
}

/**
 * Waits until the intake holds an event of `stream` that `match` accepts.
 *
 * @param stream
 * @param match
 * @param timeout
 */
async function arrival( stream, match, timeout = 20000 ) {
	const end = Date.now() + timeout;
	while ( Date.now() < end ) {
		const found = ( await storedEvents( stream ) ).find( match );
		if ( found ) {
			return found;
		}
		await new Promise( ( r ) => setTimeout( r, 100 ) );
	}
	throw new Error( `no matching ${ stream } event at the intake within ${ timeout } ms` );
}

/**
 * Opens Main_Page as the reader and waits for the every-page module, and for mediawiki.user (which
 * that module no longer loads), so that the scenarios can read mw.user's tokens.
 */
async function view() {
	await page.goto( `${ wiki }/index.php/Main_Page` );
	await page.waitForFunction( () => window.mw && mw.loader.getState( 'ext.metricsPlatform' ) === 'ready', null, { timeout: 20000 } );
	await page.waitForFunction( () => mw.loader.using( 'mediawiki.user' ) && mw.loader.getState( 'mediawiki.user' ) === 'ready', null, { timeout: 20000 } );
}

/**
 * Gives the reader the session id `id` (mw.user.sessionId() reads it from its cookie) and opens a page.
 * In the sample of a rate when its first 8 hex digits over 2^32 − 1 are below it (core/sampling).
 *
 * @param id 20 hex digits
 */
async function useSession( id ) {
	await view();
	await page.evaluate( () => mw.user.sessionId() );
	const cookie = ( await page.context().cookies() ).find( ( c ) => c.name.endsWith( 'mwuser-sessionId' ) );
	expect( cookie, 'no session cookie' );
	await page.context().addCookies( [ Object.assign( {}, cookie, { value: id } ) ] );
	await view();
	const seen = await page.evaluate( () => mw.user.sessionId() );
	expect( seen === id, `session ${ seen }` );
	return id;
}

/** The gadget (MediaWiki:Gadget-e2ecp.js, default on): a button whose clicks go to the wiki-defined stream. */
const GADGET = `( function () {
	var button = document.createElement( 'button' );
	button.id = 'e2e-gadget-button';
	button.type = 'button';
	button.textContent = 'E2E gadget';
	button.addEventListener( 'click', function () {
		var run = button.getAttribute( 'data-run' ) || '';
		mw.metricsPlatform.submitInteraction( 'e2e.controlplane', '${ WEB }', 'click', { element_id: 'e2e-gadget-button', action_context: run } );
		// A marker on a LocalSettings.php stream, in the same delivery queue.
		mw.metricsPlatform.submitInteraction( 'e2e.pageview', '${ WEB }', 'click_marker', { action_context: run } );
	} );
	$( function () {
		document.getElementById( 'mw-content-text' ).prepend( button );
	} );
}() );
`;

let runs = 0;
/** The longest wait, after a click, for the event builder to run (ms); printed at the end. */
let slowestBuilder = 0;
/**
 * Opens a page (a new page view) and clicks the gadget's button; returns its e2e.controlplane event
 * once the marker the gadget sends after it has arrived (same page, same delivery queue), or null.
 * Fails when the marker does not arrive: nothing here retries a lost click.
 */
async function gadgetClickReaches() {
	await view();
	const run = `run-${ ++runs }`;
	await page.waitForSelector( '#e2e-gadget-button', { timeout: 20000 } );
	await page.evaluate( ( r ) => document.getElementById( 'e2e-gadget-button' ).setAttribute( 'data-run', r ), run );
	const clicked = Date.now();
	await page.click( '#e2e-gadget-button' );
	// The readiness signal: the first call loads the event builder, which then builds and queues the
	// calls. A reader's browser that has the builder in MediaWiki's module store (localStorage) runs it
	// in requestIdleCallback, without a timeout; headless Chromium under load gave such a page no idle
	// period for 10–60 s, and the calls waited in memory until the page left (then kept, and built by
	// the next page view, stamped with the click's time). Polling on animation frames keeps the page
	// rendering, as a visible tab does, so it gets its idle time.
	await page.waitForFunction( () => mw.loader.getState( 'ext.metricsPlatform.builder' ) === 'ready', null, { timeout: 60000 } );
	slowestBuilder = Math.max( slowestBuilder, Date.now() - clicked );
	try {
		await arrival( 'e2e.pageview', ( x ) => x.action === 'click_marker' && x.action_context === run, 30000 );
	} catch ( e ) {
		throw new Error( `${ run }: the gadget's marker never reached the intake, the page's requests to it: ${ JSON.stringify( await page.evaluate( () => window.mpIntakeRequests ) ) }` );
	}
	return ( await storedEvents( 'e2e.controlplane' ) ).find( ( x ) => x.action_context === run ) || null;
}

/**
 * Repeats `attempt` (one page view each) until it returns something that `done` accepts, within `ms`.
 *
 * @param attempt
 * @param done
 * @param ms
 * @param what
 */
async function until( attempt, done, ms, what ) {
	const end = Date.now() + ms;
	let n = 0;
	for ( ;; ) {
		n++;
		const r = await attempt();
		if ( done( r ) ) {
			return { result: r, attempts: n };
		}
		if ( Date.now() > end ) {
			throw new Error( `${ what }: not within ${ ms } ms (${ n } attempts)` );
		}
		await new Promise( ( resolve ) => setTimeout( resolve, 500 ) );
	}
}

/**
 * Fills the definition form (Special:MetricsPlatformEdit) and saves it.
 *
 * @param p a logged-in page
 * @param fields form field name (without wp) → value
 * @param attributes contextual attributes to tick
 */
async function submitForm( p, fields, attributes ) {
	await p.goto( `${ wiki }/index.php?title=Special:MetricsPlatformEdit&kind=instrument` );
	for ( const [ name, value ] of Object.entries( fields ) ) {
		await p.fill( `[name=wp${ name }]`, value );
	}
	for ( const attribute of attributes ) {
		await p.check( `[name="wpprovide_values[]"][value=${ attribute }]` );
	}
	await Promise.all( [ p.waitForNavigation(), p.click( 'form.mw-htmlform button[type=submit]' ) ] );
	expect( /[?&]saved=\d+/.test( p.url() ), `not saved: ${ p.url() }: ${ ( await p.textContent( '#mw-content-text' ) ).slice( 0, 400 ) }` );
}

/**
 * Uses the quick actions of a detail page (fields without wp; the rest kept) and saves.
 *
 * @param p a logged-in page
 * @param name
 * @param fields
 */
async function quickAction( p, name, fields ) {
	await p.goto( `${ wiki }/index.php/Special:MetricsPlatform/${ name }` );
	for ( const [ field, value ] of Object.entries( fields ) ) {
		await p.fill( `[name=wp${ field }]`, value );
	}
	await Promise.all( [ p.waitForNavigation(), p.click( 'form.mw-htmlform button[type=submit]' ) ] );
	expect( /[?&]saved=\d+/.test( p.url() ), `not saved: ${ p.url() }` );
}

/**
 * POSTs one event to the intake directly, as a browser would send one it had kept for later.
 *
 * @param base the intake
 * @param stream
 * @param action
 */
async function postLate( base, stream, action ) {
	const res = await fetch( `${ base }/v1/events`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify( [ {
			$schema: WEB, action, dt: new Date().toISOString(),
			meta: { stream, domain: '127.0.0.1', id: randomUUID() },
			agent: { client_platform: 'mediawiki_js', client_platform_family: 'desktop_browser' },
			performer: { is_logged_in: false }
		} ] )
	} );
	return { status: res.status, body: await res.text() };
}

/** The "Time to first data" section of the README: its prose and its code blocks, in order. */
function tutorial() {
	const readme = readFileSync( path.join( root, 'README.md' ), 'utf8' );
	const start = readme.indexOf( '### Time to first data' );
	expect( start >= 0, 'README has no "Time to first data" section' );
	const section = readme.slice( start, readme.indexOf( '\n### ', start + 5 ) );
	const blocks = [ ...section.matchAll( /```(\w+)\n([\s\S]*?)```/g ) ].map( ( m ) => ( { lang: m[ 1 ], code: m[ 2 ].trim() } ) );
	return { section, blocks };
}

/**
 * A tutorial command for this wiki and intake: the README's wiki (127.0.0.1:8080) and intake port (8192) replaced.
 *
 * @param code
 */
function forThisWiki( code ) {
	return code.split( 'http://127.0.0.1:8080' ).join( wiki ).split( '8192' ).join( String( intakePort ) );
}

/**
 * The catalog's rows as the server renders them (read without running the page's scripts).
 *
 * @param query
 */
async function catalogRows( query = '' ) {
	const res = await fetch( `${ wiki }/index.php?title=Special:MetricsPlatform${ query }` );
	expect( res.status === 200, `status ${ res.status }` );
	const html = await res.text();
	const rows = {};
	for ( const m of html.matchAll( /<tr class="mw-metricsplatform-(\w+)[^"]*" data-name="([^"]+)">(.*?)<\/tr>/g ) ) {
		rows[ m[ 2 ] ] = { status: m[ 1 ], html: m[ 3 ] };
	}
	return { rows, html };
}

/**
 * Runs one of the extension's maintenance scripts on the test wiki.
 *
 * @param script
 * @param args
 */
function maintenance( script, ...args ) {
	return execFileSync( 'php', [ path.join( root, 'maintenance', script ), '--conf', settings, ...args ], {
		encoding: 'utf8', env: Object.assign( {}, process.env, { MW_INSTALL_PATH: MW } )
	} );
}

const browser = await chromium.launch( { executablePath: CHROMIUM, args: [ '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking' ] } );
let intake = null;
/** Servers started by scenarios (closed at the end). */
const servers = [];
try {
	for ( let i = 0; i < 50; i++ ) {
		try {
			await fetch( wiki + '/index.php' );
			break;
		} catch ( e ) {
			await new Promise( ( r ) => setTimeout( r, 100 ) );
		}
	}
	const admin = await apiSession( 'Admin', 'E2e-Admin-pass-2024' );
	const steward = await apiSession( 'Steward', 'E2e-Steward-pass-2024' );
	const editor = await apiSession( 'Editor', 'E2e-Editor-pass-2024' );

	await scenario( 'a plain user cannot create a definition', async () => {
		const r = await editor.save( 'e2e.by-editor', instrument( 'e2e.by-editor' ) );
		expect( r.errors && r.errors[ 0 ].code === 'protectednamespace', JSON.stringify( r ) );
		return `action=edit by Editor refused: ${ r.errors[ 0 ].code }`;
	} );

	await scenario( 'an invalid definition cannot be saved; each error names the field and the rule', async () => {
		const bad = instrument( 'e2e.bad', { sample: { unit: 'session', percent: 120 }, end: '2026-13-01T00:00:00Z', colour: 'blue' } );
		delete bad.owner;
		const r = await admin.save( 'e2e.bad', bad );
		const text = JSON.stringify( r.errors );
		expect( r.errors, 'saved: ' + JSON.stringify( r ) );
		for ( const part of [ 'owner: this field is required', 'sample.percent: must be at most 100', 'colour: this is not a field of a definition' ] ) {
			expect( text.includes( part ), `"${ part }" missing from ${ text }` );
		}
		const noOffset = await admin.save( 'e2e.bad', instrument( 'e2e.bad', { end: '2027-01-01T00:00:00' } ) );
		expect( JSON.stringify( noOffset ).includes( 'end: must be a real date and time in RFC 3339 form with an offset' ), JSON.stringify( noOffset ) );
		const long = await admin.save( 'e2e.bad', instrument( 'e2e.bad', { end: daysFromNow( 400 ) } ) );
		expect( JSON.stringify( long ).includes( 'end: is more than 365 days after the start' ), JSON.stringify( long ) );
		const lookup = await admin.call( { action: 'query', titles: 'MetricsPlatform:e2e.bad' } );
		expect( lookup.query.pages[ 0 ].missing, 'page exists: ' + JSON.stringify( lookup ) );
		return 'refused: missing owner, percent 120, unknown field, a date without offset, an end 400 days away; the page does not exist';
	} );

	await scenario( 'the privacy gate: performer_name without a review link is refused with that message', async () => {
		const r = await admin.save( 'e2e.names', instrument( 'e2e.names', { provide_values: [ 'performer_name', 'page_id' ] } ) );
		const text = JSON.stringify( r );
		expect( text.includes( 'risk: the attribute \\"performer_name\\" is sensitive; it needs a risk level of \\"medium\\" or \\"high\\"' ), text );
		expect( text.includes( 'privacy_review: the attribute \\"performer_name\\" is sensitive; it needs a link to its privacy review' ), text );
		const ok = await admin.save( 'e2e.names', instrument( 'e2e.names', { status: 'off', provide_values: [ 'performer_name' ], risk: 'medium', privacy_review: 'https://example.org/review/1' } ) );
		expect( ok.edit && ok.edit.result === 'Success', JSON.stringify( ok ) );
		return 'without risk and review: two errors naming performer_name; with risk medium and a review link: saved';
	} );

	await scenario( 'a sample above the maximum needs the second right', async () => {
		const r = await steward.save( 'e2e.wide', instrument( 'e2e.wide', { stream: 'e2e.wide', sample: { unit: 'session', percent: 50 } } ) );
		expect( JSON.stringify( r ).includes( 'sample.percent: 50 % is above the 10 % that needs no review' ), JSON.stringify( r ) );
		const ok = await admin.save( 'e2e.wide', instrument( 'e2e.wide', { stream: 'e2e.wide', sample: { unit: 'session', percent: 50 } } ) );
		expect( ok.edit && ok.edit.result === 'Success', JSON.stringify( ok ) );
		return 'a sysop is refused 50 %; a bureaucrat (metricsplatform-sample-above-max) saves it';
	} );

	// The admin's browser, and the gadget (site JavaScript, default on for everyone).
	const adminPage = await ( await browser.newContext() ).newPage();
	await adminPage.goto( `${ wiki }/index.php?title=Special:UserLogin` );
	await adminPage.fill( '#wpName1', 'Admin' );
	await adminPage.fill( '#wpPassword1', 'E2e-Admin-pass-2024' );
	await Promise.all( [ adminPage.waitForNavigation(), adminPage.click( '#wpLoginAttempt' ) ] );
	for ( const [ title, text ] of [ [ 'MediaWiki:Gadgets-definition', '* e2ecp[ResourceLoader|default|dependencies=ext.metricsPlatform]|e2ecp.js\n' ], [ 'MediaWiki:Gadget-e2ecp.js', GADGET ], [ 'MediaWiki:Gadget-e2ecp', 'E2E gadget' ] ] ) {
		const r = await admin.saveTitle( title, text );
		expect( r.edit && r.edit.result === 'Success', `${ title }: ${ JSON.stringify( r ) }` );
	}
	const readerContext = await browser.newContext();
	// Routing turns off Chromium's HTTP cache: a reader's cached startup module (5 minutes, the
	// propagation bound) would otherwise hide the change from the next view.
	await readerContext.route( '**/load.php*', ( route ) => route.continue() );
	// What each reader page sends to the intake (the runs its bodies carry, and the answer), for the
	// message of a click whose events never arrived.
	await readerContext.addInitScript( () => {
		const requests = window.mpIntakeRequests = [];
		const runsIn = ( body ) => String( body ).match( /run-\d+/g ) || [];
		const fetch = window.fetch;
		window.fetch = function ( url, init ) {
			const answer = fetch.apply( this, arguments );
			if ( String( url ).includes( '/v1/events' ) ) {
				const entry = { runs: runsIn( init && init.body ), at: Math.round( performance.now() ) };
				requests.push( entry );
				answer.then( ( r ) => ( entry.status = r.status ), ( e ) => ( entry.status = String( e ) ) );
			}
			return answer;
		};
		const beacon = navigator.sendBeacon.bind( navigator );
		navigator.sendBeacon = ( url, data ) => {
			const accepted = beacon( url, data );
			requests.push( { runs: runsIn( data ), beacon: accepted, at: Math.round( performance.now() ) } );
			return accepted;
		};
	} );
	page = await readerContext.newPage();
	page.on( 'pageerror', ( e ) => console.log( `# reader page error: ${ e.message }` ) );
	page.on( 'console', ( m ) => ( process.env.E2E_DEBUG || [ 'error', 'warning' ].includes( m.type() ) ) && console.log( `# reader console ${ m.type() }: ${ m.text() }` ) );
	if ( process.env.E2E_DEBUG ) {
		page.on( 'response', async ( r ) => r.url().includes( '/v1/events' ) && console.log( `# reader POST ${ r.status() }: ${ ( await r.text().catch( () => '' ) ).slice( 0, 300 ) }` ) );
		page.on( 'requestfailed', ( r ) => console.log( `# reader request failed: ${ r.url() } ${ r.failure() && r.failure().errorText }` ) );
	}

	await scenario( 'time to first data: the README tutorial as written (intake with --streams-url, the form, one call), timed', async () => {
		const { section, blocks } = tutorial();
		const [ startIntake, call, query ] = blocks;
		expect( blocks.length === 3 && startIntake.lang === 'bash' && call.lang === 'js' && query.lang === 'bash', blocks.map( ( b ) => b.lang ).join() );
		const FORM = { name: 'mywiki.first', description: 'My first instrument.', owner: 'Admin', end: daysFromNow( 90 ), stream: 'mywiki.first', sample_percent: '100' };
		const ATTRIBUTES = [ 'page_namespace_id', 'performer_is_logged_in' ];
		for ( const value of [ 'Special:MetricsPlatformEdit?kind=instrument', `\`${ FORM.name }\``, `\`${ FORM.description }\``, `*Sample (%)* \`${ FORM.sample_percent }\``, ...ATTRIBUTES.map( ( a ) => `\`${ a }\`` ) ] ) {
			expect( section.includes( value ), `the tutorial does not say ${ value }` );
		}
		// A folder where the package is installed (as "npm ci" in the extension's folder leaves it), for npx.
		const dir = path.join( E2E_DIR, 'tutorial' );
		mkdirSync( dir, { recursive: true } );
		writeFileSync( path.join( dir, 'package.json' ), '{ "private": true }\n' );
		symlinkSync( path.join( root, 'node_modules' ), path.join( dir, 'node_modules' ) );
		const t0 = Date.now();
		// Step 1.
		intake = spawn( 'bash', [ '-c', 'exec ' + forThisWiki( startIntake.code ) ], { cwd: dir, detached: true, stdio: [ 'ignore', 'pipe', 'inherit' ] } );
		await new Promise( ( resolve, reject ) => {
			let out = '';
			intake.stdout.on( 'data', ( d ) => {
				out += d;
				if ( out.includes( 'listening' ) ) {
					resolve();
				}
			} );
			intake.once( 'exit', ( code ) => reject( new Error( `the tutorial's intake exited ${ code }: ${ out }` ) ) );
		} );
		const tIntake = Date.now();
		// Step 2, in the admin's browser.
		await submitForm( adminPage, FORM, ATTRIBUTES );
		const tSaved = Date.now();
		// Step 3: one call on a page view, then the query, as written; again while the intake has not learnt the stream.
		const { result, attempts } = await until( async () => {
			await page.goto( `${ wiki }/index.php/Main_Page` );
			await page.waitForFunction( () => window.mw && mw.loader.getState( 'ext.metricsPlatform' ) === 'ready', null, { timeout: 20000 } );
			await page.evaluate( call.code );
			await page.evaluate( () => mw.metricsPlatform.flush && mw.metricsPlatform.flush() );
			await new Promise( ( r ) => setTimeout( r, 1500 ) );
			return JSON.parse( execFileSync( 'bash', [ '-c', forThisWiki( query.code ) ], { encoding: 'utf8' } ) );
		}, ( events ) => Array.isArray( events ) && events.length > 0, 60000, 'the tutorial\'s event at the intake' );
		const seconds = ( Date.now() - t0 ) / 1000;
		const e = result[ 0 ].event;
		expect( JSON.stringify( Object.keys( e.page ) ) === '["namespace_id"]' && JSON.stringify( Object.keys( e.performer ) ) === '["is_logged_in"]' && !e.mediawiki, JSON.stringify( e ) );
		expect( seconds <= 300, `${ seconds } s` );
		console.log( `# time to first data: ${ seconds.toFixed( 1 ) } s (intake up ${ ( ( tIntake - t0 ) / 1000 ).toFixed( 1 ) } s, form saved ${ ( ( tSaved - t0 ) / 1000 ).toFixed( 1 ) } s, ${ attempts } page view(s))` );
		return `3 steps as the README writes them: time to first data ${ seconds.toFixed( 1 ) } s (≤ 300 s): intake listening after ${ ( ( tIntake - t0 ) / 1000 ).toFixed( 1 ) } s, instrument saved through the form after ${ ( ( tSaved - t0 ) / 1000 ).toFixed( 1 ) } s, the event queryable after ${ attempts } page view(s); it carries page.namespace_id and performer.is_logged_in only`;
	} );

	let versionBefore;
	await scenario( 'an admin creates an instrument through the form; a gadget\'s submitInteraction on a following page view reaches the intake (--streams-url, no restart) with exactly the chosen attributes', async () => {
		expect( intake, 'no intake (the tutorial failed)' );
		versionBefore = await moduleVersion();
		expect( !( await servedModule() ).includes( '"e2e.controlplane"' ), 'served before it exists' );
		await submitForm( adminPage, {
			name: 'e2e.button', description: 'Clicks on the e2e button.', owner: 'E2E team', contact: 'User:Admin', purpose: 'Find out whether the button is used.',
			start: BUTTON_WINDOW.start, end: BUTTON_WINDOW.end, stream: 'e2e.controlplane', schema_id: WEB, sample_percent: '10', summary: 'New instrument'
		}, [ 'page_namespace_id', 'mediawiki_skin', 'performer_is_logged_in' ] );
		const tSaved = Date.now();
		const versionAfter = await moduleVersion();
		expect( versionBefore && versionAfter && versionAfter !== versionBefore, `module version ${ versionBefore } → ${ versionAfter }` );
		const module = await servedModule();
		expect( module.includes( '"e2e.controlplane"' ) && !module.includes( 'control_plane' ) && !module.includes( 'retention_days' ), 'browser config' );
		const { body, cacheControl } = await served();
		const s = body.streams[ 'e2e.controlplane' ];
		expect( s && s.sample.rate === 0.1 && s.sample.unit === 'session' && s.schema_id === WEB && s.retention_days === 90 && s.control_plane.retention_days === 90, JSON.stringify( s ) );
		expect( JSON.stringify( s.producers.metrics_platform_client.provide_values ) === JSON.stringify( [ 'page_namespace_id', 'mediawiki_skin', 'performer_is_logged_in' ] ), JSON.stringify( s ) );
		expect( body.streams[ 'mediawiki.gadget_interaction' ], 'LocalSettings streams still served' );
		expect( !body.streams[ 'e2e.controlplane.names' ] && /max-age=300/.test( cacheControl || '' ), `off definition or cache: ${ cacheControl }` );
		// 0x01234567 / (2^32 − 1) = 0.0044: in a 10 % sample. Until the intake's refresh (10 s) has read the stream, it refuses the event.
		const session = await useSession( '0123456789abcdef0123' );
		const { result: e, attempts } = await until( gadgetClickReaches, ( r ) => r, 60000, 'the gadget\'s event at the intake' );
		const reached = Date.now() - tSaved;
		expect( JSON.stringify( Object.keys( e.page ) ) === '["namespace_id"]' && JSON.stringify( Object.keys( e.mediawiki ) ) === '["skin"]', JSON.stringify( e ) );
		expect( JSON.stringify( Object.keys( e.performer ) ) === '["is_logged_in"]' && !e.agent.ua_string && !e.http, JSON.stringify( e ) );
		expect( e.element_id === 'e2e-gadget-button' && e.action === 'click', JSON.stringify( e ) );
		await useSession( 'f0000000000000000000' );
		const { result: out } = await until( gadgetClickReaches, () => true, 60000, 'the out-of-sample click' );
		expect( out === null, 'an event from a session outside the sample' );
		return `module version ${ versionBefore } → ${ versionAfter }; API: rate 0.1, retention_days 90, ${ cacheControl }; session ${ session } (in the 10 % sample): the gadget's click stored ${ reached } ms after the save (${ attempts } page view(s)) with page.namespace_id, mediawiki.skin, performer.is_logged_in and nothing else; session f000… (outside it) sent nothing`;
	} );

	await scenario( 'scheduled, expired and switched-off definitions are not served; expired ones are named with their end', async () => {
		const scheduled = await admin.save( 'e2e.later', instrument( 'e2e.later', { stream: 'e2e.later', start: daysFromNow( 2 ), end: daysFromNow( 10 ) } ) );
		const past = instrument( 'e2e.past', { stream: 'e2e.past', start: '2025-01-01T00:00:00Z', end: '2025-02-01T00:00:00+01:00' } );
		const expired = await admin.save( 'e2e.past', past );
		expect( scheduled.edit && expired.edit, JSON.stringify( [ scheduled, expired ] ) );
		const { body } = await served();
		expect( !body.streams[ 'e2e.later' ] && !body.streams[ 'e2e.past' ] && !body.streams[ 'e2e.names' ], Object.keys( body.streams ).join( ', ' ) );
		expect( body.expired[ 'e2e.past' ] && body.expired[ 'e2e.past' ].end === past.end, JSON.stringify( body.expired ) );
		const module = await servedModule();
		expect( !module.includes( 'e2e.later' ) && !module.includes( 'e2e.past' ), 'browser config serves them' );
		return `served streams: ${ Object.keys( body.streams ).join( ', ' ) }; expired: e2e.past (end ${ past.end })`;
	} );

	await scenario( 'the config API answers cross-site reads from configured origins only ($wgMetricsPlatformCorsOrigins)', async () => {
		const api = `${ wiki }/api.php?action=metricsplatformconfig&format=json&formatversion=2`;
		const read = async ( origin, query = '' ) => {
			const res = await fetch( api + query, { headers: origin ? { Origin: origin } : {} } );
			return { allow: res.headers.get( 'access-control-allow-origin' ), vary: res.headers.get( 'vary' ) || '', body: await res.json() };
		};
		const tools = await read( 'https://tools.example.org' );
		expect( tools.allow === 'https://tools.example.org' && /\bOrigin\b/.test( tools.vary ) && tools.body.streams, `configured origin: ${ JSON.stringify( tools ) }` );
		const other = await read( 'https://evil.example.org' );
		expect( other.allow === null && other.body.streams, `other origin: ${ other.allow }` );
		const anonymous = await read( 'https://evil.example.org', '&origin=*' );
		expect( !anonymous.body.streams && anonymous.body.error && anonymous.body.error.code === 'cors-origin', `origin=* from another origin: ${ JSON.stringify( anonymous.body ).slice( 0, 300 ) }` );
		const none = await read( null );
		expect( none.allow === null && none.body.streams, 'no Origin header' );
		return `https://tools.example.org → Access-Control-Allow-Origin echoed, Vary: ${ tools.vary }; https://evil.example.org → no CORS header; origin=* from it → error ${ anonymous.body.error.code }`;
	} );

	await scenario( 'rate 0 % (quick action) stops the gadget\'s events within the propagation bound (measured)', async () => {
		await useSession( '0123456789abcdef0123' );
		await until( gadgetClickReaches, ( r ) => r, 60000, 'collecting before the change' );
		await quickAction( adminPage, 'e2e.button', { percent: '0', summary: 'Sample 0 %' } );
		const tSaved = Date.now();
		const { attempts } = await until( gadgetClickReaches, ( e ) => e === null, 60000, 'events still sent at 0 %' );
		const measured = ( Date.now() - tSaved ) / 1000;
		const startup = await fetch( `${ wiki }/load.php?modules=startup&only=scripts&raw=1&skin=vector` );
		const cache = startup.headers.get( 'cache-control' ) || '';
		const maxAge = Number( ( /max-age=(\d+)/.exec( cache ) || [] )[ 1 ] );
		expect( maxAge > 0 && maxAge <= 300, `startup module Cache-Control: ${ cache }` );
		console.log( `# propagation (rate 0 %): ${ measured.toFixed( 1 ) } s from the save to the first page view that sent nothing (browser cache bypassed); readers' browsers keep the startup module (which carries the module version) for at most max-age=${ maxAge } s, so every reader stops within ${ maxAge } s + ${ measured.toFixed( 1 ) } s` );
		return `stopped ${ measured.toFixed( 1 ) } s after the save (${ attempts } page view(s); the marker arrived, the event did not); bound: the module's version follows the definitions at once, and the startup module that names the version is cached by browsers for max-age=${ maxAge } s (${ cache }) → ≤ ${ maxAge } s + ${ measured.toFixed( 1 ) } s`;
	} );

	await scenario( 'an end in the past (quick action) stops the events, and the intake refuses a late event with the expiry reason', async () => {
		const pastEnd = daysFromNow( -1 );
		// The rate back at 10 % in the same save, so that only the end stops the events.
		await quickAction( adminPage, 'e2e.button', { percent: '10', start: daysFromNow( -3 ), end: pastEnd, summary: 'Ended' } );
		const tSaved = Date.now();
		const { attempts } = await until( gadgetClickReaches, ( e ) => e === null, 60000, 'events still sent after the end' );
		const { body } = await served();
		expect( !( await servedModule() ).includes( '"e2e.controlplane"' ) && !body.streams[ 'e2e.controlplane' ] && body.expired[ 'e2e.controlplane' ] && body.expired[ 'e2e.controlplane' ].end === pastEnd, 'still served after its end: ' + JSON.stringify( body.expired ) );
		// A browser that kept an event for later sends it now: refused, naming the end (once the intake's 10 s refresh has read it).
		const { result: late } = await until( () => postLate( intakeBase, 'e2e.controlplane', 'late_click' ), ( r ) => r.status === 400, 30000, 'a late event still accepted' );
		const reason = JSON.parse( late.body ).error[ 0 ].context.message;
		expect( reason.startsWith( `stream "e2e.controlplane" ended on ${ pastEnd }` ), reason );
		return `browsers stopped sending ${ ( ( Date.now() - tSaved ) / 1000 ).toFixed( 1 ) } s after the save (${ attempts } page view(s)); not served (browser config and API, which lists it as expired at ${ pastEnd }); a late event → 400 "${ reason }"`;
	} );

	const reader = await ( await browser.newContext() ).newPage();
	await reader.goto( `${ wiki }/index.php?title=Special:UserLogin` );
	await reader.fill( '#wpName1', 'Editor' );
	await reader.fill( '#wpPassword1', 'E2e-Editor-pass-2024' );
	await Promise.all( [ reader.waitForNavigation(), reader.click( '#wpLoginAttempt' ) ] );

	await scenario( 'the catalog: every definition with its status, LocalSettings ones read-only; filters; the field map', async () => {
		const { rows, html } = await catalogRows();
		const statuses = Object.fromEntries( Object.entries( rows ).map( ( [ k, v ] ) => [ k, v.status ] ) );
		const expected = { 'e2e.button': 'expired', 'e2e.later': 'scheduled', 'e2e.past': 'expired', 'e2e.names': 'off', 'e2e.wide': 'active', 'e2e.pageview': 'active', 'mediawiki.gadget_interaction': 'active' };
		for ( const [ name, status ] of Object.entries( expected ) ) {
			expect( statuses[ name ] === status, `${ name }: ${ statuses[ name ] }, not ${ status }` );
		}
		expect( rows[ 'e2e.pageview' ].html.includes( '(LocalSettings.php, read-only)' ) && !rows[ 'e2e.wide' ].html.includes( 'read-only' ), 'read-only marks' );
		expect( rows[ 'e2e.wide' ].html.includes( '<td>E2E team</td><td>50 %</td><td>session</td>' ), rows[ 'e2e.wide' ].html );
		const soon = await catalogRows( '&status=scheduled' );
		expect( JSON.stringify( Object.keys( soon.rows ) ) === '["e2e.later"]' && soon.rows[ 'e2e.later' ].html.includes( 'E2E team' ), Object.keys( soon.rows ).join() );
		const byAttribute = await catalogRows( '&attribute=performer_name&kind=instrument' );
		expect( JSON.stringify( Object.keys( byAttribute.rows ).sort() ) === '["e2e.names","e2e.pageview","e2e.server"]', Object.keys( byAttribute.rows ).join() );
		const map = /<tr data-attribute="performer_name">(.*?)<\/tr>/.exec( html );
		expect( map && [ 'e2e.names', 'e2e.pageview', 'e2e.server' ].every( ( n ) => map[ 1 ].includes( `>${ n }</a>` ) ), 'field map ' + ( map && map[ 1 ] ) );
		const owner = await catalogRows( '&owner=nobody' );
		expect( Object.keys( owner.rows ).length === 0 && owner.html.includes( 'No definition matches.' ), 'owner filter' );
		await reader.goto( `${ wiki }/index.php/Special:MetricsPlatform` );
		await reader.screenshot( { path: path.join( E2E_DIR, 'catalog.png' ), fullPage: true } );
		return `${ Object.keys( rows ).length } rows (${ Object.entries( expected ).map( ( [ k, v ] ) => `${ k } ${ v }` ).join( ', ' ) }); status and attribute filters; performer_name → e2e.names, e2e.pageview, e2e.server; screenshot ${ path.join( E2E_DIR, 'catalog.png' ) }`;
	} );

	await scenario( 'the detail page: fields in plain words and the timeline of the test\'s changes', async () => {
		const res = await fetch( `${ wiki }/index.php/Special:MetricsPlatform/e2e.button` );
		const html = await res.text();
		expect( html.includes( '<tr data-field="sample.percent"><th>Sample rate</th><td>10 %</td></tr>' ), 'sample rate row' );
		expect( html.includes( '<tr data-field="retention_days"><th>Retention (days)</th><td>90</td></tr>' ), 'retention row' );
		const timeline = /<ul class="mw-metricsplatform-timeline">(.*?)<\/ul>/s.exec( html );
		expect( timeline, 'no timeline' );
		const entries = [ ...timeline[ 1 ].matchAll( /<li[^>]*>(.*?)<\/li>/g ) ].map( ( m ) => m[ 1 ].replace( /<[^>]+>/g, '' ) );
		expect( entries.length === 3, entries.join( ' | ' ) );
		expect( /^Start .* → .*; End .* → .*; Sample rate 0 % → 10 % by Admin on .* \(Ended\)$/.test( entries[ 0 ] ), entries[ 0 ] );
		expect( /^Sample rate 10 % → 0 % by Admin on .* \(Sample 0 %\)$/.test( entries[ 1 ] ), entries[ 1 ] );
		expect( /^created by Admin on .* \(New instrument\)$/.test( entries[ 2 ] ), entries[ 2 ] );
		// The intake's figures (IntakeReadClient): the count of the last 24 hours, as the test counts the stored events.
		const all = await storedEvents( 'e2e.controlplane' );
		const stored = all.filter( ( e ) => Date.parse( e.meta.dt ) > Date.now() - 86400000 ).length;
		const count = /<p class="mw-metricsplatform-activity-count" data-count="(\d+)">([^<]*)<\/p>/.exec( html );
		expect( count && Number( count[ 1 ] ) === stored && stored > 0, `count ${ count && count[ 0 ] }, stored ${ stored }` );
		const last = /<table class="wikitable mw-metricsplatform-activity">(.*?)<\/table>/s.exec( html );
		expect( last && last[ 1 ].includes( `<td>${ all[ 0 ].action }</td>` ) && !last[ 1 ].includes( 'Event (as stored)' ), 'last events for readers: ' + ( last && last[ 1 ].slice( 0, 300 ) ) );
		const asAdmin = await ( await adminPage.goto( `${ wiki }/index.php/Special:MetricsPlatform/e2e.button` ) ).text();
		expect( asAdmin.includes( 'Event (as stored)' ) && asAdmin.includes( all[ 0 ].meta.id ), 'managers see the stored events' );
		await reader.goto( `${ wiki }/index.php/Special:MetricsPlatform/e2e.button` );
		await reader.screenshot( { path: path.join( E2E_DIR, 'detail.png' ), fullPage: true } );
		return `${ entries.join( ' | ' ) }; intake: "${ count[ 2 ] }" (the test counts ${ stored }), last events (time and action; the stored event for managers only)`;
	} );

	await scenario( 'the detail page when the intake is down or too slow: shown, with a notice instead of the figures', async () => {
		const closed = await freePort();
		const hanging = http.createServer( () => {} );
		servers.push( hanging );
		await new Promise( ( resolve ) => hanging.listen( 0, '127.0.0.1', resolve ) );
		const times = [];
		try {
			for ( const url of [ `http://127.0.0.1:${ closed }`, `http://127.0.0.1:${ hanging.address().port }` ] ) {
				intakeReadSettings( { url, timeout: 1 } );
				const t = Date.now();
				const res = await fetch( `${ wiki }/index.php/Special:MetricsPlatform/e2e.button` );
				const html = await res.text();
				times.push( Date.now() - t );
				expect( res.status === 200 && html.includes( 'could not be reached just now' ) && html.includes( 'mw-metricsplatform-timeline' ) && !html.includes( 'data-count' ), `${ url }: ${ res.status }` );
			}
		} finally {
			intakeReadSettings( { url: intakeBase, timeout: 2 } );
		}
		expect( times[ 1 ] < 8000, `the page waited ${ times[ 1 ] } ms for a silent intake (timeout 1 s)` );
		return `intake down: page in ${ times[ 0 ] } ms; intake accepting but never answering (timeout 1 s): page in ${ times[ 1 ] } ms; both with the notice and the rest of the page`;
	} );

	await scenario( 'a plain logged-in user reads the catalog, the field map and a detail page, but gets a permission error on edit', async () => {
		await reader.goto( `${ wiki }/index.php/Special:MetricsPlatform` );
		const seen = await reader.$$eval( 'tr[data-name]', ( rows ) => rows.length );
		const mapRows = await reader.$$eval( 'tr[data-attribute]', ( rows ) => rows.map( ( r ) => r.getAttribute( 'data-attribute' ) ) );
		expect( seen >= 9 && mapRows.includes( 'performer_name' ) && await reader.$( '#mw-metricsplatform-fieldmap' ), `catalog rows ${ seen }, field map ${ mapRows.join() }` );
		await reader.goto( `${ wiki }/index.php/Special:MetricsPlatform/e2e.button` );
		const heading = await reader.textContent( '#firstHeading' );
		expect( heading === 'Metrics Platform: e2e.button' && !( await reader.$( 'form.mw-htmlform [name=wpstatus]' ) ), `${ heading }; quick actions shown` );
		await reader.goto( `${ wiki }/index.php?title=MetricsPlatform:e2e.button&action=edit` );
		const editHeading = await reader.textContent( '#firstHeading' );
		const text = await reader.textContent( '#mw-content-text' );
		expect( /View source/.test( editHeading ) && text.includes( 'You do not have permission to edit pages in the MetricsPlatform namespace.' ), `${ editHeading }: ${ text.slice( 0, 300 ) }` );
		await reader.goto( `${ wiki }/index.php/Special:MetricsPlatformEdit/e2e.button` );
		const formHeading = await reader.textContent( '#firstHeading' );
		expect( /Permission error/.test( formHeading ) && !( await reader.$( '[name=wpname]' ) ), `form: ${ formHeading }` );
		return `Editor: catalog (${ seen } rows), field map (${ mapRows.length } attributes) and detail page readable, no quick actions; action=edit → "${ editHeading.trim() }": "You do not have permission to edit pages in the MetricsPlatform namespace."; Special:MetricsPlatformEdit → "${ formHeading.trim() }"`;
	} );

	await scenario( 'an admin creates an instrument through the form; errors are shown at their fields; the save is logged', async () => {
		await adminPage.goto( `${ wiki }/index.php?title=Special:MetricsPlatformEdit&kind=instrument` );
		await adminPage.fill( '[name=wpname]', 'e2e.form' );
		await adminPage.fill( '[name=wpdescription]', 'Made with the form.' );
		await adminPage.fill( '[name=wpowner]', 'Form team' );
		await adminPage.fill( '[name=wpend]', daysFromNow( 20 ) );
		await adminPage.fill( '[name=wpstream]', 'e2e.form' );
		await adminPage.fill( '[name=wpsample_percent]', '5' );
		for ( const attribute of [ 'performer_name', 'page_namespace_id' ] ) {
			await adminPage.check( `[name="wpprovide_values[]"][value=${ attribute }]` );
		}
		await adminPage.screenshot( { path: path.join( E2E_DIR, 'form.png' ), fullPage: true } );
		await Promise.all( [ adminPage.waitForNavigation(), adminPage.click( 'form.mw-htmlform button[type=submit]' ) ] );
		const fieldError = async ( name ) => adminPage.evaluate( ( n ) => {
			const input = document.querySelector( `[name=${ n }]` );
			const layout = input && input.closest( '.oo-ui-fieldLayout' );
			const messages = layout && layout.querySelector( '.oo-ui-fieldLayout-messages' );
			return messages ? messages.textContent : '';
		}, name );
		const risk = await fieldError( 'wprisk' );
		const review = await fieldError( 'wpprivacy_review' );
		expect( risk.includes( 'the attribute "performer_name" is sensitive; it needs a risk level of "medium" or "high"' ), 'risk field: ' + risk );
		expect( review.includes( 'the attribute "performer_name" is sensitive; it needs a link to its privacy review' ), 'review field: ' + review );
		await adminPage.uncheck( '[name="wpprovide_values[]"][value=performer_name]' );
		await adminPage.fill( '[name=wpsummary]', 'Created with the form' );
		await Promise.all( [ adminPage.waitForNavigation(), adminPage.click( 'form.mw-htmlform button[type=submit]' ) ] );
		expect( /Special:MetricsPlatform\/e2e\.form[?&]saved=\d+/.test( adminPage.url() ), adminPage.url() );
		expect( ( await adminPage.textContent( '#mw-content-text' ) ).includes( 'Saved.' ), 'no "Saved."' );
		const { body } = await served();
		const s = body.streams[ 'e2e.form' ];
		expect( s && s.sample.rate === 0.05 && JSON.stringify( s.producers.metrics_platform_client.provide_values ) === '["page_namespace_id"]', JSON.stringify( s ) );
		const log = await admin.call( { action: 'query', list: 'logevents', letype: 'metricsplatform', leprop: 'title|type|user|comment|details' } );
		const entry = log.query.logevents.find( ( e ) => e.title === 'MetricsPlatform:e2e.form' );
		expect( entry && entry.action === 'create' && entry.user === 'Admin' && entry.comment === 'Created with the form', JSON.stringify( log.query.logevents ) );
		return 'performer_name without risk and review: both errors at their fields; saved once fixed: served at rate 0.05 with page_namespace_id only; Special:Log/metricsplatform has the creation by Admin';
	} );

	await scenario( 'quick actions on the detail page: change the rate, switch off, renew an expired definition', async () => {
		await adminPage.goto( `${ wiki }/index.php/Special:MetricsPlatform/e2e.form` );
		await adminPage.fill( '[name=wppercent]', '2.5' );
		await Promise.all( [ adminPage.waitForNavigation(), adminPage.click( 'form.mw-htmlform button[type=submit]' ) ] );
		let { body } = await served();
		expect( body.streams[ 'e2e.form' ].sample.rate === 0.025, JSON.stringify( body.streams[ 'e2e.form' ] ) );
		await adminPage.check( '[name=wpstatus][value=off]' );
		await Promise.all( [ adminPage.waitForNavigation(), adminPage.click( 'form.mw-htmlform button[type=submit]' ) ] );
		( { body } = await served() );
		expect( !body.streams[ 'e2e.form' ], 'served while off' );
		await adminPage.goto( `${ wiki }/index.php/Special:MetricsPlatform/e2e.past` );
		const proposed = `${ await adminPage.inputValue( '[name=wpstart]' ) } – ${ await adminPage.inputValue( '[name=wpend]' ) }`;
		expect( ( await adminPage.textContent( '#mw-content-text' ) ).includes( 'This definition has expired: saving a new window renews it.' ), 'no renew help' );
		await Promise.all( [ adminPage.waitForNavigation(), adminPage.click( 'form.mw-htmlform button[type=submit]' ) ] );
		( { body } = await served() );
		expect( body.streams[ 'e2e.past' ] && !body.expired[ 'e2e.past' ], 'e2e.past not renewed: ' + JSON.stringify( body.expired ) );
		const log = await admin.call( { action: 'query', list: 'logevents', letype: 'metricsplatform', leprop: 'title|type|comment|details' } );
		const changes = log.query.logevents.filter( ( e ) => e.action === 'change' && e.title !== 'MetricsPlatform:e2e.button' ).map( ( e ) => `${ e.title }: ${ e.params[ 0 ] || JSON.stringify( e.params ) } (${ e.comment })` );
		expect( changes.length === 3, changes.join( ' | ' ) );
		const timeline = await ( await fetch( `${ wiki }/index.php/Special:MetricsPlatform/e2e.form` ) ).text();
		expect( timeline.includes( 'Sample rate 5 % → 2.5 %' ) && timeline.includes( 'Status (on/off) on → off' ), 'timeline' );
		return `rate 5 % → 2.5 % served at once; off → not served; e2e.past renewed to ${ proposed } → served again; log: ${ changes.join( ' | ' ) }`;
	} );

	await scenario( 'maintenance: definitions ending soon are listed for cron; LocalSettings.php streams are imported as pages through the save rules', async () => {
		const soon = JSON.parse( maintenance( 'listExpiring.php', '--days', '31', '--json' ) );
		const names = soon.map( ( x ) => x.name ).sort();
		expect( JSON.stringify( names ) === '["e2e.past","e2e.wide"]', JSON.stringify( soon ) );
		expect( maintenance( 'listExpiring.php' ) === '', 'something ends within 14 days' );
		const first = maintenance( 'importLocalSettings.php', '--owner', 'Ops' );
		expect( /^saved\tmediawiki\.gadget_interaction$/m.test( first ), first );
		expect( /^refused\te2e\.server\trisk: the attribute "performer_name" is sensitive/m.test( first ), first );
		expect( first.trim().endsWith( '1 saved, 0 already pages, 3 refused' ), first );
		const second = maintenance( 'importLocalSettings.php', '--owner', 'Ops', '--risk', 'medium', '--privacy-review', 'https://example.org/review/e2e' );
		expect( second.trim().endsWith( '3 saved, 1 already pages, 0 refused' ), second );
		const imported = await admin.call( { action: 'query', prop: 'revisions', titles: 'MetricsPlatform:e2e.server', rvprop: 'content|user', rvslots: 'main' } );
		const rev = imported.query.pages[ 0 ].revisions[ 0 ];
		const def = JSON.parse( rev.slots.main.content );
		expect( def.kind === 'instrument' && def.stream === 'e2e.server' && def.owner === 'Ops' && def.risk === 'medium' && def.provide_values.includes( 'performer_name' ) && rev.user === 'MetricsPlatform import', JSON.stringify( rev ) );
		return `expiring within 31 days: ${ names.join( ', ' ) } (none within 14); import without a review: 1 saved, 3 refused naming the sensitive attribute; with risk and review: 3 more saved`;
	} );

	await scenario( 'mp-intake --streams-url: a stream defined on the wiki is accepted with no restart, and refused again past its end', async () => {
		const port = await freePort();
		const api = `${ wiki }/api.php?action=metricsplatformconfig&format=json&formatversion=2`;
		const cli = spawn( process.execPath, [ path.join( root, 'intake/bin/mp-intake.cjs' ), '--streams-url', api, '--streams-refresh', '1',
			'--port', String( port ), '--store', path.join( E2E_DIR, 'cli-events.sqlite' ) ], { stdio: [ 'ignore', 'pipe', 'inherit' ] } );
		try {
			await new Promise( ( resolve, reject ) => {
				cli.stdout.on( 'data', ( d ) => String( d ).includes( 'listening' ) && resolve() );
				cli.once( 'exit', ( code ) => reject( new Error( `mp-intake exited ${ code }` ) ) );
			} );
			let lastBody = '';
			const post = async () => {
				const res = await fetch( `http://127.0.0.1:${ port }/v1/events`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify( [ {
						$schema: WEB, action: 'late_click', dt: new Date().toISOString(),
						meta: { stream: 'e2e.late', domain: '127.0.0.1', id: randomUUID() },
						agent: { client_platform: 'mediawiki_js', client_platform_family: 'desktop_browser' },
						performer: { is_logged_in: false }
					} ] )
				} );
				lastBody = await res.text();
				return res.status;
			};
			/**
			 * Polls until the intake answers `status` (refresh every 1 s), within 15 s.
			 *
			 * @param status
			 */
			const untilStatus = async ( status ) => {
				const end = Date.now() + 15000;
				let last;
				while ( Date.now() < end ) {
					last = await post();
					if ( last === status ) {
						return Date.now();
					}
					await new Promise( ( r ) => setTimeout( r, 250 ) );
				}
				throw new Error( `still ${ last }, not ${ status }` );
			};
			const before = await post();
			expect( before === 400, `undeclared stream answered ${ before }` );
			const late = instrument( 'e2e.late', { stream: 'e2e.late', sample: { unit: 'session', percent: 10 }, provide_values: [ 'performer_is_logged_in' ] } );
			const saved = Date.now();
			let saveResult = await admin.save( 'e2e.late', late );
			expect( saveResult.edit && saveResult.edit.result === 'Success', JSON.stringify( saveResult ) );
			const accepted = await untilStatus( 201 );
			const ended = Date.now();
			const pastEnd = daysFromNow( -1 );
			saveResult = await admin.save( 'e2e.late', Object.assign( {}, late, { start: daysFromNow( -2 ), end: pastEnd } ) );
			expect( saveResult.edit && saveResult.edit.result === 'Success', JSON.stringify( saveResult ) );
			const refused = await untilStatus( 400 );
			const reason = JSON.parse( lastBody ).error[ 0 ].context.message;
			expect( reason.startsWith( `stream "e2e.late" ended on ${ pastEnd }` ), reason );
			return `400 before; defined on the wiki → 201 ${ accepted - saved } ms after the save began; end set in the past → 400 ${ refused - ended } ms after (refresh 1 s; default 60 s): "${ reason }"`;
		} finally {
			cli.kill( 'SIGTERM' );
		}
	} );
} finally {
	await browser.close();
	try {
		process.kill( -php.pid, 'SIGTERM' );
	} catch ( e ) {
		// Already gone.
	}
	if ( intake ) {
		try {
			process.kill( -intake.pid, 'SIGTERM' );
		} catch ( e ) {
			// Already gone.
		}
	}
	for ( const server of servers ) {
		server.close();
		server.closeAllConnections();
	}
	clearTimeout( watchdog );
}
console.log( `# control plane e2e took ${ Math.round( ( Date.now() - started ) / 1000 ) } s; the event builder ran at most ${ slowestBuilder } ms after a gadget click` );
finishScenarios();
