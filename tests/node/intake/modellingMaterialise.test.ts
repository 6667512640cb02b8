import Database from 'better-sqlite3';
import { createHmac } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readFailedEvents } from '../../../intake/src/modelling/failedEvents';
import { queryMain } from '../../../intake/src/modelling/queryCli';
import { createSqliteSink } from '../../../intake/src/sqliteSink';
import { post, SCHEMAS_DIR, startIntake, validEvent } from '../intakeHarness';

const SECRET = Buffer.from( '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff', 'hex' );

function hmac( value: string ): string {
	return createHmac( 'sha256', SECRET ).update( value ).digest( 'hex' );
}

const TABLES = [ {
	name: 'clicks',
	description: 'Clicks by people.',
	columns: [
		{ path: 'page.id' },
		{ path: 'action' },
		{ path: 'performer.session_id', name: 'session', privacy: 'hash' },
		{ path: 'page.title', privacy: 'drop' },
	],
	filter: { 'performer.is_bot': { not_equals: true } },
}, {
	name: 'views',
	columns: [ { path: 'page.id' } ],
	filter: { action: { in: [ 'view' ] } },
	partition: 'none',
	dedupe: false,
} ];

function streams( tables: unknown = TABLES ): Record<string, unknown> {
	return {
		'test.model': {
			schema_title: 'analytics/product_metrics/web/base',
			producers: { metrics_platform_client: { provide_values: [ 'page_id', 'page_title', 'performer_session_id', 'performer_pageview_id', 'performer_is_bot' ] } },
			retention_days: 30,
			tables,
		},
	};
}

function modelEvent( extra: Record<string, unknown> = {} ): Record<string, unknown> {
	return validEvent( 'test.model', Object.assign( {
		page: { id: 42, title: 'Main_Page' },
		performer: { session_id: 'aaaaaaaaaaaaaaaaaaaa', pageview_id: 'bbbbbbbbbbbbbbbbbbbb', is_bot: false },
	}, extra ) );
}

QUnit.module( 'modelling: tables written with the raw events', ( hooks ) => {
	let dir: string;
	hooks.beforeEach( () => {
		dir = mkdtempSync( path.join( os.tmpdir(), 'mp-model-' ) );
	} );
	hooks.afterEach( () => {
		rmSync( dir, { recursive: true, force: true } );
	} );

	QUnit.test( 'a row is queryable when the 201 is sent: projected, filtered, de-duplicated, partitioned by day, hashed', async ( assert ) => {
		const file = path.join( dir, 'events.sqlite' );
		const running = await startIntake( createSqliteSink( file, { hashSecret: SECRET, log: () => undefined } ), streams() );
		const reader = new Database( file, { readonly: true } );
		try {
			const click = modelEvent();
			const bot = modelEvent( { performer: { session_id: 'cccccccccccccccccccc', is_bot: true } } );
			const view = modelEvent( { action: 'view' } );
			assert.strictEqual( ( await post( running.url, [ click, bot, view ] ) ).status, 201 );
			// Read at once, from another connection, before anything else happens.
			const rows = reader.prepare( 'SELECT * FROM clicks_v1 ORDER BY rowid' ).all() as Record<string, unknown>[];
			const meta = click.meta as { id: string };
			assert.strictEqual( rows.length, 2, 'the bot is filtered out' );
			assert.deepEqual( Object.keys( rows[ 0 ] ), [ 'event_id', 'received_at', 'day', 'page_id', 'action', 'session', 'page_title' ] );
			assert.strictEqual( rows[ 0 ].event_id, meta.id );
			assert.strictEqual( rows[ 0 ].page_id, 42 );
			assert.strictEqual( rows[ 0 ].action, 'click' );
			assert.strictEqual( rows[ 0 ].session, hmac( 'aaaaaaaaaaaaaaaaaaaa' ), 'the keyed hash, not the session id' );
			assert.strictEqual( rows[ 0 ].page_title, 'Main_Page' );
			assert.strictEqual( rows[ 0 ].day, String( rows[ 0 ].received_at ).slice( 0, 10 ) );
			assert.true( /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test( String( rows[ 0 ].received_at ) ) );
			assert.deepEqual( reader.prepare( 'SELECT page_id FROM views_v1' ).all(), [ { page_id: 42 } ], 'the second table has only the view, and no day column' );
			assert.deepEqual( reader.prepare( 'SELECT COUNT(*) AS n FROM events' ).get(), { n: 3 }, 'the raw store has all three' );

			// A re-sent event (same meta.id and dt) adds no row to a de-duplicated table, and one to a
			// table with dedupe false (one row per copy received).
			assert.strictEqual( ( await post( running.url, [ click, view ] ) ).status, 201 );
			assert.deepEqual( reader.prepare( 'SELECT COUNT(*) AS n FROM events' ).get(), { n: 3 } );
			assert.deepEqual( reader.prepare( 'SELECT COUNT(*) AS n FROM clicks_v1 WHERE event_id = ?' ).get( meta.id ), { n: 1 } );
			assert.deepEqual( reader.prepare( 'SELECT COUNT(*) AS n FROM views_v1' ).get(), { n: 2 } );
			// The same new event twice in one request, beside a new one: one raw row, one row in the
			// de-duplicated table, two in the other.
			const twice = modelEvent( { action: 'view' } );
			assert.strictEqual( ( await post( running.url, [ twice, twice, modelEvent() ] ) ).status, 201 );
			assert.deepEqual( reader.prepare( 'SELECT COUNT(*) AS n FROM events' ).get(), { n: 5 } );
			assert.deepEqual( reader.prepare( 'SELECT COUNT(*) AS n FROM clicks_v1 WHERE event_id = ?' ).get( ( twice.meta as { id: string } ).id ), { n: 1 } );
			assert.deepEqual( reader.prepare( 'SELECT COUNT(*) AS n FROM views_v1 WHERE event_id = ?' ).get( ( twice.meta as { id: string } ).id ), { n: 2 } );

			const columns = reader.prepare( "SELECT name, type, privacy, description FROM mp_columns WHERE physical = 'clicks_v1' ORDER BY position" ).all() as { name: string; type: string; privacy: string; description: string }[];
			assert.deepEqual( columns.map( ( c ) => [ c.name, c.type, c.privacy ] ), [ [ 'page_id', 'integer', 'keep' ], [ 'action', 'string', 'keep' ], [ 'session', 'string', 'hash' ], [ 'page_title', 'string', 'drop' ] ] );
			assert.true( columns[ 0 ].description.length > 0, 'the description comes from the schema' );
			assert.deepEqual( reader.prepare( "SELECT stream, name, major, description FROM mp_tables WHERE physical = 'clicks_v1'" ).get(), { stream: 'test.model', name: 'clicks', major: 1, description: 'Clicks by people.' } );
		} finally {
			reader.close();
			await running.intake.close();
		}
	} );

	QUnit.test( 'a new optional column is added to the table; a new major version makes a new table, with a message', async ( assert ) => {
		// A schema repository with web/base 1.3.0 and a 2.0.0 (the same schema under a new major version).
		const schemas = path.join( dir, 'schemas' );
		const base = path.join( schemas, 'analytics/product_metrics/web/base' );
		mkdirSync( base, { recursive: true } );
		copyFileSync( path.join( SCHEMAS_DIR, 'analytics/product_metrics/web/base/1.3.0.yaml' ), path.join( base, '1.3.0.yaml' ) );
		writeFileSync( path.join( base, '2.0.0.yaml' ), readFileSync( path.join( base, '1.3.0.yaml' ), 'utf8' ).replace( '/web/base/1.3.0', '/web/base/2.0.0' ) );
		const file = path.join( dir, 'events.sqlite' );
		const logs: string[] = [];
		const running = await startIntake( createSqliteSink( file, { hashSecret: SECRET, log: ( m ) => logs.push( m ) } ), streams( [ TABLES[ 0 ] ] ), { schemasDir: schemas } );
		const reader = new Database( file, { readonly: true } );
		try {
			assert.strictEqual( ( await post( running.url, [ modelEvent() ] ) ).status, 201 );
			running.intake.setStreamConfigs( streams( [ Object.assign( {}, TABLES[ 0 ], { columns: TABLES[ 0 ].columns.concat( [ { path: 'performer.pageview_id', privacy: 'hash' } ] ) } ) ] ) );
			assert.strictEqual( ( await post( running.url, [ modelEvent() ] ) ).status, 201 );
			const rows = reader.prepare( 'SELECT performer_pageview_id AS p FROM clicks_v1 ORDER BY rowid' ).all();
			assert.deepEqual( rows, [ { p: null }, { p: hmac( 'bbbbbbbbbbbbbbbbbbbb' ) } ], 'rows before the column have NULL there' );
			assert.true( logs.includes( 'stream "test.model": column performer_pageview_id (string) added to clicks_v1' ), logs.join( '\n' ) );

			assert.strictEqual( ( await post( running.url, [ modelEvent( { $schema: '/analytics/product_metrics/web/base/2.0.0' } ) ] ) ).status, 201 );
			assert.deepEqual( reader.prepare( 'SELECT COUNT(*) AS n FROM clicks_v2' ).get(), { n: 1 } );
			assert.deepEqual( reader.prepare( 'SELECT COUNT(*) AS n FROM clicks_v1' ).get(), { n: 2 }, 'the old table keeps its rows' );
			assert.true( logs.some( ( m ) => m.startsWith( 'stream "test.model": /analytics/product_metrics/web/base/2.0.0 is a new major version (2), incompatible with the events in clicks_v1; table clicks_v2 created beside it' ) ), logs.join( '\n' ) );
		} finally {
			reader.close();
			await running.intake.close();
		}
	} );

	QUnit.test( 'a write of 250 events fills the tables with 250 rows, in order (rows are inserted up to 64 at a time)', async ( assert ) => {
		const file = path.join( dir, 'events.sqlite' );
		const running = await startIntake( createSqliteSink( file, { hashSecret: SECRET, log: () => undefined } ), streams() );
		try {
			const events = Array.from( { length: 250 }, ( _, i ) => modelEvent( { page: { id: i, title: 'P' } } ) );
			assert.strictEqual( ( await post( running.url, events ) ).status, 201 );
			const reader = new Database( file, { readonly: true } );
			const ids = ( reader.prepare( 'SELECT page_id FROM clicks_v1 ORDER BY rowid' ).all() as { page_id: number }[] ).map( ( r ) => r.page_id );
			reader.close();
			assert.deepEqual( ids, events.map( ( _, i ) => i ) );
		} finally {
			await running.intake.close();
		}
	} );

	QUnit.test( 'mp-query lists the tables with their columns and privacy tags, and runs read-only SQL', async ( assert ) => {
		const file = path.join( dir, 'events.sqlite' );
		const running = await startIntake( createSqliteSink( file, { hashSecret: SECRET, log: () => undefined } ), streams() );
		await post( running.url, [ modelEvent(), modelEvent( { action: 'view' } ) ] );
		await running.intake.close();
		const lines: string[] = [];
		assert.strictEqual( await queryMain( [ '--store', file ], ( l ) => lines.push( l ) ), 0 );
		const text = lines.join( '\n' );
		assert.true( text.includes( 'clicks_v1  (stream test.model; schema /analytics/product_metrics/web/base/1.3.0; 2 rows; one row per event)' ), text );
		assert.true( /\n {2}session +string +hash \(HMAC-SHA-256\) +performer\.session_id: /.test( text ), text );
		assert.true( /\n {2}page_title +string +drop +page\.title: /.test( text ), text );
		assert.true( text.includes( 'views_v1  (stream test.model;' ) && text.includes( 'failed_events  (' ), text );
		lines.length = 0;
		assert.strictEqual( await queryMain( [ '--store', file, '--json', 'SELECT action, COUNT(*) AS n FROM clicks_v1 GROUP BY action ORDER BY action' ], ( l ) => lines.push( l ) ), 0 );
		assert.deepEqual( lines, [ '{"action":"click","n":1}', '{"action":"view","n":1}' ] );
		await assert.rejects( queryMain( [ '--store', file, 'DELETE FROM clicks_v1' ], () => undefined ), /readonly/, 'the store is opened read-only' );
	} );

	QUnit.test( 'streams without tables store exactly what they stored before; a store is opened again with its tables', async ( assert ) => {
		const file = path.join( dir, 'events.sqlite' );
		const sink = createSqliteSink( file, { hashSecret: SECRET, log: () => undefined } );
		const running = await startIntake( sink, streams( [] ) );
		assert.strictEqual( ( await post( running.url, [ modelEvent(), modelEvent() ] ) ).status, 201 );
		await running.intake.close();
		const db = new Database( file, { readonly: true } );
		const tables = ( db.prepare( "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name" ).all() as { name: string }[] ).map( ( t ) => t.name );
		db.close();
		assert.deepEqual( tables, [ 'events', 'failed_events', 'mp_columns', 'mp_tables', 'sqlite_sequence' ] );
		const again = await startIntake( createSqliteSink( file, { hashSecret: SECRET, log: () => undefined } ), streams() );
		assert.strictEqual( ( await post( again.url, [ modelEvent() ] ) ).status, 201 );
		await again.intake.close();
		const db2 = new Database( file, { readonly: true } );
		assert.deepEqual( db2.prepare( 'SELECT COUNT(*) AS n FROM clicks_v1' ).get(), { n: 1 }, 'only events accepted after the table was defined' );
		db2.close();
	} );
} );

QUnit.module( 'modelling: failed events', ( hooks ) => {
	let dir: string;
	hooks.beforeEach( () => {
		dir = mkdtempSync( path.join( os.tmpdir(), 'mp-failed-' ) );
	} );
	hooks.afterEach( () => {
		rmSync( dir, { recursive: true, force: true } );
	} );

	QUnit.test( 'each refusal is kept with its kind, path and the validator\'s message, findable by pageview, session and id', async ( assert ) => {
		const file = path.join( dir, 'events.sqlite' );
		const running = await startIntake( createSqliteSink( file, { log: () => undefined } ), Object.assign( streams(), { 'test.web': {} } ) );
		try {
			const wrongType = modelEvent( { page: { id: 'forty-two' } } );
			const noAction = modelEvent();
			delete noAction.action;
			const extra = modelEvent( { colour: 'red' } );
			const unplanned = validEvent( 'test.nobody', { performer: { pageview_id: 'dddddddddddddddddddd' } } );
			const badEnum = modelEvent( { agent: { client_platform: 'toaster', client_platform_family: 'desktop_browser' } } );
			const res = await post( running.url, [ wrongType, noAction, extra, unplanned, badEnum, modelEvent() ] );
			assert.strictEqual( res.status, 207 );
			const rows = readFailedEvents( file, { pageviewId: 'bbbbbbbbbbbbbbbbbbbb' } ).reverse();
			assert.deepEqual( rows.map( ( r ) => [ r.kind, r.path, r.schema_path, r.message ] ), [
				[ 'datatype_mismatch', '/page/id', '#/properties/page/properties/id/type', 'must be integer' ],
				[ 'required_missing', '/action', '#/required', "must have required property 'action'" ],
				[ 'additional_property', '/colour', '#/additionalProperties', 'must NOT have additional properties' ],
				[ 'unexpected_value', '/agent/client_platform', '#/properties/agent/properties/client_platform/enum', 'must be equal to one of the allowed values' ],
			] );
			assert.true( rows.every( ( r ) => r.stream === 'test.model' && r.session_id === 'aaaaaaaaaaaaaaaaaaaa' && /^\d{4}-/.test( r.received_at ) ) );
			assert.strictEqual( rows[ 0 ].meta_id, ( wrongType.meta as { id: string } ).id );
			const byId = readFailedEvents( file, { metaId: ( unplanned.meta as { id: string } ).id } );
			assert.deepEqual( byId.map( ( r ) => [ r.stream, r.kind, r.pageview_id, r.message ] ), [ [ 'test.nobody', 'unplanned_event', null, 'stream "test.nobody" is not declared' ] ],
				'an undeclared stream collects nothing: its pageview id is not kept' );
			assert.strictEqual( readFailedEvents( file, { stream: 'test.model', limit: 2 } ).length, 2 );
		} finally {
			await running.intake.close();
		}
	} );

	QUnit.test( 'a stream that does not collect the pageview id leaves none in the failed events', async ( assert ) => {
		const file = path.join( dir, 'events.sqlite' );
		const running = await startIntake( createSqliteSink( file, { log: () => undefined } ), { 'test.web': { producers: { metrics_platform_client: { provide_values: [ 'page_id' ] } } } } );
		try {
			await post( running.url, [ validEvent( 'test.web', { page: { id: 'x' }, performer: { pageview_id: 'eeeeeeeeeeeeeeeeeeee', session_id: 'ffffffffffffffffffff' } } ) ] );
			const rows = readFailedEvents( file );
			assert.strictEqual( rows.length, 1 );
			assert.deepEqual( [ rows[ 0 ].pageview_id, rows[ 0 ].session_id ], [ null, null ] );
		} finally {
			await running.intake.close();
		}
	} );

	QUnit.test( 'the table is bounded: past the limit the oldest rows go', async ( assert ) => {
		const { openFailedEvents } = await import( '../../../intake/src/modelling/failedEvents' );
		const db = new Database( ':memory:' );
		const table = openFailedEvents( db, 5 );
		for ( let i = 0; i < 8; i++ ) {
			table.write( [ { stream: 's', received_at: '2026-11-30T00:00:00.000Z', meta_id: String( i ), pageview_id: null, session_id: null, kind: 'unplanned_event', path: '', schema_path: '', message: 'm' } ] );
		}
		assert.deepEqual( readFailedEvents( db ).map( ( r ) => r.meta_id ), [ '7', '6', '5', '4', '3' ] );
		db.close();
	} );
} );
