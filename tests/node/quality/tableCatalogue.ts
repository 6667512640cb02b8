/**
 * Registers the generated data set's tables in the store's catalogue of modelled tables
 * (`mp_tables`, `mp_columns`), as the intake does when it makes a table, so that the commands find them.
 */
import type Database from 'better-sqlite3';

/** The catalogue's layout (modelling's tableStore.ts, where the intake makes and records its tables). */
const CATALOGUE = `
CREATE TABLE IF NOT EXISTS mp_tables (physical TEXT PRIMARY KEY, stream TEXT NOT NULL, name TEXT NOT NULL, major INTEGER NOT NULL,
	schema_id TEXT NOT NULL, description TEXT NOT NULL, dedupe INTEGER NOT NULL, partition_by TEXT NOT NULL, created_at TEXT NOT NULL,
	dropped_until TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS mp_columns (physical TEXT NOT NULL, name TEXT NOT NULL, position INTEGER NOT NULL, path TEXT NOT NULL,
	type TEXT NOT NULL, privacy TEXT NOT NULL, privacy_tagged INTEGER NOT NULL, description TEXT NOT NULL, PRIMARY KEY (physical, name));`;

/**
 * @param db the store holding the data set
 * @param definitions the data set's tables file
 */
export function registerInCatalogue( db: Database.Database, definitions: Record<string, { tables: unknown[] }> ): void {
	db.exec( CATALOGUE );
	for ( const [ stream, entry ] of Object.entries( definitions ) ) {
		for ( const t of entry.tables as { name: string; description?: string; columns: { path: string; name?: string; privacy?: string }[] }[] ) {
			const physical = `${ t.name }_v1`;
			db.prepare( 'INSERT INTO mp_tables (physical, stream, name, major, schema_id, description, dedupe, partition_by, created_at) VALUES (?, ?, ?, 1, ?, ?, 1, ?, ?)' )
				.run( physical, stream, t.name, '/analytics/product_metrics/web/base/1.3.0', t.description || '', 'day', '2026-11-16T00:00:00.000Z' );
			t.columns.forEach( ( c, i ) => {
				const type = ( db.prepare( `SELECT type FROM pragma_table_info('${ physical }') WHERE name = ?` ).get( c.name || c.path.replace( /\./g, '_' ) ) as { type: string } ).type;
				db.prepare( 'INSERT INTO mp_columns (physical, name, position, path, type, privacy, privacy_tagged, description) VALUES (?, ?, ?, ?, ?, ?, ?, ?)' )
					.run( physical, c.name || c.path.replace( /\./g, '_' ), i, c.path, type === 'INTEGER' ? 'integer' : 'string', c.privacy || 'keep', c.privacy ? 1 : 0, `The event's ${ c.path }.` );
			} );
		}
	}
}
