#!/usr/bin/env node
/* global document, window, mw, localStorage */
/**
 * The extension in a real MediaWiki 1.39 (Debian's package, SQLite, `php -S` on 127.0.0.1) with the
 * local intake, driven in Debian's Chromium by playwright-core. Each scenario prints what it asserted;
 * the run ends with "N passed, N failed". Everything binds to loopback and stops by itself.
 *
 * Environment: E2E_DIR (scratch folder, default a new temporary one), CHROMIUM.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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
await intake.listen( intakePort );
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
		await anon.waitForTimeout( 2000 );
		const quiet = await anon.evaluate( () => mw.loader.getState( 'ext.metricsPlatform.builder' ) );
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
		const e = await arrival( 'e2e.pageview', ( x ) => x.meta.id === kept.meta.id );
		const left = await anon.evaluate( () => [ localStorage.getItem( 'mp-outbox:0e2e0e2e0e2e0e2e0e2e' ), mw.loader.getState( 'ext.metricsPlatform.builder' ) ] );
		expect( left[ 0 ] === null && left[ 1 ] === 'ready', 'after the take-over: ' + JSON.stringify( left ) );
		return `builder "${ quiet }" 2 s after a quiet page load; the kept event ${ e.meta.id } arrived from the next page, which loaded the builder for it and removed the key`;
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
		await new Promise( ( r ) => setTimeout( r, 2500 ) );
		const early = ( await sink.recent( 'mediawiki.gadget_interaction', 100 ) ).length;
		expect( early === 0, `${ early } gadget events before opting in` );
		await editor.evaluate( () => mw.loader.using( 'mediawiki.api' ).then( () => new mw.Api().saveOption( 'metricsplatform-gadget-optin', 1 ) ) );
		await open( editor, 'Main_Page' );
		await editor.evaluate( () => mw.track( 'metricsplatform.gadget.E2EGadget', { action: 'open', element_id: 'after-opt-in' } ) );
		const e = await arrival( 'mediawiki.gadget_interaction', ( x ) => x.element_id === 'after-opt-in' );
		expect( e.instrument_name === 'E2EGadget' && e.funnel_event_sequence_position === 1 && e.action === 'open', JSON.stringify( e ) );
		return 'nothing in 2.5 s before opting in (preference off by default); after opting in through the preference, the mw.track call arrived as instrument E2EGadget';
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
		await new Promise( ( r ) => setTimeout( r, 1500 ) );
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
	await intake.close();
	clearTimeout( watchdog );
}
const passed = results.filter( Boolean ).length;
console.log( `# MediaWiki e2e took ${ Math.round( ( Date.now() - started ) / 1000 ) } s` );
console.log( `${ passed } passed, ${ results.length - passed } failed` );
process.exitCode = passed === results.length ? 0 : 1;
