import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { qualityMain } from '../../../intake/src/quality/qualityCli';
import { latestResults } from '../../../intake/src/quality/resultsTable';
import { createSqliteSink } from '../../../intake/src/sqliteSink';
import { post, startIntake, validEvent } from '../intakeHarness';

const NOW = new Date( '2026-11-30T12:00:00Z' );

QUnit.module( 'quality: one unusable check does not drop its table', ( hooks ) => {
	let dir: string;
	hooks.beforeEach( () => {
		dir = mkdtempSync( path.join( os.tmpdir(), 'mp-unusable-' ) );
	} );
	hooks.afterEach( () => {
		rmSync( dir, { recursive: true, force: true } );
	} );

	QUnit.test( 'the table is written, its good checks run, and each bad one is reported as error naming its problem', async ( assert ) => {
		// As the wiki would serve a definition written for a newer intake (a check kind this one does not know) with a slip.
		const streams = {
			'test.web': {
				schema_title: 'analytics/product_metrics/web/base',
				producers: { metrics_platform_client: { provide_values: [ 'page_id' ] } },
				tables: [ {
					name: 'clicks',
					columns: [ { path: 'page.id' }, { path: 'action' } ],
					checks: [
						{ check: 'not_null', column: 'page_id' },
						{ check: 'distribution_drift', column: 'action' },
						{ check: 'range', column: 'page_id' },
						{ check: 'accepted_values', column: 'action', values: [ 'click' ] },
					],
				} ],
			},
		};
		const file = path.join( dir, 'events.sqlite' );
		const streamsFile = path.join( dir, 'streams.json' );
		writeFileSync( streamsFile, JSON.stringify( streams ) );
		const running = await startIntake( createSqliteSink( file, { log: () => undefined } ), streams );
		try {
			assert.strictEqual( ( await post( running.url, [ validEvent( 'test.web', { page: { id: 1 } } ), validEvent( 'test.web', { page: { id: 2 } } ) ] ) ).status, 201 );
			assert.true( running.logs.some( ( l ) => l.includes( 'tables[0].checks[1]: "check" must be one of' ) ), 'the bad check is logged when the definitions are read' );
		} finally {
			await running.intake.close();
		}
		const db = new Database( file, { readonly: true } );
		assert.deepEqual( db.prepare( 'SELECT page_id, action FROM clicks_v1 ORDER BY page_id' ).all(), [ { page_id: 1, action: 'click' }, { page_id: 2, action: 'click' } ], 'the table is kept and written' );
		db.close();

		const out: string[] = [];
		const err: string[] = [];
		const status = await qualityMain( [ '--store', file, '--streams', streamsFile ], ( t ) => out.push( t ), ( t ) => err.push( t ), NOW );
		assert.strictEqual( status, 1, 'a check that could not run makes the run fail' );
		const reader = new Database( file, { readonly: true } );
		const results = latestResults( reader, 'clicks_v1' );
		reader.close();
		assert.deepEqual( results.map( ( r ) => [ r.check, r.column, r.status, r.observed ] ), [
			[ 'not_null', 'page_id', 'pass', '0 of 2 rows null (0 %)' ],
			[ 'accepted_values', 'action', 'pass', 'only accepted values' ],
			[ 'distribution_drift', 'action', 'error', 'not run: the definition is unusable: tables[0].checks[1]: "check" must be one of not_null, unique, accepted_values, range, freshness, row_count, volume, schema' ],
			[ 'range', 'page_id', 'error', 'not run: the definition is unusable: tables[0].checks[2]: range needs "min", "max" or both' ],
		] );
		const report = out.join( '\n' );
		assert.true( report.includes( '  ERROR range(page_id)' ) && report.includes( 'range needs "min", "max" or both' ), report );
		assert.true( err.some( ( l ) => l.includes( 'tables[0].checks[2]: range needs "min", "max" or both' ) ), 'mp-quality names the problem when it reads the definitions too' );
	} );
} );
