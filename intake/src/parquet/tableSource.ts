import type { ColumnType, PrivacyTag } from '../modelling/tableDefinition';

/** One defined column of a modelled table, as the store's catalogue (`mp_columns`) has it. */
export interface SourceColumn {
	/** The column's name in the store and in the Parquet files. */
	name: string;
	/** The type the table keeps for it (`string` for `hash` columns: the hex HMAC). */
	type: ColumnType;
	/** Its privacy tag: `drop` columns are emptied by the purge, so the export watches them. */
	privacy: PrivacyTag;
	/**
	 * Whether the store is still rewriting values it holds in clear to their keyed hash (the column was
	 * turned to `hash`: rehashColumns.ts, `mp_rehash`): the rows exported now may hold clear values, so
	 * the days are exported again once the rewrite is done.
	 */
	rewriting?: boolean;
}

/** A modelled table of the store, as the export needs it. */
export interface SourceTable {
	/** The store's table name (`button_clicks_v1`), which is also the lake's folder name. */
	physical: string;
	/** Its stream (`meta.stream`). */
	stream: string;
	/** Whether it has a `day` column (partition `day`); otherwise the day is read from `received_at`. */
	partitioned: boolean;
	/** The defined columns, in the table's order (without `event_id`, `received_at` and `day`). */
	columns: SourceColumn[];
}

/**
 * What a day of a table holds, in a form cheap to read from the store and to compare with what was
 * exported: a late row raises `rows` (rows are never deleted from a modelled table), and the purge
 * emptying `drop` columns lowers `dropHeld`.
 */
export interface DaySummary {
	/** Rows of the day. */
	rows: number;
	/** The latest `received_at` of the day, ISO 8601 UTC with ms (`''` for no rows). */
	lastReceivedAt: string;
	/** Values held (not NULL) in the table's `drop` columns, summed over the columns. */
	dropHeld: number;
}

/** A value of a defined column as a store returns it (SQLite: booleans as 0/1). */
export type SourceValue = string | number | bigint | boolean | null;

/** One row of a modelled table, as the export reads it. */
export interface SourceRow {
	/** `event_id`: the event's `meta.id`. */
	eventId: string;
	/** `received_at`, ISO 8601 UTC with ms. */
	receivedAt: string;
	/** The defined columns' values, in {@link SourceTable.columns}' order. */
	values: SourceValue[];
}

/**
 * A store's modelled tables, read for the Parquet export (SQLite: sqliteTableSource.ts; PostgreSQL:
 * postgresTableSource.ts). The day of a row is its `day` column, or the UTC day of `received_at` for
 * tables made without one: either way the day the intake received the event.
 */
export interface ModelledTableSource {
	/** The store's modelled tables (empty when it has none). */
	tables(): Promise<SourceTable[]>;
	/**
	 * Each stored day of a table before `until` with its summary.
	 *
	 * @param table one of {@link tables}' tables
	 * @param until YYYY-MM-DD, exclusive
	 */
	daySummaries( table: SourceTable, until: string ): Promise<Map<string, DaySummary>>;
	/**
	 * The rows of one day, in pages of at most `pageSize` rows, all from one snapshot of the store, in
	 * the order the store keeps them (SQLite: the order written).
	 *
	 * @param table the table
	 * @param day YYYY-MM-DD
	 * @param pageSize rows per page
	 */
	rowsOfDay( table: SourceTable, day: string, pageSize: number ): AsyncIterable<SourceRow[]>;
	/** Closes the connection(s). */
	close(): Promise<void>;
}
