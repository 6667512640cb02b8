import { classifyResponse, retryDelay } from './intakeResponse';
import type { MetricsEvent } from './types';

/** How delivery batches, retries and keeps events. */
export interface DeliveryOptions {
	/** Send as soon as this many events wait. Default 100. */
	maxBatchEvents?: number;
	/** Largest request body in bytes; stays below the 64 KiB limit of sendBeacon and keepalive. Default 60000. */
	maxBatchBytes?: number;
	/** How long the first waiting event waits for others, in ms. Default 1000. */
	lingerMs?: number;
	/** Attempts per page before events are left in storage for the next page load. Default 5. */
	maxAttempts?: number;
	/** First retry delay in ms (doubling, with jitter). Default 1000. */
	retryBaseMs?: number;
	/** Largest retry delay in ms. Default 30000. */
	retryMaxMs?: number;
	/** Events kept in storage at most; the oldest go first. Default 500. */
	maxStoredEvents?: number;
	/** Characters kept in storage at most. Default 500000. */
	maxStoredChars?: number;
}

/** Storage keys of unsent events: this prefix and the page's instance id. */
export const OUTBOX_PREFIX = 'mp-outbox:';

/** An event on its way: the event, its JSON (made when first needed) and its attempts. */
export interface OutboxItem {
	readonly event: MetricsEvent | null;
	json: string | null;
	attempts: number;
	/** Not before this time (ms); never (Infinity) once parked for a later page. */
	due: number;
}

/** The answer to one request: `status` 0 for a network error or a timeout. */
export interface SendResult {
	status: number;
	body?: string;
}

/**
 * Key/value storage that survives a page load: the Web Storage methods, so that localStorage (or
 * mw.storage.store) serves as it is. May throw when full or blocked.
 */
export interface OutboxStorage {
	getItem( key: string ): string | null;
	setItem( key: string, value: string ): void;
	removeItem( key: string ): void;
}

/** What delivery needs from the environment. */
export interface DeliveryPorts {
	/**
	 * Sends one batch and gives the intake's answer, at once or as a promise (never rejected: network
	 * errors are status 0). An answer given at once is settled at once, so nothing is kept meanwhile.
	 */
	post( items: readonly OutboxItem[], keepalive: boolean ): SendResult | Promise<SendResult>;
	/** Hands a batch to the browser for sending after the page is gone; false when refused. */
	beacon?( items: readonly OutboxItem[] ): boolean;
	/** Where unsent events wait for the next page load. */
	storage?: OutboxStorage;
	/** Tells this page's storage key apart from other pages' (e.g. the pageview token). */
	instanceId: string;
	setTimer( fn: () => void, ms: number ): unknown;
	clearTimer( handle: unknown ): void;
	now(): number;
	random(): number;
	/** Receives problem reports; a repeated report is expected to be shown once (see warnOnce). */
	warn( message: string ): void;
}

/** Delivery for one page: batching, sending, retrying, and keeping what is not yet handed off. */
export interface Delivery {
	/** Queues a finished event. */
	add( event: MetricsEvent ): void;
	/** Sends every waiting event now (fetch). */
	flush(): void;
	/** The page is hidden or going away: hand everything to the beacon, keep the rest in storage. */
	hide(): void;
	/** Events not yet acknowledged by the intake (waiting, sending or waiting to retry). */
	pending(): number;
}

/**
 * The body of a batch: a JSON array, built from each event's JSON.
 *
 * @param items events to send
 */
export function batchBody( items: readonly OutboxItem[] ): string {
	return '[' + items.map( jsonOf ).join( ',' ) + ']';
}

function jsonOf( item: OutboxItem ): string {
	if ( item.json === null ) {
		item.json = JSON.stringify( item.event );
	}
	return item.json;
}

/**
 * Splits items into batches of at most `maxEvents` events and `maxBytes` bytes of body (an event
 * larger than `maxBytes` travels alone).
 *
 * @param items in order
 * @param maxEvents events per batch
 * @param maxBytes body bytes per batch (UTF-8, measured as UTF-16 length × 3 at worst only when needed)
 */
export function chunkItems( items: readonly OutboxItem[], maxEvents: number, maxBytes: number ): OutboxItem[][] {
	const chunks: OutboxItem[][] = [];
	let current: OutboxItem[] = [];
	let bytes = 2;
	for ( const item of items ) {
		// An unlimited size (a custom transport) needs no JSON, so none is made.
		const size = maxBytes === Infinity ? 0 : utf8Length( jsonOf( item ) ) + 1;
		if ( current.length && ( current.length >= maxEvents || bytes + size > maxBytes ) ) {
			chunks.push( current );
			current = [];
			bytes = 2;
		}
		current.push( item );
		bytes += size;
	}
	if ( current.length ) {
		chunks.push( current );
	}
	return chunks;
}

/**
 * Bytes of a string in UTF-8.
 *
 * @param text any string
 */
export function utf8Length( text: string ): number {
	let bytes = text.length;
	for ( let i = 0; i < text.length; i++ ) {
		const c = text.charCodeAt( i );
		if ( c > 0x7f ) {
			// Two bytes up to U+07FF, three above; a surrogate pair (4 bytes) counts 3 + 3 here, a safe overestimate.
			bytes += c > 0x7ff ? 2 : 1;
		}
	}
	return bytes;
}

/**
 * Creates the delivery of one page.
 *
 * @param options limits and timings
 * @param ports the environment
 */
export function createDelivery( options: DeliveryOptions, ports: DeliveryPorts ): Delivery {
	const maxEvents = options.maxBatchEvents || 100;
	const maxBytes = options.maxBatchBytes === undefined ? 60000 : options.maxBatchBytes;
	const linger = options.lingerMs === undefined ? 1000 : Math.max( 0, options.lingerMs );
	const maxAttempts = options.maxAttempts || 5;
	const retryBase = options.retryBaseMs || 1000;
	const retryMax = options.retryMaxMs || 30000;
	const maxStoredEvents = options.maxStoredEvents || 500;
	const maxStoredChars = options.maxStoredChars || 500000;
	const ownKey = OUTBOX_PREFIX + ports.instanceId;

	/** Events not in flight: new ones, ones waiting to retry, and parked ones (due never). */
	let waiting: OutboxItem[] = [];
	/** How many of `waiting` have never been sent. */
	let fresh = 0;
	/** Batches sent and not yet answered. */
	const inflight = new Set<OutboxItem[]>();
	let timer: unknown = null;
	let timerDue = Infinity;
	let persistTimer: unknown = null;
	function unacknowledged(): OutboxItem[] {
		const all: OutboxItem[] = [];
		inflight.forEach( ( batch ) => {
			all.push( ...batch );
		} );
		return all.concat( waiting );
	}

	/** Writes what is not yet acknowledged to storage, keeping the newest when over the limits. */
	function persist(): void {
		if ( persistTimer !== null ) {
			ports.clearTimer( persistTimer );
			persistTimer = null;
		}
		const storage = ports.storage;
		if ( !storage ) {
			return;
		}
		try {
			const items = unacknowledged();
			if ( !items.length ) {
				storage.removeItem( ownKey );
				return;
			}
			let chars = 2;
			let start = items.length;
			while ( start > 0 && items.length - start < maxStoredEvents ) {
				const size = jsonOf( items[ start - 1 ] ).length + 1;
				if ( chars + size > maxStoredChars ) {
					break;
				}
				chars += size;
				start--;
			}
			if ( start > 0 ) {
				ports.warn( `Event storage limit reached: the ${ start } oldest unsent event(s) are not kept.` );
			}
			storage.setItem( ownKey, batchBody( items.slice( start ) ) );
		} catch ( e ) {
			// Reported once per distinct error (the warn port de-duplicates); delivery goes on in memory.
			ports.warn( `Event storage failed (${ String( e ) }); events stay in memory.` );
		}
	}

	function persistSoon(): void {
		if ( ports.storage && persistTimer === null ) {
			persistTimer = ports.setTimer( persist, 0 );
		}
	}

	function schedule( at: number ): void {
		if ( at >= timerDue ) {
			return;
		}
		if ( timer !== null ) {
			ports.clearTimer( timer );
		}
		timerDue = at;
		timer = ports.setTimer( () => {
			timer = null;
			timerDue = Infinity;
			pump( false );
		}, Math.max( 0, at - ports.now() ) );
	}

	function settle( batch: OutboxItem[], result: SendResult ): void {
		inflight.delete( batch );
		const outcome = classifyResponse( result.status, result.body, batch.length );
		if ( !outcome.retry ) {
			if ( outcome.problem ) {
				ports.warn( outcome.problem );
			}
		} else {
			// One delay for the whole batch, so that it is retried as one request.
			const attempts = Math.max( ...batch.map( ( item ) => item.attempts ) ) + 1;
			const next = attempts >= maxAttempts ? Infinity : ports.now() + retryDelay( attempts - 1, retryBase, retryMax, ports.random );
			for ( const item of batch ) {
				item.attempts = attempts;
				item.due = next;
			}
			waiting = waiting.concat( batch );
			if ( next === Infinity ) {
				ports.warn( `The intake is unreachable (${ outcome.problem }); ${ batch.length } event(s) wait for a later page.` );
			} else {
				schedule( next );
			}
		}
		persistSoon();
	}

	function send( batch: OutboxItem[] ): void {
		inflight.add( batch );
		const done = ( answer?: SendResult ): void => settle( batch, answer || { status: 0 } );
		let result: SendResult | Promise<SendResult> | undefined;
		try {
			result = ports.post( batch, true );
		} catch ( e ) {
			// A throwing port is a failed request.
		}
		if ( result && typeof ( result as Promise<SendResult> ).then === 'function' ) {
			( result as Promise<SendResult> ).then( done, () => done() );
		} else {
			done( result as SendResult | undefined );
		}
	}

	/**
	 * Sends new events and due retries (with `all`, retries before they are due too); parked ones stay.
	 *
	 * @param all
	 */
	function pump( all: boolean ): void {
		const now = ports.now();
		const ready: OutboxItem[] = [];
		const rest: OutboxItem[] = [];
		let next = Infinity;
		for ( const item of waiting ) {
			if ( item.due !== Infinity && ( all || item.attempts === 0 || item.due <= now ) ) {
				ready.push( item );
			} else {
				rest.push( item );
				next = Math.min( next, item.due );
			}
		}
		waiting = rest;
		fresh = 0;
		for ( const chunk of chunkItems( ready, maxEvents, maxBytes ) ) {
			send( chunk );
		}
		if ( next !== Infinity ) {
			schedule( next );
		}
	}

	return {
		add( event ) {
			waiting.push( { event, json: null, attempts: 0, due: ports.now() + linger } );
			fresh++;
			persistSoon();
			if ( fresh >= maxEvents ) {
				pump( true );
			} else {
				schedule( ports.now() + linger );
			}
		},

		flush: () => pump( true ),

		hide() {
			// Never-sent events go by beacon; retries and parked ones wait in storage for the next page,
			// since the intake was not reachable for them and a beacon would lose them unseen.
			const handOff = waiting.filter( ( item ) => item.attempts === 0 );
			waiting = waiting.filter( ( item ) => item.attempts !== 0 );
			fresh = 0;
			for ( const chunk of chunkItems( handOff, maxEvents, maxBytes ) ) {
				let handedOff = false;
				try {
					handedOff = !!ports.beacon && ports.beacon( chunk );
				} catch ( e ) {
					handedOff = false;
				}
				if ( !handedOff ) {
					send( chunk );
				}
			}
			// Whatever is not handed off yet (in flight, retrying, parked) waits in storage.
			persist();
		},

		pending: () => unacknowledged().length,
	};
}
