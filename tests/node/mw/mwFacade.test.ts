import sinon from 'sinon';
import { createMwFacade } from '../../../modules/src/mw/mwFacade';
import { BUILDER_MODULE, CONFIG, fakeMw, page } from './mwFakes';

const WEB = '/analytics/product_metrics/web/base/1.3.0';

const BUILDER = BUILDER_MODULE;

/**
 * A builder loader that resolves after `delayMs` (the module arriving from load.php).
 *
 * @param delayMs
 */
function loader( delayMs: number ): sinon.SinonSpy {
	return sinon.spy( () => new Promise( ( resolve ) => {
		setTimeout( () => resolve( BUILDER ), delayMs );
	} ) );
}

QUnit.module( 'mw every-page module (facade)', () => {
	QUnit.test( 'calls before the builder arrives keep their time and order', async ( assert ) => {
		const p = page();
		const mw = fakeMw( {} );
		const load = loader( 500 );
		const api = createMwFacade( mw, p.window, CONFIG, load );
		const clickedAt = Date.now();
		api.submitClick( 'web.x', { element_id: 'first' } );
		await p.clock.tickAsync( 100 );
		api.submitClick( 'web.x', { element_id: 'second' } );
		assert.strictEqual( load.callCount, 1, 'one load for both' );
		await p.clock.tickAsync( 1500 );
		const events = p.bodies()[ 0 ];
		assert.deepEqual( events.map( ( e ) => e.element_id ), [ 'first', 'second' ] );
		assert.strictEqual( events[ 0 ].dt, new Date( clickedAt ).toISOString(), 'dt is the time of the call, not of the build' );
		p.close();
	} );

	QUnit.test( 'sampling decisions and stream configs answer at once, without the builder', ( assert ) => {
		const p = page();
		const mw = fakeMw( {} );
		const load = loader( 0 );
		const config = Object.assign( {}, CONFIG, { streams: { 'in.s': { sample: { rate: 1, unit: 'session' } }, 'out.s': { sample: { rate: 0.5, unit: 'pageview' } } } } );
		const api = createMwFacade( mw, p.window, config, load );
		assert.true( api.isStreamInSample( 'in.s' ) );
		assert.false( api.isStreamInSample( 'out.s' ), 'pageview token fedcba98… is above 0.5' );
		assert.false( api.isStreamInSample( 'nope' ) );
		assert.deepEqual( api.getStreamConfig( 'in.s' ), { sample: { rate: 1, unit: 'session' } } );
		assert.strictEqual( api.getStreamConfig( 'nope' ), null );
		assert.true( load.notCalled, 'the builder was not needed' );
		p.close();
	} );

	QUnit.test( 'an instrument numbers its events across the builder’s arrival', async ( assert ) => {
		const p = page();
		const mw = fakeMw( {} );
		const api = createMwFacade( mw, p.window, CONFIG, loader( 200 ) );
		const instrument = api.newInstrument( 'web.x', WEB, 'funnel' );
		instrument.submitInteraction( 'start' );
		await p.clock.tickAsync( 300 );
		instrument.submitInteraction( 'finish' );
		await p.clock.tickAsync( 1000 );
		assert.deepEqual( p.bodies().flat().map( ( e ) => [ e.action, e.funnel_event_sequence_position, e.instrument_name ] ), [ [ 'start', 1, 'funnel' ], [ 'finish', 2, 'funnel' ] ] );
		p.close();
	} );

	QUnit.test( 'a page left before the builder arrived: the next page builds its calls with its context', async ( assert ) => {
		const p = page();
		const first = fakeMw( { wgTitle: 'First page' } );
		createMwFacade( first, p.window, CONFIG, loader( 10000 ) ).submitClick( 'web.x', { element_id: 'leaving' } );
		const clickedAt = Date.now();
		p.window.dispatchEvent( new p.window.Event( 'pagehide' ) );
		const kept = Object.keys( p.window.localStorage ).filter( ( k ) => k.indexOf( 'mp-calls:' ) === 0 );
		assert.strictEqual( kept.length, 1, 'kept in storage' );
		// The next page: same browser storage, another page view.
		const second = fakeMw( { wgTitle: 'Second page' } );
		second.user.getPageviewToken = () => '11111111112222222222';
		createMwFacade( second, p.window, CONFIG, loader( 0 ) );
		await p.clock.tickAsync( 3000 );
		const events = p.bodies().flat();
		assert.strictEqual( events.length, 1 );
		assert.strictEqual( events[ 0 ].element_id, 'leaving' );
		assert.deepEqual( events[ 0 ].page, { title: 'First_page' }, 'the first page’s context' );
		assert.strictEqual( events[ 0 ].dt, new Date( clickedAt ).toISOString(), 'and its time' );
		assert.deepEqual( Object.keys( p.window.localStorage ).filter( ( k ) => k.indexOf( 'mp-calls:' ) === 0 ), [], 'built once: the key is gone' );
		p.close();
	} );

	QUnit.test( 'mw.eventLog: the client calls where EventLogging is absent, untouched where present', ( assert ) => {
		const p = page();
		const bare = fakeMw( {} );
		const api = createMwFacade( bare, p.window, CONFIG, loader( 0 ) );
		const shim = bare.eventLog as Record<string, unknown>;
		assert.deepEqual( Object.keys( shim ).sort(), [ 'dispatch', 'getStreamConfig', 'isStreamInSample', 'newInstrument', 'submit', 'submitClick', 'submitInteraction' ] );
		assert.strictEqual( shim.submitClick, api.submitClick );
		const eventLogging = { logEvent: () => undefined };
		const withEventLogging = Object.assign( fakeMw( {} ), { eventLog: eventLogging } );
		createMwFacade( withEventLogging, p.window, CONFIG, loader( 0 ) );
		assert.strictEqual( withEventLogging.eventLog, eventLogging );
		p.close();
	} );

	QUnit.test( 'a page with nothing left over by earlier pages does not load the builder', async ( assert ) => {
		const p = page();
		p.window.localStorage.setItem( 'unrelated', 'x' );
		const load = loader( 0 );
		createMwFacade( fakeMw( {} ), p.window, CONFIG, load );
		await p.clock.tickAsync( 5000 );
		assert.true( load.notCalled, 'other keys are not leftovers' );
		p.close();
	} );

	QUnit.test( 'events an earlier page could not send: the next page loads the builder and sends them once', async ( assert ) => {
		const p = page();
		const kept = [ { meta: { id: 'kept-1', stream: 'web.x' } }, { meta: { id: 'kept-2', stream: 'web.x' } } ];
		p.window.localStorage.setItem( 'mp-outbox:00000000000000000000', JSON.stringify( kept ) );
		p.window.localStorage.setItem( 'mp-outbox:11111111111111111111', '{broken' );
		const mw = fakeMw( { wgMetricsPlatformUser: { debug: true } } );
		const load = loader( 0 );
		createMwFacade( mw, p.window, CONFIG, load );
		await p.clock.tickAsync( 999 );
		assert.true( load.notCalled, 'nothing before the page is idle' );
		await p.clock.tickAsync( 2000 );
		assert.strictEqual( load.callCount, 1 );
		assert.deepEqual( p.bodies().flat().map( ( e ) => ( e.meta as { id: string } ).id ), [ 'kept-1', 'kept-2' ] );
		assert.deepEqual( Object.keys( p.window.localStorage ).filter( ( k ) => k.indexOf( 'mp-outbox:' ) === 0 ), [], 'taken over: the keys are gone' );
		assert.true( mw.warnings.some( ( w ) => w.includes( 'mp-outbox:11111111111111111111' ) ), mw.warnings.join( ' | ' ) );
		p.close();
	} );

	QUnit.test( 'a builder that fails to load: one warning, the calls wait and go with the next attempt', async ( assert ) => {
		const p = page();
		const mw = fakeMw( { wgMetricsPlatformUser: { debug: true } } );
		let fail = true;
		const api = createMwFacade( mw, p.window, CONFIG, () => fail ? Promise.reject( new Error( 'load.php 500' ) ) : Promise.resolve( BUILDER ) );
		api.submitClick( 'web.x', { element_id: 'a' } );
		await p.clock.tickAsync( 10 );
		assert.true( mw.warnings.some( ( w ) => w.includes( 'load.php 500' ) ), mw.warnings.join( ' | ' ) );
		fail = false;
		api.submitClick( 'web.x', { element_id: 'b' } );
		await p.clock.tickAsync( 1500 );
		assert.deepEqual( p.bodies().flat().map( ( e ) => e.element_id ), [ 'a', 'b' ] );
		p.close();
	} );
} );
