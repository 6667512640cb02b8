/**
 * Pages of delivery on sinon's fake clock, sharing one storage, with a scripted intake: what each
 * page posted and beaconed, with the keepalive flag, and a switch that makes a page stop running
 * (crash, killed tab) without any lifecycle event.
 */
import { createDelivery, Delivery, DeliveryOptions, OutboxItem, SendResult } from '../../../modules/src/core/delivery';
import { BATCH_PREFIX } from '../../../modules/src/core/outboxStore';
import { warnOnce } from '../../../modules/src/core/warnOnce';
import type { MetricsEvent } from '../../../modules/src/core/types';
import { MemoryStorage } from '../memoryStorage';

let counter = 0;
/**
 * A small valid-looking event with a unique meta.id.
 *
 * @param extra fields to add
 */
export function event( extra: Record<string, unknown> = {} ): MetricsEvent {
	counter++;
	return Object.assign( { $schema: '/s/1.0.0', action: 'a', dt: '2026-11-23T00:00:00.000Z', meta: { stream: 's', id: `id-${ counter }` } }, extra ) as MetricsEvent;
}

/** One request a page made. */
export interface Sent {
	page: string;
	ids: string[];
	keepalive: boolean;
	beacon: boolean;
	bytes: number;
	at: number;
}

/** The intake: answers each request (at once or later), and records them all. */
export interface Net {
	sent: Sent[];
	/** How to answer the next request; default 201 at once. A promise answers when it resolves. */
	answer: ( sent: Sent ) => SendResult | Promise<SendResult>;
}

export interface TestPage {
	id: string;
	delivery: Delivery;
	warnings: string[];
	/** The page stops running: its timers and answers are ignored from now on. */
	kill(): void;
	alive(): boolean;
}

/**
 * Creates a net whose default answer is 201.
 */
export function createNet(): Net {
	return { sent: [], answer: () => ( { status: 201 } ) };
}

/**
 * A page's delivery on the shared storage and net.
 *
 * @param id the page's instance id
 * @param storage shared by the pages of one browser
 * @param net the intake
 * @param options delivery options
 * @param withBeacon whether navigator.sendBeacon exists
 * @param timersLate how late the page's timers run, asked as each is set (ms; a hidden tab's throttling, a frozen tab, a busy CPU)
 */
export function openTestPage( id: string, storage: MemoryStorage | undefined, net: Net, options: DeliveryOptions = {}, withBeacon = true, timersLate = (): number => 0 ): TestPage {
	let running = true;
	const warnings: string[] = [];
	const record = ( items: readonly OutboxItem[], keepalive: boolean, beacon: boolean ): Sent => {
		const sent = { page: id, ids: items.map( ( i ) => ( i.event as MetricsEvent ).meta.id ), keepalive, beacon, bytes: Buffer.byteLength( '[' + items.map( ( i ) => JSON.stringify( i.event ) ).join( ',' ) + ']' ), at: Date.now() };
		net.sent.push( sent );
		return sent;
	};
	const delivery = createDelivery( options, {
		post: ( items, keepalive ) => {
			const answer = net.answer( record( items, keepalive, false ) );
			// A dead page never sees the answer.
			return Promise.resolve( answer ).then( ( a ) => running ? a : new Promise<SendResult>( () => undefined ) );
		},
		beacon: withBeacon ? ( items ) => {
			const sent = record( items, true, true );
			Promise.resolve( net.answer( sent ) ).catch( () => undefined );
			return true;
		} : undefined,
		storage,
		instanceId: id,
		setTimer: ( fn, ms ) => setTimeout( () => running && fn(), ms + timersLate() ),
		clearTimer: ( h ) => clearTimeout( h as ReturnType<typeof setTimeout> ),
		now: () => Date.now(),
		random: () => 0.5,
		warn: warnOnce( ( m ) => warnings.push( m ) ),
	} );
	return {
		id, delivery, warnings,
		kill: () => {
			running = false;
		},
		alive: () => running,
	};
}

/**
 * The meta.ids of every event kept in storage (in batch bodies and legacy outboxes).
 *
 * @param storage
 */
export function storedIds( storage: MemoryStorage ): string[] {
	const ids: string[] = [];
	storage.data.forEach( ( value, key ) => {
		if ( key.indexOf( BATCH_PREFIX ) === 0 ) {
			ids.push( ...( JSON.parse( value ) as MetricsEvent[] ).map( ( e ) => e.meta.id ) );
		}
	} );
	return ids;
}
