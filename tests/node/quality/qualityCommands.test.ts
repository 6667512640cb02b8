import Ajv from 'ajv';
import Database from 'better-sqlite3';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { catalogMain } from '../../../intake/src/datasetDocs/catalogCli';
import { createDocsSource } from '../../../intake/src/datasetDocs/docsSource';
import { parseTablesFile } from '../../../intake/src/modelling/parseTables';
import { qualityMain } from '../../../intake/src/quality/qualityCli';
import { scheduleQuality } from '../../../intake/src/quality/qualitySchedule';
import { RESULTS_TABLE } from '../../../intake/src/quality/resultsTable';
import { createSqliteSink } from '../../../intake/src/sqliteSink';
import { startIntake } from '../intakeHarness';
import { DATA_SET_NOW, sharedFaultyDataSet } from './faultyDataSet';

const NOW = DATA_SET_NOW;
const ignore = (): void => undefined;

QUnit.module( 'quality and catalog commands, the schedule, the read side', ( hooks ) => {
	let dir: string;
	let store: string;
	let tablesFile: string;
	hooks.beforeEach( async () => {
		dir = mkdtempSync( path.join( os.tmpdir(), 'mp-quality-' ) );
		store = path.join( dir, 'events.sqlite' );
		tablesFile = path.join( dir, 'tables.json' );
		// The data set as the intake stored it, copied: these tests write to the store.
		const data = await sharedFaultyDataSet();
		copyFileSync( data.store, store );
		writeFileSync( tablesFile, JSON.stringify( data.definitions ) );
	} );
	hooks.afterEach( () => {
		rmSync( dir, { recursive: true, force: true } );
	} );

	function capture(): { lines: string[]; push: ( text: string ) => void } {
		const lines: string[] = [];
		return { lines, push: ( text ) => lines.push( text ) };
	}

	QUnit.test( 'mp-quality: runs the checks the tables file declares, prints the report, exits 1 on a failure, keeps the results', async ( assert ) => {
		const out = capture();
		const err = capture();
		const status = await qualityMain( [ '--store', store, '--tables', tablesFile ], out.push, err.push, NOW );
		assert.strictEqual( status, 1, 'a check failed' );
		const report = out.lines.join( '\n' );
		assert.true( report.startsWith( 'Data quality 2026-11-30T12:00:00.000Z: 3 tables, 25 checks — 21 pass, 0 warn, 4 fail, 0 error' ), report.split( '\n' )[ 0 ] );
		assert.strictEqual( report.split( '\n' ).filter( ( l ) => l.startsWith( '  FAIL' ) ).length, 4 );
		assert.deepEqual( err.lines, [] );
		const db = new Database( store, { readonly: true } );
		assert.strictEqual( ( db.prepare( `SELECT COUNT(*) AS n FROM ${ RESULTS_TABLE }` ).get() as { n: number } ).n, 25 );
		db.close();
		assert.strictEqual( await qualityMain( [ '--store', store ], out.push, err.push, NOW ), 2, 'no definitions: usage' );
		assert.strictEqual( await qualityMain( [ '--store', path.join( dir, 'none.sqlite' ), '--tables', tablesFile ], out.push, err.push, NOW ), 2, 'no store' );
	} );

	QUnit.test( 'mp-catalog export: Markdown per table and a DataHub file that validates against the MCP shape', async ( assert ) => {
		await qualityMain( [ '--store', store, '--tables', tablesFile ], ignore, ignore, NOW );
		const out = capture();
		const markdown = path.join( dir, 'docs' );
		const datahub = path.join( dir, 'datahub.json' );
		const status = await catalogMain( [ 'export', '--store', store, '--tables', tablesFile, '--markdown', markdown, '--datahub', datahub ], out.push, ignore, NOW );
		assert.strictEqual( status, 0 );
		// 3 tables × (properties, schema, tags, lineage; no owner in a tables file) + 3 streams' properties.
		assert.deepEqual( out.lines, [ `mp-catalog: 3 table(s) documented: 3 Markdown file(s) in ${ markdown }; 15 metadata change proposals in ${ datahub }` ] );
		const clicks = readFileSync( path.join( markdown, 'clicks_v1.md' ), 'utf8' );
		assert.true( clicks.includes( '| Retention | raw events 60 days; `edit_count` nulled after 60 days; `performer_session_id` stored only as keyed hashes |' ), 'retention from the tables file' );
		assert.true( clicks.includes( '| fail | `not_null(page_id)` | 25 of' ), 'the latest check results' );
		const schema = JSON.parse( readFileSync( path.join( __dirname, '../../../tests/fixtures/datahub-mcp.schema.json' ), 'utf8' ) );
		const validate = new Ajv( { strict: false } ).compile( schema );
		assert.true( validate( JSON.parse( readFileSync( datahub, 'utf8' ) ) ), JSON.stringify( validate.errors ) );
		assert.strictEqual( await catalogMain( [ 'export', '--store', store ], ignore, ignore, NOW ), 2, 'nothing to write: usage' );
		// --now fixes the time the DataHub file stamps: the same store, the same file (whatever the clock says).
		const fixed = ( file: string, clock: Date ): Promise<number> => catalogMain( [ 'export', '--store', store, '--datahub', file, '--now', '2026-11-30T13:00:00Z' ], ignore, ignore, clock );
		assert.deepEqual( [ await fixed( path.join( dir, 'a.json' ), NOW ), await fixed( path.join( dir, 'b.json' ), new Date( NOW.getTime() + 86400000 ) ) ], [ 0, 0 ] );
		assert.strictEqual( readFileSync( path.join( dir, 'a.json' ), 'utf8' ), readFileSync( path.join( dir, 'b.json' ), 'utf8' ) );
		assert.true( readFileSync( path.join( dir, 'a.json' ), 'utf8' ).includes( String( Date.parse( '2026-11-30T13:00:00Z' ) ) ), 'stamped with --now' );
		assert.strictEqual( await catalogMain( [ 'export', '--store', store, '--datahub', path.join( dir, 'c.json' ), '--now', 'soon' ], ignore, ignore, NOW ), 2 );
	} );

	QUnit.test( 'the schedule: runs only when tables with checks exist; logs one line per run', ( assert ) => {
		const logs: string[] = [];
		const data = parseTablesFile( JSON.parse( readFileSync( tablesFile, 'utf8' ) ) );
		let tables = Array.from( data.streams ).flatMap( ( [ stream, model ] ) => model.tables.map( ( t ) => ( { stream, name: t.name, columns: t.columns, checks: t.checks } ) ) );
		const schedule = scheduleQuality( { store, everyMs: 3600000, tables: () => tables, log: ( m ) => logs.push( m ), now: () => NOW } );
		assert.strictEqual( schedule.runNow(), 25 );
		assert.deepEqual( logs, [ 'quality: 25 checks — 21 pass, 0 warn, 4 fail, 0 error (clicks_v1 not_null(page_id) fail; clicks_v1 accepted_values(action) fail; ' +
			'searches_v1 volume fail; edits_v1 schema fail); results in mp_quality_results' ] );
		tables = tables.map( ( t ) => Object.assign( {}, t, { name: `${ t.name }_not_made` } ) );
		assert.strictEqual( schedule.runNow(), 0, 'defined tables not made yet: nothing to check' );
		tables = [];
		assert.strictEqual( schedule.runNow(), 0, 'no checks: nothing to do' );
		assert.strictEqual( logs.length, 1, 'nothing logged when nothing ran' );
		schedule.stop();
	} );

	QUnit.test( 'GET /v1/tables/<table>/doc and /v1/streams/<stream>/doc: the Markdown, behind the read guard', async ( assert ) => {
		await qualityMain( [ '--store', store, '--tables', tablesFile ], ignore, ignore, NOW );
		const token = 'a-read-token-of-enough-length';
		const streams = { 'mywiki.clicks': { control_plane: { owner: 'Web team' } }, 'mywiki.search': {}, 'mywiki.edits': {} };
		const tables = parseTablesFile( JSON.parse( readFileSync( tablesFile, 'utf8' ) ) );
		const { intake, url } = await startIntake( createSqliteSink( store ), streams, { readAccess: { token }, tables, docs: createDocsSource( store ) } );
		try {
			const refused = await fetch( `${ url }/v1/tables/clicks_v1/doc` );
			assert.strictEqual( refused.status, 401, 'protected like the other read endpoints' );
			const auth = { headers: { Authorization: `Bearer ${ token }` } };
			const res = await fetch( `${ url }/v1/tables/clicks_v1/doc`, auth );
			const text = await res.text();
			assert.deepEqual( [ res.status, res.headers.get( 'content-type' ) ], [ 200, 'text/markdown; charset=utf-8' ] );
			assert.true( text.startsWith( '# clicks_v1\n' ) && text.includes( '| Owner | Web team |' ) && text.includes( '| Retention | raw events 60 days' ), text.slice( 0, 400 ) );
			const byStream = await fetch( `${ url }/v1/streams/mywiki.search/doc`, auth );
			assert.true( ( await byStream.text() ).startsWith( '# searches_v1\n' ) );
			assert.strictEqual( ( await fetch( `${ url }/v1/tables/nope/doc`, auth ) ).status, 404 );
			const json = await ( await fetch( `${ url }/v1/streams/mywiki.edits/doc?format=json`, auth ) ).json() as { tables: { table: string; markdown: string }[] };
			assert.deepEqual( json.tables.map( ( t ) => [ t.table, t.markdown.split( '\n' )[ 0 ] ] ), [ [ 'edits_v1', '# edits_v1' ] ], 'JSON for the wiki\'s client' );
			assert.deepEqual( await ( await fetch( `${ url }/v1/streams/mywiki.other/doc?format=json`, auth ) ).json(), { tables: [] }, 'a stream without tables: an empty list' );
		} finally {
			await intake.close();
		}
	} );

	QUnit.test( 'GET /v1/tables/<table>/doc when the store cannot be read: 503, the store\'s words in the log only', async ( assert ) => {
		const token = 'a-read-token-of-enough-length';
		// Port 1 on loopback: nothing listens there.
		const docs = createDocsSource( 'postgres://mp:secret@127.0.0.1:1/none' );
		const { intake, url, logs } = await startIntake( createSqliteSink( ':memory:' ), { 'mywiki.clicks': {} }, { readAccess: { token }, docs } );
		try {
			const res = await fetch( `${ url }/v1/tables/clicks_v1/doc`, { headers: { Authorization: `Bearer ${ token }` } } );
			const body = await res.text();
			assert.strictEqual( res.status, 503 );
			assert.true( body.includes( 'the dataset documentation could not be read from the store' ) && !body.includes( '127.0.0.1' ), body );
			assert.true( logs.some( ( m ) => m.startsWith( 'The dataset documentation could not be read from the store: ' ) ), logs.join( '\n' ) );
		} finally {
			await intake.close();
		}
	} );
} );
