import type Database from 'better-sqlite3';
import type { AcceptedValuesCheck, NotNullCheck, RangeCheck, UniqueCheck } from './checkDefinition';
import { CheckResult, SAMPLE_SIZE } from './checkResult';
import { count, sqlName } from './checkedTable';

/** A check's outcome before the runner adds the table and the time. */
export type Outcome = Omit<CheckResult, 'table' | 'checkedAt'>;

/** What every row check needs: the database, the quoted table, and how to name a failing row. */
export interface RowContext {
	db: Database.Database;
	/** The table, quoted for SQL. */
	from: string;
	/** Columns that identify a row in samples (`event_id` when the table has it, else SQLite's rowid). */
	key: string;
}

function status( failed: boolean, severity: 'error' | 'warn' ): Outcome['status'] {
	return !failed ? 'pass' : severity === 'warn' ? 'warn' : 'fail';
}

function percent( share: number ): string {
	return `${ Number( ( share * 100 ).toFixed( 2 ) ) } %`;
}

function sample( ctx: RowContext, column: string, where: string, params: unknown[] ): Record<string, unknown>[] {
	const col = sqlName( column );
	return ctx.db.prepare( `SELECT ${ ctx.key } AS row_key, ${ col } AS value FROM ${ ctx.from } WHERE ${ where } LIMIT ${ SAMPLE_SIZE }` )
		.all( ...params )
		.map( ( r ) => ( { [ ctx.key === 'rowid' ? 'rowid' : 'event_id' ]: ( r as Record<string, unknown> ).row_key, [ column ]: ( r as Record<string, unknown> ).value } ) );
}

/**
 * not_null: fails when the share of NULLs is above the tolerated share.
 *
 * @param ctx
 * @param check
 */
export function notNull( ctx: RowContext, check: NotNullCheck ): Outcome {
	const col = sqlName( check.column );
	const row = ctx.db.prepare( `SELECT COUNT(*) AS total, COALESCE(SUM(${ col } IS NULL), 0) AS nulls FROM ${ ctx.from }` ).get() as { total: number; nulls: number };
	const share = row.total ? row.nulls / row.total : 0;
	const failed = share > check.tolerated_share;
	return {
		check: 'not_null', column: check.column, status: status( failed, check.severity ), value: row.nulls,
		observed: `${ count( row.nulls ) } of ${ count( row.total ) } rows null (${ percent( share ) })`,
		threshold: `at most ${ percent( check.tolerated_share ) } null`,
		failing: failed ? sample( ctx, check.column, `${ col } IS NULL`, [] ) : [],
	};
}

/**
 * unique: fails when a non-NULL value is in more than one row; counts the rows beyond the first.
 *
 * @param ctx
 * @param check
 */
export function unique( ctx: RowContext, check: UniqueCheck ): Outcome {
	const col = sqlName( check.column );
	const groups = ctx.db.prepare( `SELECT ${ col } AS value, COUNT(*) AS n FROM ${ ctx.from } WHERE ${ col } IS NOT NULL GROUP BY ${ col } HAVING COUNT(*) > 1 ORDER BY n DESC` )
		.all() as { value: unknown; n: number }[];
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
 */
export function acceptedValues( ctx: RowContext, check: AcceptedValuesCheck ): Outcome {
	const col = sqlName( check.column );
	const params = check.values.map( bindable );
	const where = `${ col } IS NOT NULL AND ${ col } NOT IN (${ params.map( () => '?' ).join( ', ' ) })`;
	const others = ctx.db.prepare( `SELECT ${ col } AS value, COUNT(*) AS n FROM ${ ctx.from } WHERE ${ where } GROUP BY ${ col } ORDER BY n DESC, value` )
		.all( ...params ) as { value: unknown; n: number }[];
	const rows = others.reduce( ( sum, o ) => sum + o.n, 0 );
	const listed = others.slice( 0, SAMPLE_SIZE ).map( ( o ) => `${ JSON.stringify( o.value ) } (${ count( o.n ) })` ).join( ', ' ) + ( others.length > SAMPLE_SIZE ? ', …' : '' );
	return {
		check: 'accepted_values', column: check.column, status: status( rows > 0, check.severity ), value: rows,
		observed: rows ? `${ count( rows ) } rows with other values: ${ listed }` : 'only accepted values',
		threshold: `one of ${ check.values.map( ( v ) => JSON.stringify( v ) ).join( ', ' ) }`,
		failing: rows ? sample( ctx, check.column, where, params ) : [],
	};
}

/**
 * range: fails when a non-NULL value is not a number or lies outside [min, max].
 *
 * @param ctx
 * @param check
 */
export function range( ctx: RowContext, check: RangeCheck ): Outcome {
	const col = sqlName( check.column );
	const bounds = [ `typeof(${ col }) NOT IN ('integer', 'real')` ];
	const params: number[] = [];
	if ( check.min !== null ) {
		bounds.push( `${ col } < ?` );
		params.push( check.min );
	}
	if ( check.max !== null ) {
		bounds.push( `${ col } > ?` );
		params.push( check.max );
	}
	const where = `${ col } IS NOT NULL AND (${ bounds.join( ' OR ' ) })`;
	const { n } = ctx.db.prepare( `SELECT COUNT(*) AS n FROM ${ ctx.from } WHERE ${ where }` ).get( ...params ) as { n: number };
	const interval = `[${ check.min === null ? '−∞' : check.min }, ${ check.max === null ? '∞' : check.max }]`;
	return {
		check: 'range', column: check.column, status: status( n > 0, check.severity ), value: n,
		observed: n ? `${ count( n ) } rows outside ${ interval } or not numbers` : `all values within ${ interval }`,
		threshold: `numbers within ${ interval }`,
		failing: n ? sample( ctx, check.column, where, params ) : [],
	};
}
