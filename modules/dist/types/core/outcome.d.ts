/**
 * What became of each call: one outcome with a reason code, computed where the decision is made
 * (the client, the every-page module, the experiments API, delivery). Nobody pays for it unless an
 * inspector listens: the producers ask their observer port first, which is null by default.
 * The codes, and what to do about each, are documented in the README ("Why is my event missing?").
 */
import type { JsonValue, MetricsEvent, SampleUnit, StreamConfig } from './types';
/**
 * Every reason code.
 * - The call's fate: `queued` (built and handed to delivery), `unknown_stream`, `expired`,
 *   `disabled`, `out_of_sample`, `curated_out`, `invalid_data`, `refused_privacy`, `not_opted_in`,
 *   `experiment_unenrolled`, `overridden`.
 * - Then its delivery, by `meta.id`: `sent` (handed to the network), `accepted` (the intake answered
 *   that it took it), `delivery_retrying`, `delivery_failed` (kept for a later page, or given up),
 *   `refused_by_intake`.
 */
export declare const REASON_CODES: readonly ["queued", "sent", "accepted", "unknown_stream", "expired", "disabled", "out_of_sample", "curated_out", "invalid_data", "refused_privacy", "not_opted_in", "experiment_unenrolled", "overridden", "delivery_retrying", "delivery_failed", "refused_by_intake"];
/** One reason code. */
export type ReasonCode = typeof REASON_CODES[number];
/** Which privacy signal refused the event. */
export type PrivacySignal = 'opt_out' | 'dnt' | 'gpc';
/**
 * The facts behind a code; only those that apply are set:
 * - `out_of_sample`: `unit`, `rate` (0–1) and `position` (the subject's place in [0, 1]; in sample
 *   when below the rate; `NaN`/absent when there is no usable token);
 * - `curated_out`: `attribute`, `operator`, `operand` (the first rule the event failed) and `value`
 *   (what the event had; absent when missing);
 * - `invalid_data`: `field` (e.g. `action_context`, `element_idd`, or `data` for the whole object)
 *   and `limit` (the rule broken, e.g. `8192 characters`), and `problem` (the full sentence);
 * - `disabled`: `problem` (why the stream's config is unusable);
 * - `expired`: `end` (RFC 3339) and `definition`;
 * - `refused_privacy`: `signal`;
 * - `experiment_unenrolled`, `overridden`: `experiment`, and `group` when overridden;
 * - delivery codes: `status` (HTTP, 0 for a network error), `message` (the intake's words),
 *   `attempts`.
 */
export interface OutcomeDetail {
    unit?: SampleUnit;
    rate?: number;
    position?: number;
    attribute?: string;
    operator?: string;
    operand?: JsonValue;
    value?: JsonValue;
    field?: string;
    limit?: string;
    problem?: string;
    end?: string;
    definition?: string;
    signal?: PrivacySignal;
    experiment?: string;
    group?: string;
    status?: number;
    message?: string;
    attempts?: number;
}
/** A field the client added to the caller's data, and from where. */
export interface AddedField {
    /** The event field, e.g. `page.namespace_id`, `dt`, `meta.id`. */
    field: string;
    /**
     * Where it came from: `provide_values` (a contextual attribute the stream asks for; `name` is
     * the attribute), `client` (dt, meta, the platform fields every event has), `stream config`
     * (sample), `experiments` (the reader's enrolment).
     */
    from: 'provide_values' | 'client' | 'stream config' | 'experiments';
    /** The attribute name, for `provide_values`. */
    name?: string;
}
/** What became of one call (or, for delivery codes, of one event, by its `meta.id`). */
export interface Outcome {
    code: ReasonCode;
    /** The stream called (`''` when the name was not a usable string). */
    stream: string;
    /** The action, when there was one. */
    action?: string;
    /** When it was decided (ms since the epoch). */
    time: number;
    /** The event's `meta.id` (queued and the delivery codes). */
    id?: string;
    detail?: OutcomeDetail;
    /** The event as built (queued): what would leave the browser (see {@link addedFields}). */
    event?: MetricsEvent;
}
/** Receives outcomes. */
export type OutcomeListener = (outcome: Outcome) => void;
/**
 * Whether a code means that the call's event will not reach the intake.
 *
 * @param code a reason code
 */
export declare function isDropped(code: ReasonCode): boolean;
/**
 * Which privacy signal refuses, in the order the privacy rule reads them (tests/fixtures/privacy.json):
 * the user's opt-out, then Do Not Track, then Global Privacy Control. Null: none refuses (or the
 * wiki does not respect DNT/GPC).
 *
 * @param optOut the user's preference
 * @param signals the browser's signals (`navigator.doNotTrack` or `window.doNotTrack`, `navigator.globalPrivacyControl`)
 * @param signals.doNotTrack
 * @param signals.globalPrivacyControl
 * @param respect whether DNT and GPC are honoured ($wgMetricsPlatformRespectDoNotTrack)
 */
export declare function privacySignal(optOut: boolean, signals: {
    doNotTrack?: string | null;
    globalPrivacyControl?: boolean;
}, respect: boolean): PrivacySignal | null;
/**
 * An `unknown_stream` outcome of a stream that the control plane lists as past its end becomes
 * `expired`, with the end (the wiki serves no expired stream, so the client only knows it as unknown).
 *
 * @param outcome any outcome
 * @param expired stream → { end, definition } (action=metricsplatformconfig's `expired`)
 */
export declare function withExpiry(outcome: Outcome, expired: Record<string, {
    end: string;
    definition?: string;
}>): Outcome;
/**
 * The field and the limit named by one of the client's data problems (eventData.ts, webBaseSchema.ts),
 * so that the inspector can show them apart from the sentence.
 *
 * @example invalidDataDetail( 'action_context is 8193 characters, more than 8192' )
 *     // { field: 'action_context', limit: 'at most 8192 characters', problem: '…' }
 * @param problem the sentence
 */
export declare function invalidDataDetail(problem: string): OutcomeDetail;
/**
 * What the client added to the caller's data in a built event, and from where: `dt` and `meta`
 * (the client), `sample` (the stream's config), each contextual attribute (the stream's
 * `provide_values`; `agent.client_platform*`, on every event, from the client) and `experiments`.
 *
 * @example addedFields( event, { producers: { metrics_platform_client: { provide_values: [ 'page_id' ] } } } )
 *     // [ { field: 'dt', from: 'client' }, …, { field: 'page.id', from: 'provide_values', name: 'page_id' } ]
 * @param event a built event (a `queued` outcome's)
 * @param config its stream's config (null when unknown: the attributes are then the client's)
 */
export declare function addedFields(event: MetricsEvent, config: StreamConfig | null): AddedField[];
