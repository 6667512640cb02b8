/**
 * The data-quality checks on PostgreSQL: the same generated data set with injected faults, sent
 * through a real intake into SQLite and into a real PostgreSQL (a throwaway cluster on loopback),
 * gives the same results (status, observed value, threshold, samples) and the same report; and the
 * intake's schedule, shared by two processes, writes one result set per slot. Skipped (not passed)
 * without PostgreSQL.
 */
import Database from 'better-sqlite3';
import { ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { catalogMain } from '../../../intake/src/datasetDocs/catalogCli';
import { createDocsSource } from '../../../intake/src/datasetDocs/docsSource';
import { readDefinitions } from '../../../intake/src/definitionSources';
import { createModelCatalog } from '../../../intake/src/modelling/modelCatalog';
import { queryMain } from '../../../intake/src/modelling/queryCli';
import { parseTablesFile } from '../../../intake/src/modelling/parseTables';
import { createSchemaDocuments } from '../../../intake/src/modelling/schemaDocuments';
import { createPostgresSink, PostgresSink, READ_TYPES } from '../../../intake/src/postgres/postgresSink';
import { latestPgResults } from '../../../intake/src/postgres/quality';
import { schedulePgQuality } from '../../../intake/src/postgres/qualitySchedule';
import { qualityMain } from '../../../intake/src/quality/qualityCli';
import { tablesWithChecks } from '../../../intake/src/quality/qualityRun';
import { latestResults } from '../../../intake/src/quality/resultsTable';
import { post, SCHEMAS_DIR, STREAMS, validEvent, WEB } from '../intakeHarness';
import { postgresBinDir, startThrowawayPostgres, ThrowawayPostgres, throwawayPool } from '../throwawayPostgres';
import { DATA_SET_NOW, DATA_SET_SECRET, ingestFaultyDataSet, sharedFaultyDataSet } from './faultyDataSet';

const test = postgresBinDir() ? QUnit.test : QUnit.skip;
const ROOT = path.resolve( __dirname, '../../..' );

/**
 * Starts `mp-intake` (the built one) with these arguments; resolves once it listens, with everything
 * it printed so far and after.
 *
 * @param args
 */
function startCli( args: string[] ): Promise<{ child: ChildProcess; url: string; output: () => string }> {
	const child = spawn( process.execPath, [ path.join( ROOT, 'intake/bin/mp-intake.cjs' ), '--port', '0', ...args ], { stdio: [ 'ignore', 'pipe', 'pipe' ] } );
	let out = '';
	child.stderr!.on( 'data', ( chunk ) => {
		out += chunk;
	} );
	return new Promise( ( resolve, reject ) => {
		child.stdout!.on( 'data', ( chunk ) => {
			out += chunk;
			const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec( out );
			if ( m ) {
				resolve( { child, url: m[ 1 ], output: () => out } );
			}
		} );
		child.once( 'exit', ( code ) => reject( new Error( `mp-intake exited with ${ code } before listening: ${ out }` ) ) );
	} );
}

QUnit.module( 'quality on PostgreSQL', ( hooks ) => {
	let cluster: ThrowawayPostgres | null = null;
	let databases = 0;
	let dir: string;
	hooks.before( async () => {
		if ( postgresBinDir() ) {
			// fsync off: nothing here cuts the machine's power.
			cluster = await startThrowawayPostgres( { fsync: 'off', synchronous_commit: 'off' } );
		}
	} );
	hooks.after( () => {
		cluster?.stop();
	} );
	hooks.beforeEach( () => {
		dir = mkdtempSync( path.join( os.tmpdir(), 'mp-quality-pg-' ) );
	} );
	hooks.afterEach( () => {
		rmSync( dir, { recursive: true, force: true } );
	} );

	async function newDatabase(): Promise<string> {
		const name = `mp_quality_${ ++databases }`;
		const admin = throwawayPool( { connectionString: cluster!.url, max: 1 } );
		await admin.query( `CREATE DATABASE ${ name }` );
		await admin.end();
		return cluster!.baseUrl + name;
	}

	test( 'the faulty data set through the intake: the same results, report, dataset documentation and mp-query answers from PostgreSQL as from SQLite', async ( assert ) => {
		const url = await newDatabase();
		const pgData = await ingestFaultyDataSet( dir, DATA_SET_NOW, {
			name: url,
			open: ( clock ) => createPostgresSink( url, { hashSecret: DATA_SET_SECRET, log: () => undefined, now: clock } ),
		} );
		const sqliteData = await sharedFaultyDataSet();
		const sqliteStore = path.join( dir, 'events.sqlite' );
		copyFileSync( sqliteData.store, sqliteStore );
		assert.deepEqual( pgData.rows, sqliteData.rows, 'the same data set' );
		assert.strictEqual( pgData.requests, sqliteData.requests );

		const pool = throwawayPool( { connectionString: url, max: 1, types: READ_TYPES } );
		try {
			for ( const [ table, sent ] of Object.entries( pgData.rows ) ) {
				assert.strictEqual( ( await pool.query( `SELECT COUNT(*) AS n FROM ${ table }` ) ).rows[ 0 ].n, sent, `${ table }: a row for each event sent` );
			}
			const runOn = async ( store: string ): Promise<{ status: number; out: string[]; err: string[] }> => {
				const out: string[] = [];
				const err: string[] = [];
				const status = await qualityMain( [ '--store', store, '--tables', pgData.tablesFile ], ( t ) => out.push( t ), ( t ) => err.push( t ), DATA_SET_NOW );
				return { status, out, err };
			};
			const fromPg = await runOn( url );
			const fromSqlite = await runOn( sqliteStore );
			assert.deepEqual( fromPg, fromSqlite, 'the same exit status and the same report, word for word' );
			assert.strictEqual( fromPg.status, 1, 'the injected faults fail' );

			const db = new Database( sqliteStore, { readonly: true } );
			try {
				for ( const table of [ 'clicks_v1', 'searches_v1', 'edits_v1' ] ) {
					const pgResults = await latestPgResults( pool, table );
					assert.deepEqual( pgResults, latestResults( db, table ), `${ table }: the same results in the results table (status, observed value, threshold, samples)` );
					assert.true( pgResults.length >= 8, `${ table }: every check ran (${ pgResults.length })` );
				}
			} finally {
				db.close();
			}
			const failed = ( await pool.query( "SELECT table_name, check_name, column_name, observed_value, failing_rows FROM mp_quality_results WHERE status <> 'pass' ORDER BY seq" ) ).rows;
			assert.deepEqual(
				failed.map( ( r ) => `${ r.table_name } ${ r.check_name } ${ r.column_name } ${ r.observed_value }` ).sort(),
				pgData.injected.map( ( f ) => `${ f.table } ${ f.check } ${ f.column } ${ f.value }` ).sort(),
				'on PostgreSQL too, exactly the injected faults',
			);
			const nulls = failed.find( ( r ) => r.check_name === 'not_null' );
			assert.strictEqual( JSON.parse( nulls.failing_rows ).length, 5, 'a sample of the NULL rows' );

			// The dataset documentation, with the latest check results: from PostgreSQL as from SQLite.
			const exportOn = async ( store: string, name: string, platform: string[] ): Promise<{ status: number; markdown: Record<string, string>; datahub: unknown }> => {
				const markdown = path.join( dir, `${ name }-docs` );
				const datahub = path.join( dir, `${ name }-datahub.json` );
				const status = await catalogMain( [ 'export', '--store', store, '--tables', pgData.tablesFile, '--markdown', markdown, '--datahub', datahub, ...platform ], () => undefined, ( t ) => assert.true( false, t ), DATA_SET_NOW );
				return { status, markdown: Object.fromEntries( readdirSync( markdown ).map( ( f ) => [ f, readFileSync( path.join( markdown, f ), 'utf8' ) ] ) ), datahub: JSON.parse( readFileSync( datahub, 'utf8' ) ) };
			};
			const docsPg = await exportOn( url, 'pg', [ '--platform', 'sqlite' ] );
			assert.deepEqual( docsPg, await exportOn( sqliteStore, 'sqlite', [] ), 'mp-catalog export: the same Markdown and DataHub file' );
			assert.deepEqual( Object.keys( docsPg.markdown ).sort(), [ 'clicks_v1.md', 'edits_v1.md', 'searches_v1.md' ] );
			assert.true( docsPg.markdown[ 'clicks_v1.md' ].includes( '25 of 2,731 rows null' ), 'with the latest check results' );
			const pgPlatform = JSON.stringify( ( await exportOn( url, 'pg-default', [] ) ).datahub );
			assert.true( pgPlatform.includes( 'urn:li:dataPlatform:postgres' ) && !pgPlatform.includes( 'urn:li:dataPlatform:sqlite' ), 'the platform defaults to the store\'s' );
			const definitions = await readDefinitions( { tables: pgData.tablesFile }, () => undefined );
			const served = [ createDocsSource( url ), createDocsSource( sqliteStore ) ];
			try {
				for ( const query of [ { table: 'clicks_v1' }, { stream: 'mywiki.edits' }, { table: 'nope' } ] ) {
					const [ docPg, docSqlite ] = await Promise.all( served.map( ( s ) => s.documents( query, definitions ) ) );
					assert.deepEqual( docPg, docSqlite, `the read side's documentation of ${ JSON.stringify( query ) }` );
				}
			} finally {
				await Promise.all( served.map( ( s ) => s.close() ) );
			}

			// mp-query: the same tables listed and the same answers from both stores; PostgreSQL runs it read-only.
			const queryOn = async ( store: string, args: string[] ): Promise<string[]> => {
				const lines: string[] = [];
				assert.strictEqual( await queryMain( [ '--store', store, ...args ], ( l ) => lines.push( l ) ), 0 );
				return lines;
			};
			const withoutRawLine = ( text: string[] ): string => text.join( '\n' ).replace( /\nevents {2}\(raw events: [^\n]*/, '' );
			const listedPg = await queryOn( url, [] );
			assert.strictEqual( withoutRawLine( listedPg ), withoutRawLine( await queryOn( sqliteStore, [] ) ), 'mp-query lists the same tables, columns and row counts' );
			assert.true( listedPg.join( '\n' ).includes( "body->'page'->>'id'" ), 'the raw events in PostgreSQL\'s words' );
			for ( const sql of [ 'SELECT action, COUNT(*) AS n FROM clicks_v1 GROUP BY action ORDER BY action', 'SELECT event_id, page_id FROM clicks_v1 WHERE page_id IS NULL ORDER BY event_id LIMIT 3' ] ) {
				assert.deepEqual( await queryOn( url, [ '--json', sql ] ), await queryOn( sqliteStore, [ '--json', sql ] ), sql );
				assert.deepEqual( await queryOn( url, [ sql ] ), await queryOn( sqliteStore, [ sql ] ), `${ sql } (as a table)` );
			}
			await assert.rejects( queryMain( [ '--store', url, 'DELETE FROM clicks_v1' ], () => undefined ), /read-only transaction/ );
			await assert.rejects( queryMain( [ '--store', url, 'COMMIT; DELETE FROM clicks_v1' ], () => undefined ), /multiple commands/, 'one statement only: nothing runs outside the transaction' );
			assert.strictEqual( ( await pool.query( 'SELECT COUNT(*) AS n FROM clicks_v1' ) ).rows[ 0 ].n, pgData.rows.clicks_v1, 'nothing deleted' );
			await assert.rejects( queryMain( [ '--store', 'postgres://mp:secret@127.0.0.1:1/none' ], () => undefined ), ( e: Error ) => e.message.startsWith( 'postgres://mp:***@127.0.0.1:1/none: ' ), 'the URL without its password' );
		} finally {
			await pool.end();
		}
	} );

	test( 'mp-quality and mp-catalog --store postgres://: a database they cannot reach is exit status 2, with the URL without its password', async ( assert ) => {
		const tablesFile = ( await sharedFaultyDataSet() ).tablesFile;
		const err: string[] = [];
		// Port 1 on loopback: nothing listens there.
		const status = await qualityMain( [ '--store', 'postgres://mp:secret@127.0.0.1:1/none', '--tables', tablesFile ], () => undefined, ( t ) => err.push( t ), DATA_SET_NOW );
		assert.strictEqual( status, 2 );
		assert.true( err.length === 1 && err[ 0 ].startsWith( 'mp-quality: postgres://mp:***@127.0.0.1:1/none: ' ), err.join( '\n' ) );
		const catalogErr: string[] = [];
		const catalogStatus = await catalogMain( [ 'export', '--store', 'postgres://mp:secret@127.0.0.1:1/none', '--markdown', path.join( dir, 'docs' ) ], () => undefined, ( t ) => catalogErr.push( t ), DATA_SET_NOW );
		assert.strictEqual( catalogStatus, 2, 'mp-catalog too' );
		assert.true( catalogErr.length === 1 && catalogErr[ 0 ].startsWith( 'mp-catalog: postgres://mp:***@127.0.0.1:1/none: ' ), catalogErr.join( '\n' ) );
	} );

	test( 'the intake\'s schedule shared by 2 processes: one result set per slot, not two', async ( assert ) => {
		const url = await newDatabase();
		const tables = parseTablesFile( {
			'test.quality': { tables: [ {
				name: 'clicks',
				columns: [ { path: 'page.id' }, { path: 'action' } ],
				checks: [ { check: 'not_null', column: 'page_id' }, { check: 'accepted_values', column: 'action', values: [ 'click' ] }, { check: 'row_count', min: 1 } ],
			} ] },
		} );
		assert.deepEqual( tables.problems, [] );
		const catalog = createModelCatalog( null, tables );
		let clock = Date.parse( '2026-11-30T12:00:00.000Z' );
		const readClock = (): number => clock;
		const processes: PostgresSink[] = await Promise.all( [ 1, 2 ].map( () => createPostgresSink( url, { log: () => undefined, now: readClock } ) ) );
		for ( const sink of processes ) {
			sink.setModels!( catalog, createSchemaDocuments( SCHEMAS_DIR ) );
		}
		// Sent in descending meta.id order, so that the table's own order is not the samples' order.
		const events = Array.from( { length: 10 }, ( _, i ) => ( {
			$schema: WEB,
			action: i === 3 ? 'view' : 'click',
			agent: { client_platform: 'mediawiki_js', client_platform_family: 'desktop_browser' },
			dt: '2026-11-29T10:00:00.000Z',
			page: i >= 4 ? {} : { id: i + 1 },
			meta: { stream: 'test.quality', id: `00000000-0000-4000-8000-00000000000${ i }`, dt: '2026-11-29T10:00:01.000Z' },
		} ) ).reverse();
		assert.deepEqual( await processes[ 0 ].write( events ), { stored: 10, duplicates: 0 } );
		const logs: string[][] = [ [], [] ];
		const schedules = processes.map( ( sink, i ) => schedulePgQuality( {
			sink, everyMs: 3600000, tables: () => tablesWithChecks( catalog ), log: ( m ) => logs[ i ].push( m ), now: () => new Date( clock ),
		} ) );
		const runSets = async (): Promise<{ run_id: string; n: number }[]> => ( await processes[ 0 ].pool.query( 'SELECT run_id, COUNT(*)::int AS n FROM mp_quality_results GROUP BY run_id ORDER BY run_id' ) ).rows;
		try {
			// Both processes' timers fire at the slot's start.
			const first = await Promise.all( schedules.map( ( s ) => s.runNow() ) );
			assert.deepEqual( first.slice().sort(), [ 0, 3 ], 'one process ran the 3 checks, the other nothing' );
			assert.deepEqual( await runSets(), [ { run_id: '2026-11-30T12:00:00.000Z', n: 3 } ] );
			clock += 10 * 60000;
			assert.deepEqual( await Promise.all( schedules.map( ( s ) => s.runNow() ) ), [ 0, 0 ], 'later in the same slot: neither runs' );
			clock = Date.parse( '2026-11-30T13:00:00.000Z' );
			const second = await Promise.all( schedules.map( ( s ) => s.runNow() ) );
			assert.deepEqual( second.slice().sort(), [ 0, 3 ], 'the next slot: one run again' );
			assert.deepEqual( await runSets(), [ { run_id: '2026-11-30T12:00:00.000Z', n: 3 }, { run_id: '2026-11-30T13:00:00.000Z', n: 3 } ], 'one result set per slot' );
			assert.deepEqual( logs.flat(), [
				'quality: 3 checks — 1 pass, 0 warn, 2 fail, 0 error (clicks_v1 not_null(page_id) fail; clicks_v1 accepted_values(action) fail); results in mp_quality_results',
				'quality: 3 checks — 1 pass, 0 warn, 2 fail, 0 error (clicks_v1 not_null(page_id) fail; clicks_v1 accepted_values(action) fail); results in mp_quality_results',
			], 'one line per run, from the process that ran it' );
			const results = await latestPgResults( processes[ 1 ].pool, 'clicks_v1' );
			assert.deepEqual( results.map( ( r ) => [ r.check, r.status, r.value, r.failing ] ), [
				[ 'not_null', 'fail', 6, [ 4, 5, 6, 7, 8 ].map( ( i ) => ( { event_id: `00000000-0000-4000-8000-00000000000${ i }`, page_id: null } ) ) ],
				[ 'accepted_values', 'fail', 1, [ { event_id: '00000000-0000-4000-8000-000000000003', action: 'view' } ] ],
				[ 'row_count', 'pass', 10, [] ],
			], 'samples: the first failing rows by event_id' );
		} finally {
			await Promise.all( schedules.map( ( s ) => s.stop() ) );
			await Promise.all( processes.map( ( s ) => s.close() ) );
		}
	} );

	test( 'mp-intake --processes 2 --quality-every: the two processes write one result set per slot', async ( assert ) => {
		const url = await newDatabase();
		const streamsFile = path.join( dir, 'streams.json' );
		writeFileSync( streamsFile, JSON.stringify( STREAMS ) );
		const tablesFile = path.join( dir, 'tables.json' );
		writeFileSync( tablesFile, JSON.stringify( { 'test.web': { tables: [ {
			name: 'actions',
			columns: [ { path: 'action' } ],
			checks: [ { check: 'not_null', column: 'action' }, { check: 'accepted_values', column: 'action', values: [ 'click' ] } ],
		} ] } } ) );
		// Slots of 3 s (0.05 minutes).
		const SLOT_MS = 3000;
		const intake = await startCli( [ '--processes', '2', '--streams', streamsFile, '--tables', tablesFile, '--store', url,
			'--hash-secret-file', path.join( dir, 'hash-secret' ), '--quality-every', '0.05' ] );
		const pool = throwawayPool( { connectionString: url, max: 1 } );
		pool.on( 'error', () => undefined );
		try {
			assert.strictEqual( ( await post( intake.url, [ validEvent(), validEvent(), validEvent() ] ) ).status, 201 );
			// Wait for three result sets (about 9 s), however long the machine takes.
			let sets: { run_id: string; n: number }[] = [];
			const giveUp = Date.now() + 40000;
			while ( sets.length < 3 ) {
				if ( Date.now() > giveUp ) {
					throw new Error( `only ${ sets.length } result sets after 40 s: ${ intake.output() }` );
				}
				await new Promise( ( resolve ) => setTimeout( resolve, 200 ) );
				sets = ( await pool.query( 'SELECT run_id, COUNT(*)::int AS n FROM mp_quality_results GROUP BY run_id ORDER BY run_id' ) ).rows;
			}
			const slots = sets.map( ( s ) => Math.floor( Date.parse( s.run_id ) / SLOT_MS ) );
			assert.deepEqual( sets.map( ( s ) => s.n ), sets.map( () => 2 ), 'each result set holds the 2 checks once' );
			assert.strictEqual( new Set( slots ).size, sets.length, `one result set per slot (${ sets.map( ( s ) => s.run_id ).join( ', ' ) })` );
			// A run logs its line after its results are committed: wait for the lines of the sets seen,
			// then read the lines before the sets (so that no line can be of a set not counted).
			const lineCount = (): number => intake.output().split( '\n' ).filter( ( l ) => l.includes( 'quality: 2 checks' ) ).length;
			while ( lineCount() < 3 && Date.now() < giveUp ) {
				await new Promise( ( resolve ) => setTimeout( resolve, 100 ) );
			}
			const lines = lineCount();
			const setsNow = ( await pool.query( 'SELECT COUNT(DISTINCT run_id)::int AS n FROM mp_quality_results' ) ).rows[ 0 ].n;
			assert.true( lines >= 3 && lines <= setsNow, `one log line per run, from the process that ran it: ${ lines } lines, ${ setsNow } result sets` );
		} finally {
			await pool.end();
			intake.child.kill( 'SIGTERM' );
			await new Promise( ( resolve ) => intake.child.once( 'exit', resolve ) );
		}
	} );
} );
