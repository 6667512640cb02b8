import type Database from 'better-sqlite3';
import { latestResults } from '../quality/resultsTable';
import type { CheckResult } from '../quality/checkResult';
import { ColumnPrivacy, DocumentedTable, systemColumns } from './documentedTable';
import { sqliteTableExists } from '../sqliteTableExists';

/** What the stream definitions say about a stream, for its tables' documentation. */
export interface StreamFacts {
	/** The owner (the definition's `owner`); null when unknown. */
	owner: string | null;
	/** Days its raw events are kept; null when the definitions are not at hand. */
	retentionDays: number | null;
}

/** A row of the store's `mp_tables` (the same columns on SQLite and PostgreSQL). */
export interface CatalogueTable {
	physical: string;
	stream: string;
	schema_id: string;
	description: string;
	dedupe: number;
	partition_by: string;
}

/** A row of the store's `mp_columns`. */
export interface CatalogueColumn {
	name: string;
	path: string;
	type: string;
	privacy: string;
	description: string;
}

/** Reads a store's catalogue of modelled tables and its latest check results. */
export interface CatalogueReader {
	/** The modelled tables, by stream then name (byte order); none when the store has no catalogue. */
	tables(): Promise<CatalogueTable[]>;
	/** A table's defined columns, in their order. */
	columns( physical: string ): Promise<CatalogueColumn[]>;
	/** The latest check results of a table (none when never checked). */
	results( physical: string ): Promise<CheckResult[]>;
}

/**
 * The catalogue of a SQLite store.
 *
 * @param db the store (open; read-only is enough)
 */
export function sqliteCatalogue( db: Database.Database ): CatalogueReader {
	return {
		async tables() {
			return !sqliteTableExists( db, 'mp_tables' ) || !sqliteTableExists( db, 'mp_columns' ) ? [] : db.prepare( 'SELECT * FROM mp_tables ORDER BY stream, physical' ).all() as CatalogueTable[];
		},
		async columns( physical ) {
			return db.prepare( 'SELECT * FROM mp_columns WHERE physical = ? ORDER BY position' ).all( physical ) as CatalogueColumn[];
		},
		async results( physical ) {
			return latestResults( db, physical );
		},
	};
}

/**
 * Every modelled table of the store, documented from the store's catalogue of modelled tables
 * (`mp_tables`, `mp_columns`: what the definitions and the schema made), the stream definitions
 * (owner, retention) and the latest check results. Empty when the store has no modelled table.
 *
 * @param catalogue the store's catalogue (sqliteCatalogue, postgresCatalogue)
 * @param facts the stream definitions' facts, by stream
 * @param only the tables to document (default all)
 * @throws {Error} when the store cannot be read
 */
export async function documentedTables( catalogue: CatalogueReader, facts: ( stream: string ) => StreamFacts, only?: ( table: CatalogueTable ) => boolean ): Promise<DocumentedTable[]> {
	const tables = ( await catalogue.tables() ).filter( only || ( () => true ) );
	const documented: DocumentedTable[] = [];
	for ( const t of tables ) {
		const partition = t.partition_by === 'none' ? 'none' : 'day';
		const stream = facts( t.stream );
		const columns = await catalogue.columns( t.physical );
		documented.push( {
			table: t.physical,
			stream: t.stream,
			schemaId: t.schema_id,
			purpose: t.description,
			owner: stream.owner,
			retentionDays: stream.retentionDays,
			dedupe: !!t.dedupe,
			partition,
			columns: systemColumns( partition ).concat( columns.map( ( c ) => ( {
				name: c.name, path: c.path, type: c.type, description: c.description, privacy: c.privacy as ColumnPrivacy,
			} ) ) ),
			checks: await catalogue.results( t.physical ),
		} );
	}
	return documented;
}
