/**
 * Shared types of the pure core. Nothing here touches `mw`, `window` or `document`.
 */
/** A JSON value as it may appear in an event. */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
/** A JSON object; an `undefined` member is left out when serialized. */
export interface JsonObject {
    [key: string]: JsonValue | undefined;
}
/** Which identifier decides whether a subject is in sample. */
export type SampleUnit = 'pageview' | 'session' | 'device';
/** The `sample` block of a stream config. */
export type SampleConfig = {
    /** Fraction of subjects in sample, from 0 to 1. */
    rate: number;
    /** The identifier that is hashed to decide. */
    unit: SampleUnit;
};
/** The twelve curation operators of the Metrics Platform. */
export type CurationOperator = 'equals' | 'not_equals' | 'greater_than' | 'less_than' | 'greater_than_or_equals' | 'less_than_or_equals' | 'in' | 'not_in' | 'contains' | 'does_not_contain' | 'contains_all' | 'contains_any';
/** Curation rules: attribute name → operator → operand. All rules must pass. */
export type CurationRules = Record<string, Partial<Record<CurationOperator, JsonValue>>>;
/** What the Metrics Platform client reads from a stream config. */
export interface MetricsPlatformProducerConfig {
    /** Event-name prefixes that `dispatch()` delivers to this stream. */
    events?: string[];
    /** Contextual attributes attached to every event of this stream. */
    provide_values?: string[];
    /** Rules an event's contextual attributes must pass to be sent. */
    curation?: CurationRules;
    /** Send events of this stream to another stream name instead. */
    stream_name?: string;
}
/** One stream's configuration, as the browser receives it. */
export interface StreamConfig {
    /** Sampling; absent means every subject is in sample. */
    sample?: SampleConfig;
    producers?: {
        metrics_platform_client?: MetricsPlatformProducerConfig;
    };
    /** The `$schema` that `dispatch()` writes for this stream (default: the web base schema). */
    schema_id?: string;
    /** Other fields (schema_title, destination_event_service, ...) are kept but not used. */
    [key: string]: unknown;
}
/**
 * Stream configs in either accepted form:
 * - the browser form, `{ "<stream>": StreamConfig }`;
 * - the action=streamconfigs form, `{ streams: { "<stream>": StreamConfig } }`;
 * - `false`: every stream is allowed, unsampled and without attributes (development wikis).
 */
export type StreamConfigsInput = Record<string, unknown> | {
    streams: Record<string, unknown>;
} | false;
/** Contextual attributes, nested as in the event: `{ agent, page, mediawiki, performer }`. */
export interface ContextAttributes {
    agent?: {
        client_platform?: string;
        client_platform_family?: string;
        ua_string?: string;
        [key: string]: JsonValue | undefined;
    };
    page?: {
        [key: string]: JsonValue | undefined;
    };
    mediawiki?: {
        [key: string]: JsonValue | undefined;
    };
    performer?: {
        [key: string]: JsonValue | undefined;
    };
}
/** The interaction fields of the monoschema that callers may set. */
export interface InteractionData {
    action_subtype?: string;
    action_source?: string;
    action_context?: string;
    element_id?: string;
    element_friendly_name?: string;
    funnel_name?: string;
    funnel_entry_token?: string;
    funnel_event_sequence_position?: number;
    instrument_name?: string;
    /** Custom fields, for schemas that extend the base schema. */
    [key: string]: JsonValue | undefined;
}
/** A finished event, ready for the intake. */
export interface MetricsEvent {
    $schema: string;
    action?: string;
    dt: string;
    meta: {
        stream: string;
        domain?: string;
        id: string;
        [key: string]: JsonValue | undefined;
    };
    agent?: JsonObject;
    sample?: SampleConfig;
    [key: string]: JsonValue | undefined;
}
