/* Generated from modules/src by `npm run build`. Do not edit. */
"use strict";
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __defNormalProp = (obj, key, value) => key in obj ? __defProp(obj, key, { enumerable: true, configurable: true, writable: true, value }) : obj[key] = value;
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toCommonJS = (mod) => __copyProps(__defProp({}, "__esModule", { value: true }), mod);
var __publicField = (obj, key, value) => __defNormalProp(obj, typeof key !== "symbol" ? key + "" : key, value);

// modules/src/entries/standalone.ts
var standalone_exports = {};
__export(standalone_exports, {
  createMetricsClient: () => createMetricsClient,
  editCountBucket: () => editCountBucket,
  isTokenInSample: () => isTokenInSample,
  isTokenOneInN: () => isTokenOneInN
});
module.exports = __toCommonJS(standalone_exports);

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
var bodies = /* @__PURE__ */ new WeakMap();
var sizes = /* @__PURE__ */ new WeakMap();
function batchBody(items) {
  let body = bodies.get(items);
  if (body === void 0) {
    body = "[" + items.map(jsonOf).join(",") + "]";
    bodies.set(items, body);
  }
  return body;
}
function batchBytes(items) {
  let bytes = sizes.get(items);
  if (bytes === void 0) {
    bytes = utf8Length(batchBody(items));
    sizes.set(items, bytes);
  }
  return bytes;
}
var NON_ASCII = /[\u0080-\uffff]/;
function utf8Length(text) {
  let bytes = text.length;
  if (!NON_ASCII.test(text)) {
    return bytes;
  }
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
var FULL_BATCHES_IN_CALL = 10;
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
  function changed(ms = persistDelay) {
    dirty = true;
    if (storage && persistTimer === null && !left) {
      persistTimer = timeout(() => {
        persistTimer = null;
        persist(false);
        if (open.length && openSince + persistDelay > now()) {
          changed(openSince + persistDelay - now());
        }
      }, ms);
    }
  }
  function seal(fullOnly) {
    const count = fullOnly ? open.length - open.length % maxEvents : open.length;
    for (const items of chunkItems(open.slice(0, count), maxEvents, maxBytes)) {
      batches.push({
        n: nextNumber++,
        items,
        bytes: maxBytes === Infinity ? 0 : batchBytes(items),
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
    open = open.slice(count);
    if (count) {
      changed();
    }
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
    const lingering = open.length > 0 && !release;
    if (persistTimer !== null && !lingering) {
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
      dirty = lingering;
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
  function settle(batch, result, then = true) {
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
    report({ items: batch.items, status, body: result.body, attempts: batch.attempts + (outcome.retry ? 1 : 0), parked: outcome.retry && batch.tries + 1 >= maxAttempts });
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
    if (then) {
      pump(DUE);
    }
  }
  function report(what) {
    const listener = ports.observer && ports.observer();
    try {
      if (listener) {
        listener(what);
      }
    } catch (e) {
    }
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
    report({ items: batch.items, attempts: batch.attempts });
    inflight++;
    if (keepalive) {
      keepaliveBytes += batch.bytes;
    }
    changed();
    if (batch.stored) {
      persist(false);
    }
    const done = (answer, later) => {
      const outcome = answer || { status: 0 };
      if (!outcome.status && keepalive && later) {
        const at = batch.rejected = now();
        timeout(() => {
          if (batch.rejected === at) {
            batch.rejected = 0;
            settle(batch, outcome);
          }
        }, DETACH_CHECK_MS);
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
    } else if (open.length >= maxEvents) {
      seal(true);
    }
    let next = open.length ? openSince + linger : Infinity;
    if (t < holdUntil) {
      schedule(Math.min(next, holdUntil));
      return;
    }
    for (const batch of batches.slice()) {
      if (!batches.includes(batch)) {
        continue;
      }
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
          bytes: maxBytes === Infinity ? 0 : batchBytes(chunk),
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
      if (open.length >= maxEvents * FULL_BATCHES_IN_CALL) {
        pump(NEW);
      } else if (open.length <= maxEvents) {
        schedule(open.length === maxEvents ? now() : openSince + linger);
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
      for (const batch of batches.slice()) {
        if (batch.rejected && now() - batch.rejected >= DETACH_CHECK_MS) {
          batch.rejected = 0;
          settle(batch, { status: 0 }, false);
        }
      }
      visible = false;
      for (const batch of batches.slice()) {
        if (!batches.includes(batch) || batch.state !== "new" || batch.sending || keepaliveBytes + batch.bytes > quota) {
          continue;
        }
        let handedOff = false;
        try {
          handedOff = !!ports.beacon && ports.beacon(batch.items);
        } catch (e) {
          handedOff = false;
        }
        if (handedOff) {
          report({ items: batch.items, attempts: batch.attempts });
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
      keepalive: keepalive && batchBytes(items) < KEEPALIVE_LIMIT,
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
    warn: env.warn,
    observer: env.observer
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

// modules/src/core/contextAttributes.ts
var CONTEXT_ATTRIBUTE_NAMES = [
  "agent_client_platform",
  "agent_client_platform_family",
  "agent_ua_string",
  "page_id",
  "page_title",
  "page_namespace_id",
  "page_namespace_name",
  "page_revision_id",
  "page_wikidata_qid",
  "page_content_language",
  "page_is_redirect",
  "page_user_groups_allowed_to_move",
  "page_user_groups_allowed_to_edit",
  "mediawiki_skin",
  "mediawiki_version",
  "mediawiki_is_production",
  "mediawiki_is_debug_mode",
  "mediawiki_database",
  "mediawiki_site_content_language",
  "mediawiki_site_content_language_variant",
  "performer_is_logged_in",
  "performer_id",
  "performer_name",
  "performer_session_id",
  "performer_pageview_id",
  "performer_groups",
  "performer_is_bot",
  "performer_is_temp",
  "performer_language",
  "performer_language_variant",
  "performer_can_probably_edit_page",
  "performer_edit_count",
  "performer_edit_count_bucket",
  "performer_registration_dt"
];
var KNOWN = new Set(CONTEXT_ATTRIBUTE_NAMES);
var ATTRIBUTES_WITHOUT_SCHEMA_FIELD = {
  mediawiki_is_production: "the event schema has no mediawiki.is_production field",
  mediawiki_is_debug_mode: "the event schema has no mediawiki.is_debug_mode field"
};
var INTAKE_RECORDED_ATTRIBUTES = ["agent_ua_string"];
function writtenByClient(name) {
  return !INTAKE_RECORDED_ATTRIBUTES.includes(name) && !Object.prototype.hasOwnProperty.call(ATTRIBUTES_WITHOUT_SCHEMA_FIELD, name);
}
function isKnownAttribute(name) {
  return KNOWN.has(name);
}
function attributePath(name) {
  const i = name.indexOf("_");
  return { name, group: name.slice(0, i), key: name.slice(i + 1) };
}
function readAttribute(context, path) {
  const group = context[path.group];
  const value = group ? group[path.key] : void 0;
  return value === null ? void 0 : value;
}
function editCountBucket(editCount) {
  if (typeof editCount !== "number" || !Number.isInteger(editCount) || editCount < 0) {
    return void 0;
  }
  if (editCount === 0) {
    return "0 edits";
  }
  if (editCount < 5) {
    return "1-4 edits";
  }
  if (editCount < 100) {
    return "5-99 edits";
  }
  return editCount < 1e3 ? "100-999 edits" : "1000+ edits";
}
var ALWAYS = [
  attributePath("agent_client_platform"),
  attributePath("agent_client_platform_family")
];
var PLATFORM_DEFAULTS = {
  client_platform: "mediawiki_js",
  client_platform_family: "desktop_browser"
};
function compileAttributeSelection(provideValues) {
  const seen = new Set(ALWAYS.map((p) => p.name));
  const paths = ALWAYS.slice();
  for (const name of provideValues) {
    if (!seen.has(name) && KNOWN.has(name) && writtenByClient(name)) {
      seen.add(name);
      paths.push(attributePath(name));
    }
  }
  return paths;
}
function attributeValue(context, path) {
  let value = readAttribute(context, path);
  if (value === void 0) {
    if (path.group === "agent") {
      value = PLATFORM_DEFAULTS[path.key];
    } else if (path.name === "performer_edit_count_bucket") {
      value = editCountBucket(context.performer && context.performer.edit_count);
    }
  }
  return value;
}
function addContextAttributes(context, paths, target) {
  for (const path of paths) {
    const value = attributeValue(context, path);
    if (value === void 0) {
      continue;
    }
    let group = target[path.group];
    if (!group) {
      group = target[path.group] = {};
    }
    group[path.key] = Array.isArray(value) ? value.slice() : value;
  }
}

// modules/src/core/ordering.ts
function compareCodePoints(a, b) {
  let i = 0;
  while (i < a.length && i < b.length) {
    const x = a.codePointAt(i);
    const y = b.codePointAt(i);
    if (x !== y) {
      return x < y ? -1 : 1;
    }
    i += x > 65535 ? 2 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

// modules/src/core/curation.ts
var CURATION_OPERATORS = [
  "equals",
  "not_equals",
  "greater_than",
  "less_than",
  "greater_than_or_equals",
  "less_than_or_equals",
  "in",
  "not_in",
  "contains",
  "does_not_contain",
  "contains_all",
  "contains_any"
];
var OPERATOR_SET = new Set(CURATION_OPERATORS);
var ARRAY_OPERAND = /* @__PURE__ */ new Set(["in", "not_in", "contains_all", "contains_any"]);
var ORDERING = /* @__PURE__ */ new Set(["greater_than", "less_than", "greater_than_or_equals", "less_than_or_equals"]);
function curationRuleProblem(operator, operand) {
  if (!OPERATOR_SET.has(operator)) {
    return `unknown curation operator "${operator}"`;
  }
  if (ARRAY_OPERAND.has(operator) && !Array.isArray(operand)) {
    return `curation operator "${operator}" needs an array`;
  }
  if (ORDERING.has(operator) && typeof operand !== "number" && typeof operand !== "string") {
    return `curation operator "${operator}" needs a number or a string`;
  }
  if (operand === void 0 || typeof operand === "function") {
    return `curation operator "${operator}" has no operand`;
  }
  return null;
}
function isObject(value) {
  return !!value && typeof value === "object" && !Array.isArray(value);
}
function rulesProblem(rules, where) {
  if (!isObject(rules)) {
    return `${where} is not an object of attribute → { operator: operand }`;
  }
  for (const name of Object.keys(rules)) {
    if (!isKnownAttribute(name)) {
      return `${where} names unknown attribute ${name}`;
    }
    const ops = rules[name];
    if (!isObject(ops) || !Object.keys(ops).length) {
      return `${where}.${name} is not an object of operator → operand`;
    }
    for (const operator of Object.keys(ops)) {
      const problem2 = curationRuleProblem(operator, ops[operator]);
      if (problem2) {
        return `${where}.${name}: ${problem2}`;
      }
    }
  }
  return null;
}
function isPrimitive(value) {
  const type = typeof value;
  return type === "string" || type === "number" || type === "boolean";
}
function same(a, b) {
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => same(item, b[i]));
  }
  return a === b;
}
function includes(list, item) {
  return Array.isArray(list) && list.some((x) => same(x, item));
}
function compare(value, operand) {
  if (typeof value === "number" && typeof operand === "number") {
    return value - operand;
  }
  if (typeof value === "string" && typeof operand === "string") {
    return compareCodePoints(value, operand);
  }
  return null;
}
function passesRule(value, operator, operand) {
  let order;
  switch (operator) {
    case "equals":
      return same(value, operand);
    case "not_equals":
      return !same(value, operand);
    case "greater_than":
      order = compare(value, operand);
      return order !== null && order > 0;
    case "less_than":
      order = compare(value, operand);
      return order !== null && order < 0;
    case "greater_than_or_equals":
      order = compare(value, operand);
      return order !== null && order >= 0;
    case "less_than_or_equals":
      order = compare(value, operand);
      return order !== null && order <= 0;
    case "in":
      return isPrimitive(value) && includes(operand, value);
    case "not_in":
      return isPrimitive(value) && Array.isArray(operand) && !includes(operand, value);
    case "contains":
      return Array.isArray(value) ? includes(value, operand) : typeof value === "string" && typeof operand === "string" && value.includes(operand);
    case "does_not_contain":
      return Array.isArray(value) ? !includes(value, operand) : typeof value === "string" && typeof operand === "string" && !value.includes(operand);
    case "contains_all":
      return Array.isArray(value) && Array.isArray(operand) && operand.every((x) => includes(value, x));
    case "contains_any":
      return Array.isArray(value) && Array.isArray(operand) && operand.some((x) => includes(value, x));
    default:
      return false;
  }
}
function compileCuration(rules) {
  const compiled = [];
  for (const name of Object.keys(rules || {})) {
    const ops = rules[name];
    for (const operator of Object.keys(ops)) {
      compiled.push({ path: attributePath(name), operator, operand: ops[operator] });
    }
  }
  return compiled;
}
function failedRule(event, rules) {
  for (const rule of rules) {
    const group = event && typeof event === "object" ? event[rule.path.group] : void 0;
    const value = group && typeof group === "object" && !Array.isArray(group) ? group[rule.path.key] : void 0;
    if (value === void 0 || value === null || !passesRule(value, rule.operator, rule.operand)) {
      return rule;
    }
  }
  return null;
}

// modules/src/core/sampling.ts
var SAMPLE_UNITS = ["pageview", "session", "device"];
var MAX_UINT32 = 4294967295;
var HEX8 = /^[0-9a-fA-F]{8}/;
function sampleConfigProblem(sample) {
  if (sample === void 0) {
    return null;
  }
  if (!sample || typeof sample !== "object" || Array.isArray(sample)) {
    return "sample must be an object with rate and unit";
  }
  const { rate, unit } = sample;
  if (typeof rate !== "number" || !(rate >= 0 && rate <= 1)) {
    return `sample.rate ${JSON.stringify(rate)} is not a number from 0 to 1`;
  }
  if (typeof unit !== "string" || !SAMPLE_UNITS.includes(unit)) {
    return `sample.unit ${JSON.stringify(unit)} is not one of ${SAMPLE_UNITS.join(", ")}`;
  }
  return null;
}
function tokenPosition(token) {
  return HEX8.test(token) ? parseInt(token.slice(0, 8), 16) / MAX_UINT32 : NaN;
}
function isTokenInSample(token, sample) {
  if (sample === void 0) {
    return true;
  }
  if (sampleConfigProblem(sample) !== null || typeof token !== "string") {
    return false;
  }
  return tokenPosition(token) < sample.rate;
}
function isTokenOneInN(token, populationSize) {
  if (!Number.isInteger(populationSize) || populationSize < 1 || !HEX8.test(token)) {
    return false;
  }
  return parseInt(token.slice(0, 8), 16) % populationSize === 0;
}

// modules/src/core/contextTemplate.ts
function createContextCache(token) {
  let current = null;
  const streams = /* @__PURE__ */ new Map();
  function entry(stream, context) {
    if (context !== current) {
      current = context;
      streams.clear();
    }
    let found = streams.get(stream);
    if (!found) {
      found = {
        groups: null,
        rule: void 0,
        inSample: !stream.sample || isTokenInSample(token(stream.sample.unit, context), stream.sample)
      };
      streams.set(stream, found);
    }
    return found;
  }
  function template(stream, context) {
    const attributes = {};
    addContextAttributes(context, stream.attributes, attributes);
    return Object.keys(attributes).map((group) => {
      const fields = attributes[group];
      for (const key of Object.keys(fields)) {
        if (Array.isArray(fields[key])) {
          Object.freeze(fields[key]);
        }
      }
      return [group, Object.freeze(fields)];
    });
  }
  return {
    inSample: (stream, context) => entry(stream, context).inSample,
    addAttributes(stream, context, event) {
      const found = entry(stream, context);
      if (found.rule === void 0) {
        addContextAttributes(context, stream.attributes, event);
        found.rule = failedRule(event, stream.curation);
        return found.rule;
      }
      const groups = found.groups || (found.groups = template(stream, context));
      for (let i = 0; i < groups.length; i++) {
        event[groups[i][0]] = groups[i][1];
      }
      return found.rule;
    }
  };
}

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
function codePointLength(text) {
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 55296 && unit <= 56319 && i + 1 < text.length && (text.charCodeAt(i + 1) & 64512) === 56320) {
      i++;
    }
    length++;
  }
  return length;
}
var STRING_LIMITS = {
  action: 64,
  action_subtype: 64,
  action_source: 64,
  action_context: 8192,
  element_id: 64,
  element_friendly_name: 64,
  funnel_name: 64,
  funnel_entry_token: 80,
  instrument_name: 255
};
function interactionProblem(event) {
  for (const field in STRING_LIMITS) {
    const value = event[field];
    if (value === void 0) {
      continue;
    }
    if (typeof value !== "string") {
      return `${field} is not a string`;
    }
    if (value.length > STRING_LIMITS[field]) {
      const length = codePointLength(value);
      if (length > STRING_LIMITS[field]) {
        return `${field} is ${length} characters, more than ${STRING_LIMITS[field]}`;
      }
    }
  }
  const position = event.funnel_event_sequence_position;
  if (position !== void 0 && !(typeof position === "number" && Number.isSafeInteger(position) && position >= 1)) {
    return "funnel_event_sequence_position is not a whole number from 1";
  }
  return null;
}

// modules/src/core/isoTime.ts
var DAY_MS = 864e5;
var TWO = [];
for (let i = 0; i < 100; i++) {
  TWO.push(i < 10 ? "0" + i : String(i));
}
function createIsoTime() {
  let dayStart = NaN;
  let dayPrefix = "";
  return (ms) => {
    let t = ms - dayStart;
    if (!(t >= 0 && t < DAY_MS && ms % 1 === 0)) {
      const text = new Date(ms).toISOString();
      if (text.length !== 24 || ms !== Math.floor(ms)) {
        return text;
      }
      dayStart = ms - ms % DAY_MS - (ms % DAY_MS < 0 ? DAY_MS : 0);
      dayPrefix = text.slice(0, 11);
      t = ms - dayStart;
    }
    const millis = t % 1e3;
    const seconds = (t - millis) / 1e3;
    return dayPrefix + TWO[Math.floor(seconds / 3600)] + ":" + TWO[Math.floor(seconds / 60) % 60] + ":" + TWO[seconds % 60] + "." + (millis < 10 ? "00" : millis < 100 ? "0" : "") + millis + "Z";
  };
}

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

// modules/src/core/streamConfig.ts
var WEB_BASE_SCHEMA_ID = "/analytics/product_metrics/web/base/1.3.0";
function isPlainObject(value) {
  return !!value && typeof value === "object" && !Array.isArray(value);
}
function isStringArray(value) {
  return Array.isArray(value) && value.every((x) => typeof x === "string");
}
function streamConfigProblem(config) {
  if (!isPlainObject(config)) {
    return "the stream config is not an object";
  }
  const sampleProblem = sampleConfigProblem(config.sample);
  if (sampleProblem) {
    return sampleProblem;
  }
  if (config.schema_id !== void 0 && typeof config.schema_id !== "string") {
    return "schema_id is not a string";
  }
  if (config.producers === void 0) {
    return null;
  }
  if (!isPlainObject(config.producers)) {
    return "producers is not an object";
  }
  const mp = config.producers.metrics_platform_client;
  if (mp === void 0) {
    return null;
  }
  if (!isPlainObject(mp)) {
    return "producers.metrics_platform_client is not an object";
  }
  if (mp.events !== void 0 && !isStringArray(mp.events)) {
    return "producers.metrics_platform_client.events is not a list of strings";
  }
  if (mp.stream_name !== void 0 && (typeof mp.stream_name !== "string" || !mp.stream_name)) {
    return "producers.metrics_platform_client.stream_name is not a stream name";
  }
  const provided = mp.provide_values === void 0 ? [] : mp.provide_values;
  if (!isStringArray(provided)) {
    return "producers.metrics_platform_client.provide_values is not a list of strings";
  }
  const unknown = provided.filter((name) => !isKnownAttribute(name));
  if (unknown.length) {
    return `provide_values names unknown attribute(s) ${unknown.join(", ")}`;
  }
  const fieldless = provided.filter((name) => Object.prototype.hasOwnProperty.call(ATTRIBUTES_WITHOUT_SCHEMA_FIELD, name));
  if (fieldless.length) {
    return `provide_values asks for ${fieldless.map((name) => `${name} (${ATTRIBUTES_WITHOUT_SCHEMA_FIELD[name]})`).join(", ")}`;
  }
  return curationProblem(mp.curation, provided);
}
function curationProblem(curation, provided) {
  if (curation === void 0) {
    return null;
  }
  const problem2 = rulesProblem(curation, "curation");
  if (problem2) {
    return problem2;
  }
  const missing = Object.keys(curation).find((name) => !provided.includes(name) && name.indexOf("agent_client_platform") !== 0);
  return missing ? `curation on ${missing}, which provide_values does not ask for` : null;
}
function clone(value) {
  return JSON.parse(JSON.stringify(value));
}
function compileStream(name, config) {
  const mp = config.producers && config.producers.metrics_platform_client || {};
  return {
    name,
    destination: mp.stream_name || name,
    sample: config.sample,
    events: mp.events || [],
    attributes: compileAttributeSelection(mp.provide_values || []),
    curation: compileCuration(mp.curation),
    schemaId: config.schema_id || WEB_BASE_SCHEMA_ID,
    config
  };
}
function permissiveRegistry() {
  const streams = /* @__PURE__ */ new Map();
  return {
    get(name) {
      let stream = streams.get(name);
      if (!stream) {
        stream = compileStream(name, {});
        streams.set(name, stream);
      }
      return stream;
    },
    problem: () => null,
    all: () => Array.from(streams.values())
  };
}
function createStreamRegistry(input, warn) {
  if (input === false) {
    return permissiveRegistry();
  }
  let raw = {};
  if (isPlainObject(input)) {
    raw = isPlainObject(input.streams) ? input.streams : input;
  } else if (input !== void 0 && input !== null) {
    warn("Stream configs are not an object; no stream is enabled.");
  }
  const streams = /* @__PURE__ */ new Map();
  const problems = /* @__PURE__ */ new Map();
  for (const name of Object.keys(raw)) {
    let problem2;
    let config;
    try {
      problem2 = streamConfigProblem(raw[name]);
      config = problem2 ? void 0 : clone(raw[name]);
    } catch (e) {
      problem2 = "the stream config cannot be read as JSON";
    }
    if (problem2 || !config) {
      problems.set(name, problem2 || "invalid");
      warn(`Stream "${name}" is disabled: ${problem2}.`);
    } else {
      streams.set(name, compileStream(name, config));
    }
  }
  return {
    get: (name) => streams.get(name) || null,
    problem: (name) => problems.get(name) || null,
    all: () => Array.from(streams.values())
  };
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

// modules/src/core/webBaseSchema.ts
var BASE_1_2_0 = [
  "$schema",
  "action",
  "action_context",
  "action_source",
  "action_subtype",
  "agent",
  "dt",
  "element_friendly_name",
  "element_id",
  "funnel_entry_token",
  "funnel_event_sequence_position",
  "funnel_name",
  "http",
  "mediawiki",
  "meta",
  "page",
  "performer",
  "sample"
];
var WEB_BASE_PROPERTIES = {
  "1.2.0": BASE_1_2_0,
  "1.3.0": BASE_1_2_0.concat(["experiments", "instrument_name"])
};
var WEB_BASE_ID = /^\/analytics\/product_metrics\/web\/base\/(\d+\.\d+\.\d+)$/;
var KNOWN2 = /* @__PURE__ */ new Map();
function schemaFieldProblem(schemaId, fields) {
  let known = KNOWN2.get(schemaId);
  if (known === void 0) {
    const match = WEB_BASE_ID.exec(schemaId);
    known = match && Object.prototype.hasOwnProperty.call(WEB_BASE_PROPERTIES, match[1]) ? new Set(WEB_BASE_PROPERTIES[match[1]]) : null;
    if (KNOWN2.size < 100) {
      KNOWN2.set(schemaId, known);
    }
  }
  if (!known) {
    return null;
  }
  for (const key of Object.keys(fields)) {
    if (!known.has(key)) {
      return `the field ${JSON.stringify(key)} is not in the schema ${schemaId}`;
    }
  }
  return null;
}

// modules/src/core/client.ts
var NULL_INSTRUMENT = Object.freeze({
  name: "",
  submitInteraction: () => void 0,
  isStreamInSample: () => false
});
var RESERVED = /* @__PURE__ */ new Set(["$schema", "action", "meta", "dt", "sample", "agent", "page", "mediawiki", "performer", "experiments"]);
function createCoreClient(ports) {
  const warn = warnOnce(ports.warn);
  const registry = createStreamRegistry(ports.streamConfigs, warn);
  const contexts = createContextCache(ports.token);
  const isoTime = createIsoTime();
  function tell(code, stream, action, detail, event) {
    const listener = ports.observer && ports.observer();
    if (listener) {
      try {
        listener({
          code,
          stream: typeof stream === "string" ? stream : "",
          action: typeof action === "string" ? action : void 0,
          time: ports.now(),
          id: event && event.meta.id,
          detail: detail && detail(),
          event: event && JSON.parse(JSON.stringify(event))
        });
      } catch (e) {
      }
    }
  }
  function drop(streamName, reason, code, action, detail) {
    warn(`Event for stream "${streamName}" not sent: ${reason}.`);
    tell(code, streamName, action, detail || (() => ({ problem: reason })));
  }
  function lookup(streamName, action) {
    if (typeof streamName !== "string" || !streamName) {
      warn(`Event not sent: the stream name ${JSON.stringify(safeName(streamName))} is not a non-empty string.`);
      tell("unknown_stream", streamName, action);
      return null;
    }
    const stream = registry.get(streamName);
    if (!stream) {
      const problem2 = registry.problem(streamName);
      drop(streamName, problem2 ? `the stream is disabled (${problem2})` : "the stream is not configured", problem2 ? "disabled" : "unknown_stream", action);
    } else if (!enabled()) {
      tell("refused_privacy", streamName, action);
      return null;
    }
    return stream;
  }
  function readContext() {
    try {
      return ports.context() || {};
    } catch (e) {
      warn(`Contextual attributes could not be read (${safeName(e)}); events are sent without them.`);
      return {};
    }
  }
  function inSample(stream, context) {
    return contexts.inSample(stream, context);
  }
  function outOfSample(stream, context, action) {
    const sample = stream.sample;
    drop(stream.name, "this subject is out of the stream's sample", "out_of_sample", action, () => ({
      unit: sample.unit,
      rate: sample.rate,
      position: tokenPosition(ports.token(sample.unit, context) || "")
    }));
  }
  function enabled() {
    return !ports.isEnabled || ports.isEnabled();
  }
  function finish(stream, event, context) {
    event.dt = isoTime(ports.now());
    event.meta = ports.domain ? { stream: stream.destination, domain: ports.domain, id: ports.ids.uuid() } : { stream: stream.destination, id: ports.ids.uuid() };
    if (stream.sample) {
      event.sample = { rate: stream.sample.rate, unit: stream.sample.unit };
    }
    if (ports.decorate) {
      ports.decorate(event, context);
    }
    ports.send(event);
    tell("queued", stream.name, event.action, void 0, event);
  }
  function interaction(streamName, schemaID, action, data) {
    const stream = lookup(streamName, action);
    if (!stream) {
      return;
    }
    if (typeof schemaID !== "string" || !schemaID) {
      return drop(streamName, "the schema ID is not a non-empty string", "invalid_data", action);
    }
    if (typeof action !== "string" || !action) {
      return drop(streamName, "the action is missing or empty", "invalid_data");
    }
    const copy = copyEventData(data);
    if (copy.problem !== void 0) {
      return drop(streamName, copy.problem, "invalid_data", action);
    }
    const context = readContext();
    if (!inSample(stream, context)) {
      return outOfSample(stream, context, action);
    }
    const fields = copy.value;
    for (const key in fields) {
      if (RESERVED.has(key)) {
        warn(`Stream "${streamName}": the event data cannot set "${key}"; it was ignored.`);
        delete fields[key];
      }
    }
    const event = Object.assign({ $schema: schemaID, action }, fields);
    const problem2 = schemaFieldProblem(schemaID, fields) || interactionProblem(event);
    if (problem2) {
      return drop(streamName, problem2, "invalid_data", action);
    }
    const rule = contexts.addAttributes(stream, context, event);
    if (rule) {
      return drop(streamName, `filtered by the curation rule ${rule.path.name} ${rule.operator} ${JSON.stringify(rule.operand)}`, "curated_out", action, () => {
        const group = event[rule.path.group];
        return { attribute: rule.path.name, operator: rule.operator, operand: rule.operand, value: group ? group[rule.path.key] : void 0 };
      });
    }
    finish(stream, event, context);
  }
  function guard(name, fallback, fn) {
    return (...args) => {
      try {
        return fn(...args);
      } catch (e) {
        warn(`${name} failed unexpectedly: ${safeName(e)}.`);
        return fallback;
      }
    };
  }
  const client = {
    submit: guard("submit", void 0, (streamName, event) => {
      const stream = lookup(streamName);
      if (!stream) {
        return;
      }
      const copy = copyEventData(event);
      if (copy.problem !== void 0) {
        return drop(streamName, copy.problem, "invalid_data");
      }
      const built = copy.value;
      if (typeof built.$schema !== "string" || !built.$schema) {
        return drop(streamName, "the event has no $schema", "invalid_data");
      }
      const fieldProblem = schemaFieldProblem(built.$schema, built);
      if (fieldProblem) {
        return drop(streamName, fieldProblem, "invalid_data");
      }
      const context = readContext();
      if (!inSample(stream, context)) {
        return outOfSample(stream, context);
      }
      finish(stream, built, context);
    }),
    submitInteraction: guard("submitInteraction", void 0, interaction),
    submitClick: guard("submitClick", void 0, (streamName, interactionData) => {
      interaction(streamName, WEB_BASE_SCHEMA_ID, "click", interactionData);
    }),
    dispatch: guard("dispatch", void 0, (eventName, customData) => {
      if (typeof eventName !== "string" || !eventName) {
        warn("dispatch: the event name is missing or empty.");
        return;
      }
      for (const stream of registry.all()) {
        if (stream.events.some((prefix) => eventName.indexOf(prefix) === 0)) {
          interaction(stream.name, stream.schemaId, eventName, customData);
        }
      }
    }),
    newInstrument: guard("newInstrument", NULL_INSTRUMENT, (streamName, schemaID, instrumentName) => {
      const name = typeof instrumentName === "string" && instrumentName ? instrumentName : safeName(streamName);
      let position = 0;
      return {
        name,
        submitInteraction: guard("submitInteraction", void 0, (action, interactionData) => {
          const copy = copyEventData(interactionData);
          if (copy.problem !== void 0) {
            return drop(streamName, copy.problem, "invalid_data", action);
          }
          position++;
          copy.value.funnel_event_sequence_position = position;
          copy.value.instrument_name = name;
          interaction(streamName, schemaID === void 0 ? WEB_BASE_SCHEMA_ID : schemaID, action, copy.value);
        }),
        isStreamInSample: () => client.isStreamInSample(streamName)
      };
    }),
    isStreamInSample: guard("isStreamInSample", false, (streamName) => {
      const stream = typeof streamName === "string" && enabled() ? registry.get(streamName) : null;
      return !!stream && inSample(stream, readContext());
    }),
    getStreamConfig: guard("getStreamConfig", null, (streamName) => {
      const stream = typeof streamName === "string" ? registry.get(streamName) : null;
      return stream ? JSON.parse(JSON.stringify(stream.config)) : null;
    })
  };
  return client;
}

// modules/src/core/outboxRestore.ts
function restoreOutbox(storage, keys, delivery, warn) {
  try {
    delivery.takeOver(keys);
  } catch (e) {
    warn(`Stored events could not be taken over (${String(e)}).`);
  }
  return storage ? keys.length : 0;
}

// node_modules/@noble/hashes/_u64.js
var fromNumH = (n) => n / 2 ** 32 | 0;
var fromNumL = (n) => n >>> 0;
function setU64FromNum(view, byteOffset, n, isLE) {
  const h = fromNumH(n);
  const l = fromNumL(n);
  view.setUint32(byteOffset, isLE ? l : h, isLE);
  view.setUint32(byteOffset + 4, isLE ? h : l, isLE);
}

// node_modules/@noble/hashes/utils.js
function isBytes(a) {
  return a instanceof Uint8Array || ArrayBuffer.isView(a) && a.constructor.name === "Uint8Array" && "BYTES_PER_ELEMENT" in a && a.BYTES_PER_ELEMENT === 1;
}
var atitle = (title) => title ? `"${title}" ` : "";
function anumber(n, title = "") {
  if (typeof n !== "number")
    throw new TypeError(atitle(title) + "expected number, got " + typeof n);
  if (!Number.isSafeInteger(n) || n < 0)
    throw new RangeError(atitle(title) + "expected integer >= 0, got " + n);
  return n;
}
function abytes(value, length, title = "") {
  if (isBytes(value) && (length === void 0 || value.length === length))
    return value;
  if (length !== void 0)
    anumber(length, "length");
  const bytes = isBytes(value);
  const ofLen = length !== void 0 ? ` of length ${length}` : "";
  const got = bytes ? `length=${value.length}` : `type=${typeof value}`;
  const message = atitle(title) + "expected Uint8Array" + ofLen + ", got " + got;
  if (!bytes)
    throw new TypeError(message);
  throw new RangeError(message);
}
var aobject = (value, label) => {
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new TypeError((label === "object" ? "" : `"${label}" `) + "expected object, got type=" + typeof value);
};
var aopts = (value, label) => {
  aobject(value, label);
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null)
    throw new TypeError(`"${label}" expected plain object`);
  if (Object.hasOwn(value, "__proto__"))
    throw new TypeError(`"${label}.__proto__" is not allowed`);
};
function aexists(instance, checkFinished = true) {
  if (instance.destroyed)
    throw new Error("hash was destroyed");
  if (checkFinished && instance.finished)
    throw new Error("digest() was already called");
}
function aoutput(out, instance) {
  abytes(out, void 0, "output");
  const min = instance.outputLen;
  if (!(out.length >= min)) {
    throw new RangeError('"output" expected length >= ' + min);
  }
}
function clean(...arrays) {
  for (let i = 0; i < arrays.length; i++) {
    arrays[i].fill(0);
  }
}
function createView(arr) {
  return new DataView(arr.buffer, arr.byteOffset, arr.byteLength);
}
function rotr(word, shift) {
  return word << 32 - shift | word >>> shift;
}
var hasHexBuiltin = /* @__PURE__ */ (() => (
  // @ts-ignore
  typeof Uint8Array.from([]).toHex === "function" && typeof Uint8Array.fromHex === "function"
))();
var hexes = /* @__PURE__ */ Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
function bytesToHex(bytes) {
  abytes(bytes);
  if (hasHexBuiltin)
    return bytes.toHex();
  let hex = "";
  for (let i = 0; i < bytes.length; i++) {
    hex += hexes[bytes[i]];
  }
  return hex;
}
function utf8ToBytes(str) {
  if (typeof str !== "string")
    throw new TypeError("string expected");
  const encoded = new TextEncoder().encode(str);
  try {
    return new Uint8Array(encoded);
  } finally {
    clean(encoded);
  }
}
function checkOpts(defaults, opts, title = "opts") {
  aopts(defaults, "defaults");
  if (opts !== void 0)
    aopts(opts, title);
  const merged = Object.assign(/* @__PURE__ */ Object.create(null), defaults, opts);
  return merged;
}
function createHasher(hashCons, info = {}) {
  if (typeof hashCons !== "function")
    throw new TypeError('"hashCons" expected function, got type=' + typeof hashCons);
  info = checkOpts({}, info, "info");
  const hashC = (msg, opts) => hashCons(opts).update(msg).digest();
  const tmp = hashCons(void 0);
  hashC.outputLen = tmp.outputLen;
  hashC.blockLen = tmp.blockLen;
  hashC.canXOF = tmp.canXOF;
  hashC.create = (opts) => hashCons(opts);
  Object.assign(hashC, info);
  return Object.freeze(hashC);
}
var oidNist = (suffix) => ({
  // Current NIST hashAlgs suffixes used here fit in one DER subidentifier octet.
  // Larger suffix values would need base-128 OID encoding and a different length byte.
  oid: Uint8Array.from([6, 9, 96, 134, 72, 1, 101, 3, 4, 2, suffix])
});

// node_modules/@noble/hashes/_md.js
function Chi(a, b, c) {
  return a & b ^ ~a & c;
}
function Maj(a, b, c) {
  return a & b ^ a & c ^ b & c;
}
var HashMD = class {
  constructor(blockLen, outputLen, padOffset, isLE) {
    __publicField(this, "blockLen");
    __publicField(this, "outputLen");
    __publicField(this, "canXOF", false);
    __publicField(this, "padOffset");
    __publicField(this, "isLE");
    // For partial updates less than block size
    __publicField(this, "buffer");
    __publicField(this, "view");
    __publicField(this, "finished", false);
    __publicField(this, "length", 0);
    __publicField(this, "pos", 0);
    __publicField(this, "destroyed", false);
    this.blockLen = blockLen;
    this.outputLen = outputLen;
    this.padOffset = padOffset;
    this.isLE = isLE;
    this.buffer = new Uint8Array(blockLen);
    this.view = createView(this.buffer);
  }
  update(data) {
    aexists(this);
    abytes(data);
    const { view, buffer, blockLen } = this;
    const len = data.length;
    let processed = false;
    for (let pos = 0; pos < len; ) {
      const take = Math.min(blockLen - this.pos, len - pos);
      if (take === blockLen) {
        const dataView = createView(data);
        for (; blockLen <= len - pos; pos += blockLen)
          this.process(dataView, pos);
        processed = true;
        continue;
      }
      buffer.set(pos === 0 && take === len ? data : data.subarray(pos, pos + take), this.pos);
      this.pos += take;
      pos += take;
      if (this.pos === blockLen) {
        this.process(view, 0);
        this.pos = 0;
        processed = true;
      }
    }
    this.length += data.length;
    if (processed)
      this.roundClean();
    return this;
  }
  digestInto(out) {
    aexists(this);
    aoutput(out, this);
    this.finished = true;
    const { buffer, view, blockLen, isLE } = this;
    let { pos } = this;
    buffer[pos++] = 128;
    buffer.fill(0, pos);
    if (this.padOffset > blockLen - pos) {
      this.process(view, 0);
      buffer.fill(0);
    }
    setU64FromNum(view, blockLen - 8, this.length * 8, isLE);
    this.process(view, 0);
    this.roundClean();
    const oview = out === buffer ? view : createView(out);
    const len = this.outputLen;
    const outLen = len / 4;
    const state = this.get();
    if (len % 4 || outLen > state.length)
      throw new Error("invalid outputLen");
    for (let i = 0; i < outLen; i++)
      oview.setUint32(4 * i, state[i], isLE);
  }
  digest() {
    const { buffer, outputLen } = this;
    this.digestInto(buffer);
    const res = buffer.slice(0, outputLen);
    this.destroy();
    return res;
  }
  _cloneIntoMeta(to) {
    const { buffer, length, finished, destroyed, pos } = this;
    to.destroyed = destroyed;
    to.finished = finished;
    to.length = length;
    to.pos = pos;
    if (pos)
      to.buffer.set(buffer);
    return to;
  }
  clone() {
    return this._cloneInto();
  }
};
var SHA256_IV = /* @__PURE__ */ Uint32Array.from([
  1779033703,
  3144134277,
  1013904242,
  2773480762,
  1359893119,
  2600822924,
  528734635,
  1541459225
]);

// node_modules/@noble/hashes/sha2.js
var SHA256_K = /* @__PURE__ */ Uint32Array.from([
  1116352408,
  1899447441,
  3049323471,
  3921009573,
  961987163,
  1508970993,
  2453635748,
  2870763221,
  3624381080,
  310598401,
  607225278,
  1426881987,
  1925078388,
  2162078206,
  2614888103,
  3248222580,
  3835390401,
  4022224774,
  264347078,
  604807628,
  770255983,
  1249150122,
  1555081692,
  1996064986,
  2554220882,
  2821834349,
  2952996808,
  3210313671,
  3336571891,
  3584528711,
  113926993,
  338241895,
  666307205,
  773529912,
  1294757372,
  1396182291,
  1695183700,
  1986661051,
  2177026350,
  2456956037,
  2730485921,
  2820302411,
  3259730800,
  3345764771,
  3516065817,
  3600352804,
  4094571909,
  275423344,
  430227734,
  506948616,
  659060556,
  883997877,
  958139571,
  1322822218,
  1537002063,
  1747873779,
  1955562222,
  2024104815,
  2227730452,
  2361852424,
  2428436474,
  2756734187,
  3204031479,
  3329325298
]);
var SHA256_W = /* @__PURE__ */ new Uint32Array(64);
var SHA2_32B = class extends HashMD {
  constructor(outputLen, IV) {
    super(64, outputLen, 8, false);
    // We cannot use array here since array allows indexing by variable
    // which means optimizer/compiler cannot use registers.
    // Numeric initializers matter: starting the fields as `undefined` changes
    // V8's field representation and makes sha256 3x slower (measured).
    __publicField(this, "A", 0);
    __publicField(this, "B", 0);
    __publicField(this, "C", 0);
    __publicField(this, "D", 0);
    __publicField(this, "E", 0);
    __publicField(this, "F", 0);
    __publicField(this, "G", 0);
    __publicField(this, "H", 0);
    this.A = IV[0] | 0;
    this.B = IV[1] | 0;
    this.C = IV[2] | 0;
    this.D = IV[3] | 0;
    this.E = IV[4] | 0;
    this.F = IV[5] | 0;
    this.G = IV[6] | 0;
    this.H = IV[7] | 0;
  }
  get() {
    const { A, B, C, D, E, F, G, H } = this;
    return [A, B, C, D, E, F, G, H];
  }
  // prettier-ignore
  set(A, B, C, D, E, F, G, H) {
    this.A = A | 0;
    this.B = B | 0;
    this.C = C | 0;
    this.D = D | 0;
    this.E = E | 0;
    this.F = F | 0;
    this.G = G | 0;
    this.H = H | 0;
  }
  _cloneInto(to) {
    (to || (to = new this.constructor())).set(...this.get());
    return this._cloneIntoMeta(to);
  }
  process(view, offset) {
    for (let i = 0; i < 16; i++, offset += 4)
      SHA256_W[i] = view.getUint32(offset, false);
    for (let i = 16; i < 64; i++) {
      const W15 = SHA256_W[i - 15];
      const W2 = SHA256_W[i - 2];
      const s0 = rotr(W15, 7) ^ rotr(W15, 18) ^ W15 >>> 3;
      const s1 = rotr(W2, 17) ^ rotr(W2, 19) ^ W2 >>> 10;
      SHA256_W[i] = s1 + SHA256_W[i - 7] + s0 + SHA256_W[i - 16] | 0;
    }
    let { A, B, C, D, E, F, G, H } = this;
    for (let i = 0; i < 64; i++) {
      const sigma1 = rotr(E, 6) ^ rotr(E, 11) ^ rotr(E, 25);
      const T1 = H + sigma1 + Chi(E, F, G) + SHA256_K[i] + SHA256_W[i] | 0;
      const sigma0 = rotr(A, 2) ^ rotr(A, 13) ^ rotr(A, 22);
      const T2 = sigma0 + Maj(A, B, C) | 0;
      H = G;
      G = F;
      F = E;
      E = D + T1 | 0;
      D = C;
      C = B;
      B = A;
      A = T1 + T2 | 0;
    }
    A = A + this.A | 0;
    B = B + this.B | 0;
    C = C + this.C | 0;
    D = D + this.D | 0;
    E = E + this.E | 0;
    F = F + this.F | 0;
    G = G + this.G | 0;
    H = H + this.H | 0;
    this.set(A, B, C, D, E, F, G, H);
  }
  roundClean() {
    clean(SHA256_W);
  }
  destroy() {
    this.destroyed = true;
    this.set(0, 0, 0, 0, 0, 0, 0, 0);
    clean(this.buffer);
  }
};
var _SHA256 = class extends SHA2_32B {
  constructor() {
    super(32, SHA256_IV);
  }
};
var sha256 = /* @__PURE__ */ createHasher(
  () => new _SHA256(),
  /* @__PURE__ */ oidNist(1)
);

// modules/src/core/assignment.ts
function subjectPosition(subject, experiment) {
  return parseInt(bytesToHex(sha256(utf8ToBytes(subject + experiment))).slice(0, 6), 16) / 16777216;
}
function assignFromPosition(position, rate, groups) {
  if (!groups.length || !(rate > 0) || !(position >= 0 && position < 1)) {
    return { enrolled: false, group: null };
  }
  const total = groups.reduce((sum, g) => sum + (g.weight === void 0 ? 1 : g.weight), 0);
  const scaled = position * total;
  let start = 0;
  for (let i = 0; i < groups.length; i++) {
    const width = groups[i].weight === void 0 ? 1 : groups[i].weight;
    const end = start + width;
    if (scaled < end || i === groups.length - 1) {
      const within = (scaled - start) / width;
      return within < rate ? { enrolled: true, group: groups[i].name } : { enrolled: false, group: null };
    }
    start = end;
  }
  return { enrolled: false, group: null };
}
function assign(subject, experiment, rate, groups) {
  return assignFromPosition(subjectPosition(subject, experiment), rate, groups);
}

// modules/src/core/rfc3339.ts
var GRAMMAR = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;
function isLeapYear(year) {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}
function daysInMonth(year, month) {
  return month === 2 ? isLeapYear(year) ? 29 : 28 : [4, 6, 9, 11].includes(month) ? 30 : 31;
}
function daysFromCivil(year, month, day) {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}
function parseRfc3339(text) {
  const m = typeof text === "string" ? GRAMMAR.exec(text) : null;
  if (!m) {
    return null;
  }
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  const offsetHours = m[9] ? Number(m[10]) : 0;
  const offsetMinutes = m[9] ? Number(m[11]) : 0;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59) {
    return null;
  }
  const millis = m[7] ? Number((m[7] + "00").slice(0, 3)) : 0;
  const offset = (m[9] === "-" ? -1 : 1) * (offsetHours * 60 + offsetMinutes);
  return ((daysFromCivil(year, month, day) * 24 + hour) * 60 + minute - offset) * 6e4 + second * 1e3 + millis;
}

// modules/src/core/experiments.ts
var EXPERIMENT_NAME = /^[A-Za-z0-9][-_.A-Za-z0-9]{7,62}$/;
var GROUP_NAME = /^[A-Za-z0-9][-_.A-Za-z0-9]{0,62}$/;
var UNITS = ["user", "session", "device"];
var DATE_FIELDS = ["start", "end"];
function normalizeGroups(groups) {
  return groups.map((g) => typeof g === "string" ? { name: g } : g);
}
function isRate(value) {
  return typeof value === "number" && value >= 0 && value <= 1;
}
function experimentProblem(name, config) {
  if (!EXPERIMENT_NAME.test(name)) {
    return 'the name must be 8 to 63 letters, digits, "-", "_" or "."';
  }
  if (!config || typeof config !== "object" || Array.isArray(config)) {
    return "the definition is not an object";
  }
  const c = config;
  if (c.status !== "on" && c.status !== "off") {
    return 'status must be "on" or "off"';
  }
  for (const field of DATE_FIELDS) {
    if (c[field] !== void 0 && c[field] !== null && parseRfc3339(c[field]) === null) {
      return `${field} ${JSON.stringify(c[field])} is not an RFC 3339 date-time with Z or an offset (e.g. 2026-12-01T00:00:00Z)`;
    }
  }
  if (typeof c.unit !== "string" || !UNITS.includes(c.unit)) {
    return 'unit must be "user", "session" or "device"';
  }
  if (!isRate(c.rate)) {
    return "rate is not a number from 0 to 1";
  }
  if (!Array.isArray(c.groups) || !c.groups.length) {
    return "groups is not a non-empty list";
  }
  const seen = [];
  for (const g of c.groups) {
    const group = typeof g === "string" ? { name: g } : g;
    if (!group || typeof group.name !== "string" || !GROUP_NAME.test(group.name)) {
      return `group ${JSON.stringify(g)} has no valid name`;
    }
    if (group.weight !== void 0 && !(typeof group.weight === "number" && group.weight > 0 && isFinite(group.weight))) {
      return `group ${group.name} has a weight that is not a positive number`;
    }
    if (seen.includes(group.name)) {
      return `group ${group.name} appears twice`;
    }
    seen.push(group.name);
  }
  return c.targeting === void 0 ? null : rulesProblem(c.targeting, "targeting");
}
function valueMatches(type, value) {
  return type === "json" ? value !== void 0 : type === "boolean" || type === "string" || type === "number" ? typeof value === type : false;
}
function flagProblem(key, config) {
  if (!GROUP_NAME.test(key)) {
    return 'the key must be 1 to 63 letters, digits, "-", "_" or "."';
  }
  if (!config || typeof config !== "object" || Array.isArray(config)) {
    return "the definition is not an object";
  }
  const c = config;
  if (!["boolean", "string", "number", "json"].includes(c.type)) {
    return "type must be boolean, string, number or json";
  }
  if (!valueMatches(c.type, c.default)) {
    return `default is not a ${c.type}`;
  }
  if (c.enabled !== void 0 && typeof c.enabled !== "boolean") {
    return "enabled is not true or false";
  }
  if (c.rules !== void 0) {
    if (!Array.isArray(c.rules)) {
      return "rules is not a list";
    }
    for (let i = 0; i < c.rules.length; i++) {
      const rule = c.rules[i];
      const problem2 = rule && typeof rule === "object" ? rulesProblem(rule.when, `rules[${i}].when`) : `rules[${i}] is not an object`;
      if (problem2) {
        return problem2;
      }
      if (!valueMatches(c.type, rule.value)) {
        return `rules[${i}].value is not a ${c.type}`;
      }
    }
  }
  if (c.rollout !== void 0) {
    const r = c.rollout;
    if (!r || typeof r !== "object" || !isRate(r.rate)) {
      return "rollout.rate is not a number from 0 to 1";
    }
    if (!UNITS.includes(r.unit)) {
      return 'rollout.unit must be "user", "session" or "device"';
    }
    if (!valueMatches(c.type, r.value)) {
      return `rollout.value is not a ${c.type}`;
    }
  }
  return null;
}
var ALL_ATTRIBUTES = compileAttributeSelection(CONTEXT_ATTRIBUTE_NAMES);
function targetingView(context) {
  const view = {};
  addContextAttributes(context, ALL_ATTRIBUTES, view);
  return view;
}
function targets(rules, view) {
  return !rules || failedRule(view, compileCuration(rules)) === null;
}
function evaluateExperiment(name, config, view, subjects, now) {
  const out = { enrolled: false, group: null };
  const subject = subjects[config.unit];
  const start = parseRfc3339(config.start);
  const end = parseRfc3339(config.end);
  if (config.status !== "on" || !subject || start !== null && now < start || end !== null && now >= end || !targets(config.targeting, view)) {
    return out;
  }
  return assign(subject, name, config.rate, normalizeGroups(config.groups));
}
function evaluateFlag(key, config, view, subjects) {
  if (config.enabled === false) {
    return config.default;
  }
  for (const rule of config.rules || []) {
    if (targets(rule.when, view)) {
      return rule.value;
    }
  }
  const rollout = config.rollout;
  const subject = rollout && subjects[rollout.unit];
  if (rollout && subject && subjectPosition(subject, "flag:" + key) < rollout.rate) {
    return rollout.value;
  }
  return config.default;
}

// modules/src/core/definitions.ts
function evaluateDefinitions(definitions, context, subjects, now, warn) {
  const out = { enrolled: [], assigned: {}, flags: {}, streams: {} };
  const experiments = definitions.experiments && typeof definitions.experiments === "object" ? definitions.experiments : {};
  const flags = definitions.flags && typeof definitions.flags === "object" ? definitions.flags : {};
  const view = targetingView(context);
  for (const name of Object.keys(experiments)) {
    const config = experiments[name];
    const problem2 = experimentProblem(name, config);
    if (problem2) {
      warn(`Experiment ${name} is ignored: ${problem2}.`);
      continue;
    }
    out.streams[name] = { stream: config.stream || null, schema: config.schema || null };
    const assignment = evaluateExperiment(name, config, view, subjects, now);
    if (assignment.enrolled && assignment.group !== null) {
      out.enrolled.push(name);
      out.assigned[name] = assignment.group;
    }
  }
  for (const key of Object.keys(flags)) {
    const problem2 = flagProblem(key, flags[key]);
    if (problem2) {
      warn(`Flag ${key} is ignored: ${problem2}.`);
      continue;
    }
    out.flags[key] = evaluateFlag(key, flags[key], view, subjects);
  }
  return out;
}

// modules/src/core/identifiers.ts
var HEX = [];
for (let i = 0; i < 256; i++) {
  HEX.push((i + 256).toString(16).slice(1));
}
var POOL_SIZE = 4096;
function createIdGenerator(fill) {
  const pool = new Uint8Array(POOL_SIZE);
  let offset = POOL_SIZE;
  function take(n) {
    if (offset + n > POOL_SIZE) {
      fill(pool);
      offset = 0;
    }
    const start = offset;
    offset += n;
    return start;
  }
  return {
    uuid() {
      const o = take(16);
      const b = pool;
      return HEX[b[o]] + HEX[b[o + 1]] + HEX[b[o + 2]] + HEX[b[o + 3]] + "-" + HEX[b[o + 4]] + HEX[b[o + 5]] + "-" + HEX[b[o + 6] & 15 | 64] + HEX[b[o + 7]] + "-" + HEX[b[o + 8] & 63 | 128] + HEX[b[o + 9]] + "-" + HEX[b[o + 10]] + HEX[b[o + 11]] + HEX[b[o + 12]] + HEX[b[o + 13]] + HEX[b[o + 14]] + HEX[b[o + 15]];
    },
    token() {
      const o = take(10);
      let s = "";
      for (let i = 0; i < 10; i++) {
        s += HEX[pool[o + i]];
      }
      return s;
    }
  };
}
function weakRandomFill(random) {
  return (bytes) => {
    for (let i = 0; i < bytes.length; i++) {
      bytes[i] = Math.floor(random() * 256) & 255;
    }
  };
}
function randomFillFrom(webCrypto, random) {
  const source = webCrypto && typeof webCrypto.getRandomValues === "function" ? webCrypto : null;
  return source ? (bytes) => {
    source.getRandomValues(bytes);
  } : weakRandomFill(random);
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
function experimentsField(state, cookiesEnabled = true) {
  if (!cookiesEnabled || !state || !state.enrolled || !state.enrolled.length) {
    return null;
  }
  const overridden = state.overridden || [];
  const enrolled = state.enrolled.filter((name) => !overridden.includes(name));
  if (!enrolled.length) {
    return null;
  }
  const assigned = {};
  for (const name of enrolled) {
    assigned[name] = state.assigned[name];
  }
  return { enrolled, assigned };
}

// modules/src/entries/standalone.ts
function track(post, open) {
  return (items, keepalive) => {
    const result = post(items, keepalive);
    if (result && typeof result.then === "function") {
      const settled = result.then(() => void 0, () => void 0);
      open.add(settled);
      settled.then(() => open.delete(settled));
    }
    return result;
  };
}
function nodeProcess() {
  const p = typeof process !== "undefined" ? process : void 0;
  return p && typeof p.once === "function" && typeof window === "undefined" ? p : null;
}
var atExit = /* @__PURE__ */ new Set();
function checkAtExit(check) {
  const proc = nodeProcess();
  if (!proc) {
    return;
  }
  if (!atExit.size) {
    proc.once("exit", () => atExit.forEach((c) => c()));
  }
  atExit.add(check);
}
function defaultWarn(message) {
  console.warn("[MetricsPlatform] " + message);
}
function createStandaloneDelivery(opts, warn, pageview, held) {
  const options = opts.delivery || {};
  const url = opts.intakeUrl;
  const hear = opts.onOutcome;
  const observer = typeof hear === "function" ? () => (report) => deliveryOutcomes(report, Date.now()).forEach((o) => hear(o)) : void 0;
  if (typeof url === "string" && url && typeof window !== "undefined" && typeof document !== "undefined") {
    const storage = localStorageOf(window);
    const delivery = createBrowserDelivery(Object.assign({}, options, { intakeUrl: url }), {
      window,
      warn,
      storage,
      instanceId: pageview,
      observer
    });
    if (storage) {
      setTimeout(() => restoreOutbox(storage, storageKeys(storage, (key) => key.indexOf(OUTBOX_PREFIX) === 0 && key !== OUTBOX_PREFIX + pageview), delivery, warn), 1e3);
    }
    return delivery;
  }
  const transport = opts.transport;
  let post;
  if (typeof url === "string" && url && typeof fetch === "function") {
    post = createFetchPost(url, fetch, 1e4);
  } else {
    post = (items) => {
      const failed = (e) => {
        warn(`The transport failed for ${items.length} event(s): ${String(e)}.`);
        return { status: 0 };
      };
      try {
        const result = transport ? transport(items.map((item) => item.event)) : void 0;
        return result && typeof result.then === "function" ? result.then(() => ({ status: 201 }), failed) : { status: 201 };
      } catch (e) {
        return failed(e);
      }
    };
  }
  return createDelivery(Object.assign({ maxBatchBytes: transport ? Infinity : void 0 }, options), {
    post: track(post, held.requests),
    instanceId: pageview,
    setTimer(fn, ms) {
      const handle = setTimeout(() => {
        held.timers.delete(handle);
        fn();
      }, ms);
      held.timers.add(handle);
      return handle;
    },
    clearTimer(handle) {
      held.timers.delete(handle);
      clearTimeout(handle);
    },
    now: Date.now,
    random: Math.random,
    // Outside a browser there is no later page: what is left waits for flush() or close().
    warn: (m) => warn(m.replace(/wait for a later page\.$/, "are kept in memory until flush() or close()")),
    observer
  });
}
function createMetricsClient(options) {
  const opts = options || {};
  const warn = warnOnce(typeof opts.warn === "function" ? opts.warn : defaultWarn);
  const ids = createIdGenerator(randomFillFrom(typeof crypto !== "undefined" ? crypto : void 0, Math.random));
  const generated = {
    pageview: ids.token(),
    session: ids.token(),
    device: typeof opts.deviceId === "string" && opts.deviceId ? opts.deviceId : ids.token()
  };
  const contextOption = opts.context;
  const readContext = typeof contextOption === "function" ? contextOption : () => contextOption || {};
  let lastGiven = null;
  let completed = {};
  function context() {
    const ctx = readContext() || {};
    if (ctx !== lastGiven) {
      const performer = ctx.performer;
      lastGiven = ctx;
      completed = performer && typeof performer.pageview_id === "string" && typeof performer.session_id === "string" ? ctx : Object.assign({}, ctx, { performer: Object.assign({ pageview_id: generated.pageview, session_id: generated.session }, performer) });
    }
    return completed;
  }
  const held = { requests: /* @__PURE__ */ new Set(), timers: /* @__PURE__ */ new Set() };
  const open = held.requests;
  const delivery = createStandaloneDelivery(opts, warn, generated.pageview, held);
  let closed = false;
  const browser = typeof navigator !== "undefined" ? navigator : void 0;
  const refused = opts.respectDoNotTrack !== false && !!browser && refusesTracking(browser, typeof window !== "undefined" ? window : void 0);
  let evaluated;
  function experimentState() {
    if (evaluated === void 0) {
      evaluated = null;
      if (opts.experiments || opts.flags) {
        const ctx = context();
        const performer = ctx.performer || {};
        const userId = performer.is_logged_in === true && typeof performer.id === "number" && performer.id > 0 ? String(performer.id) : void 0;
        const defs = { experiments: opts.experiments, flags: opts.flags };
        evaluated = Object.assign({ overridden: [] }, evaluateDefinitions(defs, ctx, {
          user: userId,
          session: typeof performer.session_id === "string" ? performer.session_id : generated.session,
          device: generated.device
        }, (typeof opts.now === "function" ? opts.now : Date.now)(), warn));
      }
    }
    return evaluated;
  }
  let eventExperiments;
  const core = createCoreClient({
    streamConfigs: opts.streamConfigs,
    domain: opts.domain,
    context,
    token(unit, ctx) {
      const performer = ctx.performer;
      const given = unit !== "device" && performer ? performer[unit + "_id"] : void 0;
      return typeof given === "string" ? given : generated[unit];
    },
    now: typeof opts.now === "function" ? opts.now : Date.now,
    ids,
    warn,
    decorate(event) {
      if (eventExperiments === void 0) {
        eventExperiments = experimentsField(experimentState());
      }
      if (eventExperiments) {
        event.experiments = { enrolled: eventExperiments.enrolled.slice(), assigned: Object.assign({}, eventExperiments.assigned) };
      }
    },
    send(event) {
      if (closed) {
        warn("The client is closed: events are no longer sent.");
      } else {
        delivery.add(event);
      }
    },
    isEnabled: () => !refused && (typeof opts.enabled !== "function" || opts.enabled() !== false),
    observer: () => typeof opts.onOutcome === "function" ? opts.onOutcome : null
  });
  let posts = 0;
  async function flush() {
    delivery.flush();
    while (open.size) {
      posts += open.size;
      await Promise.all(Array.from(open));
    }
    await Promise.resolve();
    return delivery.pending();
  }
  async function close() {
    let left = await flush();
    for (let before = -1; left && before !== posts; ) {
      before = posts;
      left = await flush();
    }
    closed = true;
    atExit.delete(warnIfUnsent);
    held.timers.forEach((handle) => clearTimeout(handle));
    held.timers.clear();
    if (left) {
      warn(`${left} event(s) could not be sent before close().`);
    }
    return left;
  }
  function warnIfUnsent() {
    const left = delivery.pending();
    if (left && !closed) {
      warn(`${left} event(s) were not sent: the process exits before \`await client.close()\`.`);
    }
  }
  checkAtExit(warnIfUnsent);
  let experimentsApi = null;
  function experiments() {
    return experimentsApi || (experimentsApi = createExperimentsApi(
      experimentState() || { enrolled: [], assigned: {}, overridden: [], flags: {}, streams: {} },
      core,
      typeof opts.experimentStream === "string" && opts.experimentStream ? opts.experimentStream : "mediawiki.experiment_interaction",
      null,
      true,
      () => typeof opts.onOutcome === "function" ? opts.onOutcome : null
    ));
  }
  return Object.assign({}, core, {
    flush,
    close,
    pending: () => delivery.pending(),
    getExperiment: (name) => experiments().getExperiment(name),
    getFlag: (key, defaultValue) => experiments().getFlag(key, defaultValue),
    isEnabled: (key) => experiments().isEnabled(key)
  });
}
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  createMetricsClient,
  editCountBucket,
  isTokenInSample,
  isTokenOneInN
});
