import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { assign } from '../../../modules/src/core/assignment';
import { buildReport, eventsFromStore, formatReport } from '../../../intake/src/experimentReport';
import { createSqliteSink } from '../../../intake/src/sqliteSink';
import { chiSquareTest, differenceInterval, wilsonInterval } from '../../../intake/src/stats';

const EXPERIMENT = 'checkout-button-2026';

/**
 * A generated data set: `subjects` logged-in users assigned as the client does; each is exposed once
 * and converts ("click") with the group's probability; `keepTreatment` < 1 loses that share of the
 * treatment subjects (a sample-ratio mismatch, as a broken variant would cause).
 *
 * @param subjects
 * @param rates
 * @param keepTreatment
 */
function dataset( subjects: number, rates: Record<string, number>, keepTreatment = 1 ): Record<string, unknown>[] {
	// mulberry32: a seeded generator good enough for simulation (a plain LCG is not).
	let seed = 99;
	const random = (): number => {
		seed = ( seed + 0x6d2b79f5 ) | 0;
		let t = Math.imul( seed ^ ( seed >>> 15 ), 1 | seed );
		t = ( t + Math.imul( t ^ ( t >>> 7 ), 61 | t ) ) ^ t;
		return ( ( t ^ ( t >>> 14 ) ) >>> 0 ) / 4294967296;
	};
	const events: Record<string, unknown>[] = [];
	let n = 0;
	for ( let id = 1; id <= subjects; id++ ) {
		const { group } = assign( String( id ), EXPERIMENT, 1, [ { name: 'control' }, { name: 'treatment' } ] );
		if ( group === 'treatment' && random() >= keepTreatment ) {
			continue;
		}
		const base = { $schema: '/analytics/product_metrics/web/base/1.3.0', performer: { is_logged_in: true, id }, experiments: { enrolled: [ EXPERIMENT ], assigned: { [ EXPERIMENT ]: group } } };
		events.push( Object.assign( { action: 'experiment_exposure', meta: { id: `e${ n++ }`, stream: 'exp', dt: '2026-11-23T00:00:00Z' } }, base ) );
		if ( random() < rates[ group as string ] ) {
			events.push( Object.assign( { action: 'click', meta: { id: `e${ n++ }`, stream: 'exp', dt: '2026-11-23T00:00:00Z' } }, base ) );
		}
	}
	return events;
}

QUnit.module( 'experiment report', () => {
	QUnit.test( 'statistics against known values', ( assert ) => {
		assert.true( Math.abs( chiSquareTest( [ 100 - 19.6 / 2, 100 + 19.6 / 2 ], [ 1, 1 ] ).p - 0.1659 ) < 0.001, 'df 1' );
		const critical = chiSquareTest( [ 0, 0, 0 ], [ 1, 1, 1 ] );
		assert.strictEqual( critical.p, 1, 'no data: no evidence' );
		// chi2 = 5.991 with df 2 is the 5 % critical value.
		assert.true( Math.abs( chiSquareTest( [ 1000 + 54.73, 1000 - 54.73, 1000 ], [ 1, 1, 1 ] ).p - 0.05 ) < 0.002 );
		const [ low, high ] = wilsonInterval( 10, 100 );
		assert.true( Math.abs( low - 0.0552 ) < 0.0005 && Math.abs( high - 0.1744 ) < 0.0005, `${ low } ${ high }` );
		const d = differenceInterval( [ 100, 1000 ], [ 120, 1000 ] );
		assert.true( Math.abs( d.difference - 0.02 ) < 1e-12 && d.low < 0 && d.high > 0.04 );
	} );

	QUnit.test( 'a known effect: +3 points on 10% is found, no sample-ratio mismatch', ( assert ) => {
		const report = buildReport( dataset( 20000, { control: 0.10, treatment: 0.13 } ) as never, EXPERIMENT, 'click', {}, [ 'control', 'treatment' ] );
		const [ control, treatment ] = report.groups;
		assert.strictEqual( control.subjects + treatment.subjects, 20000 );
		assert.strictEqual( control.exposures, control.subjects, 'every subject exposed once' );
		assert.false( report.srm.mismatch, `p = ${ report.srm.p }` );
		const d = treatment.difference!;
		assert.true( d.low < 0.03 && d.high > 0.03 && d.low > 0, `difference ${ d.difference } [${ d.low }, ${ d.high }] holds the true +0.03 and excludes 0` );
		console.log( formatReport( report ).split( '\n' ).map( ( l ) => '# ' + l ).join( '\n' ) );
		assert.true( control.rateInterval[ 0 ] < 0.10 && control.rateInterval[ 1 ] > 0.10, `control ${ control.rate } [${ control.rateInterval.join( ', ' ) }]` );
	} );

	QUnit.test( 'reading the store: "_" and "%" in experiment names are literal', async ( assert ) => {
		const dir = mkdtempSync( path.join( os.tmpdir(), 'mp-report-' ) );
		const file = path.join( dir, 'events.sqlite' );
		const sink = createSqliteSink( file );
		const event = ( id: string, name: string ): Record<string, unknown> => ( { action: 'click', meta: { id, stream: 'exp', dt: '2026-11-23T00:00:00Z' }, experiments: { enrolled: [ name ], assigned: { [ name ]: 'a' } } } );
		await sink.write( [ event( '1', 'Edit_check_nov' ), event( '2', 'EditXcheck-nov' ) ] );
		await sink.close();
		assert.deepEqual( Array.from( eventsFromStore( file, 'Edit_check_nov' ) ).map( ( e ) => e.meta.id ), [ '1' ] );
		rmSync( dir, { recursive: true, force: true } );
	} );

	QUnit.test( 'a known sample-ratio mismatch (5% of treatment lost) is flagged, through the SQLite store', async ( assert ) => {
		const dir = mkdtempSync( path.join( os.tmpdir(), 'mp-report-' ) );
		const file = path.join( dir, 'events.sqlite' );
		const sink = createSqliteSink( file );
		await sink.write( dataset( 20000, { control: 0.10, treatment: 0.10 }, 0.95 ) );
		await sink.close();
		const report = buildReport( eventsFromStore( file, EXPERIMENT ), EXPERIMENT, 'click' );
		assert.true( report.srm.mismatch, `p = ${ report.srm.p }` );
		const text = formatReport( report );
		assert.true( text.includes( 'SAMPLE RATIO MISMATCH' ), text );
		console.log( text.split( '\n' ).map( ( l ) => '# ' + l ).join( '\n' ) );
		rmSync( dir, { recursive: true, force: true } );
	} );
} );
