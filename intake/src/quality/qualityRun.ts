import type Database from 'better-sqlite3';
import type { ModelCatalog } from '../modelling/modelCatalog';
import type { QualityCheck, UnusableCheck } from './checkDefinition';
import type { CheckResult } from './checkResult';
import type { DeclaredColumn } from './checkedTable';
import { writeResults } from './resultsTable';
import { runChecks } from './runChecks';
import { sqliteTableExists } from '../sqliteTableExists';

/** A defined table and its checks, by its logical name (the SQLite name adds the schema's major version). */
export interface DefinedTableChecks {
	/** The stream it is made from (`meta.stream`). */
	stream: string;
	/** The logical table name of the definition (`clicks`). */
	name: string;
	columns: DeclaredColumn[];
	checks: QualityCheck[];
	/** Declared checks that cannot be used: each gives an `error` result naming its problem. */
	unusable?: UnusableCheck[];
}

/**
 * Whether a defined table has anything to check (usable checks, or unusable ones to report).
 *
 * @param table
 */
export function hasChecks( table: Pick<DefinedTableChecks, 'checks' | 'unusable'> ): boolean {
	return table.checks.length > 0 || !!( table.unusable && table.unusable.length );
}

/**
 * The SQLite table that receives a defined table's rows now: the one of the highest schema major
 * version in the store's catalogue of modelled tables (`mp_tables`), or null when none was made yet
 * (no event of the stream arrived since the table was defined).
 *
 * @param db the store
 * @param stream
 * @param name the logical table name
 */
export function currentPhysicalTable( db: Database.Database, stream: string, name: string ): string | null {
	if ( !sqliteTableExists( db, 'mp_tables' ) ) {
		return null;
	}
	const row = db.prepare( 'SELECT physical FROM mp_tables WHERE stream = ? AND name = ? ORDER BY major DESC LIMIT 1' ).get( stream, name ) as { physical: string } | undefined;
	return row ? row.physical : null;
}

/**
 * The `error` results of a defined table's declared checks that cannot be used (one each, naming its
 * problem), as a run reports them after the table's other checks.
 *
 * @param physical the table checked
 * @param table the defined table
 * @param now the run's time
 */
export function unusableResults( physical: string, table: Pick<DefinedTableChecks, 'unusable'>, now: Date ): CheckResult[] {
	return ( table.unusable || [] ).map( ( u ) => ( { table: physical, check: u.check, column: u.column, status: 'error', value: null,
		observed: `not run: the definition is unusable: ${ u.problem }`, threshold: '', failing: [], checkedAt: now.toISOString() } ) );
}

/** What {@link runQuality} did. */
export interface QualityRun {
	results: CheckResult[];
	/** Defined tables with checks that have no SQLite table yet (not checked). */
	notYetMade: string[];
}

/**
 * Runs the checks of every defined table that exists in the store, and writes the results to the
 * results table (one transaction). Tables not made yet are listed, not checked; with nothing to
 * check nothing is written.
 *
 * @param db the store
 * @param tables the defined tables with checks
 * @param now the run's time
 */
export function runQuality( db: Database.Database, tables: DefinedTableChecks[], now: Date ): QualityRun {
	const results: CheckResult[] = [];
	const notYetMade: string[] = [];
	for ( const t of tables.filter( hasChecks ) ) {
		const physical = currentPhysicalTable( db, t.stream, t.name );
		if ( !physical ) {
			notYetMade.push( `${ t.name } (stream ${ t.stream })` );
			continue;
		}
		results.push( ...runChecks( db, { table: physical, columns: t.columns, checks: t.checks }, now ), ...unusableResults( physical, t, now ) );
	}
	if ( results.length ) {
		writeResults( db, results );
	}
	return { results, notYetMade };
}

/**
 * The defined tables that declare checks (usable or not), with their declared columns.
 *
 * @param catalog the streams' modelling
 */
export function tablesWithChecks( catalog: ModelCatalog ): DefinedTableChecks[] {
	return catalog.entries().flatMap( ( [ stream, model ] ) => model.tables.filter( ( t ) => hasChecks( { checks: t.checks, unusable: t.unusableChecks } ) ).map( ( t ) => ( {
		stream,
		name: t.name,
		columns: t.columns.map( ( c ) => ( { name: c.name, privacyTagged: c.privacyTagged, privacy: c.privacy } ) ),
		checks: t.checks,
		unusable: t.unusableChecks || [],
	} ) ) );
}
