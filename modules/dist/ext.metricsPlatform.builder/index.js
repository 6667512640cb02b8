/* Generated from modules/src by `npm run build`. Do not edit. */
"use strict";

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
  const delivery2 = createDelivery(options, {
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
    hidden: () => delivery2.hide(),
    shown: () => delivery2.show(),
    left: () => delivery2.leave()
  });
  if (env.window.document.visibilityState === "hidden") {
    delivery2.hide();
  }
  return delivery2;
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

// modules/src/mw/mwLeftoverKeys.ts
var CALLS_PREFIX = "mp-calls:";
function isLeftoverKey(key, pageId) {
  return /^mp-(calls|outbox):/.test(key) && !key.includes(pageId);
}

// modules/src/core/outboxRestore.ts
function takeStored(storage, key) {
  const text = storage.getItem(key);
  storage.removeItem(key);
  return JSON.parse(text || "null");
}
function restoreOutbox(storage, keys, delivery2, warn) {
  try {
    delivery2.takeOver(keys);
  } catch (e) {
    warn(`Stored events could not be taken over (${String(e)}).`);
  }
  return storage ? keys.length : 0;
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

// modules/src/mw/mwContext.ts
function registrationDt(value) {
  return typeof value === "number" && isFinite(value) ? new Date(value).toISOString() : void 0;
}
function mwContext(mw, userAgent, token) {
  const c = (key) => mw.config.get(key);
  const anon = mw.user.isAnon();
  const groups = c("wgUserGroups");
  const version = c("wgVersion");
  const context = {
    agent: {
      client_platform: "mediawiki_js",
      client_platform_family: c("wgMFMode") ? "mobile_browser" : "desktop_browser",
      ua_string: userAgent
    },
    page: {
      id: c("wgArticleId"),
      // Without the namespace and with underscores, as the schema defines it (and the PHP side sends).
      title: typeof c("wgTitle") === "string" ? c("wgTitle").replace(/ /g, "_") : void 0,
      namespace_id: c("wgNamespaceNumber"),
      namespace_name: c("wgCanonicalNamespace"),
      revision_id: c("wgRevisionId"),
      wikidata_qid: c("wgWikibaseItemId"),
      content_language: c("wgPageContentLanguage"),
      is_redirect: c("wgIsRedirect"),
      user_groups_allowed_to_move: c("wgRestrictionMove"),
      user_groups_allowed_to_edit: c("wgRestrictionEdit")
    },
    mediawiki: {
      skin: c("skin"),
      version,
      is_production: typeof version === "string" && version.includes("wmf"),
      is_debug_mode: !!c("debug"),
      database: c("wgDBname"),
      site_content_language: c("wgContentLanguage")
    },
    performer: {
      is_logged_in: !anon,
      id: mw.user.getId(),
      get session_id() {
        return token("session");
      },
      get pageview_id() {
        return token("pageview");
      },
      groups,
      is_bot: Array.isArray(groups) && groups.includes("bot"),
      is_temp: c("wgUserIsTemp"),
      language: c("wgUserLanguage"),
      language_variant: c("wgUserVariant"),
      can_probably_edit_page: c("wgIsProbablyEditable")
    }
  };
  if (!anon) {
    const performer = context.performer;
    performer.name = mw.user.getName();
    performer.edit_count = c("wgUserEditCount");
    performer.registration_dt = registrationDt(c("wgUserRegistration"));
  }
  return context;
}
function mwPageContext(mw, userAgent, token) {
  let read = [];
  let context = null;
  const get = (key) => {
    const value = mw.config.get(key);
    read.push([key, value]);
    return value;
  };
  const recording = { config: { get }, user: mw.user };
  return () => {
    if (!context || read.some(([key, value]) => mw.config.get(key) !== value)) {
      read = [];
      get("wgUserName");
      get("wgUserId");
      context = mwContext(recording, userAgent, token);
    }
    return context;
  };
}

// modules/src/mw/mwInspectorHooks.ts
function outcomeListenerOf(hooks, debug) {
  return !hooks ? null : hooks.outcome || (debug ? (outcome) => hooks.early.push([outcome]) : null);
}

// modules/src/mw/mwExperiments.ts
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

// modules/src/mw/mwMetricsPlatform.ts
function snapshotMw(snapshot) {
  const get = (key) => snapshot.config[key] === void 0 ? null : snapshot.config[key];
  return {
    config: { get },
    user: {
      isAnon: () => !get("@in"),
      getId: () => get("wgUserId") || 0,
      getName: () => get("wgUserName")
    }
  };
}
function createEventBuilder(mw, win, config, env, snapshot) {
  const { warn, user } = env;
  let clock = null;
  let experiments;
  const source = snapshot ? snapshotMw(snapshot) : mw;
  const userAgent = snapshot ? String(snapshot.config["@ua"] || "") : win.navigator.userAgent;
  const token = snapshot ? (unit) => snapshot.config["@" + unit] : env.token;
  const core = createCoreClient({
    streamConfigs: config.streams,
    domain: String(source.config.get("wgServerName") || win.location.hostname),
    context: mwPageContext(source, userAgent, token),
    token,
    now: () => clock === null ? Date.now() : clock,
    ids: createIdGenerator(randomFillFrom(win.crypto, Math.random)),
    warn,
    isEnabled: () => !env.refused,
    // In debug, kept until the inspector arrives; otherwise nobody listens and nothing is made.
    observer: () => outcomeListenerOf(env.hooks, user.debug),
    decorate(event) {
      if (experiments === void 0) {
        experiments = experimentsField(source.config.get("wgMetricsPlatformExperiments"), win.navigator.cookieEnabled !== false);
      }
      if (experiments) {
        event.experiments = { enrolled: experiments.enrolled.slice(), assigned: Object.assign({}, experiments.assigned) };
      }
    },
    send(event) {
      if (user.debug) {
        mw.log("[MetricsPlatform] event for " + event.meta.stream, event);
      }
      if (env.delivery) {
        env.delivery.add(event);
      } else {
        warn("No intake is configured ($wgMetricsPlatformIntakeUrl); events are not sent.");
      }
    }
  });
  const gadgets = {};
  function gadget(name) {
    const key = safeName(name);
    if (!gadgets[key]) {
      const enabled = !!user.gadgetOptIn;
      let instrument = null;
      const submit = (action, data) => {
        if (enabled) {
          instrument = instrument || core.newInstrument(config.gadgetStream, WEB_BASE_SCHEMA_ID, key);
          instrument.submitInteraction(action, data);
        }
      };
      gadgets[key] = { enabled, submitInteraction: submit, submitClick: (data) => submit("click", data) };
    }
    return gadgets[key];
  }
  const client = Object.assign({}, core, {
    flush: () => {
      if (env.delivery) {
        env.delivery.flush();
      }
    },
    gadget,
    experimentStream: config.experimentStream
  });
  const instruments = {};
  return {
    client,
    run(calls) {
      for (const call of calls) {
        clock = call.t;
        const a = call.a;
        try {
          if (call.m === "instrument") {
            const id = String(a[0]);
            instruments[id] = instruments[id] || core.newInstrument(a[1], a[2], a[3]);
            instruments[id].submitInteraction(a[4], a[5]);
          } else if (call.m === "gadget") {
            gadget(a[0]).submitInteraction(a[1], a[2]);
          } else {
            client[call.m](...a);
          }
        } catch (e) {
          warn(`A queued ${safeName(call.m)} call failed: ${safeName(e)}.`);
        }
        clock = null;
      }
    }
  };
}

// modules/src/mw/mwLeftovers.ts
function takeOverLeftovers(mw, win, config, env, keys) {
  const store = env.store;
  if (!store) {
    return;
  }
  for (const key of keys) {
    if (key.indexOf(CALLS_PREFIX) !== 0) {
      continue;
    }
    try {
      const snapshot = takeStored(store, key);
      if (snapshot && Array.isArray(snapshot.calls)) {
        createEventBuilder(mw, win, config, env, snapshot).run(snapshot.calls);
      }
    } catch (e) {
      env.warn(`Calls kept under ${key} could not be read (${String(e)}).`);
    }
  }
  if (env.delivery) {
    restoreOutbox(store, keys.filter((key) => key.indexOf(OUTBOX_PREFIX) === 0), env.delivery, env.warn);
  }
}

// modules/src/mw/mwAttach.ts
function attachBuilder(mw, win, config, env) {
  try {
    if (env.store) {
      env.store.removeItem(CALLS_PREFIX + env.pageId);
    }
  } catch (e) {
  }
  env.delivery = config.intakeUrl ? createBrowserDelivery({ intakeUrl: config.intakeUrl, lingerMs: config.lingerMs }, {
    window: win,
    storage: env.store,
    instanceId: env.pageId,
    warn: env.warn,
    observer: () => env.hooks.delivery || (env.user.debug ? (report) => env.hooks.early.push([report, "delivery"]) : null)
  }) : null;
  const builder = createEventBuilder(mw, win, config, env);
  return {
    run: builder.run,
    takeOver: () => takeOverLeftovers(mw, win, config, env, env.store ? storageKeys(env.store, (key) => isLeftoverKey(key, env.pageId)) : [])
  };
}

// modules/src/entries/ext.metricsPlatform.builder.ts
var delivery = require("./config.json");
var exported = {
  attach: (mw, win, config, env) => attachBuilder(mw, win, Object.assign({}, config, delivery), env)
};
module.exports = exported;
