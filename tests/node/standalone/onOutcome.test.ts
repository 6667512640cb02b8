/**
 * Off-wiki, `onOutcome` hears each call's outcome and its delivery, with the same codes as the
 * wiki's inspector; without it nothing is made.
 */
import { createMetricsClient, Outcome } from '../../../modules/src/entries/standalone';

const WEB = '/analytics/product_metrics/web/base/1.3.0';
const STREAMS = {
	'web.all': {},
	'web.none': { sample: { rate: 0, unit: 'session' } },
};

QUnit.module( 'standalone: onOutcome', () => {
	QUnit.test( 'each call, then its delivery by meta.id', async ( assert ) => {
		const outcomes: Outcome[] = [];
		const client = createMetricsClient( {
			streamConfigs: STREAMS,
			transport: () => undefined,
			warn: () => undefined,
			onOutcome: ( o ) => outcomes.push( o ),
		} );
		client.submitClick( 'web.nope', {} );
		client.submitClick( 'web.none', {} );
		client.submitInteraction( 'web.all', WEB, 'save' );
		client.getExperiment( 'not-defined-here' ).send( 'click' );
		await client.close();
		const id = outcomes.filter( ( o ) => o.code === 'queued' )[ 0 ].id;
		assert.deepEqual( outcomes.map( ( o ) => [ o.code, o.stream, o.code === 'queued' || o.code === 'sent' || o.code === 'accepted' ? o.id === id : null ] ), [
			[ 'unknown_stream', 'web.nope', null ],
			[ 'out_of_sample', 'web.none', null ],
			[ 'queued', 'web.all', true ],
			[ 'experiment_unenrolled', 'mediawiki.experiment_interaction', null ],
			[ 'sent', 'web.all', true ],
			[ 'accepted', 'web.all', true ],
		] );
		assert.strictEqual( outcomes[ 1 ].detail!.rate, 0 );
	} );
} );
