/**
 * ResourceLoader module `ext.metricsPlatform.builder`: the event builder (stream configs, contextual
 * attributes, data checks, curation, sampling, identifiers), delivery to the intake, and the take-over
 * of what earlier pages left in storage. The every-page module loads it on the first call, or when it
 * finds such leftovers.
 */
import { attachBuilder } from '../mw/mwAttach';
import type { BuilderModule } from '../mw/mwFacade';

declare const module: { exports: unknown };

const exported: BuilderModule = { attach: attachBuilder };
module.exports = exported;
