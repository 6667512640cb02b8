import { readFileSync } from 'node:fs';
import path from 'node:path';
import { JSDOM } from 'jsdom';
import sinon from 'sinon';
import { fakeTimers, FakeTimerConfig } from '../fakeTimers';
import type { MetricsClientOptions, StandaloneMetricsClient } from '../../../modules/src/entries/standalone';
import type { MetricsEvent } from '../../../modules/src/core/types';

const BUNDLE = readFileSync( path.resolve( __dirname, '../../../modules/dist/standalone/metricsPlatform.js' ), 'utf8' );
const STREAMS = { 'web.x': { sample: { rate: 1, unit: 'pageview' }, producers: { metrics_platform_client: { provide_values: [ 'page_title', 'performer_pageview_id' ] } } } };
const WEB = '/analytics/product_metrics/web/base/1.3.0';

interface Page {
	window: Window & { MetricsPlatform: { createMetricsClient( o: MetricsClientOptions ): StandaloneMetricsClient } };
	clock: sinon.SinonFakeTimers;
}

/**
 * A page in jsdom that loads the built standalone bundle with a plain <script>.
 *
 * @param url the page's address; the default (about:blank) has no localStorage
 * @param before runs before the bundle loads
 */
function page( url?: string, before?: ( window: Window ) => void ): Page {
	const dom = new JSDOM( '<!doctype html><p>x</p>', { runScripts: 'dangerously', url } );
	if ( before ) {
		before( dom.window as unknown as Window );
	}
	const window = dom.window as unknown as Page[ 'window' ];
	// The bundle runs in the page's realm, so the page's timers are the ones to fake.
	const clock = fakeTimers( { toFake: [ 'setTimeout', 'clearTimeout', 'Date' ], global: window } as FakeTimerConfig );
	const script = dom.window.document.createElement( 'script' );
	script.textContent = BUNDLE;
	dom.window.document.head.appendChild( script );
	return { window, clock };
}

QUnit.module( 'standalone bundle (jsdom)', () => {
	QUnit.test( 'exposes createMetricsClient; batches within the linger time', ( assert ) => {
		const { window, clock } = page();
		const transport = sinon.spy( ( _batch: MetricsEvent[] ) => undefined );
		const client = window.MetricsPlatform.createMetricsClient( { streamConfigs: STREAMS, domain: 'example.org', context: { page: { title: 'Home' } }, transport, delivery: { lingerMs: 1000 } } );
		client.submitClick( 'web.x', { element_id: 'a' } );
		clock.tick( 500 );
		client.submitClick( 'web.x', { element_id: 'b' } );
		assert.true( transport.notCalled, 'nothing leaves before the linger time' );
		clock.tick( 500 );
		assert.true( transport.calledOnce, 'one batch after 1 s' );
		const batch = transport.firstCall.args[ 0 ];
		assert.deepEqual( batch.map( ( e ) => e.element_id ), [ 'a', 'b' ] );
		assert.strictEqual( batch[ 0 ].page && ( batch[ 0 ].page as { title: string } ).title, 'Home' );
		const pageview = ( batch[ 0 ].performer as { pageview_id: string } ).pageview_id;
		assert.true( /^[0-9a-f]{20}$/.test( pageview ), 'the generated pageview id, as the stream asks for it' );
		assert.strictEqual( ( batch[ 1 ].performer as { pageview_id: string } ).pageview_id, pageview, 'the same for every event of the page' );
		clock.restore();
		window.close();
	} );

	QUnit.test( 'a full batch leaves at once; flush sends the rest', ( assert ) => {
		const { window, clock } = page();
		const transport = sinon.spy();
		const client = window.MetricsPlatform.createMetricsClient( { streamConfigs: STREAMS, transport, delivery: { maxBatchEvents: 3 } } );
		for ( let i = 0; i < 4; i++ ) {
			client.submitInteraction( 'web.x', WEB, 'a' + i );
		}
		assert.strictEqual( transport.callCount, 0, 'not within the caller\'s call' );
		clock.tick( 0 );
		assert.strictEqual( transport.callCount, 1, 'in a task of its own' );
		assert.strictEqual( transport.firstCall.args[ 0 ].length, 3 );
		client.flush();
		assert.strictEqual( transport.callCount, 2 );
		assert.strictEqual( transport.secondCall.args[ 0 ].length, 1 );
		clock.restore();
		window.close();
	} );

	QUnit.test( 'a failing transport is reported, not thrown', ( assert ) => {
		const { window, clock } = page();
		const warn = sinon.spy();
		const client = window.MetricsPlatform.createMetricsClient( { streamConfigs: STREAMS, warn, transport: () => {
			throw new Error( 'offline' );
		} } );
		client.submitClick( 'web.x', {} );
		client.flush();
		assert.true( warn.calledOnce );
		assert.true( String( warn.firstCall.args[ 0 ] ).includes( 'offline' ) );
		clock.restore();
		window.close();
	} );

	QUnit.test( 'Do Not Track and Global Privacy Control are honoured (on by default), and so is an opt-out', ( assert ) => {
		for ( const [ signal, value ] of [ [ 'doNotTrack', '1' ], [ 'globalPrivacyControl', true ] ] as [ string, unknown ][] ) {
			const { window, clock } = page();
			Object.defineProperty( window.navigator, signal, { value, configurable: true } );
			const transport = sinon.spy();
			const respectful = window.MetricsPlatform.createMetricsClient( { streamConfigs: STREAMS, transport } );
			respectful.submitClick( 'web.x', {} );
			respectful.flush();
			assert.true( transport.notCalled, `${ signal }: nothing sent` );
			const configured = window.MetricsPlatform.createMetricsClient( { streamConfigs: STREAMS, transport, respectDoNotTrack: false } );
			configured.submitClick( 'web.x', {} );
			configured.flush();
			assert.true( transport.calledOnce, `${ signal }: respectDoNotTrack false sends` );
			clock.restore();
			window.close();
		}
		const { window, clock } = page();
		const transport = sinon.spy();
		let optedOut = true;
		const client = window.MetricsPlatform.createMetricsClient( { streamConfigs: STREAMS, transport, enabled: () => !optedOut } );
		client.submitClick( 'web.x', {} );
		client.flush();
		assert.true( transport.notCalled, 'opted out: nothing sent' );
		optedOut = false;
		client.submitClick( 'web.x', {} );
		client.flush();
		assert.true( transport.calledOnce, 'opted in again: sent' );
		clock.restore();
		window.close();
	} );

	QUnit.test( 'a browser without fetch: no exception, events kept for a later page', async ( assert ) => {
		const { window, clock } = page();
		assert.strictEqual( typeof ( window as unknown as { fetch?: unknown } ).fetch, 'undefined', 'jsdom has no fetch' );
		const warn = sinon.spy();
		const client = window.MetricsPlatform.createMetricsClient( { streamConfigs: STREAMS, intakeUrl: 'https://intake.example.org/v1/events', warn, delivery: { maxAttempts: 1 } } );
		client.submitClick( 'web.x', {} );
		await clock.tickAsync( 1500 );
		assert.strictEqual( client.pending(), 1, 'still held' );
		assert.true( warn.calledWithMatch( 'unreachable' ) );
		clock.restore();
		window.close();
	} );

	QUnit.test( 'events an earlier page left in localStorage are sent once the page is idle', async ( assert ) => {
		const left = [ { meta: { id: 'left-1', stream: 'web.x' } } ];
		const fetch = sinon.stub().resolves( { status: 201, text: () => Promise.resolve( '' ) } );
		const { window, clock } = page( 'https://site.example.org/', ( w ) => {
			w.localStorage.setItem( 'mp-outbox:aaaaaaaaaaaaaaaaaaaa', JSON.stringify( left ) );
			( w as unknown as { fetch: unknown } ).fetch = fetch;
		} );
		window.MetricsPlatform.createMetricsClient( { streamConfigs: STREAMS, intakeUrl: 'https://intake.example.org/v1/events' } );
		await clock.tickAsync( 999 );
		assert.true( fetch.notCalled, 'nothing at page load' );
		await clock.tickAsync( 1500 );
		assert.deepEqual( fetch.getCalls().map( ( c ) => JSON.parse( c.args[ 1 ].body ).map( ( e: MetricsEvent ) => e.meta.id ) ), [ [ 'left-1' ] ] );
		assert.strictEqual( window.localStorage.getItem( 'mp-outbox:aaaaaaaaaaaaaaaaaaaa' ), null, 'taken over' );
		clock.restore();
		window.close();
	} );

	QUnit.test( 'sampling uses the context tokens when given', ( assert ) => {
		const { window, clock } = page();
		const transport = sinon.spy();
		const half = { 'web.h': { sample: { rate: 0.5, unit: 'session' } } };
		const inClient = window.MetricsPlatform.createMetricsClient( { streamConfigs: half, transport, context: { performer: { session_id: '00000000000000000000' } } } );
		const outClient = window.MetricsPlatform.createMetricsClient( { streamConfigs: half, transport, warn: () => undefined, context: { performer: { session_id: 'ffffffffffffffffffff' } } } );
		assert.true( inClient.isStreamInSample( 'web.h' ) );
		assert.false( outClient.isStreamInSample( 'web.h' ) );
		clock.restore();
		window.close();
	} );
} );
