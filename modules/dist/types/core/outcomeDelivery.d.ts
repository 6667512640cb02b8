/**
 * Delivery's side of the outcomes: delivery reports what it does with a batch in raw terms (handed
 * off, the intake's status and body), at no cost when nobody listens; {@link deliveryOutcomes}
 * turns a report into one outcome per event, in the inspector only.
 */
import { OutboxItem } from './outboxBatch';
import type { Outcome } from './outcome';
/** What delivery did with one batch. */
export interface DeliveryReport {
    items: readonly OutboxItem[];
    /** The intake's HTTP status (0: network error or timeout); absent when the batch was just handed off. */
    status?: number;
    /** The intake's answer body, when it was read. */
    body?: string;
    /** Failed attempts so far. */
    attempts: number;
    /** No more attempts on this page: kept for a later page, or given up. */
    parked?: boolean;
}
/** Hears delivery reports. */
export type DeliveryListener = (report: DeliveryReport) => void;
/**
 * One outcome per event of a delivery report: `sent` when handed off; on an answer, `accepted`,
 * `refused_by_intake` (with the intake's message for that event: EventGate's `invalid`/`error`
 * entries, matched by `index` in the request or by `meta.id`), `delivery_retrying` (network error,
 * timeout, 408, 429, 5xx; a final refusal of the whole request such as 404 or 413 is
 * `refused_by_intake`) or `delivery_failed` (no more attempts on this page: kept for a later page).
 *
 * @example deliveryOutcomes( { items, status: 201, attempts: 0 }, now ) // [ { code: 'accepted', … } ]
 * @param report from delivery's observer port
 * @param time when (ms since the epoch)
 */
export declare function deliveryOutcomes(report: DeliveryReport, time: number): Outcome[];
