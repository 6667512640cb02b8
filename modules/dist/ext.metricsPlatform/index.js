/* Generated from modules/src by `npm run build`. Do not edit. */
"use strict";

// modules/src/browser/webStorage.ts
function storageKeys(storage, match) {
  const keys = [];
  try {
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i);
      if (key !== null && match(key)) {
        keys.push(key);
      }
    }
  } catch (e) {
  }
  return keys;
}
function localStorageOf(win) {
  try {
    return win.localStorage || void 0;
  } catch (e) {
    return void 0;
  }
}

// modules/src/core/sampling.ts
var MAX_UINT32 = 4294967295;
var HEX8 = /^[0-9a-fA-F]{8}/;
function tokenPosition(token) {
  return HEX8.test(token) ? parseInt(token.slice(0, 8), 16) / MAX_UINT32 : NaN;
}

// modules/src/core/intakeResponse.ts
function entryMessage(entry) {
  const meta = entry && entry.event && entry.event.meta || {};
  const context = entry && entry.context || {};
  return (meta.stream || "?") + ": " + (Array.isArray(context.errors) ? context.errors.map((e) => (e && e.instancePath || "/") + " " + (e && e.message)).join("; ") : context.message || "invalid");
}
function classifyResponse(status, body, count) {
  if (status >= 200 && status < 300 && status !== 207) {
    return { retry: false, problem: "" };
  }
  const http = `HTTP ${status}`;
  if (status === 207 || status === 400) {
    let refused = 0;
    let details = "";
    try {
      const parsed = JSON.parse(body || "{}");
      const entries = [].concat(parsed.invalid || [], parsed.error || []);
      refused = entries.length;
      details = entries.slice(0, 5).map(entryMessage).join(" | ");
    } catch (e) {
    }
    return { retry: false, problem: `The intake refused ${refused || "some"} of ${count} event(s) as invalid: ${details || http}` };
  }
  if (status === 0 || status >= 500 || status === 429 || status === 408) {
    return { retry: true, problem: status ? http : "network error or timeout" };
  }
  return { retry: false, problem: `The intake refused ${count} event(s) (${http}); they are dropped.` };
}
function retryDelay(attempt, baseMs, maxMs, random) {
  const full = Math.min(maxMs, baseMs * Math.pow(2, Math.max(0, attempt)));
  return Math.round(full / 2 + full / 2 * random());
}

// modules/src/core/delivery.ts
var OUTBOX_PREFIX = "mp-outbox:";
function batchBody(items) {
  return "[" + items.map(jsonOf).join(",") + "]";
}
function jsonOf(item) {
  if (item.json === null) {
    item.json = JSON.stringify(item.event);
  }
  return item.json;
}
function chunkItems(items, maxEvents, maxBytes) {
  const chunks = [];
  let current = [];
  let bytes = 2;
  for (const item of items) {
    const size = maxBytes === Infinity ? 0 : utf8Length(jsonOf(item)) + 1;
    if (current.length && (current.length >= maxEvents || bytes + size > maxBytes)) {
      chunks.push(current);
      current = [];
      bytes = 2;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length) {
    chunks.push(current);
  }
  return chunks;
}
function utf8Length(text) {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 127) {
      bytes += c > 2047 ? 2 : 1;
    }
  }
  return bytes;
}
function createDelivery(options, ports) {
  const maxEvents = options.maxBatchEvents || 100;
  const maxBytes = options.maxBatchBytes === void 0 ? 6e4 : options.maxBatchBytes;
  const linger = options.lingerMs === void 0 ? 1e3 : Math.max(0, options.lingerMs);
  const maxAttempts = options.maxAttempts || 5;
  const retryBase = options.retryBaseMs || 1e3;
  const retryMax = options.retryMaxMs || 3e4;
  const maxStoredEvents = options.maxStoredEvents || 500;
  const maxStoredChars = options.maxStoredChars || 5e5;
  const ownKey = OUTBOX_PREFIX + ports.instanceId;
  let waiting = [];
  let fresh = 0;
  const inflight = /* @__PURE__ */ new Set();
  let timer = null;
  let timerDue = Infinity;
  let persistTimer = null;
  function unacknowledged() {
    const all = [];
    inflight.forEach((batch) => {
      all.push(...batch);
    });
    return all.concat(waiting);
  }
  function persist() {
    if (persistTimer !== null) {
      ports.clearTimer(persistTimer);
      persistTimer = null;
    }
    const storage = ports.storage;
    if (!storage) {
      return;
    }
    try {
      const items = unacknowledged();
      if (!items.length) {
        storage.removeItem(ownKey);
        return;
      }
      let chars = 2;
      let start = items.length;
      while (start > 0 && items.length - start < maxStoredEvents) {
        const size = jsonOf(items[start - 1]).length + 1;
        if (chars + size > maxStoredChars) {
          break;
        }
        chars += size;
        start--;
      }
      if (start > 0) {
        ports.warn(`Event storage limit reached: the ${start} oldest unsent event(s) are not kept.`);
      }
      storage.setItem(ownKey, batchBody(items.slice(start)));
    } catch (e) {
      ports.warn(`Event storage failed (${String(e)}); events stay in memory.`);
    }
  }
  function persistSoon() {
    if (ports.storage && persistTimer === null) {
      persistTimer = ports.setTimer(persist, 0);
    }
  }
  function schedule(at) {
    if (at >= timerDue) {
      return;
    }
    if (timer !== null) {
      ports.clearTimer(timer);
    }
    timerDue = at;
    timer = ports.setTimer(() => {
      timer = null;
      timerDue = Infinity;
      pump(false);
    }, Math.max(0, at - ports.now()));
  }
  function settle(batch, result) {
    inflight.delete(batch);
    const outcome = classifyResponse(result.status, result.body, batch.length);
    if (!outcome.retry) {
      if (outcome.problem) {
        ports.warn(outcome.problem);
      }
    } else {
      const attempts = Math.max(...batch.map((item) => item.attempts)) + 1;
      const next = attempts >= maxAttempts ? Infinity : ports.now() + retryDelay(attempts - 1, retryBase, retryMax, ports.random);
      for (const item of batch) {
        item.attempts = attempts;
        item.due = next;
      }
      waiting = waiting.concat(batch);
      if (next === Infinity) {
        ports.warn(`The intake is unreachable (${outcome.problem}); ${batch.length} event(s) wait for a later page.`);
      } else {
        schedule(next);
      }
    }
    persistSoon();
  }
  function send(batch) {
    inflight.add(batch);
    const done = (answer) => settle(batch, answer || { status: 0 });
    let result;
    try {
      result = ports.post(batch, true);
    } catch (e) {
    }
    if (result && typeof result.then === "function") {
      result.then(done, () => done());
    } else {
      done(result);
    }
  }
  function pump(all) {
    const now = ports.now();
    const ready = [];
    const rest = [];
    let next = Infinity;
    for (const item of waiting) {
      if (item.due !== Infinity && (all || item.attempts === 0 || item.due <= now)) {
        ready.push(item);
      } else {
        rest.push(item);
        next = Math.min(next, item.due);
      }
    }
    waiting = rest;
    fresh = 0;
    for (const chunk of chunkItems(ready, maxEvents, maxBytes)) {
      send(chunk);
    }
    if (next !== Infinity) {
      schedule(next);
    }
  }
  return {
    add(event) {
      waiting.push({ event, json: null, attempts: 0, due: ports.now() + linger });
      fresh++;
      persistSoon();
      if (fresh >= maxEvents) {
        pump(true);
      } else {
        schedule(ports.now() + linger);
      }
    },
    flush: () => pump(true),
    hide() {
      const handOff = waiting.filter((item) => item.attempts === 0);
      waiting = waiting.filter((item) => item.attempts !== 0);
      fresh = 0;
      for (const chunk of chunkItems(handOff, maxEvents, maxBytes)) {
        let handedOff = false;
        try {
          handedOff = !!ports.beacon && ports.beacon(chunk);
        } catch (e) {
          handedOff = false;
        }
        if (!handedOff) {
          send(chunk);
        }
      }
      persist();
    },
    pending: () => unacknowledged().length
  };
}

// modules/src/browser/beacon.ts
function createBeacon(url, nav) {
  return (items) => typeof nav.sendBeacon === "function" && nav.sendBeacon(url, batchBody(items)) === true;
}

// modules/src/browser/fetchPost.ts
var KEEPALIVE_LIMIT = 65536;
function createFetchPost(url, fetchFn, timeoutMs) {
  return (items, keepalive) => {
    const body = batchBody(items);
    const controller = typeof AbortController === "function" ? new AbortController() : null;
    const timer = setTimeout(() => controller && controller.abort(), timeoutMs);
    return Promise.resolve().then(() => fetchFn(url, {
      method: "POST",
      body,
      headers: { "Content-Type": "text/plain;charset=UTF-8" },
      keepalive: keepalive && utf8Length(body) < KEEPALIVE_LIMIT,
      credentials: "omit",
      signal: controller ? controller.signal : void 0
    })).then(
      // The status is the verdict; a body cut short (aborted) only loses the details.
      (response) => response.text().then((text) => ({ status: response.status, body: text }), () => ({ status: response.status })),
      () => ({ status: 0 })
    ).then((result) => {
      clearTimeout(timer);
      return result;
    });
  };
}
function fetchOf(win) {
  return (url, init) => win.fetch(url, init);
}

// modules/src/browser/pageLifecycle.ts
function onPageHide(win, fn) {
  win.document.addEventListener("visibilitychange", () => {
    if (win.document.visibilityState === "hidden") {
      fn();
    }
  });
  win.addEventListener("pagehide", fn);
}

// modules/src/browser/browserDelivery.ts
function createBrowserDelivery(options, env) {
  const delivery = createDelivery(options, {
    post: createFetchPost(options.intakeUrl, fetchOf(env.window), options.timeoutMs || 1e4),
    beacon: createBeacon(options.intakeUrl, env.window.navigator),
    storage: env.storage,
    instanceId: env.instanceId,
    setTimer: (fn, ms) => setTimeout(fn, ms),
    clearTimer: (handle) => clearTimeout(handle),
    now: Date.now,
    random: Math.random,
    warn: env.warn
  });
  onPageHide(env.window, () => delivery.hide());
  return delivery;
}

// modules/src/browser/privacy.ts
function refusesTracking(nav, win) {
  const dnt = nav.doNotTrack || win && win.doNotTrack;
  return dnt === "1" || dnt === "yes" || nav.globalPrivacyControl === true;
}

// modules/src/core/warnOnce.ts
var MAX_DISTINCT_WARNINGS = 100;
function warnOnce(warn) {
  const seen = /* @__PURE__ */ new Set();
  return (message) => {
    if (seen.has(message) || seen.size >= MAX_DISTINCT_WARNINGS) {
      return;
    }
    seen.add(message);
    try {
      warn(message);
    } catch (e) {
    }
  };
}

// modules/src/mw/mwEnvironment.ts
var DEVICE_KEY = "mp-device-id";
var DEVICE_COOKIE = "mpDeviceId";
var TOKEN = /^[0-9a-f]{20}$/;
function createMwEnvironment(mw2, win, config2) {
  const warn = warnOnce((message) => mw2.log.warn("[MetricsPlatform] " + message));
  const user = mw2.config.get("wgMetricsPlatformUser") || {};
  const store = mw2.storage && mw2.storage.store || localStorageOf(win);
  const delivery = config2.intakeUrl ? createBrowserDelivery({ intakeUrl: config2.intakeUrl, lingerMs: config2.lingerMs }, {
    window: win,
    storage: store,
    instanceId: mw2.user.getPageviewToken(),
    warn
  }) : null;
  let deviceId = null;
  function device() {
    if (!deviceId) {
      try {
        const fromCookie = mw2.cookie ? mw2.cookie.get(DEVICE_COOKIE) : null;
        const fromStorage = store ? store.getItem(DEVICE_KEY) : null;
        deviceId = fromCookie && TOKEN.test(fromCookie) ? fromCookie : fromStorage && TOKEN.test(fromStorage) ? fromStorage : mw2.user.generateRandomSessionId();
        if (store && fromStorage !== deviceId) {
          store.setItem(DEVICE_KEY, deviceId);
        }
        if (mw2.cookie && fromCookie !== deviceId) {
          mw2.cookie.set(DEVICE_COOKIE, deviceId, { expires: 365 * 86400 });
        }
      } catch (e) {
        deviceId = deviceId || mw2.user.generateRandomSessionId();
      }
    }
    return deviceId;
  }
  const refused = !!user.optOut || config2.respectDoNotTrack && refusesTracking(win.navigator, win);
  return {
    warn,
    user,
    store,
    delivery,
    // A refusing reader gets no identifier (mw.user.sessionId() sets a cookie, device() stores one):
    // nothing is sent for them, so the pageview token, which is never kept, stands in.
    token: (unit) => refused || unit === "pageview" ? mw2.user.getPageviewToken() : unit === "session" ? mw2.user.sessionId() : device(),
    refused
  };
}

// modules/src/mw/mwLeftoverKeys.ts
var CALLS_PREFIX = "mp-calls:";
function isLeftoverKey(key, pageview) {
  return (key.indexOf(CALLS_PREFIX) === 0 || key.indexOf(OUTBOX_PREFIX) === 0) && key.slice(key.indexOf(":") + 1) !== pageview;
}

// modules/src/mw/mwFacade.ts
function createMwFacade(mw2, win, config2, loadBuilder) {
  const env = createMwEnvironment(mw2, win, config2);
  const streams = config2.streams || {};
  const pageview = mw2.user.getPageviewToken();
  let queue = [];
  let builder = null;
  let loading = null;
  function load() {
    loading = loading || loadBuilder().then((module2) => {
      try {
        if (env.store) {
          env.store.removeItem(CALLS_PREFIX + pageview);
        }
      } catch (e) {
      }
      builder = module2.createEventBuilder(mw2, win, config2, env);
      const calls = queue;
      queue = [];
      builder.run(calls);
      return module2;
    }, (e) => {
      loading = null;
      env.warn(`The event builder could not be loaded (${String(e)}); ${queue.length} call(s) wait.`);
      return void 0;
    });
    return loading;
  }
  function call(m, a) {
    const recorded = { m, a, t: Date.now() };
    if (builder) {
      builder.run([recorded]);
    } else {
      queue.push(recorded);
      load();
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
    submit: (...a) => call("submit", a),
    submitInteraction: (...a) => call("submitInteraction", a),
    submitClick: (...a) => call("submitClick", a),
    dispatch: (...a) => call("dispatch", a),
    newInstrument(streamName, schemaID, instrumentName) {
      const id = ++instruments;
      return {
        // Names that are not strings are never converted here (String() throws for some objects).
        name: typeof instrumentName === "string" && instrumentName ? instrumentName : typeof streamName === "string" ? streamName : "",
        submitInteraction: (action, data) => call("instrument", [id, streamName, schemaID, instrumentName, action, data]),
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
          call("gadget", [name, action, data]);
        }
      };
      return { enabled, submitInteraction: submit, submitClick: (data) => submit("click", data) };
    },
    experimentStream: config2.experimentStream
  }, client);
  if (!mw2.eventLog) {
    mw2.eventLog = client;
  }
  win.addEventListener("pagehide", () => {
    if (builder || !queue.length || !env.store) {
      return;
    }
    const snapshot = {
      // All of the page's mw.config (mw.Map#get without a key): what the builder's context reads.
      config: mw2.config.get(),
      user: { anon: mw2.user.isAnon(), id: mw2.user.getId(), name: mw2.user.getName() },
      userAgent: win.navigator.userAgent,
      tokens: { pageview, session: env.token("session"), device: env.token("device") },
      calls: queue
    };
    try {
      env.store.setItem(CALLS_PREFIX + pageview, JSON.stringify(snapshot));
    } catch (e) {
      env.warn(`${queue.length} call(s) could not be kept for the next page (${String(e)}).`);
    }
  });
  setTimeout(() => {
    const keys = env.store ? storageKeys(env.store, (key) => isLeftoverKey(key, pageview)) : [];
    if (keys.length) {
      load().then((module2) => module2 && module2.takeOverLeftovers(mw2, win, config2, env, keys));
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
