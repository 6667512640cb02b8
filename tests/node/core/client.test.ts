import fc from 'fast-check';
import sinon from 'sinon';
import eventVectors from '../../fixtures/events.json';
import { Call, harness, replay, stable } from '../helpers';
import type { MetricsClient } from '../../../modules/src/core/client';
import type { ContextAttributes, JsonObject, MetricsEvent } from '../../../modules/src/core/types';

const WEB = '/analytics/product_metrics/web/base/1.3.0';
const STREAMS = { 'web.x': { producers: { metrics_platform_client: { provide_values: [ 'page_id' ], events: [ 'web_' ] } } } };
const CONTEXT: ContextAttributes = { page: { id: 5 }, performer: { session_id: '0000000000aaaaaaaaaa', pageview_id: '0000000000bbbbbbbbbb' } };

QUnit.module( 'core/client', () => {
	QUnit.test( 'the whole-event contract vectors', ( assert ) => {
		for ( const v of eventVectors.vectors ) {
			const h = harness( v.stream_configs, v.context as ContextAttributes );
			replay( h.client, v.calls as Call[] );
			assert.deepEqual( h.sent.map( stable ), v.expected_events, v.note );
		}
	} );

	QUnit.test( 'dt is ISO-8601 UTC with milliseconds; meta.id is a fresh UUID v4', ( assert ) => {
		const h = harness( STREAMS, CONTEXT );
		for ( let i = 0; i < 500; i++ ) {
			h.client.submitInteraction( 'web.x', WEB, 'click' );
		}
		assert.strictEqual( h.sent[ 0 ].dt, '2026-11-23T12:00:00.005Z' );
		const ids = new Set( h.sent.map( ( e ) => e.meta.id ) );
		assert.strictEqual( ids.size, 500, 'no id repeats' );
		assert.true( h.sent.every( ( e ) => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test( e.meta.id ) ), 'all are UUID v4' );
	} );

	QUnit.test( "the caller's objects are never changed", ( assert ) => {
		const h = harness( STREAMS, CONTEXT );
		const data = { element_id: 'x', list: [ 1, 2 ], nested: { a: 1 } };
		const before = JSON.stringify( data );
		// A schema of the caller's own, which may have fields the web base schema lacks.
		h.client.submitInteraction( 'web.x', '/custom/with_lists/1.0.0', 'click', data );
		const event = { $schema: WEB, action: 'x', meta: { stream: 'caller' } };
		const eventBefore = JSON.stringify( event );
		h.client.submit( 'web.x', event );
		assert.strictEqual( JSON.stringify( data ), before );
		assert.strictEqual( JSON.stringify( event ), eventBefore );
		assert.notStrictEqual( h.sent[ 0 ].list, data.list, 'arrays are copied' );
		assert.strictEqual( h.sent[ 1 ].meta.stream, 'web.x', 'meta comes from the client' );
	} );

	QUnit.test( 'bad input: dropped, one warning per distinct problem naming the stream and the reason', ( assert ) => {
		const h = harness( STREAMS, CONTEXT );
		const circular: Record<string, unknown> = {};
		circular.me = circular;
		const calls: [ () => void, string ][] = [
			[ () => h.client.submitInteraction( 'web.x', WEB, '' ), 'action is missing' ],
			[ () => h.client.submitInteraction( 'web.x', WEB, 'a'.repeat( 65 ) ), 'action is 65 characters' ],
			[ () => h.client.submitInteraction( 'web.x', WEB, 'click', { action_context: 'c'.repeat( 8193 ) } ), 'action_context is 8193' ],
			[ () => h.client.submitInteraction( 'web.x', WEB, 'click', circular as JsonObject ), 'circular' ],
			[ () => h.client.submitInteraction( 'web.x', WEB, 'click', { f: () => 1 } as unknown as JsonObject ), 'f is a function' ],
			[ () => h.client.submitInteraction( 'web.x', WEB, 'click', { n: NaN } ), 'n is NaN' ],
			[ () => h.client.submitInteraction( 'web.x', WEB, 'click', { u: undefined } ), 'u is undefined' ],
			[ () => h.client.submitInteraction( 'nope', WEB, 'click' ), 'not configured' ],
			[ () => h.client.submitInteraction( 'web.x', '', 'click' ), 'schema ID' ],
			[ () => h.client.submit( 'web.x', { action: 'no schema' } ), 'no $schema' ],
		];
		for ( const [ call, reason ] of calls ) {
			const before = h.warnings.length;
			call();
			call();
			assert.strictEqual( h.warnings.length, before + 1, `one warning for: ${ reason }` );
			const w = h.warnings[ h.warnings.length - 1 ];
			assert.true( w.includes( reason ) && ( w.includes( '"web.x"' ) || w.includes( '"nope"' ) ), w );
		}
		assert.strictEqual( h.sent.length, 0, 'nothing reached delivery' );
	} );

	QUnit.test( 'out of sample: dropped with a warning; isStreamInSample agrees', ( assert ) => {
		const streams = { 's.in': { sample: { rate: 0.5, unit: 'session' } }, 's.out': { sample: { rate: 0.5, unit: 'pageview' } } };
		const h = harness( streams, { performer: { session_id: '00000000000000000000', pageview_id: 'ffffffffffffffffffff' } } );
		assert.true( h.client.isStreamInSample( 's.in' ) );
		assert.false( h.client.isStreamInSample( 's.out' ) );
		assert.false( h.client.isStreamInSample( 's.unknown' ) );
		h.client.submitInteraction( 's.in', WEB, 'click' );
		h.client.submitInteraction( 's.out', WEB, 'click' );
		assert.strictEqual( h.sent.length, 1 );
		assert.true( h.warnings.some( ( w ) => w.includes( '"s.out"' ) && w.includes( 'out of the stream\'s sample' ) ) );
	} );

	QUnit.test( 'getStreamConfig returns a private copy, or null', ( assert ) => {
		const h = harness( STREAMS, CONTEXT );
		const copy = h.client.getStreamConfig( 'web.x' ) as Record<string, unknown>;
		assert.deepEqual( copy, STREAMS[ 'web.x' ] );
		( copy as { producers: unknown } ).producers = null;
		assert.deepEqual( h.client.getStreamConfig( 'web.x' ), STREAMS[ 'web.x' ], 'changing the copy changes nothing' );
		assert.strictEqual( h.client.getStreamConfig( 'nope' ), null );
	} );

	QUnit.test( 'dispatch matches prefixes only', ( assert ) => {
		const h = harness( STREAMS, CONTEXT );
		h.client.dispatch( 'web_click', { action_source: 'x' } );
		h.client.dispatch( 'other_web_click' );
		assert.deepEqual( h.sent.map( ( e ) => e.action ), [ 'web_click' ] );
	} );

	QUnit.test( 'opt-out (isEnabled false) sends nothing', ( assert ) => {
		const h = harness( STREAMS, CONTEXT, { isEnabled: () => false } );
		h.client.submitInteraction( 'web.x', WEB, 'click' );
		h.client.submitClick( 'web.x', {} );
		assert.strictEqual( h.sent.length, 0 );
	} );

	QUnit.test( 'a context port that throws costs the attributes, not the event', ( assert ) => {
		const h = harness( STREAMS, CONTEXT, { context: () => {
			throw new Error( 'mw.config broken' );
		} } );
		h.client.submitInteraction( 'web.x', WEB, 'click' );
		assert.strictEqual( h.sent.length, 1 );
		assert.strictEqual( h.sent[ 0 ].page, undefined );
		assert.true( h.warnings[ 0 ].includes( 'mw.config broken' ) );
	} );

	QUnit.test( 'decorate adds fields to each event (the experiments field)', ( assert ) => {
		const decorate = sinon.spy( ( e: MetricsEvent ) => {
			e.experiments = { enrolled: [ 'exp' ], assigned: { exp: 'b' } };
		} );
		const h = harness( STREAMS, CONTEXT, { decorate } );
		h.client.submitClick( 'web.x', {} );
		assert.true( decorate.calledOnce );
		assert.deepEqual( h.sent[ 0 ].experiments, { enrolled: [ 'exp' ], assigned: { exp: 'b' } } );
	} );

	QUnit.test( 'instruments: a bad call neither sends nor advances the position', ( assert ) => {
		const h = harness( STREAMS, CONTEXT );
		const instrument = h.client.newInstrument( 'web.x', WEB, 'my-instrument' );
		instrument.submitInteraction( 'first' );
		instrument.submitInteraction( 'second', { n: NaN } );
		instrument.submitInteraction( 'third' );
		assert.deepEqual( h.sent.map( ( e ) => [ e.action, e.funnel_event_sequence_position, e.instrument_name ] ), [ [ 'first', 1, 'my-instrument' ], [ 'third', 2, 'my-instrument' ] ] );
		assert.true( instrument.isStreamInSample() );
		assert.strictEqual( h.client.newInstrument( 'web.x' ).name, 'web.x', 'named after the stream by default' );
	} );

	QUnit.test( 'no input makes any public method throw (property)', ( assert ) => {
		const h = harness( STREAMS, CONTEXT );
		const anything = fc.oneof( fc.anything(), fc.constant( undefined ), fc.func( fc.anything() ), fc.constant( Symbol( 'x' ) ) );
		const methods: ( keyof MetricsClient )[] = [ 'submit', 'submitInteraction', 'submitClick', 'dispatch', 'newInstrument', 'isStreamInSample', 'getStreamConfig' ];
		fc.assert( fc.property( fc.constantFrom( ...methods ), fc.array( anything, { maxLength: 5 } ), ( method, args ) => {
			const fn = h.client[ method ] as ( ...a: unknown[] ) => unknown;
			const result = fn( ...args );
			if ( method === 'newInstrument' && result ) {
				( result as { submitInteraction( ...a: unknown[] ): void } ).submitInteraction( ...args );
			}
			return true;
		} ), { numRuns: 3000 } );
		fc.assert( fc.property( fc.anything(), ( configs ) => {
			const other = harness( configs, CONTEXT );
			other.client.submitInteraction( 'web.x', WEB, 'click' );
			other.client.dispatch( 'web_x' );
			return true;
		} ), { numRuns: 500 } );
		assert.true( true, 'no call threw' );
	} );

	QUnit.test( 'a throwing delivery port is contained', ( assert ) => {
		const h = harness( STREAMS, CONTEXT, { send: () => {
			throw new Error( 'queue broken' );
		} } );
		h.client.submitClick( 'web.x', {} );
		assert.true( h.warnings.some( ( w ) => w.includes( 'queue broken' ) ) );
	} );
} );
