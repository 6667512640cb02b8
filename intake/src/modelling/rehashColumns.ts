import type Database from 'better-sqlite3';
import type { ModelCatalog } from './modelCatalog';
import { createHasher } from './projection';
import { openTableCatalogue } from './tableStore';
import type { ColumnType } from './tableDefinition';
import { sqliteTableExists } from '../sqliteTableExists';

/**
 * A column whose definition turned to `hash` after rows were stored in clear (it was `keep` or
 * `drop`): the rows up to `upto` (rowid) still hold clear values, and are rewritten to their keyed
 * hash in steps; `after` is how far that went (a restart goes on from there).
 */
const PENDING = `
CREATE TABLE IF NOT EXISTS mp_rehash (
	physical TEXT NOT NULL,
	name TEXT NOT NULL,
	type TEXT NOT NULL,
	upto INTEGER NOT NULL,
	after INTEGER NOT NULL,
	since TEXT NOT NULL,
	PRIMARY KEY (physical, name)
);`;

/** Rows rewritten per step (one transaction each); the intake answers requests between steps. */
export const REHASH_CHUNK_ROWS = 10000;

/** One pending rewrite. */
interface Pending {
	physical: string;
	name: string;
	type: ColumnType;
	upto: number;
	after: number;
}

/**
 * The value a row of a `hash` column would hold for the value stored in clear in a column of `type`:
 * the keyed hash of the event's value, which the stored value gives back (an integer or number as its
 * JSON text, a boolean stored as 1/0 as `true`/`false`, a `json` column's text parsed first), so that a
 * rewritten row matches the rows written as hashes since. NULL stays NULL.
 *
 * @param stored the clear value as SQLite gives it
 * @param type the column's stored type
 * @param hash the installation's hasher
 */
export function hashOfStored( stored: unknown, type: ColumnType, hash: ( value: unknown ) => string | null ): string | null {
	if ( stored === null || stored === undefined ) {
		return null;
	}
	if ( type === 'boolean' && typeof stored === 'number' ) {
		return hash( stored !== 0 );
	}
	if ( type === 'json' && typeof stored === 'string' ) {
		try {
			return hash( JSON.parse( stored ) );
		} catch ( e ) {
			return hash( stored );
		}
	}
	return hash( stored );
}

/**
 * Finds the columns of the store's modelled tables that the definitions now tag `hash` while the
 * catalogue (`mp_columns`) says their rows were written as `keep` or `drop` (in clear), and records a
 * rewrite of the rows stored so far (every table of the definition's name, whatever its schema major
 * version); the catalogue is set to `hash` at once, so rows written from now on are hashes and the
 * change is found only once. Synchronous: call it before the new definitions take effect. Returns one
 * message per column found.
 *
 * @param db the store
 * @param catalog the new definitions
 * @param now the time, ISO 8601
 */
export function recordHashChanges( db: Database.Database, catalog: ModelCatalog, now: string ): string[] {
	openTableCatalogue( db );
	const messages: string[] = [];
	const tablesOf = db.prepare( 'SELECT physical FROM mp_tables WHERE stream = ? AND name = ?' ).pluck();
	const columnOf = db.prepare( 'SELECT type, privacy FROM mp_columns WHERE physical = ? AND name = ?' );
	let record: Database.Statement | null = null;
	const setHash = db.prepare( "UPDATE mp_columns SET privacy = 'hash' WHERE physical = ? AND name = ?" );
	db.transaction( () => {
		for ( const [ stream, model ] of catalog.entries() ) {
			for ( const table of model.tables ) {
				const hashed = table.columns.filter( ( c ) => c.privacy === 'hash' );
				if ( !hashed.length ) {
					continue;
				}
				for ( const physical of tablesOf.all( stream, table.name ) as string[] ) {
					for ( const column of hashed ) {
						const known = columnOf.get( physical, column.name ) as { type: ColumnType; privacy: string } | undefined;
						if ( !known || known.privacy === 'hash' ) {
							continue;
						}
						const upto = ( db.prepare( `SELECT MAX(rowid) FROM "${ physical }"` ).pluck().get() as number | null ) || 0;
						if ( !record ) {
							// Made when first needed: a store that never had such a change has no mp_rehash.
							db.exec( PENDING );
							record = db.prepare( `INSERT INTO mp_rehash (physical, name, type, upto, after, since) VALUES (?, ?, ?, ?, 0, ?)
								ON CONFLICT (physical, name) DO UPDATE SET upto = MAX(upto, excluded.upto)` );
						}
						record.run( physical, column.name, known.type, upto, now );
						setHash.run( physical, column.name );
						messages.push( `stream "${ stream }": column ${ column.name } of ${ physical } is now "hash" (was "${ known.privacy }"): its ${ upto ? `rows stored so far (up to rowid ${ upto })` : 'rows' } are being rewritten to their keyed hash` );
					}
				}
			}
		}
	} )();
	return messages;
}

/**
 * Rewrites the clear values recorded by {@link recordHashChanges} to their keyed hash (see
 * {@link hashOfStored}), `chunk` rows a transaction in rowid order, yielding to the event loop between
 * steps, and remembering its progress (a restart goes on where it stopped). A pending rewrite whose
 * table or column is gone is dropped. Logs one line per column done.
 *
 * @param db the store
 * @param secret the installation's secret (the one new rows are hashed with)
 * @param log notices
 * @param chunk rows per step (default {@link REHASH_CHUNK_ROWS})
 * @return the rows rewritten
 */
export async function rewriteClearColumns( db: Database.Database, secret: Buffer, log: ( message: string ) => void, chunk = REHASH_CHUNK_ROWS ): Promise<number> {
	if ( !sqliteTableExists( db, 'mp_rehash' ) ) {
		return 0;
	}
	const hash = createHasher( secret );
	let total = 0;
	for ( ;; ) {
		await new Promise<void>( ( resolve ) => {
			setImmediate( resolve );
		} );
		if ( !db.open ) {
			return total;
		}
		const next = db.prepare( 'SELECT physical, name, type, upto, after FROM mp_rehash LIMIT 1' ).get() as Pending | undefined;
		if ( !next ) {
			return total;
		}
		const exists = db.prepare( 'SELECT 1 FROM pragma_table_info(?) WHERE name = ?' ).get( next.physical, next.name );
		if ( !exists ) {
			db.prepare( 'DELETE FROM mp_rehash WHERE physical = ? AND name = ?' ).run( next.physical, next.name );
			continue;
		}
		const column = `"${ next.name.replace( /"/g, '""' ) }"`;
		const table = `"${ next.physical.replace( /"/g, '""' ) }"`;
		const select = db.prepare( `SELECT rowid AS id, ${ column } AS v FROM ${ table } WHERE rowid > ? AND rowid <= ? ORDER BY rowid LIMIT ${ chunk }` );
		const update = db.prepare( `UPDATE ${ table } SET ${ column } = ? WHERE rowid = ?` );
		const progress = db.prepare( 'UPDATE mp_rehash SET after = ? WHERE physical = ? AND name = ?' );
		const done = db.prepare( 'DELETE FROM mp_rehash WHERE physical = ? AND name = ?' );
		let rewritten = 0;
		// One step: the next `chunk` rows up to `upto`, and the progress, in one transaction.
		const step = db.transaction( ( after: number ): number | null => {
			const rows = select.all( after, next.upto ) as { id: number; v: unknown }[];
			for ( const row of rows ) {
				if ( row.v !== null ) {
					rewritten += update.run( hashOfStored( row.v, next.type, hash ), row.id ).changes;
				}
			}
			if ( rows.length < chunk ) {
				done.run( next.physical, next.name );
				return null;
			}
			const last = rows[ rows.length - 1 ].id;
			progress.run( last, next.physical, next.name );
			return last;
		} );
		for ( let after: number | null = next.after; after !== null; ) {
			if ( !db.open ) {
				return total;
			}
			after = step( after );
			if ( after !== null ) {
				await new Promise<void>( ( resolve ) => {
					setImmediate( resolve );
				} );
			}
		}
		total += rewritten;
		log( `column ${ next.name } of ${ next.physical }: ${ rewritten } values stored in clear before it became "hash" now hold their keyed hash` );
	}
}
