import type { MetricsEvent } from './types';
/** An event on its way: the event and its JSON (made when first needed). */
export interface OutboxItem {
    readonly event: MetricsEvent | null;
    json: string | null;
}
/**
 * The JSON of an item, made once.
 *
 * @param item
 */
export declare function jsonOf(item: OutboxItem): string;
/**
 * The body of a batch: a JSON array, built from each event's JSON, once per batch (storage, fetch and
 * beacon take the same string).
 *
 * @param items events to send (not changed afterwards)
 */
export declare function batchBody(items: readonly OutboxItem[]): string;
/**
 * Bytes of a batch's body in UTF-8 (see utf8Length), counted once per batch.
 *
 * @param items events to send (not changed afterwards)
 */
export declare function batchBytes(items: readonly OutboxItem[]): number;
/**
 * Bytes of a string in UTF-8.
 *
 * @param text any string
 */
export declare function utf8Length(text: string): number;
/**
 * Splits items into batches of at most `maxEvents` events and `maxBytes` bytes of body (an event
 * larger than `maxBytes` travels alone).
 *
 * @param items in order
 * @param maxEvents events per batch
 * @param maxBytes body bytes per batch (UTF-8, see utf8Length); Infinity: no JSON is made
 */
export declare function chunkItems(items: readonly OutboxItem[], maxEvents: number, maxBytes: number): OutboxItem[][];
