import type { SchemaCheck } from './checkDefinition';
import { SAMPLE_SIZE } from './checkResult';
import { DeclaredColumn, TABLE_SYSTEM_COLUMNS } from './checkedTable';
import type { Outcome } from './rowChecks';

/**
 * schema: the table's actual columns against the definition. A column is reported when it is
 * forbidden by name, or looks like an identifier (the pattern) and the definition does not declare
 * it (`undeclared identifier column`) or declares it without a privacy tag (`identifier without a
 * privacy tag`). The system columns (`event_id`, `received_at`, `day`) are not judged.
 *
 * @param actual the table's columns, as SQLite lists them
 * @param declared the definition's columns
 * @param check
 */
export function schema( actual: string[], declared: DeclaredColumn[], check: SchemaCheck ): Outcome {
	const byName = new Map( declared.map( ( c ) => [ c.name, c ] ) );
	// The pattern is the definition's own (checked when parsed), matched against column names only.
	// eslint-disable-next-line security/detect-non-literal-regexp
	const identifier = new RegExp( check.identifier_pattern );
	const offending: { column: string; reason: string }[] = [];
	for ( const column of actual ) {
		if ( TABLE_SYSTEM_COLUMNS.includes( column ) ) {
			continue;
		}
		const definition = byName.get( column );
		if ( check.forbidden_columns.includes( column ) ) {
			offending.push( { column, reason: 'forbidden column' } );
		} else if ( identifier.test( column ) && !definition ) {
			offending.push( { column, reason: 'undeclared identifier column' } );
		} else if ( identifier.test( column ) && definition && !definition.privacyTagged ) {
			offending.push( { column, reason: 'identifier without a privacy tag' } );
		}
	}
	const failed = offending.length > 0;
	return {
		check: 'schema', column: null, status: !failed ? 'pass' : check.severity === 'warn' ? 'warn' : 'fail', value: offending.length,
		observed: failed ? `${ offending.length } of ${ actual.length } columns: ` + offending.map( ( o ) => `${ o.column } (${ o.reason })` ).join( ', ' ) : `${ actual.length } columns, none forbidden`,
		threshold: `no forbidden column${ check.forbidden_columns.length ? ` (${ check.forbidden_columns.join( ', ' ) })` : '' }, no identifier column without a privacy tag`,
		failing: offending.slice( 0, SAMPLE_SIZE ),
	};
}
