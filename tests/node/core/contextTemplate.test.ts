import { harness } from '../helpers';
import type { ContextAttributes, JsonObject } from '../../../modules/src/core/types';

const WEB = '/analytics/product_metrics/web/base/1.3.0';
const STREAMS = {
	'web.x': { producers: { metrics_platform_client: { provide_values: [ 'page_id', 'performer_groups', 'performer_session_id' ] } } },
	'web.curated': { producers: { metrics_platform_client: { provide_values: [ 'page_id' ], curation: { page_id: { equals: 5 } } } } },
};

/**
 * A context whose every attribute read is counted.
 *
 * @param reads
 * @param reads.count
 * @param pageId
 */
function countedContext( reads: { count: number }, pageId: number ): ContextAttributes {
	const page = {};
	Object.defineProperty( page, 'id', { enumerable: true, get: () => {
		reads.count++;
		return pageId;
	} } );
	return { page, performer: { groups: [ '*', 'user' ], session_id: '0000000000aaaaaaaaaa', pageview_id: '0000000000bbbbbbbbbb' } } as ContextAttributes;
}

QUnit.module( 'core/contextTemplate (issue 12 item 5: no reading of the context per event)', () => {
	QUnit.test( 'a context object is read once per stream, not once per event', ( assert ) => {
		const reads = { count: 0 };
		const context = countedContext( reads, 5 );
		const h = harness( STREAMS, {}, { context: () => context } );
		for ( let i = 0; i < 50; i++ ) {
			h.client.submitInteraction( 'web.x', WEB, 'click' );
		}
		assert.strictEqual( h.sent.length, 50 );
		assert.true( h.sent.every( ( e ) => ( e.page as JsonObject ).id === 5 ), 'every event has the attribute' );
		assert.true( reads.count <= 2, `${ reads.count } reads for 50 events` );
	} );

	QUnit.test( 'a new context object is read again: its events carry the new values, curation decides on them', ( assert ) => {
		let context: ContextAttributes = { page: { id: 5 } };
		const h = harness( STREAMS, {}, { context: () => context } );
		h.client.submitInteraction( 'web.curated', WEB, 'a' );
		h.client.submitInteraction( 'web.curated', WEB, 'b' );
		context = { page: { id: 6 } };
		h.client.submitInteraction( 'web.curated', WEB, 'c' );
		h.client.submitInteraction( 'web.x', WEB, 'd' );
		assert.deepEqual( h.sent.map( ( e ) => e.action ), [ 'a', 'b', 'd' ], 'page_id 6 fails the curation rule' );
		assert.strictEqual( ( h.sent[ 2 ].page as JsonObject ).id, 6 );
	} );

	QUnit.test( 'events share nothing that one of them can change: the shared groups are frozen, arrays too', ( assert ) => {
		const context: ContextAttributes = { page: { id: 5 }, performer: { groups: [ '*' ], session_id: '0000000000aaaaaaaaaa' } };
		const h = harness( STREAMS, {}, { context: () => context } );
		for ( let i = 0; i < 3; i++ ) {
			h.client.submitInteraction( 'web.x', WEB, 'click' );
		}
		for ( const event of h.sent.slice( 1 ) ) {
			assert.true( Object.isFrozen( event.performer ) && Object.isFrozen( ( event.performer as JsonObject ).groups ), 'frozen' );
		}
		( context.performer as JsonObject ).groups = [ 'changed' ];
		( ( context.performer as JsonObject ).groups as string[] ).push( 'later' );
		assert.deepEqual( ( h.sent[ 2 ].performer as JsonObject ).groups, [ '*' ], 'a queued event keeps what the context had' );
	} );
} );
