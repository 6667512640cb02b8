import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { modelledArrowTable } from './modelledTableArrow';
import { moveIntoPlace, pendingFolder, writeParquetFile } from './partitionFolder';
import { MANIFEST_FILE, PartitionManifest, readManifest, staleReason } from './partitionManifest';
import type { ModelledTableSource, SourceTable } from './tableSource';

/** Rows per Parquet file of a modelled table (bounded memory: one file's rows are held at a time). */
export const TABLE_ROWS_PER_FILE = 200000;

/** Options of {@link exportModelledTables}. */
export interface TableExportOptions {
	/** The lake's folder; table `t` goes to `<out>/t/dt=YYYY-MM-DD/part-NNNNN.parquet`. */
	out: string;
	/** Days before this one (YYYY-MM-DD, exclusive) are exported; default: today (UTC), so only days that are over. */
	until?: string;
	/** Rows per file (default {@link TABLE_ROWS_PER_FILE}). */
	rowsPerFile?: number;
	/** Only these tables (store names, `clicks_v1`); default every modelled table. */
	tables?: readonly string[];
	/** The clock of the manifests' `exportedAt` (tests pass a fake one). Default Date.now. */
	now?: () => number;
}

/** What an export did for one day of one table. */
export interface DayWritten {
	table: string;
	day: string;
	files: number;
	rows: number;
	/** Why an exported day was written again (late rows, purged drop columns, a privacy change); absent for a new day. */
	rewritten?: string;
}

/** What {@link exportModelledTables} did. */
export interface TableExportResult {
	/** Days written now (new, or written again with the reason). */
	written: DayWritten[];
	/** Days already exported with what the store holds, per table. */
	kept: { table: string; days: string[] }[];
}

/**
 * The privacy of each column as a manifest records it (a column whose clear values the store is still
 * rewriting to hashes is `hash (rewrite pending)`, so the day is exported again when that is done).
 *
 * @param table the table
 */
function privacyOf( table: SourceTable ): Record<string, string> {
	const privacy: Record<string, string> = {};
	table.columns.forEach( ( c ) => {
		privacy[ c.name ] = c.rewriting ? `${ c.privacy } (rewrite pending)` : c.privacy;
	} );
	return privacy;
}

/**
 * Writes one day of a table into the pending folder, with its manifest describing exactly the rows
 * written (counted while writing, so rows that arrive meanwhile make the next run write the day
 * again rather than be lost).
 *
 * @param source the store
 * @param table the table
 * @param day YYYY-MM-DD
 * @param pending the empty folder to write into
 * @param rowsPerFile rows per Parquet file
 * @param exportedAt the manifest's time
 * @return the manifest written
 */
async function writeDay( source: ModelledTableSource, table: SourceTable, day: string, pending: string, rowsPerFile: number, exportedAt: string ): Promise<PartitionManifest> {
	const dropAt = table.columns.map( ( c, i ) => c.privacy === 'drop' ? i : -1 ).filter( ( i ) => i >= 0 );
	const manifest: PartitionManifest = { format: 1, table: table.physical, day, rows: 0, lastReceivedAt: '', dropHeld: 0, files: [], privacy: privacyOf( table ), exportedAt };
	for await ( const page of source.rowsOfDay( table, day, rowsPerFile ) ) {
		const name = `part-${ String( manifest.files.length ).padStart( 5, '0' ) }.parquet`;
		writeParquetFile( path.join( pending, name ), modelledArrowTable( table, page ) );
		manifest.files.push( name );
		manifest.rows += page.length;
		for ( const row of page ) {
			if ( row.receivedAt > manifest.lastReceivedAt ) {
				manifest.lastReceivedAt = row.receivedAt;
			}
			for ( const i of dropAt ) {
				manifest.dropHeld += row.values[ i ] === null ? 0 : 1;
			}
		}
	}
	writeFileSync( path.join( pending, MANIFEST_FILE ), JSON.stringify( manifest, null, '\t' ) + '\n' );
	return manifest;
}

/**
 * Exports the store's modelled tables to Parquet (zstd), one Hive-style partition folder per UTC day
 * the events were received: `<out>/<table>/dt=YYYY-MM-DD/part-00000.parquet` (plus `_mp_export.json`),
 * readable by DuckDB (`read_parquet('<out>/<table>/*\/*.parquet', hive_partitioning = true,
 * union_by_name = true)`), Spark, Trino and Hive. Types: see PARQUET_TYPES (modelledTableArrow.ts).
 *
 * Incremental and idempotent: each run compares every stored day before `until` with the manifest
 * of its exported folder (rows, latest `received_at`, `drop` values held, privacy tags) and writes
 * only days that are new or differ; a re-run with nothing new writes nothing (no file is touched). A
 * day is written in full in a work folder (`<out>/.mp-export-tmp`, see pendingFolder) and then moved
 * into place (see moveIntoPlace), so a run killed halfway leaves no partial partition. Late rows for a day
 * already exported (a transaction that committed after midnight, another intake machine's clock) and
 * the purge emptying `drop` columns make that day be written again, whole. Days from `until` on (by
 * default today) are left for a later run. A day the store no longer has stays in the lake (the lake's
 * retention is its own). Run one export at a time per lake (cron, a systemd timer).
 *
 * @param source the store's modelled tables (SQLite or PostgreSQL)
 * @param options the folder, the last day, rows per file, which tables
 * @throws {Error} when reading the store or writing fails (days already moved into place stay)
 */
export async function exportModelledTables( source: ModelledTableSource, options: TableExportOptions ): Promise<TableExportResult> {
	const now = options.now || Date.now;
	const until = options.until || new Date( now() ).toISOString().slice( 0, 10 );
	const rowsPerFile = Math.max( 1, Math.floor( options.rowsPerFile || TABLE_ROWS_PER_FILE ) );
	const result: TableExportResult = { written: [], kept: [] };
	for ( const table of await source.tables() ) {
		if ( options.tables && !options.tables.includes( table.physical ) ) {
			continue;
		}
		const tableDir = path.join( options.out, table.physical );
		const privacy = privacyOf( table );
		const kept: string[] = [];
		for ( const [ day, summary ] of await source.daySummaries( table, until ) ) {
			const final = path.join( tableDir, `dt=${ day }` );
			const exists = existsSync( final );
			const reason = exists ? staleReason( readManifest( final ), summary, privacy ) : null;
			if ( exists && reason === null ) {
				kept.push( day );
				continue;
			}
			mkdirSync( tableDir, { recursive: true } );
			const pending = pendingFolder( options.out, table.physical, day );
			let manifest: PartitionManifest;
			try {
				manifest = await writeDay( source, table, day, pending, rowsPerFile, new Date( now() ).toISOString() );
			} catch ( e ) {
				rmSync( pending, { recursive: true, force: true } );
				throw e;
			}
			if ( moveIntoPlace( pending, final, exists ) ) {
				result.written.push( Object.assign( { table: table.physical, day, files: manifest.files.length, rows: manifest.rows }, reason === null ? {} : { rewritten: reason } ) );
			} else {
				kept.push( day );
			}
		}
		result.kept.push( { table: table.physical, days: kept } );
	}
	return result;
}
