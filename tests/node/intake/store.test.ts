/**
 * One store suite, two stores: the same cases against the SQLite store and against a real PostgreSQL
 * (a throwaway cluster on loopback, started here and stopped after). Without PostgreSQL installed the
 * PostgreSQL half is reported skipped, never passed (and `npm test` under E2E_REQUIRED fails on it).
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FailedEvent, MAX_FAILED_EVENTS } from '../../../intake/src/modelling/failedEvents';
import { createModelCatalog, ModelCatalog } from '../../../intake/src/modelling/modelCatalog';
import { parseTablesFile } from '../../../intake/src/modelling/parseTables';
import { createSchemaDocuments } from '../../../intake/src/modelling/schemaDocuments';
import { PARTITION_WINDOW } from '../../../intake/src/postgres/dayPartitions';
import { createPostgresSink, PostgresSink, READ_TYPES } from '../../../intake/src/postgres/postgresSink';
import { recordPgHashChange, rewritePgClearColumns } from '../../../intake/src/postgres/rehash';
import type { DayRow, EventSink } from '../../../intake/src/sink';
import { createSqliteSink } from '../../../intake/src/sqliteSink';
import type { Trace } from '../../../intake/src/trace';
import { post, SCHEMAS_DIR, startIntake, validEvent } from '../intakeHarness';
import { postgresBinDir, startThrowawayPostgres, ThrowawayPostgres, throwawayPool } from '../throwawayPostgres';

const NOW = Date.parse( '2026-11-30T12:00:00.000Z' );
const SECRET = Buffer.alloc( 32, 7 );
const schemaDocuments = createSchemaDocuments( SCHEMAS_DIR );

function hmac( value: string ): string {
	return createHmac( 'sha256', SECRET ).update( value ).digest( 'hex' );
}

/** The tables of the stream `test.model` (a tables file). */
const TABLES = {
	'test.model': {
		retention_days: 30,
		tables: [ {
			name: 'clicks',
			columns: [
				{ path: 'page.id' },
				{ path: 'action' },
				{ path: 'performer.session_id', name: 'session', privacy: 'hash' },
				{ path: 'page.title', privacy: 'drop' },
				{ path: 'performer.is_logged_in', name: 'logged_in' },
				{ path: 'agent' },
			],
			filter: { 'performer.is_bot': { not_equals: true } },
		}, {
			name: 'views',
			columns: [ { path: 'page.id' } ],
			filter: { action: { in: [ 'view' ] } },
			partition: 'none',
			dedupe: false,
		} ],
	},
};

function modelCatalog( file: unknown = TABLES ): ModelCatalog {
	const parsed = parseTablesFile( file );
	if ( parsed.problems.length ) {
		throw new Error( parsed.problems.join( '; ' ) );
	}
	return createModelCatalog( null, parsed );
}

let modelledIds = 0;
/**
 * An accepted event of `test.model` as the intake hands it to the store (meta.dt set).
 *
 * @param extra fields to add or replace
 * @param receivedAt meta.dt
 */
function modelled( extra: Record<string, unknown> = {}, receivedAt = NOW ): Record<string, unknown> {
	return Object.assign( {
		$schema: '/analytics/product_metrics/web/base/1.3.0',
		action: 'click',
		agent: { client_platform: 'mediawiki_js', client_platform_family: 'desktop_browser' },
		dt: '2026-11-30T11:59:00.000Z',
		page: { id: 42, title: 'Main_Page' },
		performer: { session_id: 'ssssssssssssssssssss', is_bot: false },
		meta: { stream: 'test.model', id: `m-${ ++modelledIds }-${ randomUUID() }`, dt: new Date( receivedAt ).toISOString() },
	}, extra );
}

/**
 * Rows as both stores compare: booleans as SQLite holds them (1/0).
 *
 * @param rows
 */
function normalised( rows: Record<string, unknown>[] ): Record<string, unknown>[] {
	return rows.map( ( r ) => Object.fromEntries( Object.entries( r ).map( ( [ k, v ] ) => [ k, typeof v === 'boolean' ? Number( v ) : v ] ) ) );
}

function event( id: string, dt: string | undefined, extra: Record<string, unknown> = {}, stream = 'test.web' ): Record<string, unknown> {
	const e: Record<string, unknown> = Object.assign( { action: 'click', meta: { id, stream, dt: '2026-11-30T12:00:00.000Z' } }, extra );
	if ( dt !== undefined ) {
		e.dt = dt;
	}
	return e;
}

/** What a store is opened with (the SQLite and PostgreSQL stores take the same). */
interface StoreOptions {
	now?: () => number;
	hashSecret?: Buffer;
	log?: ( message: string ) => void;
}

/** A fresh store: `reopen` opens the same store again (another process, or a restart); `read` runs SQL on it from another connection. */
interface FreshStore {
	sink: EventSink;
	reopen: () => Promise<EventSink>;
	read: ( sql: string ) => Promise<Record<string, unknown>[]>;
	cleanUp: () => Promise<void>;
}

/** Opens a fresh, empty store. */
interface StoreKind {
	name: string;
	fresh( now?: () => number, options?: StoreOptions ): Promise<FreshStore>;
}

let cluster: ThrowawayPostgres | null = null;
let databases = 0;

const sqlite: StoreKind = {
	name: 'SQLite',
	async fresh( now, options = {} ) {
		const dir = mkdtempSync( path.join( os.tmpdir(), 'mp-store-' ) );
		const file = path.join( dir, 'events.sqlite' );
		const open = (): EventSink => createSqliteSink( file, Object.assign( { now }, options ) );
		const read = async ( sql: string ): Promise<Record<string, unknown>[]> => {
			const db = new Database( file, { readonly: true } );
			try {
				return db.prepare( sql ).all() as Record<string, unknown>[];
			} finally {
				db.close();
			}
		};
		return { sink: open(), reopen: async () => open(), read, cleanUp: async () => rmSync( dir, { recursive: true, force: true } ) };
	},
};

const postgres: StoreKind = {
	name: 'PostgreSQL',
	async fresh( now, options = {} ) {
		const name = `mp_test_${ ++databases }`;
		const admin = throwawayPool( { connectionString: cluster!.url, max: 1 } );
		await admin.query( `CREATE DATABASE ${ name }` );
		await admin.end();
		const url = cluster!.baseUrl + name;
		const open = (): Promise<PostgresSink> => createPostgresSink( url, Object.assign( { now }, options ) );
		const reader = throwawayPool( { connectionString: url, max: 1, types: READ_TYPES } );
		// The cluster stops after the module, idle connections or not.
		reader.on( 'error', () => undefined );
		const read = async ( sql: string ): Promise<Record<string, unknown>[]> => ( await reader.query( sql ) ).rows;
		return { sink: await open(), reopen: open, read, cleanUp: () => reader.end() };
	},
};

const havePostgres = postgresBinDir() !== null;

/** fsync off: these tests stop processes, never the machine (the bench keeps PostgreSQL's default). */
async function startCluster(): Promise<void> {
	if ( havePostgres ) {
		cluster = await startThrowawayPostgres( { fsync: 'off', synchronous_commit: 'off' } );
	}
}

function stopCluster(): void {
	cluster?.stop();
	cluster = null;
}

async function allOfDay( sink: EventSink, day: string, page: number ): Promise<DayRow[]> {
	const rows: DayRow[] = [];
	let after: { t: number; id: string } | null = null;
	for ( ;; ) {
		const got: DayRow[] = await sink.eventsOfDay!( day, after, page );
		rows.push( ...got );
		if ( got.length < page ) {
			return rows;
		}
		after = { t: got[ got.length - 1 ].t, id: got[ got.length - 1 ].id };
	}
}

for ( const kind of [ sqlite, postgres ] ) {
	const test = kind === postgres && !havePostgres ? QUnit.skip : QUnit.test;
	QUnit.module( `intake store: ${ kind.name }`, ( hooks ) => {
		if ( kind === postgres && havePostgres ) {
			hooks.before( startCluster );
			hooks.after( stopCluster );
		}

		test( 'de-duplication: a re-sent event (same meta.id and dt) is stored once, also within one batch', async ( assert ) => {
			const { sink, cleanUp } = await kind.fresh();
			const a = event( randomUUID(), '2026-11-30T10:00:00.000Z' );
			const b = event( randomUUID(), '2026-11-30T10:00:01.000Z' );
			assert.deepEqual( await sink.write( [ a, b, a ] ), { stored: 2, duplicates: 1 } );
			assert.deepEqual( await sink.write( [ b, a ] ), { stored: 0, duplicates: 2 } );
			assert.strictEqual( ( await sink.recent( 'test.web', 10 ) ).length, 2 );
			await sink.close();
			await cleanUp();
		} );

		test( 'de-duplication: events without dt on meta.id alone; the same meta.id with another dt is another event', async ( assert ) => {
			const { sink, cleanUp } = await kind.fresh();
			const id = randomUUID();
			assert.deepEqual( await sink.write( [ event( id, undefined ), event( id, 'not a date' ) ] ), { stored: 1, duplicates: 1 } );
			assert.deepEqual( await sink.write( [ event( id, '2026-11-29T00:00:00.000Z' ), event( id, '2026-11-30T00:00:00.000Z' ) ] ), { stored: 2, duplicates: 0 } );
			await sink.close();
			await cleanUp();
		} );

		test( 'a meta.id with U+0000 or a lone surrogate (which PostgreSQL text cannot hold) is stored, read back and de-duplicated', async ( assert ) => {
			const { sink, cleanUp } = await kind.fresh();
			const ids = [ 'a\u0000b', 'lone \ud800 surrogate', '\u0001starts with the marker', 'plain' ];
			const events = ids.map( ( id ) => event( id, '2026-11-30T10:00:00.000Z' ) );
			assert.deepEqual( await sink.write( events ), { stored: 4, duplicates: 0 } );
			assert.deepEqual( await sink.write( events ), { stored: 0, duplicates: 4 } );
			// A lone surrogate is not UTF-8: SQLite reads it back as U+FFFD; only the PostgreSQL store keeps it.
			const readable = ( list: string[] ): string[] => list.filter( ( id ) => !id.startsWith( 'lone' ) ).sort();
			const recent = ( await sink.recent( 'test.web', 10 ) ).map( ( e ) => e.id );
			assert.strictEqual( recent.length, 4 );
			assert.deepEqual( readable( recent ), readable( ids ) );
			assert.deepEqual( readable( ( await sink.eventsOfDay!( '2026-11-30', null, 10 ) ).map( ( r ) => r.id ) ), readable( ids ) );
			await sink.close();
			await cleanUp();
		} );

		test( 'recent(): a stream\'s newest events first; what was written survives reopening', async ( assert ) => {
			const { sink, reopen, cleanUp } = await kind.fresh();
			const ids = Array.from( { length: 5 }, () => randomUUID() );
			for ( const id of ids ) {
				await sink.write( [ event( id, '2026-11-30T10:00:00.000Z' ), event( randomUUID(), '2026-11-30T10:00:00.000Z', {}, 'other.stream' ) ] );
			}
			await sink.close();
			const again = await reopen();
			const recent = await again.recent( 'test.web', 3 );
			assert.deepEqual( recent.map( ( e ) => e.id ), ids.slice( 2 ).reverse() );
			assert.deepEqual( recent.map( ( e ) => e.stream ), [ 'test.web', 'test.web', 'test.web' ] );
			assert.deepEqual( recent[ 0 ].event, event( ids[ 4 ], '2026-11-30T10:00:00.000Z' ) );
			assert.deepEqual( await again.write( [ event( ids[ 0 ], '2026-11-30T10:00:00.000Z' ) ] ), { stored: 0, duplicates: 1 }, 'de-duplication holds after reopening' );
			await again.close();
			await cleanUp();
		} );

		test( 'trace(): the events of a page view, newest first', async ( assert ) => {
			const { sink, cleanUp } = await kind.fresh();
			const mine = [ randomUUID(), randomUUID() ];
			await sink.write( [
				event( mine[ 0 ], '2026-11-30T10:00:00.000Z', { performer: { pageview_id: 'pv1' } } ),
				event( randomUUID(), '2026-11-30T10:00:00.000Z', { performer: { pageview_id: 'pv2' } } ),
				event( mine[ 1 ], '2026-11-30T10:00:01.000Z', { performer: { pageview_id: 'pv1' } } ),
			] );
			const found = await sink.trace!( { by: 'pageview', id: 'pv1' }, 10 );
			assert.deepEqual( found.map( ( e ) => e.id ), [ mine[ 1 ], mine[ 0 ] ] );
			await sink.close();
			await cleanUp();
		} );

		test( 'storedDays() and eventsOfDay(): every event of a day once, in (t, id) order, page by page', async ( assert ) => {
			const { sink, cleanUp } = await kind.fresh();
			const start = Date.parse( '2026-11-28T23:59:59.990Z' );
			const events = Array.from( { length: 250 }, ( _, i ) => event( randomUUID(), new Date( start + ( i % 50 ) ).toISOString() ) );
			await sink.write( events );
			await sink.write( [ event( randomUUID(), undefined ) ] );
			assert.deepEqual( await sink.storedDays!(), [ '2026-11-28', '2026-11-29' ], 'events without a time belong to no day' );
			const first = await allOfDay( sink, '2026-11-28', 7 );
			const second = await allOfDay( sink, '2026-11-29', 7 );
			assert.strictEqual( first.length + second.length, 250 );
			assert.strictEqual( first.length, 50 );
			const expected = events.map( ( e ) => ( { t: Date.parse( e.dt as string ), id: ( e.meta as { id: string } ).id } ) )
				.sort( ( x, y ) => x.t - y.t || ( x.id < y.id ? -1 : x.id > y.id ? 1 : 0 ) );
			assert.deepEqual( [ ...first, ...second ].map( ( r ) => ( { t: r.t, id: r.id } ) ), expected );
			assert.deepEqual( JSON.parse( second[ 0 ].body ), events.find( ( e ) => ( e.meta as { id: string } ).id === second[ 0 ].id ) );
			await sink.close();
			await cleanUp();
		} );

		test( 'tables: each accepted event projected into its stream\'s tables with the raw row; types, filter, hash', async ( assert ) => {
			const { sink, read, cleanUp } = await kind.fresh( () => NOW, { hashSecret: SECRET, log: () => undefined } );
			sink.setModels!( modelCatalog(), schemaDocuments );
			const click = modelled( { performer: { session_id: 'aaaaaaaaaaaaaaaaaaaa', is_bot: false, is_logged_in: true } } );
			const bot = modelled( { performer: { session_id: 'cccccccccccccccccccc', is_bot: true } } );
			const view = modelled( { action: 'view', page: { id: 9, title: 'Other' } } );
			assert.deepEqual( await sink.write( [ click, bot, view ] ), { stored: 3, duplicates: 0 } );
			const meta = ( e: Record<string, unknown> ): { id: string; dt: string } => e.meta as { id: string; dt: string };
			assert.deepEqual( normalised( await read( 'SELECT * FROM clicks_v1 ORDER BY page_id DESC' ) ), [
				{ event_id: meta( click ).id, received_at: meta( click ).dt, day: '2026-11-30', page_id: 42, action: 'click', session: hmac( 'aaaaaaaaaaaaaaaaaaaa' ), page_title: 'Main_Page', logged_in: 1, agent: JSON.stringify( click.agent ) },
				{ event_id: meta( view ).id, received_at: meta( view ).dt, day: '2026-11-30', page_id: 9, action: 'view', session: hmac( 'ssssssssssssssssssss' ), page_title: 'Other', logged_in: null, agent: JSON.stringify( view.agent ) },
			], 'the bot filtered out; the session id only as its keyed hash' );
			assert.deepEqual( normalised( await read( 'SELECT event_id, page_id FROM views_v1' ) ), [ { event_id: meta( view ).id, page_id: 9 } ] );
			await sink.close();
			await cleanUp();
		} );

		test( 'tables: a re-sent event adds no row to a dedupe table (also within one batch), one row a copy to the others', async ( assert ) => {
			const { sink, read, cleanUp } = await kind.fresh( () => NOW, { hashSecret: SECRET, log: () => undefined } );
			sink.setModels!( modelCatalog(), schemaDocuments );
			const view = modelled( { action: 'view' } );
			const other = modelled( { action: 'view' } );
			assert.deepEqual( await sink.write( [ view, view ] ), { stored: 1, duplicates: 1 } );
			assert.deepEqual( await sink.write( [ other, view ] ), { stored: 1, duplicates: 1 } );
			assert.deepEqual( await read( 'SELECT COUNT(*) AS n FROM clicks_v1' ), [ { n: 2 } ] );
			assert.deepEqual( await read( 'SELECT COUNT(*) AS n FROM views_v1' ), [ { n: 4 } ], 'dedupe: false counts every copy' );
			await sink.close();
			await cleanUp();
		} );

		test( 'tables: a new optional column is added to the table (older rows NULL), with a message; a new major version makes a new table', async ( assert ) => {
			const logs: string[] = [];
			const { sink, read, cleanUp } = await kind.fresh( () => NOW, { hashSecret: SECRET, log: ( m ) => logs.push( m ) } );
			const first = { 'test.model': { tables: [ { name: 'grown', columns: [ { path: 'page.id' } ] } ] } };
			sink.setModels!( modelCatalog( first ), schemaDocuments );
			await sink.write( [ modelled() ] );
			sink.setModels!( modelCatalog( { 'test.model': { tables: [ { name: 'grown', columns: [ { path: 'page.id' }, { path: 'page.title' } ] } ] } } ), schemaDocuments );
			await sink.write( [ modelled() ] );
			await sink.write( [ modelled( { $schema: '/analytics/product_metrics/web/base/2.0.0' } ) ] );
			// (NULLs sort first in SQLite, last in PostgreSQL.)
			assert.deepEqual( await read( 'SELECT page_id, page_title FROM grown_v1 ORDER BY page_title IS NULL, page_title' ), [ { page_id: 42, page_title: 'Main_Page' }, { page_id: 42, page_title: null } ] );
			assert.true( logs.includes( 'stream "test.model": column page_title (string) added to grown_v1' ), logs.join( '\n' ) );
			assert.true( logs.some( ( m ) => m.startsWith( 'stream "test.model": /analytics/product_metrics/web/base/2.0.0 is a new major version (2)' ) ) );
			assert.deepEqual( await read( 'SELECT physical, major FROM mp_tables ORDER BY physical' ), [ { physical: 'grown_v1', major: 1 }, { physical: 'grown_v2', major: 2 } ] );
			await sink.close();
			await cleanUp();
		} );

		test( 'failed events: kept with their reason, bounded', async ( assert ) => {
			const { sink, read, cleanUp } = await kind.fresh( () => NOW, { hashSecret: SECRET, log: () => undefined } );
			const row = ( i: number ): FailedEvent => ( {
				stream: 'test.model', received_at: new Date( NOW + i ).toISOString(), meta_id: `id-${ i }`, pageview_id: null, session_id: null,
				kind: 'datatype_mismatch', path: '/page/id', schema_path: '#/properties/page/properties/id/type', message: 'must be integer',
			} );
			await sink.recordFailures!( [ row( 1 ), row( 2 ) ] );
			assert.deepEqual( await read( 'SELECT stream, received_at, meta_id, pageview_id, session_id, kind, path, schema_path, message FROM failed_events ORDER BY seq' ), [ row( 1 ), row( 2 ) ] as unknown[] );
			await sink.recordFailures!( Array.from( { length: MAX_FAILED_EVENTS + 5 }, ( _, i ) => row( i + 3 ) ) );
			assert.deepEqual( await read( 'SELECT COUNT(*) AS n FROM failed_events' ), [ { n: MAX_FAILED_EVENTS } ] );
			assert.deepEqual( await read( 'SELECT meta_id FROM failed_events ORDER BY seq LIMIT 1' ), [ { meta_id: 'id-8' } ], 'the 7 oldest of 10,007 went' );
			await sink.close();
			await cleanUp();
		} );

		test( 'trace: why an event is missing, from failed_events, for any process and after a restart; each event once, newest first', async ( assert ) => {
			const { sink, reopen, cleanUp } = await kind.fresh( undefined, { log: () => undefined } );
			const token = 'read-token-for-store-tests-0123';
			const streams = { 'trace.web': { schema_title: 'analytics/product_metrics/web/base', producers: { metrics_platform_client: { provide_values: [ 'performer_pageview_id', 'performer_session_id' ] } } } };
			const traced = ( pageview: string, extra: Record<string, unknown> = {} ): Record<string, unknown> => validEvent( 'trace.web', Object.assign( { performer: { pageview_id: pageview, session_id: 'bbbbbbbbbbbbbbbbbbb1' } }, extra ) );
			const first = await startIntake( sink, streams, { readAccess: { token } } );
			const tooLong = traced( 'aaaaaaaaaaaaaaaaaaa1', { action_source: 'x'.repeat( 65 ) } );
			// Two schema errors: two rows in failed_events, one entry in the trace.
			const twice = traced( 'aaaaaaaaaaaaaaaaaaa1', { action_source: 'x'.repeat( 65 ), action_subtype: 'y'.repeat( 65 ) } );
			const other = traced( 'aaaaaaaaaaaaaaaaaaa2', { action_source: 'x'.repeat( 65 ) } );
			assert.strictEqual( ( await post( first.url, [ tooLong ] ) ).status, 400 );
			assert.strictEqual( ( await post( first.url, [ twice, other ] ) ).status, 400 );
			await first.intake.close();
			// Another process (or this one restarted): nothing in its memory, all from the store.
			const second = await startIntake( await reopen(), streams, { readAccess: { token } } );
			try {
				const res = await fetch( `${ second.url }/v1/trace?pageview=aaaaaaaaaaaaaaaaaaa1`, { headers: { Authorization: `Bearer ${ token }` } } );
				assert.strictEqual( res.status, 200 );
				const t = await res.json() as Trace;
				const idOf = ( e: Record<string, unknown> ): string => ( e.meta as { id: string } ).id;
				assert.deepEqual( t.refused.map( ( e ) => [ e.id, e.stream, e.kind, e.path ] ), [
					[ idOf( twice ), 'trace.web', 'invalid', '/action_source' ],
					[ idOf( tooLong ), 'trace.web', 'invalid', '/action_source' ],
				], 'the page view\'s refused events, newest first, each once (with its first error)' );
				assert.true( /^\/action_source .*64/.test( t.refused[ 0 ].reason ), t.refused[ 0 ].reason );
				assert.deepEqual( t.accepted, [] );
				const bySession = await ( await fetch( `${ second.url }/v1/trace?session=bbbbbbbbbbbbbbbbbbb1&limit=2`, { headers: { Authorization: `Bearer ${ token }` } } ) ).json() as Trace;
				assert.deepEqual( bySession.refused.map( ( e ) => e.id ), [ idOf( other ), idOf( twice ) ], 'by session, limit counts events' );
			} finally {
				await second.intake.close();
				await cleanUp();
			}
		} );

		test( 'keep → hash: the values stored in clear before are rewritten to the keyed hash new rows get; no row lost', async ( assert ) => {
			const logs: string[] = [];
			const { sink, read, cleanUp } = await kind.fresh( () => NOW, { hashSecret: SECRET, log: ( m ) => logs.push( m ) } );
			const visits = ( privacy: string ): ModelCatalog => modelCatalog( { 'test.model': { tables: [ { name: 'visits', columns: [
				{ path: 'page.id', privacy }, { path: 'performer.session_id', name: 'session', privacy }, { path: 'performer.is_logged_in', name: 'logged_in', privacy }, { path: 'action' },
			] } ] } } );
			const session = ( i: number ): string => `s${ String( i ).padStart( 19, '0' ) }`;
			const visit = ( i: number ): Record<string, unknown> => modelled( { page: { id: i }, performer: { session_id: session( i ), is_logged_in: i % 2 === 0 } } );
			sink.setModels!( visits( 'keep' ), schemaDocuments );
			assert.deepEqual( await sink.write( Array.from( { length: 25 }, ( _, i ) => visit( i ) ) ), { stored: 25, duplicates: 0 } );
			assert.deepEqual( normalised( await read( 'SELECT page_id, session, logged_in FROM visits_v1 WHERE page_id = 3' ) ), [ { page_id: 3, session: session( 3 ), logged_in: 0 } ], 'in clear while tagged keep' );
			sink.setModels!( visits( 'hash' ), schemaDocuments );
			// The next event of the stream: on PostgreSQL the table meets its new definition here.
			assert.deepEqual( await sink.write( [ visit( 3 ) ] ), { stored: 1, duplicates: 0 } );
			// The rewrite runs in steps after the change: wait until it is recorded as done (polling, not a fixed sleep).
			const pending = async (): Promise<number> => Number( ( await read( 'SELECT COUNT(*) AS n FROM mp_rehash' ) )[ 0 ].n );
			for ( let i = 0; i < 500 && await pending() !== 0; i++ ) {
				await new Promise( ( r ) => setTimeout( r, 10 ) );
			}
			assert.strictEqual( await pending(), 0, 'the rewrite finished' );
			const rows = await read( 'SELECT event_id, page_id, session, logged_in FROM visits_v1' );
			assert.strictEqual( rows.length, 26, 'every row kept, the new one too' );
			const byId = new Map<string, number>();
			const wrong = rows.filter( ( r ) => {
				const i = [ ...Array( 25 ).keys() ].find( ( k ) => r.session === hmac( session( k ) ) );
				if ( i === undefined ) {
					return true;
				}
				byId.set( r.event_id as string, i );
				return r.page_id !== hmac( String( i ) ) || r.logged_in !== hmac( String( i % 2 === 0 ) );
			} );
			assert.deepEqual( wrong, [], 'every row holds the keyed hashes of its values (integer and boolean as their JSON text)' );
			assert.strictEqual( rows.filter( ( r ) => r.session === hmac( session( 3 ) ) ).length, 2, 'the old row and the new one of a session have the same hash: joins and distinct counts still work' );
			assert.true( logs.some( ( m ) => /column page_id of visits_v1: 2[56] values stored in clear before it became "hash" now hold their keyed hash/.test( m ) ), logs.join( '\n' ) );
			await sink.close();
			await cleanUp();
		} );

		test( 'purge (fake clock): raw and failed events past retention gone, drop columns of older table rows emptied, younger rows untouched', async ( assert ) => {
			let clock = NOW;
			const { sink, read, cleanUp } = await kind.fresh( () => clock, { hashSecret: SECRET, log: () => undefined } );
			sink.setModels!( modelCatalog(), schemaDocuments );
			const at = ( daysAgo: number ): number => NOW - daysAgo * 86400000;
			const write = async ( daysAgo: number, events: Record<string, unknown>[] ): Promise<void> => {
				clock = at( daysAgo );
				for ( const e of events ) {
					e.dt = ( e.meta as { dt: string } ).dt;
				}
				await sink.write( events );
			};
			const failure = ( daysAgo: number ): FailedEvent => ( {
				stream: 'test.model', received_at: new Date( at( daysAgo ) ).toISOString(), meta_id: `f${ daysAgo }`, pageview_id: null, session_id: null,
				kind: 'required_missing', path: '/action', schema_path: '#/required', message: 'must have required property \'action\'',
			} );
			await write( 50, [ modelled( {}, at( 50 ) ), modelled( { action: 'view' }, at( 50 ) ) ] );
			await write( 40, [ modelled( {}, at( 40 ) ), Object.assign( event( 'other-40', undefined, {}, 'other.stream' ), { meta: { id: 'other-40', stream: 'other.stream', dt: new Date( at( 40 ) ).toISOString() } } ) ] );
			await write( 10, [ modelled( {}, at( 10 ) ) ] );
			await sink.recordFailures!( [ failure( 40 ), failure( 10 ) ] );
			clock = NOW;
			const report = await sink.purge!( NOW );
			assert.deepEqual( report.streams.map( ( p ) => [ p.stream, p.retentionDays, p.rawDeleted, p.failedDeleted, p.dropped ] ).sort(), [
				[ 'other.stream', 90, 0, 0, [] ],
				[ 'test.model', 30, 3, 1, [ { table: 'clicks_v1', columns: [ 'page_title' ], rows: 3 } ] ],
			] );
			assert.deepEqual( await read( 'SELECT id FROM events ORDER BY stream' ), [ { id: 'other-40' }, { id: ( await read( 'SELECT event_id FROM clicks_v1 WHERE page_title IS NOT NULL' ) )[ 0 ].event_id } ],
				'the raw events of 50 and 40 days ago gone, those of 10 days ago and of a stream with a longer retention kept' );
			assert.deepEqual( await read( 'SELECT received_at, page_title, session FROM clicks_v1 ORDER BY received_at' ), [
				{ received_at: new Date( at( 50 ) ).toISOString(), page_title: null, session: hmac( 'ssssssssssssssssssss' ) },
				{ received_at: new Date( at( 50 ) ).toISOString(), page_title: null, session: hmac( 'ssssssssssssssssssss' ) },
				{ received_at: new Date( at( 40 ) ).toISOString(), page_title: null, session: hmac( 'ssssssssssssssssssss' ) },
				{ received_at: new Date( at( 10 ) ).toISOString(), page_title: 'Main_Page', session: hmac( 'ssssssssssssssssssss' ) },
			], 'table rows kept; drop columns emptied only in rows older than retention' );
			assert.deepEqual( await read( 'SELECT meta_id FROM failed_events' ), [ { meta_id: 'f10' } ] );
			const again = await sink.purge!( NOW );
			assert.deepEqual( again.streams.filter( ( p ) => p.rawDeleted || p.failedDeleted || p.dropped.some( ( d ) => d.rows ) ), [], 'a second purge finds nothing' );
			if ( kind === postgres ) {
				const days = await ( sink as PostgresSink ).partitionDays();
				assert.deepEqual( [ days.includes( new Date( at( 50 ) ).toISOString().slice( 0, 10 ) ), days.includes( new Date( at( 40 ) ).toISOString().slice( 0, 10 ) ) ], [ false, true ],
					'the partition holding only rows past retention is dropped whole; the one with a row of a longer retention stays' );
			}
			await sink.close();
			await cleanUp();
		} );

		test( 'purge: a column newly tagged drop is emptied in rows passed already; a purge ahead of the clock skips no row', async ( assert ) => {
			let clock = NOW;
			const { sink, read, cleanUp } = await kind.fresh( () => clock, { hashSecret: SECRET, log: () => undefined } );
			const withTitle = ( privacy: string ): ModelCatalog => modelCatalog( { 'test.model': { retention_days: 30, tables: [
				{ name: 'pages', columns: [ { path: 'page.id', privacy: 'drop' }, { path: 'page.title', privacy } ] },
				{ name: 'pages_flat', partition: 'none', columns: [ { path: 'page.id', privacy: 'drop' }, { path: 'page.title', privacy } ] },
			] } } );
			const at = ( days: number ): number => NOW + days * 86400000;
			const write = async ( days: number ): Promise<void> => {
				clock = at( days );
				await sink.write( [ modelled( {}, at( days ) ) ] );
			};
			const titles = async ( table: string ): Promise<unknown[]> => ( await read( `SELECT page_id, page_title FROM ${ table } ORDER BY received_at` ) );
			sink.setModels!( withTitle( 'keep' ), schemaDocuments );
			await write( -40 );
			await write( -1 );
			await sink.purge!( NOW );
			sink.setModels!( withTitle( 'drop' ), schemaDocuments );
			await write( 0 );
			await sink.purge!( at( 0.1 ) );
			for ( const table of [ 'pages_v1', 'pages_flat_v1' ] ) {
				assert.deepEqual( await titles( table ), [ { page_id: null, page_title: null }, { page_id: 42, page_title: 'Main_Page' }, { page_id: 42, page_title: 'Main_Page' } ],
					`${ table }: the title, now drop, emptied in the 40-day-old row behind the watermark; rows within retention untouched` );
			}
			await sink.purge!( at( 60 ) );
			await write( 1 );
			await sink.purge!( at( 32 ) );
			for ( const table of [ 'pages_v1', 'pages_flat_v1' ] ) {
				assert.deepEqual( ( await titles( table ) ).slice( -1 ), [ { page_id: null, page_title: null } ], `${ table }: the row received after a purge 60 days ahead is emptied once past retention` );
			}
			await sink.close();
			await cleanUp();
		} );

		test( 'any JSON text is stored and read back as written (NUL escapes, lone surrogates, deep nesting)', async ( assert ) => {
			const { sink, cleanUp } = await kind.fresh();
			await fc.assert( fc.asyncProperty( fc.array( fc.jsonValue(), { minLength: 1, maxLength: 5 } ), fc.string( { unit: 'binary' } ), async ( values, text ) => {
				const written = values.map( ( v ) => event( randomUUID(), '2026-11-30T10:00:00.000Z', { payload: v, text } ) );
				const serialized = written.map( ( e ) => JSON.stringify( e ) );
				const result = await sink.write( written, serialized );
				const back = await sink.recent( 'test.web', written.length );
				return result.stored === written.length && JSON.stringify( back.map( ( e ) => e.event ).reverse() ) === JSON.stringify( serialized.map( ( s ) => JSON.parse( s ) ) );
			} ), { numRuns: 40 } );
			assert.true( true, 'every generated batch stored and read back identical' );
			await sink.close();
			await cleanUp();
		} );
	} );
}

const pgTest = havePostgres ? QUnit.test : QUnit.skip;
QUnit.module( 'intake store: PostgreSQL only', ( hooks ) => {
	hooks.before( startCluster );
	hooks.after( stopCluster );

	pgTest( 'the schema is created and logged once, however many processes open it at once', async ( assert ) => {
		const name = `mp_test_${ ++databases }`;
		const admin = throwawayPool( { connectionString: cluster!.url, max: 1 } );
		await admin.query( `CREATE DATABASE ${ name }` );
		await admin.end();
		const sinks = await Promise.all( [ 1, 2, 3, 4 ].map( () => createPostgresSink( cluster!.baseUrl + name ) ) );
		const log = await sinks[ 0 ].pool.query( 'SELECT version, name FROM mp_migrations WHERE version IS NOT NULL ORDER BY version' );
		assert.deepEqual( log.rows.map( ( r ) => r.version ), [ 1, 2, 3, 4 ] );
		const parent = await sinks[ 0 ].pool.query( "SELECT partstrat FROM pg_partitioned_table WHERE partrelid = 'events'::regclass" );
		assert.strictEqual( parent.rows[ 0 ].partstrat, 'r', 'events is range-partitioned' );
		await Promise.all( sinks.map( ( s ) => s.close() ) );
	} );

	pgTest( 'two processes writing the same events: each stored once in all', async ( assert ) => {
		const { sink: a, reopen } = await postgres.fresh();
		const b = await reopen();
		const events = Array.from( { length: 2000 }, ( _, i ) => event( randomUUID(), new Date( Date.parse( '2026-11-30T10:00:00Z' ) + i ).toISOString() ) );
		const batches = Array.from( { length: 20 }, ( _, i ) => events.slice( i * 100, i * 100 + 100 ) );
		const results = await Promise.all( [ ...batches.map( ( batch ) => a.write( batch ) ), ...batches.map( ( batch ) => b.write( batch ) ) ] );
		const stored = results.reduce( ( sum, r ) => sum + r.stored, 0 );
		const duplicates = results.reduce( ( sum, r ) => sum + r.duplicates, 0 );
		assert.deepEqual( { stored, duplicates }, { stored: 2000, duplicates: 2000 } );
		const rows = await ( a as PostgresSink ).pool.query( 'SELECT COUNT(*)::int AS n, COUNT(DISTINCT id)::int AS ids FROM events' );
		assert.deepEqual( rows.rows[ 0 ], { n: 2000, ids: 2000 } );
		await a.close();
		await b.close();
	} );

	pgTest( 'tables: the same events sent to two processes give one row each per dedupe table; a table partition per receive day', async ( assert ) => {
		const { sink: a, reopen, read, cleanUp } = await postgres.fresh( () => NOW, { hashSecret: SECRET, log: () => undefined } );
		const b = await reopen();
		for ( const sink of [ a, b ] ) {
			sink.setModels!( modelCatalog(), schemaDocuments );
		}
		const events = Array.from( { length: 600 }, ( _, i ) => modelled( { action: i % 2 ? 'click' : 'view' }, NOW - ( i % 3 ) * 86400000 ) );
		const batches = Array.from( { length: 6 }, ( _, i ) => events.slice( i * 100, i * 100 + 100 ) );
		const results = await Promise.all( [ ...batches.map( ( batch ) => a.write( batch ) ), ...batches.map( ( batch ) => b.write( batch ) ) ] );
		assert.strictEqual( results.reduce( ( sum, r ) => sum + r.stored, 0 ), 600 );
		assert.deepEqual( await read( 'SELECT COUNT(*) AS n, COUNT(DISTINCT event_id) AS ids FROM clicks_v1' ), [ { n: 600, ids: 600 } ] );
		assert.deepEqual( await read( 'SELECT COUNT(*) AS n FROM views_v1' ), [ { n: 600 } ], 'dedupe: false, one row per copy of the 300 views' );
		assert.deepEqual( await ( a as PostgresSink ).partitionDays( 'clicks_v1' ), [ '2026-11-28', '2026-11-29', '2026-11-30' ] );
		assert.deepEqual( await read( 'SELECT COUNT(*) AS n FROM clicks_v1_other' ), [ { n: 0 } ] );
		assert.deepEqual( ( await read( "SELECT name FROM mp_migrations WHERE table_name = 'clicks_v1'" ) ).length, 1, 'the table\'s creation is logged once' );
		await a.close();
		await b.close();
		await cleanUp();
	} );

	pgTest( 'a process with another hash secret than the database\'s tables were written with refuses to start', async ( assert ) => {
		const { sink, reopen, cleanUp } = await postgres.fresh( () => NOW, { hashSecret: SECRET } );
		await sink.close();
		await assert.rejects( createPostgresSink( ( sink as PostgresSink ).pool.options.connectionString as string, { hashSecret: Buffer.alloc( 32, 8 ) } ), /the hash secret differs/ );
		await ( await reopen() ).close();
		await cleanUp();
	} );

	pgTest( 'a partition per day of event time; days far off wait in the default partition and move in when their day comes near', async ( assert ) => {
		let clock = Date.parse( '2026-11-30T12:00:00Z' );
		const { sink } = await postgres.fresh( () => clock );
		const pg = sink as PostgresSink;
		const ahead = event( randomUUID(), '2026-12-10T08:00:00.000Z' );
		await sink.write( [ event( randomUUID(), '2026-11-30T10:00:00.000Z' ), event( randomUUID(), '2026-11-29T10:00:00.000Z' ), ahead,
			event( randomUUID(), '1999-01-01T00:00:00.000Z' ), event( randomUUID(), undefined ) ] );
		assert.deepEqual( await pg.partitionDays(), [ '2026-11-29', '2026-11-30' ], `partitions only within ${ PARTITION_WINDOW.pastDays } days back and ${ PARTITION_WINDOW.aheadDays } ahead` );
		const other = async (): Promise<number> => ( await pg.pool.query( 'SELECT COUNT(*)::int AS n FROM events_other' ) ).rows[ 0 ].n;
		assert.strictEqual( await other(), 3 );
		clock = Date.parse( '2026-12-10T00:00:00Z' );
		await sink.write( [ event( randomUUID(), '2026-12-10T09:00:00.000Z' ) ] );
		assert.deepEqual( await pg.partitionDays(), [ '2026-11-29', '2026-11-30', '2026-12-10' ] );
		assert.strictEqual( await other(), 2, 'the early event moved into its day' );
		const inDay = await pg.pool.query( 'SELECT COUNT(*)::int AS n FROM events_20261210' );
		assert.strictEqual( inDay.rows[ 0 ].n, 2 );
		assert.deepEqual( await sink.write( [ ahead ] ), { stored: 0, duplicates: 1 }, 'still de-duplicated after the move' );
		await sink.close();
	} );

	pgTest( 'keep → hash: the rewrite goes in steps, stops when the store closes, and goes on where the values are still clear', async ( assert ) => {
		const { sink, cleanUp } = await postgres.fresh( () => NOW, { hashSecret: SECRET, log: () => undefined } );
		sink.setModels!( modelCatalog( { 'test.model': { tables: [ { name: 'visits', columns: [ { path: 'performer.session_id', name: 'session' } ] } ] } } ), schemaDocuments );
		const session = ( i: number ): string => `s${ String( i ).padStart( 19, '0' ) }`;
		await sink.write( Array.from( { length: 30 }, ( _, i ) => modelled( { performer: { session_id: session( i ) } } ) ) );
		// Closed first: its own rewrite (at start) is over, and the steps below are the only ones.
		await sink.close();
		const pool = throwawayPool( { connectionString: ( sink as PostgresSink ).pool.options.connectionString, max: 2, types: READ_TYPES } );
		const client = await pool.connect();
		await client.query( 'BEGIN' );
		await recordPgHashChange( client, 'visits_v1', 'session', 'string', new Date( NOW ).toISOString(), true );
		await client.query( 'COMMIT' );
		client.release();
		const clear = async (): Promise<number> => ( await pool.query( "SELECT COUNT(*) AS n FROM visits_v1 WHERE session LIKE 's%'" ) ).rows[ 0 ].n;
		let checks = 0;
		const first = await rewritePgClearColumns( pool, SECRET, () => undefined, { chunk: 7, stopped: () => ++checks > 3 } );
		assert.deepEqual( [ first, await clear() ], [ 14, 16 ], 'two steps of 7, then stopped' );
		assert.deepEqual( ( await pool.query( 'SELECT physical, name, type FROM mp_rehash' ) ).rows, [ { physical: 'visits_v1', name: 'session', type: 'string' } ], 'still pending' );
		const logs: string[] = [];
		assert.strictEqual( await rewritePgClearColumns( pool, SECRET, ( m ) => logs.push( m ), { chunk: 7 } ), 16, 'the rest, at the next start' );
		assert.deepEqual( logs, [ 'column session of visits_v1: 16 values stored in clear before it became "hash" now hold their keyed hash' ] );
		const rows = ( await pool.query( 'SELECT session FROM visits_v1' ) ).rows.map( ( r ) => r.session ).sort();
		assert.deepEqual( rows, Array.from( { length: 30 }, ( _, i ) => hmac( session( i ) ) ).sort(), 'each value its keyed hash, none hashed twice' );
		assert.deepEqual( [ await rewritePgClearColumns( pool, SECRET, () => undefined ), ( await pool.query( 'SELECT COUNT(*) AS n FROM mp_rehash' ) ).rows[ 0 ].n ], [ 0, 0 ], 'nothing left' );
		await pool.end();
		await cleanUp();
	} );

	pgTest( 'a schedule shared by 4 processes runs once per slot', async ( assert ) => {
		const { sink, reopen } = await postgres.fresh( () => Date.parse( '2026-11-30T12:00:00Z' ) );
		const sinks = [ sink as PostgresSink, ...await Promise.all( [ 1, 2, 3 ].map( async () => ( await reopen() ) as PostgresSink ) ) ];
		let runs = 0;
		const task = async (): Promise<void> => {
			runs++;
			await new Promise( ( r ) => setTimeout( r, 50 ) );
		};
		const ran = await Promise.all( sinks.map( ( s ) => s.runOncePerSlot( 'purge', 3600000, task ) ) );
		const later = await Promise.all( sinks.map( ( s ) => s.runOncePerSlot( 'purge', 3600000, task ) ) );
		assert.strictEqual( runs, 1 );
		assert.deepEqual( ran.filter( Boolean ).length + later.filter( Boolean ).length, 1 );
		await Promise.all( sinks.map( ( s ) => s.close() ) );
	} );
} );
