/**
 * The same events through the SQLite store and the PostgreSQL store give the same lake: every modelled
 * table's Parquet files, read by DuckDB, hold the same rows and types (hash columns, NULLs, JSON,
 * re-sends, a table without a day column). Active once the PostgreSQL store materialises modelled
 * tables (its sink has setModels); until then it says so and checks nothing.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createModelCatalog } from '../../../intake/src/modelling/modelCatalog';
import { parseTablesFile } from '../../../intake/src/modelling/parseTables';
import { exportModelledTables } from '../../../intake/src/parquet/exportTables';
import { createPostgresTableSource } from '../../../intake/src/parquet/postgresTableSource';
import { createSqliteTableSource } from '../../../intake/src/parquet/sqliteTableSource';
import { createPostgresSink, PostgresSinkOptions } from '../../../intake/src/postgres/postgresSink';
import { createSqliteSink } from '../../../intake/src/sqliteSink';
import { postgresBinDir, startThrowawayPostgres, throwawayPool } from '../throwawayPostgres';

const SECRET = Buffer.alloc( 32, 3 );
const TABLES = { 'test.lake': { retention_days: 30, tables: [ { name: 'clicks', columns: [
	{ path: 'page.id', type: 'integer' }, { path: 'action', type: 'string' }, { path: 'score', type: 'number' },
	{ path: 'performer.is_logged_in', name: 'logged_in', type: 'boolean' }, { path: 'extra', type: 'json' },
	{ path: 'performer.session_id', name: 'session', privacy: 'hash' }, { path: 'page.title', type: 'string', privacy: 'drop' } ] },
{ name: 'views', partition: 'none', dedupe: false, columns: [ { path: 'page.id', type: 'integer' } ] } ] } };

/**
 * Rows DuckDB reads, as JSON values (BigInts as `123n`).
 *
 * @param sql the query
 */
async function duck( sql: string ): Promise<unknown[]> {
	const db = await DuckDBInstance.create( ':memory:' );
	const c = await db.connect();
	const r = ( await c.runAndReadAll( sql ) ).getRowObjectsJS();
	c.closeSync();
	db.closeSync();
	return JSON.parse( JSON.stringify( r, ( _key, v ) => typeof v === 'bigint' ? `${ v }n` : v ) );
}

( postgresBinDir() ? QUnit.test : QUnit.skip )( 'the same events through the SQLite and the PostgreSQL store give the same lake of modelled tables', async ( assert ) => {
	const dir = mkdtempSync( path.join( os.tmpdir(), 'cross-' ) );
	const cluster = ( await startThrowawayPostgres( { fsync: 'off' } ) )!;
	try {
		const admin = throwawayPool( { connectionString: cluster.url, max: 1 } );
		await admin.query( 'CREATE DATABASE x' );
		await admin.end();
		const catalog = createModelCatalog( null, parseTablesFile( TABLES ) );
		const sqlite = createSqliteSink( path.join( dir, 's.sqlite' ), { hashSecret: SECRET, log: () => undefined } );
		// Options of the PostgreSQL store with modelled tables (hashSecret, log), given through a variable
		// so that this compiles before that store has them.
		const pgOptions: PostgresSinkOptions = Object.assign( { hashSecret: SECRET, log: () => undefined }, { now: () => Date.parse( '2026-11-29T12:00:00Z' ) } );
		const pg = await createPostgresSink( cluster.baseUrl + 'x', pgOptions );
		if ( !pg.setModels ) {
			assert.true( true, 'the PostgreSQL store keeps no modelled tables yet: nothing to compare' );
			await pg.close();
			await sqlite.close();
			return;
		}
		sqlite.setModels!( catalog, () => null );
		pg.setModels( catalog, () => null );
		const events = Array.from( { length: 300 }, ( _, i ) => {
			const dt = new Date( Date.parse( '2026-11-27T20:00:00Z' ) + i * 600000 ).toISOString();
			return { $schema: '/analytics/product_metrics/web/base/1.3.0', action: i % 7 ? 'click' : 'emoji 🙂 "q" \\', dt,
				meta: { stream: 'test.lake', id: `id-${ i }`, dt },
				page: { id: i % 11 ? i * 1e12 : undefined, title: i % 5 ? `T${ i }` : 3 }, score: i % 3 ? i / 7 : 'x',
				performer: { is_logged_in: i % 2 === 0, session_id: `s${ i % 13 }` }, extra: i % 4 ? { a: [ i, null ] } : undefined };
		} );
		for ( let i = 0; i < events.length; i += 100 ) {
			await sqlite.write( events.slice( i, i + 100 ) );
			await pg.write( events.slice( i, i + 100 ) );
		}
		await sqlite.write( events.slice( 0, 10 ) );
		await pg.write( events.slice( 0, 10 ) );
		await sqlite.close();
		await pg.close();
		const a = createSqliteTableSource( path.join( dir, 's.sqlite' ) );
		const b = createPostgresTableSource( cluster.baseUrl + 'x' );
		const ra = await exportModelledTables( a, { out: path.join( dir, 'a' ), until: '2026-12-01' } );
		const rb = await exportModelledTables( b, { out: path.join( dir, 'b' ), until: '2026-12-01' } );
		assert.deepEqual( rb.written.map( ( w ) => [ w.table, w.day, w.rows ] ), ra.written.map( ( w ) => [ w.table, w.day, w.rows ] ) );
		for ( const t of [ 'clicks_v1', 'views_v1' ] ) {
			const q = ( lake: string ): string => `SELECT * FROM read_parquet('${ path.join( dir, lake, t ) }/*/*.parquet', hive_partitioning = true) ORDER BY ALL`;
			const la = await duck( q( 'a' ) );
			assert.strictEqual( la.length > 0, true );
			assert.deepEqual( await duck( q( 'b' ) ), la, t );
			assert.deepEqual( await duck( `DESCRIBE ${ q( 'b' ) }` ), await duck( `DESCRIBE ${ q( 'a' ) }` ) );
		}
		await a.close();
		await b.close();
	} finally {
		cluster.stop();
		rmSync( dir, { recursive: true, force: true } );
	}
} );
