/**
 * ResourceLoader module `ext.metricsPlatform.builder`: the event builder (stream configs, contextual
 * attributes, data checks, curation, sampling, identifiers), delivery to the intake, and the take-over
 * of what earlier pages left in storage. The every-page module loads it on the first call, or when it
 * finds such leftovers. Its own config.json holds what only delivery needs (intake URL, linger time).
 */
import { attachBuilder } from '../mw/mwAttach';
import type { BuilderModule } from '../mw/mwFacade';
import type { MwModuleConfig } from '../mw/mwMetricsPlatform';

declare const module: { exports: unknown };
declare function require( name: string ): unknown;

const delivery = require( './config.json' ) as Pick<MwModuleConfig, 'intakeUrl' | 'lingerMs'>;
const exported: BuilderModule = {
	attach: ( mw, win, config, env ) => attachBuilder( mw, win, Object.assign( {}, config, delivery ), env ),
};
module.exports = exported;
