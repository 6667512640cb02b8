import expected from '../../fixtures/upstream-consistency/expected_event.json';
import integrationData from '../../fixtures/upstream-consistency/integration_data.json';
import streamConfigs from '../../fixtures/upstream-consistency/stream_configs.json';
import type { MetricsEvent } from '../../../modules/src/core/types';

// The built package, exactly as `require( 'metrics-platform' )` loads it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createMetricsClient } = require( '../../..' ) as typeof import( '../../../modules/src/entries/standalone' );

QUnit.module( 'contract/upstream consistency', () => {
	QUnit.test( 'the built Node package produces the upstream consistency event', ( assert ) => {
		const { hostname, ...context } = integrationData;
		const batches: MetricsEvent[][] = [];
		// Upstream's scenario asks for mediawiki_is_production and mediawiki_is_debug_mode, which the
		// web/base schema has no field for: this client refuses such a stream (drift not copied), so
		// the scenario runs without them and expects the rest unchanged.
		const configs = JSON.parse( JSON.stringify( streamConfigs ) );
		const mp = configs.streams[ 'test.consistency' ].producers.metrics_platform_client;
		mp.provide_values = mp.provide_values.filter( ( name: string ) => name !== 'mediawiki_is_production' && name !== 'mediawiki_is_debug_mode' );
		const expectedEvent = JSON.parse( JSON.stringify( expected ) );
		delete expectedEvent.mediawiki.is_production;
		delete expectedEvent.mediawiki.is_debug_mode;
		const client = createMetricsClient( {
			streamConfigs: configs,
			domain: hostname,
			context,
			transport: ( batch ) => {
				batches.push( batch );
			},
		} );
		client.submitInteraction( 'test.consistency', '/analytics/product_metrics/web/base/1.5.0', 'test_consistency_event', { test: 'consistency' } );
		client.flush();
		assert.strictEqual( batches.length, 1, 'one batch' );
		const event = JSON.parse( JSON.stringify( batches[ 0 ][ 0 ] ) );
		assert.true( /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test( event.dt ), 'dt has milliseconds' );
		assert.deepEqual( event.sample, { rate: 1, unit: 'session' } );
		delete event.dt;
		delete event.sample;
		delete event.meta.id;
		delete event.http;
		assert.deepEqual( event, expectedEvent );
	} );
} );
