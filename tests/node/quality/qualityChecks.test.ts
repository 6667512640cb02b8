import Database from 'better-sqlite3';
import fc from 'fast-check';
import { parseStreamModel } from '../../../intake/src/modelling/parseTables';
import { parseChecks } from '../../../intake/src/quality/checkDefinition';
import type { CheckedTable, DeclaredColumn } from '../../../intake/src/quality/checkedTable';
import type { CheckResult } from '../../../intake/src/quality/checkResult';
import { formatQualityReport } from '../../../intake/src/quality/qualityReport';
import { latestResults, RESULTS_TABLE, writeResults } from '../../../intake/src/quality/resultsTable';
import { runChecks } from '../../../intake/src/quality/runChecks';

const NOW = new Date( '2026-11-30T12:00:00Z' );

type Row = Record<string, string | number | null>;

/**
 * A table `t` with event_id, received_at, day and the given columns, holding `rows`.
 *
 * @param columns
 * @param rows
 */
function tableWith( columns: string[], rows: Row[] ): Database.Database {
	const db = new Database( ':memory:' );
	db.exec( `CREATE TABLE t (event_id TEXT, received_at TEXT, day TEXT${ columns.map( ( c ) => `, ${ c }` ).join( '' ) })` );
	const names = [ 'event_id', 'received_at', 'day' ].concat( columns.map( ( c ) => c.split( ' ' )[ 0 ] ) );
	const insert = db.prepare( `INSERT INTO t VALUES (${ names.map( () => '?' ).join( ', ' ) })` );
	rows.forEach( ( r, i ) => {
		const at = ( r.received_at as string | undefined ) || '2026-11-30T11:00:00.000Z';
		insert.run( ...names.map( ( n ) => ( n === 'event_id' ? r.event_id || `e${ i }` : n === 'received_at' ? at : n === 'day' ? at.slice( 0, 10 ) : r[ n ] === undefined ? null : r[ n ] ) ) );
	} );
	return db;
}

/**
 * Runs one declared check (raw JSON, as a definition gives it) on table t.
 *
 * @param db
 * @param raw
 * @param columns
 */
function check( db: Database.Database, raw: Record<string, unknown>, columns: DeclaredColumn[] = [] ): CheckResult {
	const parsed = parseChecks( [ raw ] );
	if ( parsed.problems.length ) {
		throw new Error( parsed.problems[ 0 ] );
	}
	const table: CheckedTable = { table: 't', columns, checks: parsed.checks };
	return runChecks( db, table, NOW )[ 0 ];
}

/**
 * `n` rows spread over day `day` (YYYY-MM-DD).
 *
 * @param day
 * @param n
 */
function rowsOn( day: string, n: number ): Row[] {
	return Array.from( { length: n }, ( _, i ) => ( { received_at: `${ day }T${ String( i % 24 ).padStart( 2, '0' ) }:00:00.000Z` } ) );
}

QUnit.module( 'quality checks', () => {
	QUnit.test( 'not_null: fails above the tolerated share of NULLs, passes at or below it, samples the NULL rows', ( assert ) => {
		const db = tableWith( [ 'page_id INTEGER' ], [ { page_id: 1 }, { page_id: null, event_id: 'x' }, { page_id: 3 }, { page_id: 4 } ] );
		const strict = check( db, { check: 'not_null', column: 'page_id' } );
		assert.deepEqual( [ strict.status, strict.value, strict.failing ], [ 'fail', 1, [ { event_id: 'x', page_id: null } ] ] );
		assert.strictEqual( strict.observed, '1 of 4 rows null (25 %)' );
		assert.strictEqual( check( db, { check: 'not_null', column: 'page_id', tolerated_share: 0.25 } ).status, 'pass', '25 % tolerated' );
		assert.strictEqual( check( db, { check: 'not_null', column: 'page_id', tolerated_share: 0.2 } ).status, 'fail', '20 % tolerated' );
		assert.strictEqual( check( db, { check: 'not_null', column: 'page_id', severity: 'warn' } ).status, 'warn', 'severity warn' );
	} );

	QUnit.test( 'samples of failing rows are the first by event_id, whatever the order the rows were written in', ( assert ) => {
		const ids = [ 'e7', 'e2', 'e9', 'e0', 'e5', 'e3', 'e8', 'e1' ];
		const db = tableWith( [ 'page_id INTEGER', 'action TEXT' ], ids.map( ( id ) => ( { event_id: id, page_id: null, action: 'hover' } ) ) );
		const expected = ( column: string, value: unknown ): Record<string, unknown>[] => [ 'e0', 'e1', 'e2', 'e3', 'e5' ].map( ( id ) => ( { event_id: id, [ column ]: value } ) );
		assert.deepEqual( check( db, { check: 'not_null', column: 'page_id' } ).failing, expected( 'page_id', null ) );
		assert.deepEqual( check( db, { check: 'accepted_values', column: 'action', values: [ 'click' ] } ).failing, expected( 'action', 'hover' ) );
		assert.deepEqual( check( db, { check: 'range', column: 'action', min: 0 } ).failing, expected( 'action', 'hover' ) );
		// Rows sharing an event_id (two events with one meta.id, or re-sends without dedupe): by value too.
		for ( const order of [ [ 'jump', 'hover' ], [ 'hover', 'jump' ] ] ) {
			const shared = tableWith( [ 'action TEXT' ], order.map( ( action ) => ( { event_id: 'e1', action } ) ) );
			assert.deepEqual( check( shared, { check: 'accepted_values', column: 'action', values: [ 'click' ] } ).failing, [ { event_id: 'e1', action: 'hover' }, { event_id: 'e1', action: 'jump' } ], `written ${ order.join( ', ' ) }` );
		}
	} );

	QUnit.test( 'a drop column\'s values are in no result (observed, samples): results outlive the column\'s retention and are published', ( assert ) => {
		const db = tableWith( [ 'title TEXT', 'n INTEGER' ], [ { title: 'Secret_A', n: 5 }, { title: 'Secret_A', n: 500 }, { title: 'Secret_B', n: 7 } ] );
		const dropped: DeclaredColumn[] = [ { name: 'title', privacyTagged: true, privacy: 'drop' }, { name: 'n', privacyTagged: true, privacy: 'drop' } ];
		const results = [
			check( db, { check: 'accepted_values', column: 'title', values: [ 'Main_Page' ] }, dropped ),
			check( db, { check: 'unique', column: 'title' }, dropped ),
			check( db, { check: 'range', column: 'n', min: 0, max: 100 }, dropped ),
		];
		assert.deepEqual( results.map( ( r ) => [ r.status, r.value ] ), [ [ 'fail', 3 ], [ 'fail', 1 ], [ 'fail', 1 ] ], 'the counts are kept' );
		assert.strictEqual( results[ 0 ].observed, '3 rows with other values (not listed: title is a drop column)' );
		assert.deepEqual( results[ 2 ].failing, [ { event_id: 'e1', n: '(drop column: value not kept)' } ] );
		const text = JSON.stringify( results );
		assert.false( /Secret_|500/.test( text ), text );
		const kept = check( db, { check: 'accepted_values', column: 'title', values: [ 'Main_Page' ] }, [ { name: 'title', privacyTagged: true, privacy: 'keep' } ] );
		assert.true( kept.observed.includes( '"Secret_A" (2)' ), 'a keep column\'s values are listed' );
	} );

	QUnit.test( 'unique: counts the rows beyond the first of each repeated value; NULLs are not repeats', ( assert ) => {
		const db = tableWith( [ 'k TEXT' ], [ { k: 'a' }, { k: 'a' }, { k: 'a' }, { k: 'b' }, { k: null }, { k: null } ] );
		const r = check( db, { check: 'unique', column: 'k' } );
		assert.deepEqual( [ r.status, r.value, r.failing ], [ 'fail', 2, [ { k: 'a', rows: 3 } ] ] );
		const ok = tableWith( [ 'k TEXT' ], [ { k: 'a' }, { k: 'b' }, { k: null }, { k: null } ] );
		assert.strictEqual( check( ok, { check: 'unique', column: 'k' } ).status, 'pass' );
	} );

	QUnit.test( 'accepted_values: fails on any other non-NULL value and names it; booleans match 1/0', ( assert ) => {
		const db = tableWith( [ 'action TEXT', 'flag INTEGER' ], [ { action: 'click', flag: 1 }, { action: 'hover', flag: 0 }, { action: 'hover', flag: 1 }, { action: null, flag: null } ] );
		const r = check( db, { check: 'accepted_values', column: 'action', values: [ 'click', 'view' ] } );
		assert.deepEqual( [ r.status, r.value, r.observed ], [ 'fail', 2, '2 rows with other values: "hover" (2)' ] );
		assert.deepEqual( r.failing.map( ( f ) => f.action ), [ 'hover', 'hover' ] );
		assert.strictEqual( check( db, { check: 'accepted_values', column: 'action', values: [ 'click', 'hover' ] } ).status, 'pass', 'NULL is not judged' );
		assert.strictEqual( check( db, { check: 'accepted_values', column: 'flag', values: [ true, false ] } ).status, 'pass' );
		assert.strictEqual( check( db, { check: 'accepted_values', column: 'flag', values: [ true ] } ).value, 1 );
	} );

	QUnit.test( 'range: fails on values below min, above max, or not numbers; bounds are inclusive; one bound may be open', ( assert ) => {
		const db = tableWith( [ 'n' ], [ { n: 0 }, { n: 10 }, { n: -1 }, { n: 11 }, { n: 'ten' }, { n: null } ] );
		const r = check( db, { check: 'range', column: 'n', min: 0, max: 10 } );
		assert.deepEqual( [ r.status, r.value ], [ 'fail', 3 ] );
		assert.deepEqual( r.failing.map( ( f ) => f.n ).sort(), [ -1, 11, 'ten' ].sort() );
		assert.strictEqual( check( db, { check: 'range', column: 'n', min: -1 } ).value, 1, 'only "ten" with min -1 and no max' );
	} );

	QUnit.test( 'freshness: warn past warn_after_hours, fail past error_after_hours or with no row', ( assert ) => {
		const at = ( hoursAgo: number ): Database.Database => tableWith( [], [ { received_at: new Date( NOW.getTime() - hoursAgo * 3600000 ).toISOString() } ] );
		const declared = { check: 'freshness', warn_after_hours: 6, error_after_hours: 24 };
		assert.deepEqual( [ check( at( 1 ), declared ).status, check( at( 1 ), declared ).value ], [ 'pass', 1 ] );
		assert.strictEqual( check( at( 7 ), declared ).status, 'warn' );
		assert.deepEqual( [ check( at( 25 ), declared ).status, check( at( 25 ), declared ).value ], [ 'fail', 25 ] );
		assert.strictEqual( check( tableWith( [], [] ), declared ).status, 'fail', 'an empty table is not fresh' );
	} );

	QUnit.test( 'freshness: the age is compared to the millisecond; times compared as times, with their offsets; no offset is UTC', ( assert ) => {
		const agedMs = ( ms: number ): Database.Database => tableWith( [], [ { received_at: new Date( NOW.getTime() - ms ).toISOString() } ] );
		const declared = { check: 'freshness', warn_after_hours: 6, error_after_hours: 24 };
		const H = 3600000;
		assert.strictEqual( check( agedMs( 6 * H ), declared ).status, 'pass', 'exactly 6 h: not older than 6 h' );
		assert.strictEqual( check( agedMs( 6 * H + 1 ), declared ).status, 'warn', '6 h and 1 ms' );
		assert.strictEqual( check( agedMs( 6 * H + 17000 ), declared ).status, 'warn', '6 h and 17 s (rounded to 6 h for display)' );
		assert.strictEqual( check( agedMs( 24 * H ), declared ).status, 'warn', 'exactly 24 h' );
		assert.strictEqual( check( agedMs( 24 * H + 17999 ), declared ).status, 'fail', '24 h and 18 s' );
		// 05:30 at −06:00 is 11:30Z, after 09:00Z (as text it sorts before).
		const offsets = tableWith( [ 'client_dt' ], [ { client_dt: '2026-11-30T09:00:00Z' }, { client_dt: '2026-11-30T05:30:00-06:00' }, { client_dt: 'not a time' }, { client_dt: null } ] );
		const r = check( offsets, { check: 'freshness', column: 'client_dt', warn_after_hours: 1, error_after_hours: 10 } );
		assert.deepEqual( [ r.status, r.value, r.observed ], [ 'pass', 0.5, 'newest row 0.5 h old (2026-11-30T11:30:00.000Z)' ] );
		const noZone = tableWith( [ 'client_dt' ], [ { client_dt: '2026-11-30T02:00:00' } ] );
		assert.strictEqual( check( noZone, { check: 'freshness', column: 'client_dt', warn_after_hours: 6, error_after_hours: 24 } ).value, 10, 'a time without an offset is UTC, whatever the machine\'s zone' );
		const noTime = tableWith( [ 'client_dt' ], [ { client_dt: 'yesterday' } ] );
		assert.deepEqual( [ check( noTime, { check: 'freshness', column: 'client_dt', warn_after_hours: 6, error_after_hours: 24 } ).status ], [ 'error' ] );
	} );

	QUnit.test( 'volume: a stream that stopped is judged every day (0 rows pass against a median of 0); a sparse stream is no burst', ( assert ) => {
		const daysOf = ( counts: [ number, number ][] ): Row[] => counts.flatMap( ( [ d, n ] ) => rowsOn( `2026-11-${ String( d ).padStart( 2, '0' ) }`, n ) );
		// 100 rows a day from 11-01 to 11-23, then nothing: the last 7 days (11-23 … 11-29) are judged.
		const stoppedRecently = tableWith( [], daysOf( Array.from( { length: 23 }, ( _, i ): [ number, number ] => [ i + 1, 100 ] ) ) );
		const recent = check( stoppedRecently, { check: 'volume' } );
		// 11-24 … 11-27 have a trailing median of 100 (four or more of the 7 days before had rows); 11-28 and 11-29 one of 0.
		assert.deepEqual( [ recent.status, recent.observed.split( ':' )[ 0 ] ], [ 'fail', '4 of 7 days outside' ], recent.observed );
		assert.deepEqual( recent.failing.map( ( f ) => f.day ), [ '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27' ] );
		// Stopped on 11-05: every day of the last 7 has 0 rows and a trailing median of 0.
		const stoppedLongAgo = tableWith( [], daysOf( [ [ 1, 100 ], [ 2, 100 ], [ 3, 100 ], [ 4, 100 ], [ 5, 100 ] ] ) );
		const old = check( stoppedLongAgo, { check: 'volume' } );
		assert.deepEqual( [ old.status, old.observed ], [ 'pass', '7 days judged, none outside' ], 'judged, not "not enough history" (freshness is the check for a stopped stream)' );
		// One to three rows on some days, none on most: never a burst; ten rows after a silent week are.
		const sparse = tableWith( [], daysOf( [ [ 1, 2 ], [ 6, 1 ], [ 12, 3 ], [ 17, 1 ], [ 23, 2 ], [ 26, 3 ], [ 29, 10 ] ] ) );
		const s = check( sparse, { check: 'volume' } );
		assert.deepEqual( s.failing, [ { day: '2026-11-29', rows: 10, trailing_median: 0 } ], s.observed );
	} );

	QUnit.test( 'row_count: the rows of the last complete UTC day, against min and max', ( assert ) => {
		const db = tableWith( [], rowsOn( '2026-11-29', 40 ).concat( rowsOn( '2026-11-30', 500 ), rowsOn( '2026-11-28', 500 ) ) );
		const r = check( db, { check: 'row_count', min: 50 } );
		assert.deepEqual( [ r.status, r.value, r.failing ], [ 'fail', 40, [ { day: '2026-11-29', rows: 40 } ] ] );
		assert.strictEqual( check( db, { check: 'row_count', min: 40, max: 40 } ).status, 'pass' );
	} );

	QUnit.test( 'volume: a missing day and a burst against the trailing median; neighbours and the first days are not judged', ( assert ) => {
		// 11-16 … 11-29: 100 rows a day, none on 11-25, 400 on 11-27.
		const days: Row[] = [];
		for ( let d = 16; d <= 29; d++ ) {
			days.push( ...rowsOn( `2026-11-${ d }`, d === 25 ? 0 : d === 27 ? 400 : 100 ) );
		}
		const db = tableWith( [], days );
		const r = check( db, { check: 'volume' } );
		assert.deepEqual( [ r.status, r.value, r.failing ], [ 'fail', 2, [
			{ day: '2026-11-25', rows: 0, trailing_median: 100 },
			{ day: '2026-11-27', rows: 400, trailing_median: 100 },
		] ] );
		assert.strictEqual( check( db, { check: 'volume', max_ratio: 5 } ).value, 1, 'the burst is within ×5; the missing day is not' );
		const young = tableWith( [], rowsOn( '2026-11-27', 100 ).concat( rowsOn( '2026-11-28', 1 ) ) );
		assert.deepEqual( [ check( young, { check: 'volume' } ).status, check( young, { check: 'volume' } ).observed ], [ 'pass', 'no day judged yet (not enough history)' ] );
	} );

	QUnit.test( 'schema: forbidden columns, undeclared identifiers and untagged identifiers fail; system and tagged columns pass', ( assert ) => {
		const db = tableWith( [ 'page_id', 'performer_name', 'session_token', 'performer_id', 'user_ip', 'action' ], [] );
		const declared: DeclaredColumn[] = [
			{ name: 'page_id', privacyTagged: false }, { name: 'performer_id', privacyTagged: true },
			{ name: 'session_token', privacyTagged: false }, { name: 'action', privacyTagged: false }, { name: 'user_ip', privacyTagged: true },
		];
		const r = check( db, { check: 'schema', forbidden_columns: [ 'user_ip' ] }, declared );
		assert.deepEqual( r.failing, [
			{ column: 'performer_name', reason: 'undeclared identifier column' },
			{ column: 'session_token', reason: 'identifier without a privacy tag' },
			{ column: 'user_ip', reason: 'forbidden column' },
		] );
		assert.deepEqual( [ r.status, r.value ], [ 'fail', 3 ] );
		const clean = check( db, { check: 'schema' }, declared.concat( { name: 'performer_name', privacyTagged: true } ).map( ( c ) => Object.assign( {}, c, { privacyTagged: true } ) ) );
		assert.strictEqual( clean.status, 'pass', 'all tagged, nothing forbidden' );
	} );

	QUnit.test( 'a check that cannot run is an error with the reason; the other checks still run', ( assert ) => {
		const db = tableWith( [ 'a' ], [ { a: 1 } ] );
		const parsed = parseChecks( [ { check: 'not_null', column: 'b' }, { check: 'not_null', column: 'a' } ] );
		const [ missing, present ] = runChecks( db, { table: 't', columns: [], checks: parsed.checks }, NOW );
		assert.deepEqual( [ missing.status, missing.observed ], [ 'error', 'could not run: t has no column b' ] );
		assert.strictEqual( present.status, 'pass' );
		const none = runChecks( db, { table: 'nope', columns: [], checks: parsed.checks }, NOW );
		assert.deepEqual( none.map( ( x ) => x.status ), [ 'error', 'error' ] );
		assert.strictEqual( none[ 0 ].observed, 'could not run: no table nope' );
	} );

	QUnit.test( 'parseChecks: defaults, one message per bad check naming it, the others kept; never throws', ( assert ) => {
		const parsed = parseChecks( [
			{ check: 'volume' },
			{ check: 'range', column: 'n' },
			{ check: 'nope' },
			{ check: 'not_null', column: 'a', tolerated_share: 2 },
			{ check: 'freshness', error_after_hours: 24, warn_after_hours: 48 },
			{ check: 'unique', column: 'a', extra: 1 },
			'unique',
		], 'table t' );
		assert.deepEqual( parsed.checks, [ { check: 'volume', trailing_days: 7, lookback_days: 7, max_ratio: 3, severity: 'error' } ] );
		assert.deepEqual( parsed.problems, [
			'table t[1]: range needs "min", "max" or both',
			'table t[2]: "check" must be one of not_null, unique, accepted_values, range, freshness, row_count, volume, schema',
			'table t[3]: not_null: "tolerated_share" must be a number from 0 to 1',
			'table t[4]: freshness needs "error_after_hours" above 0, and "warn_after_hours" (optional) above 0 and at most error_after_hours',
			'table t[5]: unique has no field "extra" (it takes column, severity)',
			'table t[6]: each check is an object with a "check" name',
		] );
		assert.deepEqual( parseChecks( { check: 'unique' } ).problems, [ 'checks: "checks" must be an array' ] );
		assert.deepEqual( parseChecks( [ { check: 'accepted_values', column: 'a', values: Array.from( { length: 201 }, ( _, i ) => i ) } ], 'table t' ).problems,
			[ 'table t[0]: accepted_values takes at most 200 values (201 given)' ], 'bounded, as the wiki\'s definition schema' );
		assert.strictEqual( parseChecks( [ { check: 'accepted_values', column: 'a', values: Array.from( { length: 200 }, ( _, i ) => i ) } ] ).checks.length, 1 );
		fc.assert( fc.property( fc.anything(), ( raw ) => {
			const r = parseChecks( raw );
			return Array.isArray( r.checks ) && Array.isArray( r.problems );
		} ) );
		fc.assert( fc.property( fc.array( fc.record( { check: fc.constantFrom( 'not_null', 'unique', 'range', 'volume', 'schema', 'freshness' ), column: fc.anything(), min: fc.anything(), max: fc.anything(), error_after_hours: fc.anything(), identifier_pattern: fc.anything() }, { requiredKeys: [ 'check' ] } ) ), ( raw ) => {
			const r = parseChecks( raw );
			return r.checks.length + r.problems.length === raw.length && r.unusable.length === r.problems.length &&
				r.unusable.every( ( u, i ) => u.problem === r.problems[ i ] && u.check === raw[ Number( /\[(\d+)\]:/.exec( u.problem )?.[ 1 ] ) ].check );
		} ) );
	} );

	QUnit.test( 'results table: one run written in one go, the latest run read back, old results pruned', ( assert ) => {
		const db = tableWith( [ 'a' ], [ { a: null } ] );
		const checks = parseChecks( [ { check: 'not_null', column: 'a' } ] ).checks;
		const old = runChecks( db, { table: 't', columns: [], checks }, new Date( '2026-06-01T00:00:00Z' ) );
		writeResults( db, old );
		const first = runChecks( db, { table: 't', columns: [], checks }, new Date( '2026-11-30T11:00:00Z' ) );
		writeResults( db, first );
		assert.deepEqual( latestResults( db, 't' ), first );
		const second = runChecks( db, { table: 't', columns: [], checks }, NOW );
		writeResults( db, second );
		assert.deepEqual( latestResults( db, 't' ), second );
		assert.deepEqual( latestResults( db, 'other' ), [] );
		assert.strictEqual( ( db.prepare( `SELECT COUNT(*) AS n FROM ${ RESULTS_TABLE }` ).get() as { n: number } ).n, 2, 'the June run is older than 90 days: pruned' );
		assert.deepEqual( latestResults( new Database( ':memory:' ), 't' ), [], 'a store never checked' );
	} );

	QUnit.test( 'the report: a summary line, one line per check, samples under what did not pass', ( assert ) => {
		const db = tableWith( [ 'a' ], [ { a: null, event_id: 'n1' }, { a: 1 } ] );
		const checks = parseChecks( [ { check: 'not_null', column: 'a' }, { check: 'unique', column: 'a' } ] ).checks;
		const text = formatQualityReport( runChecks( db, { table: 't', columns: [], checks }, NOW ) );
		assert.strictEqual( text, [
			'Data quality 2026-11-30T12:00:00.000Z: 1 table, 2 checks — 1 pass, 0 warn, 1 fail, 0 error',
			'',
			't',
			'  FAIL  not_null(a)  1 of 2 rows null (50 %) — expected at most 0 % null',
			'                     e.g. event_id="n1" a=null',
			'  pass  unique(a)    no value repeated — expected no value in two rows',
		].join( '\n' ) );
	} );

	QUnit.test( 'a table definition declares its checks under "checks"; a bad check is named by its field and leaves the table and its other checks in', ( assert ) => {
		const good = { name: 'clicks', columns: [ { path: 'action' } ], checks: [ { check: 'accepted_values', column: 'action', values: [ 'click' ] } ] };
		const bad = { name: 'views', columns: [ { path: 'action' } ], checks: [ { check: 'unique', column: 'action' }, { check: 'range', column: 'action' }, { check: 'not_nul', column: 'action' }, 7 ] };
		const { model, problems } = parseStreamModel( { tables: [ good, bad ] } );
		assert.deepEqual( model.tables.map( ( t ) => [ t.name, t.checks ] ), [
			[ 'clicks', [ { check: 'accepted_values', column: 'action', values: [ 'click' ], severity: 'error' } ] ],
			[ 'views', [ { check: 'unique', column: 'action', severity: 'error' } ] ],
		] );
		assert.deepEqual( model.tables[ 1 ].unusableChecks, [
			{ check: 'range', column: 'action', problem: 'tables[1].checks[1]: range needs "min", "max" or both' },
			{ check: 'not_nul', column: 'action', problem: 'tables[1].checks[2]: "check" must be one of not_null, unique, accepted_values, range, freshness, row_count, volume, schema' },
			{ check: 'tables[1].checks[3]', column: null, problem: 'tables[1].checks[3]: each check is an object with a "check" name' },
		] );
		assert.strictEqual( model.tables[ 0 ].unusableChecks, undefined, 'a table whose checks are all usable has none' );
		assert.deepEqual( problems, [
			'tables[1].checks[1]: range needs "min", "max" or both',
			'tables[1].checks[2]: "check" must be one of not_null, unique, accepted_values, range, freshness, row_count, volume, schema',
			'tables[1].checks[3]: each check is an object with a "check" name',
		] );
		const both = parseStreamModel( { tables: [ Object.assign( {}, bad, { partition: 'week' } ) ] } );
		assert.deepEqual( [ both.model.tables, both.problems.length ], [ [], 4 ], 'a table with a problem of its own is still left out' );
	} );
} );
