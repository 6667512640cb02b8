import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { traceRefusalsOf } from './failedEventsTrace';
import { openFailedEvents, readFailedEvents } from './modelling/failedEvents';
import { MAX_ERRORS_PER_EVENT } from './refusals';
import { createMaterialiser } from './modelling/materialiser';
import type { ModelCatalog } from './modelling/modelCatalog';
import { purgeStore } from './modelling/purge';
import { recordHashChanges, rewriteClearColumns } from './modelling/rehashColumns';
import { clientTime, DayRow, EventSink, metaOf, NO_CLIENT_TIME, StoredEvent } from './sink';
import { TraceAccepted, traceEntryOf } from './trace';
import { sqliteTableExists } from './sqliteTableExists';

/** The layout version of the events table, kept in SQLite's user_version. */
const LAYOUT = 2;

/** WAL pages written before SQLite copies them back into the database file (its default is 1000). */
const WAL_AUTOCHECKPOINT_PAGES = 4000;

/**
 * How many of the newest stored events `trace()` looks through. The trace is for what a page or session
 * did just now; the window keeps its cost bounded (no index is written for it: ingestion pays nothing).
 * Measured: about 70 ms of CPU per trace over 50,000 events of ~1 KB (the scan of the stored JSON),
 * during which this process answers nothing else (better-sqlite3 is synchronous).
 */
export const TRACE_WINDOW_EVENTS = 50000;

const DAY_MS = 86400000;

/** How durable a 201 is: see {@link SqliteSinkOptions.durability}. */
export type Durability = 'process' | 'power';

/** Options of {@link createSqliteSink}. */
export interface SqliteSinkOptions {
	/**
	 * What an answered write survives. `process` (default, SQLite `synchronous = NORMAL` in WAL mode):
	 * when write() resolves, the transaction is in the WAL file (written with write(2), not fsynced), so
	 * it survives the intake process dying at any moment (kill -9, a crash, out of memory), but the last
	 * transactions may be lost if the machine itself loses power or the kernel crashes; the database is
	 * never corrupted. `power` (`synchronous = FULL`): the WAL is fsynced before write() resolves, so it
	 * also survives a power cut, at the cost of one fsync per request.
	 */
	durability?: Durability;
	/**
	 * The installation's secret for `hash` columns (see loadOrCreateHashSecret). Default: a random one
	 * for this process only (hashes then differ after a restart, with a notice when a table needs it).
	 */
	hashSecret?: Buffer;
	/**
	 * Whether setModels() acts on a column turned from keep/drop to hash (marks it, and rewrites its
	 * clear values to their keyed hash: see rehashColumns.ts). Default true; false for a sink that has
	 * no hash secret of the installation (`mp-intake purge`), which must leave that to the intake.
	 */
	rewriteClearValues?: boolean;
	/** Notices: tables made, columns added, what a purge removed. Default: console.warn. */
	log?: ( message: string ) => void;
	/** The clock of the table catalogue (tests pass a fake one). Default Date.now. */
	now?: () => number;
	/** How many of the newest events `trace()` looks through. Default {@link TRACE_WINDOW_EVENTS}. */
	traceWindow?: number;
}

const CREATE = `
CREATE TABLE IF NOT EXISTS events (
	seq INTEGER PRIMARY KEY AUTOINCREMENT,
	t INTEGER NOT NULL,
	id TEXT NOT NULL,
	stream TEXT NOT NULL,
	dt TEXT NOT NULL,
	body TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS events_key ON events (t, id);
CREATE INDEX IF NOT EXISTS events_stream ON events (stream, seq);`;

/**
 * Opens (creating or upgrading) the events table. Layout 1 (before this one) had `id UNIQUE`, which
 * cannot be dropped in place; its rows are copied into the new layout once, in one transaction.
 *
 * @param db an open database
 */
function openLayout( db: Database.Database ): void {
	const version = db.pragma( 'user_version', { simple: true } ) as number;
	if ( version === LAYOUT ) {
		return;
	}
	const old = sqliteTableExists( db, 'events' );
	db.transaction( () => {
		if ( old ) {
			db.exec( 'ALTER TABLE events RENAME TO events_layout1; DROP INDEX IF EXISTS events_stream;' );
		}
		db.exec( CREATE );
		if ( old ) {
			db.function( 'mp_client_time', { deterministic: true }, ( body: unknown ) => clientTime( JSON.parse( String( body ) ) ) );
			db.exec( `INSERT OR IGNORE INTO events (seq, t, id, stream, dt, body)
				SELECT seq, mp_client_time(body), id, stream, dt, body FROM events_layout1 ORDER BY seq` );
			db.exec( 'DROP TABLE events_layout1' );
		}
		db.pragma( `user_version = ${ LAYOUT }` );
	} )();
}

/** No dt seen yet (differs from every value an event's dt can have). */
const NOT_YET = Symbol( 'no dt yet' );

/** Rows per INSERT statement: one statement for a usual batch (5 values a row, far below SQLite's 32,766). */
const ROWS_PER_STATEMENT = 100;

/**
 * The raw insert of a write: `INSERT OR IGNORE` of up to {@link ROWS_PER_STATEMENT} rows per
 * statement. One statement of 100 rows costs about a quarter less CPU than 100 statements of one row
 * (each statement is a call into SQLite and a round of its VM setup). The statements for each row
 * count are prepared once, when first needed. Returns the number of rows stored (the others were
 * already there: same de-duplication key). Runs inside the caller's transaction.
 *
 * @param db an open database with the events table
 */
function createRowInserter( db: Database.Database ): ( events: Record<string, unknown>[], serialized: readonly string[] | undefined ) => number {
	const statements: Database.Statement[] = [];
	const statement = ( rows: number ): Database.Statement => {
		if ( !statements[ rows ] ) {
			statements[ rows ] = db.prepare( `INSERT OR IGNORE INTO events (t, id, stream, dt, body) VALUES ${ new Array( rows ).fill( '(?, ?, ?, ?, ?)' ).join( ', ' ) }` );
		}
		return statements[ rows ];
	};
	return ( events, serialized ) => {
		let stored = 0;
		// The events of a batch usually share their dt (or a few): parse each distinct one once.
		let lastDt: unknown = NOT_YET;
		let lastT = 0;
		for ( let first = 0; first < events.length; first += ROWS_PER_STATEMENT ) {
			const rows = Math.min( ROWS_PER_STATEMENT, events.length - first );
			const values: unknown[] = new Array( rows * 5 );
			for ( let i = 0; i < rows; i++ ) {
				const event = events[ first + i ];
				const meta = metaOf( event );
				if ( event.dt !== lastDt ) {
					lastDt = event.dt;
					lastT = clientTime( event );
				}
				values[ i * 5 ] = lastT;
				values[ i * 5 + 1 ] = meta.id;
				values[ i * 5 + 2 ] = meta.stream;
				values[ i * 5 + 3 ] = meta.dt;
				values[ i * 5 + 4 ] = serialized ? serialized[ first + i ] : JSON.stringify( event );
			}
			stored += statement( rows ).run( values ).changes;
		}
		return stored;
	};
}

/**
 * The embedded store: SQLite in WAL mode, one row per event, one transaction per write().
 *
 * De-duplication key: (t, id), t being the event's own `dt` (the client's time of the event, in ms
 * since the epoch) and id its `meta.id`. Every re-send of an event carries the same `dt` and
 * `meta.id`, so re-sends are found at any age. The key leads with a time, so new keys land at the
 * right-hand end of the index, in pages that are already in memory: a batch writes the same few
 * pages however many events are stored, where a unique index on the random UUID alone writes about
 * one page per event once the index outgrows the cache (and the throughput falls as the store grows).
 * Two different events that share a `meta.id` but not a `dt` are both kept. Events without `dt`
 * share one t, so they are de-duplicated on `meta.id` alone (at the cost of a random insert).
 *
 * @param file the database file (`:memory:` for tests)
 * @param options durability of an answered write
 */
export function createSqliteSink( file: string, options: SqliteSinkOptions = {} ): EventSink {
	const db = new Database( file );
	db.pragma( 'journal_mode = WAL' );
	db.pragma( options.durability === 'power' ? 'synchronous = FULL' : 'synchronous = NORMAL' );
	db.pragma( `wal_autocheckpoint = ${ WAL_AUTOCHECKPOINT_PAGES }` );
	// What the purge deletes or empties (raw events, drop columns, clear values rewritten to hashes) is
	// overwritten with zeros, not left in free space where the file's bytes would still hold it.
	db.pragma( 'secure_delete = ON' );
	openLayout( db );
	const log = options.log || ( ( m: string ) => console.warn( '[mp-intake] ' + m ) );
	const hashSecret = options.hashSecret || randomBytes( 32 );
	// Columns turned from keep/drop to hash: their clear values are rewritten in steps, after setModels.
	let rewriting: Promise<unknown> = Promise.resolve();
	const materialiser = createMaterialiser( db, {
		hashSecret,
		log,
		now: options.now,
		// Replaced with the repository's by setModels(); until then the definitions' own types.
		schemas: () => null,
	} );
	const failures = openFailedEvents( db );
	let catalog: ModelCatalog | null = null;
	let modelled = false;
	const insertRows = createRowInserter( db );
	const lastSeq = db.prepare( 'SELECT seq FROM events ORDER BY seq DESC LIMIT 1' );
	const seqOf = db.prepare( 'SELECT seq FROM events WHERE t = ? AND id = ?' );
	/**
	 * Writes the events of a write into their streams' tables, telling each table whether the raw store
	 * had the event already (a re-send). When every event was stored, all are new; otherwise (rare) each
	 * event's row is looked up: new rows have a seq above the one before the write.
	 *
	 * @param events the events written
	 * @param allNew whether the raw store stored every one of them
	 * @param before the highest seq before the write
	 */
	function materialise( events: Record<string, unknown>[], allNew: boolean, before: number ): void {
		const seen = new Set<string>();
		for ( const event of events ) {
			let isNew = allNew;
			if ( !allNew ) {
				const t = clientTime( event );
				const id = metaOf( event ).id;
				const key = `${ t } ${ id }`;
				const row = seqOf.get( t, id ) as { seq: number } | undefined;
				isNew = !seen.has( key ) && !!row && row.seq > before;
				seen.add( key );
			}
			materialiser.write( event, isNew );
		}
		materialiser.flush();
	}
	// The rows of the streams' tables go in the same transaction as the raw events: a 201 means both.
	const writeAll = db.transaction( ( events: Record<string, unknown>[], serialized: readonly string[] | undefined ) => {
		if ( !modelled ) {
			return insertRows( events, serialized );
		}
		const last = lastSeq.get() as { seq: number } | undefined;
		const stored = insertRows( events, serialized );
		materialise( events, stored === events.length, last ? last.seq : 0 );
		return stored;
	} );
	const select = db.prepare( 'SELECT id, stream, body FROM events WHERE stream = ? ORDER BY seq DESC LIMIT ?' );
	// A range scan on seq over the window; instr() on the stored JSON (compact, as JSON.stringify wrote
	// it) keeps the rows to parse to candidates, which traceEntryOf then checks on the parsed event.
	const traceSelect = db.prepare( `SELECT body FROM events WHERE seq > (SELECT COALESCE(MAX(seq), 0) FROM events) - ?
		AND instr(body, ?) > 0 ORDER BY seq DESC LIMIT ?` );
	// Days of the events' own time, for the Parquet export: range scans on the (t, id) key.
	const firstAfter = db.prepare( 'SELECT MIN(t) FROM events WHERE t >= ?' ).pluck();
	const dayPage = db.prepare( `SELECT t, id, stream, dt, body FROM events WHERE t >= ? AND t < ? AND (t > ? OR (t = ? AND id > ?))
		ORDER BY t, id LIMIT ?` );
	const traceWindow = Math.max( 1, Math.floor( options.traceWindow || TRACE_WINDOW_EVENTS ) );

	return {
		async write( events, serialized ) {
			const stored = events.length ? writeAll( events, serialized ) : 0;
			return { stored, duplicates: events.length - stored };
		},
		async recent( stream, limit ) {
			return ( select.all( stream, limit ) as { id: string; stream: string; body: string }[] )
				.map( ( row ): StoredEvent => ( { id: row.id, stream: row.stream, event: JSON.parse( row.body ) } ) );
		},
		setModels( next, schemas ) {
			catalog = next;
			modelled = next.entries().some( ( [ , model ] ) => model.tables.length > 0 );
			if ( modelled && !options.hashSecret && next.entries().some( ( [ , m ] ) => m.tables.some( ( t ) => t.columns.some( ( c ) => c.privacy === 'hash' ) ) ) ) {
				log( 'No hash secret was given: hash columns use a secret of this process only (hashes will differ after a restart).' );
			}
			if ( modelled && options.rewriteClearValues !== false ) {
				recordHashChanges( db, next, new Date( ( options.now || Date.now )() ).toISOString() ).forEach( ( m ) => log( m ) );
				rewriting = rewriting.then( () => rewriteClearColumns( db, hashSecret, log ) ).catch( ( e: Error ) => log( `rewriting clear values to hashes stopped: ${ e.message } (it goes on at the next start)` ) );
			}
			materialiser.setModels( next, schemas );
		},
		async recordFailures( rows ) {
			failures.write( rows );
		},
		async purge( now ) {
			const report = await purgeStore( db, catalog, now, log );
			if ( report.streams.some( ( s ) => s.rawDeleted || s.failedDeleted || s.dropped.some( ( d ) => d.rows ) ) ) {
				// The WAL still holds the pages as they were before: copy it back and empty it (best
				// effort: with a reader in the middle of a read, it is emptied at a later checkpoint).
				db.pragma( 'wal_checkpoint(TRUNCATE)' );
			}
			return report;
		},
		async trace( subject, limit ) {
			const needle = `"${ subject.by === 'pageview' ? 'pageview_id' : 'session_id' }":${ JSON.stringify( subject.id ) }`;
			return ( traceSelect.all( traceWindow, needle, limit ) as { body: string }[] )
				.map( ( row ) => traceEntryOf( JSON.parse( row.body ), subject ) )
				.filter( ( e ): e is TraceAccepted => e !== null );
		},
		async refusals( subject, limit ) {
			// A refused event has up to MAX_ERRORS_PER_EVENT rows (one per schema error): ask for enough
			// rows for `limit` events (readFailedEvents reads at most 1000, so 200 such events at least).
			const query = subject.by === 'pageview' ? { pageviewId: subject.id } : { sessionId: subject.id };
			const rows = readFailedEvents( db, Object.assign( query, { limit: limit * MAX_ERRORS_PER_EVENT } ) );
			return traceRefusalsOf( rows, limit );
		},
		async storedDays() {
			// One index probe per day that holds events (not a scan of the events).
			const days: string[] = [];
			let t = firstAfter.get( NO_CLIENT_TIME + 1 ) as number | null;
			while ( t !== null && t !== undefined ) {
				const start = Math.floor( t / DAY_MS ) * DAY_MS;
				const iso = new Date( start ).toISOString();
				if ( /^\d{4}-/.test( iso ) ) {
					days.push( iso.slice( 0, 10 ) );
				}
				t = firstAfter.get( start + DAY_MS ) as number | null;
			}
			return days;
		},
		async eventsOfDay( day, after, limit ) {
			const start = Date.parse( day + 'T00:00:00Z' );
			const t = after ? after.t : start - 1;
			return dayPage.all( start, start + DAY_MS, t, t, after ? after.id : '', limit ) as DayRow[];
		},
		async close() {
			if ( db.open ) {
				db.close();
			}
		},
	};
}
