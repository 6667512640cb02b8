import type { AcceptedValuesCheck, NotNullCheck, RangeCheck, UniqueCheck } from './checkDefinition';
import { CheckQuery, CheckSteps, query, Row, SqlDialect } from './checkQuery';
import { CheckResult, SAMPLE_SIZE } from './checkResult';
import { count } from './checkedTable';

/** A check's outcome before the runner adds the table and the time. */
export type Outcome = Omit<CheckResult, 'table' | 'checkedAt'>;

/** What every row check needs: the quoted table, how to name a failing row, and the store's SQL. */
export interface RowContext {
	/** The table, quoted for SQL. */
	from: string;
	/** SQL that identifies a row in samples: `event_id` when the table has it, else the dialect's row key (SQLite's rowid). */
	key: string;
	/**
	 * SQL ordering rows by `key` as both stores order them (`event_id` by its bytes, as SQLite's
	 * BINARY collation does), so that a sample of failing rows is the same rows on SQLite and PostgreSQL.
	 */
	order: string;
	dialect: SqlDialect;
}

function status( failed: boolean, severity: 'error' | 'warn' ): Outcome['status'] {
	return !failed ? 'pass' : severity === 'warn' ? 'warn' : 'fail';
}

function percent( share: number ): string {
	return `${ Number( ( share * 100 ).toFixed( 2 ) ) } %`;
}

/**
 * The first failing rows, by row key, then by the value (rows sharing an `event_id` — two events with
 * one `meta.id`, re-sends in a table without dedupe — come in the same order whatever order they were
 * written in).
 *
 * @param ctx
 * @param column
 * @param where
 * @param params
 */
function sampleQuery( ctx: RowContext, column: string, where: string, params: unknown[] ): CheckQuery {
	return query( `SELECT ${ ctx.key } AS row_key, ${ ctx.dialect.value( column ) } AS value FROM ${ ctx.from } WHERE ${ where }
		ORDER BY ${ ctx.order }, ${ ctx.dialect.sortKey( column ) } LIMIT ${ SAMPLE_SIZE }`, params );
}

function sampleRows( ctx: RowContext, column: string, rows: Row[] ): Record<string, unknown>[] {
	return rows.map( ( r ) => ( { [ ctx.key === 'event_id' ? 'event_id' : 'rowid' ]: r.row_key, [ column ]: r.value } ) );
}

/**
 * not_null: fails when the share of NULLs is above the tolerated share.
 *
 * @param ctx
 * @param check
 * @yield {CheckQuery} the queries it needs, one at a time
 */
export function* notNull( ctx: RowContext, check: NotNullCheck ): CheckSteps<Outcome> {
	const col = ctx.dialect.value( check.column );
	const row = ( yield query( `SELECT COUNT(*) AS total, COALESCE(SUM(CASE WHEN ${ col } IS NULL THEN 1 ELSE 0 END), 0) AS nulls FROM ${ ctx.from }` ) )[ 0 ] as { total: number; nulls: number };
	const share = row.total ? row.nulls / row.total : 0;
	const failed = share > check.tolerated_share;
	return {
		check: 'not_null', column: check.column, status: status( failed, check.severity ), value: row.nulls,
		observed: `${ count( row.nulls ) } of ${ count( row.total ) } rows null (${ percent( share ) })`,
		threshold: `at most ${ percent( check.tolerated_share ) } null`,
		failing: failed ? sampleRows( ctx, check.column, yield sampleQuery( ctx, check.column, `${ col } IS NULL`, [] ) ) : [],
	};
}

/**
 * unique: fails when a non-NULL value is in more than one row; counts the rows beyond the first.
 *
 * @param ctx
 * @param check
 */
export function* unique( ctx: RowContext, check: UniqueCheck ): CheckSteps<Outcome> {
	const col = ctx.dialect.value( check.column );
	const groups = ( yield query( `SELECT ${ col } AS value, COUNT(*) AS n FROM ${ ctx.from } WHERE ${ col } IS NOT NULL GROUP BY ${ col } HAVING COUNT(*) > 1
		ORDER BY n DESC, ${ ctx.dialect.sortKey( check.column ) }` ) ) as { value: unknown; n: number }[];
	const extra = groups.reduce( ( sum, g ) => sum + g.n - 1, 0 );
	return {
		check: 'unique', column: check.column, status: status( extra > 0, check.severity ), value: extra,
		observed: extra ? `${ count( extra ) } rows repeat one of ${ count( groups.length ) } values` : 'no value repeated',
		threshold: 'no value in two rows',
		failing: groups.slice( 0, SAMPLE_SIZE ).map( ( g ) => ( { [ check.column ]: g.value, rows: g.n } ) ),
	};
}

/**
 * A value as SQLite compares it (booleans are stored as 1/0).
 *
 * @param v
 */
function bindable( v: string | number | boolean ): string | number {
	return typeof v === 'boolean' ? Number( v ) : v;
}

/**
 * accepted_values: fails when a non-NULL value is not one of the accepted ones; names the other
 * values (most frequent first) in `observed`.
 *
 * @param ctx
 * @param check
 * @yield {CheckQuery} the queries it needs, one at a time
 */
export function* acceptedValues( ctx: RowContext, check: AcceptedValuesCheck ): CheckSteps<Outcome> {
	const col = ctx.dialect.value( check.column );
	const params = check.values.map( bindable );
	const where = `${ col } IS NOT NULL AND ${ col } NOT IN (${ params.map( () => '?' ).join( ', ' ) })`;
	const others = ( yield query( `SELECT ${ col } AS value, COUNT(*) AS n FROM ${ ctx.from } WHERE ${ where } GROUP BY ${ col }
		ORDER BY n DESC, ${ ctx.dialect.sortKey( check.column ) }`, params ) ) as { value: unknown; n: number }[];
	const rows = others.reduce( ( sum, o ) => sum + o.n, 0 );
	const listed = others.slice( 0, SAMPLE_SIZE ).map( ( o ) => `${ JSON.stringify( o.value ) } (${ count( o.n ) })` ).join( ', ' ) + ( others.length > SAMPLE_SIZE ? ', …' : '' );
	return {
		check: 'accepted_values', column: check.column, status: status( rows > 0, check.severity ), value: rows,
		observed: rows ? `${ count( rows ) } rows with other values: ${ listed }` : 'only accepted values',
		threshold: `one of ${ check.values.map( ( v ) => JSON.stringify( v ) ).join( ', ' ) }`,
		failing: rows ? sampleRows( ctx, check.column, yield sampleQuery( ctx, check.column, where, params ) ) : [],
	};
}

/**
 * range: fails when a non-NULL value is not a number or lies outside [min, max].
 *
 * @param ctx
 * @param check
 * @yield {CheckQuery} the queries it needs, one at a time
 */
export function* range( ctx: RowContext, check: RangeCheck ): CheckSteps<Outcome> {
	const col = ctx.dialect.value( check.column );
	const notNumber = ctx.dialect.notNumber( check.column );
	const bounds = [ notNumber || 'TRUE' ];
	const params: number[] = [];
	// A column without numbers (PostgreSQL text) cannot be compared with one: all its values are out.
	if ( check.min !== null && notNumber ) {
		bounds.push( `${ col } < ?` );
		params.push( check.min );
	}
	if ( check.max !== null && notNumber ) {
		bounds.push( `${ col } > ?` );
		params.push( check.max );
	}
	const where = `${ col } IS NOT NULL AND (${ bounds.join( ' OR ' ) })`;
	const { n } = ( yield query( `SELECT COUNT(*) AS n FROM ${ ctx.from } WHERE ${ where }`, params ) )[ 0 ] as { n: number };
	const interval = `[${ check.min === null ? '−∞' : check.min }, ${ check.max === null ? '∞' : check.max }]`;
	return {
		check: 'range', column: check.column, status: status( n > 0, check.severity ), value: n,
		observed: n ? `${ count( n ) } rows outside ${ interval } or not numbers` : `all values within ${ interval }`,
		threshold: `numbers within ${ interval }`,
		failing: n ? sampleRows( ctx, check.column, yield sampleQuery( ctx, check.column, where, params ) ) : [],
	};
}
