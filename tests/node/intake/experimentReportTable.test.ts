/**
 * The experiment report read from a modelled table (issue 15 item 6): the same numbers as from the raw
 * events when the table holds every event of the experiment, a row filter's effect when it does not,
 * and the raw events with a one-line reason when the table cannot serve.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ExperimentDesign } from '../../../intake/src/experimentDesign';
import type { ExperimentReport } from '../../../intake/src/experimentReport';
import { chooseReportTable } from '../../../intake/src/experimentReportTable';
import { reportMain } from '../../../intake/src/reportCli';
import { createSqliteSink } from '../../../intake/src/sqliteSink';
import { post, startIntake, validEvent } from '../intakeHarness';

const EXPERIMENT = 'checkout-button-2026';
const STREAM = 'exp.web';
const SECRET = Buffer.from( '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff', 'hex' );
const DESIGN: ExperimentDesign = { experiment: EXPERIMENT, unit: 'session', groups: [ { name: 'control', weight: 1 }, { name: 'treatment', weight: 1 } ] };

const ASSIGNED = { path: 'experiments.assigned' };
const TABLES = [
	// Every event; the session id only as a keyed hash.
	{ name: 'exp_all', columns: [ { path: 'action' }, { path: 'performer.session_id', name: 'session', privacy: 'hash' }, ASSIGNED ] },
	// Bots left out.
	{ name: 'exp_humans', columns: [ { path: 'action' }, { path: 'performer.session_id', name: 'session', privacy: 'hash' }, ASSIGNED ], filter: { 'performer.is_bot': { not_equals: true } } },
	{ name: 'exp_no_session', columns: [ { path: 'action' }, ASSIGNED ] },
	{ name: 'exp_session_dropped', columns: [ { path: 'action' }, { path: 'performer.session_id', privacy: 'drop' }, ASSIGNED ] },
	{ name: 'exp_group_hashed', columns: [ { path: 'action' }, { path: 'performer.session_id' }, { path: 'experiments.assigned', privacy: 'hash' } ] },
	{ name: 'exp_copies', columns: [ { path: 'action' }, { path: 'performer.session_id' }, ASSIGNED ], dedupe: false },
];
const STREAMS = {
	[ STREAM ]: {
		schema_title: 'analytics/product_metrics/web/base',
		producers: { metrics_platform_client: { provide_values: [ 'performer_session_id', 'performer_is_bot', 'performer_is_logged_in' ] } },
		tables: TABLES,
	},
};

/**
 * A session id of 20 hex digits.
 *
 * @param n a number below 16^6
 */
function session( n: number ): string {
	return 'a'.repeat( 14 ) + n.toString( 16 ).padStart( 6, '0' );
}

/**
 * An event of the experiment.
 *
 * @param group its group
 * @param sessionId the session, or null for none
 * @param action
 * @param bot whether the performer is a bot
 */
function exp( group: string, sessionId: string | null, action = 'experiment_exposure', bot = false ): Record<string, unknown> {
	const performer: Record<string, unknown> = { is_logged_in: false, is_bot: bot };
	if ( sessionId !== null ) {
		performer.session_id = sessionId;
	}
	return validEvent( STREAM, { action, performer, experiments: { enrolled: [ EXPERIMENT ], assigned: { [ EXPERIMENT ]: group } } } );
}

/**
 * The data set, with the counts worked out by hand beside it.
 * Control: sessions 1, 2, 3 (people) and 4 (a bot), all exposed; 1, 2 and the bot click.
 * Treatment: sessions 11, 12 (people), 13, 14 (bots), all exposed; 11 and bot 13 click.
 * Session 21 is in both groups; one control exposure has no session; one event is of another
 * experiment; session 1's click is sent twice.
 */
function dataSet(): Record<string, unknown>[] {
	const click1 = exp( 'control', session( 1 ), 'click' );
	const other = validEvent( STREAM, { action: 'click', performer: { session_id: session( 1 ), is_bot: false }, experiments: { enrolled: [ 'another-test-2026' ], assigned: { 'another-test-2026': 'control' } } } );
	return [
		exp( 'control', session( 1 ) ), click1, click1,
		exp( 'control', session( 2 ) ), exp( 'control', session( 2 ), 'click' ),
		exp( 'control', session( 3 ) ),
		exp( 'control', session( 4 ), 'experiment_exposure', true ), exp( 'control', session( 4 ), 'click', true ),
		exp( 'treatment', session( 11 ) ), exp( 'treatment', session( 11 ), 'click' ),
		exp( 'treatment', session( 12 ) ),
		exp( 'treatment', session( 13 ), 'experiment_exposure', true ), exp( 'treatment', session( 13 ), 'click', true ),
		exp( 'treatment', session( 14 ), 'experiment_exposure', true ),
		exp( 'control', session( 21 ) ), exp( 'treatment', session( 21 ) ),
		exp( 'control', null ),
		other,
	];
}

/**
 * The numbers of a report (what must not depend on where the events were read).
 *
 * @param r a report
 */
function numbers( r: ExperimentReport ): unknown {
	return {
		groups: r.groups.map( ( g ) => [ g.group, g.subjects, g.exposures, g.events, g.converted ] ),
		mixed: r.mixed,
		undeclared: r.undeclared,
		eventsWithoutSubject: r.eventsWithoutSubject,
		subjects: r.subjects,
	};
}

QUnit.module( 'experiment report from modelled tables', ( hooks ) => {
	let dir: string;
	let file: string;
	hooks.before( async () => {
		dir = mkdtempSync( path.join( os.tmpdir(), 'mp-report-table-' ) );
		file = path.join( dir, 'events.sqlite' );
		const running = await startIntake( createSqliteSink( file, { hashSecret: SECRET, log: () => undefined } ), STREAMS );
		const events = dataSet();
		const res = await post( running.url, events );
		if ( res.status !== 201 ) {
			throw new Error( `${ res.status } ${ res.body }` );
		}
		await running.intake.close();
	} );
	hooks.after( () => {
		rmSync( dir, { recursive: true, force: true } );
	} );

	/**
	 * Runs the command with --json.
	 *
	 * @param args more arguments
	 */
	function report( args: string[] ): ExperimentReport {
		const out: string[] = [];
		const err: string[] = [];
		const status = reportMain( [ '--experiment', EXPERIMENT, '--groups', 'control,treatment', '--unit', 'session', '--store', file, '--json' ].concat( args ), ( t ) => out.push( t ), ( t ) => err.push( t ) );
		if ( status !== 0 ) {
			throw new Error( `exit ${ status }: ${ err.join( '\n' ) }` );
		}
		return JSON.parse( out[ 0 ] ) as ExperimentReport;
	}

	QUnit.test( 'the same numbers from the table (hashed session ids) as from the raw events, counted by hand', ( assert ) => {
		const expected = {
			groups: [ [ 'control', 4, 4, 7, 3 ], [ 'treatment', 4, 4, 6, 2 ] ],
			mixed: { subjects: 1, share: 1 / 9, warning: true },
			undeclared: [],
			eventsWithoutSubject: 1,
			subjects: 8,
		};
		const raw = report( [ '--raw' ] );
		assert.deepEqual( raw.source, { kind: 'raw', reason: 'asked for with --raw' } );
		assert.deepEqual( numbers( raw ), expected, 'raw events' );
		const table = report( [ '--stream', STREAM ] );
		assert.deepEqual( table.source, { kind: 'table', stream: STREAM, tables: [ 'exp_all_v1' ] }, 'the stream\'s first usable table' );
		assert.deepEqual( numbers( table ), expected, 'the table' );
		const db = new Database( file, { readonly: true } );
		const stored = db.prepare( 'SELECT session FROM exp_all_v1 WHERE session IS NOT NULL LIMIT 1' ).pluck().get() as string;
		db.close();
		assert.true( /^[0-9a-f]{64}$/.test( stored ), 'the table holds hashes, not session ids' );
	} );

	QUnit.test( 'the definition\'s stream chooses the table; the text names the source', ( assert ) => {
		const defs = path.join( dir, 'experiments.json' );
		writeFileSync( defs, JSON.stringify( { [ EXPERIMENT ]: { status: 'on', unit: 'session', rate: 1, groups: [ 'control', 'treatment' ], stream: STREAM } } ) );
		const out: string[] = [];
		assert.strictEqual( reportMain( [ '--experiment', EXPERIMENT, '--definitions', defs, '--store', file ], ( t ) => out.push( t ), () => undefined ), 0 );
		assert.strictEqual( out[ 0 ].split( '\n' )[ 1 ], `Source: read from table exp_all_v1 (stream ${ STREAM })`, out[ 0 ] );
		out.length = 0;
		assert.strictEqual( reportMain( [ '--experiment', EXPERIMENT, '--groups', 'control,treatment', '--unit', 'session', '--store', file ], ( t ) => out.push( t ), () => undefined ), 0 );
		assert.true( out[ 0 ].split( '\n' )[ 1 ].startsWith( 'Source: read from raw events: no stream named' ), out[ 0 ] );
	} );

	QUnit.test( 'a table whose row filter leaves out bots counts only people', ( assert ) => {
		const humans = report( [ '--table', 'exp_humans' ] );
		assert.deepEqual( humans.source, { kind: 'table', stream: STREAM, tables: [ 'exp_humans_v1' ] } );
		// By hand: control 1, 2, 3 (5 events, 2 clicking); treatment 11, 12 (3 events, 1 clicking); session 21 in both.
		assert.deepEqual( numbers( humans ), {
			groups: [ [ 'control', 3, 3, 5, 2 ], [ 'treatment', 2, 2, 3, 1 ] ],
			mixed: { subjects: 1, share: 1 / 6, warning: true },
			undeclared: [],
			eventsWithoutSubject: 1,
			subjects: 5,
		} );
	} );

	QUnit.test( 'a table that cannot serve: the raw events, with the reason in one line', ( assert ) => {
		const rawNumbers = numbers( report( [ '--raw' ] ) );
		const cases: [ string, RegExp ][] = [
			[ 'exp_no_session', /^table exp_no_session_v1 has no column for performer\.session_id \(the subject of unit session\)$/ ],
			[ 'exp_session_dropped', /^column performer_session_id of exp_session_dropped_v1 \(performer\.session_id\) is "drop"/ ],
			[ 'exp_group_hashed', /^column experiments_assigned of exp_group_hashed_v1 \(experiments\.assigned\) is "hash"/ ],
			[ 'exp_copies', /^table exp_copies_v1 keeps one row per copy received/ ],
			[ 'no_such_table', /^the store has no modelled table named "no_such_table"$/ ],
		];
		for ( const [ table, reason ] of cases ) {
			const r = report( [ '--table', table ] );
			assert.strictEqual( r.source.kind, 'raw', table );
			const why = r.source.kind === 'raw' ? r.source.reason || '' : '';
			assert.true( reason.test( why ) && !why.includes( '\n' ), `${ table }: ${ why }` );
			assert.deepEqual( numbers( r ), rawNumbers, `${ table }: the raw events' numbers` );
		}
		const out: string[] = [];
		assert.strictEqual( reportMain( [ '--experiment', EXPERIMENT, '--groups', 'control,treatment', '--unit', 'session', '--store', file, '--table', 'exp_no_session' ], ( t ) => out.push( t ), () => undefined ), 0 );
		assert.strictEqual( out[ 0 ].split( '\n' )[ 1 ], 'Source: read from raw events: table exp_no_session_v1 has no column for performer.session_id (the subject of unit session)', 'printed' );
		// Unit user: no table has performer.id (and no event a logged-in user): nothing to report, and why.
		const err: string[] = [];
		assert.strictEqual( reportMain( [ '--experiment', EXPERIMENT, '--groups', 'control,treatment', '--unit', 'user', '--store', file, '--stream', STREAM ], () => undefined, ( t ) => err.push( t ) ), 1 );
		assert.true( err[ 0 ].includes( '(read from raw events: table exp_all_v1 has no column for performer.id (the subject of unit user) (and 5 other tables of stream "exp.web" cannot serve either))' ), err[ 0 ] );
		assert.deepEqual( report( [ '--stream', 'other.stream' ] ).source, { kind: 'raw', reason: 'stream "other.stream" has no modelled table' } );
	} );

	QUnit.test( 'unit user: a hashed performer.id counts subjects; logged-out events have none', async ( assert ) => {
		const userDir = mkdtempSync( path.join( os.tmpdir(), 'mp-report-user-' ) );
		try {
			const userFile = path.join( userDir, 'events.sqlite' );
			const streams = {
				[ STREAM ]: {
					schema_title: 'analytics/product_metrics/web/base',
					producers: { metrics_platform_client: { provide_values: [ 'performer_id', 'performer_is_logged_in' ] } },
					tables: [ { name: 'by_user', columns: [ { path: 'action' }, { path: 'performer.id', privacy: 'hash' }, { path: 'performer.is_logged_in' }, ASSIGNED ] } ],
				},
			};
			const running = await startIntake( createSqliteSink( userFile, { hashSecret: SECRET, log: () => undefined } ), streams );
			const user = ( group: string, id: number | null, action = 'experiment_exposure' ): Record<string, unknown> => validEvent( STREAM, {
				action,
				performer: id === null ? { is_logged_in: false } : { is_logged_in: true, id },
				experiments: { enrolled: [ EXPERIMENT ], assigned: { [ EXPERIMENT ]: group } },
			} );
			// Control: users 7 (two events, clicks) and 8; treatment: user 9 (clicks); one logged-out event.
			const res = await post( running.url, [ user( 'control', 7 ), user( 'control', 7, 'click' ), user( 'control', 8 ), user( 'treatment', 9 ), user( 'treatment', 9, 'click' ), user( 'treatment', null ) ] );
			assert.strictEqual( res.status, 201, res.body );
			await running.intake.close();
			const args = [ '--experiment', EXPERIMENT, '--groups', 'control,treatment', '--unit', 'user', '--store', userFile, '--json' ];
			const outputs: ExperimentReport[] = [];
			for ( const extra of [ [ '--raw' ], [ '--stream', STREAM ] ] ) {
				const out: string[] = [];
				assert.strictEqual( reportMain( args.concat( extra ), ( t ) => out.push( t ), () => undefined ), 0 );
				outputs.push( JSON.parse( out[ 0 ] ) );
			}
			assert.deepEqual( outputs[ 1 ].source, { kind: 'table', stream: STREAM, tables: [ 'by_user_v1' ] } );
			const expected = { groups: [ [ 'control', 2, 2, 3, 1 ], [ 'treatment', 1, 1, 2, 1 ] ], mixed: { subjects: 0, share: 0, warning: false }, undeclared: [], eventsWithoutSubject: 1, subjects: 3 };
			assert.deepEqual( numbers( outputs[ 0 ] ), expected, 'raw' );
			assert.deepEqual( numbers( outputs[ 1 ] ), expected, 'table' );
		} finally {
			rmSync( userDir, { recursive: true, force: true } );
		}
	} );

	QUnit.test( 'a table defined after the stream\'s first events misses them: the raw events are read, and why', async ( assert ) => {
		const lateDir = mkdtempSync( path.join( os.tmpdir(), 'mp-report-late-' ) );
		try {
			const lateFile = path.join( lateDir, 'events.sqlite' );
			const withoutTables = { [ STREAM ]: Object.assign( {}, STREAMS[ STREAM ], { tables: [] } ) };
			const before = await startIntake( createSqliteSink( lateFile, { hashSecret: SECRET, log: () => undefined } ), withoutTables );
			assert.strictEqual( ( await post( before.url, [ exp( 'control', session( 1 ) ), exp( 'treatment', session( 2 ) ) ] ) ).status, 201 );
			await before.intake.close();
			const after = await startIntake( createSqliteSink( lateFile, { hashSecret: SECRET, log: () => undefined } ), STREAMS );
			assert.strictEqual( ( await post( after.url, [ exp( 'control', session( 3 ) ) ] ) ).status, 201 );
			await after.intake.close();
			const out: string[] = [];
			assert.strictEqual( reportMain( [ '--experiment', EXPERIMENT, '--groups', 'control,treatment', '--unit', 'session', '--store', lateFile, '--table', 'exp_all', '--json' ], ( t ) => out.push( t ), () => undefined ), 0 );
			const r = JSON.parse( out[ 0 ] ) as ExperimentReport;
			assert.true( r.source.kind === 'raw' && /^table exp_all_v1 starts at .*, but the store holds events of stream "exp\.web" from .* \(received before the table was defined, or filtered out\): they would be missed$/.test( r.source.reason || '' ), JSON.stringify( r.source ) );
			assert.deepEqual( r.groups.map( ( g ) => g.subjects ), [ 2, 1 ], 'all three sessions, from the raw events' );
		} finally {
			rmSync( lateDir, { recursive: true, force: true } );
		}
	} );

	QUnit.test( 'a column the report reads added to the table later, or re-tagged: the raw events are read, and why; the counts are the raw ones', async ( assert ) => {
		const cases: [ string, unknown[], unknown[] ][] = [
			[ 'session added later', [ { path: 'action' }, ASSIGNED ], [ { path: 'action' }, ASSIGNED, { path: 'performer.session_id', name: 'session', privacy: 'hash' } ] ],
			[ 'group added later', [ { path: 'action' }, { path: 'performer.session_id', name: 'session', privacy: 'hash' } ], [ { path: 'action' }, { path: 'performer.session_id', name: 'session', privacy: 'hash' }, ASSIGNED ] ],
			[ 'action added later', [ { path: 'performer.session_id', name: 'session', privacy: 'hash' }, ASSIGNED ], [ { path: 'performer.session_id', name: 'session', privacy: 'hash' }, ASSIGNED, { path: 'action' } ] ],
			[ 'session re-tagged hash to keep', [ { path: 'action' }, { path: 'performer.session_id', name: 'session', privacy: 'hash' }, ASSIGNED ], [ { path: 'action' }, { path: 'performer.session_id', name: 'session', privacy: 'keep' }, ASSIGNED ] ],
		];
		for ( const [ name, first, second ] of cases ) {
			const dir2 = mkdtempSync( path.join( os.tmpdir(), 'mp-report-since-' ) );
			try {
				const file2 = path.join( dir2, 'events.sqlite' );
				const streams = ( columns: unknown[] ): unknown => ( { [ STREAM ]: Object.assign( {}, STREAMS[ STREAM ], { tables: [ { name: 'exp_t', columns } ] } ) } );
				const before = await startIntake( createSqliteSink( file2, { hashSecret: SECRET, log: () => undefined } ), streams( first ) );
				assert.strictEqual( ( await post( before.url, [ exp( 'control', session( 1 ) ), exp( 'control', session( 2 ) ), exp( 'treatment', session( 3 ) ) ] ) ).status, 201 );
				await before.intake.close();
				const after = await startIntake( createSqliteSink( file2, { hashSecret: SECRET, log: () => undefined } ), streams( second ) );
				assert.strictEqual( ( await post( after.url, [ exp( 'control', session( 1 ), 'click' ), exp( 'treatment', session( 3 ), 'click' ), exp( 'treatment', session( 4 ) ) ] ) ).status, 201 );
				await after.intake.close();
				const run = ( args: string[] ): ExperimentReport => {
					const out: string[] = [];
					reportMain( [ '--experiment', EXPERIMENT, '--groups', 'control,treatment', '--unit', 'session', '--store', file2, '--json' ].concat( args ), ( t ) => out.push( t ), () => undefined );
					return JSON.parse( out[ 0 ] ) as ExperimentReport;
				};
				const fromTable = run( [ '--table', 'exp_t' ] );
				assert.true( fromTable.source.kind === 'raw' && / holds the columns the report reads as defined now only since /.test( fromTable.source.reason || '' ), `${ name }: ${ JSON.stringify( fromTable.source ) }` );
				assert.deepEqual( numbers( fromTable ), numbers( run( [ '--raw' ] ) ), `${ name }: the raw events' numbers` );
				assert.deepEqual( fromTable.groups.map( ( g ) => [ g.subjects, g.exposures, g.converted ] ), [ [ 2, 2, 1 ], [ 2, 2, 1 ] ], `${ name }: counted by hand` );
			} finally {
				rmSync( dir2, { recursive: true, force: true } );
			}
		}
	} );

	QUnit.test( 'every major version of a table is read; one that cannot serve sends the report to the raw events', ( assert ) => {
		const db = new Database( ':memory:' );
		db.exec( `CREATE TABLE mp_tables (physical TEXT, stream TEXT, name TEXT, major INTEGER, schema_id TEXT, description TEXT, dedupe INTEGER, partition_by TEXT, created_at TEXT, dropped_until TEXT);
			CREATE TABLE mp_columns (physical TEXT, name TEXT, position INTEGER, path TEXT, type TEXT, privacy TEXT, privacy_tagged INTEGER, description TEXT)` );
		const table = db.prepare( "INSERT INTO mp_tables VALUES (?, 's', 't', ?, 'x', '', 1, 'day', '', '')" );
		const column = db.prepare( "INSERT INTO mp_columns VALUES (?, ?, 0, ?, ?, 'keep', 0, '')" );
		for ( const [ physical, major ] of [ [ 't_v1', 1 ], [ 't_v2', 2 ] ] as const ) {
			table.run( physical, major );
			column.run( physical, 'action', 'action', 'string' );
			column.run( physical, 'experiments_assigned', 'experiments.assigned', 'json' );
		}
		column.run( 't_v1', 'performer_session_id', 'performer.session_id', 'string' );
		assert.deepEqual( chooseReportTable( db, DESIGN, { stream: 's' } ), { reason: 'table t_v2 has no column for performer.session_id (the subject of unit session)' } );
		column.run( 't_v2', 'performer_session_id', 'performer.session_id', 'string' );
		const choice = chooseReportTable( db, DESIGN, { stream: 's' } );
		assert.deepEqual( choice.plan && choice.plan.tables.map( ( t ) => t.physical ), [ 't_v1', 't_v2' ] );
		db.close();
	} );

	QUnit.test( 'the group from experiments.assigned.<name> (string or json), experiments.assigned or experiments (json)', ( assert ) => {
		const db = new Database( ':memory:' );
		db.exec( `CREATE TABLE mp_tables (physical TEXT, stream TEXT, name TEXT, major INTEGER, schema_id TEXT, description TEXT, dedupe INTEGER, partition_by TEXT, created_at TEXT, dropped_until TEXT);
			CREATE TABLE mp_columns (physical TEXT, name TEXT, position INTEGER, path TEXT, type TEXT, privacy TEXT, privacy_tagged INTEGER, description TEXT)` );
		const design: ExperimentDesign = Object.assign( {}, DESIGN, { experiment: 'plain_name_2026' } );
		const cases: [ string, string, string, string | null ][] = [
			[ 'a', 'experiments.assigned.plain_name_2026', 'string', null ],
			[ 'b', 'experiments.assigned.plain_name_2026', 'json', '$' ],
			[ 'c', 'experiments.assigned', 'json', '$."plain_name_2026"' ],
			[ 'd', 'experiments', 'json', '$.assigned."plain_name_2026"' ],
		];
		for ( const [ name, groupPath, type, jsonPath ] of cases ) {
			db.prepare( "INSERT INTO mp_tables VALUES (?, 's', ?, 1, 'x', '', 1, 'day', '', '')" ).run( name + '_v1', name );
			const column = db.prepare( "INSERT INTO mp_columns VALUES (?, ?, 0, ?, ?, 'keep', 0, '')" );
			column.run( name + '_v1', 'g', groupPath, type );
			column.run( name + '_v1', 'action', 'action', 'string' );
			column.run( name + '_v1', 'sid', 'performer.session_id', 'string' );
			const choice = chooseReportTable( db, design, { table: name } );
			assert.deepEqual( choice.plan && choice.plan.tables[ 0 ].group, { column: 'g', jsonPath }, `${ groupPath } (${ type })` );
		}
		const stringAssigned = chooseReportTable( db, design, { table: 'c' } );
		assert.deepEqual( stringAssigned.plan && stringAssigned.plan.name, 'c' );
		db.prepare( "UPDATE mp_columns SET type = 'string' WHERE physical = 'c_v1' AND name = 'g'" ).run();
		assert.deepEqual( chooseReportTable( db, design, { table: 'c' } ), { reason: 'column g of c_v1 (experiments.assigned) is of type string, not json' } );
		db.close();
	} );
} );
