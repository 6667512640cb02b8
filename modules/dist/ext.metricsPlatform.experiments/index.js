/* Generated from modules/src by `npm run build`. Do not edit. */
"use strict";

// modules/src/core/safeName.ts
function safeName(value) {
  if (typeof value === "string") {
    return value;
  }
  try {
    const text = String(value);
    return typeof text === "string" ? text : "";
  } catch (e) {
    return "";
  }
}
function hasOwn(record, key) {
  return typeof key === "string" && Object.prototype.hasOwnProperty.call(record, key);
}

// modules/src/mw/mwExperiments.ts
var WEB_BASE = "/analytics/product_metrics/web/base/1.3.0";
function createExperimentsApi(state, sender, defaultStream, session, cookiesEnabled, observer) {
  cookiesEnabled = cookiesEnabled !== false;
  const experiments = /* @__PURE__ */ Object.create(null);
  const exposedThisPage = /* @__PURE__ */ Object.create(null);
  const flags = state && state.flags || {};
  const assigned = state && state.assigned || {};
  const overridden = state && state.overridden || [];
  const streams = state && state.streams || {};
  function make(name) {
    const group = hasOwn(assigned, name) && typeof assigned[name] === "string" ? assigned[name] : null;
    const live = !!group && !!sender && cookiesEnabled && !overridden.includes(name);
    const target = hasOwn(streams, name) ? streams[name] : { stream: null, schema: null };
    const send = (action, data) => {
      if (live) {
        sender.submitInteraction(target.stream || defaultStream, target.schema || WEB_BASE, action, Object.assign({ action_source: name }, data));
        return;
      }
      const listener = observer && observer();
      if (listener && sender) {
        const isOverridden = !!group && overridden.includes(name);
        listener({
          code: isOverridden ? "overridden" : "experiment_unenrolled",
          stream: target.stream || defaultStream,
          action: typeof action === "string" ? action : void 0,
          time: Date.now(),
          detail: { experiment: name, group: group || void 0, problem: isOverridden || !group ? void 0 : "the browser keeps no cookies" }
        });
      }
    };
    return {
      name,
      getAssignedGroup: () => group,
      isAssignedGroup: (...groups) => !!group && groups.includes(group),
      send,
      sendExposure() {
        const key = "mp-exposed:" + name + ":" + group;
        if (!live) {
          return send("experiment_exposure");
        }
        if (exposedThisPage[key]) {
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
      const key = safeName(name);
      return experiments[key] || (experiments[key] = make(key));
    },
    getFlag(key, defaultValue) {
      return hasOwn(flags, key) ? flags[key] : defaultValue;
    },
    isEnabled: (key) => hasOwn(flags, key) && flags[key] === true
  };
}
function createFakeExperiments(values) {
  const assigned = values.assigned || {};
  return createExperimentsApi({ enrolled: Object.keys(assigned), assigned, overridden: [], flags: values.flags || {}, streams: {} }, null, "", null);
}

// modules/src/mw/mwInspectorHooks.ts
function outcomeListenerOf(hooks, debug) {
  return !hooks ? null : hooks.outcome || (debug ? (outcome) => hooks.early.push([outcome]) : null);
}

// modules/src/entries/ext.metricsPlatform.experiments.ts
var client = mw.metricsPlatform;
var api = createExperimentsApi(
  mw.config.get("wgMetricsPlatformExperiments") || { enrolled: [], assigned: {}, overridden: [], flags: {}, streams: {} },
  client,
  client.experimentStream || "mediawiki.experiment_interaction",
  mw.storage && mw.storage.session || null,
  navigator.cookieEnabled !== false,
  () => outcomeListenerOf(client.inspector, (mw.config.get("wgMetricsPlatformUser") || {}).debug)
);
Object.assign(client, api);
module.exports = Object.assign({}, api, { createFakeExperiments });
