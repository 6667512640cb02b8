/* Generated from modules/src by `npm run build`. Do not edit. */
"use strict";

// modules/src/core/eventData.ts
var MAX_DEPTH = 16;
var MAX_DATA_LENGTH = 32768;
function copyValue(value, where, walk, depth) {
  switch (typeof value) {
    case "string":
      walk.length += value.length + 3;
      return value;
    case "boolean":
      walk.length += 5;
      return value;
    case "number":
      if (!isFinite(value)) {
        return problem(`${where || "the event data"} is ${value} (not a finite number)`);
      }
      walk.length += 8;
      return value;
    case "object":
      if (value === null) {
        walk.length += 4;
        return null;
      }
      return copyContainer(value, where, walk, depth);
    default:
      return problem(`${where || "the event data"} is ${typeof value === "undefined" ? "undefined" : "a " + typeof value}`);
  }
}
function copyContainer(value, where, walk, depth) {
  if (walk.stack.includes(value)) {
    return problem(`${where || "the event data"} refers to itself (circular data)`);
  }
  if (depth >= MAX_DEPTH) {
    return problem(`${where || "the event data"} is nested more than ${MAX_DEPTH} levels deep`);
  }
  walk.stack.push(value);
  let result;
  if (Array.isArray(value)) {
    const out = [];
    result = out;
    for (let i = 0; i < value.length; i++) {
      const item = copyValue(value[i], `${where}[${i}]`, walk, depth + 1);
      if (isProblem(item)) {
        result = item;
        break;
      }
      out.push(item);
    }
  } else {
    const proto = Object.getPrototypeOf(value);
    if (proto !== null && Object.getPrototypeOf(proto) !== null) {
      result = problem(`${where || "the event data"} is not a plain object`);
    } else {
      result = copyObject(value, where, walk, depth);
    }
  }
  walk.stack.pop();
  return result;
}
function copyObject(value, where, walk, depth) {
  const out = {};
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) {
      continue;
    }
    walk.length += key.length + 4;
    const item = copyValue(value[key], where ? `${where}.${key}` : key, walk, depth + 1);
    if (isProblem(item)) {
      return item;
    }
    if (key === "__proto__") {
      Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
    } else {
      out[key] = item;
    }
  }
  return out;
}
var PROBLEMS = /* @__PURE__ */ new WeakSet();
function problem(text) {
  const p = [text];
  PROBLEMS.add(p);
  return p;
}
function isProblem(value) {
  return Array.isArray(value) && PROBLEMS.has(value);
}
function copyEventData(data) {
  if (data === void 0 || data === null) {
    return { value: {} };
  }
  if (typeof data !== "object" || Array.isArray(data)) {
    return { problem: `the event data is ${Array.isArray(data) ? "an array" : "a " + typeof data}, not an object` };
  }
  const walk = { length: 0, stack: [] };
  let copy;
  try {
    copy = copyContainer(data, "", walk, 0);
  } catch (e) {
    return { problem: `the event data cannot be read (${String(e)})` };
  }
  if (isProblem(copy)) {
    return { problem: copy[0] };
  }
  if (walk.length > MAX_DATA_LENGTH) {
    return { problem: `the event data is about ${walk.length} characters, more than ${MAX_DATA_LENGTH}` };
  }
  return { value: copy };
}

// modules/src/core/sampling.ts
var MAX_UINT32 = 4294967295;
var HEX8 = /^[0-9a-fA-F]{8}/;
function tokenPosition(token) {
  return HEX8.test(token) ? parseInt(token.slice(0, 8), 16) / MAX_UINT32 : NaN;
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
function neededSources(calls, config2) {
  const needed = /* @__PURE__ */ new Set(["wgServerName", "wgMFMode", "wgMetricsPlatformExperiments"]);
  const streams = config2.streams;
  for (const call of calls) {
    for (const name of streamsOfCall(call, config2)) {
      const stream = streams[name];
      const mp = stream && (stream.producers || {}).metrics_platform_client;
      if (stream && stream.sample) {
        needed.add("@" + stream.sample.unit);
      }
      for (const attribute of call.m !== "submit" && mp && mp.provide_values || []) {
        sourcesOf(attribute).forEach((source) => source && needed.add(source));
      }
    }
  }
  return needed;
}

// modules/src/browser/privacy.ts
function refusesTracking(nav, win) {
  const dnt = nav.doNotTrack || win && win.doNotTrack;
  return dnt === "1" || dnt === "yes" || nav.globalPrivacyControl === true;
}

// modules/src/browser/webStorage.ts
function localStorageOf(win) {
  try {
    return win.localStorage || void 0;
  } catch (e) {
    return void 0;
  }
}

// modules/src/mw/mwEnvironment.ts
var TOKEN = /^[0-9a-f]{20}$/;
function randomToken(win) {
  return Array.prototype.map.call(win.crypto.getRandomValues(new Uint8Array(10)), (b) => (b + 256).toString(16).slice(1)).join("");
}
function createMwEnvironment(mw2, win, config2) {
  const user = mw2.config.get("wgMetricsPlatformUser") || {};
  const refused = !!user.optOut || config2.respectDoNotTrack && refusesTracking(win.navigator, win);
  const cookie = config2.cookie || { prefix: "", path: "/", domain: "" };
  const tokens = {};
  const warned = /* @__PURE__ */ Object.create(null);
  const early = [];
  function persisted(name, expiry, valid) {
    name = cookie.prefix + name;
    let token = "";
    try {
      token = decodeURIComponent((("; " + win.document.cookie).split("; " + name + "=")[1] || "").split(";")[0]);
      if (!valid.test(token)) {
        token = randomToken(win);
        if (!refused) {
          win.document.cookie = `${name}=${token}; path=${cookie.path}${cookie.domain ? "; domain=" + cookie.domain : ""}${expiry}`;
        }
      }
    } catch (e) {
      token = randomToken(win);
    }
    return token;
  }
  function read(unit) {
    return unit === "pageview" ? mw2.user && mw2.user.getPageviewToken ? mw2.user.getPageviewToken() : randomToken(win) : unit === "session" ? persisted("mwuser-sessionId", "", /./) : persisted("mpDeviceId", "; max-age=31536000", TOKEN);
  }
  return {
    // Each distinct message once (the event builder's core adds its own cap on distinct messages);
    // only in debug (the preference or ?mpdebug=1, which load the inspector): readers see nothing.
    warn: (message) => warned[message] || !user.debug || mw2.log.warn("[MetricsPlatform] " + (warned[message] = message)),
    user,
    store: localStorageOf(win),
    delivery: null,
    pageId: randomToken(win),
    token: (unit) => tokens[unit] || (tokens[unit] = read(unit)),
    refused,
    hooks: { call: user.debug ? (...a) => early.push(a) : null, early }
  };
}

// modules/src/mw/mwLeftoverKeys.ts
var CALLS_PREFIX = "mp-calls:";
function isLeftoverKey(key, pageId) {
  return /^mp-(calls|outbox):/.test(key) && !key.includes(pageId);
}

// modules/src/mw/mwFacade.ts
function createMwFacade(mw2, win, config2, loadBuilder) {
  const env = createMwEnvironment(mw2, win, config2);
  const streams = config2.streams || {};
  const queue = [];
  let builder = null;
  let loading = null;
  function load() {
    loading = loading || loadBuilder().then((module2) => {
      builder = builder || module2.attach(mw2, win, config2, env);
      builder.run(queue.splice(0));
      return builder;
    }, (e) => {
      loading = null;
      env.warn(`Builder not loaded (${String(e)}); calls wait.`);
      return null;
    });
    return loading;
  }
  function call(m, a, data) {
    const recorded = { m, a, t: Date.now() };
    if (builder) {
      builder.run([recorded]);
    } else if (!env.refused) {
      const copy = copyEventData(a[data]);
      if (copy.problem !== void 0) {
        tell(recorded, copy.problem);
        return;
      }
      a[data] = copy.value;
      queue.push(recorded);
      load();
    } else {
      tell(recorded);
    }
  }
  function tell(recorded, problem2) {
    if (env.hooks.call) {
      env.hooks.call(recorded, problem2);
    }
  }
  function streamOf(streamName) {
    return typeof streamName === "string" && Object.prototype.hasOwnProperty.call(streams, streamName) ? streams[streamName] : null;
  }
  function isStreamInSample(streamName) {
    const stream = streamOf(streamName);
    const sample = stream && stream.sample;
    return !!stream && !env.refused && (!sample || tokenPosition(env.token(sample.unit)) < sample.rate);
  }
  let instruments = 0;
  const client = {
    submit: (...a) => call("submit", a, 1),
    submitInteraction: (...a) => call("submitInteraction", a, 3),
    submitClick: (...a) => call("submitClick", a, 1),
    dispatch: (...a) => call("dispatch", a, 1),
    newInstrument(streamName, schemaID, instrumentName) {
      const id = ++instruments;
      return {
        // Names that are not strings are never converted here (String() throws for some objects).
        name: typeof instrumentName === "string" && instrumentName ? instrumentName : typeof streamName === "string" ? streamName : "",
        submitInteraction: (action, data) => call("instrument", [id, streamName, schemaID, instrumentName, action, data], 5),
        isStreamInSample: () => isStreamInSample(streamName)
      };
    },
    isStreamInSample,
    getStreamConfig(streamName) {
      const stream = streamOf(streamName);
      return stream && JSON.parse(JSON.stringify(stream));
    }
  };
  const api2 = Object.assign({
    flush() {
      if (env.delivery) {
        env.delivery.flush();
      }
    },
    gadget(name) {
      const enabled = !!env.user.gadgetOptIn;
      const submit = (action, data) => {
        if (enabled) {
          call("gadget", [name, action, data], 2);
        } else {
          tell({ m: "gadget", a: [name, action, data], t: Date.now() });
        }
      };
      return { enabled, submitInteraction: submit, submitClick: (data) => submit("click", data) };
    },
    experimentStream: config2.experimentStream,
    inspector: env.hooks
  }, client);
  if (!mw2.eventLog) {
    mw2.eventLog = client;
  }
  win.addEventListener("pagehide", () => {
    if (builder || !queue.length || !env.store) {
      return;
    }
    const snapshot = { config: {}, calls: [] };
    neededSources(queue, config2).forEach((source) => {
      snapshot.config[source] = source === "@ua" ? win.navigator.userAgent : (
        // Logged in or not, without the name (mw.user answers isAnon() from wgUserName).
        source === "@in" ? mw2.config.get("wgUserName") !== null : source[0] === "@" ? env.token(source.slice(1)) : mw2.config.get(source)
      );
    });
    snapshot.calls = queue.filter((recorded) => keep(() => JSON.stringify(recorded)));
    keep(() => env.store && env.store.setItem(CALLS_PREFIX + env.pageId, JSON.stringify(snapshot)));
  });
  function keep(step) {
    try {
      step();
      return true;
    } catch (e) {
      env.warn(`Calls not kept for the next page (${String(e)}).`);
      return false;
    }
  }
  setTimeout(() => {
    try {
      if (!env.refused && Object.keys(env.store || {}).some((key) => isLeftoverKey(key, env.pageId))) {
        load().then((attached) => attached && attached.takeOver());
      }
    } catch (e) {
    }
  }, 1e3);
  return api2;
}
function subscribeGadgetTopics(mw2, api2) {
  const prefix = "metricsplatform.gadget.";
  mw2.trackSubscribe(prefix, (topic, data) => {
    const payload = data && typeof data === "object" ? Object.assign({}, data) : {};
    const action = typeof payload.action === "string" ? payload.action : "click";
    delete payload.action;
    api2.gadget(topic.slice(prefix.length)).submitInteraction(action, payload);
  });
}

// modules/src/entries/ext.metricsPlatform.ts
var BUILDER = "ext.metricsPlatform.builder";
var config = require("./config.json");
var api = createMwFacade(mw, window, config, () => Promise.resolve(mw.loader.using(BUILDER)).then((req) => req(BUILDER)));
mw.metricsPlatform = api;
subscribeGadgetTopics(mw, api);
mw.hook("ext.metricsPlatform.ready").fire(api);
module.exports = api;
