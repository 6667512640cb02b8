import type Database from 'better-sqlite3';
import type { ResolvedColumn } from './schemaColumns';
import type { ColumnType, TableDefinition } from './tableDefinition';

/**
 * The catalogue of modelled tables, kept in the store beside them: one row per SQLite table made
 * (`mp_tables`), one per column (`mp_columns`), with types, descriptions and privacy tags, so that
 * `mp-query`, quality checks and the dataset documentation read what the tables are.
 */
const CATALOGUE = `
CREATE TABLE IF NOT EXISTS mp_tables (
	physical TEXT PRIMARY KEY,
	stream TEXT NOT NULL,
	name TEXT NOT NULL,
	major INTEGER NOT NULL,
	schema_id TEXT NOT NULL,
	description TEXT NOT NULL,
	dedupe INTEGER NOT NULL,
	partition_by TEXT NOT NULL,
	created_at TEXT NOT NULL,
	dropped_until TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS mp_columns (
	physical TEXT NOT NULL,
	name TEXT NOT NULL,
	position INTEGER NOT NULL,
	path TEXT NOT NULL,
	type TEXT NOT NULL,
	privacy TEXT NOT NULL,
	privacy_tagged INTEGER NOT NULL,
	description TEXT NOT NULL,
	since TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (physical, name)
);`;

/** SQLite's column type for each column type. */
const SQL_TYPES: Record<ColumnType, string> = { string: 'TEXT', integer: 'INTEGER', number: 'REAL', boolean: 'INTEGER', json: 'TEXT' };

/** One row of `mp_tables`. */
export interface TableRecord {
	physical: string;
	stream: string;
	name: string;
	major: number;
	schema_id: string;
	description: string;
	dedupe: number;
	partition_by: string;
	created_at: string;
	dropped_until: string;
}

/** One row of `mp_columns`. */
export interface ColumnRecord {
	physical: string;
	name: string;
	position: number;
	path: string;
	type: ColumnType;
	privacy: string;
	privacy_tagged: number;
	description: string;
	/**
	 * When the column was added to a table that had rows, or its privacy tag last changed (ISO 8601):
	 * rows received before then hold NULL there, or values under the old tag. '' when it is as made
	 * with the table. (SQLite store only.)
	 */
	since?: string;
}

/**
 * Creates the catalogue tables when missing.
 *
 * @param db the store
 */
export function openTableCatalogue( db: Database.Database ): void {
	db.exec( CATALOGUE );
	// Catalogues made before `since` existed: their columns count as made with their tables.
	if ( !( db.prepare( 'PRAGMA table_info(mp_columns)' ).all() as { name: string }[] ).some( ( c ) => c.name === 'since' ) ) {
		db.exec( "ALTER TABLE mp_columns ADD COLUMN since TEXT NOT NULL DEFAULT ''" );
	}
}

/**
 * Makes sure a modelled table exists with every defined column, inside the caller's transaction: a new
 * table is created (with at most one index, on a column that grows with time, so a batch writes few
 * index pages: `day` when partitioned, else `received_at` when it has `drop` columns, for the purge); a defined column the table lacks is added (rows before it
 * have NULL there). Columns are never removed or retyped (a column no longer defined stays, NULL in new
 * rows). The catalogue is updated either way.
 *
 * @param db the store
 * @param physical the SQLite table name (`clicks_v1`, already checked)
 * @param stream the stream (`meta.stream`)
 * @param table its definition
 * @param major the schema's major version
 * @param schemaId the schema of the event that made it
 * @param columns the resolved columns
 * @param now the time, ISO 8601
 * @param since the receive time of the first event the columns take as defined now (a column's
 *  `since` when it is added to a table with rows, or re-tagged); default `now`
 * @return one message per change (table created, column added)
 */
export function ensureTable( db: Database.Database, physical: string, stream: string, table: TableDefinition, major: number, schemaId: string, columns: readonly ResolvedColumn[], now: string, since = now ): string[] {
	const changes: string[] = [];
	const existing = db.prepare( 'SELECT * FROM mp_tables WHERE physical = ?' ).get( physical ) as TableRecord | undefined;
	if ( !existing ) {
		const system = [ 'event_id TEXT NOT NULL', 'received_at TEXT NOT NULL' ].concat( table.partition === 'day' ? [ 'day TEXT NOT NULL' ] : [] );
		db.exec( `CREATE TABLE "${ physical }" (${ system.concat( columns.map( ( c ) => `"${ c.name }" ${ SQL_TYPES[ c.type ] }` ) ).join( ', ' ) })` );
		if ( table.partition === 'day' ) {
			db.exec( `CREATE INDEX "${ physical }_day" ON "${ physical }" (day)` );
		}
		if ( table.partition !== 'day' && columns.some( ( c ) => c.privacy === 'drop' ) ) {
			db.exec( `CREATE INDEX "${ physical }_received_at" ON "${ physical }" (received_at)` );
		}
		db.prepare( 'INSERT INTO mp_tables (physical, stream, name, major, schema_id, description, dedupe, partition_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)' )
			.run( physical, stream, table.name, major, schemaId, table.description || '', table.dedupe ? 1 : 0, table.partition, now );
		const older = db.prepare( 'SELECT physical FROM mp_tables WHERE name = ? AND major < ? ORDER BY major DESC LIMIT 1' ).get( table.name, major ) as { physical: string } | undefined;
		changes.push( older ?
			`stream "${ stream }": ${ schemaId } is a new major version (${ major }), incompatible with the events in ${ older.physical }; table ${ physical } created beside it (${ older.physical } keeps its rows; query both, or UNION ALL them, to span the change)` :
			`stream "${ stream }": table ${ physical } created (${ columns.length } columns)` );
	} else if ( existing.stream !== stream ) {
		throw new Error( `table ${ physical } belongs to stream "${ existing.stream }"` );
	} else if ( ( table.description || '' ) !== existing.description ) {
		db.prepare( 'UPDATE mp_tables SET description = ? WHERE physical = ?' ).run( table.description || '', physical );
	}
	const have = new Map( ( db.prepare( 'SELECT * FROM mp_columns WHERE physical = ?' ).all( physical ) as ColumnRecord[] ).map( ( c ) => [ c.name, c ] ) );
	let position = have.size;
	const upsert = db.prepare( `INSERT INTO mp_columns (physical, name, position, path, type, privacy, privacy_tagged, description) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (physical, name) DO UPDATE SET path = excluded.path, privacy = excluded.privacy, privacy_tagged = excluded.privacy_tagged, description = excluded.description` );
	const setSince = db.prepare( 'UPDATE mp_columns SET since = ? WHERE physical = ? AND name = ?' );
	for ( const c of columns ) {
		const known = have.get( c.name );
		if ( !known ) {
			if ( existing ) {
				db.exec( `ALTER TABLE "${ physical }" ADD COLUMN "${ c.name }" ${ SQL_TYPES[ c.type ] }` );
				if ( c.privacy === 'drop' && existing.partition_by !== 'day' ) {
					db.exec( `CREATE INDEX IF NOT EXISTS "${ physical }_received_at" ON "${ physical }" (received_at)` );
				}
				changes.push( `stream "${ stream }": column ${ c.name } (${ c.type }) added to ${ physical }` );
			}
			upsert.run( physical, c.name, position++, c.path, c.type, c.privacy, c.privacyTagged ? 1 : 0, c.description );
			if ( existing ) {
				setSince.run( since, physical, c.name );
			}
		} else if ( known.path !== c.path || known.privacy !== c.privacy || known.description !== c.description || known.privacy_tagged !== ( c.privacyTagged ? 1 : 0 ) ) {
			if ( known.privacy !== c.privacy ) {
				setSince.run( since, physical, c.name );
			}
			if ( known.privacy !== c.privacy && c.privacy === 'drop' ) {
				// The purge empties drop columns from its watermark on: rows older than it are to be visited again.
				db.prepare( "UPDATE mp_tables SET dropped_until = '' WHERE physical = ?" ).run( physical );
				changes.push( `stream "${ stream }": column ${ c.name } of ${ physical } is now "drop" (was "${ known.privacy }"); the next purge empties it in rows past the stream's retention, older rows included` );
			} else if ( known.privacy !== c.privacy ) {
				changes.push( `stream "${ stream }": column ${ c.name } of ${ physical } is now "${ c.privacy }" (was "${ known.privacy }"); rows written before keep what they hold` );
			}
			if ( c.privacy === 'drop' && ( existing ? existing.partition_by : table.partition ) !== 'day' ) {
				db.exec( `CREATE INDEX IF NOT EXISTS "${ physical }_received_at" ON "${ physical }" (received_at)` );
			}
			upsert.run( physical, c.name, known.position, c.path, known.type, c.privacy, c.privacyTagged ? 1 : 0, c.description );
		}
	}
	return changes;
}

/**
 * The column type a table keeps for a column (the type it was created with, which a later definition
 * does not change), or null when the table has no such column.
 *
 * @param db the store
 * @param physical the SQLite table
 * @param column the column
 */
export function storedColumnType( db: Database.Database, physical: string, column: string ): ColumnType | null {
	const row = db.prepare( 'SELECT type FROM mp_columns WHERE physical = ? AND name = ?' ).get( physical, column ) as { type: ColumnType } | undefined;
	return row ? row.type : null;
}
