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
export declare const OUTBOX_PREFIX = "mp-outbox:";
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
    getItem(key: string): string | null;
    setItem(key: string, value: string): void;
    removeItem(key: string): void;
}
/** What delivery needs from the environment. */
export interface DeliveryPorts {
    /**
     * Sends one batch and gives the intake's answer, at once or as a promise (never rejected: network
     * errors are status 0). An answer given at once is settled at once, so nothing is kept meanwhile.
     */
    post(items: readonly OutboxItem[], keepalive: boolean): SendResult | Promise<SendResult>;
    /** Hands a batch to the browser for sending after the page is gone; false when refused. */
    beacon?(items: readonly OutboxItem[]): boolean;
    /** Where unsent events wait for the next page load. */
    storage?: OutboxStorage;
    /** Tells this page's storage key apart from other pages' (e.g. the pageview token). */
    instanceId: string;
    setTimer(fn: () => void, ms: number): unknown;
    clearTimer(handle: unknown): void;
    now(): number;
    random(): number;
    /** Receives problem reports; a repeated report is expected to be shown once (see warnOnce). */
    warn(message: string): void;
}
/** Delivery for one page: batching, sending, retrying, and keeping what is not yet handed off. */
export interface Delivery {
    /** Queues a finished event. */
    add(event: MetricsEvent): void;
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
export declare function batchBody(items: readonly OutboxItem[]): string;
/**
 * Splits items into batches of at most `maxEvents` events and `maxBytes` bytes of body (an event
 * larger than `maxBytes` travels alone).
 *
 * @param items in order
 * @param maxEvents events per batch
 * @param maxBytes body bytes per batch (UTF-8, measured as UTF-16 length × 3 at worst only when needed)
 */
export declare function chunkItems(items: readonly OutboxItem[], maxEvents: number, maxBytes: number): OutboxItem[][];
/**
 * Bytes of a string in UTF-8.
 *
 * @param text any string
 */
export declare function utf8Length(text: string): number;
/**
 * Creates the delivery of one page.
 *
 * @param options limits and timings
 * @param ports the environment
 */
export declare function createDelivery(options: DeliveryOptions, ports: DeliveryPorts): Delivery;
