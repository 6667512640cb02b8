/**
 * Data-quality checks as a table definition declares them (the `checks` array of a table, beside its
 * `columns`). The names follow dbt's generic tests (`not_null`, `unique`, `accepted_values`) and its
 * source freshness (`warn_after` / `error_after`); `volume` compares each day with the trailing days
 * as Airflow data-quality jobs at Wikimedia do. Parse untrusted input with {@link parseChecks}.
 */

/** What a failing check is: `error` (the default) reports `fail`, `warn` reports `warn`. */
export type Severity = 'error' | 'warn';

/** Fields every check has. */
interface CheckBase {
	/** Status of a failing check (freshness has its own two thresholds instead). */
	severity: Severity;
}

/** The share of NULL values in `column` is at most `tolerated_share` (0–1, default 0). */
export interface NotNullCheck extends CheckBase {
	check: 'not_null';
	column: string;
	tolerated_share: number;
}

/** No two rows share a non-NULL value of `column`. */
export interface UniqueCheck extends CheckBase {
	check: 'unique';
	column: string;
}

/** A JSON scalar a column may hold (booleans are stored as 1/0). */
export type AcceptedValue = string | number | boolean;

/** Every non-NULL value of `column` is one of `values`. */
export interface AcceptedValuesCheck extends CheckBase {
	check: 'accepted_values';
	column: string;
	values: AcceptedValue[];
}

/** Every non-NULL value of `column` is a number within [`min`, `max`] (either may be open). */
export interface RangeCheck extends CheckBase {
	check: 'range';
	column: string;
	min: number | null;
	max: number | null;
}

/**
 * The newest value of `column` (an ISO 8601 time, default `received_at`) is at most
 * `warn_after_hours` old (else `warn`) and at most `error_after_hours` old (else `fail`).
 */
export interface FreshnessCheck {
	check: 'freshness';
	column: string;
	warn_after_hours: number | null;
	error_after_hours: number;
}

/** The rows of the last complete day (UTC) number between `min` and `max` (either may be open). */
export interface RowCountCheck extends CheckBase {
	check: 'row_count';
	min: number | null;
	max: number | null;
}

/**
 * Volume anomaly: each of the last `lookback_days` complete days (UTC) has between 1/`max_ratio` and
 * `max_ratio` times the median rows of the `trailing_days` before it. A day without rows counts 0
 * (a missing day); days whose trailing window starts before the table's first row are not judged.
 */
export interface VolumeCheck extends CheckBase {
	check: 'volume';
	trailing_days: number;
	lookback_days: number;
	max_ratio: number;
}

/**
 * Forbidden columns: the table may not have a column named in `forbidden_columns`, nor a column
 * whose name matches `identifier_pattern` (a person or device identifier) unless the definition
 * declares it with a privacy tag.
 */
export interface SchemaCheck extends CheckBase {
	check: 'schema';
	forbidden_columns: string[];
	identifier_pattern: string;
}

/** One declared check (after parsing; defaults applied). */
export type QualityCheck = NotNullCheck | UniqueCheck | AcceptedValuesCheck | RangeCheck | FreshnessCheck | RowCountCheck | VolumeCheck | SchemaCheck;

/** Values an accepted_values check may list, at most (as the wiki's definition schema allows). */
export const MAX_ACCEPTED_VALUES = 200;

/** The check names, in the order messages list them. */
export const CHECK_NAMES: readonly QualityCheck['check'][] = [ 'not_null', 'unique', 'accepted_values', 'range', 'freshness', 'row_count', 'volume', 'schema' ];

/**
 * Column names that look like a person's or a device's identifier (user, actor, performer id or
 * name, session, pageview, device, IP, e-mail, token, user agent), as whole `_`-separated words.
 * `page_id` or `event_id` do not match: they identify no one.
 */
export const DEFAULT_IDENTIFIER_PATTERN = '(^|_)(user|username|actor|performer_id|performer_name|session|pageview|device|ip|email|token|ua)(_|$)';

/**
 * A declared check that cannot be used (an unknown name, a missing or wrong field). Its table keeps
 * its other checks; a quality run reports this one as `error` with {@link UnusableCheck.problem}.
 */
export interface UnusableCheck {
	/** The name it was declared with (cut to 40 characters), or `checks[i]` when it has none. */
	check: string;
	/** The column it names (cut to 63 characters), or null. */
	column: string | null;
	/** What is wrong, naming the field (`checks[2]: range needs "min", "max" or both`). */
	problem: string;
}

/** The result of {@link parseChecks}: the usable checks, the unusable ones, and one message per problem. */
export interface ParsedChecks {
	checks: QualityCheck[];
	/** The checks left out, each with its problem (the same messages as `problems`). */
	unusable: UnusableCheck[];
	problems: string[];
}

const COLUMN_NAME = /^[a-z_][a-z0-9_]*$/;

type Raw = Record<string, unknown>;

function isObject( x: unknown ): x is Raw {
	return typeof x === 'object' && x !== null && !Array.isArray( x );
}

function finite( x: unknown ): x is number {
	return typeof x === 'number' && Number.isFinite( x );
}

function compiles( pattern: string ): boolean {
	try {
		// eslint-disable-next-line security/detect-non-literal-regexp
		return new RegExp( pattern ).source.length > 0;
	} catch ( e ) {
		return false;
	}
}

/**
 * Reads one check.
 *
 * @param raw a check as declared
 * @throws {Error} naming the first problem
 */
function parseOne( raw: Raw ): QualityCheck {
	const name = raw.check;
	const allowed: Record<QualityCheck['check'], string[]> = {
		not_null: [ 'column', 'tolerated_share' ],
		unique: [ 'column' ],
		accepted_values: [ 'column', 'values' ],
		range: [ 'column', 'min', 'max' ],
		freshness: [ 'column', 'warn_after_hours', 'error_after_hours' ],
		row_count: [ 'min', 'max' ],
		volume: [ 'trailing_days', 'lookback_days', 'max_ratio' ],
		schema: [ 'forbidden_columns', 'identifier_pattern' ],
	};
	if ( typeof name !== 'string' || !Object.prototype.hasOwnProperty.call( allowed, name ) ) {
		throw new Error( `"check" must be one of ${ CHECK_NAMES.join( ', ' ) }` );
	}
	const check = name as QualityCheck['check'];
	for ( const key of Object.keys( raw ) ) {
		if ( key !== 'check' && key !== 'severity' && !allowed[ check ].includes( key ) ) {
			throw new Error( `${ check } has no field "${ key }" (it takes ${ allowed[ check ].concat( check === 'freshness' ? [] : [ 'severity' ] ).join( ', ' ) })` );
		}
	}
	if ( raw.severity !== undefined && ( check === 'freshness' || ( raw.severity !== 'error' && raw.severity !== 'warn' ) ) ) {
		throw new Error( check === 'freshness' ? 'freshness has warn_after_hours and error_after_hours instead of "severity"' : '"severity" must be "error" or "warn"' );
	}
	const severity: Severity = raw.severity === 'warn' ? 'warn' : 'error';
	const column = (): string => {
		if ( typeof raw.column !== 'string' || !COLUMN_NAME.test( raw.column ) ) {
			throw new Error( `${ check } needs "column", a column name (lower-case letters, digits, _)` );
		}
		return raw.column;
	};
	const optionalNumber = ( key: string ): number | null => {
		if ( raw[ key ] === undefined || raw[ key ] === null ) {
			return null;
		}
		if ( !finite( raw[ key ] ) ) {
			throw new Error( `${ check }: "${ key }" must be a number` );
		}
		return raw[ key ] as number;
	};
	const count = ( key: string, fallback: number, max: number ): number => {
		const v = raw[ key ] === undefined ? fallback : raw[ key ];
		if ( !Number.isInteger( v ) || ( v as number ) < 1 || ( v as number ) > max ) {
			throw new Error( `${ check }: "${ key }" must be a whole number from 1 to ${ max }` );
		}
		return v as number;
	};
	switch ( check ) {
		case 'not_null': {
			const share = raw.tolerated_share === undefined ? 0 : raw.tolerated_share;
			if ( !finite( share ) || share < 0 || share > 1 ) {
				throw new Error( 'not_null: "tolerated_share" must be a number from 0 to 1' );
			}
			return { check, column: column(), tolerated_share: share, severity };
		}
		case 'unique':
			return { check, column: column(), severity };
		case 'accepted_values': {
			const values = raw.values;
			if ( !Array.isArray( values ) || !values.length || !values.every( ( v ) => typeof v === 'string' || typeof v === 'boolean' || finite( v ) ) ) {
				throw new Error( 'accepted_values needs "values", a non-empty array of strings, numbers or booleans' );
			}
			if ( values.length > MAX_ACCEPTED_VALUES ) {
				// Each is a bound parameter of one query (SQLite takes up to 32,766).
				throw new Error( `accepted_values takes at most ${ MAX_ACCEPTED_VALUES } values (${ values.length } given)` );
			}
			return { check, column: column(), values: values as AcceptedValue[], severity };
		}
		case 'range': {
			const min = optionalNumber( 'min' );
			const max = optionalNumber( 'max' );
			if ( min === null && max === null ) {
				throw new Error( 'range needs "min", "max" or both' );
			}
			if ( min !== null && max !== null && min > max ) {
				throw new Error( 'range: "min" is above "max"' );
			}
			return { check, column: column(), min, max, severity };
		}
		case 'freshness': {
			const warn = optionalNumber( 'warn_after_hours' );
			const error = optionalNumber( 'error_after_hours' );
			if ( error === null || error <= 0 || ( warn !== null && ( warn <= 0 || warn > error ) ) ) {
				throw new Error( 'freshness needs "error_after_hours" above 0, and "warn_after_hours" (optional) above 0 and at most error_after_hours' );
			}
			return { check, column: raw.column === undefined ? 'received_at' : column(), warn_after_hours: warn, error_after_hours: error };
		}
		case 'row_count': {
			const min = optionalNumber( 'min' );
			const max = optionalNumber( 'max' );
			if ( min === null && max === null ) {
				throw new Error( 'row_count needs "min", "max" or both' );
			}
			return { check, min, max, severity };
		}
		case 'volume': {
			const ratio = raw.max_ratio === undefined ? 3 : raw.max_ratio;
			if ( !finite( ratio ) || ratio <= 1 ) {
				throw new Error( 'volume: "max_ratio" must be a number above 1' );
			}
			return { check, trailing_days: count( 'trailing_days', 7, 90 ), lookback_days: count( 'lookback_days', 7, 90 ), max_ratio: ratio, severity };
		}
		case 'schema': {
			const forbidden = raw.forbidden_columns === undefined ? [] : raw.forbidden_columns;
			if ( !Array.isArray( forbidden ) || !forbidden.every( ( c ) => typeof c === 'string' ) ) {
				throw new Error( 'schema: "forbidden_columns" must be an array of column names' );
			}
			const pattern = raw.identifier_pattern === undefined ? DEFAULT_IDENTIFIER_PATTERN : raw.identifier_pattern;
			if ( typeof pattern !== 'string' || !compiles( pattern ) ) {
				throw new Error( 'schema: "identifier_pattern" must be a regular expression, as a string' );
			}
			return { check, forbidden_columns: forbidden as string[], identifier_pattern: pattern, severity };
		}
	}
	throw new Error( 'unknown check' );
}

/**
 * Reads a table's `checks` from untrusted input (a wiki definition or a file). A check with a problem
 * is left out of `checks`, named in `problems` ("checks[2]: range needs …") and listed in `unusable`
 * (so a quality run can report it); the others are kept. Never throws.
 *
 * @param raw the value of a table's `checks` key (undefined: none)
 * @param where a prefix for messages, e.g. `table button_clicks`
 */
export function parseChecks( raw: unknown, where = 'checks' ): ParsedChecks {
	if ( raw === undefined ) {
		return { checks: [], unusable: [], problems: [] };
	}
	if ( !Array.isArray( raw ) ) {
		const problem = `${ where }: "checks" must be an array`;
		return { checks: [], unusable: [ { check: where, column: null, problem } ], problems: [ problem ] };
	}
	const checks: QualityCheck[] = [];
	const unusable: UnusableCheck[] = [];
	const problems: string[] = [];
	raw.forEach( ( item, i ) => {
		try {
			if ( !isObject( item ) ) {
				throw new Error( 'each check is an object with a "check" name' );
			}
			checks.push( parseOne( item ) );
		} catch ( e ) {
			const problem = `${ where }[${ i }]: ${ ( e as Error ).message }`;
			problems.push( problem );
			const declared = isObject( item ) ? item : {};
			unusable.push( {
				check: typeof declared.check === 'string' && declared.check ? declared.check.slice( 0, 40 ) : `${ where }[${ i }]`,
				column: typeof declared.column === 'string' ? declared.column.slice( 0, 63 ) : null,
				problem,
			} );
		}
	} );
	return { checks, unusable, problems };
}
