import { classifyResponse, retryDelay } from './intakeResponse';
import { batchBody, batchBytes, chunkItems, OutboxItem, utf8Length } from './outboxBatch';
import type { DeliveryListener, DeliveryReport } from './outcomeDelivery';
import { bodyKey, decodeIndex, encodeIndex, indexKey, OUTBOX_PREFIX, StoredBatch, StoredIndex, StoredState } from './outboxStore';
import { parseRetryAfter } from './retryAfter';
import type { MetricsEvent } from './types';

export { batchBody, batchBytes, chunkItems, utf8Length, OUTBOX_PREFIX };
export type { OutboxItem };

/** How delivery batches, retries and keeps events. */
export interface DeliveryOptions {
	/** Send as soon as this many events wait. Default 100. */
	maxBatchEvents?: number;
	/** Largest request body in bytes; stays below the 64 KiB limit of sendBeacon and keepalive. Default 60000. */
	maxBatchBytes?: number;
	/** How long the first waiting event waits for others, in ms. Default 1000. */
	lingerMs?: number;
	/** Attempts per page before a batch is left in storage for a later page. Default 5. */
	maxAttempts?: number;
	/** First retry delay in ms (doubling, with jitter). Default 1000. */
	retryBaseMs?: number;
	/** Largest retry delay in ms. Default 30000. */
	retryMaxMs?: number;
	/** The longest wait a `Retry-After` answer can impose, in ms. Default 600000 (10 minutes). */
	retryAfterMaxMs?: number;
	/** Events kept in storage at most; the oldest go first. Default 500. */
	maxStoredEvents?: number;
	/** Characters kept in storage at most. Default 500000. */
	maxStoredChars?: number;
	/**
	 * What a later page does with a batch that was handed off without an answer being seen (a beacon,
	 * a request in flight when its page left): re-send it once (true, the default: at-least-once, with
	 * duplicates that an intake de-duplicating by meta.id drops), or forget it (false: at-most-once for
	 * such batches, for intakes that keep every copy).
	 */
	resendUnanswered?: boolean;
	/** A request handed off less than this long ago (ms) may still be in flight: nobody re-sends it before. Default 10000. */
	answerWindowMs?: number;
	/** Unacknowledged batches are written to storage at most this long (ms) after they change. Default 2000. */
	persistMs?: number;
	/** A page that kept batches and has not renewed its lease for this long (ms) is taken as gone. Default 180000. */
	leaseMs?: number;
	/** Bytes of keepalive request bodies (fetch keepalive and sendBeacon) in flight at most. Default 65536 (Chromium's limit). */
	keepaliveQuota?: number;
}

/**
 * The answer to one request: `status` 0 for a network error or a timeout; `retryAfter` the
 * `Retry-After` header where it could be read.
 */
export interface SendResult {
	status: number;
	body?: string;
	retryAfter?: string | null;
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
	 * errors are status 0). `keepalive`: the request may outlive the page (and counts against the
	 * browser's keepalive quota, which delivery keeps).
	 */
	post( items: readonly OutboxItem[], keepalive: boolean ): SendResult | Promise<SendResult>;
	/** Hands a batch to the browser for sending after the page is gone; false when refused. */
	beacon?( items: readonly OutboxItem[] ): boolean;
	/** Where unsent events wait for a later page. */
	storage?: OutboxStorage;
	/** Tells this page's storage keys apart from other pages' (e.g. the pageview token). */
	instanceId: string;
	setTimer( fn: () => void, ms: number ): unknown;
	clearTimer( handle: unknown ): void;
	now(): number;
	random(): number;
	/** Receives problem reports; a repeated report is expected to be shown once (see warnOnce). */
	warn( message: string ): void;
	/** Who hears each hand-off and answer (the inspector), asked each time; absent or null: nobody. */
	observer?(): DeliveryListener | null | undefined;
}

/** Delivery for one page: batching, sending, retrying, and keeping what is not yet acknowledged. */
export interface Delivery {
	/** Queues a finished event. No storage is touched here, and no JSON made: a full batch is sealed and sent in a task of its own. */
	add( event: MetricsEvent ): void;
	/** Sends every waiting event now, retries too (one at a time; none during a Retry-After pause; not parked ones). */
	flush(): void;
	/** The page is hidden but alive: send what waits with keepalive, within the quota; write storage. */
	hide(): void;
	/** The page is visible again or came back (back-forward cache, resumed): delivery goes on as before. */
	show(): void;
	/** The page is going away (pagehide, freeze): hand new events to the beacon, keep the rest for a later page. */
	leave(): void;
	/**
	 * Takes over the outboxes of pages that are gone (never of a live page), given their index keys;
	 * a legacy array of events is taken as it is. The claim is checked again after a short wait, so
	 * two pages never both take the same outbox.
	 */
	takeOver( keys: readonly string[] ): void;
	/** Events not yet acknowledged by the intake (waiting, sending or waiting to retry). */
	pending(): number;
}

/** A batch of this page. `sending`: handed to the network by this page, answer awaited. */
interface Batch extends StoredBatch {
	items: OutboxItem[];
	bytes: number;
	sending: boolean;
	keepalive: boolean;
	/** Body written under this page's current key. */
	stored: boolean;
	/** Tried `maxAttempts` times on this page: left for a later page. */
	parked: boolean;
	tries: number;
	/** When a keepalive request's network error came that waits for the detach check (see DETACH_CHECK_MS; ms, 0: none). */
	rejected?: number;
}

/** What a pump sends: what is due; new batches too without waiting (hide); retries too (flush). */
const DUE = 0;
const NEW = 1;
const ALL = 2;

/** How long a keepalive request's network error waits, in case the page is leaving (ms). */
const DETACH_CHECK_MS = 250;

/** Full batches that may wait for the next task before a call sends them itself. */
const FULL_BATCHES_IN_CALL = 10;

/** How long a claim waits before it is checked and the outbox taken (ms). */
const CLAIM_CHECK_MS = 100;
/** A claim older than this (ms) was left by a page that went away before taking the outbox. */
const CLAIM_EXPIRY_MS = 1000;

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
	const retryAfterMax = options.retryAfterMaxMs === undefined ? 600000 : options.retryAfterMaxMs;
	const maxStoredEvents = options.maxStoredEvents || 500;
	const maxStoredChars = options.maxStoredChars || 500000;
	const resendUnanswered = options.resendUnanswered !== false;
	const answerWindow = options.answerWindowMs === undefined ? 10000 : options.answerWindowMs;
	const persistDelay = options.persistMs === undefined ? 2000 : options.persistMs;
	const leaseMs = options.leaseMs || 180000;
	const quota = options.keepaliveQuota || 65536;
	const storage = ports.storage;

	/** This page's storage id; a new generation when another page took over what it had kept. */
	let self = ports.instanceId;
	let generation = 0;
	/** Events not yet in a batch, and when the first of them came. */
	let open: OutboxItem[] = [];
	let openSince = 0;
	/** Unacknowledged batches, oldest first. */
	let batches: Batch[] = [];
	let nextNumber = 0;
	/** Stored bodies whose batch is done with, to remove at the next write. */
	let doneBodies: number[] = [];
	/** Whether this page's index is in storage. */
	let indexed = false;
	let dirty = false;
	let visible = true;
	let left = false;
	/** A retryable failure was seen and no success since: one batch at a time. */
	let backingOff = false;
	/** The intake asked (Retry-After) for nothing before this time. */
	let holdUntil = 0;
	let inflight = 0;
	let keepaliveBytes = 0;
	let timer: unknown = null;
	let timerDue = Infinity;
	let persistTimer: unknown = null;
	let leaseTimer: unknown = null;

	const now = (): number => ports.now();

	function timeout( fn: () => void, ms: number ): unknown {
		return ports.setTimer( () => {
			try {
				fn();
			} catch ( e ) {
				ports.warn( `Delivery failed unexpectedly (${ String( e ) }).` );
			}
		}, Math.max( 0, ms ) );
	}

	function schedule( at: number ): void {
		if ( at >= timerDue ) {
			return;
		}
		if ( timer !== null ) {
			ports.clearTimer( timer );
		}
		timerDue = at;
		timer = timeout( () => {
			timer = null;
			timerDue = Infinity;
			pump( DUE );
		}, at - now() );
	}

	/**
	 * Marks that something is to be written, by the save delay (or `ms`) from now. Events still
	 * lingering when the timer fires (they came while it ran) get a timer of their own, due the save
	 * delay after the first of them came: written by then unless acknowledged, even when an earlier
	 * change had set the timer.
	 *
	 * @param ms from now
	 */
	function changed( ms = persistDelay ): void {
		dirty = true;
		if ( storage && persistTimer === null && !left ) {
			persistTimer = timeout( () => {
				persistTimer = null;
				persist( false );
				if ( open.length && openSince + persistDelay > now() ) {
					changed( openSince + persistDelay - now() );
				}
			}, ms );
		}
	}

	/**
	 * Makes batches of the waiting events.
	 *
	 * @param fullOnly only full batches (of maxEvents): the rest waits for its linger time
	 */
	function seal( fullOnly?: boolean ): void {
		const count = fullOnly ? open.length - open.length % maxEvents : open.length;
		for ( const items of chunkItems( open.slice( 0, count ), maxEvents, maxBytes ) ) {
			batches.push( {
				n: nextNumber++, items, bytes: maxBytes === Infinity ? 0 : batchBytes( items ),
				state: 'new', due: 0, attempts: 0, handedAt: 0, resent: false,
				sending: false, keepalive: false, stored: false, parked: false, tries: 0,
			} );
		}
		open = open.slice( count );
		if ( count ) {
			// Written within the save delay from now, sent or not: with a batching window longer than
			// that delay, the save timer may have fired while these events lingered, and a batch held
			// back (a pause the intake asked for) would otherwise live in memory only.
			changed();
		}
	}

	/**
	 * Nobody says when a beacon is done; after the answer window it surely is.
	 *
	 * @param bytes its body's size
	 */
	function releaseLater( bytes: number ): void {
		timeout( () => {
			keepaliveBytes -= bytes;
		}, answerWindow );
	}

	function forget( batch: Batch ): void {
		batches = batches.filter( ( b ) => b !== batch );
		if ( batch.stored ) {
			doneBodies.push( batch.n );
		}
		changed();
	}

	/**
	 * Whether what this page keeps in storage is still its own: another page takes an outbox over
	 * only once its lease has lapsed (a page frozen or gone), and the owner must then let it go.
	 * When it was taken, the stored batches are dropped here and the page goes on under a new key.
	 */
	function stillOwner(): boolean {
		if ( !storage || !indexed ) {
			return true;
		}
		let index: StoredIndex | unknown[] | null;
		try {
			index = decodeIndex( storage.getItem( indexKey( self ) ) );
		} catch ( e ) {
			// Storage refused to answer: nothing says another page took them.
			return true;
		}
		if ( index && !Array.isArray( index ) && ( !index.c || index.c === self ) ) {
			return true;
		}
		// Taken over (claimed, or already moved away): those batches belong to the other page now.
		batches = batches.filter( ( b ) => !b.stored );
		doneBodies = [];
		indexed = false;
		self = ports.instanceId + '~' + ( ++generation );
		changed();
		return false;
	}

	/**
	 * Writes what changed: new batch bodies (append), removals, and the small index with the lease.
	 *
	 * @param release the page is leaving: mark the lease released, so a later page may take over at once
	 */
	function persist( release: boolean ): void {
		// Events still lingering are not written now: the timer set when they came stays, so that they
		// are written by then once sealed, even when a lease renewal or a show writes in between.
		const lingering = open.length > 0 && !release;
		if ( persistTimer !== null && !lingering ) {
			ports.clearTimer( persistTimer );
			persistTimer = null;
		}
		if ( !storage || ( !dirty && !release ) ) {
			return;
		}
		try {
			// Events still lingering (≤ lingerMs) are not written: they leave soon, or by hide/leave.
			stillOwner();
			for ( const n of doneBodies ) {
				storage.removeItem( bodyKey( self, n ) );
			}
			doneBodies = [];
			// Newest first within the limits; older batches beyond them stay in memory only.
			let events = 0;
			let chars = 0;
			let dropped = 0;
			for ( let i = batches.length - 1; i >= 0; i-- ) {
				const batch = batches[ i ];
				events += batch.items.length;
				chars += batch.bytes;
				const fits = events <= maxStoredEvents && chars <= maxStoredChars;
				if ( fits && !batch.stored ) {
					storage.setItem( bodyKey( self, batch.n ), batchBody( batch.items ) );
					batch.stored = true;
				} else if ( !fits ) {
					dropped += batch.items.length;
					if ( batch.stored ) {
						storage.removeItem( bodyKey( self, batch.n ) );
						batch.stored = false;
					}
				}
			}
			if ( dropped ) {
				ports.warn( `Event storage limit reached: the ${ dropped } oldest unsent event(s) are not kept.` );
			}
			const kept = batches.filter( ( b ) => b.stored );
			if ( !kept.length ) {
				if ( indexed ) {
					storage.removeItem( indexKey( self ) );
					indexed = false;
				}
			} else {
				storage.setItem( indexKey( self ), encodeIndex( { t: release ? 0 : now(), b: kept.map( storedEntry ) } ) );
				indexed = true;
			}
			dirty = lingering;
		} catch ( e ) {
			// Reported once per distinct error (the warn port de-duplicates); delivery goes on in memory.
			ports.warn( `Event storage failed (${ String( e ) }); events stay in memory.` );
		}
		renewLease();
	}

	/**
	 * What a later page needs to know of a batch. A request in flight is written as unanswered.
	 *
	 * @param b the batch
	 */
	function storedEntry( b: Batch ): StoredBatch {
		let state: StoredState = b.state;
		if ( b.sending ) {
			// Without keepalive, leaving cuts the request off: a later page must send it again.
			state = left && !b.keepalive ? 'failed' : 'unanswered';
		}
		return { n: b.n, state, due: b.due, attempts: b.attempts, handedAt: b.handedAt, resent: b.resent };
	}

	function renewLease(): void {
		if ( leaseTimer !== null ) {
			ports.clearTimer( leaseTimer );
			leaseTimer = null;
		}
		if ( indexed && !left ) {
			// Hidden tabs' timers may run once a minute: renew well within the lease.
			leaseTimer = timeout( () => {
				leaseTimer = null;
				dirty = true;
				persist( false );
			}, leaseMs / 6 );
		}
	}

	/**
	 * Takes the intake's (or the network's) answer to a batch.
	 *
	 * @param batch the batch
	 * @param result the answer
	 * @param then whether to send what is due next (not while leaving)
	 */
	function settle( batch: Batch, result: SendResult, then = true ): void {
		if ( left && !result.status ) {
			// After pagehide a keepalive request is detached from the page (the back-forward cache aborts
			// it for the page while the browser still sends it): no answer, so it stays unanswered.
			return;
		}
		inflight--;
		if ( batch.keepalive ) {
			keepaliveBytes -= batch.bytes;
		}
		batch.sending = false;
		batch.keepalive = false;
		if ( !batches.includes( batch ) ) {
			// Taken over by another page meanwhile: its fate is theirs.
			return;
		}
		const status = result.status;
		const outcome = classifyResponse( status, result.body, batch.items.length );
		report( { items: batch.items, status, body: result.body, attempts: batch.attempts + ( outcome.retry ? 1 : 0 ), parked: outcome.retry && batch.tries + 1 >= maxAttempts } );
		if ( !outcome.retry ) {
			if ( outcome.problem ) {
				ports.warn( outcome.problem );
			}
			if ( status >= 200 && status < 300 ) {
				backingOff = false;
			}
			forget( batch );
		} else {
			batch.attempts++;
			batch.tries++;
			let wait = retryDelay( batch.attempts - 1, retryBase, retryMax, ports.random );
			const asked = parseRetryAfter( result.retryAfter, now() );
			if ( asked !== undefined && ( status === 429 || status >= 500 ) ) {
				// The intake says how long to wait: at least that, within the configured maximum.
				wait = Math.max( wait, Math.min( asked, retryAfterMax ) );
				holdUntil = Math.max( holdUntil, now() + Math.min( asked, retryAfterMax ) );
			}
			batch.state = 'failed';
			batch.due = now() + wait;
			backingOff = true;
			if ( batch.tries >= maxAttempts ) {
				batch.parked = true;
				ports.warn( `The intake is unreachable (${ outcome.problem }); ${ batch.items.length } event(s) wait for a later page.` );
			}
			changed();
		}
		if ( then ) {
			pump( DUE );
		}
	}

	/**
	 * Tells the observer, if any; a listener that throws changes nothing.
	 *
	 * @param what
	 */
	function report( what: DeliveryReport ): void {
		const listener = ports.observer && ports.observer();
		try {
			if ( listener ) {
				listener( what );
			}
		} catch ( e ) {
			// The inspector's problem, not delivery's.
		}
	}

	function send( batch: Batch, keepalive: boolean ): void {
		if ( batch.stored && !stillOwner() ) {
			return;
		}
		if ( batch.state === 'unanswered' ) {
			// The one re-send of a hand-off whose answer was never seen.
			batch.resent = true;
		}
		batch.sending = true;
		batch.keepalive = keepalive;
		batch.handedAt = now();
		report( { items: batch.items, attempts: batch.attempts } );
		inflight++;
		if ( keepalive ) {
			keepaliveBytes += batch.bytes;
		}
		// Written only if still unanswered when the timer comes (a slow intake): a healthy one writes nothing.
		changed();
		if ( batch.stored ) {
			// Written ahead, with the lease renewed: whatever happens to this page from now on, a later page
			// knows that this hand-off happened (and whether it is the one re-send), so the intake never
			// gets more than two copies; and no page takes over a batch whose owner is sending it.
			persist( false );
		}
		const done = ( answer?: SendResult, later?: boolean ): void => {
			const outcome = answer || { status: 0 };
			if ( !outcome.status && keepalive && later ) {
				// Chromium rejects a keepalive fetch ("Failed to fetch") as its page navigates away, just
				// before pagehide, while the request itself goes on: wait to see whether the page leaves.
				// The timer may run late (a hidden tab's, a busy CPU): leave() reads the clock, not the timer.
				const at = batch.rejected = now();
				timeout( () => {
					if ( batch.rejected === at ) {
						batch.rejected = 0;
						settle( batch, outcome );
					}
				}, DETACH_CHECK_MS );
			} else {
				settle( batch, outcome );
			}
		};
		let result: SendResult | Promise<SendResult> | undefined;
		try {
			result = ports.post( batch.items, keepalive );
		} catch ( e ) {
			// A throwing port is a failed request.
		}
		if ( result && typeof ( result as Promise<SendResult> ).then === 'function' ) {
			( result as Promise<SendResult> ).then( ( answer ) => done( answer, true ), () => done( undefined, true ) );
		} else {
			done( result as SendResult | undefined );
		}
	}

	/**
	 * When a batch may go: new ones at once, unanswered ones after the answer window, retries at their
	 * time (or at once for a flush; a pause the intake asked for holds all the same, see pump).
	 *
	 * @param batch the batch
	 * @param what DUE, NEW (new batches now) or ALL (a flush: retries now too)
	 */
	function readyAt( batch: Batch, what: number ): number {
		if ( batch.sending || batch.parked ) {
			return Infinity;
		}
		if ( batch.state === 'new' ) {
			return what >= NEW ? 0 : batch.due;
		}
		if ( batch.state === 'unanswered' ) {
			return Math.max( batch.due, batch.handedAt + answerWindow );
		}
		return what === ALL ? 0 : batch.due;
	}

	/**
	 * Sends what is due, or more (see readyAt). Nothing during a pause the intake asked for; while
	 * backing off, one batch at a time; keepalive only within the quota, and while hidden only keepalive.
	 *
	 * @param what DUE, NEW or ALL
	 */
	function pump( what: number ): void {
		if ( left ) {
			return;
		}
		const t = now();
		if ( open.length && ( what !== DUE || t >= openSince + linger ) ) {
			seal();
		} else if ( open.length >= maxEvents ) {
			seal( true );
		}
		let next = open.length ? openSince + linger : Infinity;
		if ( t < holdUntil ) {
			// The intake asked for a pause: nothing goes before it ends, new events included.
			schedule( Math.min( next, holdUntil ) );
			return;
		}
		for ( const batch of batches.slice() ) {
			if ( !batches.includes( batch ) ) {
				// An answer given at once (a synchronous post, the Node client's transport) ran a pump inside
				// this one, which sent this batch and forgot it: not again.
				continue;
			}
			if ( batch.state === 'unanswered' && !batch.sending && ( !resendUnanswered || batch.resent ) ) {
				// Handed off without an answer, and not to be sent again (the mode, or re-sent once already).
				forget( batch );
				continue;
			}
			const at = readyAt( batch, what );
			if ( at > t ) {
				next = Math.min( next, at );
				continue;
			}
			if ( backingOff && inflight > 0 ) {
				// Polite: a failing intake gets one request at a time; the next goes when it answers.
				break;
			}
			const keepalive = keepaliveBytes + batch.bytes <= quota;
			if ( !keepalive && !visible ) {
				// Hidden: only keepalive requests are sure to finish; wait for a slot.
				break;
			}
			send( batch, keepalive );
		}
		if ( next !== Infinity ) {
			schedule( next );
		}
	}

	function adopt( index: StoredIndex | unknown[], from: string ): number {
		let taken = 0;
		const entries: { entry: StoredBatch; events: unknown[] }[] = [];
		if ( Array.isArray( index ) ) {
			entries.push( { entry: { n: 0, state: 'new', due: 0, attempts: 0, handedAt: 0, resent: false }, events: index } );
		} else {
			for ( const entry of index.b ) {
				try {
					const body = JSON.parse( storage!.getItem( bodyKey( from, entry.n ) ) || 'null' );
					entries.push( { entry, events: Array.isArray( body ) ? body : [] } );
				} catch ( e ) {
					ports.warn( `Stored events of ${ from } could not be read (${ String( e ) }).` );
				}
			}
		}
		for ( const { entry, events } of entries ) {
			const items = events.filter( ( e ) => e && typeof e === 'object' ).map( ( event ) => ( { event: event as MetricsEvent, json: null } ) );
			// Unanswered hand-offs are re-sent once, and only in the mode that asks for it.
			if ( !items.length || ( entry.state === 'unanswered' && ( !resendUnanswered || entry.resent ) ) ) {
				continue;
			}
			for ( const chunk of chunkItems( items, maxEvents, maxBytes ) ) {
				batches.push( Object.assign( {}, entry, {
					n: nextNumber++, items: chunk, bytes: maxBytes === Infinity ? 0 : batchBytes( chunk ),
					sending: false, keepalive: false, stored: false, parked: false, tries: 0,
				} ) );
				taken += chunk.length;
				// Failures of an earlier page count: the intake gets one request at a time until it answers.
				backingOff = backingOff || entry.attempts > 0;
			}
		}
		return taken;
	}

	function claim( key: string ): void {
		const from = key.slice( OUTBOX_PREFIX.length );
		let index: StoredIndex | unknown[] | null;
		try {
			index = decodeIndex( storage!.getItem( key ) );
		} catch ( e ) {
			ports.warn( `Stored events under ${ key } could not be read (${ String( e ) }).` );
			storage!.removeItem( key );
			return;
		}
		if ( !index ) {
			return;
		}
		if ( Array.isArray( index ) ) {
			// An earlier version's outbox: no lease to honour.
			storage!.removeItem( key );
			adopt( index, from );
			changed();
			pump( DUE );
			return;
		}
		const t = now();
		const alive = index.t > 0 && t - index.t < leaseMs;
		const claimed = !!index.c && index.c !== self && t - ( index.ct || 0 ) < CLAIM_EXPIRY_MS;
		if ( alive || claimed ) {
			return;
		}
		index.c = self;
		index.ct = t;
		storage!.setItem( key, encodeIndex( index ) );
		// Checked again a little later, so that two pages claiming at once cannot both take it.
		timeout( () => {
			const again = decodeIndex( storage!.getItem( key ) );
			if ( !again || Array.isArray( again ) || again.c !== self ) {
				return;
			}
			adopt( again, from );
			for ( const entry of again.b ) {
				storage!.removeItem( bodyKey( from, entry.n ) );
			}
			storage!.removeItem( key );
			// Written under this page's key at once, so that nothing is only in memory.
			dirty = true;
			persist( false );
			pump( DUE );
		}, CLAIM_CHECK_MS );
	}

	return {
		add( event ) {
			if ( !open.length ) {
				openSince = now();
			}
			open.push( { event, json: null } );
			changed();
			if ( open.length >= maxEvents * FULL_BATCHES_IN_CALL ) {
				// A caller that never yields: send now, so that memory stays bounded.
				pump( NEW );
			} else if ( open.length <= maxEvents ) {
				// A full batch is sealed and sent in a task of its own, not in the caller's call. Beyond a
				// full batch, that task is already due (only a pump, which seals, takes it away).
				schedule( open.length === maxEvents ? now() : openSince + linger );
			}
		},

		flush: () => pump( ALL ),

		hide() {
			if ( left ) {
				// Chromium fires pagehide before visibilitychange when navigating: the page has already left.
				return;
			}
			visible = false;
			// New events leave now with keepalive; retries keep their time (Retry-After included) and
			// wait in storage: a beacon would send them early, and without an answer.
			pump( NEW );
			dirty = true;
			persist( false );
		},

		show() {
			visible = true;
			left = false;
			stillOwner();
			dirty = true;
			persist( false );
			pump( DUE );
		},

		leave() {
			if ( left ) {
				// pagehide and then freeze (back-forward cache): once is enough.
				return;
			}
			if ( open.length ) {
				seal();
			}
			for ( const batch of batches.slice() ) {
				if ( batch.rejected && now() - batch.rejected >= DETACH_CHECK_MS ) {
					// A network error older than the detach check (whose timer ran late) was not this
					// navigation: the request failed, and a later page retries it as failed, not as a
					// hand-off that may have arrived (which it would re-send only once).
					batch.rejected = 0;
					settle( batch, { status: 0 }, false );
				}
			}
			visible = false;
			for ( const batch of batches.slice() ) {
				if ( !batches.includes( batch ) || batch.state !== 'new' || batch.sending || keepaliveBytes + batch.bytes > quota ) {
					// Retries and parked batches, and what the quota has no room for, wait in storage; one
					// already acknowledged meanwhile (an answer given at once, with a pump of its own) is done.
					continue;
				}
				let handedOff = false;
				try {
					handedOff = !!ports.beacon && ports.beacon( batch.items );
				} catch ( e ) {
					handedOff = false;
				}
				if ( handedOff ) {
					report( { items: batch.items, attempts: batch.attempts } );
					keepaliveBytes += batch.bytes;
					batch.state = 'unanswered';
					batch.handedAt = now();
					releaseLater( batch.bytes );
				} else {
					send( batch, true );
				}
			}
			left = true;
			dirty = true;
			persist( true );
		},

		takeOver( keys ) {
			if ( !storage ) {
				return;
			}
			for ( const key of keys ) {
				if ( key.indexOf( OUTBOX_PREFIX ) === 0 && key.slice( OUTBOX_PREFIX.length ).split( '~' )[ 0 ] !== ports.instanceId ) {
					try {
						claim( key );
					} catch ( e ) {
						ports.warn( `Stored events under ${ key } could not be taken over (${ String( e ) }).` );
					}
				}
			}
		},

		pending: () => batches.reduce( ( sum, b ) => sum + b.items.length, open.length ),
	};
}
