import { createStreamRegistry } from '../../../modules/src/core/streamConfig';
import { processEvents } from '../../../intake/src/processEvents';
import { createSchemaRepository } from '../../../intake/src/schemaRepository';
import { createStreamContracts } from '../../../intake/src/streamContracts';
import { SCHEMAS_DIR, STREAMS, validEvent } from '../intakeHarness';

QUnit.module( 'intake processEvents', () => {
	QUnit.test( 'a request mixing streams and schemas: each event judged by its own stream and schema', ( assert ) => {
		const contracts = createStreamContracts( createStreamRegistry( STREAMS, () => undefined ) );
		const schemas = createSchemaRepository( SCHEMAS_DIR );
		// The schema and title checks are done once per run of events sharing stream and schema: every
		// change of either, back and forth, must be judged afresh.
		const events = [
			validEvent(), validEvent( 'test.other_title' ), validEvent(), validEvent( 'test.web', { $schema: '/nope/1.0.0' } ),
			validEvent( 'test.web', { $schema: '/nope/1.0.0' } ), validEvent( 'test.ua' ), validEvent( 'test.other_title' ), validEvent(),
			validEvent( 'test.web', { $schema: undefined } ), validEvent( 'test.web', { action: 5 } ), validEvent( 'test.ua' ),
		];
		const verdict = processEvents( JSON.parse( JSON.stringify( events ) ), contracts, schemas, { receivedAt: new Date( 1764547200000 ) } );
		assert.deepEqual( verdict.accepted.map( ( e ) => ( e.meta as { id: string } ).id ), [ 0, 2, 5, 7, 10 ].map( ( i ) => ( events[ i ].meta as { id: string } ).id ) );
		const refused = verdict.refused.toJSON() as { error: { context: { message: string } }[]; invalid: unknown[] };
		assert.deepEqual( refused.error.map( ( e ) => e.context.message ), [
			'stream "test.other_title" takes analytics/other events, not analytics/product_metrics/web/base',
			'schema /nope/1.0.0 is not in the schema repository', 'schema /nope/1.0.0 is not in the schema repository',
			'stream "test.other_title" takes analytics/other events, not analytics/product_metrics/web/base', '$schema is missing',
		] );
		assert.strictEqual( refused.invalid.length, 1, 'the event with a bad action is invalid' );
	} );
} );
