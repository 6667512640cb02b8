import Database from 'better-sqlite3';
import { runChecks } from '../../../intake/src/quality/runChecks';
import { formatQualityReport } from '../../../intake/src/quality/qualityReport';
import { latestResults, writeResults } from '../../../intake/src/quality/resultsTable';
import { generateFaultyDataSet } from './faultyDataSet';

QUnit.module( 'quality: the generated data set with injected faults', () => {
	QUnit.test( 'every check reports what was injected and nothing else', ( assert ) => {
		const db = new Database( ':memory:' );
		const now = new Date( '2026-11-30T12:00:00Z' );
		const data = generateFaultyDataSet( db, now );
		const results = data.tables.flatMap( ( t ) => runChecks( db, t, now ) );
		writeResults( db, results );
		const report = formatQualityReport( results );
		// The closing note of issue 15 quotes this report.
		console.log( report.split( '\n' ).map( ( l ) => `# ${ l }` ).join( '\n' ) );

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
		}
		assert.strictEqual( results.length, 3 * 8 + 1, 'every table ran all its checks' );
		assert.true( new Set( results.map( ( r ) => r.check ) ).size === 8, 'all eight kinds of check ran' );
		assert.deepEqual( latestResults( db, 'searches_v1' ), results.filter( ( r ) => r.table === 'searches_v1' ), 'the results table gives back the latest run' );
		db.close();
	} );
} );
