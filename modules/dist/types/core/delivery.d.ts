import { batchBody, chunkItems, OutboxItem, utf8Length } from './outboxBatch';
import type { DeliveryListener } from './outcomeDelivery';
import { OUTBOX_PREFIX } from './outboxStore';
import type { MetricsEvent } from './types';
export { batchBody, chunkItems, utf8Length, OUTBOX_PREFIX };
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
    getItem(key: string): string | null;
    setItem(key: string, value: string): void;
    removeItem(key: string): void;
}
/** What delivery needs from the environment. */
export interface DeliveryPorts {
    /**
     * Sends one batch and gives the intake's answer, at once or as a promise (never rejected: network
     * errors are status 0). `keepalive`: the request may outlive the page (and counts against the
     * browser's keepalive quota, which delivery keeps).
     */
    post(items: readonly OutboxItem[], keepalive: boolean): SendResult | Promise<SendResult>;
    /** Hands a batch to the browser for sending after the page is gone; false when refused. */
    beacon?(items: readonly OutboxItem[]): boolean;
    /** Where unsent events wait for a later page. */
    storage?: OutboxStorage;
    /** Tells this page's storage keys apart from other pages' (e.g. the pageview token). */
    instanceId: string;
    setTimer(fn: () => void, ms: number): unknown;
    clearTimer(handle: unknown): void;
    now(): number;
    random(): number;
    /** Receives problem reports; a repeated report is expected to be shown once (see warnOnce). */
    warn(message: string): void;
    /** Who hears each hand-off and answer (the inspector), asked each time; absent or null: nobody. */
    observer?(): DeliveryListener | null | undefined;
}
/** Delivery for one page: batching, sending, retrying, and keeping what is not yet acknowledged. */
export interface Delivery {
    /** Queues a finished event. No storage is touched here. */
    add(event: MetricsEvent): void;
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
    takeOver(keys: readonly string[]): void;
    /** Events not yet acknowledged by the intake (waiting, sending or waiting to retry). */
    pending(): number;
}
/**
 * Creates the delivery of one page.
 *
 * @param options limits and timings
 * @param ports the environment
 */
export declare function createDelivery(options: DeliveryOptions, ports: DeliveryPorts): Delivery;
