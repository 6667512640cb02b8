import type { CheckResult } from '../quality/checkResult';

/** What a column's values undergo for privacy (see the table definitions); null for system columns. */
export type ColumnPrivacy = 'keep' | 'hash' | 'drop' | null;

/** One column as the documentation shows it. */
export interface DocumentedColumn {
	name: string;
	/** The event field it is projected from (`page.id`); null for the system columns. */
	path: string | null;
	/** The column type (`string`, `integer`, `number`, `boolean`, `json`). */
	type: string;
	/** From the definition, else the JSON Schema; empty when neither says. */
	description: string;
	privacy: ColumnPrivacy;
}

/**
 * Everything the generated documentation says about one modelled table: from its definition, the
 * event schema (types, descriptions), the stream's control-plane fields (owner, retention) and the
 * latest check results. Nothing in it is written by hand.
 */
export interface DocumentedTable {
	/** The SQLite table (`clicks_v1`). */
	table: string;
	/** The stream its rows come from (`meta.stream`). */
	stream: string;
	/** The event schema of its rows (`/analytics/product_metrics/web/base/1.3.0`). */
	schemaId: string;
	/** What the table is for (the definition's `description`); empty when not given. */
	purpose: string;
	/** The stream's owner (the definition's `owner` on the wiki); null when unknown. */
	owner: string | null;
	/** Days raw events are kept, and after which `drop` columns are nulled; null when not known. */
	retentionDays: number | null;
	/** One row per `meta.id`. */
	dedupe: boolean;
	/** `day`: a `day` column (UTC) partitions the rows. */
	partition: 'day' | 'none';
	/** The system columns, then the defined ones, in table order. */
	columns: DocumentedColumn[];
	/** The latest run of the table's checks (empty: never checked). */
	checks: CheckResult[];
}

/**
 * The system columns every modelled table has, documented.
 *
 * @param partition whether the table has a `day` column
 */
export function systemColumns( partition: 'day' | 'none' ): DocumentedColumn[] {
	const columns: DocumentedColumn[] = [
		{ name: 'event_id', path: 'meta.id', type: 'string', description: 'The event\'s meta.id (a random UUID).', privacy: null },
		{ name: 'received_at', path: 'meta.dt', type: 'string', description: 'When the intake received the event (ISO 8601, UTC).', privacy: null },
	];
	return partition === 'day' ? columns.concat( { name: 'day', path: null, type: 'string', description: 'The UTC day of received_at (YYYY-MM-DD); the partition.', privacy: null } ) : columns;
}
