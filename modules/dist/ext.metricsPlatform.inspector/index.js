/* Generated from modules/src by `npm run build`. Do not edit. */
"use strict";

// modules/src/core/outcome.ts
function isDropped(code) {
  return !(code === "queued" || code === "sent" || code === "accepted" || code === "delivery_retrying");
}
function privacySignal(optOut, signals, respect) {
  if (optOut) {
    return "opt_out";
  }
  if (!respect) {
    return null;
  }
  const dnt = signals.doNotTrack;
  return dnt === "1" || dnt === "yes" ? "dnt" : signals.globalPrivacyControl === true ? "gpc" : null;
}
function withExpiry(outcome, expired) {
  const entry = outcome.code === "unknown_stream" && Object.prototype.hasOwnProperty.call(expired, outcome.stream) ? expired[outcome.stream] : null;
  return entry ? Object.assign({}, outcome, { code: "expired", detail: { end: entry.end, definition: entry.definition } }) : outcome;
}
function invalidDataDetail(problem) {
  let m = /^(\S+) is (\d+) characters, more than (\d+)$/.exec(problem);
  if (m) {
    return { field: m[1], limit: `at most ${m[3]} characters`, problem };
  }
  m = /^the field "(.*)" is not in the schema (\S+)$/.exec(problem);
  if (m) {
    return { field: m[1], limit: `a field of ${m[2]}`, problem };
  }
  m = /^the event data is about \d+ characters, more than (\d+)$/.exec(problem);
  if (m) {
    return { field: "data", limit: `at most ${m[1]} characters of JSON`, problem };
  }
  m = /^(\S+?) is nested more than (\d+) levels deep$/.exec(problem);
  if (m) {
    return { field: m[1] === "the" ? "data" : m[1], limit: `at most ${m[2]} levels`, problem };
  }
  m = /^(\S+) is not a whole number from 1$/.exec(problem);
  if (m) {
    return { field: m[1], limit: "a whole number from 1", problem };
  }
  m = /^(?:the )?(\S+?) (?:is missing or empty|is not a non-empty string|is not a string)$/.exec(problem);
  if (m) {
    return { field: m[1] === "schema" ? "$schema" : m[1], limit: "a non-empty string", problem };
  }
  m = /^(\S+) (?:is (?:-?Infinity|NaN|undefined|a \w+|not a plain object)|refers to itself)/.exec(problem);
  if (m && m[1] !== "the") {
    return { field: m[1], limit: "JSON: plain objects, arrays, strings, finite numbers, booleans, null", problem };
  }
  return { field: "data", limit: "a plain JSON object", problem };
}
function addedFields(event, config2) {
  const meta = event.meta || {};
  const added = ["dt", "meta.stream", "meta.domain", "meta.id"].filter((f) => f === "dt" ? event.dt !== void 0 : meta[f.slice(5)] !== void 0).map((field) => ({ field, from: "client" }));
  if (event.sample) {
    added.push({ field: "sample", from: "stream config" });
  }
  const asked = (config2 && config2.producers && config2.producers.metrics_platform_client || {}).provide_values || [];
  for (const group of ["agent", "page", "mediawiki", "performer"]) {
    const fields = event[group];
    for (const key of fields && typeof fields === "object" && !Array.isArray(fields) ? Object.keys(fields) : []) {
      const name = group + "_" + key;
      added.push(asked.includes(name) ? { field: group + "." + key, from: "provide_values", name } : { field: group + "." + key, from: "client" });
    }
  }
  if (event.experiments) {
    added.push({ field: "experiments", from: "experiments" });
  }
  return added;
}

// modules/src/core/outboxBatch.ts
function jsonOf(item) {
  if (item.json === null) {
    item.json = JSON.stringify(item.event);
  }
  return item.json;
}

// modules/src/core/outcomeDelivery.ts
function refusalMessage(entry) {
  const context = entry.context || {};
  if (Array.isArray(context.errors) && context.errors.length) {
    return context.errors.map((e) => (e && e.instancePath || "/") + " " + (e && e.message)).join("; ");
  }
  const text = context.message || entry.reason || entry.message;
  return text ? (entry.path ? entry.path + " " : "") + text : "refused";
}
function itemOf(item) {
  try {
    const event = item.event || JSON.parse(jsonOf(item));
    return { id: String(event.meta.id), stream: String(event.meta.stream), action: typeof event.action === "string" ? event.action : void 0 };
  } catch (e) {
    return { id: "", stream: "" };
  }
}
function deliveryOutcomes(report, time) {
  const status = report.status;
  const events = report.items.map(itemOf);
  const make = (code, e, message) => ({
    code,
    stream: e.stream,
    action: e.action,
    id: e.id,
    time,
    detail: status === void 0 ? void 0 : { status, attempts: report.attempts, message }
  });
  if (status === void 0) {
    return events.map((e) => make("sent", e));
  }
  if (status === 207 || status === 400) {
    let entries = [];
    try {
      const parsed = JSON.parse(report.body || "{}");
      entries = [].concat(parsed.invalid || [], parsed.error || []).filter((x) => x && typeof x === "object");
    } catch (e) {
    }
    return events.map((e, i) => {
      const entry = entries.filter((x) => x.index === i || [x.id, x.meta && x.meta.id, x.event && x.event.meta && x.event.meta.id].includes(e.id))[0];
      return entry ? make("refused_by_intake", e, refusalMessage(entry)) : status === 400 ? make("refused_by_intake", e, `HTTP 400${entries.length ? "" : " (the intake named no event)"}`) : make("accepted", e);
    });
  }
  if (status >= 200 && status < 300) {
    return events.map((e) => make("accepted", e));
  }
  const retry = status === 0 || status >= 500 || status === 429 || status === 408;
  const http = status ? `HTTP ${status}` : "network error or timeout";
  if (!retry) {
    let reason = "";
    try {
      const parsed = JSON.parse(report.body || "{}");
      reason = typeof parsed.error === "string" ? parsed.error : typeof parsed.reason === "string" ? parsed.reason : typeof parsed.message === "string" ? parsed.message : "";
    } catch (e) {
    }
    return events.map((e) => make("refused_by_intake", e, http + (reason ? ": " + reason : "")));
  }
  return events.map((e) => make(report.parked ? "delivery_failed" : "delivery_retrying", e, http + (report.parked ? "; kept for a later page" : "")));
}

// modules/src/mw/inspector/inspectorModel.ts
var DELIVERY_CODES = ["sent", "accepted", "delivery_retrying", "delivery_failed", "refused_by_intake"];
function rowState(row) {
  if (row.intake) {
    return row.intake.accepted ? "accepted" : "refused_by_intake";
  }
  return (row.delivery || row.call).code;
}
function createInspectorModel() {
  const rows = [];
  const byId = /* @__PURE__ */ new Map();
  return {
    rows,
    add(outcome) {
      const known = outcome.id ? byId.get(outcome.id) : void 0;
      if (known && DELIVERY_CODES.includes(outcome.code)) {
        known.delivery = outcome;
        known.history.push(outcome);
        return known;
      }
      const row = { n: rows.length + 1, call: outcome, history: [outcome] };
      if (DELIVERY_CODES.includes(outcome.code)) {
        row.delivery = outcome;
      }
      rows.push(row);
      if (outcome.id) {
        byId.set(outcome.id, row);
      }
      return row;
    },
    applyTrace(trace) {
      const changed = [];
      const set = (id, verdict) => {
        const row = typeof id === "string" ? byId.get(id) : void 0;
        if (row && JSON.stringify(row.intake) !== JSON.stringify(verdict)) {
          row.intake = verdict;
          changed.push(row);
        }
      };
      for (const a of trace && Array.isArray(trace.accepted) ? trace.accepted : []) {
        if (a && typeof a === "object") {
          set(a.id, { accepted: true, received: String(a.received || "") });
        }
      }
      for (const r of trace && Array.isArray(trace.refused) ? trace.refused : []) {
        if (r && typeof r === "object") {
          const reason = String(r.reason || "");
          set(r.id, { accepted: false, received: String(r.received || ""), reason: typeof r.path === "string" && r.path && !reason.includes(r.path) ? `${r.path} ${reason}` : reason });
        }
      }
      return changed;
    },
    awaitingTrace: () => rows.filter((row) => !row.intake && !!row.delivery && (row.delivery.code === "sent" || row.delivery.code === "accepted")),
    subjects() {
      const pageview = /* @__PURE__ */ new Set();
      const session = /* @__PURE__ */ new Set();
      for (const row of rows) {
        const performer = row.call.event && row.call.event.performer;
        if (performer && typeof performer.pageview_id === "string") {
          pageview.add(performer.pageview_id);
        }
        if (performer && typeof performer.session_id === "string") {
          session.add(performer.session_id);
        }
      }
      return { pageview: Array.from(pageview), session: Array.from(session) };
    }
  };
}
function matchesFilter(row, words2, filter) {
  const haystack = [row.call.stream, row.call.action || "", rowState(row), row.call.code, words2].join(" ").toLowerCase();
  return filter.toLowerCase().split(/\s+/).filter(Boolean).every((word) => haystack.includes(word));
}
function isRowDropped(row) {
  return isDropped(rowState(row));
}

// modules/src/mw/inspector/inspectorWords.ts
var json = (value) => value === void 0 ? "—" : JSON.stringify(value);
function percent(rate) {
  return `${Math.round(rate * 1e4) / 100} %`;
}
function position(place) {
  return typeof place === "number" && !isNaN(place) ? place.toFixed(4) : "—";
}
function reasonWords(outcome, msg2, signal2) {
  const d = outcome.detail || {};
  const key = "metricsplatform-inspector-reason-" + outcome.code.replace(/_/g, "-");
  switch (outcome.code) {
    case "unknown_stream":
      return msg2(key, outcome.stream || "?");
    case "expired":
      return msg2(key, d.end || "?", d.definition || outcome.stream);
    case "disabled":
      return msg2(key, d.problem || "?");
    case "out_of_sample":
      return msg2(key, d.unit || "?", position(d.position), percent(d.rate || 0));
    case "curated_out":
      return msg2(key, d.attribute || "?", d.operator || "?", json(d.operand), json(d.value));
    case "invalid_data": {
      const facts = d.field ? d : invalidDataDetail(d.problem || "");
      return msg2(key, facts.field || "?", facts.limit || "?", d.problem || "");
    }
    case "refused_privacy":
      return msg2(key, msg2("metricsplatform-inspector-signal-" + (signal2 || "unknown").replace(/_/g, "-")));
    case "experiment_unenrolled":
    case "overridden":
      return msg2(key, d.experiment || "?", d.group || "?");
    case "delivery_retrying":
    case "delivery_failed":
    case "refused_by_intake":
      return msg2(key, d.message || (d.status ? "HTTP " + d.status : "?"));
    default:
      return msg2(key);
  }
}
function experimentWords(name, e, msg2) {
  return msg2("metricsplatform-inspector-exp-" + e.why.replace(/_/g, "-"), name, e.group || "—", e.unit, position(e.position), percent(e.rate));
}

// modules/src/mw/inspector/inspectorPanel.ts
var STYLE = `
.mp-inspector{position:fixed;right:8px;bottom:8px;z-index:1000;width:30em;max-width:calc(100vw - 16px);max-height:60vh;display:flex;flex-direction:column;
 background:#fff;color:#202122;border:1px solid #a2a9b1;border-radius:2px;box-shadow:0 2px 6px rgba(0,0,0,.25);font:13px/1.4 sans-serif}
.mp-inspector header{display:flex;gap:6px;align-items:center;padding:4px 6px;background:#eaecf0;border-bottom:1px solid #a2a9b1}
.mp-inspector h2{font-size:13px;margin:0;padding:0;border:0;font-family:sans-serif;flex:1}
.mp-inspector input{flex:1;min-width:6em}
.mp-inspector .mp-body{overflow:auto;padding:0 6px}
.mp-inspector[data-collapsed] .mp-body{display:none}
.mp-inspector ol{list-style:none;margin:0;padding:0}
.mp-inspector li{border-bottom:1px solid #eaecf0;padding:2px 0;margin:0}
.mp-inspector summary{cursor:pointer}
.mp-inspector summary:focus,.mp-inspector button:focus,.mp-inspector input:focus{outline:2px solid #36c}
.mp-inspector .mp-code{font-family:monospace;padding:0 3px;border-radius:2px;background:#d5fdf4}
.mp-inspector li[data-dropped] .mp-code{background:#fee7e6}
.mp-inspector pre{white-space:pre-wrap;word-break:break-all;max-height:15em;overflow:auto;background:#f8f9fa;margin:2px 0;font-size:12px}
.mp-inspector .mp-hidden{position:absolute;clip:rect(1px,1px,1px,1px);width:1px;height:1px;overflow:hidden}
`;
function createInspectorPanel(model2, env) {
  const doc = env.document;
  const msg2 = env.msg;
  const el = (tag, attrs, text) => {
    attrs = attrs || {};
    const node = doc.createElement(tag);
    Object.keys(attrs).forEach((a) => node.setAttribute(a, attrs[a]));
    if (text !== void 0) {
      node.textContent = text;
    }
    return node;
  };
  const style = el("style", {}, STYLE);
  doc.head.appendChild(style);
  const root = el("section", { class: "mp-inspector", role: "region", "aria-labelledby": "mp-inspector-title", id: "mp-inspector" });
  const header = el("header");
  const title = el("h2", { id: "mp-inspector-title" }, msg2("metricsplatform-inspector-title"));
  const count = el("span", { "aria-hidden": "true", class: "mp-count" }, "0");
  const filterId = "mp-inspector-filter";
  const label = el("label", { for: filterId, class: "mp-hidden" }, msg2("metricsplatform-inspector-filter"));
  const filter = el("input", { type: "search", id: filterId, placeholder: msg2("metricsplatform-inspector-filter") });
  const toggle = el("button", { type: "button", "aria-expanded": "true", "aria-controls": "mp-inspector-body" }, msg2("metricsplatform-inspector-hide"));
  header.append(title, count, label, filter, toggle);
  const body = el("div", { class: "mp-body", id: "mp-inspector-body" });
  const empty = el("p", { class: "mp-empty" }, msg2("metricsplatform-inspector-empty"));
  const list = el("ol", { "aria-label": msg2("metricsplatform-inspector-calls") });
  const expBox = el("details", { class: "mp-experiments" });
  const expList = el("ul");
  expBox.append(el("summary", {}, msg2("metricsplatform-inspector-experiments", 0)), expList);
  const live = el("p", { class: "mp-hidden", "aria-live": "polite" });
  body.append(empty, list, expBox);
  root.append(header, body, live);
  doc.body.appendChild(root);
  toggle.addEventListener("click", () => {
    const open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    toggle.textContent = msg2(open ? "metricsplatform-inspector-hide" : "metricsplatform-inspector-show");
    if (open) {
      root.removeAttribute("data-collapsed");
    } else {
      root.setAttribute("data-collapsed", "");
    }
  });
  const items = /* @__PURE__ */ new Map();
  const applyFilter = (row) => {
    const item = items.get(row);
    if (item) {
      item.li.hidden = !matchesFilter(row, item.words, filter.value);
    }
  };
  filter.addEventListener("input", () => model2.rows.forEach(applyFilter));
  function details(row) {
    const parts = [];
    const event = row.call.event;
    if (event) {
      parts.push(el("div", {}, msg2("metricsplatform-inspector-event")), el("pre", { class: "mp-event" }, JSON.stringify(event, null, 2)));
      const added = addedFields(event, env.streamConfig(row.call.stream)).map((a) => a.name ? `${a.field} ← ${a.name} (${env.sourceOf(a.name)})` : `${a.field} ← ${a.from}`);
      parts.push(el("div", {}, msg2("metricsplatform-inspector-added")), el("pre", { class: "mp-added" }, added.join("\n")));
    } else if (row.call.detail) {
      parts.push(el("pre", { class: "mp-detail" }, JSON.stringify(row.call.detail, null, 2)));
    }
    if (row.history.length > 1 || row.intake) {
      const steps = row.history.map((o) => `${new Date(o.time).toISOString().slice(11, 23)} ${o.code}`);
      if (row.intake) {
        steps.push(row.intake.accepted ? msg2("metricsplatform-inspector-trace-accepted", row.intake.received) : msg2("metricsplatform-inspector-trace-refused", row.intake.reason || "?"));
      }
      parts.push(el("div", {}, msg2("metricsplatform-inspector-delivery")), el("pre", { class: "mp-history" }, steps.join("\n")));
    }
    return parts;
  }
  return {
    root,
    render(row) {
      let item = items.get(row);
      const isNew = !item;
      if (!item) {
        item = { li: el("li"), words: "" };
        items.set(row, item);
        list.appendChild(item.li);
        empty.hidden = true;
      }
      const li = item.li;
      const state = rowState(row);
      item.words = env.words(row);
      const open = !!li.querySelector("details[open]");
      li.textContent = "";
      li.setAttribute("data-code", state);
      li.setAttribute("data-call-code", row.call.code);
      li.setAttribute("data-stream", row.call.stream);
      if (isRowDropped(row)) {
        li.setAttribute("data-dropped", "");
      } else {
        li.removeAttribute("data-dropped");
      }
      const box = el("details");
      if (open) {
        box.setAttribute("open", "");
      }
      const summary = el("summary");
      summary.append(
        el("strong", { class: "mp-stream" }, row.call.stream || "?"),
        " · ",
        el("span", { class: "mp-action" }, row.call.action || "—"),
        " ",
        el("span", { class: "mp-code" }, state),
        " ",
        el("span", { class: "mp-reason" }, item.words)
      );
      box.append(summary, ...details(row));
      li.appendChild(box);
      count.textContent = String(model2.rows.length);
      applyFilter(row);
      if (isNew && isRowDropped(row)) {
        live.textContent = `${row.call.stream}: ${item.words}`;
      }
    },
    experiments(explanations) {
      const names = Object.keys(explanations || {});
      expBox.firstChild.textContent = msg2("metricsplatform-inspector-experiments", names.length);
      expList.textContent = "";
      names.forEach((name) => expList.appendChild(el("li", { "data-experiment": name, "data-why": explanations[name].why }, experimentWords(name, explanations[name], msg2))));
    }
  };
}

// modules/src/mw/mwContextSources.ts
var CONTEXT_SOURCES = Object.assign(/* @__PURE__ */ Object.create(null), {
  page: "wgArticleId wgTitle wgNamespaceNumber wgCanonicalNamespace wgRevisionId wgWikibaseItemId wgPageContentLanguage wgIsRedirect wgRestrictionMove wgRestrictionEdit",
  mediawiki: "skin wgVersion debug wgDBname wgContentLanguage",
  ua_string: "@ua",
  is_logged_in: "@in",
  id: "wgUserId",
  name: "@in wgUserName",
  session_id: "@session",
  pageview_id: "@pageview",
  groups: "wgUserGroups",
  is_bot: "wgUserGroups",
  is_temp: "wgUserIsTemp",
  language: "wgUserLanguage",
  language_variant: "wgUserVariant",
  can_probably_edit_page: "wgIsProbablyEditable",
  edit_count: "@in wgUserEditCount",
  edit_count_bucket: "@in wgUserEditCount",
  registration_dt: "@in wgUserRegistration"
});
function sourcesOf(attribute) {
  const i = attribute.indexOf("_");
  return (CONTEXT_SOURCES[attribute.slice(0, i)] || CONTEXT_SOURCES[attribute.slice(i + 1)] || "").split(" ");
}
function nameOf(value) {
  return typeof value === "string" ? value : typeof value;
}
function streamsOfCall(call, config2) {
  const a = call.a;
  const streams = config2.streams;
  return call.m === "dispatch" ? Object.keys(streams).filter((name) => {
    const mp = (streams[name].producers || {}).metrics_platform_client;
    return typeof a[0] === "string" && (mp && mp.events || []).some((prefix) => a[0].indexOf(prefix) === 0);
  }) : [nameOf(call.m === "gadget" ? config2.gadgetStream : a[call.m === "instrument" ? 1 : 0])];
}

// modules/src/mw/inspector/inspectorSources.ts
var OWN_KEY = {
  page_id: "wgArticleId",
  page_title: "wgTitle",
  page_namespace_id: "wgNamespaceNumber",
  page_namespace_name: "wgCanonicalNamespace",
  page_revision_id: "wgRevisionId",
  page_wikidata_qid: "wgWikibaseItemId",
  page_content_language: "wgPageContentLanguage",
  page_is_redirect: "wgIsRedirect",
  page_user_groups_allowed_to_move: "wgRestrictionMove",
  page_user_groups_allowed_to_edit: "wgRestrictionEdit",
  mediawiki_skin: "skin",
  mediawiki_version: "wgVersion",
  mediawiki_database: "wgDBname",
  mediawiki_site_content_language: "wgContentLanguage"
};
var SPECIAL = {
  "@pageview": "the page view token",
  "@session": "the session cookie mwuser-sessionId",
  "@ua": "navigator.userAgent",
  "@in": "logged in (wgUserName)"
};
function attributeSource(attribute) {
  const keys = Object.prototype.hasOwnProperty.call(OWN_KEY, attribute) ? [OWN_KEY[attribute]] : sourcesOf(attribute).filter(Boolean);
  return keys.map((k) => SPECIAL[k] || "mw.config " + k).join(", ") || "—";
}

// modules/src/mw/mwStoppedCall.ts
function actionOfCall(call) {
  const a = call.a;
  const action = call.m === "submitClick" ? "click" : call.m === "submitInteraction" ? a[2] : call.m === "dispatch" ? a[0] : call.m === "instrument" ? a[4] : call.m === "gadget" ? a[1] : a[1] && typeof a[1] === "object" ? a[1].action : void 0;
  return typeof action === "string" ? action : void 0;
}
function stoppedCallOutcomes(call, problem, config2, user2) {
  const code = problem !== void 0 ? "invalid_data" : call.m === "gadget" && !user2.gadgetOptIn ? "not_opted_in" : "refused_privacy";
  return streamsOfCall(call, config2).map((stream) => ({
    code,
    stream,
    action: actionOfCall(call),
    time: call.t,
    detail: problem !== void 0 ? { problem } : void 0
  }));
}

// modules/src/entries/ext.metricsPlatform.inspector.ts
var config = require("./config.json");
var user = mw.config.get("wgMetricsPlatformUser") || {};
var perUser = mw.config.get("wgMetricsPlatformInspector") || {};
var api = mw.metricsPlatform;
var hooks = api.inspector;
var nav = navigator;
var signal = privacySignal(!!user.optOut, { doNotTrack: nav.doNotTrack || window.doNotTrack, globalPrivacyControl: nav.globalPrivacyControl }, config.respectDoNotTrack);
var msg = (key, ...params) => mw.message(key, ...params).text();
var model = createInspectorModel();
var words = (row) => row.intake ? row.intake.accepted ? msg("metricsplatform-inspector-trace-accepted", row.intake.received) : msg("metricsplatform-inspector-trace-refused", row.intake.reason || "?") : reasonWords(row.delivery || row.call, msg, signal);
var panel = createInspectorPanel(model, {
  document,
  msg,
  words,
  streamConfig: (stream) => api.getStreamConfig(stream),
  sourceOf: attributeSource
});
panel.experiments(perUser.experiments || {});
var traceTimer = null;
var traceTries = 0;
function askTrace() {
  traceTimer = null;
  const subjects = model.subjects();
  const queries = subjects.pageview.map((id) => "pageview=" + encodeURIComponent(id)).concat(subjects.session.map((id) => "session=" + encodeURIComponent(id)));
  if (!queries.length) {
    return;
  }
  traceTries++;
  Promise.all(queries.map((q) => fetch(config.traceUrl + (!config.traceUrl.includes("?") ? "?" : "&") + q, { credentials: "omit" }).then((r) => r.ok ? r.json() : {}).catch(() => ({})))).then((answers) => {
    answers.forEach((answer) => model.applyTrace(answer).forEach((row) => panel.render(row)));
    scheduleTrace(2e3);
  });
}
function scheduleTrace(ms) {
  if (config.traceUrl && !traceTimer && traceTries < 10 && model.awaitingTrace().length) {
    traceTimer = setTimeout(askTrace, ms);
  }
}
function take(outcome, print) {
  let o = withExpiry(outcome, config.expired || {});
  if (o.code === "invalid_data" && o.detail && o.detail.problem && !o.detail.field) {
    o = Object.assign({}, o, { detail: invalidDataDetail(o.detail.problem) });
  }
  const row = model.add(o);
  panel.render(row);
  if (print || o.code === "queued") {
    console.info(`[MetricsPlatform] ${o.stream} ${o.action || ""}: ${words(row)}`, o.event || o.detail || "");
  }
  if (o.code === "sent" || o.code === "accepted") {
    traceTries = 0;
    scheduleTrace(1500);
  }
}
var fromDelivery = (report) => deliveryOutcomes(report, Date.now()).forEach((o) => take(o));
var stopped = (call, problem) => stoppedCallOutcomes(call, problem, config, user).forEach((o) => take(o, true));
for (const entry of hooks.early.splice(0)) {
  if (entry[1] === "delivery") {
    fromDelivery(entry[0]);
  } else if (entry.length === 1) {
    take(entry[0]);
  } else {
    stopped(entry[0], entry[1]);
  }
}
hooks.outcome = (o) => take(o);
hooks.delivery = fromDelivery;
hooks.call = stopped;
module.exports = { model, panel };
