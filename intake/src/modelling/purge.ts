import type Database from 'better-sqlite3';
import type { ModelCatalog } from './modelCatalog';
import { DEFAULT_RETENTION_DAYS } from './tableDefinition';

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

/** Rows changed per statement, so that a purge inside the intake never holds the store for long. */
const CHUNK = 5000;

const DAY_MS = 86400000;

/** Lets requests in between chunks when the purge runs inside the intake. */
function breathe(): Promise<void> {
	return new Promise( ( resolve ) => {
		setImmediate( resolve );
	} );
}

function tableExists( db: Database.Database, name: string ): boolean {
	return !!db.prepare( "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?" ).get( name );
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
		if ( tableExists( db, table ) ) {
			for ( const row of db.prepare( `WITH RECURSIVE s(x) AS (SELECT MIN(stream) FROM ${ table } UNION ALL SELECT (SELECT MIN(stream) FROM ${ table } WHERE stream > x) FROM s WHERE x IS NOT NULL) SELECT x FROM s WHERE x IS NOT NULL` ).all() as { x: string }[] ) {
				streams.add( row.x );
			}
		}
	};
	distinct( 'events' );
	distinct( 'failed_events' );
	if ( tableExists( db, 'mp_tables' ) ) {
		for ( const row of db.prepare( 'SELECT DISTINCT stream FROM mp_tables' ).all() as { stream: string }[] ) {
			streams.add( row.stream );
		}
	}
	return streams;
}

/**
 * Enforces every stream's retention as of `now`, on its own or from a timer inside the intake:
 * - raw events received (`meta.dt`) before `now − retention` are deleted, oldest first, in chunks;
 * - the failed events of the stream received before then are deleted;
 * - in the stream's tables, `drop` columns of rows received before then are set to NULL (a watermark
 *   in `mp_tables.dropped_until` remembers how far that went).
 * A row received at or after the cut-off is never touched. Streams no declaration mentions any more
 * keep their data {@link DEFAULT_RETENTION_DAYS} days. `hash` columns need no purge: they never held
 * the value. Each step is logged.
 *
 * @param db the store
 * @param catalog the streams' retention and tables (null: every stream gets the default)
 * @param now the time, ms since the epoch (tests pass a fake clock)
 * @param log receives one line per stream that had something removed
 */
export async function purgeStore( db: Database.Database, catalog: ModelCatalog | null, now: number, log: ( message: string ) => void ): Promise<PurgeReport> {
	const report: PurgeReport = { now: new Date( now ).toISOString(), streams: [] };
	const hasEvents = tableExists( db, 'events' );
	const hasFailed = tableExists( db, 'failed_events' );
	const hasTables = tableExists( db, 'mp_tables' );
	for ( const stream of storedStreams( db ) ) {
		const retentionDays = catalog ? catalog.get( stream ).retentionDays : DEFAULT_RETENTION_DAYS;
		const cutoff = new Date( now - retentionDays * DAY_MS ).toISOString();
		const done: StreamPurge = { stream, retentionDays, cutoff, rawDeleted: 0, failedDeleted: 0, dropped: [] };
		if ( hasEvents ) {
			// Oldest first through the (stream, seq) index: each chunk finds its rows at the front.
			const chunk = db.prepare( `DELETE FROM events WHERE seq IN (SELECT seq FROM events WHERE stream = ? AND dt < ? ORDER BY seq LIMIT ${ CHUNK })` );
			for ( let n = CHUNK; n === CHUNK; ) {
				n = chunk.run( stream, cutoff ).changes;
				done.rawDeleted += n;
				await breathe();
			}
		}
		if ( hasFailed ) {
			done.failedDeleted = db.prepare( 'DELETE FROM failed_events WHERE stream = ? AND received_at < ?' ).run( stream, cutoff ).changes;
		}
		if ( hasTables ) {
			const tables = db.prepare( 'SELECT physical, dropped_until, partition_by FROM mp_tables WHERE stream = ?' ).all( stream ) as { physical: string; dropped_until: string; partition_by: string }[];
			for ( const table of tables ) {
				const columns = ( db.prepare( "SELECT name FROM mp_columns WHERE physical = ? AND privacy = 'drop' ORDER BY position" ).all( table.physical ) as { name: string }[] ).map( ( c ) => c.name );
				if ( !columns.length || table.dropped_until >= cutoff ) {
					continue;
				}
				const set = columns.map( ( c ) => `"${ c }" = NULL` ).join( ', ' );
				const held = columns.map( ( c ) => `"${ c }" IS NOT NULL` ).join( ' OR ' );
				// Partitioned tables are found through their day index, the others through received_at's.
				const range = table.partition_by === 'day' ? 'day >= substr(@from, 1, 10) AND day <= substr(@to, 1, 10) AND received_at >= @from AND received_at < @to' : 'received_at >= @from AND received_at < @to';
				const chunk = db.prepare( `UPDATE "${ table.physical }" SET ${ set } WHERE rowid IN (SELECT rowid FROM "${ table.physical }" WHERE ${ range } AND (${ held }) LIMIT ${ CHUNK })` );
				let rows = 0;
				for ( let n = CHUNK; n === CHUNK; ) {
					n = chunk.run( { from: table.dropped_until, to: cutoff } ).changes;
					rows += n;
					await breathe();
				}
				db.prepare( 'UPDATE mp_tables SET dropped_until = ? WHERE physical = ?' ).run( cutoff, table.physical );
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
