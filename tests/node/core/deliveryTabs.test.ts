/**
 * Property test of delivery across tabs: random sequences of tabs opening, calling, hiding, coming
 * back, leaving and crashing, on one storage and one clock, against an intake that answers late,
 * fails, asks for a pause or is unreachable. Hidden tabs' timers run late (up to a minute, as
 * Chromium's intensive throttling allows). Whatever happens:
 *  - no event is ever sent by two pages while both live (a page's outbox changes hands only once
 *    that page has left or stopped);
 *  - the intake accepts at most two copies of an event (a hand-off without answer is re-sent at most
 *    once);
 *  - nothing is lost unless two hand-offs of it went unanswered (the original and its one re-send),
 *    or its page crashed before the bounded timer wrote it (no storage write on the call path); an
 *    answer the page could not keep (see `unlearn`) leaves its hand-off unanswered.
 * Everything runs on the fake clock: the outcome of a history never depends on the machine's speed.
 */
import fc from 'fast-check';
import { fakeTimers } from '../fakeTimers';
import { createDelivery, Delivery, SendResult } from '../../../modules/src/core/delivery';
import { OUTBOX_PREFIX } from '../../../modules/src/core/outboxStore';
import type { MetricsEvent } from '../../../modules/src/core/types';
import { MemoryStorage } from '../memoryStorage';
import { event } from './deliveryRig';

type Mode = 'ok' | 'fail' | 'busy' | 'down';

type Step =
	| { kind: 'open' }
	| { kind: 'add'; tab: number; count: number }
	| { kind: 'hide'; tab: number }
	| { kind: 'show'; tab: number }
	| { kind: 'leave'; tab: number }
	| { kind: 'crash'; tab: number }
	| { kind: 'intake'; mode: Mode; latency: number }
	| { kind: 'wait'; ms: number };

interface Tab {
	id: string;
	delivery: Delivery;
	live: boolean;
	hidden: boolean;
	/** How late this tab's timers run while hidden (ms). */
	lateness: number;
	/** Events added, with when. */
	added: { id: string; at: number }[];
}

interface Send {
	tab: string;
	at: number;
	keepalive: boolean;
	/** The page saw the answer, and could keep what it learnt (see `unlearn` in play). */
	answered: boolean;
	/** When the page saw the answer, and what it was. */
	answeredAt?: number;
	answer?: Mode;
}

/** Delivery's defaults that the oracle needs: the bounded write delay, and how long a keepalive network error waits to see whether its page is leaving (ms). */
const PERSIST_MS = 2000;
const DETACH_CHECK_MS = 250;

const stepArb: fc.Arbitrary<Step> = fc.oneof(
	{ weight: 2, arbitrary: fc.constant( { kind: 'open' } as Step ) },
	{ weight: 5, arbitrary: fc.record( { kind: fc.constant( 'add' as const ), tab: fc.nat( 9 ), count: fc.integer( { min: 1, max: 30 } ) } ) },
	{ weight: 1, arbitrary: fc.record( { kind: fc.constant( 'hide' as const ), tab: fc.nat( 9 ) } ) },
	{ weight: 1, arbitrary: fc.record( { kind: fc.constant( 'show' as const ), tab: fc.nat( 9 ) } ) },
	{ weight: 1, arbitrary: fc.record( { kind: fc.constant( 'leave' as const ), tab: fc.nat( 9 ) } ) },
	{ weight: 1, arbitrary: fc.record( { kind: fc.constant( 'crash' as const ), tab: fc.nat( 9 ) } ) },
	{ weight: 2, arbitrary: fc.record( { kind: fc.constant( 'intake' as const ), mode: fc.constantFrom<Mode>( 'ok', 'fail', 'busy', 'down' ), latency: fc.integer( { min: 0, max: 20000 } ) } ) },
	{ weight: 4, arbitrary: fc.record( { kind: fc.constant( 'wait' as const ), ms: fc.integer( { min: 0, max: 120000 } ) } ) },
);

/**
 * Plays one history and throws what went wrong: a page sending an event another live page sent,
 * an event accepted more than twice, or an event lost without two unanswered hand-offs.
 *
 * @param steps what tabs, the intake and the clock do, in order
 * @param throttle how late a hidden tab's timers run (ms)
 */
async function play( steps: Step[], throttle: number ): Promise<void> {
	const clock = fakeTimers( { now: 1_800_000_000_000 } );
	try {
		const storage = new MemoryStorage();
		const tabs: Tab[] = [];
		const sends = new Map<string, Send[]>();
		const accepted = new Map<string, number>();
		const all: string[] = [];
		let mode: Mode = 'ok';
		let latency = 100;
		let violation = '';
		/** Events a crash may lose: added less than the persist delay (2 s, late when hidden) before it. */
		const unwritten = new Set<string>();

		const deliver = ( tab: Tab, ids: string[], keepalive: boolean, beacon: boolean ): Promise<SendResult> => {
			const t = Date.now();
			for ( const id of ids ) {
				const list = sends.get( id ) || [];
				for ( const other of list ) {
					const owner = tabs.find( ( x ) => x.id === other.tab ) as Tab;
					if ( owner !== tab && owner.live ) {
						violation = violation || `${ id } sent by ${ tab.id } at ${ t } while ${ owner.id } (sent at ${ other.at }) lives`;
					}
				}
				list.push( { tab: tab.id, at: t, keepalive, answered: false } );
				sends.set( id, list );
			}
			const records = ids.map( ( id ) => ( sends.get( id ) as Send[] ).slice( -1 )[ 0 ] );
			const answerMode = mode;
			return new Promise( ( resolve ) => setTimeout( () => {
				if ( answerMode === 'ok' ) {
					ids.forEach( ( id ) => accepted.set( id, ( accepted.get( id ) || 0 ) + 1 ) );
				}
				// Seen only by a page that still runs; a beacon's answer never is.
				if ( tab.live && !beacon ) {
					records.forEach( ( r ) => {
						r.answered = true;
						r.answeredAt = Date.now();
						r.answer = answerMode;
					} );
					resolve( answerMode === 'ok' ? { status: 201 } : answerMode === 'fail' ? { status: 500 } : answerMode === 'busy' ? { status: 503, retryAfter: '30' } : { status: 0 } );
				}
			}, latency ) );
		};

		/**
		 * What a page saw but could not keep counts, for later pages, as a hand-off without answer:
		 * a failure seen within the bounded write delay before it crashed (a keepalive network error
		 * is only taken as a failure after the detach check; timers late by the throttling), and a
		 * keepalive network error seen within the detach check before it left (in a browser, the
		 * navigation's own rejection of a request that still goes out).
		 *
		 * @param tab the page
		 * @param crashed crashed (else left)
		 */
		const unlearn = ( tab: Tab, crashed: boolean ): void => {
			const t = Date.now();
			const ambiguous = ( s: Send ): boolean => s.keepalive && s.answer === 'down';
			sends.forEach( ( list ) => list.forEach( ( s ) => {
				if ( s.tab !== tab.id || !s.answered || s.answer === 'ok' ) {
					return;
				}
				const since = t - ( s.answeredAt as number );
				if ( crashed ? since < PERSIST_MS + tab.lateness + ( ambiguous( s ) ? DETACH_CHECK_MS + tab.lateness : 0 ) : ambiguous( s ) && since < DETACH_CHECK_MS ) {
					s.answered = false;
				}
			} ) );
		};

		const open = (): Tab => {
			const tab = { id: 'tab' + tabs.length, live: true, hidden: false, lateness: 0, added: [] } as unknown as Tab;
			tab.delivery = createDelivery( {}, {
				post: ( items, keepalive ) => deliver( tab, items.map( ( i ) => ( i.event as MetricsEvent ).meta.id ), keepalive, false ),
				beacon: ( items ) => {
					deliver( tab, items.map( ( i ) => ( i.event as MetricsEvent ).meta.id ), true, true );
					return true;
				},
				storage,
				instanceId: tab.id,
				setTimer: ( fn, ms ) => setTimeout( () => tab.live && fn(), ms + ( tab.hidden ? tab.lateness : 0 ) ),
				clearTimer: ( h ) => clearTimeout( h as ReturnType<typeof setTimeout> ),
				now: () => Date.now(),
				random: () => 0.5,
				warn: () => undefined,
			} );
			tabs.push( tab );
			// What the every-page module does once a page is idle: take over what others left.
			setTimeout( () => tab.live && tab.delivery.takeOver( storage.keys( OUTBOX_PREFIX ) ), 1000 );
			return tab;
		};

		open();
		for ( const step of steps ) {
			const tab = 'tab' in step ? tabs[ step.tab % tabs.length ] : undefined;
			switch ( step.kind ) {
				case 'open':
					open();
					break;
				case 'add':
					if ( tab && tab.live ) {
						for ( let i = 0; i < step.count; i++ ) {
							const e = event();
							all.push( e.meta.id );
							tab.added.push( { id: e.meta.id, at: Date.now() } );
							tab.delivery.add( e );
						}
					}
					break;
				case 'hide':
					if ( tab && tab.live && !tab.hidden ) {
						tab.hidden = true;
						tab.lateness = throttle;
						tab.delivery.hide();
					}
					break;
				case 'show':
					if ( tab && tab.live && tab.hidden ) {
						tab.hidden = false;
						tab.delivery.show();
					}
					break;
				case 'leave':
					if ( tab && tab.live ) {
						tab.delivery.leave();
						tab.live = false;
						unlearn( tab, false );
					}
					break;
				case 'crash':
					if ( tab && tab.live ) {
						tab.live = false;
						// Timers set while hidden stay late after a show: the lateness of its last hiding counts.
						tab.added.filter( ( a ) => a.at > Date.now() - PERSIST_MS - tab.lateness ).forEach( ( a ) => unwritten.add( a.id ) );
						unlearn( tab, true );
					}
					break;
				case 'intake':
					mode = step.mode;
					latency = step.latency;
					break;
				case 'wait':
					await clock.tickAsync( step.ms );
					break;
			}
		}
		// Every page goes; the intake recovers; after the leases of crashed pages lapse, the reader comes back.
		for ( const tab of tabs.filter( ( t ) => t.live ) ) {
			tab.delivery.leave();
			tab.live = false;
			unlearn( tab, false );
		}
		mode = 'ok';
		latency = 100;
		await clock.tickAsync( 200000 );
		open();
		await clock.tickAsync( 3600000 );

		const unanswered = ( id: string ): number => ( sends.get( id ) || [] ).filter( ( s ) => !s.answered ).length;
		const tooMany = all.filter( ( id ) => ( accepted.get( id ) || 0 ) > 2 );
		const lost = all.filter( ( id ) => !accepted.get( id ) && unanswered( id ) < 2 && !unwritten.has( id ) );
		if ( violation || tooMany.length || lost.length ) {
			throw new Error( `${ violation } | more than two accepted copies: ${ tooMany.join( ' ' ) } | lost: ${ lost.join( ' ' ) } (sends ${ JSON.stringify( lost.slice( 0, 2 ).map( ( id ) => sends.get( id ) ) ) })` );
		}
	} finally {
		clock.restore();
	}
}

QUnit.module( 'core/delivery across tabs', () => {
	QUnit.test( 'no event is sent by two live pages; at most two accepted copies; nothing lost but by two unanswered hand-offs (property)', async ( assert ) => {
		let runs = 0;
		await fc.assert( fc.asyncProperty( fc.array( stepArb, { minLength: 5, maxLength: 40 } ), fc.integer( { min: 0, max: 60000 } ), async ( steps, throttle ) => {
			runs++;
			await play( steps, throttle );
		} ), { numRuns: 150 } );
		assert.true( runs >= 150, `${ runs } random histories` );
	} );

	// Found by the property above (fast-check seed 1163410855).
	QUnit.test( 'an unreachable intake, a throttled hidden tab, two new tabs and a crash: nothing lost', async ( assert ) => {
		await play( [
			{ kind: 'intake', mode: 'down', latency: 0 },
			{ kind: 'add', tab: 0, count: 1 },
			{ kind: 'hide', tab: 0 },
			{ kind: 'wait', ms: 29000 },
			{ kind: 'add', tab: 0, count: 1 },
			{ kind: 'wait', ms: 31000 },
			{ kind: 'open' },
			{ kind: 'add', tab: 0, count: 1 },
			{ kind: 'open' },
			{ kind: 'crash', tab: 0 },
		], 29000 );
		assert.true( true, 'no event sent twice by live pages, accepted more than twice, or lost' );
	} );

	// Found by the property above (fast-check seed 2114033971; a product fault): the network error of a
	// hidden tab's keepalive request was checked by a timer that ran 8 s late, the tab left meanwhile,
	// and the request was kept as a hand-off that may have arrived; the next page's re-send went
	// unanswered too, and the event was dropped as sent twice without answer.
	QUnit.test( 'a keepalive network error seen long before pagehide, its check timer late in a hidden tab: retried as a failure, not lost', async ( assert ) => {
		await play( [
			{ kind: 'hide', tab: 0 },
			{ kind: 'add', tab: 0, count: 1 },
			{ kind: 'intake', mode: 'down', latency: 0 },
			{ kind: 'wait', ms: 17367 },
			{ kind: 'leave', tab: 0 },
			{ kind: 'open' },
			{ kind: 'wait', ms: 1692 },
			{ kind: 'open' },
		], 8059 );
		assert.true( true, 'no event sent twice by live pages, accepted more than twice, or lost' );
	} );

	// Found by the property above (a product fault): the one re-send of a beacon's batch was marked
	// "re-sent" in memory only, to be written by the bounded timer; the page crashed first, and the
	// next page re-sent it once more: a third copy.
	QUnit.test( 'the one re-send of a hand-off, its page crashing before the answer: no third copy', async ( assert ) => {
		await play( [
			{ kind: 'add', tab: 0, count: 1 },
			{ kind: 'leave', tab: 0 },
			{ kind: 'open' },
			{ kind: 'wait', ms: 10000 },
			{ kind: 'crash', tab: 1 },
		], 0 );
		assert.true( true, 'no event sent twice by live pages, accepted more than twice, or lost' );
	} );

	// Found by the property above (a product fault): the save timer set by an earlier change fired while
	// an event lingered; the event was written only a save delay after its batch was sealed, 3.5 s
	// after the call, and a crash in between lost it.
	QUnit.test( 'an event lingering when an earlier change\'s save timer fires: written within the save delay of its call', async ( assert ) => {
		await play( [
			{ kind: 'intake', mode: 'busy', latency: 0 },
			{ kind: 'add', tab: 0, count: 1 },
			{ kind: 'wait', ms: 10000 },
			{ kind: 'add', tab: 0, count: 1 },
			{ kind: 'wait', ms: 1500 },
			{ kind: 'add', tab: 0, count: 1 },
			{ kind: 'wait', ms: 2500 },
			{ kind: 'crash', tab: 0 },
		], 0 );
		assert.true( true, 'no event sent twice by live pages, accepted more than twice, or lost' );
	} );

	// Found by the property above (fast-check seed 1606727122; the oracle was wrong): the intake's 500
	// reached the page in the same millisecond as its crash, before the bounded timer could write it;
	// for later pages that request is a hand-off without answer (the event had had two).
	QUnit.test( 'a failure seen just before a crash, not yet written: counts as unanswered for later pages', async ( assert ) => {
		await play( [
			{ kind: 'open' },
			{ kind: 'intake', mode: 'down', latency: 0 },
			{ kind: 'add', tab: 1, count: 1 },
			{ kind: 'leave', tab: 1 },
			{ kind: 'intake', mode: 'fail', latency: 625 },
			{ kind: 'wait', ms: 12000 },
			{ kind: 'crash', tab: 0 },
		], 0 );
		assert.true( true, 'no event sent twice by live pages, accepted more than twice, or lost' );
	} );

	// Found by the property above (the oracle was wrong): a keepalive request's network error in the
	// millisecond the page leaves is, for delivery, the navigation's own rejection of a request that
	// still goes out (Chromium), so a hand-off without answer.
	QUnit.test( 'a keepalive network error as the page leaves: counts as unanswered', async ( assert ) => {
		await play( [
			{ kind: 'intake', mode: 'down', latency: 0 },
			{ kind: 'hide', tab: 0 },
			{ kind: 'add', tab: 0, count: 1 },
			{ kind: 'wait', ms: 2749 },
			{ kind: 'crash', tab: 0 },
			{ kind: 'wait', ms: 179000 },
			{ kind: 'open' },
			{ kind: 'wait', ms: 13355 },
		], 749 );
		assert.true( true, 'no event sent twice by live pages, accepted more than twice, or lost' );
	} );
} );
