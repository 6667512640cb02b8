import { inTransaction } from './transaction';
import type { Pool } from 'pg';
import { CheckQuery, numberedPlaceholders, POSTGRES, Row } from '../quality/checkQuery';
import type { CheckResult } from '../quality/checkResult';
import { DefinedTableChecks, hasChecks, QualityRun, unusableResults } from '../quality/qualityRun';
import { RESULTS_KEPT_DAYS, RESULTS_TABLE, resultFromRow, ResultRow } from '../quality/resultsTable';
import { runChecksOn } from '../quality/runChecks';
import { pgTableExists } from './tableExists';

/**
 * The data-quality checks on the PostgreSQL store: the same checks as on SQLite (each written once,
 * see checkQuery.ts), the same results table (`mp_quality_results`, made by migrations.ts, with the
 * SQLite table's columns and a `seq`), the same report.
 */

/**
 * Runs one check query on the store. The pool must read values as the store's own pool does
 * (READ_TYPES: counts as numbers, days as text), so the checks see what they see on SQLite.
 *
 * @param pool
 */
export function pgReader( pool: Pool ): ( q: CheckQuery ) => Promise<Row[]> {
	return async ( q ) => ( await pool.query( numberedPlaceholders( q ), q.params as unknown[] ) ).rows as Row[];
}

/**
 * The table that receives a defined table's rows now: the one of the highest schema major version in
 * the store's catalogue (`mp_tables`), or null when none was made yet (or the database has no
 * catalogue: not an intake store, or one from before modelled tables).
 *
 * @param pool
 * @param stream
 * @param name the logical table name
 */
export async function currentPgTable( pool: Pool, stream: string, name: string ): Promise<string | null> {
	if ( !await pgTableExists( pool, 'mp_tables' ) ) {
		return null;
	}
	const r = await pool.query<{ physical: string }>( 'SELECT physical FROM mp_tables WHERE stream = $1 AND name = $2 ORDER BY major DESC LIMIT 1', [ stream, name ] );
	return r.rows.length ? r.rows[ 0 ].physical : null;
}

/**
 * Writes one run's results (one transaction) and removes results older than
 * {@link RESULTS_KEPT_DAYS} days before the run, as writeResults does on SQLite.
 *
 * @param pool
 * @param results one run's results (they share `checkedAt`, which names the run)
 */
export async function writePgResults( pool: Pool, results: CheckResult[] ): Promise<void> {
	if ( !results.length ) {
		return;
	}
	const runId = results[ 0 ].checkedAt;
	const oldest = new Date( Date.parse( runId ) - RESULTS_KEPT_DAYS * 86400000 ).toISOString();
	const column = <T>( f: ( r: CheckResult ) => T ): T[] => results.map( f );
	const client = await pool.connect();
	try {
		await inTransaction( client, async () => {
			// unnest keeps the order of the arrays: `seq` follows the order of the checks.
			await client.query( `INSERT INTO ${ RESULTS_TABLE } (run_id, checked_at, table_name, check_name, column_name, status, observed, observed_value, threshold, failing_rows)
				SELECT $1, a, b, c, d, e, f, g, h, i FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::float8[], $9::text[], $10::text[])
				WITH ORDINALITY AS r(a, b, c, d, e, f, g, h, i, n) ORDER BY n`, [
				runId, column( ( r ) => r.checkedAt ), column( ( r ) => r.table ), column( ( r ) => r.check ), column( ( r ) => r.column ), column( ( r ) => r.status ),
				column( ( r ) => r.observed ), column( ( r ) => r.value ), column( ( r ) => r.threshold ), column( ( r ) => JSON.stringify( r.failing ) ),
			] );
			await client.query( `DELETE FROM ${ RESULTS_TABLE } WHERE checked_at < $1`, [ oldest ] );
		} );
	} finally {
		client.release();
	}
}

/**
 * The results of the latest run that checked a table, in the order the checks ran (latestResults on
 * SQLite); empty when it was never checked.
 *
 * @param pool
 * @param table the table checked
 */
export async function latestPgResults( pool: Pool, table: string ): Promise<CheckResult[]> {
	const r = await pool.query<ResultRow>( `SELECT * FROM ${ RESULTS_TABLE } WHERE table_name = $1 AND run_id =
		(SELECT MAX(run_id) FROM ${ RESULTS_TABLE } WHERE table_name = $1) ORDER BY seq`, [ table ] );
	return r.rows.map( resultFromRow );
}

/**
 * runQuality on PostgreSQL: runs the checks of every defined table that exists in the store and
 * writes the results to `mp_quality_results` (one transaction). Tables not made yet are listed, not
 * checked; with nothing to check nothing is written. A check that cannot run gives an `error` result.
 *
 * @param pool a pool reading as the store's (READ_TYPES)
 * @param tables the defined tables with checks
 * @param now the run's time
 * @throws {Error} when the database cannot be read or written (not for a missing table or column)
 */
export async function runPgQuality( pool: Pool, tables: DefinedTableChecks[], now: Date ): Promise<QualityRun> {
	const results: CheckResult[] = [];
	const notYetMade: string[] = [];
	const read = pgReader( pool );
	for ( const t of tables.filter( hasChecks ) ) {
		const physical = await currentPgTable( pool, t.stream, t.name );
		if ( !physical ) {
			notYetMade.push( `${ t.name } (stream ${ t.stream })` );
			continue;
		}
		results.push( ...await runChecksOn( read, POSTGRES, { table: physical, columns: t.columns, checks: t.checks }, now ), ...unusableResults( physical, t, now ) );
	}
	await writePgResults( pool, results );
	return { results, notYetMade };
}
