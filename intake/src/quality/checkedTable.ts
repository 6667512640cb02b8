import type { PrivacyTag } from '../modelling/tableDefinition';
import type { QualityCheck } from './checkDefinition';

/** A column as the table definition declares it (what the schema check compares the table with). */
export interface DeclaredColumn {
	name: string;
	/** Whether the definition gave the column a privacy tag (`keep`, `hash` or `drop`). */
	privacyTagged: boolean;
	/** Its privacy tag (default `keep`): results of checks of a `drop` column keep no value of it. */
	privacy?: PrivacyTag;
}

/** A table to check: its SQLite name, its declared columns and its declared checks. */
export interface CheckedTable {
	/** The SQLite table (e.g. `button_clicks_v1`). */
	table: string;
	columns: DeclaredColumn[];
	checks: QualityCheck[];
}

/**
 * Columns every modelled table has besides the declared ones (`event_id` is `meta.id`, a random
 * UUID that identifies no one; `received_at`; `day`): the schema check does not judge them.
 */
export const TABLE_SYSTEM_COLUMNS: readonly string[] = [ 'event_id', 'received_at', 'day' ];

/**
 * SQL for an identifier (a table or column name), quoted as SQLite quotes identifiers.
 *
 * @param name
 */
export function sqlName( name: string ): string {
	return `"${ name.replace( /"/g, '""' ) }"`;
}

/**
 * A whole number in words with thousands separators (`2,812`).
 *
 * @param n
 */
export function count( n: number ): string {
	return n.toLocaleString( 'en-US' );
}
