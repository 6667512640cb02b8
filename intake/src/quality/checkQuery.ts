import type Database from 'better-sqlite3';
import { sqlName } from './checkedTable';

/** A row a query returns. */
export type Row = Record<string, unknown>;

/** A query a check needs: SQL with `?` placeholders, and its parameters. */
export interface CheckQuery {
	sql: string;
	params: readonly unknown[];
}

/**
 * The steps of a check: a generator that yields the queries it needs, one at a time, receives each
 * one's rows, and returns its result. Each check's logic is written once, this way, and run against
 * SQLite (synchronously, {@link runOnSqlite}) or PostgreSQL (asynchronously, {@link runOnReader}).
 */
export type CheckSteps<T> = Generator<CheckQuery, T, Row[]>;

/**
 * A query step.
 *
 * @param sql with `?` placeholders
 * @param params
 */
export function query( sql: string, params: readonly unknown[] = [] ): CheckQuery {
	return { sql, params };
}

/**
 * Runs a check's steps against a SQLite database.
 *
 * @param steps
 * @param db
 * @throws {Error} what SQLite says
 */
export function runOnSqlite<T>( steps: CheckSteps<T>, db: Database.Database ): T {
	let next = steps.next( [] );
	while ( !next.done ) {
		next = steps.next( db.prepare( next.value.sql ).all( ...next.value.params ) as Row[] );
	}
	return next.value;
}

/**
 * Runs a check's steps with an asynchronous reader (PostgreSQL).
 *
 * @param steps
 * @param read runs one query (its `?` placeholders as the reader needs them)
 * @throws {Error} what the reader throws
 */
export async function runOnReader<T>( steps: CheckSteps<T>, read: ( q: CheckQuery ) => Promise<Row[]> ): Promise<T> {
	let next = steps.next( [] );
	while ( !next.done ) {
		next = steps.next( await read( next.value ) );
	}
	return next.value;
}

/**
 * What differs between the SQL of SQLite and PostgreSQL for the checks of one table (the checks'
 * results must be the same on both for the same rows).
 */
export interface SqlDialect {
	/** SQL for a column's values as the checks read and compare them (PostgreSQL booleans as 1/0, JSON as its text, as SQLite holds them). */
	value( column: string ): string;
	/**
	 * SQL that holds for a non-NULL value of the column that is not a number (`range`), or null when
	 * the column holds no numbers at all (every value then counts, and no bound is compared).
	 */
	notNumber( column: string ): string | null;
	/** SQL to sort a column's values as SQLite's BINARY collation does (the ties of an ORDER BY). */
	sortKey( column: string ): string;
	/** SQL naming a row in samples when the table has no `event_id`. */
	rowKey: string;
	/** SQL ordering rows by {@link rowKey} (samples are the first rows in this order). */
	rowOrder: string;
	/** SQL giving a row's UTC day (`YYYY-MM-DD`) from `received_at` when the table has no `day`. */
	receivedDay: string;
	/**
	 * SQL giving the newest time a column holds, in seconds since the epoch (fractional): values are
	 * compared as times, not as text (`…T05:30:00-06:00` is after `…T09:00:00Z`); a time without an
	 * offset is UTC; values that are not ISO 8601 times are left out. NULL when none is a time.
	 */
	newestTime( column: string ): string;
}

/** How a store lists a table's columns and which dialect its checks then use. */
export interface SqlFlavour {
	/** The query listing a table's columns, in order: rows with `name` and `type`. */
	describe( table: string ): CheckQuery;
	/**
	 * The dialect for a table with these columns.
	 *
	 * @param columns what `describe` listed
	 */
	dialect( columns: { name: string; type: string }[] ): SqlDialect;
}

/** SQLite: values compared as stored (each value has its own type). */
export const SQLITE: SqlFlavour = {
	describe: ( table ) => query( `PRAGMA table_info(${ sqlName( table ) })` ),
	dialect: () => ( {
		value: sqlName,
		notNumber: ( column ) => `typeof(${ sqlName( column ) }) NOT IN ('integer', 'real')`,
		sortKey: sqlName,
		rowKey: 'rowid',
		rowOrder: 'rowid',
		receivedDay: 'substr("received_at", 1, 10)',
		// received_at is the intake's, always `…Z` with ms: its text order is its time order (and MAX can use an index).
		newestTime: ( column ) => ( column === 'received_at' ? 'unixepoch(MAX("received_at"), \'subsec\')' : `MAX(CASE WHEN typeof(${ sqlName( column ) }) = 'text' THEN unixepoch(${ sqlName( column ) }, 'subsec') END)` ),
	} ),
};

/** A PostgreSQL text holding an ISO 8601 date-time (what a cast to a time can take), and one ending in an offset. */
const PG_ISO_TIME = "'^\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}'";
const PG_OFFSET = "'(Z|z|[+-]\\d{2}(:?\\d{2})?)$'";

const PG_NUMBERS = new Set( [ 'bigint', 'integer', 'smallint', 'double precision', 'real', 'numeric', 'boolean' ] );
const PG_TEXTS = new Set( [ 'text', 'character varying', 'character', 'json', 'jsonb' ] );

/** PostgreSQL: each column has one type; the checks read it as SQLite would hold it. */
export const POSTGRES: SqlFlavour = {
	describe: ( table ) => query( `SELECT column_name AS name, data_type AS type FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position`, [ table ] ),
	dialect: ( columns ) => {
		const types = new Map( columns.map( ( c ) => [ c.name, c.type ] ) );
		const value = ( column: string ): string => {
			const type = types.get( column );
			return type === 'boolean' ? `(${ sqlName( column ) })::int` : type === 'json' || type === 'jsonb' ? `(${ sqlName( column ) })::text` : sqlName( column );
		};
		return {
			value,
			notNumber: ( column ) => ( PG_NUMBERS.has( types.get( column ) || '' ) ? 'FALSE' : null ),
			sortKey: ( column ) => ( PG_TEXTS.has( types.get( column ) || '' ) ? `${ value( column ) } COLLATE "C"` : value( column ) ),
			rowKey: 'ctid::text',
			rowOrder: 'ctid',
			receivedDay: 'to_char("received_at" AT TIME ZONE \'UTC\', \'YYYY-MM-DD\')',
			newestTime: ( column ) => {
				const name = sqlName( column );
				if ( /^timestamp/.test( types.get( column ) || '' ) ) {
					return `extract(epoch from MAX(${ name }))::float8`;
				}
				return `MAX(extract(epoch from CASE WHEN ${ name } ~ ${ PG_ISO_TIME } THEN CASE WHEN ${ name } ~ ${ PG_OFFSET } THEN (${ name })::timestamptz
					ELSE (${ name })::timestamp AT TIME ZONE 'UTC' END END))::float8`;
			},
		};
	},
};

/**
 * A query with `?` placeholders as PostgreSQL takes it (`$1`, `$2`, …). The checks' SQL has no `?`
 * other than placeholders (names are quoted identifiers of `[a-z0-9_]`).
 *
 * @param q
 */
export function numberedPlaceholders( q: CheckQuery ): string {
	let n = 0;
	return q.sql.replace( /\?/g, () => `$${ ++n }` );
}
