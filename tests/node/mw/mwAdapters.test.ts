import { mwContext, mwPageContext } from '../../../modules/src/mw/mwContext';
import type { Mw } from '../../../modules/src/mw/mwTypes';
import { subscribeGadgetTopics } from '../../../modules/src/mw/mwFacade';
import { CONFIG, createMwMetricsPlatform, fakeMw, page } from './mwFakes';

const WEB = '/analytics/product_metrics/web/base/1.3.0';
const TOKENS = ( unit: string ): string => unit === 'session' ? '0123456789abcdef0123' : 'fedcba9876543210fedc';

QUnit.module( 'mw adapters (jsdom + sinon)', () => {
	QUnit.test( 'mwContext: anonymous view, from mw.config and mw.user', ( assert ) => {
		const ctx = mwContext( fakeMw( {} ), 'UA/1', TOKENS );
		assert.deepEqual( ctx.agent, { client_platform: 'mediawiki_js', client_platform_family: 'desktop_browser', ua_string: 'UA/1' } );
		assert.strictEqual( ctx.page && ctx.page.title, 'Main_Page', 'title with underscores, like the PHP side' );
		assert.deepEqual( ctx.mediawiki, { skin: 'vector', version: '1.39.17', is_production: false, is_debug_mode: false, database: 'e2ewiki', site_content_language: 'en' } );
		const p = ctx.performer as Record<string, unknown>;
		assert.strictEqual( p.is_logged_in, false );
		assert.strictEqual( p.id, 0 );
		assert.strictEqual( p.session_id, '0123456789abcdef0123' );
		assert.strictEqual( p.pageview_id, 'fedcba9876543210fedc' );
		assert.false( 'name' in p || 'edit_count' in p || 'registration_dt' in p, 'no name, edit count or registration for anonymous users' );
	} );

	QUnit.test( 'mwContext: logged in, mobile, production, bot, null registration', ( assert ) => {
		const registered = mwContext( fakeMw( { wgUserEditCount: 120, wgUserRegistration: Date.UTC( 2021, 2, 4, 5, 6, 7 ), wgUserGroups: [ '*', 'user', 'bot' ], wgMFMode: 'stable', wgVersion: '1.42.0-wmf.5' }, { id: 7, name: 'Alice' } ), 'UA', TOKENS );
		const p = registered.performer as Record<string, unknown>;
		assert.strictEqual( p.name, 'Alice' );
		assert.strictEqual( p.edit_count, 120 );
		assert.strictEqual( p.registration_dt, '2021-03-04T05:06:07.000Z' );
		assert.strictEqual( p.is_bot, true );
		assert.strictEqual( registered.agent && registered.agent.client_platform_family, 'mobile_browser' );
		assert.strictEqual( registered.mediawiki && registered.mediawiki.is_production, true );
		const old = mwContext( fakeMw( { wgUserEditCount: 0, wgUserRegistration: null }, { id: 8, name: 'Old' } ), 'UA', TOKENS );
		assert.strictEqual( ( old.performer as Record<string, unknown> ).registration_dt, undefined, 'null registration is left out, not 1970' );
	} );

	QUnit.test( 'mwPageContext: the same context while mw.config is unchanged, a new one when a value changes (wgRevisionId after a save, a login)', ( assert ) => {
		const mw = fakeMw( {} );
		const values: Record<string, unknown> = { wgRevisionId: 3, wgUserName: null };
		const get = mw.config.get.bind( mw.config ) as ( key: string ) => unknown;
		const watched = Object.assign( {}, mw, { config: { get: ( key: string ) => key in values ? values[ key ] : get( key ) } } ) as unknown as Mw;
		const context = mwPageContext( watched, 'UA', TOKENS );
		const first = context();
		assert.strictEqual( context(), first, 'nothing changed: the same object' );
		values.wgRevisionId = 4;
		const second = context();
		assert.notStrictEqual( second, first );
		assert.strictEqual( second.page && second.page.revision_id, 4 );
		values.wgUserName = 'Alice';
		assert.notStrictEqual( context(), second, 'mw.user answers from wgUserName: watched too' );
	} );

	QUnit.test( 'events go to the intake in one batch after the linger time', async ( assert ) => {
		const p = page();
		const mw = fakeMw( { wgUserEditCount: 7 }, { id: 3, name: 'Editor' } );
		const api = createMwMetricsPlatform( mw, p.window, CONFIG );
		api.submitInteraction( 'web.x', WEB, 'a' );
		api.submitClick( 'web.x', { element_id: 'b' } );
		await p.clock.tickAsync( 1000 );
		assert.strictEqual( p.fetch.callCount, 1 );
		assert.strictEqual( p.fetch.firstCall.args[ 0 ], CONFIG.intakeUrl );
		const [ first ] = p.bodies()[ 0 ];
		assert.deepEqual( first.performer, { is_logged_in: true, edit_count_bucket: '5-99 edits' } );
		assert.deepEqual( first.meta && ( first.meta as Record<string, unknown> ).domain, 'wiki.example.org' );
		p.close();
	} );

	QUnit.test( 'gadgets: a no-op unless the user opted in; mw.track reaches the gadget instrument', async ( assert ) => {
		for ( const optIn of [ false, true ] ) {
			const p = page();
			const mw = fakeMw( { wgMetricsPlatformUser: { gadgetOptIn: optIn } }, { id: 3, name: 'Editor' } );
			const api = createMwMetricsPlatform( mw, p.window, CONFIG );
			subscribeGadgetTopics( mw, api );
			assert.strictEqual( api.gadget( 'HotCat' ).enabled, optIn );
			api.gadget( 'HotCat' ).submitClick( { element_id: 'x' } );
			mw.tracked[ 0 ]( 'metricsplatform.gadget.HotCat', { action: 'open', action_source: 'menu' } );
			await p.clock.tickAsync( 1000 );
			if ( optIn ) {
				const events = p.bodies()[ 0 ];
				assert.deepEqual( events.map( ( e ) => [ e.action, e.instrument_name, e.funnel_event_sequence_position ] ), [ [ 'click', 'HotCat', 1 ], [ 'open', 'HotCat', 2 ] ] );
			} else {
				assert.strictEqual( p.fetch.callCount, 0, 'nothing sent without opt-in' );
			}
			p.close();
		}
	} );

	QUnit.test( 'events of an enrolled subject carry the experiments field', async ( assert ) => {
		const p = page();
		const mw = fakeMw( { wgMetricsPlatformExperiments: { enrolled: [ 'sticky-header-2026' ], assigned: { 'sticky-header-2026': 'b' }, overridden: [], flags: {}, streams: {} } } );
		const api = createMwMetricsPlatform( mw, p.window, CONFIG );
		api.submitClick( 'web.x', {} );
		await p.clock.tickAsync( 1000 );
		assert.deepEqual( p.bodies()[ 0 ][ 0 ].experiments, { enrolled: [ 'sticky-header-2026' ], assigned: { 'sticky-header-2026': 'b' } } );
		p.close();
	} );

	QUnit.test( 'the opt-out preference: nothing is sent', async ( assert ) => {
		const p = page();
		const api = createMwMetricsPlatform( fakeMw( { wgMetricsPlatformUser: { optOut: true } }, { id: 3, name: 'Editor' } ), p.window, CONFIG );
		api.submitClick( 'web.x', {} );
		await p.clock.tickAsync( 2000 );
		assert.strictEqual( p.fetch.callCount, 0 );
		p.close();
	} );

	QUnit.test( 'Do Not Track: nothing is sent', async ( assert ) => {
		const p = page( true );
		const api = createMwMetricsPlatform( fakeMw( {} ), p.window, CONFIG );
		api.submitClick( 'web.x', {} );
		await p.clock.tickAsync( 2000 );
		assert.strictEqual( p.fetch.callCount, 0 );
		p.close();
	} );

	QUnit.test( 'debug preference logs each event; no intake configured warns once', async ( assert ) => {
		const p = page();
		const mw = fakeMw( { wgMetricsPlatformUser: { debug: true } }, { id: 3, name: 'Editor' } );
		const api = createMwMetricsPlatform( mw, p.window, Object.assign( {}, CONFIG, { intakeUrl: '' } ) );
		api.submitClick( 'web.x', {} );
		api.submitClick( 'web.x', {} );
		await p.clock.tickAsync( 0 );
		assert.strictEqual( mw.logged.length, 2, 'two events in the console' );
		assert.strictEqual( mw.warnings.filter( ( w ) => w.includes( 'No intake' ) ).length, 1 );
		p.close();
	} );

	QUnit.test( 'the device token is made once and kept in the cookie the server reads', ( assert ) => {
		// (isStreamInSample answers at once, without the builder.)
		const p = page();
		const streams = { 'dev.s': { sample: { rate: 1, unit: 'device' } } };
		const config = Object.assign( {}, CONFIG, { streams, cookie: { prefix: 'wiki_', path: '/', domain: '' } } );
		const mw = fakeMw( {} );
		createMwMetricsPlatform( mw, p.window, config ).isStreamInSample( 'dev.s' );
		const stored = /wiki_mpDeviceId=([^;]*)/.exec( p.window.document.cookie );
		assert.true( !!stored && /^[0-9a-f]{20}$/.test( stored[ 1 ] ), p.window.document.cookie );
		createMwMetricsPlatform( mw, p.window, config ).isStreamInSample( 'dev.s' );
		assert.strictEqual( p.window.document.cookie, `wiki_mpDeviceId=${ stored && stored[ 1 ] }` );
		p.close();
	} );
} );
