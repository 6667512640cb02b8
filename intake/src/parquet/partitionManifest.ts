import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DaySummary } from './tableSource';

/**
 * The file in each exported day folder that says what its Parquet files hold. Its name starts with `_`,
 * which Spark, Hive and Trino skip when they list a table's files (and a `*.parquet` glob does not
 * match it). Being inside the folder, it is renamed into place with the files it describes: a
 * partition and its manifest never disagree.
 */
export const MANIFEST_FILE = '_mp_export.json';

/** What {@link MANIFEST_FILE} holds. */
export interface PartitionManifest extends DaySummary {
	/** The layout of this file (1). */
	format: 1;
	/** The store's table. */
	table: string;
	/** The day, YYYY-MM-DD. */
	day: string;
	/** The Parquet files, in order. */
	files: string[];
	/**
	 * The privacy tag of each column exported, as the store's catalogue had it then; `hash (rewrite
	 * pending)` while the store was still rewriting clear values of the column to hashes.
	 */
	privacy: Record<string, string>;
	/** When it was written, ISO 8601. */
	exportedAt: string;
}

/**
 * The manifest of an exported day folder, or null when it has none or it cannot be read.
 *
 * @param folder the day's folder (`<out>/<table>/dt=YYYY-MM-DD`)
 */
export function readManifest( folder: string ): PartitionManifest | null {
	try {
		const m = JSON.parse( readFileSync( path.join( folder, MANIFEST_FILE ), 'utf8' ) ) as PartitionManifest;
		return m && m.format === 1 && typeof m.rows === 'number' && typeof m.lastReceivedAt === 'string' && typeof m.dropHeld === 'number' && m.privacy && typeof m.privacy === 'object' ? m : null;
	} catch ( e ) {
		return null;
	}
}

/**
 * Why an exported day must be written again, or null when it holds what the store holds: its row
 * count, latest receive time or count of `drop` values differ (late rows; the purge emptied `drop`
 * columns), or a column exported is now tagged otherwise (e.g. `keep` → `hash`, and again when the
 * store's rewrite of the clear values is done: the lake must not keep what the store no longer holds
 * in clear).
 *
 * @param manifest the folder's manifest (null: none)
 * @param store the store's summary of the day
 * @param privacy the store's privacy tags of the table's columns now
 */
export function staleReason( manifest: PartitionManifest | null, store: DaySummary, privacy: Record<string, string> ): string | null {
	if ( !manifest ) {
		return 'no manifest';
	}
	if ( manifest.rows !== store.rows ) {
		return `${ store.rows - manifest.rows > 0 ? '+' : '' }${ store.rows - manifest.rows } rows`;
	}
	if ( manifest.lastReceivedAt !== store.lastReceivedAt ) {
		return 'latest receive time changed';
	}
	if ( manifest.dropHeld !== store.dropHeld ) {
		return 'drop columns purged';
	}
	for ( const [ column, tag ] of Object.entries( manifest.privacy ) ) {
		if ( privacy[ column ] !== undefined && privacy[ column ] !== tag ) {
			return `column ${ column } is now "${ privacy[ column ] }"`;
		}
	}
	return null;
}
