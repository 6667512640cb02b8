import type Database from 'better-sqlite3';
import type { ModelCatalog } from './modelCatalog';
import { DEFAULT_RETENTION_DAYS } from './tableDefinition';
import { sqliteTableExists } from '../sqliteTableExists';

/** What one purge did for one stream. */
export interface StreamPurge {
	stream: string;
	retentionDays: number;
	/** Rows received before this time (ISO 8601) were past retention. */
	cutoff: string;
	/** Raw events deleted. */
	rawDeleted: number;
	/** Failed-event rows deleted. */
	failedDeleted: number;
	/** Per table with `drop` columns: the rows whose drop columns were emptied. */
	dropped: { table: string; columns: string[]; rows: number }[];
}

/** What one purge did. */
export interface PurgeReport {
	/** The time the purge went by, ISO 8601. */
	now: string;
	streams: StreamPurge[];
}

/**
 * Rows a purge step looks at, at most (each step is one statement, so one transaction): between steps
 * the purge yields to the event loop, so that the intake answers requests while it purges a big store.
 */
export const PURGE_CHUNK_ROWS = 10000;

const DAY_MS = 86400000;

/** Lets requests in between chunks when the purge runs inside the intake. */
function breathe(): Promise<void> {
	return new Promise( ( resolve ) => {
		setImmediate( resolve );
	} );
}

/**
 * The streams that have raw events, failed events or tables in the store (through the indexes: no
 * scan of the events).
 *
 * @param db the store
 */
function storedStreams( db: Database.Database ): Set<string> {
	const streams = new Set<string>();
	const distinct = ( table: string ): void => {
		if ( sqliteTableExists( db, table ) ) {
			for ( const row of db.prepare( `WITH RECURSIVE s(x) AS (SELECT MIN(stream) FROM ${ table } UNION ALL SELECT (SELECT MIN(stream) FROM ${ table } WHERE stream > x) FROM s WHERE x IS NOT NULL) SELECT x FROM s WHERE x IS NOT NULL` ).all() as { x: string }[] ) {
				streams.add( row.x );
			}
		}
	};
	distinct( 'events' );
	distinct( 'failed_events' );
	if ( sqliteTableExists( db, 'mp_tables' ) ) {
		for ( const row of db.prepare( 'SELECT DISTINCT stream FROM mp_tables' ).all() as { stream: string }[] ) {
			streams.add( row.stream );
		}
	}
	return streams;
}

/**
 * Deletes the raw events of `stream` received before `cutoff`, in steps that each look at no more than
 * `chunk` of the stream's events (a window of its `(stream, seq)` index) and delete those past the
 * cut-off, yielding in between. Every event of the stream is looked at (receive times need not follow
 * seq, e.g. after the clock was set back), but no step holds the store for longer than one window.
 *
 * @param db the store
 * @param stream
 * @param cutoff ISO 8601
 * @param chunk rows per step
 * @return the events deleted
 */
async function purgeRawEvents( db: Database.Database, stream: string, cutoff: string, chunk: number ): Promise<number> {
	const windowEnd = db.prepare( `SELECT MAX(seq) AS hi FROM (SELECT seq FROM events WHERE stream = ? AND seq > ? ORDER BY seq LIMIT ${ chunk })` ).pluck();
	const remove = db.prepare( 'DELETE FROM events WHERE stream = ? AND seq > ? AND seq <= ? AND dt < ?' );
	let deleted = 0;
	for ( let after = 0; ; ) {
		const hi = windowEnd.get( stream, after ) as number | null;
		if ( hi === null ) {
			return deleted;
		}
		deleted += remove.run( stream, after, hi, cutoff ).changes;
		after = hi;
		await breathe();
	}
}

/**
 * Sets a table's `drop` columns to NULL in its rows received in [from, to), in steps of at most `chunk`
 * rows looked at, yielding in between. A table partitioned by day is walked day by day through its day
 * index (rowid order within a day), the others through their received_at index; each step starts where
 * the last ended, so no row is looked at twice.
 *
 * @param db the store
 * @param table its name, partitioning and drop columns
 * @param table.physical
 * @param table.partitionBy
 * @param table.columns
 * @param from ISO 8601 ('' for the beginning)
 * @param to ISO 8601, exclusive
 * @param chunk rows per step
 * @return the rows emptied
 */
async function emptyDropColumns( db: Database.Database, table: { physical: string; partitionBy: string; columns: string[] }, from: string, to: string, chunk: number ): Promise<number> {
	const name = `"${ table.physical }"`;
	const set = table.columns.map( ( c ) => `"${ c }" = NULL` ).join( ', ' );
	const held = table.columns.map( ( c ) => `"${ c }" IS NOT NULL` ).join( ' OR ' );
	let rows = 0;
	if ( table.partitionBy === 'day' ) {
		const nextDay = db.prepare( `SELECT MIN(day) FROM ${ name } WHERE day > ? AND day <= ?` ).pluck();
		const windowEnd = db.prepare( `SELECT MAX(rowid) FROM (SELECT rowid FROM ${ name } WHERE day = ? AND rowid > ? ORDER BY rowid LIMIT ${ chunk })` ).pluck();
		const update = db.prepare( `UPDATE ${ name } SET ${ set } WHERE day = @day AND rowid > @after AND rowid <= @hi AND received_at >= @from AND received_at < @to AND (${ held })` );
		const lastDay = to.slice( 0, 10 );
		// The day of `from` (from < to, so it is at most the last day), or the table's first day.
		let day = from ? from.slice( 0, 10 ) : nextDay.get( '', lastDay ) as string | null;
		while ( day !== null ) {
			for ( let after = 0; ; ) {
				const hi = windowEnd.get( day, after ) as number | null;
				if ( hi === null ) {
					break;
				}
				rows += update.run( { day, after, hi, from, to } ).changes;
				after = hi;
				await breathe();
			}
			day = nextDay.get( day, lastDay ) as string | null;
		}
		return rows;
	}
	// Windows of the received_at index: rows sharing the window's last receive time all go in it.
	const firstWindowEnd = db.prepare( `SELECT MAX(received_at) FROM (SELECT received_at FROM ${ name } WHERE received_at >= ? AND received_at < ? ORDER BY received_at LIMIT ${ chunk })` ).pluck();
	const windowAfter = db.prepare( `SELECT MAX(received_at) FROM (SELECT received_at FROM ${ name } WHERE received_at > ? AND received_at < ? ORDER BY received_at LIMIT ${ chunk })` ).pluck();
	const updateFirst = db.prepare( `UPDATE ${ name } SET ${ set } WHERE received_at >= @lo AND received_at <= @hi AND received_at < @to AND (${ held })` );
	const updateNext = db.prepare( `UPDATE ${ name } SET ${ set } WHERE received_at > @lo AND received_at <= @hi AND received_at < @to AND (${ held })` );
	let lo = from;
	let first = true;
	for ( ;; ) {
		const hi = ( first ? firstWindowEnd : windowAfter ).get( lo, to ) as string | null;
		if ( hi === null ) {
			return rows;
		}
		rows += ( first ? updateFirst : updateNext ).run( { lo, hi, to } ).changes;
		lo = hi;
		first = false;
		await breathe();
	}
}

/**
 * Deletes the failed events of `stream` received before `cutoff`, at most `chunk` a statement (found
 * through the (stream, received_at) index), yielding in between.
 *
 * @param db the store
 * @param stream
 * @param cutoff ISO 8601
 * @param chunk rows per step
 * @return the rows deleted
 */
async function purgeFailedEvents( db: Database.Database, stream: string, cutoff: string, chunk: number ): Promise<number> {
	const remove = db.prepare( `DELETE FROM failed_events WHERE seq IN (SELECT seq FROM failed_events WHERE stream = ? AND received_at < ? LIMIT ${ chunk })` );
	let deleted = 0;
	for ( let n = chunk; n === chunk; ) {
		n = remove.run( stream, cutoff ).changes;
		deleted += n;
		await breathe();
	}
	return deleted;
}

/**
 * Enforces every stream's retention as of `now`, on its own or from a timer inside the intake:
 * - raw events received (`meta.dt`) before `now − retention` are deleted;
 * - the failed events of the stream received before then are deleted;
 * - in the stream's tables, `drop` columns of rows received before then are set to NULL (a watermark
 *   in `mp_tables.dropped_until` remembers how far that went: the cut-off, or the newest row's receive
 *   time when that is earlier; a column newly tagged `drop` sets it back to the beginning).
 * Each statement looks at no more than `chunk` rows and is its own transaction; the purge yields to the
 * event loop between them (setImmediate), so the intake keeps answering while it purges a big store.
 * A row received at or after the cut-off is never touched. Streams no declaration mentions any more
 * keep their data {@link DEFAULT_RETENTION_DAYS} days. `hash` columns need no purge: they never held
 * the value. Each stream's purge is logged.
 *
 * @param db the store
 * @param catalog the streams' retention and tables (null: every stream gets the default)
 * @param now the time, ms since the epoch (tests pass a fake clock)
 * @param log receives one line per stream that had something removed
 * @param chunk rows looked at per statement, at most (default {@link PURGE_CHUNK_ROWS})
 */
export async function purgeStore( db: Database.Database, catalog: ModelCatalog | null, now: number, log: ( message: string ) => void, chunk = PURGE_CHUNK_ROWS ): Promise<PurgeReport> {
	const report: PurgeReport = { now: new Date( now ).toISOString(), streams: [] };
	const hasEvents = sqliteTableExists( db, 'events' );
	const hasFailed = sqliteTableExists( db, 'failed_events' );
	const hasTables = sqliteTableExists( db, 'mp_tables' );
	for ( const stream of storedStreams( db ) ) {
		const retentionDays = catalog ? catalog.get( stream ).retentionDays : DEFAULT_RETENTION_DAYS;
		const cutoff = new Date( now - retentionDays * DAY_MS ).toISOString();
		const done: StreamPurge = { stream, retentionDays, cutoff, rawDeleted: 0, failedDeleted: 0, dropped: [] };
		if ( hasEvents ) {
			done.rawDeleted = await purgeRawEvents( db, stream, cutoff, chunk );
		}
		if ( hasFailed ) {
			done.failedDeleted = await purgeFailedEvents( db, stream, cutoff, chunk );
		}
		if ( hasTables ) {
			const tables = db.prepare( 'SELECT physical, dropped_until, partition_by FROM mp_tables WHERE stream = ?' ).all( stream ) as { physical: string; dropped_until: string; partition_by: string }[];
			for ( const table of tables ) {
				const columns = ( db.prepare( "SELECT name FROM mp_columns WHERE physical = ? AND privacy = 'drop' ORDER BY position" ).all( table.physical ) as { name: string }[] ).map( ( c ) => c.name );
				if ( !columns.length || table.dropped_until >= cutoff ) {
					continue;
				}
				const rows = await emptyDropColumns( db, { physical: table.physical, partitionBy: table.partition_by, columns }, table.dropped_until, cutoff, chunk );
				// The watermark goes no further than the newest row's receive time: a purge as of a time
				// ahead of the intake's clock must not skip rows that clock stamps later.
				const newest = db.prepare( `SELECT received_at FROM "${ table.physical }" ORDER BY rowid DESC LIMIT 1` ).pluck().get() as string | undefined;
				db.prepare( 'UPDATE mp_tables SET dropped_until = ? WHERE physical = ?' ).run( newest === undefined ? table.dropped_until : newest < cutoff ? newest : cutoff, table.physical );
				done.dropped.push( { table: table.physical, columns, rows } );
			}
		}
		report.streams.push( done );
		const emptied = done.dropped.filter( ( d ) => d.rows ).map( ( d ) => `${ d.table }: ${ d.columns.join( ', ' ) } emptied in ${ d.rows } rows` );
		if ( done.rawDeleted || done.failedDeleted || emptied.length ) {
			log( `purge: stream "${ stream }" (retention ${ retentionDays } days, received before ${ cutoff }): ${ done.rawDeleted } raw events and ${ done.failedDeleted } failed events deleted${ emptied.length ? '; ' + emptied.join( '; ' ) : '' }` );
		}
	}
	return report;
}
