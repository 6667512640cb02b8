/**
 * Readers see nothing in the console: the calls that warn in debug (unknown stream, bad data,
 * out of sample, curated out, no intake) are silent for everyone else; in debug, outcomes made
 * before the inspector arrived wait for it, in order.
 */
import type { Outcome } from '../../../modules/src/core/outcome';
import type { InspectorHooks } from '../../../modules/src/mw/mwEnvironment';
import type { MwModuleConfig } from '../../../modules/src/mw/mwMetricsPlatform';
import { CONFIG, createMwMetricsPlatform, fakeMw, page } from './mwFakes';

const STREAMS: MwModuleConfig = Object.assign( {}, CONFIG, {
	streams: Object.assign( {}, CONFIG.streams, {
		'web.none': { sample: { rate: 0, unit: 'session' } },
		'web.curated': { producers: { metrics_platform_client: { provide_values: [ 'performer_is_logged_in' ], curation: { performer_is_logged_in: { equals: true } } } } },
	} ),
	intakeUrl: '',
} );

/**
 * Makes the calls that warn in debug.
 *
 * @param debug wgMetricsPlatformUser.debug
 */
async function misuse( debug: boolean ): Promise<{ warnings: string[]; logged: unknown[][]; early: unknown[][] }> {
	const p = page();
	const mw = fakeMw( { wgMetricsPlatformUser: { debug, gadgetOptIn: false } } );
	const api = createMwMetricsPlatform( mw, p.window, STREAMS );
	api.submitClick( 'web.unknown', {} );
	api.submitClick( 'web.x', { fn: () => 1 } as never );
	api.submitClick( 'web.none', {} );
	api.submitClick( 'web.curated', {} );
	api.submitClick( 'web.x', { element_id: 'ok' } );
	api.gadget( 'G' ).submitClick( {} );
	await p.clock.tickAsync( 100 );
	p.close();
	return { warnings: mw.warnings, logged: mw.logged, early: ( api.inspector as InspectorHooks ).early };
}

QUnit.module( 'mw: readers see no console output', () => {
	QUnit.test( 'a reader: no warning at all, nothing kept for an inspector', async ( assert ) => {
		const reader = await misuse( false );
		assert.deepEqual( reader.warnings, [] );
		assert.deepEqual( reader.logged, [] );
		assert.deepEqual( reader.early, [], 'no outcome made' );
	} );

	QUnit.test( 'debug: the warnings, and every outcome kept in order for the inspector', async ( assert ) => {
		const debug = await misuse( true );
		assert.true( debug.warnings.length >= 4, debug.warnings.join( ' | ' ) );
		assert.true( debug.warnings.some( ( w ) => /not configured/.test( w ) ) && debug.warnings.some( ( w ) => /out of the stream's sample/.test( w ) ) && debug.warnings.some( ( w ) => /curation rule/.test( w ) ), debug.warnings.join( ' | ' ) );
		// The bad call and the gadget call are stopped by the every-page module ([ call, problem ]);
		// the others are the builder's outcomes ([ outcome ]).
		const codes = debug.early.map( ( e ) => e.length === 1 ? ( e[ 0 ] as Outcome ).code : 'stopped:' + ( e[ 0 ] as { m: string } ).m );
		assert.deepEqual( codes, [ 'stopped:submitClick', 'stopped:gadget', 'unknown_stream', 'out_of_sample', 'curated_out', 'queued' ] );
	} );
} );
