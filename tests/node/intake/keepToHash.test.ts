/**
 * A column whose privacy tag changes from `keep` (or `drop`) to `hash`: the rows stored before in clear
 * are rewritten to their keyed hash, in steps, so that a `hash` column never keeps a clear value.
 */
import Database from 'better-sqlite3';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createModelCatalog } from '../../../intake/src/modelling/modelCatalog';
import { parseTablesFile } from '../../../intake/src/modelling/parseTables';
import { recordHashChanges, rewriteClearColumns } from '../../../intake/src/modelling/rehashColumns';
import { createSchemaDocuments } from '../../../intake/src/modelling/schemaDocuments';
import { createSqliteSink } from '../../../intake/src/sqliteSink';
import { SCHEMAS_DIR } from '../intakeHarness';

const SECRET = Buffer.alloc( 32, 9 );
const ROWS = 2500;

function hmac( text: string ): string {
	return createHmac( 'sha256', SECRET ).update( text ).digest( 'hex' );
}

function tables( privacy: 'keep' | 'hash', titlePrivacy: 'drop' | 'hash' ): unknown {
	return {
		'test.keep': {
			tables: [ {
				name: 'visits',
				columns: [
					{ path: 'page.id', privacy },
					{ path: 'performer.session_id', name: 'session', privacy },
					{ path: 'page.title', privacy: titlePrivacy },
					{ path: 'action' },
				],
			} ],
		},
	};
}

function session( i: number ): string {
	return `s${ String( i ).padStart( 19, '0' ) }`;
}

function event( i: number ): Record<string, unknown> {
	const dt = new Date( Date.UTC( 2026, 10, 30, 12 ) + i ).toISOString();
	return {
		$schema: '/analytics/product_metrics/web/base/1.3.0', action: 'view', dt,
		page: { id: i, title: `Title_${ i }` }, performer: { session_id: session( i ) }, meta: { stream: 'test.keep', id: `e-${ i }`, dt },
	};
}

function openSink( file: string, definitions: unknown, logs: string[] ): ReturnType<typeof createSqliteSink> {
	const sink = createSqliteSink( file, { hashSecret: SECRET, log: ( m ) => logs.push( m ) } );
	( sink.setModels as NonNullable<typeof sink.setModels> )( createModelCatalog( null, parseTablesFile( definitions ) ), createSchemaDocuments( SCHEMAS_DIR ) );
	return sink;
}

QUnit.module( 'modelling: keep → hash', ( hooks ) => {
	let dir: string;
	hooks.beforeEach( () => {
		dir = mkdtempSync( path.join( os.tmpdir(), 'mp-rehash-' ) );
	} );
	hooks.afterEach( () => {
		rmSync( dir, { recursive: true, force: true } );
	} );

	QUnit.test( 'at the next start, the clear values of a column now tagged hash are rewritten to the hash new rows get; only once', async ( assert ) => {
		const file = path.join( dir, 'events.sqlite' );
		const first = openSink( file, tables( 'keep', 'drop' ), [] );
		for ( let i = 0; i < ROWS; i += 500 ) {
			await first.write( Array.from( { length: 500 }, ( _, k ) => event( i + k ) ) );
		}
		await first.close();
		const reader = new Database( file, { readonly: true } );
		assert.deepEqual( reader.prepare( 'SELECT page_id, session, page_title FROM visits_v1 WHERE rowid = 1' ).get(), { page_id: 0, session: session( 0 ), page_title: 'Title_0' }, 'kept in clear before' );

		// mp-intake purge reads the definitions without the installation's secret: it must leave the change alone.
		const purger = createSqliteSink( file, { hashSecret: Buffer.alloc( 32, 1 ), log: () => undefined, rewriteClearValues: false } );
		( purger.setModels as NonNullable<typeof purger.setModels> )( createModelCatalog( null, parseTablesFile( tables( 'hash', 'hash' ) ) ), createSchemaDocuments( SCHEMAS_DIR ) );
		await ( purger.purge as NonNullable<typeof purger.purge> )( Date.now() );
		await purger.close();
		assert.deepEqual( reader.prepare( "SELECT privacy FROM mp_columns WHERE physical = 'visits_v1' AND name = 'session'" ).get(), { privacy: 'keep' }, 'a sink without the secret does not mark it' );

		const logs: string[] = [];
		const second = openSink( file, tables( 'hash', 'hash' ), logs );
		// The rewrite runs in steps after start: wait until it is recorded as done (polling, not a fixed sleep).
		const pending = (): number => ( reader.prepare( "SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'mp_rehash'" ).get() as { n: number } ).n ?
			( reader.prepare( 'SELECT COUNT(*) AS n FROM mp_rehash' ).get() as { n: number } ).n : -1;
		for ( let i = 0; i < 500 && pending() !== 0; i++ ) {
			await new Promise( ( r ) => setTimeout( r, 10 ) );
		}
		assert.strictEqual( pending(), 0, 'the rewrite finished' );
		await second.write( [ Object.assign( event( ROWS ), { performer: { session_id: session( 0 ) } } ) ] );

		const rows = reader.prepare( 'SELECT event_id, page_id, session, page_title FROM visits_v1 ORDER BY rowid' ).all() as { event_id: string; page_id: unknown; session: unknown; page_title: unknown }[];
		assert.strictEqual( rows.length, ROWS + 1 );
		const wrong = rows.slice( 0, ROWS ).filter( ( r, i ) => r.page_id !== hmac( String( i ) ) || r.session !== hmac( session( i ) ) || r.page_title !== hmac( `Title_${ i }` ) );
		assert.deepEqual( wrong.slice( 0, 3 ), [], 'every old row holds the keyed hash of its value (integer as its JSON text), keep and drop columns alike' );
		assert.strictEqual( rows[ ROWS ].session, rows[ 0 ].session, 'a new row of the same session has the same hash: joins and distinct counts still work' );
		assert.strictEqual( ( reader.prepare( "SELECT COUNT(*) AS n FROM visits_v1 WHERE session LIKE 's000%' OR page_title LIKE 'Title%'" ).get() as { n: number } ).n, 0, 'no clear value is left' );
		assert.deepEqual( reader.prepare( "SELECT name, privacy FROM mp_columns WHERE physical = 'visits_v1' ORDER BY position" ).all(), [
			{ name: 'page_id', privacy: 'hash' }, { name: 'session', privacy: 'hash' }, { name: 'page_title', privacy: 'hash' }, { name: 'action', privacy: 'keep' },
		] );
		assert.deepEqual( logs.filter( ( l ) => l.includes( 'hash' ) ), [
			'stream "test.keep": column page_id of visits_v1 is now "hash" (was "keep"): its rows stored so far (up to rowid 2500) are being rewritten to their keyed hash',
			'stream "test.keep": column session of visits_v1 is now "hash" (was "keep"): its rows stored so far (up to rowid 2500) are being rewritten to their keyed hash',
			'stream "test.keep": column page_title of visits_v1 is now "hash" (was "drop"): its rows stored so far (up to rowid 2500) are being rewritten to their keyed hash',
			'column page_id of visits_v1: 2500 values stored in clear before it became "hash" now hold their keyed hash',
			'column session of visits_v1: 2500 values stored in clear before it became "hash" now hold their keyed hash',
			'column page_title of visits_v1: 2500 values stored in clear before it became "hash" now hold their keyed hash',
		] );
		await second.close();

		const thirdLogs: string[] = [];
		const third = openSink( file, tables( 'hash', 'hash' ), thirdLogs );
		await third.write( [ event( ROWS + 1 ) ] );
		await third.close();
		assert.deepEqual( thirdLogs, [], 'started again with the same definition: nothing to rewrite' );
		assert.strictEqual( ( reader.prepare( 'SELECT session FROM visits_v1 WHERE rowid = 1' ).get() as { session: string } ).session, hmac( session( 0 ) ), 'hashes are not hashed again' );
		reader.close();
	} );

	QUnit.test( 'the rewrite goes in steps, with the event loop running between them, and remembers how far it went', async ( assert ) => {
		const file = path.join( dir, 'events.sqlite' );
		const first = openSink( file, tables( 'keep', 'drop' ), [] );
		for ( let i = 0; i < ROWS; i += 500 ) {
			await first.write( Array.from( { length: 500 }, ( _, k ) => event( i + k ) ) );
		}
		await first.close();
		const db = new Database( file );
		const messages = recordHashChanges( db, createModelCatalog( null, parseTablesFile( tables( 'hash', 'drop' ) ) ), '2026-11-30T12:00:00.000Z' );
		assert.strictEqual( messages.length, 2, 'page_id and session' );
		const seen: number[] = [];
		let running = true;
		const probe = (): void => {
			if ( running ) {
				const row = db.prepare( "SELECT after FROM mp_rehash WHERE name = 'session'" ).get() as { after: number } | undefined;
				seen.push( row ? row.after : -1 );
				setImmediate( probe );
			}
		};
		setImmediate( probe );
		const rewritten = await rewriteClearColumns( db, SECRET, () => undefined, 1000 );
		running = false;
		assert.strictEqual( rewritten, 2 * ROWS );
		assert.true( seen.includes( 1000 ) && seen.includes( 2000 ), `progress was saved after each step of 1000: ${ Array.from( new Set( seen ) ).join( ' ' ) }` );
		assert.strictEqual( ( db.prepare( 'SELECT page_title FROM visits_v1 WHERE rowid = 7' ).get() as { page_title: string } ).page_title, 'Title_6', 'a column still tagged drop is left alone' );
		assert.strictEqual( await rewriteClearColumns( db, SECRET, () => undefined, 1000 ), 0, 'nothing left to do' );
		db.close();
	} );
} );
