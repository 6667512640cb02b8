import fc from 'fast-check';
import sinon from 'sinon';
import { fakeTimers } from '../fakeTimers';
import { batchBody, batchBytes, chunkItems, createDelivery, OutboxItem, utf8Length } from '../../../modules/src/core/delivery';
import { decodeIndex, StoredIndex } from '../../../modules/src/core/outboxStore';
import { restoreOutbox } from '../../../modules/src/core/outboxRestore';
import { MemoryStorage } from '../memoryStorage';
import { createNet, event, Net, openTestPage, storedIds, TestPage } from './deliveryRig';

/** A storage that counts and times its writes. */
class CountingStorage extends MemoryStorage {
	public writes: { key: string; value: string }[] = [];

	public setItem( key: string, value: string ): void {
		this.writes.push( { key, value } );
		super.setItem( key, value );
	}
}

function index( storage: MemoryStorage, page: string ): StoredIndex {
	return decodeIndex( storage.getItem( 'mp-outbox:' + page ) ) as StoredIndex;
}

QUnit.module( 'core/delivery', ( hooks ) => {
	let clock: sinon.SinonFakeTimers;
	let net: Net;
	let storage: CountingStorage;
	hooks.beforeEach( () => {
		clock = fakeTimers( { now: 1_800_000_000_000 } );
		net = createNet();
		storage = new CountingStorage();
	} );
	hooks.afterEach( () => {
		clock.restore();
	} );
	const open = ( id = 'page-1', options = {}, withBeacon = true ): TestPage => openTestPage( id, storage, net, options, withBeacon );

	QUnit.test( 'events within the linger time travel in one request', async ( assert ) => {
		const p = open( 'page-1', { lingerMs: 1000 } );
		p.delivery.add( event() );
		await clock.tickAsync( 600 );
		p.delivery.add( event() );
		assert.strictEqual( net.sent.length, 0, 'nothing before the linger ends' );
		await clock.tickAsync( 400 );
		assert.strictEqual( net.sent.length, 1 );
		assert.strictEqual( net.sent[ 0 ].ids.length, 2, 'both events in the first request' );
		assert.strictEqual( p.delivery.pending(), 0, 'acknowledged events are forgotten' );
	} );

	QUnit.test( '100 events at once: at most 2 requests, each under the byte limit', async ( assert ) => {
		const p = open();
		for ( let i = 0; i < 100; i++ ) {
			p.delivery.add( event( { action_context: 'x'.repeat( 600 ) } ) );
		}
		await clock.tickAsync( 1000 );
		assert.true( net.sent.length <= 2, `${ net.sent.length } requests` );
		assert.strictEqual( net.sent.flatMap( ( s ) => s.ids ).length, 100, 'every event sent once' );
		assert.true( net.sent.every( ( s ) => s.bytes <= 60000 ) );
	} );

	QUnit.test( 'a full batch leaves at once', async ( assert ) => {
		open( 'page-1', { maxBatchEvents: 5 } );
		const p = open( 'page-2', { maxBatchEvents: 5 } );
		for ( let i = 0; i < 5; i++ ) {
			p.delivery.add( event() );
		}
		await clock.tickAsync( 0 );
		assert.strictEqual( net.sent.length, 1 );
	} );

	QUnit.test( 'the call that fills a batch does not serialise or send it: that happens in a task of its own (issue 12 item 5)', async ( assert ) => {
		const p = open( 'page-1', { maxBatchEvents: 5 } );
		const count = { serialised: 0 };
		const toJSON = (): Record<string, never> => {
			count.serialised++;
			return {};
		};
		for ( let i = 0; i < 5; i++ ) {
			p.delivery.add( event( { toJSON } ) );
		}
		assert.strictEqual( net.sent.length, 0, 'nothing sent within the calls' );
		assert.strictEqual( count.serialised, 0, 'no JSON made within the calls' );
		await clock.tickAsync( 0 );
		assert.strictEqual( net.sent.length, 1, 'sent in the next task, without waiting for the linger time' );
		assert.true( count.serialised >= 5, 'serialised then' );
	} );

	QUnit.test( 'more than a full batch within one task: the full ones leave in the next task, the rest after the linger time', async ( assert ) => {
		const p = open( 'page-1', { maxBatchEvents: 5, lingerMs: 1000 } );
		for ( let i = 0; i < 12; i++ ) {
			p.delivery.add( event() );
		}
		await clock.tickAsync( 0 );
		assert.deepEqual( net.sent.map( ( x ) => x.ids.length ), [ 5, 5 ], 'two full batches in the next task' );
		await clock.tickAsync( 999 );
		assert.strictEqual( net.sent.length, 2, 'the other two wait for the linger time' );
		await clock.tickAsync( 1 );
		assert.deepEqual( net.sent.map( ( x ) => x.ids.length ), [ 5, 5, 2 ] );
	} );

	QUnit.test( 'a caller that never yields: full batches still leave during its calls, so memory stays bounded', ( assert ) => {
		const p = open( 'page-1', { maxBatchEvents: 5 } );
		for ( let i = 0; i < 500; i++ ) {
			p.delivery.add( event() );
		}
		const handed = net.sent.flatMap( ( x ) => x.ids ).length;
		assert.true( handed >= 450, `${ handed } of 500 events handed to the network during the calls` );
	} );

	QUnit.test( 'a batch body and its size are made once (storage, fetch and beacon take the same string)', ( assert ) => {
		const items: OutboxItem[] = [ { event: event(), json: null }, { event: event( { action_context: 'é€' } ), json: null } ];
		const body = batchBody( items );
		assert.strictEqual( batchBytes( items ), Buffer.byteLength( body ) );
		items[ 0 ].json = '"changed"';
		assert.strictEqual( batchBody( items ), body, 'the batch is not serialised again' );
	} );

	QUnit.test( 'no storage write on the call path; a healthy intake means no write at all (3,000 calls)', async ( assert ) => {
		const p = open();
		for ( let i = 0; i < 3000; i++ ) {
			p.delivery.add( event( { action_context: 'x'.repeat( 600 ) } ) );
			if ( i % 100 === 50 ) {
				assert.strictEqual( storage.writes.length, 0, 'nothing written during calls' );
				await clock.tickAsync( 5 );
			}
		}
		await clock.tickAsync( 10000 );
		assert.strictEqual( net.sent.flatMap( ( s ) => s.ids ).length, 3000 );
		assert.strictEqual( storage.writes.length, 0, `${ storage.writes.length } writes` );
		p.delivery.leave();
		assert.strictEqual( storage.writes.length, 0, 'nothing left to keep at pagehide either' );
	} );

	QUnit.test( 'calls spread over a minute, a healthy intake: no storage write', async ( assert ) => {
		net.answer = () => new Promise( ( resolve ) => setTimeout( () => resolve( { status: 201 } ), 150 ) );
		const p = open();
		for ( let i = 0; i < 120; i++ ) {
			p.delivery.add( event() );
			await clock.tickAsync( 500 );
		}
		await clock.tickAsync( 5000 );
		assert.strictEqual( net.sent.flatMap( ( s ) => s.ids ).length, 120 );
		assert.deepEqual( storage.writes.map( ( w ) => w.key ), [] );
	} );

	QUnit.test( 'a failing intake: each batch body written once (appended), the index stays small', async ( assert ) => {
		net.answer = () => ( { status: 500 } );
		const p = open( 'page-1', { retryBaseMs: 100, retryMaxMs: 400, maxAttempts: 1000 } );
		for ( let round = 0; round < 5; round++ ) {
			for ( let i = 0; i < 20; i++ ) {
				p.delivery.add( event( { action_context: 'x'.repeat( 600 ) } ) );
			}
			await clock.tickAsync( 5000 );
		}
		const bodies = storage.writes.filter( ( w ) => w.key.indexOf( 'mp-batch:' ) === 0 );
		assert.strictEqual( bodies.length, 5, 'one write per batch' );
		assert.strictEqual( new Set( bodies.map( ( w ) => w.key ) ).size, 5, 'each under its own key' );
		const indexes = storage.writes.filter( ( w ) => w.key.indexOf( 'mp-outbox:' ) === 0 );
		assert.true( indexes.every( ( w ) => w.value.length < 500 ), `index at most ${ Math.max( ...indexes.map( ( w ) => w.value.length ) ) } chars` );
		assert.strictEqual( storedIds( storage ).length, 100 );
		net.answer = () => ( { status: 201 } );
		await clock.tickAsync( 10000 );
		assert.deepEqual( Array.from( storage.data.keys() ), [], 'all removed once acknowledged' );
	} );

	QUnit.test( '5xx and network errors: retried as one batch with growing delays until accepted', async ( assert ) => {
		const answers = [ 503, 0, 201 ];
		net.answer = () => ( { status: answers.shift() as number } );
		const p = open( 'page-1', { lingerMs: 0, retryBaseMs: 1000 } );
		p.delivery.add( event() );
		p.delivery.add( event() );
		p.delivery.add( event() );
		await clock.tickAsync( 0 );
		assert.strictEqual( net.sent.length, 1 );
		await clock.tickAsync( 750 );
		assert.strictEqual( net.sent.length, 2, 'first retry after 750 ms (1000 with jitter 0.5)' );
		// A network error of a keepalive request is looked at 250 ms later (the page may be leaving).
		await clock.tickAsync( 1749 );
		assert.strictEqual( net.sent.length, 2, 'second delay is longer' );
		await clock.tickAsync( 1 );
		assert.strictEqual( net.sent.length, 3 );
		assert.true( net.sent.every( ( s ) => s.ids.length === 3 ), 'a failed batch is retried as one request' );
		assert.strictEqual( p.delivery.pending(), 0 );
	} );

	QUnit.test( 'after the last attempt a batch is parked in storage with one warning', async ( assert ) => {
		net.answer = () => ( { status: 500 } );
		const p = open( 'page-1', { lingerMs: 0, maxAttempts: 3, retryBaseMs: 10 } );
		p.delivery.add( event() );
		await clock.tickAsync( 10000 );
		assert.strictEqual( net.sent.length, 3 );
		assert.strictEqual( p.delivery.pending(), 1 );
		assert.true( p.warnings.some( ( w ) => w.includes( 'unreachable' ) && w.includes( 'HTTP 500' ) ) );
		assert.strictEqual( storedIds( storage ).length, 1, 'stored for a later page' );
		assert.strictEqual( index( storage, 'page-1' ).b[ 0 ].state, 'failed' );
	} );

	QUnit.test( '207: the invalid events are reported by stream and reason; none is re-sent', async ( assert ) => {
		const bad = event();
		net.answer = () => ( { status: 207, body: JSON.stringify( { invalid: [ { status: 'invalid', event: { meta: { id: bad.meta.id, stream: 's' } }, context: { errors: [ { instancePath: '/action', message: 'must NOT have more than 64 characters' } ] } } ], error: [] } ) } );
		const p = open( 'page-1', { lingerMs: 0 } );
		p.delivery.add( bad );
		p.delivery.add( event() );
		await clock.tickAsync( 5000 );
		assert.strictEqual( net.sent.length, 1 );
		assert.strictEqual( p.delivery.pending(), 0 );
		assert.true( p.warnings[ 0 ].includes( 's: /action must NOT have more than 64 characters' ), p.warnings[ 0 ] );
	} );

	QUnit.test( 'hidden: new events go by fetch keepalive (the answer is seen); leaving: by beacon, kept as unanswered', async ( assert ) => {
		const p = open();
		p.delivery.add( event() );
		p.delivery.hide();
		await clock.tickAsync( 0 );
		assert.deepEqual( net.sent.map( ( s ) => [ s.beacon, s.keepalive ] ), [ [ false, true ] ] );
		assert.strictEqual( p.delivery.pending(), 0, 'acknowledged' );
		const last = event();
		p.delivery.add( last );
		p.delivery.leave();
		assert.deepEqual( net.sent.map( ( s ) => s.beacon ), [ false, true ] );
		assert.deepEqual( storedIds( storage ), [ last.meta.id ], 'a beacon is not the end: kept until a later page knows more' );
		const idx = index( storage, 'page-1' );
		assert.strictEqual( idx.t, 0, 'the lease is released at pagehide' );
		assert.deepEqual( idx.b.map( ( b ) => [ b.state, b.handedAt ] ), [ [ 'unanswered', Date.now() ] ] );
	} );

	QUnit.test( 'leaving without sendBeacon: fetch keepalive, kept as unanswered', async ( assert ) => {
		const p = open( 'page-1', {}, false );
		p.delivery.add( event() );
		p.delivery.leave();
		assert.deepEqual( net.sent.map( ( s ) => [ s.beacon, s.keepalive ] ), [ [ false, true ] ] );
		assert.deepEqual( index( storage, 'page-1' ).b.map( ( b ) => b.state ), [ 'unanswered' ] );
	} );

	QUnit.test( 'keepalive quota: the sum of keepalive bodies in flight never exceeds 64 KiB; the rest goes without keepalive while visible', async ( assert ) => {
		let release: () => void = () => undefined;
		const gate = new Promise<void>( ( r ) => {
			release = r;
		} );
		net.answer = () => gate.then( () => ( { status: 201 } ) );
		const p = open();
		// 100 events of ~770 B: 77 KB, two batches (the case).
		for ( let i = 0; i < 100; i++ ) {
			p.delivery.add( event( { action_context: 'x'.repeat( 660 ) } ) );
		}
		await clock.tickAsync( 10 );
		assert.strictEqual( net.sent.length, 2 );
		const keepaliveBytes = net.sent.filter( ( s ) => s.keepalive ).reduce( ( sum, s ) => sum + s.bytes, 0 );
		assert.true( keepaliveBytes <= 65536, `${ keepaliveBytes } B of keepalive bodies in flight` );
		assert.deepEqual( net.sent.map( ( s ) => s.keepalive ), [ true, false ], 'the second goes without keepalive' );
		release();
		await clock.tickAsync( 10 );
		assert.strictEqual( p.delivery.pending(), 0 );
	} );

	QUnit.test( 'keepalive quota while hidden: what does not fit waits for the next slot', async ( assert ) => {
		let release: () => void = () => undefined;
		const gate = new Promise<void>( ( r ) => {
			release = r;
		} );
		net.answer = () => gate.then( () => ( { status: 201 } ) );
		const p = open();
		p.delivery.hide();
		for ( let i = 0; i < 100; i++ ) {
			p.delivery.add( event( { action_context: 'x'.repeat( 660 ) } ) );
		}
		await clock.tickAsync( 10 );
		assert.deepEqual( net.sent.map( ( s ) => s.keepalive ), [ true ], 'one keepalive request; the other waits' );
		release();
		await clock.tickAsync( 10 );
		assert.deepEqual( net.sent.map( ( s ) => s.keepalive ), [ true, true ], 'then the second, with keepalive' );
		await clock.tickAsync( 10 );
		assert.strictEqual( p.delivery.pending(), 0 );
	} );

	QUnit.test( 'keepalive quota (property): for any event sizes and answer times, keepalive bodies in flight stay within the quota and every event is sent once', async ( assert ) => {
		await fc.assert( fc.asyncProperty( fc.array( fc.integer( { min: 10, max: 20000 } ), { minLength: 1, maxLength: 60 } ), fc.array( fc.integer( { min: 0, max: 3000 } ), { minLength: 1 } ), fc.boolean(), async ( sizes, delays, hidden ) => {
			net = createNet();
			let inflight = 0;
			let peak = 0;
			let n = 0;
			net.answer = ( sent ) => {
				if ( sent.keepalive ) {
					inflight += sent.bytes;
					peak = Math.max( peak, inflight );
				}
				return new Promise( ( resolve ) => setTimeout( () => {
					inflight -= sent.keepalive ? sent.bytes : 0;
					resolve( { status: 201 } );
				}, delays[ n++ % delays.length ] ) );
			};
			const p = openTestPage( 'p' + Math.random(), new MemoryStorage(), net, { lingerMs: 0 } );
			if ( hidden ) {
				p.delivery.hide();
			}
			for ( const size of sizes ) {
				p.delivery.add( event( { action_context: 'y'.repeat( size ) } ) );
				await clock.tickAsync( 1 );
			}
			await clock.tickAsync( 200000 );
			const ids = net.sent.flatMap( ( s ) => s.ids );
			return peak <= 65536 && ids.length === sizes.length && new Set( ids ).size === sizes.length && ( !hidden || net.sent.every( ( s ) => s.keepalive ) );
		} ), { numRuns: 40 } );
		assert.true( true );
	} );

	QUnit.test( 'Retry-After: 503 and 429 wait at least what the intake asks (seconds or HTTP date), within the maximum', async ( assert ) => {
		for ( const [ status, headerOf, expectMs ] of [
			[ 503, () => '120', 120000 ],
			[ 429, () => new Date( Date.now() + 90000 ).toUTCString(), 90000 ],
			[ 500, () => '30', 30000 ],
			[ 503, () => '100000', 600000 ],
		] as [ number, () => string, number ][] ) {
			const header = headerOf();
			net = createNet();
			const answers: ( { status: number; retryAfter?: string } )[] = [ { status, retryAfter: header } ];
			net.answer = () => answers.shift() || { status: 201 };
			const p = openTestPage( 'ra-' + status + header, new MemoryStorage(), net, { lingerMs: 0 } );
			p.delivery.add( event() );
			const start = Date.now();
			await clock.tickAsync( 0 );
			// HTTP dates have whole seconds: allow the fraction lost.
			await clock.tickAsync( expectMs - 1001 );
			assert.strictEqual( net.sent.length, 1, `${ status } Retry-After ${ header }: nothing before ${ expectMs } ms` );
			await clock.tickAsync( 2000 );
			assert.strictEqual( net.sent.length, 2, `${ status } Retry-After ${ header }: retried at ${ net.sent[ 1 ] && net.sent[ 1 ].at - start } ms` );
		}
	} );

	QUnit.test( 'Retry-After on a 4xx other than 429 is no reason to retry; a 500 without it backs off as usual', async ( assert ) => {
		net.answer = () => ( { status: 500 } );
		const p = open( 'page-1', { lingerMs: 0, retryBaseMs: 1000 } );
		p.delivery.add( event() );
		await clock.tickAsync( 760 );
		assert.strictEqual( net.sent.length, 2 );
		net.answer = () => ( { status: 404, retryAfter: '5' } );
		const q = open( 'page-2', { lingerMs: 0 } );
		q.delivery.add( event() );
		await clock.tickAsync( 60000 );
		assert.strictEqual( net.sent.filter( ( s ) => s.page === 'page-2' ).length, 1 );
	} );

	QUnit.test( 'while backing off, never more than one batch in flight', async ( assert ) => {
		let inflight = 0;
		let peak = 0;
		let fail = true;
		net.answer = () => {
			inflight++;
			peak = Math.max( peak, inflight );
			return new Promise( ( resolve ) => setTimeout( () => {
				inflight--;
				resolve( { status: fail ? 503 : 201, retryAfter: '2' } );
			}, 300 ) );
		};
		const p = open( 'page-1', { maxBatchEvents: 5, lingerMs: 0, maxAttempts: 1000 } );
		for ( let i = 0; i < 5; i++ ) {
			p.delivery.add( event() );
		}
		await clock.tickAsync( 400 );
		assert.strictEqual( peak, 1 );
		for ( let i = 0; i < 20; i++ ) {
			p.delivery.add( event() );
		}
		await clock.tickAsync( 20000 );
		assert.strictEqual( peak, 1, 'one at a time while the intake fails' );
		fail = false;
		await clock.tickAsync( 60000 );
		assert.strictEqual( p.delivery.pending(), 0 );
		peak = 0;
		for ( let i = 0; i < 25; i++ ) {
			p.delivery.add( event() );
		}
		await clock.tickAsync( 10 );
		assert.strictEqual( peak, 5, 'after a success, batches go together again' );
	} );

	QUnit.test( 'hide() and leave() never send retries or parked batches: they keep their time and wait in storage (pins issue 11’s mutation)', async ( assert ) => {
		net.answer = () => ( { status: 503, retryAfter: '60' } );
		const p = open( 'page-1', { lingerMs: 0 } );
		const retried = event();
		p.delivery.add( retried );
		await clock.tickAsync( 10 );
		assert.strictEqual( net.sent.length, 1 );
		p.delivery.hide();
		await clock.tickAsync( 10 );
		p.delivery.leave();
		await clock.tickAsync( 10 );
		assert.strictEqual( net.sent.length, 1, 'no second request for the batch the intake asked to wait' );
		assert.deepEqual( storedIds( storage ), [ retried.meta.id ], 'kept for a later page' );
		const kept = index( storage, 'page-1' ).b[ 0 ];
		assert.strictEqual( kept.state, 'failed', 'known failed: a later page must send it' );
		assert.true( kept.due >= Date.now() + 59000, 'with its earliest next attempt' );

		// The same without Retry-After: a 500, the next attempt 5–10 s away; and a parked batch.
		net.answer = () => ( { status: 500 } );
		const q = open( 'page-2', { lingerMs: 0, retryBaseMs: 10000, maxAttempts: 2 } );
		const parked = event();
		q.delivery.add( parked );
		await clock.tickAsync( 10010 );
		const retry = event();
		q.delivery.add( retry );
		await clock.tickAsync( 10 );
		const before = net.sent.length;
		assert.strictEqual( net.sent.filter( ( x ) => x.page === 'page-2' ).length, 3, 'the first tried twice (parked), the second once (its retry 7.5 s away)' );
		q.delivery.hide();
		await clock.tickAsync( 10 );
		q.delivery.leave();
		await clock.tickAsync( 10 );
		assert.strictEqual( net.sent.length, before, 'neither the retry nor the parked batch went at hide or pagehide' );
		assert.deepEqual( storedIds( storage ).filter( ( id ) => id !== retried.meta.id ).sort(), [ retry.meta.id, parked.meta.id ].sort(), 'both kept' );
		assert.true( index( storage, 'page-2' ).b.every( ( b ) => b.state === 'failed' ) );
	} );

	QUnit.test( 'a batching window longer than the save delay: what lingers when the save timer fires is written once sealed, within the save delay', async ( assert ) => {
		// Slow intake: every batch stays unanswered for a minute.
		net.answer = () => new Promise( ( resolve ) => setTimeout( () => resolve( { status: 201 } ), 60000 ) );
		const p = open( 'page-1', { lingerMs: 5000, persistMs: 2000 } );
		const first = event();
		p.delivery.add( first );
		await clock.tickAsync( 2100 );
		assert.deepEqual( storedIds( storage ), [], 'still lingering at the save timer: not written (it leaves soon, or at hide/leave)' );
		await clock.tickAsync( 2900 );
		assert.strictEqual( net.sent.length, 1, 'sealed and sent when the batching window ends' );
		await clock.tickAsync( 2000 );
		assert.deepEqual( storedIds( storage ), [ first.meta.id ], 'unanswered: written within the save delay after it was sealed' );
	} );

	QUnit.test( 'a batching window longer than the save delay, during a pause the intake asked for: events sealed while they may not be sent are written within the save delay', async ( assert ) => {
		net.answer = () => ( { status: 503, retryAfter: '60' } );
		const p = open( 'page-1', { lingerMs: 5000, persistMs: 2000 } );
		p.delivery.add( event() );
		await clock.tickAsync( 5000 );
		assert.strictEqual( net.sent.length, 1, 'the first batch went and was answered 503, Retry-After: 60' );
		const waiting = event();
		p.delivery.add( waiting );
		// The save timer set by the first batch fires at 7 s, while this event lingers; it is sealed at
		// 10 s and may not leave before 65 s.
		await clock.tickAsync( 7000 );
		assert.strictEqual( net.sent.length, 1, 'nothing sent during the pause' );
		assert.true( storedIds( storage ).includes( waiting.meta.id ), 'sealed at 10 s, written by 12 s: a page killed now loses nothing' );
		net.answer = () => ( { status: 201 } );
		await clock.tickAsync( 120000 );
		assert.true( net.sent.some( ( x ) => x.ids.includes( waiting.meta.id ) && x.at >= 65000 + 1_800_000_000_000 ), 'sent after the pause' );
		assert.strictEqual( p.delivery.pending(), 0 );
	} );

	QUnit.test( 'a kept batch keeps its earliest next attempt: a later page does not retry it early', async ( assert ) => {
		net.answer = () => ( { status: 503, retryAfter: '60' } );
		const a = open( 'page-a', { lingerMs: 0 } );
		a.delivery.add( event() );
		await clock.tickAsync( 10 );
		a.delivery.leave();
		a.kill();
		net.answer = () => ( { status: 201 } );
		await clock.tickAsync( 1000 );
		const b = open( 'page-b' );
		restoreOutbox( storage, [ 'mp-outbox:page-a' ], b.delivery, ( m ) => b.warnings.push( m ) );
		await clock.tickAsync( 50000 );
		assert.strictEqual( net.sent.length, 1, 'not before the time the intake asked for' );
		await clock.tickAsync( 10000 );
		assert.deepEqual( net.sent.map( ( s ) => s.page ), [ 'page-a', 'page-b' ] );
		assert.strictEqual( b.delivery.pending(), 0 );
	} );

	QUnit.test( 'two tabs: a live page’s outbox is never taken; once it has left, another page takes it over once', async ( assert ) => {
		net.answer = () => ( { status: 500 } );
		const a = open( 'page-a', { lingerMs: 0, retryBaseMs: 200, retryMaxMs: 200, maxAttempts: 1000 } );
		const ids = Array.from( { length: 10 }, () => event() );
		ids.forEach( ( e ) => a.delivery.add( e ) );
		await clock.tickAsync( 3000 );
		assert.strictEqual( storedIds( storage ).length, 10, 'A keeps its batch in storage while it retries' );
		const b = open( 'page-b' );
		restoreOutbox( storage, [ 'mp-outbox:page-a' ], b.delivery, () => undefined );
		await clock.tickAsync( 1000 );
		assert.strictEqual( b.delivery.pending(), 0, 'B takes nothing of a live page' );
		net.answer = () => ( { status: 201 } );
		await clock.tickAsync( 1000 );
		const copies = net.sent.filter( ( s ) => s.page === 'page-b' ).length;
		assert.strictEqual( copies, 0, 'and sends nothing of it' );
		assert.strictEqual( a.delivery.pending(), 0, 'A delivered its own' );
	} );

	QUnit.test( 'a page that stopped (crash) without pagehide: taken over once its lease lapses; if it comes back it lets go', async ( assert ) => {
		net.answer = () => ( { status: 500 } );
		const a = open( 'page-a', { lingerMs: 0, maxAttempts: 1 } );
		a.delivery.add( event() );
		await clock.tickAsync( 3000 );
		a.kill();
		net.answer = () => ( { status: 201 } );
		const b = open( 'page-b' );
		await clock.tickAsync( 60000 );
		b.delivery.takeOver( [ 'mp-outbox:page-a' ] );
		await clock.tickAsync( 1000 );
		assert.strictEqual( b.delivery.pending(), 0, 'not before the lease (180 s) lapsed' );
		await clock.tickAsync( 120000 );
		b.delivery.takeOver( [ 'mp-outbox:page-a' ] );
		await clock.tickAsync( 1000 );
		assert.deepEqual( net.sent.map( ( s ) => s.page ), [ 'page-a', 'page-b' ], 'taken over and sent' );
		assert.strictEqual( storage.getItem( 'mp-outbox:page-a' ), null );
	} );

	QUnit.test( 'a page whose lease may have lapsed (its timers ran minutes late) renews it before sending what it keeps: no other page takes the batch it is sending', async ( assert ) => {
		net.answer = () => ( { status: 503, retryAfter: '200' } );
		let late = 0;
		const a = openTestPage( 'page-a', storage, net, { lingerMs: 0 }, true, () => late );
		a.delivery.add( event() );
		await clock.tickAsync( 1 );
		// Frozen from now on: the save at 2 s is on time, the lease renewals come 5 minutes late.
		late = 300000;
		await clock.tickAsync( 2000 );
		assert.strictEqual( index( storage, 'page-a' ).t, Date.now() - 1, 'kept, with its lease' );
		net.answer = () => new Promise( () => undefined );
		await clock.tickAsync( 198000 );
		assert.strictEqual( net.sent.length, 2, 'the retry after the pause asked for, 198 s after the last renewal' );
		const b = open( 'page-b' );
		b.delivery.takeOver( [ 'mp-outbox:page-a' ] );
		await clock.tickAsync( 60000 );
		assert.deepEqual( net.sent.map( ( s ) => s.page ), [ 'page-a', 'page-a' ], 'page-b left it to its owner, which is sending it' );
		assert.strictEqual( index( storage, 'page-a' ).b[ 0 ].state, 'unanswered', 'written as in flight before it went' );
	} );

	QUnit.test( 'unanswered hand-offs: not re-sent while they may be in flight, then re-sent once; never with resendUnanswered false', async ( assert ) => {
		for ( const resend of [ true, false ] ) {
			storage = new CountingStorage();
			net = createNet();
			// The intake answers after 3 s; the page leaves 1.6 s after the calls.
			net.answer = () => new Promise( ( resolve ) => setTimeout( () => resolve( { status: 201 } ), 3000 ) );
			const options = { resendUnanswered: resend };
			const a = openTestPage( 'a' + resend, storage, net, options );
			for ( let i = 0; i < 10; i++ ) {
				a.delivery.add( event() );
			}
			await clock.tickAsync( 1600 );
			a.delivery.leave();
			a.kill();
			await clock.tickAsync( 400 );
			const b = openTestPage( 'b' + resend, storage, net, options );
			b.delivery.takeOver( [ 'mp-outbox:a' + resend ] );
			await clock.tickAsync( 5000 );
			assert.strictEqual( net.sent.length, 1, `${ resend }: nothing re-sent while the first request may be in flight` );
			await clock.tickAsync( 10000 );
			assert.strictEqual( net.sent.length, resend ? 2 : 1, `${ resend }: ${ resend ? 're-sent once after the answer window' : 'never re-sent' }` );
			b.delivery.leave();
			b.kill();
			const c = openTestPage( 'c' + resend, storage, net, options );
			c.delivery.takeOver( [ 'mp-outbox:b' + resend ] );
			await clock.tickAsync( 60000 );
			assert.strictEqual( net.sent.length, resend ? 2 : 1, `${ resend }: at most once, whatever later pages do` );
		}
	} );

	QUnit.test( 'a keepalive request that fails as the page navigates away stays unanswered (Chromium rejects it just before pagehide, and still sends it)', async ( assert ) => {
		let reject: () => void = () => undefined;
		net.answer = () => new Promise( ( resolve ) => {
			reject = () => resolve( { status: 0 } );
		} );
		const a = open( 'page-a' );
		a.delivery.add( event() );
		await clock.tickAsync( 1000 );
		reject();
		await clock.tickAsync( 9 );
		a.delivery.leave();
		a.kill();
		assert.deepEqual( index( storage, 'page-a' ).b.map( ( b ) => b.state ), [ 'unanswered' ], 'not "failed": it may have reached the intake' );
		net.answer = () => ( { status: 201 } );
		const b = open( 'page-b' );
		b.delivery.takeOver( [ 'mp-outbox:page-a' ] );
		await clock.tickAsync( 5000 );
		assert.strictEqual( net.sent.length, 1, 'not re-sent while it may be in flight' );
	} );

	QUnit.test( 'a keepalive network error seen well before pagehide is a failure, even when the timer that checks it runs late (hidden tab, busy CPU)', async ( assert ) => {
		net.answer = () => ( { status: 0 } );
		const a = openTestPage( 'page-a', storage, net, {}, true, () => 5000 );
		a.delivery.hide();
		a.delivery.add( event() );
		await clock.tickAsync( 6000 );
		assert.strictEqual( net.sent.length, 1, 'sent by keepalive, refused by the network' );
		await clock.tickAsync( 1000 );
		a.delivery.leave();
		a.kill();
		assert.deepEqual( index( storage, 'page-a' ).b.map( ( b ) => [ b.state, b.attempts ] ), [ [ 'failed', 1 ] ], 'not "unanswered": the error came 1 s before the page left' );
	} );

	QUnit.test( 'a failed beacon is not the end: intake 500, leave at once; the next page re-sends once when the intake is back', async ( assert ) => {
		net.answer = () => ( { status: 500 } );
		const a = open( 'page-a' );
		const events = Array.from( { length: 10 }, () => event() );
		events.forEach( ( e ) => a.delivery.add( e ) );
		a.delivery.leave();
		a.kill();
		assert.strictEqual( net.sent.length, 1, 'the beacon' );
		net.answer = () => ( { status: 201 } );
		const b = open( 'page-b' );
		await clock.tickAsync( 1000 );
		restoreOutbox( storage, [ 'mp-outbox:page-a' ], b.delivery, () => undefined );
		await clock.tickAsync( 20000 );
		assert.deepEqual( net.sent.map( ( s ) => [ s.page, s.ids.length ] ), [ [ 'page-a', 10 ], [ 'page-b', 10 ] ] );
		assert.strictEqual( b.delivery.pending(), 0 );
		assert.deepEqual( Array.from( storage.data.keys() ), [] );
	} );

	QUnit.test( 'an earlier version’s outbox (a plain array) is taken over as never handed off', async ( assert ) => {
		const old = event();
		storage.setItem( 'mp-outbox:page-0', JSON.stringify( [ old ] ) );
		storage.setItem( 'mp-outbox:broken', '{not json' );
		const p = open();
		restoreOutbox( storage, [ 'mp-outbox:page-0', 'mp-outbox:broken', 'mp-outbox:page-1' ], p.delivery, () => undefined );
		await clock.tickAsync( 0 );
		assert.deepEqual( net.sent.map( ( s ) => s.ids ), [ [ old.meta.id ] ] );
		assert.true( p.warnings.some( ( w ) => w.includes( 'mp-outbox:broken' ) ) );
		assert.deepEqual( Array.from( storage.data.keys() ), [] );
	} );

	QUnit.test( 'storage full: one warning, delivery goes on in memory', async ( assert ) => {
		storage.full = true;
		net.answer = () => ( { status: 500 } );
		const p = open( 'page-1', { lingerMs: 10, retryBaseMs: 100, retryMaxMs: 200, maxAttempts: 1000 } );
		for ( let i = 0; i < 3; i++ ) {
			p.delivery.add( event() );
			await clock.tickAsync( 3000 );
		}
		net.answer = () => ( { status: 201 } );
		await clock.tickAsync( 3000 );
		assert.strictEqual( p.delivery.pending(), 0 );
		assert.strictEqual( p.warnings.filter( ( w ) => w.includes( 'storage' ) ).length, 1 );
	} );

	QUnit.test( 'storage limits: the oldest go, with one warning that counts them', async ( assert ) => {
		net.answer = () => ( { status: 0 } );
		const p = open( 'page-1', { maxStoredEvents: 3, maxAttempts: 1, lingerMs: 0 } );
		const events = Array.from( { length: 5 }, () => event() );
		for ( const e of events ) {
			p.delivery.add( e );
			await clock.tickAsync( 1 );
		}
		await clock.tickAsync( 3000 );
		assert.deepEqual( storedIds( storage ).sort(), events.slice( 2 ).map( ( e ) => e.meta.id ).sort(), 'the newest three' );
		assert.true( p.warnings.some( ( w ) => w.includes( 'the 2 oldest' ) ) );
	} );

	QUnit.test( 'a post port that answers at once (the Node client\'s transport): every event sent exactly once, whatever the batching (property)', async ( assert ) => {
		// Before: an answer given at once ran the next pump inside the current one, which then sent again
		// the batches the inner pump had already sent and forgotten (150 calls → 200 events sent).
		await fc.assert( fc.asyncProperty(
			fc.integer( { min: 1, max: 2500 } ), fc.integer( { min: 1, max: 150 } ), fc.constantFrom( 'flush', 'timer', 'leave' ), fc.boolean(),
			async ( count, maxBatchEvents, how, withStorage ) => {
				const sent: string[] = [];
				const d = createDelivery( { lingerMs: 1000, maxBatchEvents, maxBatchBytes: Infinity }, {
					post: ( items ) => {
						sent.push( ...items.map( ( i ) => ( i.event as { meta: { id: string } } ).meta.id ) );
						return { status: 201 };
					},
					storage: withStorage ? new MemoryStorage() : undefined,
					instanceId: 'x',
					setTimer: ( fn, ms ) => setTimeout( fn, ms ),
					clearTimer: ( h ) => clearTimeout( h as ReturnType<typeof setTimeout> ),
					now: () => Date.now(),
					random: () => 0,
					warn: () => undefined,
				} );
				const ids: string[] = [];
				for ( let i = 0; i < count; i++ ) {
					const e = event();
					ids.push( e.meta.id );
					d.add( e );
				}
				if ( how === 'flush' ) {
					d.flush();
				} else if ( how === 'leave' ) {
					d.leave();
				}
				await clock.tickAsync( 2000 );
				return sent.length === ids.length && new Set( sent ).size === ids.length && d.pending() === 0;
			} ), { numRuns: 60 } );
		assert.true( true );
	} );

	QUnit.test( 'a post port that throws is a network error, not an exception', async ( assert ) => {
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
		assert.strictEqual( d.pending(), 1 );
		assert.true( warnings[ 0 ].includes( 'unreachable' ) );
	} );

	QUnit.test( 'chunkItems keeps every item once, in order, within the limits (property)', ( assert ) => {
		fc.assert( fc.property( fc.array( fc.string( { unit: 'binary', maxLength: 300 } ), { maxLength: 60 } ), fc.integer( { min: 1, max: 20 } ), fc.integer( { min: 50, max: 2000 } ), ( texts, maxEvents, maxBytes ) => {
			const items: OutboxItem[] = texts.map( ( t ) => ( { event: null, json: JSON.stringify( t ) } ) );
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
		assert.strictEqual( utf8Length( 'plain ASCII' ), 11 );
	} );
} );
