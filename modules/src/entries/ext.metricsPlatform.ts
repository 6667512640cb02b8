/**
 * ResourceLoader module `ext.metricsPlatform`: `mw.metricsPlatform`, the `mw.eventLog` calls of the
 * Metrics Platform (when EventLogging is not installed), gadget topics on `mw.track`, and the hook
 * `ext.metricsPlatform.ready`. Loading it registers listeners and nothing more.
 */
import { createMwMetricsPlatform, MwMetricsPlatform, MwModuleConfig, subscribeGadgetTopics } from '../mw/mwMetricsPlatform';
import type { Mw } from '../mw/mwTypes';

declare const mw: Mw;
declare const module: { exports: unknown };
declare function require( name: string ): unknown;

const api: MwMetricsPlatform = createMwMetricsPlatform( mw, window, require( './config.json' ) as MwModuleConfig );
mw.metricsPlatform = api;
if ( !mw.eventLog ) {
	// Existing Metrics Platform instruments call these; EventLogging provides them where installed.
	mw.eventLog = {
		submit: api.submit,
		submitInteraction: api.submitInteraction,
		submitClick: api.submitClick,
		dispatch: api.dispatch,
		newInstrument: api.newInstrument,
		isStreamInSample: api.isStreamInSample,
		getStreamConfig: api.getStreamConfig,
	};
}
subscribeGadgetTopics( mw, api );
mw.hook( 'ext.metricsPlatform.ready' ).fire( api );
module.exports = api;
