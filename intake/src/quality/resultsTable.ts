import type Database from 'better-sqlite3';
import type { CheckResult, CheckStatus } from './checkResult';
import { sqliteTableExists } from '../sqliteTableExists';

/** The SQLite table that keeps check results, in the store beside the modelled tables. */
export const RESULTS_TABLE = 'mp_quality_results';

/** Results older than this are removed when new ones are written (the table stays bounded). */
export const RESULTS_KEPT_DAYS = 90;

const CREATE = `
CREATE TABLE IF NOT EXISTS ${ RESULTS_TABLE } (
	run_id TEXT NOT NULL,
	checked_at TEXT NOT NULL,
	table_name TEXT NOT NULL,
	check_name TEXT NOT NULL,
	column_name TEXT,
	status TEXT NOT NULL,
	observed TEXT NOT NULL,
	observed_value REAL,
	threshold TEXT NOT NULL,
	failing_rows TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ${ RESULTS_TABLE }_latest ON ${ RESULTS_TABLE } (table_name, checked_at);`;

/** A row of the results table as both stores return it. */
export interface ResultRow {
	run_id: string;
	checked_at: string;
	table_name: string;
	check_name: CheckResult['check'];
	column_name: string | null;
	status: CheckStatus;
	observed: string;
	observed_value: number | null;
	threshold: string;
	failing_rows: string;
}

/**
 * @param r a stored row
 * @return the check result it holds
 */
export function resultFromRow( r: ResultRow ): CheckResult {
	return {
		table: r.table_name, check: r.check_name, column: r.column_name, status: r.status, observed: r.observed,
		value: r.observed_value, threshold: r.threshold, failing: JSON.parse( r.failing_rows ), checkedAt: r.checked_at,
	};
}

/**
 * Writes one run's results (one transaction) and removes results older than
 * {@link RESULTS_KEPT_DAYS} days before the run.
 *
 * @param db an open database
 * @param results one run's results (they share `checkedAt`, which names the run)
 */
export function writeResults( db: Database.Database, results: CheckResult[] ): void {
	db.exec( CREATE );
	if ( !results.length ) {
		return;
	}
	const insert = db.prepare( `INSERT INTO ${ RESULTS_TABLE } VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)` );
	const runId = results[ 0 ].checkedAt;
	const oldest = new Date( Date.parse( runId ) - RESULTS_KEPT_DAYS * 86400000 ).toISOString();
	db.transaction( () => {
		for ( const r of results ) {
			insert.run( runId, r.checkedAt, r.table, r.check, r.column, r.status, r.observed, r.value, r.threshold, JSON.stringify( r.failing ) );
		}
		db.prepare( `DELETE FROM ${ RESULTS_TABLE } WHERE checked_at < ?` ).run( oldest );
	} )();
}

/**
 * The results of the latest run that checked a table, in the order the checks are declared; empty
 * when it was never checked (or the store has no results table).
 *
 * @param db an open database
 * @param table the SQLite table
 */
export function latestResults( db: Database.Database, table: string ): CheckResult[] {
	if ( !sqliteTableExists( db, RESULTS_TABLE ) ) {
		return [];
	}
	const rows = db.prepare( `SELECT * FROM ${ RESULTS_TABLE } WHERE table_name = ? AND run_id =
		(SELECT MAX(run_id) FROM ${ RESULTS_TABLE } WHERE table_name = ?) ORDER BY rowid` ).all( table, table ) as ResultRow[];
	return rows.map( resultFromRow );
}
