#!/usr/bin/env node
/* global window, mw */
/**
 * The control plane in a real MediaWiki 1.39 (Debian's package, SQLite, `php -S` on 127.0.0.1):
 * definitions saved as pages of the MetricsPlatform namespace through the action API, refused with
 * the field and rule when invalid or when the privacy gate says no; active ones served to browsers
 * (the module's version follows them) and to off-wiki clients (action=metricsplatformconfig), which
 * the local intake reads; expired and switched-off ones not served. Driven in Debian's Chromium by
 * playwright-core; ends with "N passed, N failed".
 *
 * Environment: E2E_DIR (scratch folder, default a new temporary one), CHROMIUM.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve( path.dirname( fileURLToPath( import.meta.url ) ), '../..' );
const require = createRequire( import.meta.url );
const { chromium } = require( 'playwright-core' );
const { createIntake, createSqliteSink } = require( path.join( root, 'intake/dist/intake.js' ) );

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const WEB = '/analytics/product_metrics/web/base/1.3.0';
const MW = '/usr/share/mediawiki';
const E2E_DIR = process.env.E2E_DIR || mkdtempSync( path.join( os.tmpdir(), 'mp-cp-e2e-' ) );
const started = Date.now();
const watchdog = setTimeout( () => {
	console.error( 'Control plane e2e: watchdog fired after 300 s' );
	// eslint-disable-next-line n/no-process-exit
	process.exit( 1 );
}, 300000 );

function freePort() {
	return new Promise( ( resolve ) => {
		const s = net.createServer().listen( 0, '127.0.0.1', () => {
			const { port } = s.address();
			s.close( () => resolve( port ) );
		} );
	} );
}

const results = [];
async function scenario( name, fn ) {
	const t = Date.now();
	try {
		const detail = await fn();
		results.push( true );
		console.log( `ok - ${ name } (${ Date.now() - t } ms): ${ detail }` );
	} catch ( e ) {
		results.push( false );
		console.log( `not ok - ${ name }: ${ e.message }` );
	}
}

function expect( condition, message ) {
	if ( !condition ) {
		throw new Error( message );
	}
}

const wikiPort = await freePort();
const intakePort = await freePort();
const settings = execFileSync( 'bash', [ path.join( root, 'tests/e2e/mediawiki/setup-wiki.sh' ), E2E_DIR, String( wikiPort ), String( intakePort ) ], { encoding: 'utf8' } ).trim();
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

let sink = null;
let page = null;

/**
 * Waits until the intake holds an event of `stream` that `match` accepts.
 *
 * @param stream
 * @param match
 * @param timeout
 */
async function arrival( stream, match, timeout = 5000 ) {
	const end = Date.now() + timeout;
	while ( Date.now() < end ) {
		const found = ( await sink.recent( stream, 1000 ) ).map( ( e ) => e.event ).find( match );
		if ( found ) {
			return found;
		}
		await new Promise( ( r ) => setTimeout( r, 100 ) );
	}
	throw new Error( `no matching ${ stream } event at the intake within ${ timeout } ms` );
}

/** Opens Main_Page as the reader and waits for the every-page module. */
async function view() {
	await page.goto( `${ wiki }/index.php/Main_Page` );
	await page.waitForFunction( () => window.mw && mw.loader.getState( 'ext.metricsPlatform' ) === 'ready', null, { timeout: 20000 } );
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

/**
 * Calls submitInteraction on e2e.controlplane, then on the LocalSettings stream e2e.pageview as a
 * marker; returns whether the first arrived once the marker did (same page, same delivery queue).
 *
 * @param action
 */
async function clickReaches( action ) {
	const token = await page.evaluate( ( [ schema, a ] ) => {
		mw.metricsPlatform.submitInteraction( 'e2e.controlplane', schema, a );
		mw.metricsPlatform.submitInteraction( 'e2e.pageview', schema, a + '_marker' );
		return mw.user.getPageviewToken();
	}, [ WEB, action ] );
	await arrival( 'e2e.pageview', ( x ) => x.action === action + '_marker' && x.performer.pageview_id === token );
	return ( await sink.recent( 'e2e.controlplane', 1000 ) ).map( ( e ) => e.event ).find( ( x ) => x.action === action ) || null;
}

const browser = await chromium.launch( { executablePath: CHROMIUM, args: [ '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking' ] } );
let intake = null;
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

	let versionBefore;
	await scenario( 'an active instrument is served to browsers (new module version) and to the action API', async () => {
		versionBefore = await moduleVersion();
		expect( !( await servedModule() ).includes( '"e2e.controlplane"' ), 'served before it exists' );
		const r = await steward.save( 'e2e.button', instrument( 'e2e.button', { sample: { unit: 'session', percent: 10 } } ), 'New instrument' );
		expect( r.edit && r.edit.result === 'Success', JSON.stringify( r ) );
		const versionAfter = await moduleVersion();
		expect( versionBefore && versionAfter && versionAfter !== versionBefore, `module version ${ versionBefore } → ${ versionAfter }` );
		const module = await servedModule();
		expect( module.includes( '"e2e.controlplane"' ) && !module.includes( 'control_plane' ), 'browser config' );
		const { body, cacheControl } = await served();
		const s = body.streams[ 'e2e.controlplane' ];
		expect( s && s.sample.rate === 0.1 && s.sample.unit === 'session' && s.schema_id === WEB && s.control_plane.retention_days === 90, JSON.stringify( s ) );
		expect( JSON.stringify( s.producers.metrics_platform_client.provide_values ) === JSON.stringify( [ 'page_namespace_id', 'mediawiki_skin', 'performer_is_logged_in' ] ), JSON.stringify( s ) );
		expect( body.streams[ 'mediawiki.gadget_interaction' ], 'LocalSettings streams still served' );
		expect( !body.streams[ 'e2e.controlplane.names' ] && /max-age=300/.test( cacheControl || '' ), `off definition or cache: ${ cacheControl }` );
		return `module version ${ versionBefore } → ${ versionAfter }; API: rate 0.1, unit session, retention 90 days, LocalSettings streams kept; ${ cacheControl }`;
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

	// The intake takes its streams from the wiki's API: nothing about e2e.controlplane is in LocalSettings.php.
	const store = path.join( E2E_DIR, 'cp-events.sqlite' );
	for ( const suffix of [ '', '-wal', '-shm' ] ) {
		rmSync( store + suffix, { force: true } );
	}
	sink = createSqliteSink( store );
	intake = createIntake( { streamConfigs: { streams: ( await served() ).body.streams }, schemasDir: path.join( root, 'schemas' ), sink, log: ( m ) => console.log( '# intake: ' + m ) } );
	await intake.listen( intakePort );
	const readerContext = await browser.newContext();
	// Routing turns off Chromium's HTTP cache: a reader's cached startup module (5 minutes, the
	// propagation bound) would otherwise hide the change from the next view.
	await readerContext.route( '**/load.php*', ( route ) => route.continue() );
	page = await readerContext.newPage();
	await scenario( 'a gadget\'s submitInteraction reaches the intake with exactly the chosen attributes', async () => {
		// 0x01234567 / (2^32 − 1) = 0.0044: in a 10 % sample.
		const session = await useSession( '0123456789abcdef0123' );
		const e = await clickReaches( 'button_click' );
		expect( e, 'no event' );
		expect( JSON.stringify( Object.keys( e.page ) ) === '["namespace_id"]' && JSON.stringify( Object.keys( e.mediawiki ) ) === '["skin"]', JSON.stringify( e ) );
		expect( JSON.stringify( Object.keys( e.performer ) ) === '["is_logged_in"]', JSON.stringify( e.performer ) );
		const out = await useSession( 'f0000000000000000000' ) && await clickReaches( 'out_of_sample' );
		expect( out === null, 'an event from a session outside the sample' );
		return `session ${ session } (in the 10 % sample): page.namespace_id, mediawiki.skin, performer.is_logged_in and nothing else; session f000… (outside it) sent nothing`;
	} );

	await scenario( 'rate 0 % and an end in the past stop the events on the next page view', async () => {
		await useSession( '0123456789abcdef0123' );
		let r = await admin.save( 'e2e.button', instrument( 'e2e.button', { sample: { unit: 'session', percent: 0 } } ), 'Sample 0 %' );
		expect( r.edit && r.edit.result === 'Success', JSON.stringify( r ) );
		await view();
		expect( await clickReaches( 'at_zero' ) === null, 'an event at 0 %' );
		r = await admin.save( 'e2e.button', instrument( 'e2e.button', { start: daysFromNow( -3 ), end: daysFromNow( -1 ) } ), 'Ended' );
		expect( r.edit && r.edit.result === 'Success', JSON.stringify( r ) );
		await view();
		expect( await clickReaches( 'after_end' ) === null, 'an event after the end' );
		const { body } = await served();
		expect( !( await servedModule() ).includes( '"e2e.controlplane"' ) && !body.streams[ 'e2e.controlplane' ] && body.expired[ 'e2e.controlplane' ], 'still served after its end' );
		return `0 %: nothing arrived (the marker after it did); end in the past: not served (browser config and API; the API lists it as expired at ${ body.expired[ 'e2e.controlplane' ].end }), nothing arrived`;
	} );
} finally {
	await browser.close();
	try {
		process.kill( -php.pid, 'SIGTERM' );
	} catch ( e ) {
		// Already gone.
	}
	if ( intake ) {
		await intake.close();
	}
	clearTimeout( watchdog );
}
const passed = results.filter( Boolean ).length;
console.log( `# control plane e2e took ${ Math.round( ( Date.now() - started ) / 1000 ) } s` );
console.log( `${ passed } passed, ${ results.length - passed } failed` );
process.exitCode = passed === results.length ? 0 : 1;
