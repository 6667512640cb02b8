import Database from 'better-sqlite3';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { qualityMain } from '../../../intake/src/quality/qualityCli';
import { latestResults } from '../../../intake/src/quality/resultsTable';
import { DATA_SET_NOW, sharedFaultyDataSet } from './faultyDataSet';

QUnit.module( 'quality: the generated data set with injected faults, sent through the intake', ( hooks ) => {
	let dir: string;
	hooks.beforeEach( () => {
		dir = mkdtempSync( path.join( os.tmpdir(), 'mp-faulty-run-' ) );
	} );
	hooks.afterEach( () => {
		rmSync( dir, { recursive: true, force: true } );
	} );

	QUnit.test( 'mp-quality reports every injected fault and nothing else', async ( assert ) => {
		const data = await sharedFaultyDataSet();
		const store = path.join( dir, 'events.sqlite' );
		copyFileSync( data.store, store );
		const db = new Database( store );
		try {
			// Materialised by the intake, one row per accepted event.
			for ( const [ table, sent ] of Object.entries( data.rows ) ) {
				assert.strictEqual( ( db.prepare( `SELECT COUNT(*) AS n FROM ${ table }` ).get() as { n: number } ).n, sent, `${ table }: a row for each event sent` );
			}
			assert.deepEqual( db.prepare( 'SELECT physical FROM mp_tables ORDER BY physical' ).all(), [ { physical: 'clicks_v1' }, { physical: 'edits_v1' }, { physical: 'searches_v1' } ], 'the intake made the tables' );
		} finally {
			db.close();
		}

		const out: string[] = [];
		const err: string[] = [];
		const status = await qualityMain( [ '--store', store, '--tables', data.tablesFile ], ( t ) => out.push( t ), ( t ) => err.push( t ), DATA_SET_NOW );
		const report = out.join( '\n' );
		// The closing note of issue 15 quotes this report.
		console.log( report.split( '\n' ).map( ( l ) => `# ${ l }` ).join( '\n' ) );
		assert.strictEqual( status, 1, 'a check failed: exit status 1' );
		assert.deepEqual( err, [] );

		const reader = new Database( store, { readonly: true } );
		const results = [ 'clicks_v1', 'searches_v1', 'edits_v1' ].flatMap( ( t ) => latestResults( reader, t ) );
		reader.close();
		const reported = results.filter( ( r ) => r.status !== 'pass' );
		assert.deepEqual(
			reported.map( ( r ) => `${ r.table } ${ r.check } ${ r.column } ${ r.status } ${ r.value }` ).sort(),
			data.injected.map( ( f ) => `${ f.table } ${ f.check } ${ f.column } ${ f.status } ${ f.value }` ).sort(),
			'the checks that did not pass are exactly the injected faults, with the injected counts',
		);
		for ( const fault of data.injected ) {
			const r = reported.find( ( x ) => x.table === fault.table && x.check === fault.check && x.column === fault.column );
			if ( fault.failing ) {
				assert.deepEqual( r && r.failing, fault.failing, `${ fault.table } ${ fault.check }: exactly the injected entries` );
			}
			for ( const words of fault.mentions || [] ) {
				assert.true( !!r && r.observed.includes( words ), `${ fault.table } ${ fault.check } says ${ JSON.stringify( words ) }: ${ r && r.observed }` );
			}
			const section = report.split( '\n\n' ).find( ( s ) => s.startsWith( `${ fault.table }\n` ) ) || '';
			const label = `${ fault.check }${ fault.column ? `(${ fault.column })` : '' } `;
			assert.true( section.split( '\n' ).some( ( l ) => l.startsWith( `  FAIL  ${ label }` ) ), `the report has a FAIL line for ${ fault.table } ${ label }` );
		}
		assert.strictEqual( results.length, 3 * 8 + 1, 'every table ran all its checks' );
		assert.true( new Set( results.map( ( r ) => r.check ) ).size === 8, 'all eight kinds of check ran' );
		assert.strictEqual( report.split( '\n' ).filter( ( l ) => /^ {2}(FAIL|WARN|ERROR)/.test( l ) ).length, data.injected.length, 'the report names nothing else' );
	} );
} );
