/**
 * The purge works in bounded steps and yields between them (issue 15: a purge inside the intake must
 * not stall it on a big store), and still removes everything past retention and nothing younger.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createModelCatalog } from '../../../intake/src/modelling/modelCatalog';
import { parseTablesFile } from '../../../intake/src/modelling/parseTables';
import { PURGE_CHUNK_ROWS } from '../../../intake/src/modelling/purge';
import { createSchemaDocuments } from '../../../intake/src/modelling/schemaDocuments';
import { createSqliteSink } from '../../../intake/src/sqliteSink';
import { SCHEMAS_DIR } from '../intakeHarness';

const DAY = 86400000;
const NOW = Date.parse( '2026-11-30T12:00:00.000Z' );
const OLD = 25000;
const OLD_FAILED = 12000;

const FILE = {
	'test.keep': {
		retention_days: 30,
		tables: [
			{ name: 'visits', columns: [ { path: 'page.id' }, { path: 'page.title', privacy: 'drop' } ] },
			{ name: 'visits_flat', partition: 'none', columns: [ { path: 'page.title', privacy: 'drop' } ] },
		],
	},
};

/**
 * An accepted event as the intake stores it, received `ageMs` before NOW.
 *
 * @param ageMs
 * @param id
 */
function received( ageMs: number, id: string ): Record<string, unknown> {
	const dt = new Date( NOW - ageMs ).toISOString();
	return { $schema: '/analytics/product_metrics/web/base/1.3.0', action: 'view', dt, page: { id: 7, title: 'Secret_Page' }, meta: { stream: 'test.keep', id, dt } };
}

QUnit.module( 'modelling: the purge in bounded steps', ( hooks ) => {
	let dir: string;
	hooks.beforeEach( () => {
		dir = mkdtempSync( path.join( os.tmpdir(), 'mp-purge-chunks-' ) );
	} );
	hooks.afterEach( () => {
		rmSync( dir, { recursive: true, force: true } );
	} );

	QUnit.test( 'more rows than one step: all past retention go, in several steps with the event loop running between them; younger rows stay', async ( assert ) => {
		assert.true( OLD > 2 * PURGE_CHUNK_ROWS && OLD_FAILED > PURGE_CHUNK_ROWS, 'the data is more than one step of each kind' );
		const file = path.join( dir, 'events.sqlite' );
		const logs: string[] = [];
		const sink = createSqliteSink( file, { log: ( m ) => logs.push( m ) } );
		( sink.setModels as NonNullable<typeof sink.setModels> )( createModelCatalog( null, parseTablesFile( FILE ) ), createSchemaDocuments( SCHEMAS_DIR ) );
		// Old events a minute apart over about 17 days (so the day-partitioned table is walked over many
		// days), all more than 30 days old; then five a day younger than the retention.
		for ( let first = 0; first < OLD; first += 500 ) {
			await sink.write( Array.from( { length: 500 }, ( _, i ) => received( 31 * DAY + ( OLD - first - i ) * 60000, `old-${ first + i }` ) ) );
		}
		const young = Array.from( { length: 5 }, ( _, i ) => received( 29 * DAY - i * 1000, `young-${ i }` ) );
		await sink.write( young );
		const writer = new Database( file );
		const insertFailed = writer.prepare( "INSERT INTO failed_events (stream, received_at, meta_id, kind, path, schema_path, message) VALUES ('test.keep', ?, ?, 'unplanned_event', '', '', 'm')" );
		writer.transaction( () => {
			for ( let i = 0; i < OLD_FAILED; i++ ) {
				insertFailed.run( new Date( NOW - 31 * DAY - i * 1000 ).toISOString(), `f-old-${ i }` );
			}
			insertFailed.run( new Date( NOW - DAY ).toISOString(), 'f-young' );
		} )();
		writer.close();

		const reader = new Database( file, { readonly: true } );
		const cutoff = new Date( NOW - 30 * DAY ).toISOString();
		const counts = (): number[] => [
			( reader.prepare( 'SELECT COUNT(*) AS n FROM events WHERE dt < ?' ).get( cutoff ) as { n: number } ).n,
			( reader.prepare( 'SELECT COUNT(*) AS n FROM failed_events WHERE received_at < ?' ).get( cutoff ) as { n: number } ).n,
			( reader.prepare( 'SELECT COUNT(*) AS n FROM visits_v1 WHERE page_title IS NOT NULL AND received_at < ?' ).get( cutoff ) as { n: number } ).n,
			( reader.prepare( 'SELECT COUNT(*) AS n FROM visits_flat_v1 WHERE page_title IS NOT NULL AND received_at < ?' ).get( cutoff ) as { n: number } ).n,
		];
		assert.deepEqual( counts(), [ OLD, OLD_FAILED, OLD, OLD ], 'before: everything old is there' );

		// What another request would see while the purge runs: the state at each turn of the event loop.
		const seen: number[][] = [];
		let purging = true;
		const probe = (): void => {
			if ( purging ) {
				seen.push( counts() );
				setImmediate( probe );
			}
		};
		setImmediate( probe );
		const report = await ( sink.purge as NonNullable<typeof sink.purge> )( NOW );
		purging = false;

		assert.deepEqual( counts(), [ 0, 0, 0, 0 ], 'after: nothing past retention is left' );
		assert.deepEqual( report.streams.map( ( s ) => [ s.stream, s.rawDeleted, s.failedDeleted ] ), [ [ 'test.keep', 25000, 12000 ] ] );
		assert.deepEqual( report.streams[ 0 ].dropped.map( ( d ) => [ d.table, d.rows ] ).sort(), [ [ 'visits_flat_v1', 25000 ], [ 'visits_v1', 25000 ] ] );
		[ 'raw events', 'failed events', 'visits_v1 drop column', 'visits_flat_v1 drop column' ].forEach( ( what, k ) => {
			const total = [ OLD, OLD_FAILED, OLD, OLD ][ k ];
			assert.true( seen.some( ( c ) => c[ k ] > 0 && c[ k ] < total ), `${ what }: the event loop ran while only part had been purged (${ seen.map( ( c ) => c[ k ] ).join( ' ' ) })` );
		} );
		assert.true( logs.includes( `purge: stream "test.keep" (retention 30 days, received before ${ cutoff }): 25000 raw events and 12000 failed events deleted; visits_v1: page_title emptied in 25000 rows; visits_flat_v1: page_title emptied in 25000 rows` ), logs.join( '\n' ) );

		assert.deepEqual( ( reader.prepare( 'SELECT id FROM events ORDER BY seq' ).all() as { id: string }[] ).map( ( r ) => r.id ), [ 'young-0', 'young-1', 'young-2', 'young-3', 'young-4' ], 'the younger events stay' );
		assert.deepEqual( reader.prepare( "SELECT page_title, COUNT(*) AS n FROM visits_v1 WHERE event_id LIKE 'young-%' GROUP BY page_title" ).all(), [ { page_title: 'Secret_Page', n: 5 } ], 'younger rows keep their drop column' );
		assert.deepEqual( reader.prepare( "SELECT page_title, COUNT(*) AS n FROM visits_flat_v1 WHERE event_id LIKE 'young-%' GROUP BY page_title" ).all(), [ { page_title: 'Secret_Page', n: 5 } ] );
		assert.deepEqual( reader.prepare( 'SELECT meta_id FROM failed_events' ).all(), [ { meta_id: 'f-young' } ] );
		assert.strictEqual( ( reader.prepare( 'SELECT COUNT(*) AS n FROM visits_v1' ).get() as { n: number } ).n, OLD + 5, 'table rows themselves stay' );
		reader.close();
		await sink.close();
	} );
} );
