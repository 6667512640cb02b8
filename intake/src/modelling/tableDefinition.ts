import type { QualityCheck, UnusableCheck } from '../quality/checkDefinition';

/**
 * Table definitions: the analyst's description of the tables ("views") the intake fills from one
 * stream's events as it accepts them. They come from the stream's config (the `tables` key, which is
 * how a definition on the wiki delivers them) or from a file given to `mp-intake --tables` (see
 * {@link TablesFile}). Parse untrusted input with `parseStreamModel` / `parseTablesFile`.
 */

/**
 * What happens to a column's values for privacy:
 * - `keep`: stored as they are;
 * - `hash`: stored only as a keyed HMAC-SHA-256 (hex) with the installation's secret, never in clear;
 * - `drop`: stored as they are, then set to NULL once the row is older than the stream's retention.
 */
export type PrivacyTag = 'keep' | 'hash' | 'drop';

/** The privacy tags, in the order messages list them. */
export const PRIVACY_TAGS: readonly PrivacyTag[] = [ 'keep', 'hash', 'drop' ];

/**
 * A column's type, named as JSON Schema names them (`json`: any value, stored as its JSON text).
 * SQLite storage: string and json TEXT, integer and boolean (0/1) INTEGER, number REAL.
 */
export type ColumnType = 'string' | 'integer' | 'number' | 'boolean' | 'json';

/** The column types, in the order messages list them. */
export const COLUMN_TYPES: readonly ColumnType[] = [ 'string', 'integer', 'number', 'boolean', 'json' ];

/** A JSON scalar, as a row filter compares it. */
export type FilterValue = string | number | boolean | null;

/**
 * A condition on one event field. An absent field counts as `null` for `equals`/`in`; `exists: false`
 * holds for absent and null fields.
 */
export interface FieldCondition {
	equals?: FilterValue;
	not_equals?: FilterValue;
	in?: FilterValue[];
	not_in?: FilterValue[];
	exists?: boolean;
}

/** The operators of {@link FieldCondition}. */
export const FILTER_OPERATORS: readonly ( keyof FieldCondition )[] = [ 'equals', 'not_equals', 'in', 'not_in', 'exists' ];

/**
 * A row filter: event path (dotted, e.g. `performer.is_bot`) → condition. A row is written only when
 * every condition holds, e.g. `{ "performer.is_bot": { "not_equals": true }, "action": { "in": [ "click" ] } }`.
 */
export type RowFilter = Record<string, FieldCondition>;

/** One column of a table, as defined (after parsing; defaults applied). */
export interface ColumnDefinition {
	/** The column's name: `^[a-z_][a-z0-9_]*$`, at most 63 characters; default: the path with `.` → `_` (`page.id` → `page_id`). */
	name: string;
	/** The event field it is projected from, dotted (`page.id`, `performer.session_id`, `action`). */
	path: string;
	/** The type; null: taken from the event's JSON Schema (`json` when the schema does not say). */
	type: ColumnType | null;
	/** The description; null: the field's `description` in the JSON Schema. */
	description: string | null;
	/** What happens to its values (see {@link PrivacyTag}); `keep` when the definition gives none. */
	privacy: PrivacyTag;
	/** Whether the definition gave a privacy tag (quality checks can forbid untagged identifiers). */
	privacyTagged: boolean;
}

/** One table of a stream, as defined (after parsing; defaults applied). */
export interface TableDefinition {
	/**
	 * The logical name, `^[a-z][a-z0-9_]*$`, at most 48 characters. The SQLite table is named
	 * `<name>_v<major>` after the major version of the events' schema (see `physicalTableName`).
	 */
	name: string;
	/** What the table is for (dataset documentation); null when not given. */
	description: string | null;
	/** The columns, in order. Every table also has `event_id`, `received_at` and (partitioned by day) `day`. */
	columns: ColumnDefinition[];
	/** Rows are written only for events that pass it; null: every event. */
	filter: RowFilter | null;
	/**
	 * Default true: one row per event — a re-sent event (the same `meta.id` and `dt`, the raw store's
	 * de-duplication key) adds no row. False: one row per accepted copy, re-sends included (to count
	 * deliveries).
	 */
	dedupe: boolean;
	/** `day`: a `day` column (`YYYY-MM-DD`, UTC, of the receive time) with an index; `none`: no such column. Default `day`. */
	partition: 'day' | 'none';
	/** Its data-quality checks (see `intake/src/quality/checkDefinition.ts`); empty when none are declared. */
	checks: QualityCheck[];
	/**
	 * Declared checks that cannot be used, with their problem: a quality run reports each as `error`
	 * (the table and its other checks work). Absent or empty when every check is usable.
	 */
	unusableChecks?: UnusableCheck[];
}

/** A stream's modelling: how long its raw events are kept and the tables made from them. */
export interface StreamModel {
	/** Days raw events are kept (and `drop` columns keep their values), counted from the receive time; 1–3650, default {@link DEFAULT_RETENTION_DAYS}. */
	retentionDays: number;
	/** Its tables (possibly none). */
	tables: TableDefinition[];
}

/** Days raw events are kept when a stream says nothing (Wikimedia's 90-day purge). */
export const DEFAULT_RETENTION_DAYS = 90;

/** The longest retention a definition may ask for (the wiki's definition schema allows the same). */
export const MAX_RETENTION_DAYS = 3650;

/**
 * The columns every table has besides the defined ones: `event_id` (`meta.id`), `received_at` (the
 * receive time, `meta.dt`, ISO 8601 UTC) and `day` (when partitioned by day). Defined columns may not
 * use these names.
 */
export const SYSTEM_COLUMNS: readonly string[] = [ 'event_id', 'received_at', 'day' ];

/**
 * The file `mp-intake --tables FILE` reads (JSON): stream name (its `meta.stream`) → what its config
 * would hold, e.g.
 * `{ "mywiki.button": { "retention_days": 30, "tables": [ { "name": "button_clicks", "columns": [ { "path": "page.id" } ] } ] } }`.
 * A `{ "streams": { … } }` wrapper is accepted too. For a stream that has `tables` in both its config
 * and the file, the file wins.
 */
export interface TablesFile {
	[ stream: string ]: { retention_days?: number; tables?: unknown[] };
}
