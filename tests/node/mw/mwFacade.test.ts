import sinon from 'sinon';
import { createMwFacade } from '../../../modules/src/mw/mwFacade';
import type { MwEnvironment } from '../../../modules/src/mw/mwEnvironment';
import { createEventBuilder, MwModuleConfig, PageSnapshot } from '../../../modules/src/mw/mwMetricsPlatform';
import type { Mw } from '../../../modules/src/mw/mwTypes';
import { CONFIG, fakeMw, page } from './mwFakes';

const WEB = '/analytics/product_metrics/web/base/1.3.0';

/**
 * A builder loader that resolves after `delayMs` (the module arriving from load.php).
 *
 * @param mw
 * @param win
 * @param config
 * @param delayMs
 */
function loader( mw: Mw, win: Window, config: MwModuleConfig, delayMs: number ): sinon.SinonSpy {
	return sinon.spy( () => new Promise( ( resolve ) => {
		setTimeout( () => resolve( ( env: MwEnvironment, snapshot?: PageSnapshot ) => createEventBuilder( mw, win, config, env, snapshot ) ), delayMs );
	} ) );
}

QUnit.module( 'mw every-page module (facade)', () => {
	QUnit.test( 'calls before the builder arrives keep their time and order', async ( assert ) => {
		const p = page();
		const mw = fakeMw( {} );
		const load = loader( mw, p.window, CONFIG, 500 );
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
		const load = loader( mw, p.window, CONFIG, 0 );
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
		const api = createMwFacade( mw, p.window, CONFIG, loader( mw, p.window, CONFIG, 200 ) );
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
		createMwFacade( first, p.window, CONFIG, loader( first, p.window, CONFIG, 10000 ) ).submitClick( 'web.x', { element_id: 'leaving' } );
		const clickedAt = Date.now();
		p.window.dispatchEvent( new p.window.Event( 'pagehide' ) );
		const kept = Object.keys( p.window.localStorage ).filter( ( k ) => k.indexOf( 'mp-calls:' ) === 0 );
		assert.strictEqual( kept.length, 1, 'kept in storage' );
		// The next page: same browser storage, another page view.
		const second = fakeMw( { wgTitle: 'Second page' } );
		second.user.getPageviewToken = () => '11111111112222222222';
		createMwFacade( second, p.window, CONFIG, loader( second, p.window, CONFIG, 0 ) );
		await p.clock.tickAsync( 3000 );
		const events = p.bodies().flat();
		assert.strictEqual( events.length, 1 );
		assert.strictEqual( events[ 0 ].element_id, 'leaving' );
		assert.deepEqual( events[ 0 ].page, { title: 'First_page' }, 'the first page’s context' );
		assert.strictEqual( events[ 0 ].dt, new Date( clickedAt ).toISOString(), 'and its time' );
		assert.deepEqual( Object.keys( p.window.localStorage ).filter( ( k ) => k.indexOf( 'mp-calls:' ) === 0 ), [], 'built once: the key is gone' );
		p.close();
	} );

	QUnit.test( 'a builder that fails to load: one warning, the calls wait and go with the next attempt', async ( assert ) => {
		const p = page();
		const mw = fakeMw( {} );
		let fail = true;
		const api = createMwFacade( mw, p.window, CONFIG, () => fail ? Promise.reject( new Error( 'load.php 500' ) ) :
			Promise.resolve( ( env: MwEnvironment, snapshot?: PageSnapshot ) => createEventBuilder( mw, p.window, CONFIG, env, snapshot ) ) );
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
