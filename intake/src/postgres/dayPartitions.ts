import { inTransaction } from './transaction';
import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { NO_CLIENT_TIME } from '../sink';

/** The `day` of events without a usable time: PostgreSQL's `-infinity`, kept in the default partition. */
export const NO_DAY = '-infinity';

const DAY_MS = 86400000;

/**
 * How far back and ahead of the time of a write the intake creates day partitions. A re-sent event
 * keeps its `dt`, so most events fall on today or yesterday; an event whose clock is years off would
 * otherwise create a partition per distinct day (a flood of tables from one hostile batch). Outside
 * the window, rows go to the default partition, which is moved into its day partition when that day
 * comes into the window (only possible for days ahead: the window only moves forward).
 */
export const PARTITION_WINDOW = { pastDays: 30, aheadDays: 1 };

/**
 * The partition day of an event time: its UTC date (YYYY-MM-DD), or {@link NO_DAY} for no usable time
 * or a year outside 1..9999 (what a PostgreSQL date in ISO form holds).
 *
 * @param t the event's own time, ms since the epoch, or NO_CLIENT_TIME
 */
export function dayOf( t: number ): string {
	if ( t === NO_CLIENT_TIME ) {
		return NO_DAY;
	}
	const iso = new Date( t ).toISOString();
	return /^\d{4}-/.test( iso ) && !iso.startsWith( '0000' ) ? iso.slice( 0, 10 ) : NO_DAY;
}

/**
 * Whether the intake creates a partition for this day when writing at `now`.
 *
 * @param day YYYY-MM-DD or NO_DAY
 * @param now ms since the epoch
 */
export function inPartitionWindow( day: string, now: number ): boolean {
	if ( day === NO_DAY ) {
		return false;
	}
	const start = Date.parse( day + 'T00:00:00Z' );
	return start >= now - ( PARTITION_WINDOW.pastDays + 1 ) * DAY_MS && start <= now + PARTITION_WINDOW.aheadDays * DAY_MS;
}

/** PostgreSQL's longest identifier (longer ones are cut, which could make two days' names one). */
const MAX_IDENTIFIER = 63;

/**
 * The table name of a day's partition of a partitioned table: `<parent>_YYYYMMDD` (`events_20261130`,
 * `clicks_v1_20261130`); for a parent name too long for that, its first 40 characters and a hash of
 * it stand for it.
 *
 * @param day YYYY-MM-DD
 * @param parent the partitioned table (default `events`)
 */
export function partitionName( day: string, parent = 'events' ): string {
	const suffix = '_' + day.replace( /-/g, '' );
	return parent.length + suffix.length <= MAX_IDENTIFIER ? parent + suffix :
		`${ parent.slice( 0, 40 ) }_${ createHash( 'md5' ).update( parent ).digest( 'hex' ).slice( 0, 12 ) }${ suffix }`;
}

/**
 * The default partition of a partitioned table, which holds the rows of days without a partition.
 *
 * @param parent the partitioned table
 */
export function defaultPartitionName( parent: string ): string {
	return `${ parent }_other`;
}

/** The advisory lock under which partitions are created (any constant shared by all processes). */
const PARTITION_LOCK = 0x6d70_0002;

/**
 * Creates the partition of `day` unless it exists, in one transaction under an advisory lock (so that
 * processes creating the same day take turns). Rows of that day already in the default partition (an
 * event dated ahead of the window) are moved into it, as PostgreSQL requires.
 *
 * @param client a connection not in a transaction
 * @param day YYYY-MM-DD (checked)
 * @param parent the partitioned table (default `events`; a name that needs no quoting)
 * @throws {Error} for a malformed day, or what PostgreSQL says
 */
export async function ensureDayPartition( client: PoolClient, day: string, parent = 'events' ): Promise<void> {
	if ( !/^\d{4}-\d{2}-\d{2}$/.test( day ) ) {
		throw new Error( `not a day: ${ day }` );
	}
	const name = partitionName( day, parent );
	const other = defaultPartitionName( parent );
	const next = new Date( Date.parse( day + 'T00:00:00Z' ) + DAY_MS ).toISOString().slice( 0, 10 );
	await inTransaction( client, async () => {
		await client.query( 'SELECT pg_advisory_xact_lock($1)', [ PARTITION_LOCK ] );
		const exists = ( await client.query( 'SELECT 1 FROM pg_class WHERE relname = $1 AND relnamespace = current_schema()::regnamespace', [ name ] ) ).rowCount;
		if ( !exists ) {
			await client.query( `CREATE TEMP TABLE mp_moving ON COMMIT DROP AS SELECT * FROM "${ other }" WITH NO DATA` );
			await client.query( `WITH m AS (DELETE FROM "${ other }" WHERE day = $1 RETURNING *) INSERT INTO mp_moving SELECT * FROM m`, [ day ] );
			await client.query( `CREATE TABLE "${ name }" PARTITION OF "${ parent }" FOR VALUES FROM ('${ day }') TO ('${ next }')` );
			await client.query( `INSERT INTO "${ parent }" OVERRIDING SYSTEM VALUE SELECT * FROM mp_moving` );
		}
	} );
}

/**
 * The days that have a partition.
 *
 * @param client a connection
 * @param parent the partitioned table (default `events`)
 */
export async function partitionDays( client: PoolClient | Pool, parent = 'events' ): Promise<string[]> {
	const rows = ( await client.query<{ relname: string }>( `SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
		WHERE i.inhparent = $1::regclass`, [ `"${ parent }"` ] ) ).rows;
	return rows.map( ( r ) => /_(\d{4})(\d{2})(\d{2})$/.exec( r.relname ) )
		.filter( ( m ): m is RegExpExecArray => m !== null )
		.map( ( m ) => `${ m[ 1 ] }-${ m[ 2 ] }-${ m[ 3 ] }` ).sort();
}
