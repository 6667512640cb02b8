/* Generated from modules/src by `npm run build`. Do not edit. */
"use strict";

// modules/src/mw/mwExperiments.ts
var WEB_BASE = "/analytics/product_metrics/web/base/1.3.0";
function createExperimentsApi(state, sender, defaultStream, session) {
  const experiments = {};
  const exposedThisPage = {};
  const flags = state.flags || {};
  function make(name) {
    const group = (state.assigned || {})[name] || null;
    const live = !!group && !!sender && !(state.overridden || []).includes(name);
    const target = (state.streams || {})[name] || { stream: null, schema: null };
    const send = (action, data) => {
      if (live) {
        sender.submitInteraction(target.stream || defaultStream, target.schema || WEB_BASE, action, Object.assign({ action_source: name }, data));
      }
    };
    return {
      name,
      getAssignedGroup: () => group,
      isAssignedGroup: (...groups) => !!group && groups.includes(group),
      send,
      sendExposure() {
        const key = "mp-exposed:" + name + ":" + group;
        if (!live || exposedThisPage[key]) {
          return;
        }
        exposedThisPage[key] = true;
        try {
          if (session && session.get(key)) {
            return;
          }
          if (session) {
            session.set(key, "1");
          }
        } catch (e) {
        }
        send("experiment_exposure", { action_context: String(group) });
      }
    };
  }
  return {
    getExperiment(name) {
      return experiments[name] || (experiments[name] = make(String(name)));
    },
    getFlag(key, defaultValue) {
      return Object.prototype.hasOwnProperty.call(flags, key) ? flags[key] : defaultValue;
    },
    isEnabled: (key) => flags[key] === true
  };
}
function createFakeExperiments(values) {
  const assigned = values.assigned || {};
  return createExperimentsApi({ enrolled: Object.keys(assigned), assigned, overridden: [], flags: values.flags || {}, streams: {} }, null, "", null);
}

// modules/src/entries/ext.metricsPlatform.experiments.ts
var client = mw.metricsPlatform;
var api = createExperimentsApi(
  mw.config.get("wgMetricsPlatformExperiments") || { enrolled: [], assigned: {}, overridden: [], flags: {}, streams: {} },
  client,
  client.experimentStream || "mediawiki.experiment_interaction",
  mw.storage && mw.storage.session || null
);
Object.assign(client, api);
module.exports = Object.assign({}, api, { createFakeExperiments });
