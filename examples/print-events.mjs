#!/usr/bin/env node
/**
 * A runnable example of the off-wiki client: a stream config, a page context, a few calls, and the
 * events that would be sent, printed as JSON. `node examples/print-events.mjs`
 */
import { createRequire } from 'node:module';

const require = createRequire( import.meta.url );
const { createMetricsClient } = require( '..' );

const streamConfigs = {
	'example.clicks': {
		sample: { rate: 1, unit: 'session' },
		producers: {
			metrics_platform_client: {
				events: [ 'example_' ],
				provide_values: [ 'page_id', 'page_title', 'mediawiki_skin', 'performer_is_logged_in', 'performer_edit_count_bucket' ]
			}
		}
	},
	'example.editors': {
		producers: {
			metrics_platform_client: {
				provide_values: [ 'performer_is_logged_in' ],
				curation: { performer_is_logged_in: { equals: true } }
			}
		}
	}
};

const client = createMetricsClient( {
	streamConfigs,
	domain: 'example.wiki.local',
	context: {
		page: { id: 42, title: 'Main_Page' },
		mediawiki: { skin: 'vector-2022' },
		performer: { is_logged_in: false }
	},
	transport: ( batch ) => {
		console.log( `A batch of ${ batch.length } event(s) would be sent:` );
		console.log( JSON.stringify( batch, null, 2 ) );
	}
} );

client.submitClick( 'example.clicks', { element_id: 'save', element_friendly_name: 'Save' } );
client.dispatch( 'example_search', { action_source: 'header' } );
// Filtered: the stream only takes logged-in users (a warning says so).
client.submitInteraction( 'example.editors', '/analytics/product_metrics/web/base/1.3.0', 'edit' );
// Refused: the action is too long for the schema (a warning says so).
client.submitClick( 'example.clicks', { element_id: 'x'.repeat( 100 ) } );
client.flush();
