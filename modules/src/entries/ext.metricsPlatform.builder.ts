/**
 * ResourceLoader module `ext.metricsPlatform.builder`: the event builder (stream configs, contextual
 * attributes, data checks, curation, sampling, identifiers), and the take-over of what earlier pages
 * left in storage. The every-page module loads it on the first call, or when it finds such leftovers.
 */
import type { BuilderModule } from '../mw/mwFacade';
import { takeOverLeftovers } from '../mw/mwLeftovers';
import { createEventBuilder } from '../mw/mwMetricsPlatform';

declare const module: { exports: unknown };

const exported: BuilderModule = { createEventBuilder, takeOverLeftovers };
module.exports = exported;
