/**
 * The Parquet export of modelled tables from PostgreSQL, read back by DuckDB and compared with the
 * rows PostgreSQL returns to plain SQL. The tables are made here by plain SQL in the PostgreSQL
 * store's layout (catalogue `mp_tables`/`mp_columns`; `event_id` text, `received_at` timestamptz, `day`
 * date as the range-partition key with a default partition; text / bigint / double precision /
 * boolean / json columns), so the test reads what the store writes without depending on its writer.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exportModelledTables } from '../../../intake/src/parquet/exportTables';
import { createPostgresTableSource } from '../../../intake/src/parquet/postgresTableSource';
import { postgresBinDir, startThrowawayPostgres, throwawayPool } from '../throwawayPostgres';

const LAYOUT = `
CREATE TABLE mp_tables (physical text PRIMARY KEY, stream text NOT NULL, name text NOT NULL, major integer NOT NULL, schema_id text NOT NULL,
	description text NOT NULL, dedupe integer NOT NULL, partition_by text NOT NULL, created_at text NOT NULL, dropped_until text COLLATE "C" NOT NULL DEFAULT '');
CREATE TABLE mp_columns (physical text NOT NULL, name text NOT NULL, position integer NOT NULL, path text NOT NULL, type text NOT NULL,
	privacy text NOT NULL, privacy_tagged integer NOT NULL, description text NOT NULL, PRIMARY KEY (physical, name));
CREATE TABLE clicks_v1 (event_id text NOT NULL, received_at timestamptz NOT NULL, day date NOT NULL, page_id bigint, action text, score double precision,
	logged_in boolean, extra json, session text, page_title text) PARTITION BY RANGE (day);
CREATE TABLE clicks_v1_other PARTITION OF clicks_v1 DEFAULT;
CREATE TABLE clicks_v1_20261128 PARTITION OF clicks_v1 FOR VALUES FROM ('2026-11-28') TO ('2026-11-29');
CREATE TABLE views_v1 (event_id text NOT NULL, received_at timestamptz NOT NULL, page_id bigint);
INSERT INTO mp_tables VALUES ('clicks_v1', 'test.lake', 'clicks', 1, '/w/1.0.0', '', 1, 'day', '2026-11-01T00:00:00.000Z', ''),
	('views_v1', 'test.lake', 'views', 1, '/w/1.0.0', '', 0, 'none', '2026-11-01T00:00:00.000Z', '');
INSERT INTO mp_columns VALUES ('clicks_v1', 'page_id', 0, 'page.id', 'integer', 'keep', 0, ''), ('clicks_v1', 'action', 1, 'action', 'string', 'keep', 0, ''),
	('clicks_v1', 'score', 2, 'score', 'number', 'keep', 0, ''), ('clicks_v1', 'logged_in', 3, 'performer.is_logged_in', 'boolean', 'keep', 0, ''),
	('clicks_v1', 'extra', 4, 'extra', 'json', 'keep', 0, ''), ('clicks_v1', 'session', 5, 'performer.session_id', 'string', 'hash', 1, ''),
	('clicks_v1', 'page_title', 6, 'page.title', 'string', 'drop', 1, ''), ('views_v1', 'page_id', 0, 'page.id', 'integer', 'keep', 0, '');`;

const CLICK = 'INSERT INTO clicks_v1 VALUES ($1, $2::timestamptz, substr($2::text, 1, 10)::date, $3, $4, $5, $6, $7, $8, $9)';

async function duck( sql: string ): Promise<Record<string, unknown>[]> {
	const db = await DuckDBInstance.create( ':memory:' );
	const c = await db.connect();
	try {
		return ( ( await c.runAndReadAll( sql ) ).getRowObjectsJS() as Record<string, unknown>[] )
			.map( ( r ) => Object.fromEntries( Object.entries( r ).map( ( [ k, v ] ) => [ k, typeof v === 'bigint' ? `${ v }n` : v ] ) ) );
	} finally {
		c.closeSync();
		db.closeSync();
	}
}

function stamps( dir: string ): Record<string, string> {
	const out: Record<string, string> = {};
	const walk = ( d: string ): void => {
		for ( const e of readdirSync( d, { withFileTypes: true } ) ) {
			const p = path.join( d, e.name );
			if ( e.isDirectory() ) {
				walk( p );
			} else {
				const s = statSync( p, { bigint: true } );
				out[ path.relative( dir, p ) ] = `${ s.ino }:${ s.mtimeNs }`;
			}
		}
	};
	walk( dir );
	return out;
}

QUnit.module( 'intake Parquet export of the modelled tables from PostgreSQL', ( hooks ) => {
	let dir: string;
	hooks.beforeEach( () => {
		dir = mkdtempSync( path.join( os.tmpdir(), 'mp-parquet-pg-' ) );
	} );
	hooks.afterEach( () => {
		rmSync( dir, { recursive: true, force: true } );
	} );

	( postgresBinDir() ? QUnit.test : QUnit.skip )( 'DuckDB reads back what PostgreSQL holds, typed, by day; a late row re-exports its day; a re-run touches nothing', async ( assert ) => {
		const cluster = ( await startThrowawayPostgres( { fsync: 'off' } ) )!;
		try {
			const admin = throwawayPool( { connectionString: cluster.url, max: 1 } );
			await admin.query( 'CREATE DATABASE mp_lake' );
			await admin.end();
			const url = cluster.baseUrl + 'mp_lake';
			const pg = throwawayPool( { connectionString: url, max: 1 } );
			await pg.query( LAYOUT );
			await pg.query( CLICK, [ 'id-1', '2026-11-27T23:59:59.999Z', 1000, 'click', 0.5, true, '{"a": [1, "x"]}', 'f'.repeat( 64 ), 'Main_Page' ] );
			await pg.query( CLICK, [ 'id-2', '2026-11-28T00:00:00.000Z', null, null, null, null, null, null, null ] );
			await pg.query( CLICK, [ 'id-3', '2026-11-28T12:34:56.789Z', '-9223372036854775808', 'emoji 🙂, quote " \\', -1e300, false, '"text"', null, 'Ünïcödé' ] );
			await pg.query( CLICK, [ '\u0001"NUL \\u0000 id"', '2026-11-28T13:00:00.000Z', '9223372036854775807', 'encoded id', 1, true, 'null', null, null ] );
			await pg.query( CLICK, [ 'id-5', '2026-11-30T08:00:00.000Z', 5, 'today', null, null, null, null, null ] );
			await pg.query( "INSERT INTO views_v1 VALUES ('id-1', '2026-11-27T23:59:59.999Z', 1000), ('id-1', '2026-11-27T23:59:59.999Z', 1000), ('id-2', '2026-11-28T00:00:00.000Z', NULL)" );

			const out = path.join( dir, 'lake' );
			const now = (): number => Date.parse( '2026-11-30T12:00:00Z' );
			const source = createPostgresTableSource( url );
			const first = await exportModelledTables( source, { out, now, rowsPerFile: 2 } );
			assert.deepEqual( first.written.map( ( w ) => [ w.table, w.day, w.files, w.rows ] ), [
				[ 'clicks_v1', '2026-11-27', 1, 1 ], [ 'clicks_v1', '2026-11-28', 2, 3 ], [ 'views_v1', '2026-11-27', 1, 2 ], [ 'views_v1', '2026-11-28', 1, 1 ],
			], 'rows of the default partition and of a day partition; today left for later' );

			const described = await duck( `DESCRIBE SELECT * FROM read_parquet('${ out }/clicks_v1/*/*.parquet', hive_partitioning = false)` );
			assert.deepEqual( described.map( ( d ) => [ d.column_name, d.column_type ] ), [
				[ 'event_id', 'VARCHAR' ], [ 'received_at', 'TIMESTAMP WITH TIME ZONE' ], [ 'page_id', 'BIGINT' ], [ 'action', 'VARCHAR' ], [ 'score', 'DOUBLE' ],
				[ 'logged_in', 'BOOLEAN' ], [ 'extra', 'VARCHAR' ], [ 'session', 'VARCHAR' ], [ 'page_title', 'VARCHAR' ],
			] );
			// PostgreSQL's rows by plain SQL, in DuckDB's terms (ms since the epoch, bigint as text).
			const expected = ( await pg.query( `SELECT event_id, (extract(epoch FROM received_at) * 1000)::float8 AS received_at, page_id::text AS page_id, action, score, logged_in,
				extra::text AS extra, session, page_title, day::text AS dt FROM clicks_v1 WHERE day < '2026-11-30' ORDER BY received_at` ) ).rows.map( ( r ) => Object.assign( r, {
				page_id: r.page_id === null ? null : `${ r.page_id }n`,
				// The one id PostgreSQL could not hold as text comes back as the event had it.
				event_id: r.event_id.startsWith( '\u0001' ) ? 'NUL \u0000 id' : r.event_id,
			} ) );
			const lake = await duck( `SELECT * EXCLUDE (dt) REPLACE (CAST(epoch_ms(received_at) AS DOUBLE) AS received_at), CAST(dt AS VARCHAR) AS dt
				FROM read_parquet('${ out }/clicks_v1/*/*.parquet', hive_partitioning = true) ORDER BY received_at` );
			assert.deepEqual( lake, expected, 'every row, every value' );
			assert.strictEqual( expected.length, 4 );
			assert.deepEqual( await duck( `SELECT event_id, page_id, CAST(dt AS VARCHAR) AS dt FROM read_parquet('${ out }/views_v1/*/*.parquet', hive_partitioning = true) ORDER BY ALL` ),
				[ { event_id: 'id-1', page_id: '1000n', dt: '2026-11-27' }, { event_id: 'id-1', page_id: '1000n', dt: '2026-11-27' }, { event_id: 'id-2', page_id: null, dt: '2026-11-28' } ] );

			const before = stamps( out );
			assert.deepEqual( ( await exportModelledTables( source, { out, now } ) ).written, [] );
			assert.deepEqual( stamps( out ), before, 'a re-run touches no file' );

			// A late row for an exported day, and the purge emptying a drop column on another.
			await pg.query( CLICK, [ 'id-6', '2026-11-28T23:59:59.998Z', 6, 'late', null, null, null, null, null ] );
			await pg.query( "UPDATE clicks_v1 SET page_title = NULL WHERE day = '2026-11-27'" );
			const again = await exportModelledTables( source, { out, now } );
			assert.deepEqual( again.written.map( ( w ) => [ w.table, w.day, w.rows, w.rewritten ] ), [ [ 'clicks_v1', '2026-11-27', 1, 'drop columns purged' ], [ 'clicks_v1', '2026-11-28', 4, '+1 rows' ] ] );
			assert.deepEqual( await duck( `SELECT count(*) AS n, count(page_title) AS titles FROM read_parquet('${ out }/clicks_v1/*/*.parquet')` ), [ { n: '5n', titles: '1n' } ] );
			const after = stamps( out );
			for ( const f of Object.keys( before ).filter( ( k ) => k.startsWith( 'views_v1' ) ) ) {
				assert.strictEqual( after[ f ], before[ f ], `${ f } untouched` );
			}
			await source.close();
			await pg.end();
		} finally {
			cluster.stop();
		}
	} );
} );
