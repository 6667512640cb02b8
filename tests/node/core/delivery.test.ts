import fc from 'fast-check';
import { MemoryStorage } from '../memoryStorage';
import sinon from 'sinon';
import { batchBody, chunkItems, createDelivery, Delivery, DeliveryOptions, OUTBOX_PREFIX, OutboxItem, SendResult, utf8Length } from '../../../modules/src/core/delivery';
import { restoreOutbox } from '../../../modules/src/core/outboxRestore';
import { warnOnce } from '../../../modules/src/core/warnOnce';
import type { MetricsEvent } from '../../../modules/src/core/types';

let counter = 0;
function event( extra: Record<string, string> = {} ): MetricsEvent {
	counter++;
	return Object.assign( { $schema: '/s/1.0.0', action: 'a', dt: '2026-11-23T00:00:00.000Z', meta: { stream: 's', id: `id-${ counter }` } }, extra ) as MetricsEvent;
}

/**
 * The meta.id of a queued event, to tell requests apart.
 *
 * @param item
 */
function idOf( item: OutboxItem ): string {
	return ( item.event as MetricsEvent ).meta.id;
}

interface Rig {
	delivery: Delivery;
	clock: sinon.SinonFakeTimers;
	requests: string[][];
	beacons: string[][];
	warnings: string[];
	answer: sinon.SinonStub;
	storage: MemoryStorage;
}

function rig( options: DeliveryOptions = {}, extra: { beacon?: ( items: readonly OutboxItem[] ) => boolean; storage?: MemoryStorage; instanceId?: string } = {} ): Rig {
	const clock = sinon.useFakeTimers();
	const requests: string[][] = [];
	const beacons: string[][] = [];
	const warnings: string[] = [];
	const answer = sinon.stub().returns( { status: 201 } );
	const storage = extra.storage || new MemoryStorage();
	const delivery = createDelivery( options, {
		post: ( items ) => {
			requests.push( items.map( idOf ) );
			return Promise.resolve( answer( items ) as SendResult );
		},
		beacon: extra.beacon && ( ( items ) => {
			const ok = extra.beacon!( items );
			if ( ok ) {
				beacons.push( items.map( idOf ) );
			}
			return ok;
		} ),
		storage,
		instanceId: extra.instanceId || 'page-1',
		setTimer: ( fn, ms ) => setTimeout( fn, ms ),
		clearTimer: ( h ) => clearTimeout( h as ReturnType<typeof setTimeout> ),
		now: () => Date.now(),
		random: () => 0.5,
		// As the adapters do: each distinct report once.
		warn: warnOnce( ( m ) => warnings.push( m ) ),
	} );
	return { delivery, clock, requests, beacons, warnings, answer, storage };
}

QUnit.module( 'core/delivery', ( hooks ) => {
	let current: Rig | null = null;
	function make( ...args: Parameters<typeof rig> ): Rig {
		current = rig( ...args );
		return current;
	}
	hooks.afterEach( () => {
		if ( current ) {
			current.clock.restore();
			current = null;
		}
	} );

	QUnit.test( 'events within the linger time travel in one request', async ( assert ) => {
		const r = make( { lingerMs: 1000 } );
		r.delivery.add( event() );
		await r.clock.tickAsync( 600 );
		r.delivery.add( event() );
		assert.strictEqual( r.requests.length, 0, 'nothing before the linger ends' );
		await r.clock.tickAsync( 400 );
		assert.strictEqual( r.requests.length, 1 );
		assert.strictEqual( r.requests[ 0 ].length, 2, 'both events in the first request' );
		assert.strictEqual( r.delivery.pending(), 0, 'acknowledged events are forgotten' );
		await r.clock.tickAsync( 1 );
		assert.strictEqual( r.storage.data.size, 0, 'and removed from storage' );
	} );

	QUnit.test( '100 events at once: at most 2 requests, each under the byte limit', async ( assert ) => {
		const r = make();
		for ( let i = 0; i < 100; i++ ) {
			r.delivery.add( event( { action_context: 'x'.repeat( 600 ) } ) );
		}
		await r.clock.tickAsync( 1000 );
		assert.true( r.requests.length <= 2, `${ r.requests.length } requests` );
		assert.strictEqual( r.requests.flat().length, 100, 'every event sent once' );
	} );

	QUnit.test( 'a full batch leaves at once', async ( assert ) => {
		const r = make( { maxBatchEvents: 5 } );
		for ( let i = 0; i < 5; i++ ) {
			r.delivery.add( event() );
		}
		await r.clock.tickAsync( 0 );
		assert.strictEqual( r.requests.length, 1 );
	} );

	QUnit.test( '5xx and network errors: retried with growing delays until accepted', async ( assert ) => {
		const r = make( { lingerMs: 0, retryBaseMs: 1000 } );
		r.answer.onCall( 0 ).returns( { status: 503 } );
		r.answer.onCall( 1 ).returns( { status: 0 } );
		r.answer.onCall( 2 ).returns( { status: 201 } );
		r.delivery.add( event() );
		r.delivery.add( event() );
		r.delivery.add( event() );
		await r.clock.tickAsync( 0 );
		assert.strictEqual( r.requests.length, 1 );
		assert.strictEqual( r.storage.data.size, 1, 'kept in storage while unacknowledged' );
		await r.clock.tickAsync( 750 );
		assert.strictEqual( r.requests.length, 2, 'first retry after 750 ms (1000 with jitter 0.5)' );
		await r.clock.tickAsync( 1499 );
		assert.strictEqual( r.requests.length, 2, 'second delay is longer' );
		await r.clock.tickAsync( 1 );
		assert.strictEqual( r.requests.length, 3 );
		assert.true( r.requests.every( ( ids ) => ids.length === 3 ), 'a failed batch is retried as one request' );
		assert.strictEqual( r.delivery.pending(), 0 );
		await r.clock.tickAsync( 1 );
		assert.strictEqual( r.storage.data.size, 0 );
	} );

	QUnit.test( 'after the last attempt events are parked in storage with one warning', async ( assert ) => {
		const r = make( { lingerMs: 0, maxAttempts: 3, retryBaseMs: 10 } );
		r.answer.returns( { status: 500 } );
		r.delivery.add( event() );
		await r.clock.tickAsync( 10000 );
		assert.strictEqual( r.requests.length, 3 );
		assert.strictEqual( r.delivery.pending(), 1 );
		assert.true( r.warnings.some( ( w ) => w.includes( 'unreachable' ) && w.includes( 'HTTP 500' ) ) );
		assert.strictEqual( JSON.parse( r.storage.getItem( 'mp-outbox:page-1' ) as string ).length, 1, 'stored for the next page' );
	} );

	QUnit.test( '207: the invalid events are reported by stream and reason; none is re-sent', async ( assert ) => {
		const r = make( { lingerMs: 0 } );
		const bad = event();
		r.answer.returns( { status: 207, body: JSON.stringify( { invalid: [ { status: 'invalid', event: { meta: { id: bad.meta.id, stream: 's' } }, context: { errors: [ { instancePath: '/action', message: 'must NOT have more than 64 characters' } ] } } ], error: [] } ) } );
		r.delivery.add( bad );
		r.delivery.add( event() );
		await r.clock.tickAsync( 5000 );
		assert.strictEqual( r.requests.length, 1 );
		assert.strictEqual( r.delivery.pending(), 0 );
		assert.true( r.warnings[ 0 ].includes( 's: /action must NOT have more than 64 characters' ), r.warnings[ 0 ] );
	} );

	QUnit.test( 'hide: waiting events go by beacon; a refused beacon falls back to fetch', async ( assert ) => {
		let refuse = false;
		const r = make( {}, { beacon: () => !refuse } );
		r.delivery.add( event() );
		r.delivery.hide();
		assert.strictEqual( r.beacons.length, 1 );
		assert.strictEqual( r.delivery.pending(), 0 );
		assert.strictEqual( r.storage.data.size, 0, 'handed off: nothing kept' );
		refuse = true;
		r.delivery.add( event() );
		r.delivery.hide();
		assert.strictEqual( r.requests.length, 1, 'fetch keepalive instead' );
		assert.strictEqual( JSON.parse( r.storage.getItem( 'mp-outbox:page-1' ) as string ).length, 1, 'kept until the intake answers' );
		await r.clock.tickAsync( 0 );
		assert.strictEqual( r.storage.data.size, 0 );
	} );

	QUnit.test( 'restoreOutbox: a later page sends what an earlier one left, once', async ( assert ) => {
		const storage = new MemoryStorage();
		const old = event();
		storage.setItem( 'mp-outbox:page-0', batchBody( [ { event: old, json: null, attempts: 3, due: Infinity } ] ) );
		storage.setItem( 'mp-outbox:broken', '{not json' );
		storage.setItem( 'unrelated', 'x' );
		const r = make( {}, { storage } );
		const restore = (): number => restoreOutbox( storage, storage.keys( OUTBOX_PREFIX ), r.delivery, ( m ) => r.warnings.push( m ) );
		assert.strictEqual( restore(), 1 );
		await r.clock.tickAsync( 0 );
		assert.deepEqual( r.requests, [ [ old.meta.id ] ] );
		assert.deepEqual( Array.from( storage.data.keys() ), [ 'unrelated' ] );
		assert.true( r.warnings.some( ( w ) => w.includes( 'mp-outbox:broken' ) ) );
		assert.strictEqual( restore(), 0 );
		await r.clock.tickAsync( 0 );
		assert.strictEqual( r.requests.length, 1, 'nothing twice' );
	} );

	QUnit.test( 'restoreOutbox: taken-over events are kept for the next page until the intake has them', async ( assert ) => {
		const storage = new MemoryStorage();
		const old = event();
		storage.setItem( 'mp-outbox:page-0', batchBody( [ { event: old, json: null, attempts: 0, due: 0 } ] ) );
		const r = make( {}, { storage } );
		r.answer.returns( { status: 503 } );
		restoreOutbox( storage, [ 'mp-outbox:page-0' ], r.delivery, ( m ) => r.warnings.push( m ) );
		r.delivery.hide();
		assert.deepEqual( JSON.parse( storage.getItem( 'mp-outbox:page-1' ) as string ).map( ( e: MetricsEvent ) => e.meta.id ), [ old.meta.id ], 'now under this page’s key' );
		assert.false( storage.data.has( 'mp-outbox:page-0' ) );
	} );

	QUnit.test( 'storage full: one warning, delivery goes on in memory', async ( assert ) => {
		const storage = new MemoryStorage();
		storage.full = true;
		const r = make( { lingerMs: 10 }, { storage } );
		for ( let i = 0; i < 3; i++ ) {
			r.delivery.add( event() );
			await r.clock.tickAsync( 20 );
		}
		assert.strictEqual( r.requests.flat().length, 3 );
		assert.strictEqual( r.warnings.filter( ( w ) => w.includes( 'storage' ) ).length, 1 );
	} );

	QUnit.test( 'storage limits: the oldest go, with one warning that counts them', async ( assert ) => {
		const r = make( { maxStoredEvents: 3, maxAttempts: 1, lingerMs: 0 } );
		r.answer.returns( { status: 0 } );
		for ( let i = 0; i < 5; i++ ) {
			r.delivery.add( event() );
		}
		await r.clock.tickAsync( 10 );
		const stored = JSON.parse( r.storage.getItem( 'mp-outbox:page-1' ) as string );
		assert.deepEqual( stored.map( ( e: MetricsEvent ) => e.meta.id ), r.requests.flat().slice( 2 ), 'the newest three' );
		assert.true( r.warnings.some( ( w ) => w.includes( 'the 2 oldest' ) ) );
	} );

	QUnit.test( 'a post port that throws is a network error, not an exception', async ( assert ) => {
		const clock = sinon.useFakeTimers();
		const warnings: string[] = [];
		const d = createDelivery( { lingerMs: 0, maxAttempts: 1 }, {
			post: () => {
				throw new Error( 'boom' );
			},
			instanceId: 'x',
			setTimer: ( fn, ms ) => setTimeout( fn, ms ),
			clearTimer: ( h ) => clearTimeout( h as ReturnType<typeof setTimeout> ),
			now: () => Date.now(),
			random: () => 0,
			warn: ( m ) => warnings.push( m ),
		} );
		d.add( event() );
		await clock.tickAsync( 10 );
		clock.restore();
		assert.strictEqual( d.pending(), 1 );
		assert.true( warnings[ 0 ].includes( 'unreachable' ) );
	} );

	QUnit.test( 'chunkItems keeps every item once, in order, within the limits (property)', ( assert ) => {
		fc.assert( fc.property( fc.array( fc.string( { unit: 'binary', maxLength: 300 } ), { maxLength: 60 } ), fc.integer( { min: 1, max: 20 } ), fc.integer( { min: 50, max: 2000 } ), ( texts, maxEvents, maxBytes ) => {
			const items: OutboxItem[] = texts.map( ( t ) => ( { event: null, json: JSON.stringify( t ), attempts: 0, due: 0 } ) );
			const chunks = chunkItems( items, maxEvents, maxBytes );
			const flat = chunks.flat();
			return flat.length === items.length && flat.every( ( item, i ) => item === items[ i ] ) &&
				chunks.every( ( c ) => c.length <= maxEvents && ( c.length === 1 || utf8Length( batchBody( c ) ) <= maxBytes ) );
		} ) );
		assert.true( true );
	} );

	QUnit.test( 'utf8Length never undercounts (property)', ( assert ) => {
		fc.assert( fc.property( fc.string( { unit: 'grapheme' } ), ( s ) => utf8Length( s ) >= Buffer.byteLength( s, 'utf8' ) ) );
		assert.strictEqual( utf8Length( 'aé€' ), 1 + 2 + 3 );
	} );
} );
