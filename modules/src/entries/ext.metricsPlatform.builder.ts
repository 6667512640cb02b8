/**
 * ResourceLoader module `ext.metricsPlatform.builder`: the event builder (stream configs, contextual
 * attributes, data checks, curation, sampling, identifiers). The every-page module loads it on the
 * first call, or when an earlier page left calls to build.
 */
import { createEventBuilder } from '../mw/mwMetricsPlatform';

declare const module: { exports: unknown };

module.exports = { createEventBuilder };
