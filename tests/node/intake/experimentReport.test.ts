import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import statistics from '../../fixtures/report-statistics.json';
import { assign } from '../../../modules/src/core/assignment';
import { ExperimentDesign, resolveDesign } from '../../../intake/src/experimentDesign';
import { buildReport, eventsFromJsonLines, eventsFromStore } from '../../../intake/src/experimentReport';
import { formatReport } from '../../../intake/src/experimentReportText';
import { reportMain } from '../../../intake/src/reportCli';
import { createSqliteSink } from '../../../intake/src/sqliteSink';
import { chiSquareTest, differenceInterval, wilsonInterval } from '../../../intake/src/stats';

const EXPERIMENT = 'checkout-button-2026';
const TWO_GROUPS: ExperimentDesign = { experiment: EXPERIMENT, unit: 'session', groups: [ { name: 'control', weight: 1 }, { name: 'treatment', weight: 1 } ] };

/**
 * A seeded generator (mulberry32) good enough for simulation.
 *
 * @param seed
 */
function seeded( seed: number ): () => number {
	return () => {
		seed = ( seed + 0x6d2b79f5 ) | 0;
		let t = Math.imul( seed ^ ( seed >>> 15 ), 1 | seed );
		t = ( t + Math.imul( t ^ ( t >>> 7 ), 61 | t ) ) ^ t;
		return ( ( t ^ ( t >>> 14 ) ) >>> 0 ) / 4294967296;
	};
}

let counter = 0;
/**
 * One stored event of the experiment.
 *
 * @param group the assigned group
 * @param performer who (id, session_id)
 * @param action
 */
function event( group: string, performer: Record<string, unknown>, action = 'experiment_exposure' ): Record<string, unknown> {
	return { $schema: '/analytics/product_metrics/web/base/1.3.0', action, performer, meta: { id: `e${ counter++ }`, stream: 'exp', dt: '2026-11-23T00:00:00Z' }, experiments: { enrolled: [ EXPERIMENT ], assigned: { [ EXPERIMENT ]: group } } };
}

/**
 * `n` sessions in `group`, each exposed; the first `clicking` of them also click.
 *
 * @param group
 * @param n
 * @param clicking
 * @param prefix session ids start with this
 */
function sessions( group: string, n: number, clicking: number, prefix: string ): Record<string, unknown>[] {
	const out: Record<string, unknown>[] = [];
	for ( let i = 0; i < n; i++ ) {
		const performer = { is_logged_in: false, session_id: `${ prefix }${ String( i ).padStart( 6, '0' ) }` };
		out.push( event( group, performer ) );
		if ( i < clicking ) {
			out.push( event( group, performer, 'click' ) );
		}
	}
	return out;
}

/**
 * Logged-in users assigned as the client does; each is exposed once and clicks with the group's
 * probability; `keepTreatment` < 1 loses that share of treatment subjects (a broken variant).
 *
 * @param subjects
 * @param rates
 * @param keepTreatment
 */
function simulated( subjects: number, rates: Record<string, number>, keepTreatment = 1 ): Record<string, unknown>[] {
	const random = seeded( 99 );
	const events: Record<string, unknown>[] = [];
	for ( let id = 1; id <= subjects; id++ ) {
		const group = assign( String( id ), EXPERIMENT, 1, [ { name: 'control' }, { name: 'treatment' } ] ).group as string;
		if ( group === 'treatment' && random() >= keepTreatment ) {
			continue;
		}
		events.push( event( group, { is_logged_in: true, id } ) );
		if ( random() < rates[ group ] ) {
			events.push( event( group, { is_logged_in: true, id }, 'click' ) );
		}
	}
	return events;
}

function near( actual: number, expected: number, tolerance: number ): boolean {
	return Math.abs( actual - expected ) <= tolerance;
}

function tempDir(): string {
	return mkdtempSync( path.join( os.tmpdir(), 'mp-report-' ) );
}

QUnit.module( 'experiment report', () => {
	QUnit.test( 'sample-ratio test: known answers (closed forms, normal table), weights of 0 honoured', ( assert ) => {
		for ( const v of statistics.srm ) {
			const got = chiSquareTest( v.observed, v.weights );
			assert.strictEqual( got.df, v.df, `${ v.note }: df` );
			if ( v.statistic === null ) {
				assert.strictEqual( got.statistic, Infinity, `${ v.note }: ${ v.derivation }` );
			} else {
				assert.true( near( got.statistic, v.statistic, 1e-9 ), `${ v.note }: χ² ${ got.statistic }, expected ${ v.statistic }` );
			}
			const pBelow = ( v as { p_below?: number } ).p_below;
			if ( pBelow !== undefined ) {
				assert.true( got.p < pBelow, `${ v.note }: p ${ got.p } < ${ pBelow } (${ v.derivation })` );
			} else {
				assert.true( near( got.p, v.p, 1e-9 + 1e-8 * v.p ), `${ v.note }: p ${ got.p }, expected ${ v.p } (${ v.derivation })` );
			}
		}
	} );

	QUnit.test( 'Wilson and Newcombe intervals: the published tables', ( assert ) => {
		for ( const v of statistics.wilson ) {
			const [ low, high ] = wilsonInterval( v.successes, v.n );
			assert.true( near( low, v.low, v.tolerance ) && near( high, v.high, v.tolerance ), `${ v.successes }/${ v.n }: [${ low }, ${ high }], expected [${ v.low }, ${ v.high }] (${ v.derivation })` );
		}
		for ( const v of statistics.difference ) {
			const d = differenceInterval( v.reference as [ number, number ], v.other as [ number, number ] )!;
			assert.true( near( d.difference, v.difference, 1e-12 ) && near( d.low, v.low, v.tolerance ) && near( d.high, v.high, v.tolerance ),
				`${ v.other.join( '/' ) } − ${ v.reference.join( '/' ) }: ${ d.difference } [${ d.low }, ${ d.high }], expected [${ v.low }, ${ v.high }] (${ v.derivation })` );
		}
		assert.strictEqual( differenceInterval( [ 0, 0 ], [ 5, 10 ] ), null, 'no reference subjects: no comparison' );
	} );

	QUnit.test( 'a lost arm is a row with 0 subjects and a sample-ratio mismatch', ( assert ) => {
		const report = buildReport( sessions( 'control', 1000, 100, 'c' ), TWO_GROUPS, 'click' );
		assert.deepEqual( report.groups.map( ( g ) => [ g.group, g.subjects ] ), [ [ 'control', 1000 ], [ 'treatment', 0 ] ] );
		assert.strictEqual( report.srm.df, 1 );
		assert.true( report.srm.mismatch && report.srm.p < 1e-200, `χ² ${ report.srm.statistic } (1000 by hand), p ${ report.srm.p }` );
		assert.strictEqual( report.groups[ 1 ].difference, null );
		const text = formatReport( report );
		assert.true( /treatment\s+1\s+0\s/.test( text ) && text.includes( 'SAMPLE RATIO MISMATCH' ), text );
	} );

	QUnit.test( 'subjects seen in two groups are excluded from both and reported apart, with a warning above 1 %', ( assert ) => {
		// 100 + 100 clean sessions, 10 of each clicking; 30 sessions carry both groups and click only in treatment.
		const events = sessions( 'control', 100, 10, 'c' ).concat( sessions( 'treatment', 100, 10, 't' ), sessions( 'control', 30, 0, 'm' ), sessions( 'treatment', 30, 30, 'm' ) );
		const report = buildReport( events, TWO_GROUPS, 'click' );
		assert.deepEqual( report.groups.map( ( g ) => [ g.group, g.subjects, g.converted ] ), [ [ 'control', 100, 10 ], [ 'treatment', 100, 10 ] ] );
		assert.deepEqual( report.mixed, { subjects: 30, share: 30 / 230, warning: true } );
		assert.strictEqual( report.groups[ 1 ].difference!.difference, 0, 'no invented effect' );
		assert.true( formatReport( report ).includes( 'Seen in more than one group: 30 subjects (13.04% of sessions)' ), formatReport( report ) );
		const few = buildReport( sessions( 'control', 500, 0, 'c' ).concat( sessions( 'treatment', 500, 0, 't' ), sessions( 'control', 5, 0, 'm' ), sessions( 'treatment', 5, 0, 'm' ) ), TWO_GROUPS, 'click' );
		assert.deepEqual( few.mixed, { subjects: 5, share: 5 / 1005, warning: false }, '0.5 %: reported, no warning' );
	} );

	QUnit.test( 'groups the design does not declare get no row and stay out of the sample-ratio test', ( assert ) => {
		const events = sessions( 'control', 500, 0, 'c' ).concat( sessions( 'treatment', 500, 0, 't' ), sessions( 'qa-variant', 40, 40, 'q' ) );
		const report = buildReport( events, TWO_GROUPS, 'click' );
		assert.deepEqual( report.groups.map( ( g ) => g.group ), [ 'control', 'treatment' ] );
		assert.deepEqual( report.undeclared, [ { group: 'qa-variant', subjects: 40 } ] );
		assert.deepEqual( [ report.srm.df, report.srm.p, report.subjects ], [ 1, 1, 1000 ] );
		assert.true( formatReport( report ).includes( 'WARNING: 40 subjects only in group "qa-variant", which the design does not declare' ), formatReport( report ) );
	} );

	QUnit.test( 'the subject key follows the experiment\'s unit', ( assert ) => {
		// User 7 in two sessions, user 8 in one; an anonymous session.
		const events = [
			event( 'control', { is_logged_in: true, id: 7, session_id: 'aaaaaaaaaaaaaaaaaaaa' } ),
			event( 'control', { is_logged_in: true, id: 7, session_id: 'bbbbbbbbbbbbbbbbbbbb' } ),
			event( 'control', { is_logged_in: true, id: 8, session_id: 'cccccccccccccccccccc' } ),
			event( 'control', { is_logged_in: false, id: 0, session_id: 'dddddddddddddddddddd' } ),
		];
		const bySession = buildReport( events, TWO_GROUPS, 'click' );
		assert.strictEqual( bySession.groups[ 0 ].subjects, 4, 'unit session: four sessions' );
		const byUser = buildReport( events, Object.assign( {}, TWO_GROUPS, { unit: 'user' } ), 'click' );
		assert.strictEqual( byUser.groups[ 0 ].subjects, 2, 'unit user: two users' );
		assert.strictEqual( byUser.eventsWithoutSubject, 1, 'the anonymous event has no user: not counted' );
		// A session-unit experiment: a user who logs in mid-session is still one session.
		const login = [ event( 'treatment', { is_logged_in: false, session_id: 'eeeeeeeeeeeeeeeeeeee' } ), event( 'treatment', { is_logged_in: true, id: 9, session_id: 'eeeeeeeeeeeeeeeeeeee' } ) ];
		assert.strictEqual( buildReport( login, TWO_GROUPS, 'click' ).groups[ 1 ].subjects, 1 );
	} );

	QUnit.test( 'the design: from the wiki\'s definitions, or explicit groups and weights; weight 0 honoured, bad weights refused', ( assert ) => {
		const definitions = { experiments: { [ EXPERIMENT ]: { status: 'on', unit: 'session', rate: 0.5, groups: [ 'control', { name: 'treatment', weight: 3 } ] } } };
		assert.deepEqual( resolveDesign( { experiment: EXPERIMENT, definitions } ).design, { experiment: EXPERIMENT, unit: 'session', groups: [ { name: 'control', weight: 1 }, { name: 'treatment', weight: 3 } ] } );
		assert.deepEqual( resolveDesign( { experiment: EXPERIMENT, definitions: definitions.experiments } ).design!.groups.length, 2, 'the $wgMetricsPlatformExperiments form too' );
		const zero = resolveDesign( { experiment: EXPERIMENT, groups: 'a,b,c', weights: 'c=0', unit: 'user' } ).design!;
		assert.deepEqual( zero.groups, [ { name: 'a', weight: 1 }, { name: 'b', weight: 1 }, { name: 'c', weight: 0 } ], 'weight 0 is 0, never 1' );
		const problems: [ Parameters<typeof resolveDesign>[ 0 ], string ][] = [
			[ { experiment: EXPERIMENT, unit: 'user' }, 'groups are unknown' ],
			[ { experiment: EXPERIMENT, groups: 'a,b' }, 'unit is unknown' ],
			[ { experiment: EXPERIMENT, groups: 'a,b', unit: 'device' }, 'no device identifier' ],
			[ { experiment: EXPERIMENT, weights: 'a=1,b=-1', unit: 'user' }, 'b=-1' ],
			[ { experiment: EXPERIMENT, weights: 'a=1,b=x', unit: 'user' }, 'b=x' ],
			[ { experiment: EXPERIMENT, weights: 'a=1,b=', unit: 'user' }, 'b=' ],
			[ { experiment: EXPERIMENT, weights: 'a=0,b=0', unit: 'user' }, 'weight 0' ],
			[ { experiment: EXPERIMENT, groups: 'a,b', weights: 'c=1', unit: 'user' }, 'does not declare' ],
			[ { experiment: EXPERIMENT, definitions: { other: {} } }, 'not in the definitions' ],
			[ { experiment: EXPERIMENT, definitions: { [ EXPERIMENT ]: { status: 'on', unit: 'user', rate: 2, groups: [ 'a' ] } } }, 'rate' ],
		];
		for ( const [ sources, expected ] of problems ) {
			const result = resolveDesign( sources );
			assert.true( !result.design && result.problem.includes( expected ), `${ JSON.stringify( sources ) }: ${ result.problem }` );
		}
	} );

	QUnit.test( 'a group of weight 0 with subjects is a mismatch; without, it changes nothing', ( assert ) => {
		const design: ExperimentDesign = { experiment: EXPERIMENT, unit: 'session', groups: [ { name: 'control', weight: 1 }, { name: 'treatment', weight: 1 }, { name: 'holdout', weight: 0 } ] };
		const clean = buildReport( sessions( 'control', 500, 0, 'c' ).concat( sessions( 'treatment', 500, 0, 't' ) ), design, 'click' );
		assert.deepEqual( [ clean.srm.df, clean.srm.p, clean.srm.mismatch, clean.groups[ 2 ].subjects ], [ 1, 1, false, 0 ] );
		const single = buildReport( sessions( 'control', 10, 0, 'c' ), { experiment: EXPERIMENT, unit: 'session', groups: [ { name: 'control', weight: 1 } ] }, 'click' );
		assert.true( formatReport( single ).includes( 'not testable' ) && !single.srm.mismatch, formatReport( single ) );
		const leaking = buildReport( sessions( 'control', 500, 0, 'c' ).concat( sessions( 'treatment', 500, 0, 't' ), sessions( 'holdout', 2, 0, 'h' ) ), design, 'click' );
		assert.true( leaking.srm.mismatch && leaking.srm.p === 0, JSON.stringify( leaking.srm ) );
	} );

	QUnit.test( 'a known effect: +3 points on 10% is found, no sample-ratio mismatch', ( assert ) => {
		const report = buildReport( simulated( 20000, { control: 0.10, treatment: 0.13 } ), Object.assign( {}, TWO_GROUPS, { unit: 'user' } ), 'click' );
		const [ control, treatment ] = report.groups;
		assert.strictEqual( control.subjects + treatment.subjects, 20000 );
		assert.false( report.srm.mismatch, `p = ${ report.srm.p }` );
		const d = treatment.difference!;
		assert.true( d.low < 0.03 && d.high > 0.03 && d.low > 0, `difference ${ d.difference } [${ d.low }, ${ d.high }] holds the true +0.03 and excludes 0` );
		assert.true( control.rateInterval[ 0 ] < 0.10 && control.rateInterval[ 1 ] > 0.10, `control ${ control.rate } [${ control.rateInterval.join( ', ' ) }]` );
	} );

	QUnit.test( 'reading the store: "_" and "%" in experiment names are literal', async ( assert ) => {
		const dir = tempDir();
		const file = path.join( dir, 'events.sqlite' );
		const sink = createSqliteSink( file );
		const stored = ( id: string, name: string ): Record<string, unknown> => ( { action: 'click', meta: { id, stream: 'exp', dt: '2026-11-23T00:00:00Z' }, experiments: { enrolled: [ name ], assigned: { [ name ]: 'a' } } } );
		await sink.write( [ stored( '1', 'Edit_check_nov' ), stored( '2', 'EditXcheck-nov' ) ] );
		await sink.close();
		assert.deepEqual( Array.from( eventsFromStore( file, 'Edit_check_nov' ) ).map( ( e ) => e.meta!.id ), [ '1' ] );
		rmSync( dir, { recursive: true, force: true } );
	} );

	QUnit.test( 'reading a JSON lines store: several chunks, characters split across them, a torn last line', ( assert ) => {
		const dir = tempDir();
		const file = path.join( dir, 'events.jsonl' );
		// About 3 MiB (the reader takes 1 MiB at a time), with 3-byte characters everywhere.
		const events = sessions( 'control', 6000, 600, 'c' ).concat( sessions( 'treatment', 6000, 900, 't' ) )
			.map( ( e ) => Object.assign( e, { action_context: '\u20ac'.repeat( 101 ) } ) );
		writeFileSync( file, events.map( ( e ) => JSON.stringify( e ) ).join( '\n' ) + '\n{"action":"click","experiments":{"assigned":{"' + EXPERIMENT + '":"contr' );
		const read = Array.from( eventsFromJsonLines( file, EXPERIMENT ) );
		assert.strictEqual( read.length, events.length, 'every whole line, the torn one skipped' );
		assert.true( read.every( ( e ) => ( e as { action_context: string } ).action_context === '\u20ac'.repeat( 101 ) ), 'no character broken at a chunk edge' );
		const out: string[] = [];
		assert.strictEqual( reportMain( [ '--experiment', EXPERIMENT, '--groups', 'control,treatment', '--unit', 'session', '--jsonl', file, '--json' ], ( t ) => out.push( t ), () => undefined ), 0 );
		assert.deepEqual( JSON.parse( out[ 0 ] ).groups.map( ( g: { subjects: number; converted: number } ) => [ g.subjects, g.converted ] ), [ [ 6000, 600 ], [ 6000, 900 ] ] );
		rmSync( dir, { recursive: true, force: true } );
	} );

	QUnit.test( 'the command: definitions file and store; 5 % of treatment lost is flagged; empty input says so and exits 1', async ( assert ) => {
		const dir = tempDir();
		const file = path.join( dir, 'events.sqlite' );
		const defs = path.join( dir, 'experiments.json' );
		writeFileSync( defs, JSON.stringify( { [ EXPERIMENT ]: { status: 'on', unit: 'user', rate: 1, groups: [ 'control', 'treatment' ] } } ) );
		const sink = createSqliteSink( file );
		await sink.write( simulated( 20000, { control: 0.10, treatment: 0.10 }, 0.95 ) );
		await sink.close();
		const out: string[] = [];
		const err: string[] = [];
		assert.strictEqual( reportMain( [ '--experiment', EXPERIMENT, '--definitions', defs, '--store', file ], ( t ) => out.push( t ), ( t ) => err.push( t ) ), 0, err.join( '\n' ) );
		assert.true( out[ 0 ].includes( 'SAMPLE RATIO MISMATCH' ), out[ 0 ] );
		console.log( out[ 0 ].split( '\n' ).map( ( l ) => '# ' + l ).join( '\n' ) );
		out.length = 0;
		assert.strictEqual( reportMain( [ '--experiment', EXPERIMENT, '--definitions', defs, '--store', file, '--weights', 'control=1,treatment=0.9', '--json' ], ( t ) => out.push( t ), ( t ) => err.push( t ) ), 0 );
		const json = JSON.parse( out[ 0 ] );
		assert.deepEqual( json.groups.map( ( g: { weight: number } ) => g.weight ), [ 1, 0.9 ], '--weights replaces the definition\'s' );
		assert.strictEqual( reportMain( [ '--experiment', 'no-such-experiment', '--groups', 'a,b', '--unit', 'user', '--store', file ], ( t ) => out.push( t ), ( t ) => err.push( t ) ), 1 );
		assert.true( err[ err.length - 1 ].includes( 'nothing to report' ), err[ err.length - 1 ] );
		assert.strictEqual( reportMain( [ '--experiment', EXPERIMENT, '--store', file ], ( t ) => out.push( t ), ( t ) => err.push( t ) ), 2, 'no design: refused' );
		assert.true( err[ err.length - 1 ].includes( 'groups are unknown' ), err[ err.length - 1 ] );
		rmSync( dir, { recursive: true, force: true } );
	} );
} );
