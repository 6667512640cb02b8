#!/usr/bin/env node
/* global document, window, mw, localStorage, Navigator */
/**
 * The extension in a real MediaWiki 1.39 (Debian's package, SQLite, `php -S` on 127.0.0.1) with the
 * local intake, driven in Debian's Chromium by playwright-core. Each scenario prints what it asserted;
 * the run ends with "N passed, N failed". Everything binds to loopback and stops by itself.
 *
 * Environment: E2E_DIR (scratch folder, default a new temporary one), CHROMIUM.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deliveryScenarios } from './mediawiki/deliveryScenarios.mjs';
import { startFaultProxy } from './mediawiki/faultProxy.mjs';

const root = path.resolve( path.dirname( fileURLToPath( import.meta.url ) ), '../..' );
const require = createRequire( import.meta.url );
const { chromium } = require( 'playwright-core' );
const { createIntake, createSqliteSink, buildReport, eventsFromStore, formatReport, resolveDesign } = require( path.join( root, 'intake/dist/intake.js' ) );

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const WEB = '/analytics/product_metrics/web/base/1.3.0';
const E2E_DIR = process.env.E2E_DIR || mkdtempSync( path.join( os.tmpdir(), 'mp-mw-e2e-' ) );
const started = Date.now();
const watchdog = setTimeout( () => {
	console.error( 'MediaWiki e2e: watchdog fired after 300 s' );
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
const streams = JSON.parse( readFileSync( path.join( root, 'tests/e2e/mediawiki/streams.json' ), 'utf8' ) );
// A server-side stream sampled by session, for the sampling contract below (this suite's only).
streams[ 'e2e.server.sampled' ] = { schema_title: 'analytics/product_metrics/web/base', sample: { rate: 0.5, unit: 'session' }, producers: { metrics_platform_client: { provide_values: [ 'page_title', 'performer_session_id' ] } } };
writeFileSync( path.join( E2E_DIR, 'wiki', 'sampled-stream.json' ), JSON.stringify( streams[ 'e2e.server.sampled' ] ) );
const store = path.join( E2E_DIR, 'events.sqlite' );
for ( const suffix of [ '', '-wal', '-shm' ] ) {
	rmSync( store + suffix, { force: true } );
}
const sink = createSqliteSink( store );
// The Editor (user id 3) falls in group B of this experiment: sha256( "3" + name ) starts at 0.806.
const EXPERIMENT = 'e2e-sticky-header-2';
const SESSION_EXPERIMENT = 'e2e-session-banner';
function setExperiment( status ) {
	writeFileSync( path.join( E2E_DIR, 'experiments.json' ), JSON.stringify( {
		experiments: {
			[ EXPERIMENT ]: { status, unit: 'user', rate: 1, groups: [ 'A', 'B' ], targeting: { performer_is_logged_in: { equals: true } } },
			[ SESSION_EXPERIMENT ]: { status: 'on', unit: 'session', rate: 1, groups: [ 'A', 'B' ], targeting: { performer_is_logged_in: { equals: false } } }
		},
		flags: { 'e2e-new-toolbar': { type: 'boolean', default: false, rules: [ { when: { performer_edit_count_bucket: { equals: '5-99 edits' } }, value: true } ] } }
	} ) );
}
setExperiment( 'on' );
const intake = createIntake( { streamConfigs: streams, schemasDir: path.join( root, 'schemas' ), sink, log: ( m ) => console.log( '# intake: ' + m ) } );
// The wiki sends to a proxy that the delivery scenarios can make fail; it passes everything otherwise.
const realIntakePort = await freePort();
await intake.listen( realIntakePort );
const proxy = await startFaultProxy( `http://127.0.0.1:${ realIntakePort }`, intakePort );
const php = spawn( 'php', [ '-S', `127.0.0.1:${ wikiPort }`, '-t', '/usr/share/mediawiki' ], {
	env: Object.assign( {}, process.env, { MW_CONFIG_FILE: settings, PHP_CLI_SERVER_WORKERS: '4' } ),
	detached: true,
	stdio: 'ignore'
} );
const wiki = `http://127.0.0.1:${ wikiPort }`;
console.log( `# wiki ${ wiki }, intake http://127.0.0.1:${ intakePort } (set up in ${ Date.now() - started } ms)` );

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

/**
 * The builder's loader state just after the every-page module's idle check for leftovers, which runs
 * in a 1 s timer set when the module runs: a timer set later with the same delay fires after it (and
 * mw.loader.using() marks a module "loading" at once). A marker instead of a fixed wait.
 *
 * @param page
 */
function builderStateAfterIdleCheck( page ) {
	return page.evaluate( () => new Promise( ( resolve ) => setTimeout( () => resolve( mw.loader.getState( 'ext.metricsPlatform.builder' ) ), 1000 ) ) );
}

async function open( page, title ) {
	await page.goto( `${ wiki }/index.php/${ title }` );
	await page.waitForFunction( () => window.mw && mw.loader.getState( 'ext.metricsPlatform' ) === 'ready', null, { timeout: 20000 } );
}

/**
 * Loads mediawiki.user into the page (the every-page module no longer depends on it), so that a
 * scenario can compare events with mw.user's tokens.
 *
 * @param page
 */
async function userApi( page ) {
	await page.waitForFunction( () => mw.loader.using( 'mediawiki.user' ) && mw.loader.getState( 'mediawiki.user' ) === 'ready', null, { timeout: 20000 } );
}

async function login( page ) {
	await page.goto( `${ wiki }/index.php?title=Special:UserLogin` );
	await page.fill( '#wpName1', 'Editor' );
	await page.fill( '#wpPassword1', 'E2e-Editor-pass-2024' );
	await Promise.all( [ page.waitForNavigation(), page.click( '#wpLoginAttempt' ) ] );
}

const browser = await chromium.launch( { executablePath: CHROMIUM, args: [ '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking' ] } );
try {
	// Wait for php -S.
	for ( let i = 0; i < 50; i++ ) {
		try {
			await fetch( wiki + '/index.php' );
			break;
		} catch ( e ) {
			await new Promise( ( r ) => setTimeout( r, 100 ) );
		}
	}

	const anon = await ( await browser.newContext() ).newPage();
	const errors = [];
	anon.on( 'pageerror', ( e ) => errors.push( e.message ) );

	await scenario( 'anonymous page view: event with the right page, mediawiki and performer attributes', async () => {
		await open( anon, 'Main_Page' );
		await userApi( anon );
		const page = await anon.evaluate( ( schema ) => {
			mw.metricsPlatform.submitInteraction( 'e2e.pageview', schema, 'page_view' );
			return { id: mw.config.get( 'wgArticleId' ), pageview: mw.user.getPageviewToken(), session: mw.user.sessionId(), version: mw.config.get( 'wgVersion' ) };
		}, WEB );
		const e = await arrival( 'e2e.pageview', ( x ) => x.performer.pageview_id === page.pageview && x.action === 'page_view' );
		expect( e.page.id === page.id && e.page.title === 'Main_Page' && e.page.namespace_id === 0 && e.page.namespace_name === '', 'page ' + JSON.stringify( e.page ) );
		expect( e.mediawiki.skin === 'vector' && e.mediawiki.database === 'e2ewiki' && e.mediawiki.version === page.version, 'mediawiki ' + JSON.stringify( e.mediawiki ) );
		expect( e.performer.is_logged_in === false && e.performer.session_id === page.session && !( 'name' in e.performer ) && !( 'edit_count' in e.performer ), 'performer ' + JSON.stringify( e.performer ) );
		expect( e.agent.client_platform === 'mediawiki_js' && e.meta.domain === '127.0.0.1', 'agent/meta ' + JSON.stringify( [ e.agent, e.meta ] ) );
		return `page.id ${ e.page.id }, title Main_Page, skin vector, database e2ewiki, MediaWiki ${ e.mediawiki.version }, anonymous, pageview/session ids match mw.user, no name or edit count`;
	} );

	await scenario( 'an existing-style instrument calls mw.eventLog.submitInteraction', async () => {
		await userApi( anon );
		const token = await anon.evaluate( ( schema ) => {
			mw.eventLog.submitInteraction( 'e2e.pageview', schema, 'legacy_instrument', { action_source: 'old-instrument' } );
			return mw.user.getPageviewToken();
		}, WEB );
		const e = await arrival( 'e2e.pageview', ( x ) => x.action === 'legacy_instrument' && x.performer.pageview_id === token );
		expect( e.action_source === 'old-instrument', JSON.stringify( e ) );
		return 'mw.eventLog exists without EventLogging and delivers the same event';
	} );

	await scenario( 'navigating away right after a click loses nothing', async () => {
		await open( anon, 'Main_Page' );
		await userApi( anon );
		const token = await anon.evaluate( () => mw.user.getPageviewToken() );
		await anon.evaluate( ( schema ) => {
			const a = document.createElement( 'a' );
			a.id = 'e2e-link';
			a.href = mw.util ? mw.util.getUrl( 'Special:RecentChanges' ) : '/index.php/Special:RecentChanges';
			a.textContent = 'go';
			a.addEventListener( 'click', () => mw.metricsPlatform.submitInteraction( 'e2e.pageview', schema, 'click_then_leave', { element_id: 'e2e-link' } ) );
			document.body.appendChild( a );
		}, WEB );
		await Promise.all( [ anon.waitForNavigation(), anon.click( '#e2e-link' ) ] );
		const e = await arrival( 'e2e.pageview', ( x ) => x.action === 'click_then_leave' && x.performer.pageview_id === token );
		return `the event of the page left 0 ms after the click arrived (${ e.meta.id })`;
	} );

	await scenario( 'a quiet page never loads the builder; events an earlier page kept are sent by the next one', async () => {
		await anon.evaluate( () => Object.keys( localStorage ).filter( ( k ) => k.indexOf( 'mp-' ) === 0 ).forEach( ( k ) => localStorage.removeItem( k ) ) );
		await open( anon, 'Main_Page' );
		const quiet = await builderStateAfterIdleCheck( anon );
		expect( quiet === 'registered', 'builder state on a page without calls or leftovers: ' + quiet );
		// What a page that could not reach the intake leaves behind.
		const kept = {
			$schema: WEB, action: 'kept_by_earlier_page', dt: new Date().toISOString(),
			agent: { client_platform: 'mediawiki_js', client_platform_family: 'desktop_browser' },
			performer: { is_logged_in: false },
			meta: { stream: 'e2e.pageview', domain: '127.0.0.1', id: randomUUID() }
		};
		await anon.evaluate( ( events ) => localStorage.setItem( 'mp-outbox:0e2e0e2e0e2e0e2e0e2e', JSON.stringify( events ) ), [ kept ] );
		await open( anon, 'Main_Page' );
		// The same marker sees the builder requested when there is something to take over: so it does
		// come after the module's check, and the quiet page's "registered" above was not read too early.
		const requested = await builderStateAfterIdleCheck( anon );
		expect( requested !== 'registered', 'builder state after the idle check on a page with leftovers: ' + requested );
		const e = await arrival( 'e2e.pageview', ( x ) => x.meta.id === kept.meta.id );
		const left = await anon.evaluate( () => [ localStorage.getItem( 'mp-outbox:0e2e0e2e0e2e0e2e0e2e' ), mw.loader.getState( 'ext.metricsPlatform.builder' ) ] );
		expect( left[ 0 ] === null && left[ 1 ] === 'ready', 'after the take-over: ' + JSON.stringify( left ) );
		return `builder "${ quiet }" after the idle check of a quiet page ("${ requested }" with leftovers); the kept event ${ e.meta.id } arrived from the next page, which loaded the builder for it and removed the key`;
	} );

	await scenario( 'a plain page loads no module for this extension but its own, minified; ?debug=1 serves it readable', async () => {
		const plain = await ( await browser.newContext() ).newPage();
		await open( plain, 'Main_Page' );
		await plain.waitForTimeout( 1500 );
		// (mediawiki.storage comes with the experiments module, on pages with active experiments: this wiki has one for logged-out readers.)
		const states = await plain.evaluate( () => [ 'mediawiki.user', 'mediawiki.cookie', 'jquery.cookie', 'ext.metricsPlatform.builder' ].map( ( m ) => m + ' ' + mw.loader.getState( m ) ) );
		expect( states.every( ( s ) => s.endsWith( ' registered' ) ), 'modules loaded on a quiet plain page: ' + states.join( ', ' ) );
		const load = ( debug ) => fetch( `${ wiki }/load.php?modules=ext.metricsPlatform&only=scripts&skin=vector&lang=en${ debug ? '&debug=1' : '' }` ).then( ( r ) => r.text() );
		const [ served, readable ] = await Promise.all( [ load( false ), load( true ) ] );
		expect( !served.includes( 'createMwFacade' ) && served.length < 12000, `production: pre-minified (${ served.length } chars)` );
		expect( readable.includes( 'function createMwFacade(' ) && readable.includes( '\n' ), 'debug=1: the readable build' );
		await plain.close();
		return `${ states.join( ', ' ) }; load.php serves ${ served.length } chars minified, ${ readable.length } readable with ?debug=1`;
	} );

	const editorContext = await browser.newContext();
	const editor = await editorContext.newPage();
	editor.on( 'pageerror', ( e ) => errors.push( e.message ) );

	await scenario( 'logged-in user with 6 edits: performer attributes and edit-count bucket', async () => {
		await login( editor );
		await open( editor, 'Main_Page' );
		await userApi( editor );
		const who = await editor.evaluate( ( schema ) => {
			mw.metricsPlatform.submitInteraction( 'e2e.pageview', schema, 'page_view' );
			return { id: mw.user.getId(), pageview: mw.user.getPageviewToken() };
		}, WEB );
		const e = await arrival( 'e2e.pageview', ( x ) => x.performer.pageview_id === who.pageview );
		const p = e.performer;
		expect( p.is_logged_in === true && p.name === 'Editor' && p.id === who.id, JSON.stringify( p ) );
		expect( p.edit_count === 6 && p.edit_count_bucket === '5-99 edits', 'edit count ' + JSON.stringify( p ) );
		expect( /^\d{4}-\d\d-\d\dT/.test( p.registration_dt ) && p.groups.includes( 'user' ) && p.is_bot === false, JSON.stringify( p ) );
		return `name Editor, id ${ p.id }, edit_count 6, bucket "5-99 edits", registered ${ p.registration_dt }, groups ${ p.groups.join( '/' ) }`;
	} );

	await scenario( 'a gadget event is sent only after the user opts in', async () => {
		await open( editor, 'Main_Page' );
		const before = await editor.evaluate( () => {
			mw.track( 'metricsplatform.gadget.E2EGadget', { action: 'open', element_id: 'before-opt-in' } );
			return mw.config.get( 'wgMetricsPlatformUser' );
		} );
		expect( before.gadgetOptIn === false, 'opted out by default' );
		// A later event of the same page: once it has arrived, a gadget event recorded before it would have too.
		const marker = randomUUID();
		await editor.evaluate( ( [ schema, id ] ) => mw.metricsPlatform.submitInteraction( 'e2e.pageview', schema, 'gadget_marker', { action_context: id } ), [ WEB, marker ] );
		await arrival( 'e2e.pageview', ( x ) => x.action === 'gadget_marker' && x.action_context === marker );
		const early = ( await sink.recent( 'mediawiki.gadget_interaction', 100 ) ).length;
		expect( early === 0, `${ early } gadget events before opting in` );
		await editor.evaluate( () => mw.loader.using( 'mediawiki.api' ).then( () => new mw.Api().saveOption( 'metricsplatform-gadget-optin', 1 ) ) );
		await open( editor, 'Main_Page' );
		await editor.evaluate( () => mw.track( 'metricsplatform.gadget.E2EGadget', { action: 'open', element_id: 'after-opt-in' } ) );
		const e = await arrival( 'mediawiki.gadget_interaction', ( x ) => x.element_id === 'after-opt-in' );
		expect( e.instrument_name === 'E2EGadget' && e.funnel_event_sequence_position === 1 && e.action === 'open', JSON.stringify( e ) );
		return 'nothing before opting in (a later marker event arrived; preference off by default); after opting in through the preference, the mw.track call arrived as instrument E2EGadget';
	} );

	await scenario( 'server-side page attributes (PHP, tests/php/serverContext.php): page.title has no namespace prefix, in any namespace', async () => {
		let out;
		try {
			out = execFileSync( 'php', [ '/usr/share/mediawiki/maintenance/runScript.php', path.join( root, 'tests/php/serverContext.php' ) ], {
				encoding: 'utf8', env: Object.assign( {}, process.env, { MW_CONFIG_FILE: settings, MW_INSTALL_PATH: '/usr/share/mediawiki' } )
			} );
		} catch ( e ) {
			out = String( e.stdout || '' ) + String( e.stderr || e.message );
		}
		const m = /^(\d+) passed, (\d+) failed$/m.exec( out );
		expect( m && m[ 2 ] === '0' && Number( m[ 1 ] ) > 0, out );
		return `${ m[ 1 ] } pages in 7 namespaces: page.title and namespace as the browser sends them`;
	} );

	await scenario( 'a server-side PHP event (PageSaveComplete) matches the browser event shape', async () => {
		await editor.evaluate( () => mw.loader.using( 'mediawiki.api' ).then( () => new mw.Api().postWithEditToken( { action: 'edit', title: 'E2E server event', text: 'Saved at ' + Date.now() } ) ) );
		const e = await arrival( 'e2e.server', ( x ) => x.action === 'page_save' );
		expect( e.agent.client_platform === 'mediawiki_php' && e.page.title === 'E2E_server_event' && e.performer.name === 'Editor', JSON.stringify( e ) );
		expect( e.performer.edit_count_bucket === '5-99 edits' && e.mediawiki.database === 'e2ewiki' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test( e.dt ), JSON.stringify( e ) );
		return 'agent mediawiki_php, page E2E_server_event, performer Editor (5-99 edits), validated and stored by the intake';
	} );

	await scenario( 'experiment: group B in the first paint, the header, the experiments field, a kill switch', async () => {
		const response = await editor.goto( `${ wiki }/index.php/Main_Page` );
		const html = await response.text();
		expect( html.includes( `metricsplatform-experiment-${ EXPERIMENT }-B` ), 'body class of group B in the HTML' );
		const header = response.headers()[ 'x-experiment-enrollments' ] || '';
		expect( header.includes( `${ EXPERIMENT }=B;` ) && header.includes( 'e2e-new-toolbar=on;' ), 'header: ' + header );
		await editor.waitForFunction( () => window.mw && mw.loader.getState( 'ext.metricsPlatform.experiments' ) === 'ready', null, { timeout: 20000 } );
		await userApi( editor );
		const seen = await editor.evaluate( ( [ name, schema ] ) => {
			const exp = mw.metricsPlatform.getExperiment( name );
			exp.sendExposure();
			exp.sendExposure();
			mw.metricsPlatform.submitInteraction( 'e2e.pageview', schema, 'experiment_page_view' );
			return { group: exp.getAssignedGroup(), flag: mw.metricsPlatform.isEnabled( 'e2e-new-toolbar' ), unknown: mw.metricsPlatform.getExperiment( 'no-such-experiment' ).getAssignedGroup(), pageview: mw.user.getPageviewToken() };
		}, [ EXPERIMENT, WEB ] );
		expect( seen.group === 'B' && seen.flag === true && seen.unknown === null, JSON.stringify( seen ) );
		const exposure = await arrival( 'mediawiki.experiment_interaction', ( x ) => x.action === 'experiment_exposure' );
		const event = await arrival( 'e2e.pageview', ( x ) => x.action === 'experiment_page_view' && x.performer.pageview_id === seen.pageview );
		expect( event.experiments && event.experiments.assigned[ EXPERIMENT ] === 'B' && event.experiments.enrolled.includes( EXPERIMENT ), 'experiments field ' + JSON.stringify( event.experiments ) );
		expect( exposure.experiments.assigned[ EXPERIMENT ] === 'B', 'exposure ' + JSON.stringify( exposure ) );
		// The page event, recorded after both sendExposure() calls, has arrived: a second exposure would have too.
		const exposures = ( await sink.recent( 'mediawiki.experiment_interaction', 100 ) ).filter( ( e ) => e.event.action === 'experiment_exposure' ).length;
		expect( exposures === 1, `${ exposures } exposures for two sendExposure() calls` );
		setExperiment( 'off' );
		const after = await editor.goto( `${ wiki }/index.php/Main_Page` );
		const afterHtml = await after.text();
		expect( !afterHtml.includes( `metricsplatform-experiment-${ EXPERIMENT }` ), 'kill switch: no body class on the next load' );
		expect( !( after.headers()[ 'x-experiment-enrollments' ] || '' ).includes( EXPERIMENT ), 'kill switch: not in the header' );
		return `body class metricsplatform-experiment-${ EXPERIMENT }-B in the HTML; header "${ header }"; 1 exposure for 2 calls; page event carries experiments.assigned = B; status off → gone on the next load`;
	} );

	await scenario( 'logged-out first page view: the server makes the session token, PHP and JS agree on the group', async () => {
		const fresh = await ( await browser.newContext() ).newPage();
		const response = await fresh.goto( `${ wiki }/index.php/Main_Page` );
		const html = await response.text();
		await fresh.waitForFunction( () => window.mw && mw.loader.getState( 'ext.metricsPlatform' ) === 'ready', null, { timeout: 20000 } );
		await userApi( fresh );
		const session = await fresh.evaluate( () => mw.user.sessionId() );
		const h = parseInt( createHash( 'sha256' ).update( session + SESSION_EXPERIMENT ).digest( 'hex' ).slice( 0, 6 ), 16 ) / 16777216;
		const group = [ 'A', 'B' ][ Math.floor( h * 2 ) ];
		expect( html.includes( `metricsplatform-experiment-${ SESSION_EXPERIMENT }-${ group }` ), `first paint has group ${ group } of session ${ session }` );
		const token = await fresh.evaluate( ( schema ) => {
			mw.metricsPlatform.submitInteraction( 'e2e.pageview', schema, 'anonymous_experiment_view' );
			return mw.user.getPageviewToken();
		}, WEB );
		const e = await arrival( 'e2e.pageview', ( x ) => x.performer.pageview_id === token );
		expect( e.experiments && e.experiments.assigned[ SESSION_EXPERIMENT ] === group && !( EXPERIMENT in e.experiments.assigned ), JSON.stringify( e.experiments ) );
		await fresh.close();
		return `session ${ session } → group ${ group } in the first HTML and in the event (sha256 computed independently)`;
	} );

	// --- Safe by default on the wiki (issue 10): caching, trusted enrolment, one privacy decision.
	const sessionGroup = ( token ) => [ 'A', 'B' ][ Math.floor( parseInt( createHash( 'sha256' ).update( token + SESSION_EXPERIMENT ).digest( 'hex' ).slice( 0, 6 ), 16 ) / 16777216 * 2 ) ];
	const tokenInGroup = ( group ) => {
		for ( ;; ) {
			const token = randomBytes( 10 ).toString( 'hex' );
			if ( sessionGroup( token ) === group ) {
				return token;
			}
		}
	};
	const experimentsFile = path.join( E2E_DIR, 'experiments.json' );
	// mw.user's session token cookie ($wgCookiePrefix defaults to the database name).
	const sessionCookieName = 'e2ewikimwuser-sessionId';

	await scenario( 'cache-safe assignment: with the file cache, client caching and a CDN on, two logged-out readers in different groups each see only their own group', async () => {
		const saved = readFileSync( experimentsFile, 'utf8' );
		const cachingOn = path.join( E2E_DIR, 'wiki', 'caching-on' );
		const contexts = [];
		const newPage = async () => {
			const context = await browser.newContext();
			contexts.push( context );
			return context.newPage();
		};
		writeFileSync( cachingOn, '' );
		try {
			// Without per-reader state the file cache serves logged-out readers (so the test below can fail).
			writeFileSync( experimentsFile, JSON.stringify( { experiments: {}, flags: {} } ) );
			const requestId = ( html ) => ( /"wgRequestId":"([^"]+)"/.exec( html ) || [] )[ 1 ];
			const first = await newPage();
			const plain = await first.goto( `${ wiki }/index.php/E2E_page_1` );
			const plainHtml = await plain.text();
			await first.waitForFunction( () => window.mw && mw.loader.getState( 'ext.metricsPlatform' ) === 'ready', null, { timeout: 20000 } );
			// The cookie name as mw.user writes it.
			await userApi( first );
			await first.evaluate( () => mw.user.sessionId() );
			const cookieName = ( await first.context().cookies() ).map( ( c ) => c.name ).find( ( name ) => name.endsWith( 'mwuser-sessionId' ) );
			expect( cookieName === sessionCookieName, 'session cookie name ' + cookieName );
			const again = await ( await ( await newPage() ).goto( `${ wiki }/index.php/E2E_page_1` ) ).text();
			expect( requestId( plainHtml ) && requestId( plainHtml ) === requestId( again ), 'the file cache did not serve a plain page to a second reader' );
			const plainCache = plain.headers()[ 'cache-control' ];
			expect( /s-maxage=3600/.test( plainCache ), 'a plain page is cacheable by a CDN: ' + plainCache );

			// A session experiment for every logged-out reader; reader A is in group A, reader B in group B.
			writeFileSync( experimentsFile, JSON.stringify( { experiments: { [ SESSION_EXPERIMENT ]: { status: 'on', unit: 'session', rate: 1, groups: [ 'A', 'B' ] } }, flags: {} } ) );
			const readers = {};
			for ( const group of [ 'A', 'B' ] ) {
				readers[ group ] = await newPage();
				await readers[ group ].context().addCookies( [ { name: cookieName, value: tokenInGroup( group ), url: wiki } ] );
			}
			// E2E_page_1 is in the file cache already (a stateless copy); E2E_page_2 is not.
			const visits = [ [ 'A', 'E2E_page_2' ], [ 'B', 'E2E_page_2' ], [ 'A', 'E2E_page_2' ], [ 'B', 'E2E_page_1' ], [ 'A', 'E2E_page_1' ] ];
			const controls = new Set();
			for ( const [ group, title ] of visits ) {
				const page = readers[ group ];
				const other = group === 'A' ? 'B' : 'A';
				const response = await page.goto( `${ wiki }/index.php/${ title }` );
				const html = await response.text();
				await page.waitForFunction( () => window.mw && mw.loader.getState( 'ext.metricsPlatform' ) === 'ready', null, { timeout: 20000 } );
				const seen = await page.evaluate( () => ( { classes: document.body.className, config: mw.config.get( 'wgMetricsPlatformExperiments' ) } ) );
				const where = `reader ${ group } on ${ title }`;
				expect( html.includes( `metricsplatform-experiment-${ SESSION_EXPERIMENT }-${ group }` ) && !html.includes( `metricsplatform-experiment-${ SESSION_EXPERIMENT }-${ other }` ), `${ where }: HTML body classes` );
				expect( seen.classes.includes( `metricsplatform-experiment-${ SESSION_EXPERIMENT }-${ group }` ) && !seen.classes.includes( `${ SESSION_EXPERIMENT }-${ other }` ), `${ where }: body classes ${ seen.classes }` );
				expect( response.headers()[ 'x-experiment-enrollments' ] === `${ SESSION_EXPERIMENT }=${ group };`, `${ where }: header ${ response.headers()[ 'x-experiment-enrollments' ] }` );
				expect( seen.config && seen.config.assigned[ SESSION_EXPERIMENT ] === group, `${ where }: mw.config ${ JSON.stringify( seen.config ) }` );
				const control = response.headers()[ 'cache-control' ];
				expect( /no-store/.test( control ) && !/s-maxage/.test( control ), `${ where }: Cache-Control ${ control }` );
				controls.add( control );
			}
			const cached = readdirSync( path.join( E2E_DIR, 'wiki', 'cache', 'html' ), { recursive: true } ).map( String );
			expect( cached.some( ( f ) => f.includes( 'E2E_page_1' ) ) && !cached.some( ( f ) => f.includes( 'E2E_page_2' ) ), 'file cache holds ' + cached.join( ', ' ) );
			return `file cache on (a plain page served from it, "${ plainCache }"); ${ visits.length } views A, B, A on an uncached page and B, A on a cached one: each only its own group in the HTML, body classes, header and mw.config; "${ [ ...controls ].join( '" / "' ) }"; no file-cache copy of a page with a group`;
		} finally {
			rmSync( cachingOn, { force: true } );
			writeFileSync( experimentsFile, saved );
			for ( const context of contexts ) {
				await context.close();
			}
		}
	} );

	await scenario( 'only trusted enrolment: a browser\'s X-Experiment-Enrollments and an unknown ?mpo= group are ignored', async () => {
		const context = await browser.newContext( { extraHTTPHeaders: { 'X-Experiment-Enrollments': `${ SESSION_EXPERIMENT }=C;${ EXPERIMENT }=A;` } } );
		try {
			const page = await context.newPage();
			const response = await page.goto( `${ wiki }/index.php/Main_Page` );
			const html = await response.text();
			await page.waitForFunction( () => window.mw && mw.loader.getState( 'ext.metricsPlatform' ) === 'ready', null, { timeout: 20000 } );
			await userApi( page );
			const session = await page.evaluate( () => mw.user.sessionId() );
			const own = sessionGroup( session );
			expect( html.includes( `metricsplatform-experiment-${ SESSION_EXPERIMENT }-${ own }` ) && !html.includes( `${ SESSION_EXPERIMENT }-C` ) && !html.includes( `metricsplatform-experiment-${ EXPERIMENT }` ), 'body classes follow the server, not the header' );
			const header = response.headers()[ 'x-experiment-enrollments' ] || '';
			expect( header.startsWith( `${ SESSION_EXPERIMENT }=${ own };` ) && !header.includes( EXPERIMENT ), 'header ' + header );
			const sessionCookie = ( await context.cookies() ).find( ( c ) => c.name.endsWith( 'mwuser-sessionId' ) );
			expect( sessionCookie && sessionCookie.value === session && sessionCookie.expires === -1, 'the server-made session token cookie ends with the browser session: ' + JSON.stringify( sessionCookie ) );
			const qa = await ( await page.goto( `${ wiki }/index.php?title=Main_Page&mpo=${ SESSION_EXPERIMENT }:Z;${ EXPERIMENT }:B%0A` ) ).text();
			expect( qa.includes( `metricsplatform-experiment-${ SESSION_EXPERIMENT }-${ own }` ) && !qa.includes( `${ SESSION_EXPERIMENT }-Z` ) && !qa.includes( `metricsplatform-experiment-${ EXPERIMENT }` ), '?mpo= with an unknown group' );
			return `header "${ SESSION_EXPERIMENT }=C;${ EXPERIMENT }=A;" ignored (own group ${ own }); ?mpo= naming group Z and a group with a newline ignored; the server-made mwuser-sessionId is a session cookie`;
		} finally {
			await context.close();
		}
	} );

	await scenario( 'a trusted edge (configured): only defined experiments with their own groups, inside window and targeting', async () => {
		const saved = readFileSync( experimentsFile, 'utf8' );
		const trust = path.join( E2E_DIR, 'wiki', 'trust-edge' );
		writeFileSync( experimentsFile, JSON.stringify( { experiments: {
			[ SESSION_EXPERIMENT ]: { status: 'on', unit: 'session', rate: 1, groups: [ 'A', 'B' ] },
			'e2e-logged-in-only': { status: 'on', unit: 'user', rate: 1, groups: [ 'A', 'B' ], targeting: { performer_is_logged_in: { equals: true } } },
			'e2e-not-yet-started': { status: 'on', unit: 'session', rate: 1, groups: [ 'A', 'B' ], start: '2099-01-01T00:00:00Z' },
			'e2e-switched-off': { status: 'off', unit: 'session', rate: 1, groups: [ 'A', 'B' ] }
		}, flags: {} } ) );
		writeFileSync( trust, '' );
		const context = await browser.newContext();
		try {
			const page = await context.newPage();
			const own = 'A';
			await context.addCookies( [ { name: sessionCookieName, value: tokenInGroup( own ), url: wiki } ] );
			const load = async ( header ) => {
				await page.setExtraHTTPHeaders( { 'X-Experiment-Enrollments': header } );
				const response = await page.goto( `${ wiki }/index.php/Main_Page` );
				const classes = ( /<body[^>]*class="([^"]*)"/.exec( await response.text() ) || [] )[ 1 ] || '';
				return { classes: classes.split( ' ' ).filter( ( c ) => c.startsWith( 'metricsplatform-experiment-' ) ).sort(), header: response.headers()[ 'x-experiment-enrollments' ] };
			};
			const edge = await load( `${ SESSION_EXPERIMENT }=B;e2e-logged-in-only=A;e2e-not-yet-started=A;e2e-switched-off=A;` );
			expect( edge.header === `${ SESSION_EXPERIMENT }=B;` && edge.classes.join( ' ' ) === `metricsplatform-experiment-${ SESSION_EXPERIMENT } metricsplatform-experiment-${ SESSION_EXPERIMENT }-B`, 'trusted edge: ' + JSON.stringify( edge ) );
			const unknownGroup = await load( `${ SESSION_EXPERIMENT }=C;` );
			expect( unknownGroup.header === `${ SESSION_EXPERIMENT }=${ own };`, 'an unknown group falls back to the server\'s own assignment: ' + JSON.stringify( unknownGroup ) );
			rmSync( trust );
			const untrusted = await load( `${ SESSION_EXPERIMENT }=B;` );
			expect( untrusted.header === `${ SESSION_EXPERIMENT }=${ own };`, 'not trusted: ' + JSON.stringify( untrusted ) );
			return `trusted: ${ SESSION_EXPERIMENT }=B taken (own group ${ own }); a logged-in-only, a not-yet-started and a switched-off experiment and an unknown group C refused; untrusted again: own group`;
		} finally {
			rmSync( trust, { force: true } );
			writeFileSync( experimentsFile, saved );
			await context.close();
		}
	} );

	await scenario( 'contract: PHP and the browser put the same logged-out readers in a session-sampled stream (rate 0.5)', async () => {
		// In sample when the first 8 hex digits of the session token, over 2^32 − 1, are below 0.5.
		const inSample = ( token ) => parseInt( token.slice( 0, 8 ), 16 ) / 4294967295 < 0.5;
		const tokens = [ '0000000000000000e2e0', '7ffffffe00000000e2e0', '8000000100000000e2e0', 'ffffffff00000000e2e0' ];
		const rows = [];
		for ( const token of tokens ) {
			const context = await browser.newContext();
			try {
				await context.addCookies( [ { name: sessionCookieName, value: token, url: wiki } ] );
				const page = await context.newPage();
				await open( page, 'Main_Page' );
				const title = `E2E sampled ${ token } ${ Date.now() }`;
				const browserSays = await page.evaluate( ( t ) => {
					const answer = mw.metricsPlatform.isStreamInSample( 'e2e.server.sampled' );
					return mw.loader.using( 'mediawiki.api' ).then( () => new mw.Api().postWithEditToken( { action: 'edit', title: t, text: 'x' } ) ).then( () => answer );
				}, title );
				// The sampled stream's event, if any, is sent before the unsampled one, in the same request body.
				const always = await arrival( 'e2e.server', ( x ) => x.page.title === title.replace( / /g, '_' ) );
				const sampled = ( await sink.recent( 'e2e.server.sampled', 1000 ) ).some( ( r ) => r.event.page.title === title.replace( / /g, '_' ) );
				expect( always.performer.session_id === token, `server-side performer.session_id ${ always.performer.session_id } for cookie ${ token }` );
				expect( browserSays === inSample( token ) && sampled === inSample( token ), `${ token }: expected ${ inSample( token ) }, browser ${ browserSays }, server ${ sampled }` );
				rows.push( `${ token.slice( 0, 8 ) } ${ sampled ? 'in' : 'out' }` );
			} finally {
				await context.close();
			}
		}
		return `${ rows.join( ', ' ) }: browser isStreamInSample, the server-side event and the independent computation agree`;
	} );

	await scenario( 'server-side events carry the browser\'s session token (mwuser-sessionId) as performer.session_id', async () => {
		await userApi( editor );
		const session = await editor.evaluate( () => mw.user.sessionId() );
		const title = 'E2E session join ' + Date.now();
		await editor.evaluate( ( t ) => mw.loader.using( 'mediawiki.api' ).then( () => new mw.Api().postWithEditToken( { action: 'edit', title: t, text: 'x' } ) ), title );
		const e = await arrival( 'e2e.server', ( x ) => x.page.title === title.replace( / /g, '_' ) );
		expect( e.performer.session_id === session, `server ${ e.performer.session_id } vs browser ${ session }` );
		return `PHP event performer.session_id ${ e.performer.session_id } = mw.user.sessionId()`;
	} );

	await scenario( 'a reader with Do Not Track: no enrolment, no identifier cookie, nothing in storage, no event from either tier', async () => {
		const context = await browser.newContext( { extraHTTPHeaders: { DNT: '1' } } );
		// A real browser with DNT on sends the header and says so in navigator.doNotTrack.
		await context.addInitScript( () => Object.defineProperty( Navigator.prototype, 'doNotTrack', { get: () => '1' } ) );
		try {
			const page = await context.newPage();
			page.on( 'pageerror', ( e ) => errors.push( e.message ) );
			const response = await page.goto( `${ wiki }/index.php/Main_Page` );
			const html = await response.text();
			await page.waitForFunction( () => window.mw && mw.loader.getState( 'ext.metricsPlatform' ) === 'ready', null, { timeout: 20000 } );
			const inPage = await page.evaluate( ( schema ) => {
				const inSample = mw.metricsPlatform.isStreamInSample( 'e2e.pageview' );
				mw.metricsPlatform.submitInteraction( 'e2e.pageview', schema, 'dnt_view' );
				return { inSample, experiments: mw.config.get( 'wgMetricsPlatformExperiments' ) };
			}, WEB );
			const header = response.headers()[ 'x-experiment-enrollments' ] || '';
			expect( !html.includes( 'metricsplatform-experiment-' ) && !header.includes( SESSION_EXPERIMENT ) && !( inPage.experiments && inPage.experiments.enrolled.length ), 'enrolled: ' + JSON.stringify( inPage.experiments ) + ' ' + header );
			expect( inPage.inSample === false, 'isStreamInSample for a refusing reader' );
			// Logged in with DNT: a saved edit sends no server-side event about this reader.
			await login( page );
			const dntTitle = 'E2E DNT edit ' + Date.now();
			await page.evaluate( ( t ) => mw.loader.using( 'mediawiki.api' ).then( () => new mw.Api().postWithEditToken( { action: 'edit', title: t, text: 'x' } ) ), dntTitle );
			await page.goto( `${ wiki }/index.php/Main_Page` );
			await page.waitForFunction( () => window.mw && mw.loader.getState( 'ext.metricsPlatform' ) === 'ready', null, { timeout: 20000 } );
			const stored = await page.evaluate( () => Object.keys( localStorage ).filter( ( k ) => k.indexOf( 'mp-' ) === 0 ) );
			// A later marker from another reader proves the intake has seen what came before.
			const marker = 'E2E after DNT ' + Date.now();
			await editor.evaluate( ( t ) => mw.loader.using( 'mediawiki.api' ).then( () => new mw.Api().postWithEditToken( { action: 'edit', title: t, text: 'x' } ) ), marker );
			await arrival( 'e2e.server', ( x ) => x.page.title === marker.replace( / /g, '_' ) );
			const about = ( await sink.recent( 'e2e.server', 1000 ) ).filter( ( r ) => r.event.page.title === dntTitle.replace( / /g, '_' ) ).length;
			const browserEvents = ( await sink.recent( 'e2e.pageview', 1000 ) ).filter( ( r ) => r.event.action === 'dnt_view' ).length;
			const cookies = ( await context.cookies() ).map( ( c ) => c.name ).filter( ( n ) => /mwuser-sessionId|mpDeviceId/.test( n ) );
			expect( about === 0 && browserEvents === 0, `${ about } server-side and ${ browserEvents } browser events about the DNT reader` );
			expect( cookies.length === 0 && stored.length === 0, `identifiers: cookies ${ cookies.join( ', ' ) }; storage ${ stored.join( ', ' ) }` );
			return 'not enrolled (no class, header or mw.config), not in sample, no mwuser-sessionId or mpDeviceId cookie, no mp-* storage, no browser event, no server-side event for its edit (a later marker arrived)';
		} finally {
			await context.close();
		}
	} );

	await scenario( 'the experiment report counts the experiment\'s events, by its unit, against its definition', async () => {
		// The wiki's own definitions file: the report reads the design (groups A and B, unit user) from it.
		const { design } = resolveDesign( { experiment: EXPERIMENT, definitions: JSON.parse( readFileSync( path.join( E2E_DIR, 'experiments.json' ), 'utf8' ) ) } );
		const report = buildReport( eventsFromStore( store, EXPERIMENT ), design, 'experiment_page_view' );
		const [ a, b ] = report.groups;
		expect( report.groups.map( ( g ) => g.group ).join() === 'A,B' && a.subjects === 0, 'every declared group has a row, A with no subject: ' + JSON.stringify( report.groups ) );
		expect( b.subjects === 1 && b.exposures === 1 && b.converted === 1 && report.mixed.subjects === 0, 'the Editor (user 3), exposed once, did the action: ' + JSON.stringify( report ) );
		console.log( formatReport( report ).split( '\n' ).map( ( l ) => '#   ' + l ).join( '\n' ) );
		return `rows A (0 subjects) and B (1 user: exposed, did experiment_page_view, ${ b.events } events); ${ report.eventsWithoutSubject } events without a user id`;
	} );

	await deliveryScenarios( { browser, wiki, proxy, sink, scenario, expect, open } );

	await scenario( 'no script errors and no invalid events', async () => {
		const refused = intake.stats.invalid + intake.stats.errors;
		expect( errors.length === 0, errors.join( ' | ' ) );
		expect( refused === 0, `${ refused } events refused by the intake` );
		return `${ intake.stats.accepted } events accepted, 0 refused, 0 page errors`;
	} );
} finally {
	await browser.close();
	try {
		process.kill( -php.pid, 'SIGTERM' );
	} catch ( e ) {
		// Already gone.
	}
	await proxy.close();
	await intake.close();
	clearTimeout( watchdog );
}
const passed = results.filter( Boolean ).length;
console.log( `# MediaWiki e2e took ${ Math.round( ( Date.now() - started ) / 1000 ) } s` );
console.log( `${ passed } passed, ${ results.length - passed } failed` );
process.exitCode = passed === results.length ? 0 : 1;
