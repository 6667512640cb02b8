import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { EventSink } from '../sink';
import { eventsTable } from './eventsTable';
import { moveIntoPlace, pendingFolder, writeParquetFile } from './partitionFolder';

/** Rows per Parquet file: a day with more is written as part-00000, part-00001, … (bounded memory). */
export const ROWS_PER_FILE = 200000;

/** Options of {@link exportEventsToParquet}. */
export interface ParquetExportOptions {
	/** The lake's folder; the events go to `<out>/events/dt=YYYY-MM-DD/part-NNNNN.parquet`. */
	out: string;
	/**
	 * Days before this one (YYYY-MM-DD, exclusive) are exported; default: today (UTC), so that only
	 * days that are over are written (a day's folder is never rewritten; see below).
	 */
	until?: string;
	/** Rows per file (default {@link ROWS_PER_FILE}). */
	rowsPerFile?: number;
	/** The table's folder name (default `events`). */
	table?: string;
}

/** What an export did. */
export interface ParquetExportResult {
	/** Days written now, with their files and rows. */
	written: { day: string; files: number; rows: number }[];
	/** Days whose folder was there already (exported by an earlier run). */
	kept: string[];
}

/**
 * Exports the store's raw events to Parquet (zstd), one Hive-style partition folder per UTC day of the
 * events' own time: `<out>/events/dt=YYYY-MM-DD/part-00000.parquet`, readable by DuckDB, Spark, Trino and
 * Hive (`read_parquet('<out>/events/*\/*.parquet', hive_partitioning = true)`).
 *
 * Incremental and idempotent: a day's folder is written in a work folder (`<out>/.mp-export-tmp`, see
 * pendingFolder) and renamed into place when complete, and a day whose folder exists is not written
 * again; so a re-run writes only the new days, and a run killed halfway leaves no partial partition.
 * Events that reach the store for a day after it was exported are not in the lake (delete the day's
 * folder to export it again).
 *
 * @param sink a store that reads by day (SQLite or PostgreSQL)
 * @param options the folder, the last day, rows per file
 * @throws {Error} when the store cannot read by day, or writing fails
 */
export async function exportEventsToParquet( sink: EventSink, options: ParquetExportOptions ): Promise<ParquetExportResult> {
	if ( !sink.storedDays || !sink.eventsOfDay ) {
		throw new Error( 'this store cannot be read by day (the JSON-lines store): export from SQLite or PostgreSQL' );
	}
	const until = options.until || new Date().toISOString().slice( 0, 10 );
	const rowsPerFile = Math.max( 1, Math.floor( options.rowsPerFile || ROWS_PER_FILE ) );
	const tableDir = path.join( options.out, options.table || 'events' );
	mkdirSync( tableDir, { recursive: true } );
	const result: ParquetExportResult = { written: [], kept: [] };
	for ( const day of await sink.storedDays() ) {
		if ( day >= until ) {
			continue;
		}
		const final = path.join( tableDir, `dt=${ day }` );
		if ( existsSync( final ) ) {
			result.kept.push( day );
			continue;
		}
		const pending = pendingFolder( options.out, options.table || 'events', day );
		let after: { t: number; id: string } | null = null;
		let files = 0;
		let rows = 0;
		try {
			for ( ;; ) {
				const page = await sink.eventsOfDay( day, after, rowsPerFile );
				if ( !page.length ) {
					break;
				}
				writeParquetFile( path.join( pending, `part-${ String( files ).padStart( 5, '0' ) }.parquet` ), eventsTable( page ) );
				files++;
				rows += page.length;
				after = { t: page[ page.length - 1 ].t, id: page[ page.length - 1 ].id };
				if ( page.length < rowsPerFile ) {
					break;
				}
			}
		} catch ( e ) {
			rmSync( pending, { recursive: true, force: true } );
			throw e;
		}
		if ( !moveIntoPlace( pending, final, false ) ) {
			// Another export run finished the same day first: its folder stands.
			result.kept.push( day );
			continue;
		}
		result.written.push( { day, files, rows } );
	}
	return result;
}
