import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSqliteSink } from '../../../intake/src/sqliteSink';

function event( id: string, dt: string | undefined, stream = 'test.web' ): Record<string, unknown> {
	const e: Record<string, unknown> = { action: 'click', meta: { id, stream, dt: '2026-11-30T12:00:00.000Z' } };
	if ( dt !== undefined ) {
		e.dt = dt;
	}
	return e;
}

/**
 * Events with random meta.ids (what browsers send) and client times `start`, `start + 1 ms`, …
 *
 * @param count
 * @param start ms since the epoch
 */
function history( count: number, start: number ): Record<string, unknown>[] {
	return Array.from( { length: count }, ( _, i ) => event( randomUUID(), new Date( start + i ).toISOString() ) );
}

QUnit.module( 'intake SQLite store', ( hooks ) => {
	let dir: string;
	hooks.beforeEach( () => {
		dir = mkdtempSync( path.join( os.tmpdir(), 'mp-sqlite-' ) );
	} );
	hooks.afterEach( () => {
		rmSync( dir, { recursive: true, force: true } );
	} );

	QUnit.test( 'a batch of 100 writes a few pages, not one per event, however many events are stored', async ( assert ) => {
		// A unique index on the random meta.id alone puts each new key on its own page once the index
		// is larger than a batch: about 100 pages of the index rewritten per batch of 100, and more
		// work per event as the store grows. The time-ordered key writes the same few pages.
		const file = path.join( dir, 'events.sqlite' );
		const sink = createSqliteSink( file );
		const start = Date.parse( '2026-10-01T00:00:00Z' );
		for ( let i = 0; i < 20; i++ ) {
			await sink.write( history( 2500, start + i * 2500 ) );
		}
		const probe = new Database( file );
		probe.pragma( 'wal_checkpoint(TRUNCATE)' );
		await sink.write( history( 100, Date.parse( '2026-11-30T12:00:00Z' ) ) );
		const [ { log: pages } ] = probe.pragma( 'wal_checkpoint(PASSIVE)' ) as { log: number }[];
		probe.close();
		await sink.close();
		// 100 rows of ~130 bytes fill 4 table pages; the two indexes and the sequence add a few.
		assert.true( pages > 0 && pages <= 20, `${ pages } pages written for 100 events with 50,000 stored` );
	} );

	QUnit.test( 'de-duplication: a re-sent event (same meta.id and dt) is stored once, at any age', async ( assert ) => {
		const sink = createSqliteSink( path.join( dir, 'events.sqlite' ) );
		const old = event( randomUUID(), '2026-01-01T00:00:00.000Z' );
		assert.deepEqual( await sink.write( [ old ] ), { stored: 1, duplicates: 0 } );
		await sink.write( history( 1000, Date.parse( '2026-11-30T00:00:00Z' ) ) );
		assert.deepEqual( await sink.write( [ old, old ] ), { stored: 0, duplicates: 2 } );
		await sink.close();
	} );

	QUnit.test( 'de-duplication: events without dt on meta.id alone; same meta.id with another dt is another event', async ( assert ) => {
		const sink = createSqliteSink( path.join( dir, 'events.sqlite' ) );
		const id = randomUUID();
		assert.deepEqual( await sink.write( [ event( id, undefined ), event( id, undefined ), event( id, 'not a date' ) ] ), { stored: 1, duplicates: 2 } );
		assert.deepEqual( await sink.write( [ event( id, '2026-11-30T12:00:00.000Z' ), event( id, '2026-11-30T12:00:00.001Z' ) ] ), { stored: 2, duplicates: 0 } );
		assert.deepEqual( await sink.write( [ event( id, '2026-11-30T13:00:00.000+01:00' ) ] ), { stored: 0, duplicates: 1 }, 'the same instant written with an offset' );
		await sink.close();
	} );

	QUnit.test( 'a large batch (several INSERT statements) is stored in order and counted exactly, duplicates across statements included', async ( assert ) => {
		const file = path.join( dir, 'events.sqlite' );
		const sink = createSqliteSink( file );
		const events = history( 250, Date.parse( '2026-11-30T00:00:00Z' ) );
		// Re-sends inside the batch: one in the same hundred, one across hundreds, and the last event twice.
		const batch = [ ...events.slice( 0, 120 ), events[ 10 ], ...events.slice( 120 ), events[ 5 ], events[ 249 ] ];
		assert.deepEqual( await sink.write( batch ), { stored: 250, duplicates: 3 } );
		assert.deepEqual( await sink.write( [ events[ 0 ], ...history( 1, Date.parse( '2026-11-30T01:00:00Z' ) ) ] ), { stored: 1, duplicates: 1 } );
		assert.deepEqual( await sink.write( [] ), { stored: 0, duplicates: 0 } );
		await sink.close();
		const check = new Database( file, { readonly: true } );
		const rows = check.prepare( 'SELECT id, t, body FROM events ORDER BY seq' ).all() as { id: string; t: number; body: string }[];
		check.close();
		assert.deepEqual( rows.slice( 0, 250 ).map( ( r ) => r.id ), events.map( ( e ) => ( e.meta as { id: string } ).id ), 'in the order sent' );
		assert.deepEqual( rows.slice( 0, 250 ).map( ( r ) => r.t ), events.map( ( e ) => Date.parse( e.dt as string ) ), 'each with its own client time' );
		assert.deepEqual( JSON.parse( rows[ 249 ].body ), events[ 249 ] );
		assert.strictEqual( rows.length, 251 );
	} );

	QUnit.test( 'a store of the previous layout (unique meta.id) is upgraded in place, rows and de-duplication kept', async ( assert ) => {
		const file = path.join( dir, 'events.sqlite' );
		const old = new Database( file );
		old.exec( `CREATE TABLE events (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, stream TEXT NOT NULL, dt TEXT NOT NULL, body TEXT NOT NULL);
			CREATE INDEX events_stream ON events (stream, seq);` );
		const events = [ event( 'a', '2026-11-01T00:00:00Z' ), event( 'b', undefined ), event( 'c', '2026-11-02T00:00:00Z', 'test.other' ) ];
		const insert = old.prepare( 'INSERT INTO events (id, stream, dt, body) VALUES (?, ?, ?, ?)' );
		for ( const e of events ) {
			const meta = e.meta as { id: string; stream: string; dt: string };
			insert.run( meta.id, meta.stream, meta.dt, JSON.stringify( e ) );
		}
		old.close();
		const sink = createSqliteSink( file );
		assert.deepEqual( ( await sink.recent( 'test.web', 10 ) ).map( ( s ) => s.event ), [ events[ 1 ], events[ 0 ] ] );
		assert.deepEqual( ( await sink.recent( 'test.other', 10 ) ).map( ( s ) => s.id ), [ 'c' ] );
		assert.deepEqual( await sink.write( events ), { stored: 0, duplicates: 3 }, 're-sends of stored events are still found' );
		assert.deepEqual( await sink.write( [ event( 'd', undefined ) ] ), { stored: 1, duplicates: 0 } );
		await sink.close();
		const check = new Database( file, { readonly: true } );
		assert.strictEqual( check.pragma( 'user_version', { simple: true } ), 2 );
		const rows = check.prepare( 'SELECT seq, id FROM events ORDER BY seq' ).all() as { seq: number; id: string }[];
		assert.deepEqual( rows.slice( 0, 3 ), [ { seq: 1, id: 'a' }, { seq: 2, id: 'b' }, { seq: 3, id: 'c' } ], 'sequence numbers kept' );
		assert.true( rows.length === 4 && rows[ 3 ].id === 'd' && rows[ 3 ].seq > 3, 'and continued' );
		check.close();
	} );
} );
