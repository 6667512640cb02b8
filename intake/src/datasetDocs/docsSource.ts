import Database from 'better-sqlite3';
import type { Definitions } from '../definitionSources';
import { streamFacts } from './streamFacts';
import { documentedTables } from './tablesFromStore';
import { tableMarkdown } from './tableMarkdown';

/** Which documentation the read side asks for: one SQLite table, or every table of a stream. */
export type DocsQuery = { table: string } | { stream: string };

/** One table's documentation. */
export interface TableDocument {
	/** The SQLite table. */
	table: string;
	markdown: string;
}

/** The documentation of the store's modelled tables, on demand. */
export interface DocsSource {
	/** The documentation of the tables a query names (none: no modelled table matches). */
	documents( query: DocsQuery, definitions: Definitions ): TableDocument[];
	/** Closes the read-only connection. */
	close(): void;
}

/**
 * The documentation the intake's read side serves (`GET /v1/tables/<table>/doc`,
 * `GET /v1/streams/<stream>/doc`), generated on each request from the store (on a read-only connection
 * opened at the first request), the current definitions and the latest check results.
 *
 * @param store the SQLite store
 */
export function createDocsSource( store: string ): DocsSource {
	let db: Database.Database | null = null;
	return {
		documents( query, definitions ) {
			if ( !db ) {
				db = new Database( store, { readonly: true, fileMustExist: true } );
			}
			const docs = documentedTables( db, streamFacts( definitions ), ( t ) => ( 'table' in query ? t.physical === query.table : t.stream === query.stream ) );
			return docs.map( ( doc ) => ( { table: doc.table, markdown: tableMarkdown( doc ) } ) );
		},
		close() {
			if ( db && db.open ) {
				db.close();
			}
		},
	};
}
