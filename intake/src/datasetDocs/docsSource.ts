import Database from 'better-sqlite3';
import { Pool } from 'pg';
import type { Definitions } from '../definitionSources';
import { postgresCatalogue } from '../postgres/catalogue';
import { isPostgresUrl } from '../postgres/postgresSink';
import { streamFacts } from './streamFacts';
import { CatalogueReader, documentedTables, sqliteCatalogue } from './tablesFromStore';
import { tableMarkdown } from './tableMarkdown';

/** Which documentation the read side asks for: one modelled table, or every table of a stream. */
export type DocsQuery = { table: string } | { stream: string };

/** One table's documentation. */
export interface TableDocument {
	/** The modelled table. */
	table: string;
	markdown: string;
}

/** The documentation of the store's modelled tables, on demand. */
export interface DocsSource {
	/**
	 * The documentation of the tables a query names (none: no modelled table matches).
	 *
	 * @throws {Error} when the store cannot be read
	 */
	documents( query: DocsQuery, definitions: Definitions ): Promise<TableDocument[]>;
	/** Closes the connection (or pool) it opened. */
	close(): Promise<void>;
}

/** Connections the read side's documentation takes from a PostgreSQL store at most. */
const POSTGRES_CONNECTIONS = 2;

/**
 * The documentation the intake's read side serves (`GET /v1/tables/<table>/doc`,
 * `GET /v1/streams/<stream>/doc`), generated on each request from the store (on a read-only SQLite
 * connection, or a small pool on PostgreSQL, opened at the first request), the current definitions
 * and the latest check results.
 *
 * @param store the SQLite store's file, or the PostgreSQL store's `postgres://` URL
 */
export function createDocsSource( store: string ): DocsSource {
	let db: Database.Database | null = null;
	let pool: Pool | null = null;
	let catalogue: CatalogueReader | null = null;
	const open = (): CatalogueReader => {
		if ( isPostgresUrl( store ) ) {
			pool = new Pool( { connectionString: store, max: POSTGRES_CONNECTIONS } );
			// An idle connection's error (the server restarting) must not end the process; the next
			// request gets a connection of its own, or the error.
			pool.on( 'error', () => undefined );
			return postgresCatalogue( pool );
		}
		db = new Database( store, { readonly: true, fileMustExist: true } );
		return sqliteCatalogue( db );
	};
	return {
		async documents( query, definitions ) {
			catalogue = catalogue || open();
			const docs = await documentedTables( catalogue, streamFacts( definitions ), ( t ) => ( 'table' in query ? t.physical === query.table : t.stream === query.stream ) );
			return docs.map( ( doc ) => ( { table: doc.table, markdown: tableMarkdown( doc ) } ) );
		},
		async close() {
			if ( db && db.open ) {
				db.close();
			}
			if ( pool ) {
				const ending = pool;
				pool = null;
				await ending.end();
			}
		},
	};
}
