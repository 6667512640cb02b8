import type { ContextAttributes, JsonObject } from './types';
/**
 * Every contextual attribute a stream may ask for in `provide_values`. The event field is the name
 * split at its first underscore: `page_user_groups_allowed_to_edit` → `page.user_groups_allowed_to_edit`.
 */
export declare const CONTEXT_ATTRIBUTE_NAMES: readonly string[];
/**
 * Names of the catalogue that the event schema (analytics/product_metrics/web/base, as upstream
 * ships it) has no field for, with the reason. A stream asking for one is refused when its config
 * loads; no client ever writes them. (Upstream's clients offer them, and their events fail
 * validation — drift not copied.)
 */
export declare const ATTRIBUTES_WITHOUT_SCHEMA_FIELD: Readonly<Record<string, string>>;
/**
 * Names the intake records from the request instead of the client writing them:
 * `agent_ua_string` is the request's User-Agent header, stored as
 * `http.request_headers['user-agent']` (the schema has no `agent.ua_string`).
 */
export declare const INTAKE_RECORDED_ATTRIBUTES: readonly string[];
/** The attribute groups, i.e. the top-level event fields that hold contextual attributes. */
export type AttributeGroup = 'agent' | 'page' | 'mediawiki' | 'performer';
/** An attribute name resolved to where it lives in the event. */
export interface AttributePath {
    name: string;
    group: AttributeGroup;
    key: string;
}
/**
 * Whether `name` is a contextual attribute that streams may ask for.
 *
 * @param name e.g. `page_id`
 */
export declare function isKnownAttribute(name: string): boolean;
/**
 * Splits an attribute name at its first underscore.
 *
 * @example attributePath( 'page_namespace_id' ) // { name, group: 'page', key: 'namespace_id' }
 * @param name a known attribute name
 */
export declare function attributePath(name: string): AttributePath;
/** The five edit-count buckets, with the exact labels of the monoschema. */
export declare const EDIT_COUNT_BUCKETS: readonly ["0 edits", "1-4 edits", "5-99 edits", "100-999 edits", "1000+ edits"];
/** One of {@link EDIT_COUNT_BUCKETS}. */
export type EditCountBucket = typeof EDIT_COUNT_BUCKETS[number];
/**
 * The low-granularity bucket for an edit count.
 *
 * @example editCountBucket( 4 ) // '1-4 edits'
 * @param editCount a whole number of edits; anything else gives `undefined`
 */
export declare function editCountBucket(editCount: unknown): EditCountBucket | undefined;
/**
 * Compiles a `provide_values` list into the paths to copy, in order, without duplicates; the two
 * agent platform fields always come first. Names the client does not write
 * ({@link INTAKE_RECORDED_ATTRIBUTES}, {@link ATTRIBUTES_WITHOUT_SCHEMA_FIELD}) are left out.
 *
 * @param provideValues known attribute names (validated by the stream config)
 */
export declare function compileAttributeSelection(provideValues: readonly string[]): AttributePath[];
/**
 * Copies the selected attributes from `context` into `target`, nested by group. Null and absent
 * values are omitted; `0`, `false`, `''` and `[]` are kept. Arrays are copied, so later changes to the
 * context do not reach a queued event.
 *
 * @param context nested attributes from the environment
 * @param paths from {@link compileAttributeSelection}
 * @param target the event being built
 */
export declare function addContextAttributes(context: ContextAttributes, paths: readonly AttributePath[], target: JsonObject): void;
