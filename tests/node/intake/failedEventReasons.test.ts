/**
 * Issue 15 item 2: a refused event's failed-events row names the field in the validator's words —
 * for every kind, including a missing property (ajv points at the object that lacks it) and an
 * additional one (ajv points at the object that has it; the name is in its `params`).
 */
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createStreamRegistry } from '../../../modules/src/core/streamConfig';
import { failuresOf, readFailedEvents } from '../../../intake/src/modelling/failedEvents';
import { processEvents } from '../../../intake/src/processEvents';
import { createSchemaRepository } from '../../../intake/src/schemaRepository';
import { createSqliteSink } from '../../../intake/src/sqliteSink';
import { createStreamContracts } from '../../../intake/src/streamContracts';
import { post, SCHEMAS_DIR, startIntake, WEB } from '../intakeHarness';

const FAULTS = '/test/faults/1.0.0';

/** A small schema with nested objects, so that nested required and additional properties can be tried. */
const FAULTS_SCHEMA = {
	title: 'test/faults',
	$id: FAULTS,
	type: 'object',
	additionalProperties: false,
	required: [ '$schema', 'meta', 'action' ],
	properties: {
		$schema: { type: 'string' },
		dt: { type: 'string' },
		meta: { type: 'object', required: [ 'stream' ] },
		action: { type: 'string', enum: [ 'click', 'view' ] },
		count: { type: 'integer', minimum: 0 },
		item: {
			type: 'object',
			additionalProperties: false,
			required: [ 'id' ],
			properties: { id: { type: 'integer' }, label: { type: 'string', maxLength: 8 } },
		},
	},
};

/** In the form the wiki's API serves (`streams`, with the control plane's end of each definition). */
const STREAMS = { streams: {
	'test.faults': { schema_title: 'test/faults' },
	'test.web': { schema_title: 'analytics/product_metrics/web/base' },
	'test.ended': { schema_title: 'test/faults', control_plane: { end: '2020-01-01T00:00:00Z' } },
	'test.sessions': { schema_title: 'analytics/product_metrics/web/base', producers: { metrics_platform_client: { provide_values: [ 'performer_session_id', 'performer_pageview_id' ] } } },
} };

/**
 * A schema repository folder with web/base (copied reference) and the faults schema.
 *
 * @param dir a fresh folder
 */
function schemaDir( dir: string ): string {
	const root = path.join( dir, 'schemas' );
	mkdirSync( path.join( root, 'test/faults' ), { recursive: true } );
	writeFileSync( path.join( root, 'test/faults/1.0.0.json' ), JSON.stringify( FAULTS_SCHEMA ) );
	mkdirSync( path.join( root, 'analytics/product_metrics/web/base' ), { recursive: true } );
	writeFileSync( path.join( root, 'analytics/product_metrics/web/base/1.3.0.yaml' ),
		readFileSync( path.join( SCHEMAS_DIR, 'analytics/product_metrics/web/base/1.3.0.yaml' ), 'utf8' ) );
	return root;
}

let n = 0;
function faultsEvent( extra: Record<string, unknown> = {} ): Record<string, unknown> {
	n++;
	return Object.assign( {
		$schema: FAULTS,
		action: 'click',
		dt: '2026-11-23T12:00:00.000Z',
		meta: { stream: 'test.faults', id: `reason-${ n }` },
		item: { id: 7 },
	}, extra );
}

QUnit.module( 'failed events: the reason in the validator\'s words', ( hooks ) => {
	let dir: string;
	hooks.beforeEach( () => {
		dir = mkdtempSync( path.join( os.tmpdir(), 'mp-reasons-' ) );
	} );
	hooks.afterEach( () => {
		rmSync( dir, { recursive: true, force: true } );
	} );

	QUnit.test( 'every kind is stored with exactly its kind and field', async ( assert ) => {
		const noAction = faultsEvent();
		delete noAction.action;
		const noStream = faultsEvent();
		delete ( noStream.meta as Record<string, unknown> ).stream;
		// Each case: the event, then the rows written by hand (kind, path, schema path).
		const cases: [ string, Record<string, unknown>, [ string, string, string ][] ][] = [
			[ 'unplanned event', faultsEvent( { meta: { stream: 'test.nobody', id: 'reason-unplanned' } } ), [ [ 'unplanned_event', '', '' ] ] ],
			[ 'a stream whose definition ended', faultsEvent( { meta: { stream: 'test.ended', id: 'reason-ended' } } ), [ [ 'stream_ended', '', '' ] ] ],
			[ 'no stream', noStream, [ [ 'stream_missing', '', '' ] ] ],
			[ 'unknown schema', faultsEvent( { $schema: '/test/absent/1.0.0' } ), [ [ 'unknown_schema', '', '' ] ] ],
			[ 'schema of another stream', faultsEvent( { meta: { stream: 'test.web', id: 'reason-other' } } ), [ [ 'schema_not_allowed', '', '' ] ] ],
			[ 'required missing at the top', noAction, [ [ 'required_missing', '/action', '#/required' ] ] ],
			[ 'required missing in an object', faultsEvent( { item: { label: 'x' } } ), [ [ 'required_missing', '/item/id', '#/properties/item/required' ] ] ],
			[ 'datatype mismatch', faultsEvent( { count: 'three' } ), [ [ 'datatype_mismatch', '/count', '#/properties/count/type' ] ] ],
			[ 'datatype mismatch in an object', faultsEvent( { item: { id: 'seven' } } ), [ [ 'datatype_mismatch', '/item/id', '#/properties/item/properties/id/type' ] ] ],
			[ 'additional property at the top', faultsEvent( { colour: 'red' } ), [ [ 'additional_property', '/colour', '#/additionalProperties' ] ] ],
			[ 'additional property in an object', faultsEvent( { item: { id: 7, extra_field: 1 } } ), [ [ 'additional_property', '/item/extra_field', '#/properties/item/additionalProperties' ] ] ],
			[ 'additional property named with / and ~', faultsEvent( { item: { id: 7, 'a/b~c': 1 } } ), [ [ 'additional_property', '/item/a~1b~0c', '#/properties/item/additionalProperties' ] ] ],
			[ 'unexpected value', faultsEvent( { action: 'hover' } ), [ [ 'unexpected_value', '/action', '#/properties/action/enum' ] ] ],
			[ 'constraint violation', faultsEvent( { count: -1 } ), [ [ 'constraint_violation', '/count', '#/properties/count/minimum' ] ] ],
			[ 'constraint violation in an object', faultsEvent( { item: { id: 7, label: 'much too long' } } ), [ [ 'constraint_violation', '/item/label', '#/properties/item/properties/label/maxLength' ] ] ],
			[ 'two additional properties and a missing one', faultsEvent( { item: { one: 1, two: 2 } } ), [
				[ 'additional_property', '/item/one', '#/properties/item/additionalProperties' ],
				[ 'additional_property', '/item/two', '#/properties/item/additionalProperties' ],
				[ 'required_missing', '/item/id', '#/properties/item/required' ],
			] ],
		];
		const file = path.join( dir, 'events.sqlite' );
		const running = await startIntake( createSqliteSink( file, { log: () => undefined } ), STREAMS, { schemasDir: schemaDir( dir ) } );
		try {
			const res = await post( running.url, cases.map( ( c ) => c[ 1 ] ).concat( [ faultsEvent() ] ) );
			assert.strictEqual( res.status, 207, 'one valid event among the refused ones' );
			const stored = readFailedEvents( file, { limit: 1000 } ).reverse();
			for ( const [ name, event, expected ] of cases ) {
				const id = ( event.meta as { id: string } ).id;
				const rows = stored.filter( ( r ) => r.meta_id === id ).map( ( r ) => [ r.kind, r.path, r.schema_path ] );
				rows.sort( ( a, b ) => ( a.join() < b.join() ? -1 : 1 ) );
				assert.deepEqual( rows, expected, name );
			}
			// A body that is no object at all is stored too, for the whole event.
			await post( running.url, [ 42 ] );
			assert.deepEqual( readFailedEvents( file, { limit: 1 } ).map( ( r ) => [ r.kind, r.path ] ), [ [ 'malformed_event', '' ] ] );
			// The answer lists the property too, in ajv's params.
			const listed = JSON.parse( res.body ).invalid.find( ( e: { event: { meta: { id?: string } } } ) => e.event.meta.id === ( ( cases.find( ( c ) => c[ 0 ] === 'additional property in an object' ) as typeof cases[ 0 ] )[ 1 ].meta as { id: string } ).id );
			assert.deepEqual( listed.context.errors[ 0 ].params, { additionalProperty: 'extra_field' } );
		} finally {
			await running.intake.close();
		}
	} );

	QUnit.test( 'every refused event of a request has its row, not only the 50 the answer describes', async ( assert ) => {
		const file = path.join( dir, 'events.sqlite' );
		const running = await startIntake( createSqliteSink( file, { log: () => undefined } ), STREAMS, { schemasDir: schemaDir( dir ) } );
		try {
			const events = Array.from( { length: 300 }, ( _, i ) => ( i % 3 === 2 ?
				faultsEvent( { meta: { stream: 'test.nobody', id: `many-${ i }` } } ) :
				faultsEvent( { count: 'three', meta: { stream: 'test.faults', id: `many-${ i }` } } ) ) );
			const res = await post( running.url, events );
			assert.strictEqual( res.status, 400 );
			assert.strictEqual( JSON.parse( res.body ).not_listed, 250, 'the answer describes 50' );
			const rows = readFailedEvents( file, { limit: 1000 } );
			assert.strictEqual( new Set( rows.map( ( r ) => r.meta_id ) ).size, 300, 'a row for each of the 300' );
			assert.deepEqual( readFailedEvents( file, { metaId: 'many-298' } ).map( ( r ) => [ r.stream, r.kind, r.path, r.schema_path, r.message ] ),
				[ [ 'test.faults', 'datatype_mismatch', '/count', '#/properties/count/type', 'must be integer' ] ], 'past the 50: kind, field, rule and message' );
			assert.deepEqual( readFailedEvents( file, { metaId: 'many-299' } ).map( ( r ) => [ r.stream, r.kind ] ), [ [ 'test.nobody', 'unplanned_event' ] ] );
			// A meta.id too long for the answer, and an event refused for its shape: the row keeps the id (cut to 128).
			const long = 'L'.repeat( 300 );
			await post( running.url, [ faultsEvent( { count: 'x', meta: { stream: 'test.faults', id: long } } ) ] );
			await post( running.url, '[' + JSON.stringify( faultsEvent( { meta: { stream: 'test.faults', id: 'shape-1' } } ) ).replace( '{', '{"__proto__":{"x":1},' ) + ']' );
			assert.deepEqual( readFailedEvents( file, { limit: 2 } ).map( ( r ) => [ r.meta_id, r.kind ] ), [ [ 'shape-1', 'malformed_event' ], [ long.slice( 0, 128 ), 'datatype_mismatch' ] ] );
		} finally {
			await running.intake.close();
		}
	} );

	QUnit.test( 'a refused event\'s pageview and session ids are kept only when they are ids a client makes (never an e-mail address)', async ( assert ) => {
		const file = path.join( dir, 'events.sqlite' );
		const running = await startIntake( createSqliteSink( file, { log: () => undefined } ), STREAMS, { schemasDir: schemaDir( dir ) } );
		const web = ( id: string, performer: Record<string, unknown> ): Record<string, unknown> => ( {
			$schema: WEB, action: 42, dt: '2026-11-30T12:00:00.000Z',
			agent: { client_platform: 'mediawiki_js', client_platform_family: 'desktop_browser' },
			performer, meta: { stream: 'test.sessions', id },
		} );
		try {
			await post( running.url, [
				web( 'ids-valid', { session_id: 'abcdefghij0123456789', pageview_id: '0123456789abcdefghij' } ),
				web( 'ids-invalid', { session_id: 'alice@example.org', pageview_id: 'ABCDEFGHIJ0123456789' } ),
			] );
			const ids = ( metaId: string ): unknown[] => readFailedEvents( file, { metaId } ).map( ( r ) => [ r.session_id, r.pageview_id ] );
			assert.deepEqual( ids( 'ids-valid' )[ 0 ], [ 'abcdefghij0123456789', '0123456789abcdefghij' ], 'a stream that collects them: client-made ids kept' );
			assert.true( ids( 'ids-invalid' ).length > 0 && ids( 'ids-invalid' ).every( ( r ) => JSON.stringify( r ) === '[null,null]' ), JSON.stringify( ids( 'ids-invalid' ) ) );
			assert.false( readFileSync( file ).includes( 'alice@example.org' ), 'the address is nowhere in the store' );
		} finally {
			await running.intake.close();
		}
	} );

	QUnit.test( 'property: an additional property of any name is stored as the pointer to it, and the web schema\'s nested ones too', ( assert ) => {
		const schemas = createSchemaRepository( schemaDir( dir ) );
		const contracts = createStreamContracts( createStreamRegistry( STREAMS, () => undefined ) );
		const received = new Date( '2026-11-30T12:00:00.000Z' );
		fc.assert( fc.property( fc.string( { maxLength: 40 } ).filter( ( name ) => ![ 'id', 'label', '__proto__' ].includes( name ) ), ( name ) => {
			const event = faultsEvent( { item: { id: 7, [ name ]: true } } );
			const body = JSON.parse( JSON.stringify( event ) );
			const verdict = processEvents( body, contracts, schemas, { receivedAt: received } );
			const rows = failuresOf( body, verdict.refused, contracts, received );
			// RFC 6901 by hand: "~" is "~0", "/" is "~1".
			const token = name.split( '~' ).join( '~0' ).split( '/' ).join( '~1' );
			return rows.length === 1 && rows[ 0 ].kind === 'additional_property' && rows[ 0 ].path === `/item/${ token }`;
		} ), { numRuns: 200 } );
		// The web base schema's `sample` is closed too.
		const web = JSON.parse( JSON.stringify( {
			$schema: WEB, action: 'click', agent: { client_platform: 'mediawiki_js', client_platform_family: 'desktop_browser' },
			meta: { stream: 'test.web', id: 'web-1' }, sample: { rate: 1, unit: 'session', extra_field: 1 },
		} ) );
		const verdict = processEvents( web, contracts, schemas, { receivedAt: received } );
		assert.deepEqual( failuresOf( web, verdict.refused, contracts, received ).map( ( r ) => [ r.kind, r.path ] ), [ [ 'additional_property', '/sample/extra_field' ] ] );
		assert.strictEqual( verdict.refused.records[ 0 ].path, '/sample/extra_field', 'the trace\'s record names the field too' );
	} );
} );
