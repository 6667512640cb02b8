import type Database from 'better-sqlite3';

/**
 * Whether a SQLite store has a table of this name (stores made by older versions, or opened
 * read-only before the intake made it, may lack one).
 *
 * @param db the store
 * @param name the table
 */
export function sqliteTableExists( db: Database.Database, name: string ): boolean {
	return !!db.prepare( "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?" ).get( name );
}
