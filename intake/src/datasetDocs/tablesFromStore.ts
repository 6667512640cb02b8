import type Database from 'better-sqlite3';
import { latestResults } from '../quality/resultsTable';
import { ColumnPrivacy, DocumentedTable, systemColumns } from './documentedTable';

/** What the stream definitions say about a stream, for its tables' documentation. */
export interface StreamFacts {
	/** The owner (the definition's `owner`); null when unknown. */
	owner: string | null;
	/** Days its raw events are kept; null when the definitions are not at hand. */
	retentionDays: number | null;
}

interface TableRow {
	physical: string;
	stream: string;
	schema_id: string;
	description: string;
	dedupe: number;
	partition_by: string;
}

interface ColumnRow {
	name: string;
	path: string;
	type: string;
	privacy: string;
	description: string;
}

/**
 * Every modelled table of the store, documented from the store's catalogue of modelled tables
 * (`mp_tables`, `mp_columns`: what the definitions and the schema made), the stream definitions
 * (owner, retention) and the latest check results. Empty when the store has no modelled table.
 *
 * @param db the store
 * @param facts the stream definitions' facts, by stream
 * @param only the SQLite tables to document (default all)
 */
export function documentedTables( db: Database.Database, facts: ( stream: string ) => StreamFacts, only?: ( table: TableRow ) => boolean ): DocumentedTable[] {
	const catalogue = db.prepare( "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name IN ('mp_tables', 'mp_columns')" ).get() as { n: number };
	if ( catalogue.n < 2 ) {
		return [];
	}
	const tables = ( db.prepare( 'SELECT * FROM mp_tables ORDER BY stream, physical' ).all() as TableRow[] ).filter( only || ( () => true ) );
	const columnsOf = db.prepare( 'SELECT * FROM mp_columns WHERE physical = ? ORDER BY position' );
	return tables.map( ( t ): DocumentedTable => {
		const partition = t.partition_by === 'none' ? 'none' : 'day';
		const stream = facts( t.stream );
		return {
			table: t.physical,
			stream: t.stream,
			schemaId: t.schema_id,
			purpose: t.description,
			owner: stream.owner,
			retentionDays: stream.retentionDays,
			dedupe: !!t.dedupe,
			partition,
			columns: systemColumns( partition ).concat( ( columnsOf.all( t.physical ) as ColumnRow[] ).map( ( c ) => ( {
				name: c.name, path: c.path, type: c.type, description: c.description, privacy: c.privacy as ColumnPrivacy,
			} ) ) ),
			checks: latestResults( db, t.physical ),
		};
	} );
}
