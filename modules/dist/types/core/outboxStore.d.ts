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
export declare const OUTBOX_PREFIX = "mp-outbox:";
/** Keys of batch bodies: this prefix, the page's id, ':' and the batch number. */
export declare const BATCH_PREFIX = "mp-batch:";
/**
 * What is known of a batch. `new`: never handed to the network; `failed`: the intake (or the network)
 * answered with a retryable failure; `unanswered`: handed off (beacon, keepalive at unload, in
 * flight when the page left) and no answer seen.
 */
export type StoredState = 'new' | 'failed' | 'unanswered';
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
export declare function indexKey(page: string): string;
/**
 * The key of one batch body.
 *
 * @param page the page's id
 * @param n the batch number
 */
export declare function bodyKey(page: string, n: number): string;
/**
 * The index as stored text.
 *
 * @param index
 */
export declare function encodeIndex(index: StoredIndex): string;
/**
 * Reads an index (or an earlier version's array of events). Null when absent; throws on text that is
 * not JSON. Entries that are not well formed are left out.
 *
 * @param text the stored value
 */
export declare function decodeIndex(text: string | null): StoredIndex | unknown[] | null;
