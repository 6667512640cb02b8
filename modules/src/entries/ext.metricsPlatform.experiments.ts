/**
 * ResourceLoader module `ext.metricsPlatform.experiments`, loaded only on pages where the user has
 * active experiments or flags: `mw.metricsPlatform.getExperiment / getFlag / isEnabled`, and
 * `createFakeExperiments` for consumers' tests.
 */
import { createExperimentsApi, createFakeExperiments, ExperimentState } from '../mw/mwExperiments';
import { outcomeListenerOf } from '../mw/mwInspectorHooks';
import type { MwMetricsPlatform, MwUserSettings } from '../mw/mwMetricsPlatform';
import type { Mw } from '../mw/mwTypes';

declare const mw: Mw & { storage?: { session?: { get( k: string ): string | null | false; set( k: string, v: string ): boolean } } };
declare const module: { exports: unknown };

const client = mw.metricsPlatform as MwMetricsPlatform & { experimentStream?: string };
const api = createExperimentsApi(
	( mw.config.get( 'wgMetricsPlatformExperiments' ) || { enrolled: [], assigned: {}, overridden: [], flags: {}, streams: {} } ) as ExperimentState,
	client,
	client.experimentStream || 'mediawiki.experiment_interaction',
	( mw.storage && mw.storage.session ) || null,
	navigator.cookieEnabled !== false,
	() => outcomeListenerOf( client.inspector, ( ( mw.config.get( 'wgMetricsPlatformUser' ) || {} ) as MwUserSettings ).debug ),
);
Object.assign( client, api );
module.exports = Object.assign( {}, api, { createFakeExperiments } );
