import Database from 'better-sqlite3';
import { EventSink, metaOf, StoredEvent } from './sink';

/**
 * The embedded store: SQLite in WAL mode, one row per event, de-duplicated on meta.id.
 *
 * @param file the database file (`:memory:` for tests)
 */
export function createSqliteSink( file: string ): EventSink {
	const db = new Database( file );
	db.pragma( 'journal_mode = WAL' );
	db.pragma( 'synchronous = NORMAL' );
	db.exec( `CREATE TABLE IF NOT EXISTS events (
		seq INTEGER PRIMARY KEY AUTOINCREMENT,
		id TEXT NOT NULL UNIQUE,
		stream TEXT NOT NULL,
		dt TEXT NOT NULL,
		body TEXT NOT NULL
	);
	CREATE INDEX IF NOT EXISTS events_stream ON events (stream, seq);` );
	const insert = db.prepare( 'INSERT OR IGNORE INTO events (id, stream, dt, body) VALUES (?, ?, ?, ?)' );
	const writeAll = db.transaction( ( events: Record<string, unknown>[] ) => {
		let stored = 0;
		for ( const event of events ) {
			const meta = metaOf( event );
			stored += insert.run( meta.id, meta.stream, meta.dt, JSON.stringify( event ) ).changes;
		}
		return stored;
	} );
	const select = db.prepare( 'SELECT id, stream, body FROM events WHERE stream = ? ORDER BY seq DESC LIMIT ?' );

	return {
		async write( events ) {
			const stored = writeAll( events );
			return { stored, duplicates: events.length - stored };
		},
		async recent( stream, limit ) {
			return ( select.all( stream, limit ) as { id: string; stream: string; body: string }[] )
				.map( ( row ): StoredEvent => ( { id: row.id, stream: row.stream, event: JSON.parse( row.body ) } ) );
		},
		async close() {
			if ( db.open ) {
				db.close();
			}
		},
	};
}
