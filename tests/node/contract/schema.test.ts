import eventVectors from '../../fixtures/events.json';
import { harness, replay } from '../helpers';
import { schemaValidator } from '../schemaValidator';
import type { ContextAttributes, MetricsEvent } from '../../../modules/src/core/types';

const WEB_13 = '/analytics/product_metrics/web/base/1.3.0';

/**
 * What the intake adds before validating.
 *
 * @param event
 */
function received( event: MetricsEvent ): MetricsEvent {
	return Object.assign( {}, event, { meta: Object.assign( {}, event.meta, { dt: '2026-11-23T12:00:01.000Z' } ) } );
}

QUnit.module( 'contract/schema', () => {
	QUnit.test( 'every event of a schema-valid vector validates against web/base 1.3.0', ( assert ) => {
		const validate = schemaValidator( WEB_13 );
		const valid = eventVectors.vectors.filter( ( v ) => v.schema_valid && v.expected_events.length );
		assert.true( valid.length >= 8, `${ valid.length } vectors produce schema-valid events` );
		for ( const v of valid ) {
			const h = harness( v.stream_configs, v.context as ContextAttributes );
			replay( h.client, v.calls as never );
			for ( const event of h.sent ) {
				assert.deepEqual( validate( received( event ) ), [], v.note );
			}
		}
	} );

	QUnit.test( 'the validator is not lenient: a broken event fails', ( assert ) => {
		const validate = schemaValidator( WEB_13 );
		const errors = validate( { $schema: WEB_13, action: 'x'.repeat( 65 ), agent: { client_platform: 'nope' }, meta: { stream: 's', dt: 'yesterday' }, extra: 1 } );
		assert.true( errors.length >= 4, errors.join( '; ' ) );
	} );
} );
