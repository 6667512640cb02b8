import fc from 'fast-check';
import yaml from 'js-yaml';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createStreamRegistry } from '../../../../modules/src/core/streamConfig';
import { main } from '../../../../intake/src/cli';
import { createModelCatalog } from '../../../../intake/src/modelling/modelCatalog';
import { parseStreamModel, parseTablesFile } from '../../../../intake/src/modelling/parseTables';
import { createSchemaDocuments } from '../../../../intake/src/modelling/schemaDocuments';
import { resolveColumns } from '../../../../intake/src/modelling/schemaColumns';
import { physicalTableName, schemaMajorVersion } from '../../../../intake/src/modelling/tableNaming';

const schemas = createSchemaDocuments( path.resolve( __dirname, '../../../../schemas' ) );
const WEB_BASE = '/analytics/product_metrics/web/base/1.3.0';

QUnit.module( 'modelling: table definitions', () => {
	QUnit.test( 'a minimal table gets the defaults: column names from paths, keep, dedupe, day partition', ( assert ) => {
		const { model, problems } = parseStreamModel( { tables: [ { name: 'clicks', columns: [ { path: 'page.namespace_id' }, { path: 'action' } ] } ] } );
		assert.deepEqual( problems, [] );
		assert.deepEqual( model, {
			retentionDays: 90,
			tables: [ {
				name: 'clicks',
				description: null,
				columns: [
					{ name: 'page_namespace_id', path: 'page.namespace_id', type: null, description: null, privacy: 'keep', privacyTagged: false },
					{ name: 'action', path: 'action', type: null, description: null, privacy: 'keep', privacyTagged: false },
				],
				filter: null,
				dedupe: true,
				partition: 'day',
				checks: [],
			} ],
		} );
	} );

	QUnit.test( 'every problem is named by its field, and only the faulty table is left out', ( assert ) => {
		const { model, problems } = parseStreamModel( {
			retention_days: 0,
			tables: [
				{ name: 'good', columns: [ { path: 'action', privacy: 'hash' } ] },
				{ name: 'Bad-Name', columns: [ { path: 'page..id' }, { path: 'action', privacy: 'secret', type: 'date' }, { path: 'day' } ], filter: { action: { like: 'x' } }, partiton: 'day' },
				{ name: 'good', columns: [ { path: 'action' } ] },
			],
		} );
		assert.deepEqual( model.tables.map( ( t ) => t.name ), [ 'good' ] );
		assert.strictEqual( model.retentionDays, 90, 'an invalid retention falls back to the default' );
		assert.deepEqual( problems, [
			'retention_days: 0 is not a whole number of days from 1 to 3650; using 90',
			'tables[1]: unknown field "partiton" (expected name, description, columns, filter, dedupe, partition or checks)',
			'tables[1].name: "Bad-Name" is not a table name (a lower-case letter, then lower-case letters, digits and _, at most 48)',
			'tables[1].columns[0].path: "page..id" is not an event path (dotted, e.g. "page.id")',
			'tables[1].columns[1].type: "date" is not string, integer, number, boolean or json',
			'tables[1].columns[1].privacy: "secret" is not keep, hash or drop',
			'tables[1].columns[2].name: "day" is reserved (every table has event_id, received_at or day); choose another name',
			'tables[1].filter["action"]: unknown operator "like" (expected equals, not_equals, in, not_in or exists)',
			'tables[2].name: "good" is used by an earlier table of this stream',
		] );
	} );

	QUnit.test( 'two columns may not share a name', ( assert ) => {
		const { problems } = parseStreamModel( { tables: [ { name: 't', columns: [ { path: 'page.id' }, { path: 'page_id' } ] } ] } );
		assert.deepEqual( problems, [ 'tables[0].columns[1].name: "page_id" is used by an earlier column; give this one another name' ] );
	} );

	QUnit.test( 'retention comes from retention_days, else control_plane.retention_days (what the wiki serves)', ( assert ) => {
		assert.strictEqual( parseStreamModel( { retention_days: 30 } ).model.retentionDays, 30 );
		assert.strictEqual( parseStreamModel( { control_plane: { retention_days: 14 } } ).model.retentionDays, 14 );
		assert.strictEqual( parseStreamModel( {} ).model.retentionDays, 90 );
	} );

	QUnit.test( 'parsing arbitrary input never throws and every result is well-formed', ( assert ) => {
		fc.assert( fc.property( fc.anything(), fc.anything(), ( tables, retention ) => {
			const { model, problems } = parseStreamModel( { tables, retention_days: retention } );
			const file = parseTablesFile( { s: { tables } } );
			return Array.isArray( problems ) && Number.isInteger( model.retentionDays ) &&
				model.tables.every( ( t ) => /^[a-z][a-z0-9_]*$/.test( t.name ) && t.columns.every( ( c ) => /^[a-z_][a-z0-9_]*$/.test( c.name ) ) ) &&
				Array.isArray( file.problems );
		} ), { numRuns: 500 } );
		assert.true( true );
	} );

	QUnit.test( 'a tables file names the stream in each problem; a { streams } wrapper is accepted', ( assert ) => {
		const bad = parseTablesFile( { 'my.stream': { tables: [ { name: 'x', columns: [] } ] } } );
		assert.deepEqual( bad.problems, [ 'stream "my.stream": tables[0].columns: [] is not a list of 1 to 200 columns' ] );
		const good = parseTablesFile( { streams: { 'my.stream': { retention_days: 7, tables: [ { name: 'x', columns: [ { path: 'action' } ] } ] } } } );
		assert.deepEqual( good.problems, [] );
		assert.deepEqual( Array.from( good.retentionGiven ), [ 'my.stream' ] );
		assert.strictEqual( ( good.streams.get( 'my.stream' ) || { retentionDays: 0 } ).retentionDays, 7 );
	} );
} );

QUnit.module( 'modelling: types from the JSON Schema, table names', () => {
	QUnit.test( 'types and descriptions come from the schema unless overridden; hashed columns hold text', ( assert ) => {
		const { model } = parseStreamModel( { tables: [ { name: 't', columns: [
			{ path: 'page.id' },
			{ path: 'performer.is_logged_in' },
			{ path: 'action', description: 'What was done.' },
			{ path: 'page.revision_id', type: 'string' },
			{ path: 'performer.session_id', privacy: 'hash' },
			{ path: 'performer.groups' },
			{ path: 'page.nonexistent' },
		] } ] } );
		const schema = schemas( WEB_BASE );
		assert.true( !!schema, 'the web/base schema is read from the repository' );
		const { columns, problems } = resolveColumns( model.tables[ 0 ], schema, WEB_BASE );
		assert.deepEqual( columns.map( ( c ) => [ c.name, c.type ] ), [
			[ 'page_id', 'integer' ], [ 'performer_is_logged_in', 'boolean' ], [ 'action', 'string' ], [ 'page_revision_id', 'string' ],
			[ 'performer_session_id', 'string' ], [ 'performer_groups', 'json' ], [ 'page_nonexistent', 'json' ],
		] );
		// The expected descriptions are the schema file's own text (read here with the YAML parser, not the code under test).
		const raw = yaml.load( readFileSync( path.resolve( __dirname, '../../../../schemas/analytics/product_metrics/web/base/1.3.0.yaml' ), 'utf8' ) ) as { properties: { page: { properties: { id: { description: string } } } } };
		assert.strictEqual( columns[ 0 ].description, raw.properties.page.properties.id.description.trim() );
		assert.strictEqual( columns[ 2 ].description, 'What was done.' );
		assert.deepEqual( problems, [ `table t, column page_nonexistent: ${ WEB_BASE } has no field page.nonexistent; the column stays empty` ] );
	} );

	QUnit.test( 'local $ref and allOf are followed', ( assert ) => {
		const schema = { definitions: { pageT: { type: 'object', properties: { id: { type: 'integer', description: 'The id.' } } } }, allOf: [ { properties: { page: { $ref: '#/definitions/pageT' } } } ] };
		const { model } = parseStreamModel( { tables: [ { name: 't', columns: [ { path: 'page.id' } ] } ] } );
		const { columns } = resolveColumns( model.tables[ 0 ], schema, 'x' );
		assert.deepEqual( [ columns[ 0 ].type, columns[ 0 ].description ], [ 'integer', 'The id.' ] );
	} );

	QUnit.test( 'the table name carries the major version of the schema', ( assert ) => {
		assert.strictEqual( schemaMajorVersion( '/analytics/product_metrics/web/base/1.3.0' ), 1 );
		assert.strictEqual( schemaMajorVersion( '/a/b/12.0.1' ), 12 );
		assert.strictEqual( schemaMajorVersion( '/a/b/latest' ), null );
		assert.strictEqual( physicalTableName( 'clicks', 2 ), 'clicks_v2' );
	} );
} );

QUnit.module( 'modelling: the catalog of streams', () => {
	QUnit.test( 'tables come from stream configs and the file (which wins); streams sharing a meta.stream pool tables and keep the shortest retention', ( assert ) => {
		const registry = createStreamRegistry( {
			a: { retention_days: 60, tables: [ { name: 'from_config', columns: [ { path: 'action' } ] } ] },
			b: { retention_days: 30, producers: { metrics_platform_client: { stream_name: 'a' } }, tables: [ { name: 'from_b', columns: [ { path: 'action' } ] } ] },
			c: { control_plane: { retention_days: 10 }, tables: [ { name: 'from_config', columns: [ { path: 'action' } ] } ] },
			d: { tables: [ { name: 'replaced', columns: [ { path: 'action' } ] } ] },
		}, () => undefined );
		const file = parseTablesFile( { d: { tables: [ { name: 'from_file', columns: [ { path: 'action' } ] } ] } } );
		const catalog = createModelCatalog( registry, file );
		assert.deepEqual( catalog.get( 'a' ).tables.map( ( t ) => t.name ), [ 'from_config', 'from_b' ] );
		assert.strictEqual( catalog.get( 'a' ).retentionDays, 30 );
		assert.deepEqual( catalog.get( 'c' ).tables, [], 'a table name already used by another stream is left out' );
		assert.strictEqual( catalog.get( 'c' ).retentionDays, 10 );
		assert.deepEqual( catalog.get( 'd' ).tables.map( ( t ) => t.name ), [ 'from_file' ] );
		assert.deepEqual( catalog.get( 'undeclared' ), { retentionDays: 90, tables: [] } );
		assert.deepEqual( catalog.problems, [ 'stream "c": table from_config is already a table of stream "a"; left out (table names are shared by all streams of a store)' ] );
	} );
} );

QUnit.module( 'modelling: mp-intake --tables', () => {
	QUnit.test( 'a tables file with a mistake stops the start, naming the stream and the field', async ( assert ) => {
		const dir = mkdtempSync( path.join( os.tmpdir(), 'mp-tables-' ) );
		try {
			writeFileSync( path.join( dir, 'streams.json' ), JSON.stringify( { 'my.stream': {} } ) );
			writeFileSync( path.join( dir, 'tables.json' ), JSON.stringify( { 'my.stream': { tables: [ { name: 'clicks', columns: [ { path: 'page.id', privacy: 'secret' } ] } ] } } ) );
			await assert.rejects(
				main( [ '--streams', path.join( dir, 'streams.json' ), '--tables', path.join( dir, 'tables.json' ), '--store', path.join( dir, 'e.sqlite' ), '--port', '0' ], path.resolve( __dirname, '../../../../schemas' ) ),
				/--tables .*tables\.json has 1 problem\(s\):\n {2}stream "my\.stream": tables\[0\]\.columns\[0\]\.privacy: "secret" is not keep, hash or drop$/,
			);
		} finally {
			rmSync( dir, { recursive: true, force: true } );
		}
	} );
} );
