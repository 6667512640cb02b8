import type { FreshnessCheck, RowCountCheck, VolumeCheck } from './checkDefinition';
import { CheckSteps, query } from './checkQuery';
import { SAMPLE_SIZE } from './checkResult';
import { count, sqlName } from './checkedTable';
import type { Outcome } from './rowChecks';

/** What the time-based checks need. */
export interface TimeContext {
	/** The table, quoted for SQL. */
	from: string;
	/** SQL giving a row's UTC day `YYYY-MM-DD`: the `day` column, or the date of `received_at`. */
	dayOf: string;
	/** The time the checks run at (a fake clock in tests). */
	now: Date;
	/** SQL giving the newest time of a column in seconds since the epoch (see SqlDialect.newestTime). */
	newestTime( column: string ): string;
}

const DAY_MS = 86400000;

/**
 * The UTC day `offset` days from `now`'s (`-1`: yesterday), as `YYYY-MM-DD`.
 *
 * @param now
 * @param offset
 */
export function utcDay( now: Date, offset: number ): string {
	return new Date( now.getTime() + offset * DAY_MS ).toISOString().slice( 0, 10 );
}

function hours( ms: number ): number {
	return Math.round( ms / 36000 ) / 100;
}

/**
 * freshness: how old the newest value of the column (an ISO 8601 time; compared as times, a time
 * without an offset taken as UTC) is. Older than error_after_hours (or no row at all): fail; older
 * than warn_after_hours: warn. The age is compared to the thresholds to the millisecond, and shown
 * in hours with two decimals.
 *
 * @param ctx
 * @param check
 */
export function* freshness( ctx: TimeContext, check: FreshnessCheck ): CheckSteps<Outcome> {
	const { newest, n } = ( yield query( `SELECT ${ ctx.newestTime( check.column ) } AS newest, COUNT(${ sqlName( check.column ) }) AS n FROM ${ ctx.from }` ) )[ 0 ] as { newest: number | null; n: number };
	const threshold = ( check.warn_after_hours === null ? '' : `warn after ${ check.warn_after_hours } h, ` ) + `fail after ${ check.error_after_hours } h`;
	const base = { check: 'freshness' as const, column: check.column, threshold, failing: [] };
	if ( !n ) {
		return Object.assign( base, { status: 'fail' as const, value: null, observed: 'no rows' } );
	}
	if ( newest === null || newest === undefined ) {
		return Object.assign( base, { status: 'error' as const, value: null, observed: `none of the ${ count( n ) } values is an ISO 8601 time` } );
	}
	const time = Math.round( newest * 1000 );
	const ageMs = ctx.now.getTime() - time;
	const status: Outcome['status'] = ageMs > check.error_after_hours * 3600000 ? 'fail' :
		check.warn_after_hours !== null && ageMs > check.warn_after_hours * 3600000 ? 'warn' : 'pass';
	const age = hours( ageMs );
	return Object.assign( base, { status, value: age, observed: `newest row ${ age } h old (${ new Date( time ).toISOString() })` } );
}

function outside( n: number, min: number | null, max: number | null ): boolean {
	return ( min !== null && n < min ) || ( max !== null && n > max );
}

/**
 * row_count: the rows of the last complete UTC day, against min and max.
 *
 * @param ctx
 * @param check
 */
export function* rowCount( ctx: TimeContext, check: RowCountCheck ): CheckSteps<Outcome> {
	const day = utcDay( ctx.now, -1 );
	const { n } = ( yield query( `SELECT COUNT(*) AS n FROM ${ ctx.from } WHERE ${ ctx.dayOf } = ?`, [ day ] ) )[ 0 ] as { n: number };
	const failed = outside( n, check.min, check.max );
	const threshold = check.min !== null && check.max !== null ? `from ${ count( check.min ) } to ${ count( check.max ) } rows a day` :
		check.min !== null ? `at least ${ count( check.min ) } rows a day` : `at most ${ count( check.max as number ) } rows a day`;
	return {
		check: 'row_count', column: null, status: !failed ? 'pass' : check.severity === 'warn' ? 'warn' : 'fail', value: n,
		observed: `${ count( n ) } rows on ${ day }`, threshold, failing: failed ? [ { day, rows: n } ] : [],
	};
}

function median( values: number[] ): number {
	const sorted = values.slice().sort( ( a, b ) => a - b );
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[ mid ] : ( sorted[ mid - 1 ] + sorted[ mid ] ) / 2;
}

/**
 * volume: each of the last lookback_days complete UTC days against the median of the trailing_days
 * before it (days without rows count 0: a missing day shows as 0). A day is anomalous below
 * median / max_ratio or above median × max_ratio. The median, unlike the mean, is not moved by one
 * burst or one missing day, so an anomaly does not make its neighbours look anomalous. Days whose
 * trailing window starts before the table's first day are not judged (not enough history). Against a
 * trailing median of 0 (a stream that stopped, or mostly silent), a day of 0 rows passes and a day of
 * more than max_ratio rows is a burst.
 *
 * @param ctx
 * @param check
 */
export function* volume( ctx: TimeContext, check: VolumeCheck ): CheckSteps<Outcome> {
	const today = utcDay( ctx.now, 0 );
	const rows = ( yield query( `SELECT ${ ctx.dayOf } AS day, COUNT(*) AS n FROM ${ ctx.from } WHERE ${ ctx.dayOf } < ? GROUP BY 1`, [ today ] ) ) as { day: string; n: number }[];
	const perDay = new Map( rows.map( ( r ) => [ r.day, r.n ] ) );
	const first = rows.reduce( ( min, r ) => ( r.day < min ? r.day : min ), today );
	const threshold = `each of the last ${ check.lookback_days } days within ×${ check.max_ratio } of the median of the ${ check.trailing_days } days before it`;
	const anomalies: { day: string; rows: number; trailing_median: number }[] = [];
	let judged = 0;
	for ( let offset = -check.lookback_days; offset <= -1; offset++ ) {
		const day = utcDay( ctx.now, offset );
		if ( utcDay( ctx.now, offset - check.trailing_days ) < first ) {
			continue;
		}
		const trailing = [];
		for ( let back = 1; back <= check.trailing_days; back++ ) {
			trailing.push( perDay.get( utcDay( ctx.now, offset - back ) ) || 0 );
		}
		const middle = median( trailing );
		judged++;
		const n = perDay.get( day ) || 0;
		// Against a median of 0 (a stream mostly silent that week), a few rows are not a burst: the
		// upper bound is then max_ratio rows.
		if ( n < middle / check.max_ratio || n > Math.max( middle, 1 ) * check.max_ratio ) {
			anomalies.push( { day, rows: n, trailing_median: middle } );
		}
	}
	const failed = anomalies.length > 0;
	const observed = !judged ? 'no day judged yet (not enough history)' :
		!failed ? `${ judged } days judged, none outside` :
			`${ anomalies.length } of ${ judged } days outside: ` + anomalies.map( ( a ) => `${ a.day } ${ count( a.rows ) } rows (trailing median ${ count( a.trailing_median ) })` ).join( ', ' );
	return {
		check: 'volume', column: null, status: !failed ? 'pass' : check.severity === 'warn' ? 'warn' : 'fail', value: anomalies.length,
		observed, threshold, failing: anomalies.slice( 0, SAMPLE_SIZE ),
	};
}
