/**
 * What a check found: `pass`; `warn` (a check of severity `warn`, or past freshness's warn threshold);
 * `fail`; `error` when the check could not run (a missing table or column, a type SQLite refuses).
 */
export type CheckStatus = 'pass' | 'warn' | 'fail' | 'error';

/** The statuses, best first (a report sorts by them). */
export const CHECK_STATUSES: readonly CheckStatus[] = [ 'pass', 'warn', 'fail', 'error' ];

/** One check's outcome on one table, as stored in the results table and printed in the report. */
export interface CheckResult {
	/** The SQLite table checked. */
	table: string;
	/**
	 * The check's name (`not_null`, …; one of QualityCheck's), or, for a declared check that could not
	 * be used (status `error`), the name it was declared with.
	 */
	check: string;
	/** The column checked, or null for table-level checks (freshness names its column). */
	column: string | null;
	status: CheckStatus;
	/** The measured value in words, e.g. `25 of 2,812 rows null (0.89 %)`. */
	observed: string;
	/**
	 * The measured value as a number, comparable across runs: the failing rows (not_null,
	 * accepted_values, range), duplicate rows (unique), hours since the newest row (freshness), rows of
	 * the last day (row_count), anomalous days (volume), offending columns (schema); null with `error`.
	 */
	value: number | null;
	/** The threshold in words, e.g. `at most 0 % null`. */
	threshold: string;
	/**
	 * A sample of what failed (at most {@link SAMPLE_SIZE} entries): rows as `{ event_id, <column> }`;
	 * days as `{ day, rows, trailing_median }` (volume); columns as `{ column, reason }` (schema).
	 */
	failing: Record<string, unknown>[];
	/** When the check ran (ISO 8601). */
	checkedAt: string;
}

/** Entries of {@link CheckResult.failing} kept at most. */
export const SAMPLE_SIZE = 5;

/**
 * A check's label in reports: `not_null(page_id)`, `freshness(received_at)`, `volume`.
 *
 * @param result
 */
export function checkLabel( result: Pick<CheckResult, 'check' | 'column'> ): string {
	return result.column ? `${ result.check }(${ result.column })` : result.check;
}
