/**
 * The Parquet export read back by an independent reader (DuckDB, @duckdb/node-api): the same rows
 * and values as the events written, Hive partitions by day, zstd, and re-runs that write only new days.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exportEventsToParquet } from '../../../intake/src/parquet/exportParquet';
import { createPostgresSink } from '../../../intake/src/postgres/postgresSink';
import { createSqliteSink } from '../../../intake/src/sqliteSink';
import { postgresBinDir, startThrowawayPostgres, throwawayPool } from '../throwawayPostgres';

function event( dt: string, extra: Record<string, unknown> = {} ): Record<string, unknown> {
	return Object.assign( { action: 'click', dt, meta: { id: randomUUID(), stream: 'test.web', dt: '2026-11-30T12:00:00.123Z' } }, extra );
}

/**
 * Rows as DuckDB reads them from the lake, sorted by id.
 *
 * @param glob the files
 */
async function readLake( glob: string ): Promise<Record<string, unknown>[]> {
	const db = await DuckDBInstance.create( ':memory:' );
	const c = await db.connect();
	const r = await c.runAndReadAll( `SELECT meta_id, meta_stream, epoch_ms(client_dt) AS client_ms, epoch_ms(meta_dt) AS meta_ms, event, CAST(dt AS VARCHAR) AS dt
		FROM read_parquet('${ glob }', hive_partitioning = true) ORDER BY meta_id` );
	const rows = r.getRowObjectsJS() as Record<string, unknown>[];
	c.closeSync();
	db.closeSync();
	return rows.map( ( row ) => Object.assign( row, { client_ms: Number( row.client_ms ), meta_ms: Number( row.meta_ms ) } ) );
}

QUnit.module( 'intake Parquet export', ( hooks ) => {
	let dir: string;
	hooks.beforeEach( () => {
		dir = mkdtempSync( path.join( os.tmpdir(), 'mp-parquet-' ) );
	} );
	hooks.afterEach( () => {
		rmSync( dir, { recursive: true, force: true } );
	} );

	QUnit.test( 'DuckDB reads back the same rows and values, by Hive day partition, zstd; a re-run writes only new days', async ( assert ) => {
		const sink = createSqliteSink( path.join( dir, 'events.sqlite' ) );
		const events = [
			...Array.from( { length: 120 }, ( _, i ) => event( new Date( Date.parse( '2026-11-28T23:59:00Z' ) + i * 1000 ).toISOString() ) ),
			event( '2026-11-29T10:00:00.000Z', { text: 'NUL \u0000, emoji 🙂, quote " and backslash \\' } ),
		];
		await sink.write( events );
		const out = path.join( dir, 'lake' );
		const first = await exportEventsToParquet( sink, { out, until: '2026-12-01', rowsPerFile: 50 } );
		assert.deepEqual( first, { written: [ { day: '2026-11-28', files: 2, rows: 60 }, { day: '2026-11-29', files: 2, rows: 61 } ], kept: [] } );
		assert.deepEqual( readdirSync( path.join( out, 'events' ) ).sort(), [ 'dt=2026-11-28', 'dt=2026-11-29' ] );
		assert.deepEqual( readdirSync( path.join( out, 'events/dt=2026-11-29' ) ).sort(), [ 'part-00000.parquet', 'part-00001.parquet' ] );

		const expected = events.map( ( e ) => ( {
			meta_id: ( e.meta as { id: string } ).id,
			meta_stream: 'test.web',
			client_ms: Date.parse( e.dt as string ),
			meta_ms: Date.parse( '2026-11-30T12:00:00.123Z' ),
			event: JSON.stringify( e ),
			dt: ( e.dt as string ).slice( 0, 10 ),
		} ) ).sort( ( a, b ) => a.meta_id < b.meta_id ? -1 : 1 );
		const glob = path.join( out, 'events/*/*.parquet' );
		assert.deepEqual( await readLake( glob ), expected, 'every row, every value' );

		const db = await DuckDBInstance.create( ':memory:' );
		const c = await db.connect();
		const codecs = ( await c.runAndReadAll( `SELECT DISTINCT compression FROM parquet_metadata('${ glob }')` ) ).getRowObjectsJS();
		c.closeSync();
		db.closeSync();
		assert.deepEqual( codecs, [ { compression: 'ZSTD' } ] );

		const before = statSync( path.join( out, 'events/dt=2026-11-28/part-00000.parquet' ) ).mtimeMs;
		await sink.write( [ event( '2026-11-30T08:00:00.000Z' ) ] );
		const second = await exportEventsToParquet( sink, { out, until: '2026-12-01', rowsPerFile: 50 } );
		assert.deepEqual( second, { written: [ { day: '2026-11-30', files: 1, rows: 1 } ], kept: [ '2026-11-28', '2026-11-29' ] } );
		assert.strictEqual( statSync( path.join( out, 'events/dt=2026-11-28/part-00000.parquet' ) ).mtimeMs, before, 'an exported day is not rewritten' );
		assert.deepEqual( await exportEventsToParquet( sink, { out, until: '2026-12-01' } ), { written: [], kept: [ '2026-11-28', '2026-11-29', '2026-11-30' ] } );
		assert.strictEqual( ( await readLake( glob ) ).length, 122 );
		assert.deepEqual( await exportEventsToParquet( sink, { out, until: '2026-11-29' } ), { written: [], kept: [ '2026-11-28' ] }, 'days from `until` on are left for later' );
		await sink.close();
	} );

	QUnit.test( 'a run failing halfway through a day leaves nothing DuckDB reads (the day is written outside the table folder)', async ( assert ) => {
		const sink = createSqliteSink( path.join( dir, 'events.sqlite' ) );
		await sink.write( Array.from( { length: 5 }, ( _, i ) => event( `2026-11-20T0${ i }:00:00.000Z` ) ) );
		let pages = 0;
		const failing = Object.assign( {}, sink, {
			eventsOfDay: ( ...args: Parameters<NonNullable<typeof sink.eventsOfDay>> ) => {
				if ( pages++ === 1 ) {
					throw new Error( 'killed' );
				}
				return sink.eventsOfDay!( ...args );
			},
		} );
		const out = path.join( dir, 'lake' );
		await assert.rejects( exportEventsToParquet( failing, { out, until: '2026-11-21', rowsPerFile: 2 } ), /killed/ );
		const db = await DuckDBInstance.create( ':memory:' );
		const c = await db.connect();
		const seen = await c.runAndReadAll( `SELECT count(*) AS n FROM read_parquet('${ out }/events/*/*.parquet')` ).then( ( r ) => Number( r.getRowObjectsJS()[ 0 ].n ), () => 0 );
		c.closeSync();
		db.closeSync();
		assert.strictEqual( seen, 0, 'no rows of the unfinished day' );
		assert.deepEqual( ( await exportEventsToParquet( sink, { out, until: '2026-11-21', rowsPerFile: 2 } ) ).written, [ { day: '2026-11-20', files: 3, rows: 5 } ] );
		await sink.close();
	} );

	( postgresBinDir() ? QUnit.test : QUnit.skip )( 'from PostgreSQL: DuckDB reads back the same rows and values', async ( assert ) => {
		const cluster = ( await startThrowawayPostgres( { fsync: 'off' } ) )!;
		try {
			const admin = throwawayPool( { connectionString: cluster.url, max: 1 } );
			await admin.query( 'CREATE DATABASE mp_export' );
			await admin.end();
			const sink = await createPostgresSink( cluster.baseUrl + 'mp_export', { now: () => Date.parse( '2026-11-30T12:00:00Z' ) } );
			const events = [
				...Array.from( { length: 30 }, ( _, i ) => event( new Date( Date.parse( '2026-11-29T23:59:50Z' ) + i * 1000 ).toISOString() ) ),
				event( '2026-11-30T10:00:00.000Z', { text: 'NUL \u0000, emoji 🙂' } ),
				event( '2019-01-01T00:00:00.000Z' ),
			];
			await sink.write( events );
			const out = path.join( dir, 'lake' );
			const result = await exportEventsToParquet( sink, { out, until: '2026-12-01', rowsPerFile: 7 } );
			await sink.close();
			assert.deepEqual( result.written.map( ( w ) => [ w.day, w.rows ] ), [ [ '2019-01-01', 1 ], [ '2026-11-29', 10 ], [ '2026-11-30', 21 ] ], 'a day kept in the default partition is exported too' );
			const expected = events.map( ( e ) => ( {
				meta_id: ( e.meta as { id: string } ).id,
				meta_stream: 'test.web',
				client_ms: Date.parse( e.dt as string ),
				meta_ms: Date.parse( '2026-11-30T12:00:00.123Z' ),
				event: JSON.stringify( e ),
				dt: ( e.dt as string ).slice( 0, 10 ),
			} ) ).sort( ( a, b ) => a.meta_id < b.meta_id ? -1 : 1 );
			assert.deepEqual( await readLake( path.join( out, 'events/*/*.parquet' ) ), expected );
		} finally {
			cluster.stop();
		}
	} );
} );
