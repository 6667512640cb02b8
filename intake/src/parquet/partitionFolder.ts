import { type Table, tableToIPC } from 'apache-arrow';
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Compression, Table as WasmTable, writeParquet, WriterPropertiesBuilder } from 'parquet-wasm';
import { processAlive } from '../processAlive';

/**
 * Writes an Arrow table to a Parquet file, zstd-compressed (parquet-wasm, Parquet format 2).
 *
 * @param file the file to write (replaced if present)
 * @param table the rows
 * @throws {Error} when writing fails
 */
export function writeParquetFile( file: string, table: Table ): void {
	const wasm = WasmTable.fromIPCStream( tableToIPC( table, 'stream' ) );
	writeFileSync( file, writeParquet( wasm, new WriterPropertiesBuilder().setCompression( Compression.ZSTD ).build() ) );
}

/** The lake's folder for days being written, outside every table's folder. */
export const WORK_FOLDER = '.mp-export-tmp';

/**
 * A fresh folder to write one day of a table into before it is moved into place:
 * `<out>/.mp-export-tmp/<table>.dt=YYYY-MM-DD.<pid>`. It is outside the table's folder because
 * DuckDB's globs (`<table>/*\/*.parquet`) match hidden folders too, so a hidden folder beside the
 * partitions would show a day being written, or one killed halfway. Folders left by export processes
 * that are gone (killed) are removed here.
 *
 * @param out the lake's folder
 * @param table the table's folder name
 * @param day YYYY-MM-DD
 * @return the new, empty folder
 */
export function pendingFolder( out: string, table: string, day: string ): string {
	const work = path.join( out, WORK_FOLDER );
	mkdirSync( work, { recursive: true } );
	for ( const name of readdirSync( work ) ) {
		const pid = Number( /\.(\d+)(\.old)?$/.exec( name )?.[ 1 ] );
		if ( pid && pid !== process.pid && !processAlive( pid ) ) {
			rmSync( path.join( work, name ), { recursive: true, force: true } );
		}
	}
	const pending = path.join( work, `${ table }.dt=${ day }.${ process.pid }` );
	rmSync( pending, { recursive: true, force: true } );
	mkdirSync( pending );
	return pending;
}

/**
 * Puts a complete day folder, written under a hidden name, in place of the day's folder.
 *
 * - No folder yet: one rename, atomic: readers see no partition, then the whole one.
 * - A folder there (a re-export): the old folder is renamed aside (into the work folder), the new
 *   one renamed in, the old one removed. Readers never see a partial or doubled day; one that lists the table's
 *   folders between the two renames (microseconds apart) finds the day missing. (Linux has an atomic
 *   exchange of two folders, renameat2 RENAME_EXCHANGE, but Node does not offer it.)
 *
 * @param pending the complete folder (see {@link pendingFolder}, on the same file system)
 * @param final the day's folder (`<table>/dt=YYYY-MM-DD`)
 * @param replace whether a folder is expected there (a re-export)
 * @return false when another export run put its folder there first (`pending` is then removed)
 */
export function moveIntoPlace( pending: string, final: string, replace: boolean ): boolean {
	if ( replace ) {
		const aside = `${ pending }.old`;
		try {
			renameSync( final, aside );
		} catch ( e ) {
			// Another run moved it first: leave the day to it.
			rmSync( pending, { recursive: true, force: true } );
			return false;
		}
		try {
			renameSync( pending, final );
		} catch ( e ) {
			rmSync( pending, { recursive: true, force: true } );
			try {
				renameSync( aside, final );
			} catch ( e2 ) {
				// Another run's folder is in place: ours was the older copy.
			}
			rmSync( aside, { recursive: true, force: true } );
			return false;
		}
		rmSync( aside, { recursive: true, force: true } );
		return true;
	}
	try {
		renameSync( pending, final );
		return true;
	} catch ( e ) {
		// Another export run finished the same day first: its folder stands.
		rmSync( pending, { recursive: true, force: true } );
		return false;
	}
}
