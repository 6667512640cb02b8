/**
 * ResourceLoader module `ext.metricsPlatform`, loaded on every page: `mw.metricsPlatform`, the
 * `mw.eventLog` calls of the Metrics Platform (when EventLogging is not installed), gadget topics on
 * `mw.track`, delivery, and the hook `ext.metricsPlatform.ready`. Loading it registers listeners
 * and timers and nothing more; the event builder (`ext.metricsPlatform.builder`) loads on the first
 * call, or once the page is idle if earlier pages left calls or unsent events in storage.
 */
import { BuilderModule, createMwFacade, subscribeGadgetTopics } from '../mw/mwFacade';
import type { MwMetricsPlatform, MwModuleConfig } from '../mw/mwMetricsPlatform';
import type { Mw } from '../mw/mwTypes';

declare const mw: Mw;
declare const module: { exports: unknown };
declare function require( name: string ): unknown;

const BUILDER = 'ext.metricsPlatform.builder';
const config = require( './config.json' ) as MwModuleConfig;
const api: MwMetricsPlatform = createMwFacade( mw, window, config, () => Promise.resolve( mw.loader.using( BUILDER ) ).then( ( req ) => req( BUILDER ) as BuilderModule ) );
mw.metricsPlatform = api;
subscribeGadgetTopics( mw, api );
mw.hook( 'ext.metricsPlatform.ready' ).fire( api );
module.exports = api;
