import type Database from 'better-sqlite3';
import type { QualityCheck } from './checkDefinition';
import type { CheckResult } from './checkResult';
import { CheckedTable, sqlName } from './checkedTable';
import { CheckQuery, CheckSteps, Row, runOnReader, runOnSqlite, SQLITE, SqlFlavour } from './checkQuery';
import { withoutDropValues } from './dropColumnValues';
import { acceptedValues, notNull, Outcome, range, RowContext, unique } from './rowChecks';
import { schema } from './schemaCheck';
import { freshness, rowCount, TimeContext, volume } from './timeChecks';

/**
 * The column a check names, if any.
 *
 * @param check
 */
function columnOf( check: QualityCheck ): string | null {
	return 'column' in check ? check.column : null;
}

/** A table's checks ready to run: its actual columns and the contexts of the checks. */
interface Prepared {
	actual: string[];
	rows: RowContext;
	times: TimeContext;
}

function prepare( flavour: SqlFlavour, table: CheckedTable, described: { name: string; type: string }[], now: Date ): Prepared {
	const actual = described.map( ( c ) => c.name );
	const dialect = flavour.dialect( described );
	const from = sqlName( table.table );
	const byEventId = actual.includes( 'event_id' );
	return {
		actual,
		rows: { from, key: byEventId ? 'event_id' : dialect.rowKey, order: byEventId ? dialect.sortKey( 'event_id' ) : dialect.rowOrder, dialect },
		times: { from, now, dayOf: actual.includes( 'day' ) ? '"day"' : dialect.receivedDay, newestTime: dialect.newestTime },
	};
}

/**
 * The steps of one check, after checking that the table and the column it names exist.
 *
 * @param check
 * @param table
 * @param p
 * @throws {Error} for a missing table or column
 */
function stepsOf( check: QualityCheck, table: CheckedTable, p: Prepared ): CheckSteps<Outcome> {
	if ( !p.actual.length ) {
		throw new Error( `no table ${ table.table }` );
	}
	const column = columnOf( check );
	if ( column !== null && !p.actual.includes( column ) ) {
		throw new Error( `${ table.table } has no column ${ column }` );
	}
	const steps = evaluate( check, p.rows, p.times, p.actual, table );
	return column !== null && table.columns.some( ( c ) => c.name === column && c.privacy === 'drop' ) ? withoutDropValues( steps, column ) : steps;
}

function errorOutcome( check: QualityCheck, e: unknown ): Outcome {
	return { check: check.check, column: columnOf( check ), status: 'error', value: null, observed: `could not run: ${ ( e as Error ).message }`, threshold: '', failing: [] };
}

/**
 * Runs one table's checks against SQLite. Each check is independent: one that cannot run (a missing
 * table or column) gives an `error` result with SQLite's reason, and the others still run. Never
 * throws for a bad table or check.
 *
 * @param db an open database (read access is enough)
 * @param table the table, its declared columns and checks
 * @param now the time the checks run at (freshness, the last complete day)
 */
export function runChecks( db: Database.Database, table: CheckedTable, now: Date ): CheckResult[] {
	const checkedAt = now.toISOString();
	let described: { name: string; type: string }[] = [];
	try {
		described = db.prepare( SQLITE.describe( table.table ).sql ).all() as { name: string; type: string }[];
	} catch ( e ) {
		// Reported per check below, as a missing table.
	}
	const p = prepare( SQLITE, table, described, now );
	return table.checks.map( ( check ): CheckResult => {
		let outcome: Outcome;
		try {
			outcome = runOnSqlite( stepsOf( check, table, p ), db );
		} catch ( e ) {
			outcome = errorOutcome( check, e );
		}
		return Object.assign( { table: table.table }, outcome, { checkedAt } );
	} );
}

/**
 * {@link runChecks} with an asynchronous reader: the same checks, the same results, against
 * PostgreSQL (see checkQuery.ts for what the dialect changes).
 *
 * @param read runs one query
 * @param flavour the store's SQL (POSTGRES)
 * @param table the table, its declared columns and checks
 * @param now the time the checks run at
 */
export async function runChecksOn( read: ( q: CheckQuery ) => Promise<Row[]>, flavour: SqlFlavour, table: CheckedTable, now: Date ): Promise<CheckResult[]> {
	const checkedAt = now.toISOString();
	let described: { name: string; type: string }[] = [];
	try {
		described = ( await read( flavour.describe( table.table ) ) ) as { name: string; type: string }[];
	} catch ( e ) {
		// Reported per check below, as a missing table.
	}
	const p = prepare( flavour, table, described, now );
	const results: CheckResult[] = [];
	for ( const check of table.checks ) {
		let outcome: Outcome;
		try {
			outcome = await runOnReader( stepsOf( check, table, p ), read );
		} catch ( e ) {
			outcome = errorOutcome( check, e );
		}
		results.push( Object.assign( { table: table.table }, outcome, { checkedAt } ) );
	}
	return results;
}

function* evaluate( check: QualityCheck, rows: RowContext, times: TimeContext, actual: string[], table: CheckedTable ): CheckSteps<Outcome> {
	switch ( check.check ) {
		case 'not_null':
			return yield* notNull( rows, check );
		case 'unique':
			return yield* unique( rows, check );
		case 'accepted_values':
			return yield* acceptedValues( rows, check );
		case 'range':
			return yield* range( rows, check );
		case 'freshness':
			return yield* freshness( times, check );
		case 'row_count':
			return yield* rowCount( times, check );
		case 'volume':
			return yield* volume( times, check );
		case 'schema':
			return schema( actual, table.columns, check );
	}
	throw new Error( 'unknown check' );
}
