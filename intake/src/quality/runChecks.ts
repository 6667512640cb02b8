import type Database from 'better-sqlite3';
import type { QualityCheck } from './checkDefinition';
import type { CheckResult } from './checkResult';
import { CheckedTable, sqlName } from './checkedTable';
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
	let actual: string[] = [];
	try {
		actual = ( db.prepare( `PRAGMA table_info(${ sqlName( table.table ) })` ).all() as { name: string }[] ).map( ( c ) => c.name );
	} catch ( e ) {
		// Reported per check below, as a missing table.
	}
	const from = sqlName( table.table );
	const rows: RowContext = { db, from, key: actual.includes( 'event_id' ) ? 'event_id' : 'rowid' };
	const times: TimeContext = { db, from, now, dayOf: actual.includes( 'day' ) ? '"day"' : 'substr("received_at", 1, 10)' };
	return table.checks.map( ( check ): CheckResult => {
		let outcome: Outcome;
		try {
			if ( !actual.length ) {
				throw new Error( `no table ${ table.table }` );
			}
			const column = columnOf( check );
			if ( column !== null && !actual.includes( column ) ) {
				throw new Error( `${ table.table } has no column ${ column }` );
			}
			outcome = evaluate( check, rows, times, actual, table );
		} catch ( e ) {
			outcome = { check: check.check, column: columnOf( check ), status: 'error', value: null, observed: `could not run: ${ ( e as Error ).message }`, threshold: '', failing: [] };
		}
		return Object.assign( { table: table.table }, outcome, { checkedAt } );
	} );
}

function evaluate( check: QualityCheck, rows: RowContext, times: TimeContext, actual: string[], table: CheckedTable ): Outcome {
	switch ( check.check ) {
		case 'not_null':
			return notNull( rows, check );
		case 'unique':
			return unique( rows, check );
		case 'accepted_values':
			return acceptedValues( rows, check );
		case 'range':
			return range( rows, check );
		case 'freshness':
			return freshness( times, check );
		case 'row_count':
			return rowCount( times, check );
		case 'volume':
			return volume( times, check );
		case 'schema':
			return schema( actual, table.columns, check );
	}
	throw new Error( 'unknown check' );
}
