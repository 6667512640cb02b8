/**
 * The Parquet export of the modelled tables, read back by an independent reader (DuckDB,
 * @duckdb/node-api) and compared, value by value, with the store's rows read by plain SQL: types,
 * hash columns, NULLs, timestamps, late rows re-exported, the purge followed, and re-runs that touch
 * no file.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { createHmac } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createModelCatalog } from '../../../intake/src/modelling/modelCatalog';
import { parseTablesFile } from '../../../intake/src/modelling/parseTables';
import { recordHashChanges, rewriteClearColumns } from '../../../intake/src/modelling/rehashColumns';
import { parquetExportMain } from '../../../intake/src/parquet/exportCli';
import { exportModelledTables } from '../../../intake/src/parquet/exportTables';
import { staleReason } from '../../../intake/src/parquet/partitionManifest';
import { createSqliteTableSource } from '../../../intake/src/parquet/sqliteTableSource';
import type { EventSink } from '../../../intake/src/sink';
import { createSqliteSink } from '../../../intake/src/sqliteSink';

const SECRET = Buffer.from( '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0', 'hex' );

const TABLES = {
	'test.lake': {
		retention_days: 30,
		tables: [ {
			name: 'clicks',
			columns: [
				{ path: 'page.id', type: 'integer' },
				{ path: 'action', type: 'string' },
				{ path: 'score', type: 'number' },
				{ path: 'performer.is_logged_in', name: 'logged_in', type: 'boolean' },
				{ path: 'extra', type: 'json' },
				{ path: 'performer.session_id', name: 'session', privacy: 'hash' },
				{ path: 'page.title', type: 'string', privacy: 'drop' },
			],
		}, {
			name: 'views',
			partition: 'none',
			dedupe: false,
			columns: [ { path: 'page.id', type: 'integer' } ],
		} ],
	},
};

let n = 0;
function lakeEvent( receivedAt: string, extra: Record<string, unknown> = {} ): Record<string, unknown> {
	n++;
	return Object.assign( {
		$schema: '/analytics/product_metrics/web/base/1.3.0',
		action: 'click',
		dt: receivedAt,
		meta: { stream: 'test.lake', id: `id-${ String( n ).padStart( 6, '0' ) }`, dt: receivedAt },
	}, extra );
}

function openStore( file: string ): EventSink {
	const sink = createSqliteSink( file, { hashSecret: SECRET, log: () => undefined } );
	const parsed = parseTablesFile( TABLES );
	if ( parsed.problems.length ) {
		throw new Error( parsed.problems.join( '; ' ) );
	}
	sink.setModels!( createModelCatalog( null, parsed ), () => null );
	return sink;
}

/**
 * Rows with BigInt values written `123n` (QUnit cannot print BigInts when an assertion fails).
 *
 * @param rows rows
 */
function bigIntsAsText( rows: Record<string, unknown>[] ): Record<string, unknown>[] {
	return rows.map( ( r ) => Object.fromEntries( Object.entries( r ).map( ( [ k, v ] ) => [ k, typeof v === 'bigint' ? `${ v }n` : v ] ) ) );
}

/**
 * Runs SQL in DuckDB (in memory) and returns the rows as JS values.
 *
 * @param sql the query
 */
async function duck( sql: string ): Promise<Record<string, unknown>[]> {
	const db = await DuckDBInstance.create( ':memory:' );
	const c = await db.connect();
	try {
		return bigIntsAsText( ( await c.runAndReadAll( sql ) ).getRowObjectsJS() as Record<string, unknown>[] );
	} finally {
		c.closeSync();
		db.closeSync();
	}
}

/**
 * The lake's rows of a table as DuckDB reads them, in the store's order (event_id, then received_at).
 *
 * @param out the lake
 * @param table the table's folder
 */
async function lakeRows( out: string, table: string ): Promise<Record<string, unknown>[]> {
	return duck( `SELECT * EXCLUDE (dt) REPLACE (CAST(epoch_ms(received_at) AS DOUBLE) AS received_at), CAST(dt AS VARCHAR) AS dt
		FROM read_parquet('${ path.join( out, table ) }/*/*.parquet', hive_partitioning = true, union_by_name = true) ORDER BY event_id, received_at` );
}

/**
 * The store's rows by plain SQL, as the lake should hold them: received_at as ms since the epoch,
 * integers as BigInt (DuckDB's BIGINT), booleans as true/false (SQLite keeps 1/0), the day as `dt`.
 *
 * @param file the SQLite store
 * @param table the table
 * @param columns its defined columns with their types
 */
function storeRows( file: string, table: string, columns: { name: string; type: string }[] ): Record<string, unknown>[] {
	const db = new Database( file, { readonly: true } );
	try {
		return bigIntsAsText( ( db.prepare( `SELECT * FROM "${ table }" ORDER BY event_id, received_at` ).all() as Record<string, unknown>[] ).map( ( r ) => {
			const row: Record<string, unknown> = { event_id: r.event_id, received_at: Date.parse( r.received_at as string ) };
			for ( const c of columns ) {
				const v = r[ c.name ];
				row[ c.name ] = v === null ? null : c.type === 'integer' ? BigInt( v as number ) : c.type === 'boolean' ? v === 1 : v;
			}
			row.dt = ( r.received_at as string ).slice( 0, 10 );
			return row;
		} ) );
	} finally {
		db.close();
	}
}

const CLICK_COLUMNS = [ { name: 'page_id', type: 'integer' }, { name: 'action', type: 'string' }, { name: 'score', type: 'number' }, { name: 'logged_in', type: 'boolean' },
	{ name: 'extra', type: 'json' }, { name: 'session', type: 'string' }, { name: 'page_title', type: 'string' } ];

/**
 * Every file under a folder with its inode and mtime (to prove a run touched nothing).
 *
 * @param dir the folder
 */
function fileStamps( dir: string ): Record<string, string> {
	const stamps: Record<string, string> = {};
	const walk = ( d: string ): void => {
		for ( const e of readdirSync( d, { withFileTypes: true } ) ) {
			const p = path.join( d, e.name );
			if ( e.isDirectory() ) {
				walk( p );
			} else {
				const s = statSync( p, { bigint: true } );
				stamps[ path.relative( dir, p ) ] = `${ s.ino }:${ s.mtimeNs }`;
			}
		}
	};
	walk( dir );
	return stamps;
}

QUnit.module( 'intake Parquet export of the modelled tables', ( hooks ) => {
	let dir: string;
	hooks.beforeEach( () => {
		dir = mkdtempSync( path.join( os.tmpdir(), 'mp-parquet-tables-' ) );
	} );
	hooks.afterEach( () => {
		rmSync( dir, { recursive: true, force: true } );
	} );

	QUnit.test( 'DuckDB reads back every row and value of each table, typed, by day; late rows and the purge re-export a day; a re-run touches nothing', async ( assert ) => {
		const file = path.join( dir, 'events.sqlite' );
		const sink = openStore( file );
		const events = [
			...Array.from( { length: 7 }, ( _, i ) => lakeEvent( `2026-11-27T23:59:5${ i }.123Z`, {
				page: { id: i === 3 ? -( 2 ** 53 ) + 1 : 1000 + i, title: `Title_${ i }` },
				score: i / 10,
				performer: { is_logged_in: i % 2 === 0, session_id: `session-${ i % 3 }` },
				extra: { list: [ i, 'x' ], nested: { ok: true } },
			} ) ),
			// NULLs in every column: absent fields, and values of the wrong type.
			lakeEvent( '2026-11-28T00:00:00.000Z', { action: 'view' } ),
			lakeEvent( '2026-11-28T10:11:12.345Z', { page: { id: 1.5, title: 7 }, score: 'high', performer: { is_logged_in: 'yes' } } ),
			lakeEvent( '2026-11-28T23:59:59.999Z', { action: 'NUL \u0000, emoji 🙂, quote " and backslash \\', page: { id: 2 ** 62, title: 'Ünïcödé' }, score: -1e300, extra: 'text' } ),
			lakeEvent( '2026-11-29T06:00:00.000Z', { action: 'view', page: { id: 0 }, score: 0 } ),
			// Today (the fake clock below): not exported until the day is over.
			lakeEvent( '2026-11-30T01:00:00.000Z', { page: { id: 5 } } ),
		];
		await sink.write( events );
		// A re-send: no second row in clicks (dedupe), a second one in views (dedupe false).
		await sink.write( [ events[ 10 ] ] );
		const out = path.join( dir, 'lake' );
		const now = (): number => Date.parse( '2026-11-30T12:00:00Z' );
		const source = createSqliteTableSource( file );

		const first = await exportModelledTables( source, { out, now, rowsPerFile: 4 } );
		assert.deepEqual( first.written.map( ( w ) => [ w.table, w.day, w.files, w.rows, w.rewritten ] ), [
			[ 'clicks_v1', '2026-11-27', 2, 7, undefined ],
			[ 'clicks_v1', '2026-11-28', 1, 3, undefined ],
			[ 'clicks_v1', '2026-11-29', 1, 1, undefined ],
			[ 'views_v1', '2026-11-27', 2, 7, undefined ],
			[ 'views_v1', '2026-11-28', 1, 3, undefined ],
			[ 'views_v1', '2026-11-29', 1, 2, undefined ],
		], 'days before today, in files of at most 4 rows; today (2026-11-30) is left for later' );
		assert.deepEqual( readdirSync( path.join( out, 'clicks_v1' ) ).sort(), [ 'dt=2026-11-27', 'dt=2026-11-28', 'dt=2026-11-29' ] );
		assert.deepEqual( readdirSync( path.join( out, 'clicks_v1/dt=2026-11-27' ) ).sort(), [ '_mp_export.json', 'part-00000.parquet', 'part-00001.parquet' ] );

		// Types, as README and PARQUET_TYPES say, read by DuckDB from the files' own schema.
		const described = await duck( `DESCRIBE SELECT * FROM read_parquet('${ out }/clicks_v1/*/*.parquet', hive_partitioning = false)` );
		assert.deepEqual( described.map( ( d ) => [ d.column_name, d.column_type ] ), [
			[ 'event_id', 'VARCHAR' ], [ 'received_at', 'TIMESTAMP WITH TIME ZONE' ], [ 'page_id', 'BIGINT' ], [ 'action', 'VARCHAR' ], [ 'score', 'DOUBLE' ],
			[ 'logged_in', 'BOOLEAN' ], [ 'extra', 'VARCHAR' ], [ 'session', 'VARCHAR' ], [ 'page_title', 'VARCHAR' ],
		] );
		assert.deepEqual( await duck( `SELECT DISTINCT compression FROM parquet_metadata('${ out }/*/*/*.parquet')` ), [ { compression: 'ZSTD' } ] );

		const expectedClicks = storeRows( file, 'clicks_v1', CLICK_COLUMNS ).filter( ( r ) => r.dt !== '2026-11-30' );
		assert.strictEqual( expectedClicks.length, 11 );
		assert.deepEqual( await lakeRows( out, 'clicks_v1' ), expectedClicks, 'clicks: every row, every value' );
		const expectedViews = storeRows( file, 'views_v1', [ { name: 'page_id', type: 'integer' } ] ).filter( ( r ) => r.dt !== '2026-11-30' );
		assert.strictEqual( expectedViews.length, 12 );
		assert.deepEqual( await lakeRows( out, 'views_v1' ), expectedViews, 'views (no day column: the day of received_at): every row, the re-sent copy too' );
		// Spot checks against the events themselves (not only the store): hash, NULLs, timestamps.
		const byId = new Map( ( await lakeRows( out, 'clicks_v1' ) ).map( ( r ) => [ r.event_id, r ] ) );
		const hmac = ( v: string ): string => createHmac( 'sha256', SECRET ).update( v ).digest( 'hex' );
		assert.strictEqual( byId.get( 'id-000001' )!.session, hmac( 'session-0' ), 'the keyed hash, never the session id' );
		assert.deepEqual( byId.get( 'id-000009' ), { event_id: 'id-000009', received_at: Date.parse( '2026-11-28T10:11:12.345Z' ), page_id: null, action: 'click', score: null, logged_in: null, extra: null, session: null, page_title: '7', dt: '2026-11-28' }, 'wrong types give NULL (a number in a string column: its text)' );
		assert.strictEqual( byId.get( 'id-000010' )!.page_id, '4611686018427387904n' );
		assert.strictEqual( byId.get( 'id-000004' )!.page_id, `${ -( 2 ** 53 ) + 1 }n` );
		assert.strictEqual( byId.get( 'id-000010' )!.action, 'NUL \u0000, emoji 🙂, quote " and backslash \\' );
		assert.strictEqual( byId.get( 'id-000001' )!.extra, '{"list":[0,"x"],"nested":{"ok":true}}' );

		// A re-run with nothing new writes nothing: no file replaced or touched.
		const stamps = fileStamps( out );
		const again = await exportModelledTables( source, { out, now } );
		assert.deepEqual( again.written, [] );
		assert.deepEqual( again.kept, [ { table: 'clicks_v1', days: [ '2026-11-27', '2026-11-28', '2026-11-29' ] }, { table: 'views_v1', days: [ '2026-11-27', '2026-11-28', '2026-11-29' ] } ] );
		assert.deepEqual( fileStamps( out ), stamps, 'same files, same inodes, same mtimes' );

		// A late row for a day already exported (received 23:59:59.998, committed after the export):
		// that day is written again, whole; the other days are not touched.
		await sink.write( [ lakeEvent( '2026-11-28T23:59:59.998Z', { page: { id: 77 } } ) ] );
		const late = await exportModelledTables( source, { out, now } );
		assert.deepEqual( late.written.map( ( w ) => [ w.table, w.day, w.rows, w.rewritten ] ), [ [ 'clicks_v1', '2026-11-28', 4, '+1 rows' ], [ 'views_v1', '2026-11-28', 4, '+1 rows' ] ] );
		assert.deepEqual( await lakeRows( out, 'clicks_v1' ), storeRows( file, 'clicks_v1', CLICK_COLUMNS ).filter( ( r ) => r.dt !== '2026-11-30' ) );
		const afterLate = fileStamps( out );
		for ( const f of Object.keys( stamps ) ) {
			if ( f.includes( 'dt=2026-11-28' ) ) {
				assert.notStrictEqual( afterLate[ f ], stamps[ f ], `${ f } replaced` );
			} else {
				assert.strictEqual( afterLate[ f ], stamps[ f ], `${ f } untouched` );
			}
		}
		assert.deepEqual( readdirSync( path.join( out, 'clicks_v1' ) ).sort(), [ 'dt=2026-11-27', 'dt=2026-11-28', 'dt=2026-11-29' ], 'no hidden folder left behind' );
		assert.strictEqual( JSON.parse( readFileSync( path.join( out, 'clicks_v1/dt=2026-11-28/_mp_export.json' ), 'utf8' ) ).rows, 4 );

		// The purge empties drop columns of rows past retention (30 days): the lake follows.
		await sink.purge!( Date.parse( '2026-12-28T05:00:00Z' ) );
		const purged = await exportModelledTables( source, { out, now } );
		assert.deepEqual( purged.written.map( ( w ) => [ w.table, w.day, w.rewritten ] ), [ [ 'clicks_v1', '2026-11-27', 'drop columns purged' ] ] );
		assert.deepEqual( await duck( `SELECT count(*) AS n FROM read_parquet('${ out }/clicks_v1/dt=2026-11-27/*.parquet') WHERE page_title IS NOT NULL` ), [ { n: '0n' } ] );
		assert.deepEqual( await lakeRows( out, 'clicks_v1' ), storeRows( file, 'clicks_v1', CLICK_COLUMNS ).filter( ( r ) => r.dt !== '2026-11-30' ) );

		// Once the day is over, today is exported.
		const tomorrow = await exportModelledTables( source, { out, now: () => Date.parse( '2026-12-01T00:00:01Z' ) } );
		assert.deepEqual( tomorrow.written.map( ( w ) => [ w.table, w.day, w.rows ] ), [ [ 'clicks_v1', '2026-11-30', 1 ], [ 'views_v1', '2026-11-30', 1 ] ] );
		await source.close();
		await sink.close();
	} );

	QUnit.test( 'an export killed halfway leaves no partition; the next run writes the day', async ( assert ) => {
		const file = path.join( dir, 'events.sqlite' );
		const sink = openStore( file );
		await sink.write( Array.from( { length: 5 }, ( _, i ) => lakeEvent( `2026-11-20T0${ i }:00:00.000Z`, { page: { id: i } } ) ) );
		const out = path.join( dir, 'lake' );
		const source = createSqliteTableSource( file );
		// A source that fails after the first page, as a run killed while writing a day.
		const failing = Object.assign( {}, source, {
			async *rowsOfDay( ...args: Parameters<typeof source.rowsOfDay> ) {
				let pages = 0;
				for await ( const page of source.rowsOfDay( ...args ) ) {
					if ( pages++ === 1 ) {
						throw new Error( 'killed' );
					}
					yield page;
				}
			},
		} );
		await assert.rejects( exportModelledTables( failing, { out, until: '2026-11-21', rowsPerFile: 2 } ), /killed/ );
		assert.false( existsSync( path.join( out, 'clicks_v1/dt=2026-11-20' ) ), 'no partition with part of the day' );
		assert.deepEqual( await duck( `SELECT count(*) AS n FROM read_parquet('${ out }/clicks_v1/*/*.parquet', hive_partitioning = true)` ).catch( () => [ { n: '0n' } ] ), [ { n: '0n' } ], 'readers find no rows' );
		// What a run killed with SIGKILL leaves (its process gone): removed by the next run.
		const left = path.join( out, '.mp-export-tmp/clicks_v1.dt=2026-11-20.4194999' );
		mkdirSync( left, { recursive: true } );
		const next = await exportModelledTables( source, { out, until: '2026-11-21', rowsPerFile: 2 } );
		assert.false( existsSync( left ), 'the dead run\'s folder is gone' );
		assert.deepEqual( next.written.map( ( w ) => [ w.table, w.day, w.files, w.rows ] ), [ [ 'clicks_v1', '2026-11-20', 3, 5 ], [ 'views_v1', '2026-11-20', 3, 5 ] ] );
		assert.deepEqual( await lakeRows( out, 'clicks_v1' ), storeRows( file, 'clicks_v1', CLICK_COLUMNS ) );
		await source.close();
		await sink.close();
	} );

	QUnit.test( 'mp-parquet-export writes the raw events and every modelled table, and says what it did', async ( assert ) => {
		const file = path.join( dir, 'events.sqlite' );
		const sink = openStore( file );
		await sink.write( [ lakeEvent( '2026-11-20T10:00:00.000Z', { page: { id: 1 } } ), lakeEvent( '2026-11-21T10:00:00.000Z', { page: { id: 2 } } ) ] );
		await sink.close();
		const out = path.join( dir, 'lake' );
		const lines: string[] = [];
		assert.strictEqual( await parquetExportMain( [ '--store', file, '--out', out, '--until', '2026-11-21' ], ( l ) => lines.push( l ) ), 0 );
		assert.deepEqual( lines, [
			'events dt=2026-11-20: 1 events in 1 file(s)',
			'events: 1 day(s) written, 0 already there',
			'clicks_v1 dt=2026-11-20: 1 rows in 1 file(s)',
			'views_v1 dt=2026-11-20: 1 rows in 1 file(s)',
			'clicks_v1: 1 day(s) written, 0 unchanged',
			'views_v1: 1 day(s) written, 0 unchanged',
		] );
		lines.length = 0;
		assert.strictEqual( await parquetExportMain( [ '--store', file, '--out', out, '--until', '2026-11-22', '--only', 'tables' ], ( l ) => lines.push( l ) ), 0 );
		assert.deepEqual( lines, [
			'clicks_v1 dt=2026-11-21: 1 rows in 1 file(s)',
			'views_v1 dt=2026-11-21: 1 rows in 1 file(s)',
			'clicks_v1: 1 day(s) written, 1 unchanged',
			'views_v1: 1 day(s) written, 1 unchanged',
		] );
		assert.deepEqual( readdirSync( path.join( out, 'events' ) ), [ 'dt=2026-11-20' ], '--only tables left the events alone' );
		assert.deepEqual( await duck( `SELECT page_id FROM read_parquet('${ out }/clicks_v1/*/*.parquet') ORDER BY 1` ), [ { page_id: '1n' }, { page_id: '2n' } ] );
		assert.strictEqual( await parquetExportMain( [ '--store', file, '--out', out, '--only', 'nothing' ], () => undefined ), 2 );
	} );

	QUnit.test( 'a column turned to hash: its days are exported again, and again once the store has rewritten the clear values', async ( assert ) => {
		const file = path.join( dir, 'events.sqlite' );
		const clear = { 'test.lake': { tables: [ { name: 'clicks', columns: [ { path: 'page.id', type: 'integer' }, { path: 'performer.session_id', name: 'session', type: 'string' } ] } ] } };
		const sink = createSqliteSink( file, { hashSecret: SECRET, log: () => undefined, rewriteClearValues: false } );
		sink.setModels!( createModelCatalog( null, parseTablesFile( clear ) ), () => null );
		await sink.write( [ lakeEvent( '2026-11-20T10:00:00.000Z', { performer: { session_id: 'alice' } } ), lakeEvent( '2026-11-21T10:00:00.000Z', { performer: { session_id: 'bob' } } ) ] );
		const out = path.join( dir, 'lake' );
		const source = createSqliteTableSource( file );
		await exportModelledTables( source, { out, until: '2026-11-22' } );
		const sessions = async (): Promise<unknown[]> => ( await duck( `SELECT session FROM read_parquet('${ out }/clicks_v1/*/*.parquet') ORDER BY event_id` ) ).map( ( r ) => r.session );
		assert.deepEqual( await sessions(), [ 'alice', 'bob' ] );

		// The definitions turn session to hash: the catalogue says so at once, the rewrite of the rows
		// stored in clear runs afterwards, in steps (here: by hand, in between two exports).
		const hashed = { 'test.lake': { tables: [ { name: 'clicks', columns: [ { path: 'page.id', type: 'integer' }, { path: 'performer.session_id', name: 'session', privacy: 'hash' } ] } ] } };
		const db = new Database( file );
		recordHashChanges( db, createModelCatalog( null, parseTablesFile( hashed ) ), '2026-11-22T00:00:00.000Z' );
		const during = await exportModelledTables( source, { out, until: '2026-11-22' } );
		assert.deepEqual( during.written.map( ( w ) => [ w.day, w.rewritten ] ), [ [ '2026-11-20', 'column session is now "hash (rewrite pending)"' ], [ '2026-11-21', 'column session is now "hash (rewrite pending)"' ] ] );
		assert.deepEqual( await sessions(), [ 'alice', 'bob' ], 'what the store holds meanwhile' );
		await rewriteClearColumns( db, SECRET, () => undefined );
		db.close();
		const after = await exportModelledTables( source, { out, until: '2026-11-22' } );
		assert.deepEqual( after.written.map( ( w ) => [ w.day, w.rewritten ] ), [ [ '2026-11-20', 'column session is now "hash"' ], [ '2026-11-21', 'column session is now "hash"' ] ] );
		const hmac = ( v: string ): string => createHmac( 'sha256', SECRET ).update( v ).digest( 'hex' );
		assert.deepEqual( await sessions(), [ hmac( 'alice' ), hmac( 'bob' ) ], 'no clear value left in the lake' );
		assert.deepEqual( ( await exportModelledTables( source, { out, until: '2026-11-22' } ) ).written, [], 'then nothing more' );
		await source.close();
		await sink.close();
	} );

	QUnit.test( 'a day is stale when its rows, latest receive time or drop values differ, or a column is tagged otherwise', ( assert ) => {
		const manifest = { format: 1 as const, table: 't_v1', day: '2026-11-20', rows: 3, lastReceivedAt: '2026-11-20T10:00:00.000Z', dropHeld: 2, files: [ 'part-00000.parquet' ], privacy: { a: 'keep' as const, b: 'drop' as const }, exportedAt: '2026-11-21T00:00:00.000Z' };
		const same = { rows: 3, lastReceivedAt: '2026-11-20T10:00:00.000Z', dropHeld: 2 };
		assert.strictEqual( staleReason( manifest, same, { a: 'keep', b: 'drop' } ), null );
		assert.strictEqual( staleReason( manifest, same, { a: 'keep', b: 'drop', c: 'hash' } ), null, 'a column added since is no reason' );
		assert.strictEqual( staleReason( manifest, Object.assign( {}, same, { rows: 5 } ), { a: 'keep' } ), '+2 rows' );
		assert.strictEqual( staleReason( manifest, Object.assign( {}, same, { lastReceivedAt: '2026-11-20T11:00:00.000Z' } ), { a: 'keep' } ), 'latest receive time changed' );
		assert.strictEqual( staleReason( manifest, Object.assign( {}, same, { dropHeld: 0 } ), { a: 'keep' } ), 'drop columns purged' );
		assert.strictEqual( staleReason( manifest, same, { a: 'hash', b: 'drop' } ), 'column a is now "hash"' );
		assert.strictEqual( staleReason( null, same, {} ), 'no manifest' );
	} );

	QUnit.test( 'any values of each column type come back as the store holds them (property)', async ( assert ) => {
		let round = 0;
		await fc.assert( fc.asyncProperty(
			fc.array( fc.record( {
				id: fc.option( fc.oneof( fc.integer(), fc.maxSafeInteger(), fc.double( { noNaN: true } ), fc.constantFrom( 2 ** 63, -( 2 ** 63 ), 2 ** 63 - 1024, 1e19 ) ), { nil: undefined } ),
				action: fc.option( fc.string( { unit: 'grapheme' } ), { nil: undefined } ),
				score: fc.option( fc.double( { noNaN: true, noDefaultInfinity: true } ), { nil: undefined } ),
				loggedIn: fc.option( fc.boolean(), { nil: undefined } ),
				extra: fc.option( fc.jsonValue(), { nil: undefined } ),
				session: fc.option( fc.string(), { nil: undefined } ),
			} ), { minLength: 1, maxLength: 20 } ),
			async ( values ) => {
				round++;
				const file = path.join( dir, `p${ round }.sqlite` );
				const sink = openStore( file );
				await sink.write( values.map( ( v, i ) => lakeEvent( new Date( Date.parse( '2026-11-01T00:00:00Z' ) + i * 3600000 * 5 ).toISOString(), {
					page: { id: v.id }, action: v.action, score: v.score, performer: { is_logged_in: v.loggedIn, session_id: v.session }, extra: v.extra,
				} ) ) );
				const source = createSqliteTableSource( file );
				const out = path.join( dir, `lake${ round }` );
				await exportModelledTables( source, { out, until: '2026-12-01', tables: [ 'clicks_v1' ] } );
				await source.close();
				await sink.close();
				// The store's values, with the documented rule: an integer outside INT64 is NULL in Parquet.
				const expected = storeRows( file, 'clicks_v1', CLICK_COLUMNS ).map( ( r ) => {
					const id = r.page_id === null ? null : BigInt( String( r.page_id ).slice( 0, -1 ) );
					return Object.assign( r, { page_id: id !== null && ( id > BigInt( '9223372036854775807' ) || id < BigInt( '-9223372036854775808' ) ) ? null : r.page_id } );
				} );
				const lake = await lakeRows( out, 'clicks_v1' );
				// -0 and 0 are one DOUBLE value to DuckDB's comparison but not to deepEqual.
				const normal = ( rows: Record<string, unknown>[] ): Record<string, unknown>[] => rows.map( ( r ) => Object.assign( {}, r, { score: Object.is( r.score, -0 ) ? 0 : r.score } ) );
				assert.deepEqual( normal( lake ), normal( expected ) );
				return true;
			} ), { numRuns: 15 } );
	} );
} );
