import type { Pool } from 'pg';
import type { ModelCatalog } from '../modelling/modelCatalog';
import type { PurgeReport, StreamPurge } from '../modelling/purge';
import { DEFAULT_RETENTION_DAYS } from '../modelling/tableDefinition';
import { defaultPartitionName, partitionDays, partitionName, PARTITION_WINDOW } from './dayPartitions';
import { keyOf, keyText } from './keyText';

const DAY_MS = 86400000;

/**
 * SQL for the streams a table's `stream` index holds, read by skipping through it (no scan of the rows).
 *
 * @param table `events` or `failed_events`
 */
const DISTINCT_STREAMS = ( table: string ): string => `WITH RECURSIVE s(x) AS (SELECT MIN(stream) FROM ${ table }
	UNION ALL SELECT (SELECT MIN(stream) FROM ${ table } WHERE stream > x) FROM s WHERE x IS NOT NULL) SELECT x FROM s WHERE x IS NOT NULL`;

/**
 * The day after `day`, or `offset` days from it.
 *
 * @param day YYYY-MM-DD
 * @param offset days
 */
function addDays( day: string, offset: number ): string {
	return new Date( Date.parse( day + 'T00:00:00Z' ) + offset * DAY_MS ).toISOString().slice( 0, 10 );
}

/**
 * Drops the raw events' day partitions whose every row is past its stream's retention, and says
 * how many rows of which stream each held. A partition is judged by a scan of it without locks; then,
 * under an exclusive lock on `events` (taken first, as writers take it, so no deadlock; held for
 * an index probe only), the rows that came since the scan (a higher `seq`) are judged too, and the
 * partition is dropped only if they pass as well: a row within retention is never dropped.
 *
 * @param pool the store's pool
 * @param cutoffOf the cut-off (ISO 8601) of a stream's retention
 * @param youngest the latest cut-off of all streams (the shortest retention)
 * @param now the time of the purge
 * @param notBefore per day, the time before which an earlier scan found that its partition cannot
 *  qualify (kept between purges; a partition is scanned again once that time has come)
 * @return rows dropped by stream (as stored), and the days dropped
 */
async function dropPastPartitions( pool: Pool, cutoffOf: ( stored: string ) => string, youngest: string, now: number, notBefore: Map<string, number> ): Promise<{ rows: Map<string, number>; days: string[] }> {
	const rows = new Map<string, number>();
	const days: string[] = [];
	const client = await pool.connect();
	try {
		for ( const day of await partitionDays( client ) ) {
			// Only days over before the latest cut-off are scanned: rows of later days were received
			// after it but for the rare clock ahead, and those are deleted row by row below.
			if ( addDays( day, 1 ) + 'T00:00:00.000Z' > youngest || ( notBefore.get( day ) || 0 ) >= now ) {
				continue;
			}
			const name = partitionName( day );
			type Group = { stream: string; n: number; newest: string; last: number };
			const past = ( list: Group[] ): boolean => list.every( ( g ) => g.newest < cutoffOf( g.stream ) );
			const groups = ( await client.query<Group>( `SELECT stream, COUNT(*) AS n, MAX(dt COLLATE "C") AS newest, MAX(seq) AS last FROM "${ name }" GROUP BY stream` ) ).rows;
			if ( !past( groups ) ) {
				// The partition qualifies at the earliest when its newest row of the longest-kept stream passes its retention.
				notBefore.set( day, groups.reduce( ( max, g ) => Math.max( max, Date.parse( g.newest ) + ( now - Date.parse( cutoffOf( g.stream ) ) ) ), 0 ) );
				continue;
			}
			const seen = groups.reduce( ( max, g ) => Math.max( max, g.last ), 0 );
			await client.query( 'BEGIN' );
			try {
				await client.query( 'LOCK TABLE events IN ACCESS EXCLUSIVE MODE' );
				const since = ( await client.query<Group>( `SELECT stream, COUNT(*) AS n, MAX(dt COLLATE "C") AS newest, MAX(seq) AS last FROM "${ name }" WHERE seq > $1 GROUP BY stream`, [ seen ] ) ).rows;
				if ( past( since ) ) {
					await client.query( `DROP TABLE "${ name }"` );
					for ( const g of groups.concat( since ) ) {
						rows.set( g.stream, ( rows.get( g.stream ) || 0 ) + g.n );
					}
					days.push( day );
				}
				await client.query( 'COMMIT' );
			} catch ( e ) {
				await client.query( 'ROLLBACK' );
				throw e;
			}
		}
	} finally {
		client.release();
	}
	return { rows, days };
}

/**
 * The newest receive time of a table's rows, ISO 8601 UTC with ms (as the cut-offs are written), or
 * null when it has none. A table partitioned by day is read partition by partition from the newest
 * day back (partitions are made a little ahead, so the newest may be empty), and its default
 * partition; the others have a received_at index (made with their first drop column).
 *
 * @param pool
 * @param physical the table
 * @param partitioned whether it is partitioned by day
 */
async function newestReceived( pool: Pool, physical: string, partitioned: boolean ): Promise<string | null> {
	const newestOf = async ( name: string ): Promise<string | null> => ( await pool.query<{ m: string | null }>(
		`SELECT to_char(MAX(received_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS m FROM "${ name }"` ) ).rows[ 0 ].m;
	if ( !partitioned ) {
		return newestOf( physical );
	}
	const newest = await newestOf( defaultPartitionName( physical ) );
	const days = await partitionDays( pool, physical );
	for ( let i = days.length - 1; i >= 0; i-- ) {
		const m = await newestOf( partitionName( days[ i ], physical ) );
		if ( m !== null ) {
			return newest === null || m > newest ? m : newest;
		}
	}
	return newest;
}

/**
 * Enforces every stream's retention as of `now` on the PostgreSQL store: the SQLite store's purge
 * (intake/src/modelling/purge.ts: the same rules, the same report), with whole partitions dropped:
 * - raw events: a day partition whose every row was received (`meta.dt`) before its stream's
 *   cut-off (`now − retention`) is dropped (`DROP TABLE events_YYYYMMDD`); rows past retention in
 *   the partitions that remain (a day that straddles the cut-off, or whose rows belong to streams of
 *   longer retention) and in the default partition are deleted;
 * - failed events of the stream received before the cut-off are deleted;
 * - in the stream's tables, `drop` columns of rows received before the cut-off are set to NULL,
 *   partition by partition (from the watermark `mp_tables.dropped_until` on); table rows are kept,
 *   with their `keep` and `hash` columns, as in the SQLite store.
 * A row received at or after the cut-off is never touched. Each step is logged.
 *
 * @param pool the store's pool
 * @param catalog the streams' retention and tables (null: every stream gets the default)
 * @param now the time, ms since the epoch
 * @param log receives one line per stream that had something removed, and one per partition dropped
 * @param notBefore what earlier purges found about partitions that cannot be dropped yet (the
 *  store keeps it between purges, so that such a partition is not scanned every time)
 */
export async function purgePostgres( pool: Pool, catalog: ModelCatalog | null, now: number, log: ( message: string ) => void, notBefore = new Map<string, number>() ): Promise<PurgeReport> {
	const report: PurgeReport = { now: new Date( now ).toISOString(), streams: [] };
	const retentionOf = ( stream: string ): number => ( catalog ? catalog.get( stream ).retentionDays : DEFAULT_RETENTION_DAYS );
	const cutoffOf = ( stream: string ): string => new Date( now - retentionOf( stream ) * DAY_MS ).toISOString();
	const streams = new Set<string>();
	for ( const row of ( await pool.query<{ x: string }>( DISTINCT_STREAMS( 'events' ) ) ).rows ) {
		streams.add( keyOf( row.x ) );
	}
	for ( const row of ( await pool.query<{ x: string }>( DISTINCT_STREAMS( 'failed_events' ) ) ).rows ) {
		streams.add( row.x );
	}
	for ( const row of ( await pool.query<{ stream: string }>( 'SELECT DISTINCT stream FROM mp_tables' ) ).rows ) {
		streams.add( row.stream );
	}
	const youngest = [ ...streams ].reduce( ( max, s ) => ( cutoffOf( s ) > max ? cutoffOf( s ) : max ), '' );
	const dropped = await dropPastPartitions( pool, ( stored ) => cutoffOf( keyOf( stored ) ), youngest, now, notBefore );
	if ( dropped.days.length ) {
		log( `purge: raw event partitions dropped (every row past its stream's retention): ${ dropped.days.map( ( d ) => partitionName( d ) ).join( ', ' ) }` );
	}
	for ( const stream of [ ...streams ].sort() ) {
		const retentionDays = retentionOf( stream );
		const cutoff = cutoffOf( stream );
		const done: StreamPurge = { stream, retentionDays, cutoff, rawDeleted: dropped.rows.get( keyText( stream ) ) || 0, failedDeleted: 0, dropped: [] };
		// Rows received before the cut-off are of days up to the cut-off's (and one ahead, for clocks ahead), or in the default partition.
		done.rawDeleted += ( await pool.query( 'DELETE FROM events WHERE stream = $1 AND dt COLLATE "C" < $2 AND day <= $3::date',
			[ keyText( stream ), cutoff, addDays( cutoff.slice( 0, 10 ), PARTITION_WINDOW.aheadDays ) ] ) ).rowCount || 0;
		done.rawDeleted += ( await pool.query( 'DELETE FROM events_other WHERE stream = $1 AND dt COLLATE "C" < $2', [ keyText( stream ), cutoff ] ) ).rowCount || 0;
		done.failedDeleted = ( await pool.query( 'DELETE FROM failed_events WHERE stream = $1 AND received_at < $2', [ stream, cutoff ] ) ).rowCount || 0;
		const tables = ( await pool.query<{ physical: string; dropped_until: string; partition_by: string }>(
			'SELECT physical, dropped_until, partition_by FROM mp_tables WHERE stream = $1 ORDER BY physical', [ stream ] ) ).rows;
		for ( const table of tables ) {
			const columns = ( await pool.query<{ name: string }>( "SELECT name FROM mp_columns WHERE physical = $1 AND privacy = 'drop' ORDER BY position", [ table.physical ] ) ).rows.map( ( c ) => c.name );
			if ( !columns.length || table.dropped_until >= cutoff ) {
				continue;
			}
			const set = columns.map( ( c ) => `"${ c }" = NULL` ).join( ', ' );
			const held = columns.map( ( c ) => `"${ c }" IS NOT NULL` ).join( ' OR ' );
			const from = table.dropped_until || '-infinity';
			let rows = 0;
			if ( table.partition_by === 'day' ) {
				// Day by day (each statement touches one partition), then the default partition.
				const days = ( await partitionDays( pool, table.physical ) ).filter( ( d ) => d >= from.slice( 0, 10 ) && d <= cutoff.slice( 0, 10 ) );
				for ( const name of days.map( ( d ) => partitionName( d, table.physical ) ).concat( defaultPartitionName( table.physical ) ) ) {
					rows += ( await pool.query( `UPDATE "${ name }" SET ${ set } WHERE received_at >= $1::timestamptz AND received_at < $2::timestamptz AND (${ held })`, [ from, cutoff ] ) ).rowCount || 0;
				}
			} else {
				rows = ( await pool.query( `UPDATE "${ table.physical }" SET ${ set } WHERE received_at >= $1::timestamptz AND received_at < $2::timestamptz AND (${ held })`, [ from, cutoff ] ) ).rowCount || 0;
			}
			// The watermark goes no further than the newest row's receive time (see the SQLite purge): a
			// purge as of a time ahead of the intake's clock must not skip rows that clock stamps later.
			const newest = await newestReceived( pool, table.physical, table.partition_by === 'day' );
			await pool.query( 'UPDATE mp_tables SET dropped_until = $1 WHERE physical = $2', [ newest === null ? table.dropped_until : newest < cutoff ? newest : cutoff, table.physical ] );
			done.dropped.push( { table: table.physical, columns, rows } );
		}
		report.streams.push( done );
		const emptied = done.dropped.filter( ( d ) => d.rows ).map( ( d ) => `${ d.table }: ${ d.columns.join( ', ' ) } emptied in ${ d.rows } rows` );
		if ( done.rawDeleted || done.failedDeleted || emptied.length ) {
			log( `purge: stream "${ stream }" (retention ${ retentionDays } days, received before ${ cutoff }): ${ done.rawDeleted } raw events and ${ done.failedDeleted } failed events deleted${ emptied.length ? '; ' + emptied.join( '; ' ) : '' }` );
		}
	}
	return report;
}
