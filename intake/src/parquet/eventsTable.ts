import { Table, TimestampMillisecond, Utf8, vectorFromArray } from 'apache-arrow';
import type { DayRow } from '../sink';

/**
 * The Parquet columns of the raw events, one row per stored event. `dt` is not a column: it is the
 * Hive partition (`dt=YYYY-MM-DD` in the path, the UTC day of `client_dt`), and a column of the same
 * name would clash with it in DuckDB, Spark and Trino.
 *
 * - `meta_id` string: the event's `meta.id`
 * - `meta_stream` string: its stream
 * - `client_dt` timestamp (ms, UTC): the event's own `dt`, when it happened
 * - `meta_dt` timestamp (ms, UTC): `meta.dt`, when the intake received it (null if unparsable)
 * - `event` string: the whole event as stored, JSON
 */
export const EVENT_COLUMNS = [ 'meta_id', 'meta_stream', 'client_dt', 'meta_dt', 'event' ] as const;

/**
 * An Arrow table of stored events, in the columns of {@link EVENT_COLUMNS}.
 *
 * @param rows stored events
 */
export function eventsTable( rows: readonly DayRow[] ): Table {
	const utc = (): TimestampMillisecond => new TimestampMillisecond( 'UTC' );
	return new Table( {
		meta_id: vectorFromArray( rows.map( ( r ) => r.id ), new Utf8() ),
		meta_stream: vectorFromArray( rows.map( ( r ) => r.stream ), new Utf8() ),
		client_dt: vectorFromArray( rows.map( ( r ) => new Date( r.t ) ), utc() ),
		meta_dt: vectorFromArray( rows.map( ( r ) => {
			const ms = Date.parse( r.dt );
			return Number.isNaN( ms ) ? null : new Date( ms );
		} ), utc() ),
		event: vectorFromArray( rows.map( ( r ) => r.body ), new Utf8() ),
	} );
}
