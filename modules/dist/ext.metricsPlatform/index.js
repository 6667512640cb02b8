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

// modules/src/core/outboxBatch.ts
function jsonOf(item) {
  if (item.json === null) {
    item.json = JSON.stringify(item.event);
  }
  return item.json;
}
function batchBody(items) {
  return "[" + items.map(jsonOf).join(",") + "]";
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

// modules/src/core/outboxStore.ts
var OUTBOX_PREFIX = "mp-outbox:";
var BATCH_PREFIX = "mp-batch:";
var STATES = ["new", "failed", "unanswered"];
function indexKey(page) {
  return OUTBOX_PREFIX + page;
}
function bodyKey(page, n) {
  return BATCH_PREFIX + page + ":" + n;
}
function encodeIndex(index) {
  return JSON.stringify({
    v: 2,
    t: index.t,
    c: index.c,
    ct: index.ct,
    b: index.b.map((s) => [s.n, STATES.indexOf(s.state), s.due, s.attempts, s.handedAt, s.resent ? 1 : 0])
  });
}
function decodeIndex(text) {
  if (text === null) {
    return null;
  }
  const parsed = JSON.parse(text);
  if (Array.isArray(parsed)) {
    return parsed;
  }
  if (!parsed || typeof parsed !== "object") {
    return null;
  }
  const num = (x) => typeof x === "number" && isFinite(x) ? x : 0;
  const entries = Array.isArray(parsed.b) ? parsed.b : [];
  return {
    t: num(parsed.t),
    c: typeof parsed.c === "string" ? parsed.c : void 0,
    ct: num(parsed.ct),
    b: entries.filter((e) => Array.isArray(e) && typeof e[0] === "number" && STATES[e[1]] !== void 0).map((e) => ({ n: e[0], state: STATES[e[1]], due: num(e[2]), attempts: num(e[3]), handedAt: num(e[4]), resent: !!e[5] }))
  };
}

// modules/src/core/retryAfter.ts
function parseRetryAfter(value, now) {
  if (typeof value !== "string") {
    return void 0;
  }
  const text = value.trim();
  if (/^\d+$/.test(text)) {
    return Number(text) * 1e3;
  }
  if (!/^[A-Za-z]{3,9},? .+ GMT$/.test(text)) {
    return void 0;
  }
  const at = Date.parse(text);
  return isNaN(at) ? void 0 : Math.max(0, at - now);
}

// modules/src/core/delivery.ts
var DUE = 0;
var NEW = 1;
var ALL = 2;
var DETACH_CHECK_MS = 250;
var CLAIM_CHECK_MS = 100;
var CLAIM_EXPIRY_MS = 1e3;
function createDelivery(options, ports) {
  const maxEvents = options.maxBatchEvents || 100;
  const maxBytes = options.maxBatchBytes === void 0 ? 6e4 : options.maxBatchBytes;
  const linger = options.lingerMs === void 0 ? 1e3 : Math.max(0, options.lingerMs);
  const maxAttempts = options.maxAttempts || 5;
  const retryBase = options.retryBaseMs || 1e3;
  const retryMax = options.retryMaxMs || 3e4;
  const retryAfterMax = options.retryAfterMaxMs === void 0 ? 6e5 : options.retryAfterMaxMs;
  const maxStoredEvents = options.maxStoredEvents || 500;
  const maxStoredChars = options.maxStoredChars || 5e5;
  const resendUnanswered = options.resendUnanswered !== false;
  const answerWindow = options.answerWindowMs === void 0 ? 1e4 : options.answerWindowMs;
  const persistDelay = options.persistMs === void 0 ? 2e3 : options.persistMs;
  const leaseMs = options.leaseMs || 18e4;
  const quota = options.keepaliveQuota || 65536;
  const storage = ports.storage;
  let self = ports.instanceId;
  let generation = 0;
  let open = [];
  let openSince = 0;
  let batches = [];
  let nextNumber = 0;
  let doneBodies = [];
  let indexed = false;
  let dirty = false;
  let visible = true;
  let left = false;
  let backingOff = false;
  let holdUntil = 0;
  let inflight = 0;
  let keepaliveBytes = 0;
  let timer = null;
  let timerDue = Infinity;
  let persistTimer = null;
  let leaseTimer = null;
  const now = () => ports.now();
  function timeout(fn, ms) {
    return ports.setTimer(() => {
      try {
        fn();
      } catch (e) {
        ports.warn(`Delivery failed unexpectedly (${String(e)}).`);
      }
    }, Math.max(0, ms));
  }
  function schedule(at) {
    if (at >= timerDue) {
      return;
    }
    if (timer !== null) {
      ports.clearTimer(timer);
    }
    timerDue = at;
    timer = timeout(() => {
      timer = null;
      timerDue = Infinity;
      pump(DUE);
    }, at - now());
  }
  function changed() {
    dirty = true;
    if (storage && persistTimer === null && !left) {
      persistTimer = timeout(() => persist(false), persistDelay);
    }
  }
  function seal() {
    for (const items of chunkItems(open, maxEvents, maxBytes)) {
      batches.push({
        n: nextNumber++,
        items,
        bytes: maxBytes === Infinity ? 0 : utf8Length(batchBody(items)),
        state: "new",
        due: 0,
        attempts: 0,
        handedAt: 0,
        resent: false,
        sending: false,
        keepalive: false,
        stored: false,
        parked: false,
        tries: 0
      });
    }
    open = [];
  }
  function releaseLater(bytes) {
    timeout(() => {
      keepaliveBytes -= bytes;
    }, answerWindow);
  }
  function forget(batch) {
    batches = batches.filter((b) => b !== batch);
    if (batch.stored) {
      doneBodies.push(batch.n);
    }
    changed();
  }
  function stillOwner() {
    if (!storage || !indexed) {
      return true;
    }
    let index;
    try {
      index = decodeIndex(storage.getItem(indexKey(self)));
    } catch (e) {
      return true;
    }
    if (index && !Array.isArray(index) && (!index.c || index.c === self)) {
      return true;
    }
    batches = batches.filter((b) => !b.stored);
    doneBodies = [];
    indexed = false;
    self = ports.instanceId + "~" + ++generation;
    changed();
    return false;
  }
  function persist(release) {
    if (persistTimer !== null) {
      ports.clearTimer(persistTimer);
      persistTimer = null;
    }
    if (!storage || !dirty && !release) {
      return;
    }
    try {
      stillOwner();
      for (const n of doneBodies) {
        storage.removeItem(bodyKey(self, n));
      }
      doneBodies = [];
      let events = 0;
      let chars = 0;
      let dropped = 0;
      for (let i = batches.length - 1; i >= 0; i--) {
        const batch = batches[i];
        events += batch.items.length;
        chars += batch.bytes;
        const fits = events <= maxStoredEvents && chars <= maxStoredChars;
        if (fits && !batch.stored) {
          storage.setItem(bodyKey(self, batch.n), batchBody(batch.items));
          batch.stored = true;
        } else if (!fits) {
          dropped += batch.items.length;
          if (batch.stored) {
            storage.removeItem(bodyKey(self, batch.n));
            batch.stored = false;
          }
        }
      }
      if (dropped) {
        ports.warn(`Event storage limit reached: the ${dropped} oldest unsent event(s) are not kept.`);
      }
      const kept = batches.filter((b) => b.stored);
      if (!kept.length) {
        if (indexed) {
          storage.removeItem(indexKey(self));
          indexed = false;
        }
      } else {
        storage.setItem(indexKey(self), encodeIndex({ t: release ? 0 : now(), b: kept.map(storedEntry) }));
        indexed = true;
      }
      dirty = false;
    } catch (e) {
      ports.warn(`Event storage failed (${String(e)}); events stay in memory.`);
    }
    renewLease();
  }
  function storedEntry(b) {
    let state = b.state;
    if (b.sending) {
      state = left && !b.keepalive ? "failed" : "unanswered";
    }
    return { n: b.n, state, due: b.due, attempts: b.attempts, handedAt: b.handedAt, resent: b.resent };
  }
  function renewLease() {
    if (leaseTimer !== null) {
      ports.clearTimer(leaseTimer);
      leaseTimer = null;
    }
    if (indexed && !left) {
      leaseTimer = timeout(() => {
        leaseTimer = null;
        dirty = true;
        persist(false);
      }, leaseMs / 6);
    }
  }
  function settle(batch, result) {
    if (left && !result.status) {
      return;
    }
    inflight--;
    if (batch.keepalive) {
      keepaliveBytes -= batch.bytes;
    }
    batch.sending = false;
    batch.keepalive = false;
    if (!batches.includes(batch)) {
      return;
    }
    const status = result.status;
    const outcome = classifyResponse(status, result.body, batch.items.length);
    if (!outcome.retry) {
      if (outcome.problem) {
        ports.warn(outcome.problem);
      }
      if (status >= 200 && status < 300) {
        backingOff = false;
      }
      forget(batch);
    } else {
      batch.attempts++;
      batch.tries++;
      let wait = retryDelay(batch.attempts - 1, retryBase, retryMax, ports.random);
      const asked = parseRetryAfter(result.retryAfter, now());
      if (asked !== void 0 && (status === 429 || status >= 500)) {
        wait = Math.max(wait, Math.min(asked, retryAfterMax));
        holdUntil = Math.max(holdUntil, now() + Math.min(asked, retryAfterMax));
      }
      batch.state = "failed";
      batch.due = now() + wait;
      backingOff = true;
      if (batch.tries >= maxAttempts) {
        batch.parked = true;
        ports.warn(`The intake is unreachable (${outcome.problem}); ${batch.items.length} event(s) wait for a later page.`);
      }
      changed();
    }
    pump(DUE);
  }
  function send(batch, keepalive) {
    if (batch.stored && !stillOwner()) {
      return;
    }
    if (batch.state === "unanswered") {
      batch.resent = true;
    }
    batch.sending = true;
    batch.keepalive = keepalive;
    batch.handedAt = now();
    inflight++;
    if (keepalive) {
      keepaliveBytes += batch.bytes;
    }
    changed();
    const done = (answer, later) => {
      const outcome = answer || { status: 0 };
      if (!outcome.status && keepalive && later) {
        timeout(() => settle(batch, outcome), DETACH_CHECK_MS);
      } else {
        settle(batch, outcome);
      }
    };
    let result;
    try {
      result = ports.post(batch.items, keepalive);
    } catch (e) {
    }
    if (result && typeof result.then === "function") {
      result.then((answer) => done(answer, true), () => done(void 0, true));
    } else {
      done(result);
    }
  }
  function readyAt(batch, what) {
    if (batch.sending || batch.parked) {
      return Infinity;
    }
    if (batch.state === "new") {
      return what >= NEW ? 0 : batch.due;
    }
    if (batch.state === "unanswered") {
      return Math.max(batch.due, batch.handedAt + answerWindow);
    }
    return what === ALL ? 0 : batch.due;
  }
  function pump(what) {
    if (left) {
      return;
    }
    const t = now();
    if (open.length && (what !== DUE || t >= openSince + linger)) {
      seal();
    }
    let next = open.length ? openSince + linger : Infinity;
    if (t < holdUntil) {
      schedule(Math.min(next, holdUntil));
      return;
    }
    for (const batch of batches.slice()) {
      if (batch.state === "unanswered" && !batch.sending && (!resendUnanswered || batch.resent)) {
        forget(batch);
        continue;
      }
      const at = readyAt(batch, what);
      if (at > t) {
        next = Math.min(next, at);
        continue;
      }
      if (backingOff && inflight > 0) {
        break;
      }
      const keepalive = keepaliveBytes + batch.bytes <= quota;
      if (!keepalive && !visible) {
        break;
      }
      send(batch, keepalive);
    }
    if (next !== Infinity) {
      schedule(next);
    }
  }
  function adopt(index, from) {
    let taken = 0;
    const entries = [];
    if (Array.isArray(index)) {
      entries.push({ entry: { n: 0, state: "new", due: 0, attempts: 0, handedAt: 0, resent: false }, events: index });
    } else {
      for (const entry of index.b) {
        try {
          const body = JSON.parse(storage.getItem(bodyKey(from, entry.n)) || "null");
          entries.push({ entry, events: Array.isArray(body) ? body : [] });
        } catch (e) {
          ports.warn(`Stored events of ${from} could not be read (${String(e)}).`);
        }
      }
    }
    for (const { entry, events } of entries) {
      const items = events.filter((e) => e && typeof e === "object").map((event) => ({ event, json: null }));
      if (!items.length || entry.state === "unanswered" && (!resendUnanswered || entry.resent)) {
        continue;
      }
      for (const chunk of chunkItems(items, maxEvents, maxBytes)) {
        batches.push(Object.assign({}, entry, {
          n: nextNumber++,
          items: chunk,
          bytes: maxBytes === Infinity ? 0 : utf8Length(batchBody(chunk)),
          sending: false,
          keepalive: false,
          stored: false,
          parked: false,
          tries: 0
        }));
        taken += chunk.length;
        backingOff = backingOff || entry.attempts > 0;
      }
    }
    return taken;
  }
  function claim(key) {
    const from = key.slice(OUTBOX_PREFIX.length);
    let index;
    try {
      index = decodeIndex(storage.getItem(key));
    } catch (e) {
      ports.warn(`Stored events under ${key} could not be read (${String(e)}).`);
      storage.removeItem(key);
      return;
    }
    if (!index) {
      return;
    }
    if (Array.isArray(index)) {
      storage.removeItem(key);
      adopt(index, from);
      changed();
      pump(DUE);
      return;
    }
    const t = now();
    const alive = index.t > 0 && t - index.t < leaseMs;
    const claimed = !!index.c && index.c !== self && t - (index.ct || 0) < CLAIM_EXPIRY_MS;
    if (alive || claimed) {
      return;
    }
    index.c = self;
    index.ct = t;
    storage.setItem(key, encodeIndex(index));
    timeout(() => {
      const again = decodeIndex(storage.getItem(key));
      if (!again || Array.isArray(again) || again.c !== self) {
        return;
      }
      adopt(again, from);
      for (const entry of again.b) {
        storage.removeItem(bodyKey(from, entry.n));
      }
      storage.removeItem(key);
      dirty = true;
      persist(false);
      pump(DUE);
    }, CLAIM_CHECK_MS);
  }
  return {
    add(event) {
      if (!open.length) {
        openSince = now();
      }
      open.push({ event, json: null });
      changed();
      if (open.length >= maxEvents) {
        pump(NEW);
      } else {
        schedule(openSince + linger);
      }
    },
    flush: () => pump(ALL),
    hide() {
      if (left) {
        return;
      }
      visible = false;
      pump(NEW);
      dirty = true;
      persist(false);
    },
    show() {
      visible = true;
      left = false;
      stillOwner();
      dirty = true;
      persist(false);
      pump(DUE);
    },
    leave() {
      if (left) {
        return;
      }
      if (open.length) {
        seal();
      }
      visible = false;
      for (const batch of batches) {
        if (batch.state !== "new" || batch.sending || keepaliveBytes + batch.bytes > quota) {
          continue;
        }
        let handedOff = false;
        try {
          handedOff = !!ports.beacon && ports.beacon(batch.items);
        } catch (e) {
          handedOff = false;
        }
        if (handedOff) {
          keepaliveBytes += batch.bytes;
          batch.state = "unanswered";
          batch.handedAt = now();
          releaseLater(batch.bytes);
        } else {
          send(batch, true);
        }
      }
      left = true;
      dirty = true;
      persist(true);
    },
    takeOver(keys) {
      if (!storage) {
        return;
      }
      for (const key of keys) {
        if (key.indexOf(OUTBOX_PREFIX) === 0 && key.slice(OUTBOX_PREFIX.length).split("~")[0] !== ports.instanceId) {
          try {
            claim(key);
          } catch (e) {
            ports.warn(`Stored events under ${key} could not be taken over (${String(e)}).`);
          }
        }
      }
    },
    pending: () => batches.reduce((sum, b) => sum + b.items.length, open.length)
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
      (response) => {
        const retryAfter = response.headers ? response.headers.get("Retry-After") : null;
        return response.text().then((text) => ({ status: response.status, body: text, retryAfter }), () => ({ status: response.status, retryAfter }));
      },
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
function followPageLife(win, handlers) {
  win.document.addEventListener("visibilitychange", () => {
    if (win.document.visibilityState === "hidden") {
      handlers.hidden();
    } else {
      handlers.shown();
    }
  });
  win.addEventListener("pagehide", () => handlers.left());
  win.addEventListener("pageshow", (event) => {
    if (event && event.persisted) {
      handlers.shown();
    }
  });
  win.document.addEventListener("freeze", () => handlers.left());
  win.document.addEventListener("resume", () => handlers.shown());
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
  followPageLife(env.window, {
    hidden: () => delivery.hide(),
    shown: () => delivery.show(),
    left: () => delivery.leave()
  });
  if (env.window.document.visibilityState === "hidden") {
    delivery.hide();
  }
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
  return {
    warn,
    user,
    store,
    delivery,
    token: (unit) => unit === "pageview" ? mw2.user.getPageviewToken() : unit === "session" ? mw2.user.sessionId() : device(),
    refused: !!user.optOut || config2.respectDoNotTrack && refusesTracking(win.navigator, win)
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
    return !!stream && (!sample || tokenPosition(env.token(sample.unit)) < sample.rate);
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
        name: typeof instrumentName === "string" && instrumentName ? instrumentName : String(streamName),
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
          call("gadget", [String(name), action, data]);
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
