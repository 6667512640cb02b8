/**
 * How a page's unacknowledged batches are kept in storage, so that a later page can take them over:
 *
 * - `mp-outbox:<page>`: the page's index, small and rewritten when a batch's state changes or the
 *   lease is renewed: `{ "v": 2, "t": renewed at (ms; 0 once the page has left), "c": claimed by,
 *   "ct": claimed at, "b": [ [ number, state, due, attempts, handed at, re-sent ], … ] }`.
 * - `mp-batch:<page>:<number>`: one batch's request body (a JSON array of events), written once and
 *   removed once acknowledged — never rewritten, so the cost of storage grows with what is kept,
 *   not with what is sent.
 *
 * Pages of earlier versions kept a plain JSON array of events under `mp-outbox:<page>`; it is read
 * as one batch never handed off.
 */

/** Keys of page indexes: this prefix and the page's id. */
export const OUTBOX_PREFIX = 'mp-outbox:';

/** Keys of batch bodies: this prefix, the page's id, ':' and the batch number. */
export const BATCH_PREFIX = 'mp-batch:';

/**
 * What is known of a batch. `new`: never handed to the network; `failed`: the intake (or the network)
 * answered with a retryable failure; `unanswered`: handed off (beacon, keepalive at unload, in
 * flight when the page left) and no answer seen.
 */
export type StoredState = 'new' | 'failed' | 'unanswered';

const STATES: StoredState[] = [ 'new', 'failed', 'unanswered' ];

/** One index entry. */
export interface StoredBatch {
	n: number;
	state: StoredState;
	/** Earliest next attempt, ms since the epoch (0: at once). */
	due: number;
	attempts: number;
	/** When last handed to the network (ms since the epoch; 0: never). */
	handedAt: number;
	/** Already re-sent once after a hand-off without answer. */
	resent: boolean;
}

/** A page's index. */
export interface StoredIndex {
	/** Lease renewed at (ms since the epoch); 0 once the page has left. */
	t: number;
	/** The page that claimed this outbox to take it over, and when. */
	c?: string;
	ct?: number;
	b: StoredBatch[];
}

/**
 * The index key of a page.
 *
 * @param page the page's id
 */
export function indexKey( page: string ): string {
	return OUTBOX_PREFIX + page;
}

/**
 * The key of one batch body.
 *
 * @param page the page's id
 * @param n the batch number
 */
export function bodyKey( page: string, n: number ): string {
	return BATCH_PREFIX + page + ':' + n;
}

/**
 * The index as stored text.
 *
 * @param index
 */
export function encodeIndex( index: StoredIndex ): string {
	return JSON.stringify( {
		v: 2, t: index.t, c: index.c, ct: index.ct,
		b: index.b.map( ( s ) => [ s.n, STATES.indexOf( s.state ), s.due, s.attempts, s.handedAt, s.resent ? 1 : 0 ] ),
	} );
}

/**
 * Reads an index (or an earlier version's array of events). Null when absent; throws on text that is
 * not JSON. Entries that are not well formed are left out.
 *
 * @param text the stored value
 */
export function decodeIndex( text: string | null ): StoredIndex | unknown[] | null {
	if ( text === null ) {
		return null;
	}
	const parsed = JSON.parse( text );
	if ( Array.isArray( parsed ) ) {
		return parsed;
	}
	if ( !parsed || typeof parsed !== 'object' ) {
		return null;
	}
	const num = ( x: unknown ): number => typeof x === 'number' && isFinite( x ) ? x : 0;
	const entries: unknown[] = Array.isArray( parsed.b ) ? parsed.b : [];
	return {
		t: num( parsed.t ),
		c: typeof parsed.c === 'string' ? parsed.c : undefined,
		ct: num( parsed.ct ),
		b: entries.filter( ( e ): e is unknown[] => Array.isArray( e ) && typeof e[ 0 ] === 'number' && STATES[ e[ 1 ] as number ] !== undefined )
			.map( ( e ) => ( { n: e[ 0 ] as number, state: STATES[ e[ 1 ] as number ], due: num( e[ 2 ] ), attempts: num( e[ 3 ] ), handedAt: num( e[ 4 ] ), resent: !!e[ 5 ] } ) ),
	};
}
