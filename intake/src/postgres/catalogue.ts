import type { Pool } from 'pg';
import type { CatalogueColumn, CatalogueReader, CatalogueTable } from '../datasetDocs/tablesFromStore';
import { latestPgResults } from './quality';
import { pgTableExists } from './tableExists';

/**
 * The catalogue of modelled tables of a PostgreSQL store (`mp_tables`, `mp_columns`, made by its
 * migrations) and its latest check results, for the dataset documentation: the same rows as a SQLite
 * store's, in the same order (names compared byte by byte, as SQLite does, whatever the database's
 * collation).
 *
 * @param pool a pool on the store
 */
export function postgresCatalogue( pool: Pool ): CatalogueReader {
	return {
		async tables() {
			if ( !await pgTableExists( pool, 'mp_tables' ) ) {
				return [];
			}
			return ( await pool.query<CatalogueTable>( `SELECT physical, stream, schema_id, description, dedupe, partition_by FROM mp_tables
				ORDER BY stream COLLATE "C", physical COLLATE "C"` ) ).rows;
		},
		async columns( physical ) {
			return ( await pool.query<CatalogueColumn>( 'SELECT name, path, type, privacy, description FROM mp_columns WHERE physical = $1 ORDER BY position', [ physical ] ) ).rows;
		},
		results: ( physical ) => latestPgResults( pool, physical ),
	};
}
