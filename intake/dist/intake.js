/* Generated from modules/src by `npm run build`. Do not edit. */
"use strict";
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
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
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));
var __toCommonJS = (mod) => __copyProps(__defProp({}, "__esModule", { value: true }), mod);

// intake/src/index.ts
var index_exports = {};
__export(index_exports, {
  MAX_BODY_BYTES: () => MAX_BODY_BYTES,
  buildReport: () => buildReport,
  chiSquareTest: () => chiSquareTest,
  createIntake: () => createIntake,
  createJsonLinesSink: () => createJsonLinesSink,
  createSchemaRepository: () => createSchemaRepository,
  createSqliteSink: () => createSqliteSink,
  differenceInterval: () => differenceInterval,
  eventsFromStore: () => eventsFromStore,
  formatReport: () => formatReport,
  main: () => main,
  processEvents: () => processEvents,
  reportMain: () => reportMain,
  wilsonInterval: () => wilsonInterval
});
module.exports = __toCommonJS(index_exports);

// intake/src/server.ts
var import_promises = require("node:fs/promises");
var import_node_http = __toESM(require("node:http"));
var import_node_path2 = __toESM(require("node:path"));

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
function isKnownAttribute(name) {
  return KNOWN.has(name);
}
function attributePath(name) {
  const i = name.indexOf("_");
  return { name, group: name.slice(0, i), key: name.slice(i + 1) };
}
var ALWAYS = [
  attributePath("agent_client_platform"),
  attributePath("agent_client_platform_family")
];
function compileAttributeSelection(provideValues) {
  const seen = new Set(ALWAYS.map((p) => p.name));
  const paths = ALWAYS.slice();
  for (const name of provideValues) {
    if (!seen.has(name) && KNOWN.has(name)) {
      seen.add(name);
      paths.push(attributePath(name));
    }
  }
  return paths;
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
      const problem = curationRuleProblem(operator, ops[operator]);
      if (problem) {
        return `${where}.${name}: ${problem}`;
      }
    }
  }
  return null;
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

// modules/src/core/sampling.ts
var SAMPLE_UNITS = ["pageview", "session", "device"];
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
  return curationProblem(mp.curation, provided);
}
function curationProblem(curation, provided) {
  if (curation === void 0) {
    return null;
  }
  const problem = rulesProblem(curation, "curation");
  if (problem) {
    return problem;
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
    let problem;
    let config;
    try {
      problem = streamConfigProblem(raw[name]);
      config = problem ? void 0 : clone(raw[name]);
    } catch (e) {
      problem = "the stream config cannot be read as JSON";
    }
    if (problem || !config) {
      problems.set(name, problem || "invalid");
      warn(`Stream "${name}" is disabled: ${problem}.`);
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

// intake/src/processEvents.ts
var import_node_crypto = require("node:crypto");
var MAX_EVENT_DEPTH = 32;
function depthOf(value) {
  let max = 0;
  const stack = [[value, 1]];
  while (stack.length) {
    const [v, d] = stack.pop();
    if (v && typeof v === "object") {
      max = Math.max(max, d);
      if (max > MAX_EVENT_DEPTH) {
        return max;
      }
      for (const child of Object.values(v)) {
        stack.push([child, d + 1]);
      }
    }
  }
  return max;
}
function error(event, message) {
  return { status: "error", event, context: { message } };
}
function processEvents(body, streams, schemas, request) {
  const verdict = { accepted: [], invalid: [], error: [] };
  const events = Array.isArray(body) ? body : [body];
  const dt = request.receivedAt.toISOString();
  for (const event of events) {
    if (!event || typeof event !== "object" || Array.isArray(event)) {
      verdict.error.push(error(event, "the event is not a JSON object"));
      continue;
    }
    if (depthOf(event) > MAX_EVENT_DEPTH) {
      verdict.error.push(error(null, `the event is nested more than ${MAX_EVENT_DEPTH} levels deep`));
      continue;
    }
    const e = event;
    const meta = e.meta && typeof e.meta === "object" && !Array.isArray(e.meta) ? e.meta : null;
    const streamName = meta && typeof meta.stream === "string" ? meta.stream : "";
    const stream = streamName ? streams.get(streamName) : null;
    if (!stream) {
      verdict.error.push(error(e, streamName ? `stream "${streamName}" is not declared` : "meta.stream is missing"));
      continue;
    }
    const schemaId = typeof e.$schema === "string" ? e.$schema : "";
    const validate = schemaId ? schemas.validator(schemaId) : null;
    if (!validate) {
      verdict.error.push(error(e, schemaId ? `schema ${schemaId} is not in the schema repository` : "$schema is missing"));
      continue;
    }
    const declaredTitle = stream.config.schema_title;
    if (typeof declaredTitle === "string" && declaredTitle !== schemas.title(schemaId)) {
      verdict.error.push(error(e, `stream "${streamName}" takes ${declaredTitle} events, not ${schemas.title(schemaId)}`));
      continue;
    }
    const enriched = Object.assign({}, e, {
      meta: Object.assign({}, meta, { dt, id: typeof meta.id === "string" && meta.id ? meta.id : (0, import_node_crypto.randomUUID)() })
    });
    if (request.userAgent && stream.attributes.some((a) => a.name === "agent_ua_string")) {
      const http2 = Object.assign({}, enriched.http);
      enriched.http = Object.assign(http2, { request_headers: Object.assign({}, http2.request_headers, { "user-agent": request.userAgent }) });
    }
    if (validate(enriched)) {
      verdict.accepted.push(enriched);
    } else {
      verdict.invalid.push({
        status: "invalid",
        event: e,
        context: { errors: (validate.errors || []).map((x) => ({ instancePath: x.instancePath, schemaPath: x.schemaPath, message: x.message })) }
      });
    }
  }
  return verdict;
}

// intake/src/schemaRepository.ts
var import_ajv = __toESM(require("ajv"));
var import_ajv_formats = __toESM(require("ajv-formats"));
var import_node_fs = require("node:fs");
var import_node_path = __toESM(require("node:path"));
var import_js_yaml = __toESM(require("js-yaml"));
var SEGMENT = /^[a-z0-9_]+$/i;
var VERSION = /^\d+\.\d+\.\d+$/;
function parseSchemaId(schemaId) {
  const parts = schemaId.replace(/^\//, "").split("/");
  const version = parts.pop() || "";
  return parts.length && parts.every((p) => SEGMENT.test(p)) && VERSION.test(version) ? [parts.join("/"), version] : null;
}
function createSchemaRepository(dir) {
  const ajv = new import_ajv.default({ allErrors: true, strict: false });
  (0, import_ajv_formats.default)(ajv);
  const compiled = /* @__PURE__ */ new Map();
  function load(schemaId) {
    if (compiled.has(schemaId)) {
      return compiled.get(schemaId) || null;
    }
    let entry = null;
    const match = parseSchemaId(schemaId);
    if (match) {
      const base = import_node_path.default.join(dir, match[0], match[1]);
      const file = [base + ".yaml", base + ".json"].find((f) => (0, import_node_fs.existsSync)(f));
      if (file) {
        const schema = import_js_yaml.default.load((0, import_node_fs.readFileSync)(file, "utf8"));
        delete schema.examples;
        schema.$schema = "http://json-schema.org/draft-07/schema#";
        delete schema.$id;
        entry = { validate: ajv.compile(schema), title: String(schema.title || match[0]) };
      }
    }
    compiled.set(schemaId, entry);
    return entry;
  }
  return {
    validator: (schemaId) => {
      const entry = load(schemaId);
      return entry ? entry.validate : null;
    },
    title: (schemaId) => {
      const entry = load(schemaId);
      return entry ? entry.title : null;
    }
  };
}

// intake/src/server.ts
var MAX_BODY_BYTES = 4 * 1024 * 1024;
var CONTENT_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml"
};
function isLoopbackOrigin(origin) {
  try {
    const host = new URL(origin).hostname;
    return host === "localhost" || host === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
  } catch (e) {
    return false;
  }
}
var HttpError = class extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
};
function readBody(req) {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"] || 0);
    if (declared > MAX_BODY_BYTES) {
      reject(new HttpError(413, `the body is ${declared} bytes, more than ${MAX_BODY_BYTES}`));
      req.resume();
      return;
    }
    const chunks = [];
    let size = 0;
    req.on("data", (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HttpError(413, `the body is more than ${MAX_BODY_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
function sendJson(res, status, body) {
  const text = body === void 0 ? "" : JSON.stringify(body);
  res.writeHead(status, text ? { "Content-Type": "application/json; charset=utf-8" } : {});
  res.end(text);
}
function createIntake(options) {
  const log = options.log || ((m) => console.warn("[mp-intake] " + m));
  const streams = createStreamRegistry(options.streamConfigs, log);
  const schemas = createSchemaRepository(options.schemasDir);
  const allowAny = (options.corsOrigins || []).includes("*");
  const origins = new Set(options.corsOrigins || []);
  const stats = { requests: 0, received: 0, accepted: 0, stored: 0, duplicates: 0, invalid: 0, errors: 0 };
  const live = /* @__PURE__ */ new Set();
  const inFlight = /* @__PURE__ */ new Set();
  let closing = false;
  function cors(req, res) {
    const origin = req.headers.origin;
    if (origin && (allowAny || origins.has(origin) || isLoopbackOrigin(origin))) {
      res.setHeader("Access-Control-Allow-Origin", origin);
      res.setHeader("Vary", "Origin");
    }
  }
  async function store(events) {
    if (!events.length) {
      return;
    }
    const result = await options.sink.write(events);
    stats.stored += result.stored;
    stats.duplicates += result.duplicates;
    for (const client of live) {
      for (const event of events) {
        const stream = event.meta.stream;
        if (!client.stream || client.stream === stream) {
          client.res.write(`data: ${JSON.stringify(event)}

`);
        }
      }
    }
  }
  async function postEvents(req, res, url) {
    const type = String(req.headers["content-type"] || "application/json").split(";")[0].trim().toLowerCase();
    if (type !== "application/json" && type !== "text/plain") {
      throw new HttpError(415, `Content-Type ${type} is not application/json or text/plain`);
    }
    const text = await readBody(req);
    let body;
    try {
      body = JSON.parse(text);
    } catch (e) {
      throw new HttpError(400, `the body is not JSON (${e.message})`);
    }
    const verdict = processEvents(body, streams, schemas, { receivedAt: /* @__PURE__ */ new Date(), userAgent: req.headers["user-agent"] });
    stats.received += verdict.accepted.length + verdict.invalid.length + verdict.error.length;
    stats.accepted += verdict.accepted.length;
    stats.invalid += verdict.invalid.length;
    stats.errors += verdict.error.length;
    const hasty = url.searchParams.get("hasty") === "true";
    if (hasty) {
      sendJson(res, 202, void 0);
    }
    await store(verdict.accepted);
    if (hasty) {
      return;
    }
    const refused = verdict.invalid.concat(verdict.error);
    if (!refused.length) {
      sendJson(res, 201, void 0);
    } else {
      sendJson(res, verdict.accepted.length ? 207 : 400, { invalid: verdict.invalid, error: verdict.error });
    }
  }
  async function serveStatic(res, pathname) {
    const mounts = options.staticDirs || {};
    const prefix = Object.keys(mounts).sort((a, b) => b.length - a.length).find((p) => pathname.indexOf(p) === 0);
    if (prefix === void 0) {
      return false;
    }
    const root = import_node_path2.default.resolve(mounts[prefix]);
    let rel = decodeURIComponent(pathname.slice(prefix.length));
    if (!rel || rel.endsWith("/")) {
      rel += "index.html";
    }
    const file = import_node_path2.default.resolve(root, rel);
    if (file !== root && !file.startsWith(root + import_node_path2.default.sep)) {
      throw new HttpError(403, "outside the served folder");
    }
    try {
      const content = await (0, import_promises.readFile)(file);
      res.writeHead(200, { "Content-Type": CONTENT_TYPES[import_node_path2.default.extname(file)] || "application/octet-stream", "Cache-Control": "no-store" });
      res.end(content);
      return true;
    } catch (e) {
      return false;
    }
  }
  async function handle(req, res) {
    stats.requests++;
    const url = new URL(req.url || "/", "http://intake.invalid");
    cors(req, res);
    if (req.method === "OPTIONS") {
      res.writeHead(204, {
        "Access-Control-Allow-Methods": "POST, GET, OPTIONS",
        "Access-Control-Allow-Headers": "Content-Type",
        "Access-Control-Max-Age": "86400"
      });
      res.end();
      return;
    }
    if (url.pathname === "/v1/events") {
      if (req.method !== "POST") {
        throw new HttpError(405, "use POST");
      }
      return postEvents(req, res, url);
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      throw new HttpError(405, `${req.method} is not supported here`);
    }
    const recent = /^\/v1\/streams\/([^/]+)\/events$/.exec(url.pathname);
    if (recent) {
      const limit = Math.min(1e3, Math.max(1, Number(url.searchParams.get("limit")) || 50));
      return sendJson(res, 200, await options.sink.recent(decodeURIComponent(recent[1]), limit));
    }
    if (url.pathname === "/v1/live") {
      res.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-store", Connection: "keep-alive" });
      res.write(": connected\n\n");
      const client = { res, stream: url.searchParams.get("stream") };
      live.add(client);
      req.on("close", () => live.delete(client));
      return;
    }
    if (url.pathname === "/v1/stats") {
      return sendJson(res, 200, stats);
    }
    if (url.pathname === "/healthz") {
      return sendJson(res, 200, { ok: true });
    }
    if (!await serveStatic(res, url.pathname)) {
      throw new HttpError(404, `nothing at ${url.pathname}`);
    }
  }
  const server = import_node_http.default.createServer((req, res) => {
    if (closing) {
      res.setHeader("Connection", "close");
    }
    const work = handle(req, res).catch((e) => {
      const status = e instanceof HttpError ? e.status : 500;
      if (status === 500) {
        log(`Internal error: ${e.stack || String(e)}`);
      }
      if (!res.headersSent) {
        sendJson(res, status, { invalid: [], error: [{ status: "error", event: null, context: { message: e.message } }] });
      }
    });
    inFlight.add(work);
    work.finally(() => inFlight.delete(work));
  });
  server.headersTimeout = 1e4;
  server.requestTimeout = 3e4;
  return {
    stats,
    server,
    listen(port, host = "127.0.0.1") {
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          const address = server.address();
          resolve(`http://${host.includes(":") ? `[${host}]` : host}:${address.port}`);
        });
      });
    },
    async close() {
      closing = true;
      const stopped = new Promise((resolve) => {
        server.close(() => resolve());
      });
      for (const client of live) {
        client.res.end();
      }
      live.clear();
      server.closeIdleConnections();
      await Promise.allSettled(Array.from(inFlight));
      await stopped;
      await options.sink.close();
    }
  };
}

// intake/src/sqliteSink.ts
var import_better_sqlite3 = __toESM(require("better-sqlite3"));

// intake/src/sink.ts
function metaOf(event) {
  const meta = event.meta;
  return meta;
}
var NO_CLIENT_TIME = -8640000000000001;
function clientTime(event) {
  const ms = typeof event.dt === "string" ? Date.parse(event.dt) : NaN;
  return Number.isNaN(ms) ? NO_CLIENT_TIME : ms;
}

// intake/src/sqliteSink.ts
var LAYOUT = 2;
var WAL_AUTOCHECKPOINT_PAGES = 4e3;
var CREATE = `
CREATE TABLE IF NOT EXISTS events (
	seq INTEGER PRIMARY KEY AUTOINCREMENT,
	t INTEGER NOT NULL,
	id TEXT NOT NULL,
	stream TEXT NOT NULL,
	dt TEXT NOT NULL,
	body TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS events_key ON events (t, id);
CREATE INDEX IF NOT EXISTS events_stream ON events (stream, seq);`;
function openLayout(db) {
  const version = db.pragma("user_version", { simple: true });
  if (version === LAYOUT) {
    return;
  }
  const old = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'").get();
  db.transaction(() => {
    if (old) {
      db.exec("ALTER TABLE events RENAME TO events_layout1; DROP INDEX IF EXISTS events_stream;");
    }
    db.exec(CREATE);
    if (old) {
      db.function("mp_client_time", { deterministic: true }, (body) => clientTime(JSON.parse(String(body))));
      db.exec(`INSERT OR IGNORE INTO events (seq, t, id, stream, dt, body)
				SELECT seq, mp_client_time(body), id, stream, dt, body FROM events_layout1 ORDER BY seq`);
      db.exec("DROP TABLE events_layout1");
    }
    db.pragma(`user_version = ${LAYOUT}`);
  })();
}
function createSqliteSink(file, options = {}) {
  const db = new import_better_sqlite3.default(file);
  db.pragma("journal_mode = WAL");
  db.pragma(options.durability === "power" ? "synchronous = FULL" : "synchronous = NORMAL");
  db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
  openLayout(db);
  const insert = db.prepare("INSERT OR IGNORE INTO events (t, id, stream, dt, body) VALUES (?, ?, ?, ?, ?)");
  const writeAll = db.transaction((events, serialized) => {
    let stored = 0;
    for (let i = 0; i < events.length; i++) {
      const event = events[i];
      const meta = metaOf(event);
      stored += insert.run(clientTime(event), meta.id, meta.stream, meta.dt, serialized ? serialized[i] : JSON.stringify(event)).changes;
    }
    return stored;
  });
  const select = db.prepare("SELECT id, stream, body FROM events WHERE stream = ? ORDER BY seq DESC LIMIT ?");
  return {
    async write(events, serialized) {
      const stored = events.length ? writeAll(events, serialized) : 0;
      return { stored, duplicates: events.length - stored };
    },
    async recent(stream, limit) {
      return select.all(stream, limit).map((row) => ({ id: row.id, stream: row.stream, event: JSON.parse(row.body) }));
    },
    async close() {
      if (db.open) {
        db.close();
      }
    }
  };
}

// intake/src/jsonLinesSink.ts
var import_node_fs2 = require("node:fs");
var RECENT = 1e3;
function createJsonLinesSink(file) {
  const seen = /* @__PURE__ */ new Set();
  const recent = [];
  if ((0, import_node_fs2.existsSync)(file)) {
    for (const line of (0, import_node_fs2.readFileSync)(file, "utf8").split("\n")) {
      try {
        seen.add(metaOf(JSON.parse(line)).id);
      } catch (e) {
      }
    }
  }
  const out = (0, import_node_fs2.createWriteStream)(file, { flags: "a" });
  return {
    async write(events, serialized) {
      let stored = 0;
      let text = "";
      for (let i = 0; i < events.length; i++) {
        const event = events[i];
        const meta = metaOf(event);
        if (seen.has(meta.id)) {
          continue;
        }
        seen.add(meta.id);
        stored++;
        text += (serialized ? serialized[i] : JSON.stringify(event)) + "\n";
        recent.push({ id: meta.id, stream: meta.stream, event });
      }
      if (recent.length > RECENT) {
        recent.splice(0, recent.length - RECENT);
      }
      if (text) {
        await new Promise((resolve, reject) => {
          out.write(text, (e) => e ? reject(e) : resolve());
        });
      }
      return { stored, duplicates: events.length - stored };
    },
    async recent(stream, limit) {
      return recent.filter((e) => e.stream === stream).reverse().slice(0, limit);
    },
    close: () => new Promise((resolve) => {
      out.end(resolve);
    })
  };
}

// intake/src/cli.ts
var import_node_fs3 = require("node:fs");
var import_node_path3 = __toESM(require("node:path"));
var import_node_util = require("node:util");
var USAGE = `Usage: mp-intake [options]
  --host HOST          address to listen on (default 127.0.0.1)
  --port PORT          port (default 8192; 0 picks a free one)
  --streams FILE       stream configs JSON, the same the client receives (required)
  --store FILE         SQLite database for accepted events (default events.sqlite)
  --jsonl FILE         write JSON lines to FILE instead of SQLite
  --schemas DIR        schema repository (default: the schemas this package ships)
  --cors-origin LIST   comma-separated origins allowed to read answers ('*' for any; loopback always)
  --static PREFIX=DIR  also serve files from DIR under URL PREFIX (repeatable)
  --help               this text`;
async function main(argv, schemasDefault) {
  const { values } = (0, import_node_util.parseArgs)({
    args: argv,
    options: {
      host: { type: "string", default: "127.0.0.1" },
      port: { type: "string", default: "8192" },
      streams: { type: "string" },
      store: { type: "string", default: "events.sqlite" },
      jsonl: { type: "string" },
      schemas: { type: "string", default: schemasDefault },
      "cors-origin": { type: "string", default: "" },
      static: { type: "string", multiple: true, default: [] },
      help: { type: "boolean", default: false }
    }
  });
  if (values.help || !values.streams) {
    console.log(USAGE);
    process.exitCode = values.help ? 0 : 2;
    return null;
  }
  const staticDirs = {};
  for (const mount of values.static) {
    const [prefix, dir] = mount.split("=");
    staticDirs[prefix] = import_node_path3.default.resolve(dir);
  }
  const sink = values.jsonl ? createJsonLinesSink(values.jsonl) : createSqliteSink(values.store);
  const intake = createIntake({
    streamConfigs: JSON.parse((0, import_node_fs3.readFileSync)(values.streams, "utf8")),
    schemasDir: import_node_path3.default.resolve(values.schemas),
    sink,
    corsOrigins: values["cors-origin"].split(",").filter(Boolean),
    staticDirs
  });
  const url = await intake.listen(Number(values.port), values.host);
  console.log(`mp-intake listening on ${url} (POST ${url}/v1/events; store: ${values.jsonl || values.store})`);
  let stopping = false;
  const stop = () => {
    if (stopping) {
      return;
    }
    stopping = true;
    intake.close().then(() => {
      console.log(`mp-intake stopped: ${JSON.stringify(intake.stats)}`);
    });
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  return intake;
}

// intake/src/experimentReport.ts
var import_better_sqlite32 = __toESM(require("better-sqlite3"));

// intake/src/stats.ts
function logGamma(x) {
  const c = [76.18009172947146, -86.50532032941678, 24.01409824083091, -1.231739572450155, 0.001208650973866179, -5395239384953e-18];
  let y = x;
  const tmp = x + 5.5 - (x + 0.5) * Math.log(x + 5.5);
  let ser = 1.000000000190015;
  for (const coefficient of c) {
    ser += coefficient / ++y;
  }
  return -tmp + Math.log(2.5066282746310007 * ser / x);
}
function gammaQ(a, x) {
  if (x <= 0) {
    return 1;
  }
  if (x < a + 1) {
    let sum = 1 / a;
    let term = sum;
    for (let n = 1; n < 1e3; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-15) {
        break;
      }
    }
    return 1 - sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
  }
  let b = x + 1 - a;
  let c = 1 / 1e-300;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1e3; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    d = Math.abs(d) < 1e-300 ? 1e-300 : d;
    c = b + an / c;
    c = Math.abs(c) < 1e-300 ? 1e-300 : c;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) {
      break;
    }
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
}
function chiSquareTest(observed, weights) {
  const total = observed.reduce((a, b) => a + b, 0);
  const weightSum = weights.reduce((a, b) => a + b, 0);
  let statistic = 0;
  observed.forEach((o, i) => {
    const expected = total * weights[i] / weightSum;
    statistic += expected > 0 ? (o - expected) * (o - expected) / expected : 0;
  });
  const df = observed.length - 1;
  return { statistic, df, p: df > 0 && total > 0 ? gammaQ(df / 2, statistic / 2) : 1 };
}
function wilsonInterval(successes, n) {
  if (n === 0) {
    return [0, 1];
  }
  const z = 1.959963984540054;
  const p = successes / n;
  const denominator = 1 + z * z / n;
  const centre = (p + z * z / (2 * n)) / denominator;
  const half = z * Math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}
function differenceInterval(a, b) {
  const pa = a[1] ? a[0] / a[1] : 0;
  const pb = b[1] ? b[0] / b[1] : 0;
  const se = Math.sqrt((a[1] ? pa * (1 - pa) / a[1] : 0) + (b[1] ? pb * (1 - pb) / b[1] : 0));
  const difference = pb - pa;
  return { difference, low: difference - 1.959963984540054 * se, high: difference + 1.959963984540054 * se };
}

// intake/src/experimentReport.ts
function subjectOf(e) {
  const p = e.performer || {};
  if (p.is_logged_in && p.id) {
    return "user:" + p.id;
  }
  return p.session_id ? "session:" + p.session_id : "event:" + e.meta.id;
}
function buildReport(events, experiment, action, weights = {}, groupOrder = []) {
  const byGroup = /* @__PURE__ */ new Map();
  for (const e of events) {
    const group = e.experiments && e.experiments.assigned && e.experiments.assigned[experiment];
    if (!group) {
      continue;
    }
    let g = byGroup.get(group);
    if (!g) {
      g = { subjects: /* @__PURE__ */ new Set(), exposed: /* @__PURE__ */ new Set(), converted: /* @__PURE__ */ new Set(), events: 0 };
      byGroup.set(group, g);
    }
    const subject = subjectOf(e);
    g.events++;
    g.subjects.add(subject);
    if (e.action === "experiment_exposure") {
      g.exposed.add(subject);
    }
    if (e.action === action) {
      g.converted.add(subject);
    }
  }
  const names = groupOrder.filter((n) => byGroup.has(n)).concat(Array.from(byGroup.keys()).filter((n) => !groupOrder.includes(n)).sort());
  const groups = names.map((name) => {
    const g = byGroup.get(name);
    const n = g.subjects.size;
    return {
      group: name,
      subjects: n,
      exposures: g.exposed.size,
      events: g.events,
      converted: g.converted.size,
      rate: n ? g.converted.size / n : 0,
      rateInterval: wilsonInterval(g.converted.size, n),
      difference: null
    };
  });
  for (let i = 1; i < groups.length; i++) {
    groups[i].difference = differenceInterval([groups[0].converted, groups[0].subjects], [groups[i].converted, groups[i].subjects]);
  }
  const test = chiSquareTest(groups.map((g) => g.subjects), groups.map((g) => weights[g.group] === void 0 ? 1 : weights[g.group]));
  return { experiment, action, groups, srm: Object.assign(test, { mismatch: test.p < 1e-3 }) };
}
function* eventsFromStore(file, experiment) {
  const db = new import_better_sqlite32.default(file, { readonly: true });
  try {
    const literal = experiment.replace(/[\\%_]/g, (c) => "\\" + c);
    const rows = db.prepare("SELECT body FROM events WHERE body LIKE ? ESCAPE '\\'").iterate('%"experiments"%' + literal + "%");
    for (const row of rows) {
      yield JSON.parse(row.body);
    }
  } finally {
    db.close();
  }
}
function pct(x) {
  return (x * 100).toFixed(2) + "%";
}
function formatReport(report) {
  const lines = [
    `Experiment ${report.experiment} — rate of "${report.action}" per subject`,
    "group".padEnd(14) + "subjects".padStart(10) + "exposed".padStart(10) + "events".padStart(10) + "rate".padStart(10) + "   95% CI".padEnd(22) + "vs " + (report.groups[0] ? report.groups[0].group : "-") + " (95% CI)"
  ];
  for (const g of report.groups) {
    lines.push(g.group.padEnd(14) + String(g.subjects).padStart(10) + String(g.exposures).padStart(10) + String(g.events).padStart(10) + pct(g.rate).padStart(10) + `   [${pct(g.rateInterval[0])}, ${pct(g.rateInterval[1])}]`.padEnd(22) + (g.difference ? `${g.difference.difference >= 0 ? "+" : ""}${pct(g.difference.difference)} [${pct(g.difference.low)}, ${pct(g.difference.high)}]` : "reference"));
  }
  const srm = report.srm;
  lines.push(`Sample ratio: chi-square ${srm.statistic.toFixed(2)} (df ${srm.df}), p = ${srm.p < 1e-4 ? srm.p.toExponential(2) : srm.p.toFixed(4)}` + (srm.mismatch ? " — SAMPLE RATIO MISMATCH (p < 0.001): the groups are not the sizes they should be; do not trust the comparison." : " — no mismatch."));
  return lines.join("\n");
}

// intake/src/reportCli.ts
var import_node_util2 = require("node:util");
function reportMain(argv) {
  const { values } = (0, import_node_util2.parseArgs)({
    args: argv,
    options: {
      experiment: { type: "string" },
      store: { type: "string", default: "demo-events.sqlite" },
      action: { type: "string", default: "click" },
      weights: { type: "string", default: "" },
      json: { type: "boolean", default: false }
    }
  });
  if (!values.experiment) {
    console.error("Usage: mp-experiment-report --experiment NAME [--store events.sqlite] [--action click] [--weights control=1,treatment=1] [--json]");
    return 2;
  }
  const weights = {};
  const order = [];
  for (const pair of values.weights.split(",").filter(Boolean)) {
    const [group, weight] = pair.split("=");
    weights[group] = Number(weight) || 1;
    order.push(group);
  }
  const report = buildReport(eventsFromStore(values.store, values.experiment), values.experiment, values.action, weights, order);
  console.log(values.json ? JSON.stringify(report, null, 2) : formatReport(report));
  return 0;
}
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  MAX_BODY_BYTES,
  buildReport,
  chiSquareTest,
  createIntake,
  createJsonLinesSink,
  createSchemaRepository,
  createSqliteSink,
  differenceInterval,
  eventsFromStore,
  formatReport,
  main,
  processEvents,
  reportMain,
  wilsonInterval
});
