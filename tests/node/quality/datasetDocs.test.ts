import Ajv from 'ajv';
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { datahubProposals } from '../../../intake/src/datasetDocs/datahubProposals';
import { DocumentedTable, systemColumns } from '../../../intake/src/datasetDocs/documentedTable';
import { ownerOf } from '../../../intake/src/datasetDocs/streamFacts';
import { tableMarkdown } from '../../../intake/src/datasetDocs/tableMarkdown';
import type { CheckResult } from '../../../intake/src/quality/checkResult';
import { runChecks } from '../../../intake/src/quality/runChecks';
import { createStreamRegistry } from '../../../modules/src/core/streamConfig';
import { DATA_SET_NOW, sharedFaultyDataSet } from './faultyDataSet';

const NOW = DATA_SET_NOW;
/** The clicks table's check results on the generated data set (see the module's `before`). */
let clicksChecks: CheckResult[] = [];

/** The JSON Schema of DataHub's MCP file (tests/fixtures/datahub-mcp.schema.json), compiled. */
function mcpValidator(): ReturnType<Ajv[ 'compile' ]> {
	const schema = JSON.parse( readFileSync( path.join( __dirname, '../../../tests/fixtures/datahub-mcp.schema.json' ), 'utf8' ) );
	return new Ajv( { allErrors: true, strict: false } ).compile( schema );
}

/** The clicks table of the generated data set, documented, with its latest check results. */
function clicksDoc(): DocumentedTable {
	const checks = clicksChecks;
	return {
		table: 'clicks_v1',
		stream: 'mywiki.clicks',
		schemaId: '/analytics/product_metrics/web/base/1.3.0',
		purpose: 'Clicks and views | per page, to see which pages get used.',
		owner: 'Web team',
		retentionDays: 90,
		dedupe: true,
		partition: 'day',
		columns: systemColumns( 'day' ).concat( [
			{ name: 'action', path: 'action', type: 'string', description: 'The action.', privacy: 'keep' },
			{ name: 'page_id', path: 'page.id', type: 'integer', description: 'The page id.', privacy: 'keep' },
			{ name: 'page_namespace_id', path: 'page.namespace_id', type: 'integer', description: '', privacy: 'keep' },
			{ name: 'edit_count', path: 'performer.edit_count', type: 'integer', description: 'Edits so far.', privacy: 'drop' },
			{ name: 'performer_session_id', path: 'performer.session_id', type: 'string', description: 'Session.', privacy: 'hash' },
		] ),
		checks,
	};
}

QUnit.module( 'dataset documentation', ( hooks ) => {
	hooks.before( async () => {
		const data = await sharedFaultyDataSet();
		const db = new Database( data.store, { readonly: true } );
		clicksChecks = runChecks( db, data.tables[ 0 ], NOW );
		db.close();
	} );

	QUnit.test( 'Markdown: purpose, owner, lineage, retention, fields with types and privacy tags, latest checks', ( assert ) => {
		const md = tableMarkdown( clicksDoc() );
		assert.true( md.startsWith( '# clicks_v1\n\nClicks and views \\| per page' ), 'title, then the purpose (a | escaped)' );
		for ( const line of [
			'| Owner | Web team |',
			'| Lineage | stream `mywiki.clicks` (schema `/analytics/product_metrics/web/base/1.3.0`) → raw events (`events`) → table `clicks_v1`, written in the same transaction as each accepted event |',
			'| Retention | raw events 90 days; `edit_count` nulled after 90 days; `performer_session_id` stored only as keyed hashes |',
			'| `page_id` | integer | `page.id` | keep | The page id. |',
			'| `performer_session_id` | string | `performer.session_id` | hash (keyed HMAC; never stored in clear) | Session. |',
			'| `event_id` | string | `meta.id` | system | The event\'s meta.id (a random UUID). |',
			'| fail | `not_null(page_id)` | 25 of 2,731 rows null (0.92 %) | at most 0 % null |',
			'| pass | `volume` | 7 days judged, none outside | each of the last 7 days within ×3 of the median of the 7 days before it |',
		] ) {
			assert.true( md.includes( line + '\n' ), line );
		}
		assert.true( md.includes( 'Run at 2026-11-30T12:00:00.000Z.' ) );
		const never = tableMarkdown( Object.assign( clicksDoc(), { checks: [], purpose: '', owner: null } ) );
		assert.true( never.includes( '_Not checked yet' ) && never.includes( '| Owner | not given |' ) && never.includes( '_No purpose given' ) );
	} );

	QUnit.test( 'Markdown: HTML in a description, an owner or a value an event sent is text, never markup; a | in a name does not split a cell', ( assert ) => {
		const hostile = '<img src=x onerror=alert(1)> <script>alert(2)</script> & <b>bold</b>';
		const doc = Object.assign( clicksDoc(), {
			purpose: hostile,
			owner: '<script>x</script>',
			stream: 'a|b',
			checks: [ { table: 'clicks_v1', check: 'accepted_values' as const, column: 'action', status: 'fail' as const, value: 1, observed: '1 rows with other values: "<img src=x onerror=alert(1)>|" (1)', threshold: 'one of "click"', failing: [], checkedAt: NOW.toISOString() } ],
		} );
		doc.columns = doc.columns.concat( [ { name: 'x', path: 'x', type: 'string', description: hostile, privacy: 'keep' } ] );
		const md = tableMarkdown( doc );
		assert.false( /<[a-z/]/i.test( md ), md );
		assert.true( md.includes( '&lt;script&gt;alert(2)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;' ), 'shown as the text it is' );
		assert.true( md.includes( '"&lt;img src=x onerror=alert(1)&gt;\\|" (1)' ), 'the value from an event too' );
		assert.true( md.includes( '| Lineage | stream `a\\|b` (' ), 'a | in code escaped' );
		for ( const line of md.split( '\n' ).filter( ( l ) => l.startsWith( '| Lineage' ) || l.startsWith( '| `x`' ) ) ) {
			assert.strictEqual( line.split( /(?<!\\)\|/ ).length, line.startsWith( '| Lineage' ) ? 4 : 7, `cells of ${ line }` );
		}
	} );

	QUnit.test( 'an owner of blanks is no owner (no empty DataHub group); an owner is trimmed', ( assert ) => {
		const registry = createStreamRegistry( { streams: { 's.blank': { control_plane: { owner: '   ' } }, 's.team': { control_plane: { owner: ' Web team ' } } } }, () => undefined );
		assert.deepEqual( [ ownerOf( registry, 's.blank' ), ownerOf( registry, 's.team' ) ], [ null, 'Web team' ] );
	} );

	QUnit.test( 'DataHub: the proposals validate against the MCP JSON shape (tests/fixtures/datahub-mcp.schema.json)', ( assert ) => {
		const validate = mcpValidator();
		const mcps = datahubProposals( [ clicksDoc() ], { now: NOW, database: 'events' } );
		const valid = validate( JSON.parse( JSON.stringify( mcps ) ) );
		assert.true( valid, JSON.stringify( validate.errors ) );
		assert.deepEqual( mcps.map( ( m ) => `${ m.entityUrn } ${ m.aspectName }` ), [
			'urn:li:dataset:(urn:li:dataPlatform:sqlite,events.clicks_v1,PROD) datasetProperties',
			'urn:li:dataset:(urn:li:dataPlatform:sqlite,events.clicks_v1,PROD) schemaMetadata',
			'urn:li:dataset:(urn:li:dataPlatform:sqlite,events.clicks_v1,PROD) ownership',
			'urn:li:dataset:(urn:li:dataPlatform:sqlite,events.clicks_v1,PROD) globalTags',
			'urn:li:dataset:(urn:li:dataPlatform:sqlite,events.clicks_v1,PROD) upstreamLineage',
			'urn:li:dataset:(urn:li:dataPlatform:metricsplatform,mywiki.clicks,PROD) datasetProperties',
		] );
		const lineage = mcps[ 4 ].aspect.json as { upstreams: { dataset: string }[] };
		assert.strictEqual( lineage.upstreams[ 0 ].dataset, 'urn:li:dataset:(urn:li:dataPlatform:metricsplatform,mywiki.clicks,PROD)', 'stream → table' );
		const fields = ( mcps[ 1 ].aspect.json as { fields: { fieldPath: string; globalTags?: unknown }[] } ).fields;
		assert.deepEqual( fields.find( ( f ) => f.fieldPath === 'performer_session_id' )?.globalTags, { tags: [ { tag: 'urn:li:tag:privacy-hash' } ] } );
		assert.strictEqual( ( mcps[ 0 ].aspect.json as { customProperties: Record<string, string> } ).customProperties.quality_latest, '7 pass, 0 warn, 2 fail, 0 error' );
	} );

	QUnit.test( 'the MCP schema refuses what DataHub would refuse (so the test above can fail)', ( assert ) => {
		const validate = mcpValidator();
		const good = datahubProposals( [ clicksDoc() ], { now: NOW } );
		// eslint-disable-next-line @typescript-eslint/no-explicit-any -- mutating parsed JSON in place
		const broken: [ string, ( m: Record<string, any> ) => void ][] = [
			[ 'no aspectName', ( m ) => delete m[ 0 ].aspectName ],
			[ 'aspect not under "json"', ( m ) => {
				m[ 0 ].aspect = m[ 0 ].aspect.json;
			} ],
			[ 'a dataset URN without its environment', ( m ) => {
				m[ 0 ].entityUrn = 'urn:li:dataset:(urn:li:dataPlatform:sqlite,clicks_v1)';
			} ],
			[ 'a field without nativeDataType', ( m ) => delete m[ 1 ].aspect.json.fields[ 0 ].nativeDataType ],
			[ 'a field type that is not a union member', ( m ) => {
				m[ 1 ].aspect.json.fields[ 0 ].type = { type: 'string' };
			} ],
			[ 'schemaMetadata without hash', ( m ) => delete m[ 1 ].aspect.json.hash ],
			[ 'an owner that is not a user or group URN', ( m ) => {
				m[ 2 ].aspect.json.owners[ 0 ].owner = 'Web team';
			} ],
			[ 'an unknown ownership type', ( m ) => {
				m[ 2 ].aspect.json.owners[ 0 ].type = 'BOSS';
			} ],
			[ 'a tag that is not a tag URN', ( m ) => {
				m[ 3 ].aspect.json.tags[ 0 ].tag = 'metricsplatform';
			} ],
			[ 'an unknown lineage type', ( m ) => {
				m[ 4 ].aspect.json.upstreams[ 0 ].type = 'DERIVED';
			} ],
			[ 'a custom property that is not a string', ( m ) => {
				m[ 0 ].aspect.json.customProperties.retention_days = 90;
			} ],
		];
		for ( const [ what, breakIt ] of broken ) {
			const copy = JSON.parse( JSON.stringify( good ) );
			breakIt( copy );
			assert.false( validate( copy ), what );
		}
	} );
} );
