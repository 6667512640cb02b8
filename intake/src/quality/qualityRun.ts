import type Database from 'better-sqlite3';
import type { ModelCatalog } from '../modelling/modelCatalog';
import type { QualityCheck } from './checkDefinition';
import type { CheckResult } from './checkResult';
import type { DeclaredColumn } from './checkedTable';
import { writeResults } from './resultsTable';
import { runChecks } from './runChecks';

/** A defined table and its checks, by its logical name (the SQLite name adds the schema's major version). */
export interface DefinedTableChecks {
	/** The stream it is made from (`meta.stream`). */
	stream: string;
	/** The logical table name of the definition (`clicks`). */
	name: string;
	columns: DeclaredColumn[];
	checks: QualityCheck[];
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
	const catalogue = db.prepare( "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'mp_tables'" ).get();
	if ( !catalogue ) {
		return null;
	}
	const row = db.prepare( 'SELECT physical FROM mp_tables WHERE stream = ? AND name = ? ORDER BY major DESC LIMIT 1' ).get( stream, name ) as { physical: string } | undefined;
	return row ? row.physical : null;
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
	for ( const t of tables.filter( ( x ) => x.checks.length ) ) {
		const physical = currentPhysicalTable( db, t.stream, t.name );
		if ( !physical ) {
			notYetMade.push( `${ t.name } (stream ${ t.stream })` );
			continue;
		}
		results.push( ...runChecks( db, { table: physical, columns: t.columns, checks: t.checks }, now ) );
	}
	if ( results.length ) {
		writeResults( db, results );
	}
	return { results, notYetMade };
}

/**
 * The defined tables that declare checks, with their declared columns.
 *
 * @param catalog the streams' modelling
 */
export function tablesWithChecks( catalog: ModelCatalog ): DefinedTableChecks[] {
	return catalog.entries().flatMap( ( [ stream, model ] ) => model.tables.filter( ( t ) => t.checks.length ).map( ( t ) => ( {
		stream,
		name: t.name,
		columns: t.columns.map( ( c ) => ( { name: c.name, privacyTagged: c.privacyTagged } ) ),
		checks: t.checks,
	} ) ) );
}
