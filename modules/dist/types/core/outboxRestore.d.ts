import type { Delivery, OutboxStorage } from './delivery';
/**
 * Reads a stored JSON value and removes it, so that only one page ever takes it over. Throws when
 * storage refuses or the text is not JSON; a missing key gives null.
 *
 * @param storage where the value waits
 * @param key its key
 */
export declare function takeStored(storage: OutboxStorage, key: string): unknown;
/**
 * Takes over the outboxes that earlier pages left in storage, through this page's delivery: only
 * those whose page is gone (its lease released at pagehide, or lapsed), claimed first and checked
 * again before they are taken, so that no stored event ever has two live owners. What was never
 * handed off or is known to have failed is sent (at its earliest next attempt); what was handed off
 * without an answer is re-sent once where the delivery mode says so. Runs only when the caller found
 * such keys, so that pages with nothing left over do not load it.
 *
 * @example restoreOutbox( storage, [ 'mp-outbox:0a1b…' ], delivery, mw.log.warn ) // 1
 * @param storage where the events wait
 * @param keys the index keys (`mp-outbox:…`) of earlier pages; this page's own are skipped
 * @param delivery this page's delivery
 * @param warn receives problem reports
 * @return how many keys were looked at
 */
export declare function restoreOutbox(storage: OutboxStorage, keys: readonly string[], delivery: Delivery, warn: (message: string) => void): number;
