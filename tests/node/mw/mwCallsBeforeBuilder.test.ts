/**
 * Issue 10 item 5: calls made before the event builder arrives behave exactly as the same calls after
 * it: their data is copied at call time, a bad call is refused alone at call time with the builder's
 * warning, and what a page left early keeps holds only what the streams concerned need, never
 * anything of a reader who refuses.
 */
import fc from 'fast-check';
import sinon from 'sinon';
import type { Outcome } from '../../../modules/src/core/outcome';
import type { InspectorHooks } from '../../../modules/src/mw/mwEnvironment';
import { createMwFacade } from '../../../modules/src/mw/mwFacade';
import { stoppedCallOutcomes } from '../../../modules/src/mw/mwStoppedCall';
import type { MwModuleConfig } from '../../../modules/src/mw/mwMetricsPlatform';
import { BUILDER_MODULE, CONFIG, fakeMw, page } from './mwFakes';

const WEB = '/analytics/product_metrics/web/base/1.3.0';

const STREAMS: MwModuleConfig = Object.assign( {}, CONFIG, {
	streams: {
		'web.x': { producers: { metrics_platform_client: { provide_values: [ 'page_title', 'performer_is_logged_in', 'performer_edit_count_bucket' ] } } },
		'web.named': { sample: { rate: 1, unit: 'session' }, producers: { metrics_platform_client: { provide_values: [ 'performer_name', 'agent_ua_string' ], events: [ 'named.' ] } } },
		'web.bare': { producers: { metrics_platform_client: { provide_values: [ 'mediawiki_skin' ], events: [ 'named.', 'bare.' ] } } },
		'mediawiki.gadget_interaction': { producers: { metrics_platform_client: { provide_values: [ 'performer_is_logged_in' ] } } },
	},
} );

/**
 * A builder loader that resolves after `delayMs` (the module arriving from load.php).
 *
 * @param delayMs
 */
function loader( delayMs: number ): () => Promise<typeof BUILDER_MODULE> {
	return () => new Promise( ( resolve ) => {
		setTimeout( () => resolve( BUILDER_MODULE ), delayMs );
	} );
}

/**
 * Events as the intake sees them, without the per-event random id.
 *
 * @param bodies request bodies
 */
function received( bodies: Record<string, unknown>[][] ): unknown[] {
	return bodies.flat().map( ( e ) => Object.assign( {}, e, { meta: Object.assign( {}, e.meta as object, { id: 'x' } ) } ) );
}

QUnit.module( 'mw: calls before the builder behave as after', () => {
	QUnit.test( 'the caller’s data is copied at call time', async ( assert ) => {
		const p = page();
		const api = createMwFacade( fakeMw( {} ), p.window, STREAMS, loader( 500 ) );
		const data = { element_id: 'before', action_context: 'ctx' };
		api.submitClick( 'web.x', data );
		data.element_id = 'changed after the call';
		await p.clock.tickAsync( 2000 );
		assert.deepEqual( p.bodies().flat().map( ( e ) => e.element_id ), [ 'before' ] );
		p.close();
	} );

	QUnit.test( 'a bad call is refused alone, at call time, with the builder’s reason', async ( assert ) => {
		const circular: Record<string, unknown> = { element_id: 'c' };
		circular.self = circular;
		const bad = [ circular, { element_id: 'f', fn: () => 1 } ];
		const DEBUG = { wgMetricsPlatformUser: { debug: true } };
		// The builder's outcomes for these calls, once it is loaded.
		const after = page();
		const mwAfter = fakeMw( DEBUG );
		const loaded = createMwFacade( mwAfter, after.window, STREAMS, loader( 0 ) );
		loaded.submitClick( 'web.x', { element_id: 'load it' } );
		await after.clock.tickAsync( 10 );
		const builderOutcomes: Outcome[] = [];
		( loaded.inspector as InspectorHooks ).outcome = ( o ) => builderOutcomes.push( o );
		bad.forEach( ( data ) => loaded.submitClick( 'web.x', data as never ) );
		after.close();
		assert.strictEqual( builderOutcomes.length, 2 );

		const p = page();
		const mw = fakeMw( DEBUG );
		const load = sinon.spy( loader( 500 ) );
		const api = createMwFacade( mw, p.window, STREAMS, load );
		const stopped: Outcome[] = [];
		( api.inspector as InspectorHooks ).call = ( call, problem ) => stopped.push( ...stoppedCallOutcomes( call, problem, STREAMS, { debug: true } ) );
		api.submitClick( 'web.x', { element_id: 'good-1' } );
		bad.forEach( ( data ) => api.submitClick( 'web.x', data as never ) );
		api.submitClick( 'web.x', { element_id: 'good-2' } );
		const reasons = ( list: Outcome[] ): unknown[][] => list.map( ( o ) => [ o.code, o.stream, o.action, o.detail && o.detail.problem ] );
		assert.deepEqual( reasons( stopped ), reasons( builderOutcomes ), 'the same code and reason, before the builder arrived' );
		assert.deepEqual( mw.warnings, [], 'nothing in the console from the every-page module: the inspector shows it' );
		await p.clock.tickAsync( 2000 );
		assert.deepEqual( p.bodies().flat().map( ( e ) => e.element_id ), [ 'good-1', 'good-2' ], 'the other calls go' );
		p.close();
	} );

	QUnit.test( 'a bad call is not carried to the next page either', async ( assert ) => {
		const p = page();
		const api = createMwFacade( fakeMw( {} ), p.window, STREAMS, loader( 10000 ) );
		api.submitClick( 'web.x', { element_id: 'fn', fn: () => 1 } as never );
		api.submitClick( 'web.x', { element_id: 'ok' } );
		p.window.dispatchEvent( new p.window.Event( 'pagehide' ) );
		createMwFacade( fakeMw( {} ), p.window, STREAMS, loader( 0 ) );
		await p.clock.tickAsync( 3000 );
		assert.deepEqual( p.bodies().flat().map( ( e ) => e.element_id ), [ 'ok' ] );
		p.close();
	} );

	QUnit.test( 'what a page left early keeps: only what its calls’ streams need', ( assert ) => {
		const p = page();
		p.window.document.cookie = 'mwuser-sessionId=0123456789abcdef0123';
		const mw = fakeMw( { wgUserEditCount: 7, wgUserRegistration: 1600000000000 }, { id: 3, name: 'Editor' } );
		const api = createMwFacade( mw, p.window, STREAMS, loader( 10000 ) );
		const kept = (): Record<string, unknown> => {
			p.window.dispatchEvent( new p.window.Event( 'pagehide' ) );
			const key = Object.keys( p.window.localStorage ).find( ( k ) => k.indexOf( 'mp-calls:' ) === 0 );
			return JSON.parse( p.window.localStorage.getItem( String( key ) ) || 'null' ).config;
		};
		api.submitClick( 'web.x', { element_id: 'a' } );
		const first = kept();
		assert.deepEqual( Object.keys( first ).sort(), [ '@in', 'wgMFMode', 'wgMetricsPlatformExperiments', 'wgServerName', 'wgUserEditCount' ].concat(
			[ 'wgArticleId', 'wgCanonicalNamespace', 'wgIsRedirect', 'wgNamespaceNumber', 'wgPageContentLanguage', 'wgRestrictionEdit', 'wgRestrictionMove', 'wgRevisionId', 'wgTitle', 'wgWikibaseItemId' ] ).sort(),
		'the page facts, logged in or not and the edit count: no name, no user agent, no token' );
		assert.strictEqual( first[ '@in' ], true );
		api.submit( 'web.named', { $schema: '/x/1.0.0' } );
		assert.deepEqual( Object.keys( kept() ).filter( ( k ) => !( k in first ) ), [ '@session' ], 'a submit adds no attributes, only its sampling token' );
		api.dispatch( 'named.open' );
		const third = kept();
		assert.strictEqual( third.wgUserName, 'Editor', 'the name, once a stream asks for it' );
		assert.strictEqual( third[ '@ua' ], p.window.navigator.userAgent );
		assert.strictEqual( third.skin, 'vector', 'dispatch: every stream it reaches' );
		assert.false( 'wgUserRegistration' in third || '@pageview' in third || 'wgUserGroups' in third );
		p.close();
	} );

	QUnit.test( 'a reader who refuses: nothing recorded, kept or loaded', async ( assert ) => {
		const p = page( true );
		const load = sinon.spy( loader( 0 ) );
		const api = createMwFacade( fakeMw( {} ), p.window, STREAMS, load );
		api.submitClick( 'web.x', { element_id: 'a' } );
		api.isStreamInSample( 'web.named' );
		p.window.dispatchEvent( new p.window.Event( 'pagehide' ) );
		await p.clock.tickAsync( 3000 );
		assert.strictEqual( p.window.localStorage.length, 0, 'nothing in storage' );
		assert.strictEqual( p.window.document.cookie, '', 'no identifier cookie' );
		assert.true( load.notCalled, 'the builder was not loaded' );
		assert.strictEqual( p.fetch.callCount, 0 );
		p.close();
	} );

	QUnit.test( 'property: for random call sequences the intake gets the same events, builder first or not', async ( assert ) => {
		const data = fc.oneof(
			fc.constant( undefined ),
			fc.record( { element_id: fc.string( { maxLength: 8 } ), action_source: fc.constantFrom( 'menu', 'toolbar' ) }, { requiredKeys: [] } ),
			fc.constant( 'not an object' ),
			fc.constant( 'function' ),
			fc.constant( 'circular' ),
			fc.constant( 'infinite' ),
		);
		const call = fc.record( {
			m: fc.constantFrom( 'submitInteraction', 'submitClick', 'dispatch', 'submit', 'instrument', 'gadget' ),
			stream: fc.constantFrom( 'web.x', 'web.named', 'web.bare', 'nope' ),
			event: fc.constantFrom( 'named.a', 'bare.b', 'other' ),
			data,
			wait: fc.nat( 300 ),
			mutate: fc.boolean(),
		} );
		function realData( d: unknown ): unknown {
			if ( d === 'function' ) {
				return { element_id: 'f', fn: () => 1 };
			}
			if ( d === 'circular' ) {
				const c: Record<string, unknown> = { element_id: 'c' };
				c.self = c;
				return c;
			}
			if ( d === 'infinite' ) {
				return { element_id: 'i', x: Infinity };
			}
			return d && typeof d === 'object' ? Object.assign( {}, d ) : d;
		}
		/**
		 * The calls on one page view; what the intake received, with times relative to the first call.
		 *
		 * @param calls
		 * @param builderFirst the builder is loaded before the first call
		 * @param leave the page is left before the builder arrives; the next page builds the calls
		 */
		async function run( calls: { m: string; stream: string; event: string; data: unknown; wait: number; mutate: boolean }[], builderFirst: boolean, leave: boolean ): Promise<unknown[]> {
			const p = page();
			p.window.document.cookie = 'mwuser-sessionId=0123456789abcdef0123';
			const mw = fakeMw( { wgMetricsPlatformUser: { gadgetOptIn: true } }, { id: 3, name: 'Editor' } );
			// Not first: the builder arrives while the calls go on (or never, when the page is left).
			const api = createMwFacade( mw, p.window, STREAMS, loader( builderFirst ? 0 : leave ? 1e9 : 250 ) );
			if ( builderFirst ) {
				api.submitClick( 'nope', {} );
				await p.clock.tickAsync( 10 );
			}
			const start = Date.now();
			const instrument = api.newInstrument( 'web.x', WEB, 'funnel' );
			for ( const c of calls ) {
				const d = realData( c.data );
				if ( c.m === 'submitInteraction' ) {
					api.submitInteraction( c.stream, WEB, 'act', d as never );
				} else if ( c.m === 'submitClick' ) {
					api.submitClick( c.stream, d as never );
				} else if ( c.m === 'dispatch' ) {
					api.dispatch( c.event, d as never );
				} else if ( c.m === 'submit' ) {
					api.submit( c.stream, ( d && typeof d === 'object' ? Object.assign( { $schema: '/x/1.0.0' }, d ) : d ) as never );
				} else if ( c.m === 'instrument' ) {
					instrument.submitInteraction( 'step', d as never );
				} else {
					api.gadget( 'G' ).submitClick( d as never );
				}
				if ( c.mutate && d && typeof d === 'object' ) {
					( d as Record<string, unknown> ).element_id = 'mutated';
				}
				await p.clock.tickAsync( c.wait );
			}
			if ( leave ) {
				// Left before the builder arrived: the next page view builds the calls.
				p.window.dispatchEvent( new p.window.Event( 'pagehide' ) );
				createMwFacade( fakeMw( { wgTitle: 'Next page', wgMetricsPlatformUser: { gadgetOptIn: true } } ), p.window, STREAMS, loader( 0 ) );
			}
			await p.clock.tickAsync( 5000 );
			const events = received( p.bodies() ).map( ( e ) => Object.assign( {}, e as object, { dt: Date.parse( ( e as { dt: string } ).dt ) - start } ) );
			p.close();
			return events;
		}
		const failure = await fc.check( fc.asyncProperty( fc.array( call, { maxLength: 8 } ), async ( calls ) => {
			const after = JSON.stringify( await run( calls, true, false ) );
			return JSON.stringify( await run( calls, false, false ) ) === after && JSON.stringify( await run( calls, false, true ) ) === after;
		} ), { numRuns: 60 } );
		assert.false( failure.failed, fc.defaultReportMessage( failure ) || '' );
	} );
} );
