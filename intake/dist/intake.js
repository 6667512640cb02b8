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
  CHECK_NAMES: () => CHECK_NAMES,
  COLUMN_TYPES: () => COLUMN_TYPES,
  DEFAULT_IDENTIFIER_PATTERN: () => DEFAULT_IDENTIFIER_PATTERN,
  DEFAULT_RETENTION_DAYS: () => DEFAULT_RETENTION_DAYS,
  DEFAULT_SHUTDOWN_TIMEOUT_MS: () => DEFAULT_SHUTDOWN_TIMEOUT_MS,
  EVENT_COLUMNS: () => EVENT_COLUMNS,
  MANIFEST_FILE: () => MANIFEST_FILE,
  MAX_BODY_BYTES: () => MAX_BODY_BYTES,
  MAX_FAILED_EVENTS: () => MAX_FAILED_EVENTS,
  MIGRATIONS: () => MIGRATIONS,
  MIXED_WARNING_SHARE: () => MIXED_WARNING_SHARE,
  PARQUET_TYPES: () => PARQUET_TYPES,
  PRIVACY_TAGS: () => PRIVACY_TAGS,
  RESULTS_TABLE: () => RESULTS_TABLE,
  ROWS_PER_FILE: () => ROWS_PER_FILE,
  SYSTEM_COLUMNS: () => SYSTEM_COLUMNS,
  TABLE_ROWS_PER_FILE: () => TABLE_ROWS_PER_FILE,
  buildReport: () => buildReport,
  buildReportFromFacts: () => buildReportFromFacts,
  catalogMain: () => catalogMain,
  chiSquareTest: () => chiSquareTest,
  chooseReportTable: () => chooseReportTable,
  columnTypeOf: () => columnTypeOf,
  createDocsSource: () => createDocsSource,
  createIntake: () => createIntake,
  createJsonLinesSink: () => createJsonLinesSink,
  createMaterialiser: () => createMaterialiser,
  createModelCatalog: () => createModelCatalog,
  createPostgresSink: () => createPostgresSink,
  createPostgresTableSource: () => createPostgresTableSource,
  createSchemaDocuments: () => createSchemaDocuments,
  createSchemaRepository: () => createSchemaRepository,
  createSqliteSink: () => createSqliteSink,
  createSqliteTableSource: () => createSqliteTableSource,
  createStreamContracts: () => createStreamContracts,
  createStreamExpiry: () => createStreamExpiry,
  datahubProposals: () => datahubProposals,
  datasetUrn: () => datasetUrn,
  defaultColumnName: () => defaultColumnName,
  describeTables: () => describeTables,
  differenceInterval: () => differenceInterval,
  documentedTables: () => documentedTables,
  eventsFromJsonLines: () => eventsFromJsonLines,
  eventsFromStore: () => eventsFromStore,
  exportEventsToParquet: () => exportEventsToParquet,
  exportModelledTables: () => exportModelledTables,
  factsFromTable: () => factsFromTable,
  factsOfEvents: () => factsOfEvents,
  failuresOf: () => failuresOf,
  formatQualityReport: () => formatQualityReport,
  formatReport: () => formatReport,
  isPostgresUrl: () => isPostgresUrl,
  keyedHash: () => keyedHash,
  latestResults: () => latestResults,
  loadOrCreateHashSecret: () => loadOrCreateHashSecret,
  main: () => main,
  openFailedEvents: () => openFailedEvents,
  parquetExportMain: () => parquetExportMain,
  parseChecks: () => parseChecks,
  parseStreamModel: () => parseStreamModel,
  parseTable: () => parseTable,
  parseTablesFile: () => parseTablesFile,
  physicalTableName: () => physicalTableName,
  postgresCatalogue: () => postgresCatalogue,
  postgresTables: () => postgresTables,
  processEvents: () => processEvents,
  projectRow: () => projectRow,
  purgeStore: () => purgeStore,
  qualityMain: () => qualityMain,
  queryMain: () => queryMain,
  readDefinitions: () => readDefinitions,
  readFailedEvents: () => readFailedEvents,
  reportMain: () => reportMain,
  resolveColumns: () => resolveColumns,
  resolveDesign: () => resolveDesign,
  runChecks: () => runChecks,
  runQuality: () => runQuality,
  scheduleQuality: () => scheduleQuality,
  schemaMajorVersion: () => schemaMajorVersion,
  schemaNodeAt: () => schemaNodeAt,
  sourceLine: () => sourceLine,
  sqliteCatalogue: () => sqliteCatalogue,
  sqliteTables: () => sqliteTables,
  tableMarkdown: () => tableMarkdown,
  tablesDescription: () => tablesDescription,
  tablesWithChecks: () => tablesWithChecks,
  valueAt: () => valueAt,
  wilsonInterval: () => wilsonInterval,
  writeResults: () => writeResults
});
module.exports = __toCommonJS(index_exports);

// intake/src/server.ts
var import_promises = require("node:fs/promises");
var import_node_http = __toESM(require("node:http"));
var import_node_path3 = __toESM(require("node:path"));

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
var ALWAYS = [
  attributePath("agent_client_platform"),
  attributePath("agent_client_platform_family")
];
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

// intake/src/httpError.ts
var HttpError = class extends Error {
  /**
   * @param status a 4xx status
   * @param message the reason, for the client
   */
  constructor(status2, message) {
    super(message);
    this.status = status2;
    /**
     * Resolves when the rest of a refused request body has been read and dropped (or given up on):
     * answering before that, on a connection that is to close, would reset it under a client still
     * sending, and the client would never see the answer.
     */
    this.drained = null;
  }
};

// intake/src/jsonBody.ts
var import_node_buffer = require("node:buffer");
var QUOTE = 34;
var BACKSLASH = 92;
function nestingDepth(bytes, limit) {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (c === QUOTE) {
      let j = i;
      for (; ; ) {
        j = bytes.indexOf(QUOTE, j + 1);
        if (j < 0) {
          return max;
        }
        let escapes = 0;
        while (bytes[j - 1 - escapes] === BACKSLASH) {
          escapes++;
        }
        if (escapes % 2 === 0) {
          break;
        }
      }
      i = j;
    } else if (c === 91 || c === 123) {
      if (++depth > max) {
        max = depth;
        if (max > limit) {
          return max;
        }
      }
    } else if (c === 93 || c === 125) {
      depth--;
    }
  }
  return max;
}
var SCAN_ABOVE_BYTES = 64 * 1024;
function parseJsonBody(bytes, maxDepth) {
  if (!(0, import_node_buffer.isUtf8)(bytes)) {
    return { ok: false, reason: "the body is not valid UTF-8" };
  }
  if (bytes.length > SCAN_ABOVE_BYTES && nestingDepth(bytes, maxDepth) > maxDepth) {
    return { ok: false, reason: `the body is nested more than ${maxDepth} levels deep` };
  }
  try {
    return { ok: true, value: JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("utf8")) };
  } catch (e) {
    const position = /position (\d+)/.exec(String(e.message));
    return { ok: false, reason: `the body is not JSON${position ? ` (at character ${position[1]})` : ""}` };
  }
}

// intake/src/liveFeed.ts
function createLiveFeed(limits = {}) {
  const maxSubscribers = limits.maxSubscribers || 16;
  const maxBufferedBytes = limits.maxBufferedBytes || 1024 * 1024;
  const subscribers = /* @__PURE__ */ new Set();
  let dropped = 0;
  return {
    subscribe(req, res, stream) {
      if (subscribers.size >= maxSubscribers) {
        res.writeHead(429, { "Content-Type": "application/json; charset=utf-8", "Retry-After": "10" });
        res.end(JSON.stringify({ error: `the live feed has ${maxSubscribers} subscribers already` }));
        return;
      }
      res.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-store", Connection: "keep-alive" });
      res.write(": connected\n\n");
      const subscriber = { res, stream };
      subscribers.add(subscriber);
      const leave = () => {
        subscribers.delete(subscriber);
      };
      req.on("close", leave);
      res.on("close", leave);
    },
    publish(events, serialized) {
      if (!subscribers.size) {
        return;
      }
      const lines = /* @__PURE__ */ new Map();
      for (const subscriber of subscribers) {
        let text = lines.get(subscriber.stream);
        if (text === void 0) {
          text = "";
          for (let i = 0; i < events.length; i++) {
            if (!subscriber.stream || events[i].meta.stream === subscriber.stream) {
              text += `data: ${serialized ? serialized[i] : JSON.stringify(events[i])}

`;
            }
          }
          lines.set(subscriber.stream, text);
        }
        if (!text) {
          continue;
        }
        if (subscriber.res.writableLength > maxBufferedBytes) {
          subscribers.delete(subscriber);
          dropped++;
          subscriber.res.destroy();
          continue;
        }
        subscriber.res.write(text);
      }
    },
    close() {
      for (const subscriber of subscribers) {
        subscriber.res.end();
      }
      subscribers.clear();
    },
    get size() {
      return subscribers.size;
    },
    get dropped() {
      return dropped;
    }
  };
}

// intake/src/modelling/failedEvents.ts
var import_better_sqlite3 = __toESM(require("better-sqlite3"));

// intake/src/refusals.ts
var MAX_REPORTED_EVENTS = 50;
var MAX_ERRORS_PER_EVENT = 5;
var MAX_QUOTED_CHARS = 128;
var MAX_RECORDED_REFUSALS = 1e3;
function pointerToken(segment) {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}
function fieldOfError(error) {
  const params = error.params && typeof error.params === "object" ? error.params : {};
  const named = typeof params.missingProperty === "string" ? params.missingProperty : typeof params.additionalProperty === "string" ? params.additionalProperty : null;
  return quote(named === null ? error.instancePath : `${error.instancePath}/${pointerToken(named)}`);
}
function paramsOf(error) {
  const params = error.params;
  if (!params) {
    return void 0;
  }
  if (typeof params.missingProperty === "string") {
    return { missingProperty: quote(params.missingProperty) };
  }
  if (typeof params.additionalProperty === "string") {
    return { additionalProperty: quote(params.additionalProperty) };
  }
  return void 0;
}
function quote(text) {
  return text.length > MAX_QUOTED_CHARS ? text.slice(0, MAX_QUOTED_CHARS) + "…" : text;
}
var RefusalReport = class {
  constructor() {
    this.invalid = [];
    this.error = [];
    this.invalidCount = 0;
    this.errorCount = 0;
    /** Every refusal in brief, up to {@link MAX_RECORDED_REFUSALS}. */
    this.records = [];
  }
  get full() {
    return this.invalid.length + this.error.length >= MAX_REPORTED_EVENTS;
  }
  /**
   * Records an event refused before validation (not an object, unknown stream, no schema, …).
   *
   * @param index its position in the request
   * @param meta the event's `meta` when it has one
   * @param stream its declared stream, when known
   * @param message why
   */
  addError(index, meta, stream, message) {
    this.errorCount++;
    this.record(index, "error", meta, null, message);
    if (!this.full) {
      this.error.push({ status: "error", index, event: identify(meta, stream), context: { message } });
    }
  }
  /**
   * Records an event that failed schema validation.
   *
   * @param index its position in the request
   * @param meta the event's `meta`
   * @param stream its declared stream
   * @param errors ajv's errors
   */
  addInvalid(index, meta, stream, errors) {
    this.invalidCount++;
    const first = errors[0];
    this.record(
      index,
      "invalid",
      meta,
      first ? fieldOfError(first) : null,
      first ? `${quote(first.instancePath) || "the event"} ${first.message || "is invalid"}` : "the event does not match its schema",
      first ? { schemaPath: first.schemaPath, message: first.message || "" } : void 0
    );
    if (this.full) {
      return;
    }
    const listed = errors.slice(0, MAX_ERRORS_PER_EVENT).map((x) => {
      const listedError = { instancePath: quote(x.instancePath), schemaPath: x.schemaPath, message: x.message };
      const params = paramsOf(x);
      if (params) {
        listedError.params = params;
      }
      return listedError;
    });
    const context = { message: "the event does not match its schema", errors: listed };
    if (errors.length > listed.length) {
      context.more_errors = errors.length - listed.length;
    }
    this.invalid.push({ status: "invalid", index, event: identify(meta, stream), context });
  }
  record(index, kind, meta, path10, reason2, schemaError) {
    if (this.records.length >= MAX_RECORDED_REFUSALS) {
      return;
    }
    const m = meta && typeof meta === "object" ? meta : {};
    const record = {
      index,
      kind,
      stream: typeof m.stream === "string" ? quote(m.stream) : null,
      id: typeof m.id === "string" ? quote(m.id) : null,
      path: path10,
      reason: reason2
    };
    if (schemaError) {
      record.schemaError = schemaError;
    }
    this.records.push(record);
  }
  /** The answer body: EventGate's `invalid` and `error` lists, plus how many were left out. */
  toJSON() {
    const notListed = this.invalidCount + this.errorCount - this.invalid.length - this.error.length;
    return notListed ? { invalid: this.invalid, error: this.error, not_listed: notListed } : { invalid: this.invalid, error: this.error };
  }
};
function identify(meta, stream) {
  const out = { meta: {} };
  const id = meta && typeof meta === "object" ? meta.id : void 0;
  if (typeof id === "string" && id.length <= MAX_QUOTED_CHARS) {
    out.meta.id = id;
  }
  if (stream) {
    out.meta.stream = stream;
  }
  return out;
}

// intake/src/sqliteTableExists.ts
function sqliteTableExists(db, name) {
  return !!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name);
}

// intake/src/modelling/failedEvents.ts
var MAX_FAILED_EVENTS = 1e4;
var MAX_ID = 128;
function metaIdOf(event) {
  const meta = event && typeof event === "object" && !Array.isArray(event) ? event.meta : void 0;
  return meta && typeof meta === "object" && !Array.isArray(meta) && Object.prototype.hasOwnProperty.call(meta, "id") ? meta.id : void 0;
}
function clientMadeId(value) {
  return typeof value === "string" && /^[0-9a-z]{20}$/.test(value) ? value : null;
}
var CREATE = `
CREATE TABLE IF NOT EXISTS failed_events (
	seq INTEGER PRIMARY KEY AUTOINCREMENT,
	stream TEXT NOT NULL,
	received_at TEXT NOT NULL,
	meta_id TEXT,
	pageview_id TEXT,
	session_id TEXT,
	kind TEXT NOT NULL,
	path TEXT NOT NULL,
	schema_path TEXT NOT NULL,
	message TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS failed_events_stream ON failed_events (stream, received_at);
CREATE INDEX IF NOT EXISTS failed_events_pageview ON failed_events (pageview_id) WHERE pageview_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS failed_events_session ON failed_events (session_id) WHERE session_id IS NOT NULL;`;
function cut(value, max) {
  return typeof value === "string" && value ? value.slice(0, max) : null;
}
function kindOfError(message) {
  if (/^stream ".*" is not declared$/.test(message)) {
    return "unplanned_event";
  }
  if (/^stream ".*" ended on /.test(message)) {
    return "stream_ended";
  }
  if (message === "meta.stream is missing") {
    return "stream_missing";
  }
  if (message === "$schema is missing" || / is not in the schema repository$/.test(message)) {
    return "unknown_schema";
  }
  if (/^stream ".*" takes .* events, not /.test(message)) {
    return "schema_not_allowed";
  }
  return "malformed_event";
}
function kindOfSchemaError(schemaPath) {
  const keyword = schemaPath.slice(schemaPath.lastIndexOf("/") + 1);
  switch (keyword) {
    case "required":
      return "required_missing";
    case "type":
      return "datatype_mismatch";
    case "additionalProperties":
      return "additional_property";
    case "enum":
    case "const":
      return "unexpected_value";
    default:
      return "constraint_violation";
  }
}
function failuresOf(body, refused, contracts, receivedAt) {
  const events = Array.isArray(body) ? body : [body];
  const received = receivedAt.toISOString();
  const rows = [];
  const baseOf = (index, declared, metaId) => {
    const event = events[index];
    const contract = declared ? contracts.get(declared) : null;
    const named = event && typeof event === "object" ? event.meta : void 0;
    const performer = event && typeof event === "object" && !Array.isArray(event) ? event.performer : void 0;
    const allowed = contract ? contract.groupFields.get("performer") : void 0;
    const pick = (key) => allowed && allowed.has(key) && performer && typeof performer === "object" ? clientMadeId(performer[key]) : null;
    return {
      stream: contract && declared || cut(named && typeof named === "object" ? named.stream : void 0, MAX_ID) || "",
      received_at: received,
      meta_id: cut(metaId, MAX_ID),
      pageview_id: pick("pageview_id"),
      session_id: pick("session_id")
    };
  };
  const described = /* @__PURE__ */ new Set();
  const add = (r) => {
    described.add(r.index);
    const base = baseOf(r.index, r.event.meta.stream, r.event.meta.id !== void 0 ? r.event.meta.id : metaIdOf(events[r.index]));
    if (r.status === "error") {
      rows.push(Object.assign({}, base, { kind: kindOfError(r.context.message), path: "", schema_path: "", message: r.context.message }));
      return;
    }
    for (const e of r.context.errors || []) {
      rows.push(Object.assign({}, base, {
        kind: kindOfSchemaError(e.schemaPath),
        path: fieldOfError(e),
        schema_path: e.schemaPath,
        message: e.message || ""
      }));
    }
  };
  refused.invalid.forEach(add);
  refused.error.forEach(add);
  for (const r of refused.records || []) {
    if (described.has(r.index)) {
      continue;
    }
    const base = baseOf(r.index, r.stream, r.id);
    rows.push(Object.assign({}, base, r.kind === "error" || !r.schemaError ? { kind: kindOfError(r.reason), path: "", schema_path: "", message: r.reason } : { kind: kindOfSchemaError(r.schemaError.schemaPath), path: r.path || "", schema_path: r.schemaError.schemaPath, message: r.schemaError.message }));
  }
  return rows;
}
function openFailedEvents(db, max = MAX_FAILED_EVENTS) {
  db.exec(CREATE);
  const insert = db.prepare(`INSERT INTO failed_events (stream, received_at, meta_id, pageview_id, session_id, kind, path, schema_path, message)
		VALUES (@stream, @received_at, @meta_id, @pageview_id, @session_id, @kind, @path, @schema_path, @message)`);
  const trim = db.prepare("DELETE FROM failed_events WHERE seq <= (SELECT MAX(seq) FROM failed_events) - ?");
  const writeAll = db.transaction((rows) => {
    for (const row of rows) {
      insert.run(row);
    }
    trim.run(max);
  });
  return {
    write(rows) {
      if (rows.length) {
        writeAll(rows);
      }
    }
  };
}
function readFailedEvents(store, query2 = {}) {
  const db = typeof store === "string" ? new import_better_sqlite3.default(store, { readonly: true, fileMustExist: true }) : store;
  try {
    if (!sqliteTableExists(db, "failed_events")) {
      return [];
    }
    const where = [];
    const params = [];
    const match = [["stream", query2.stream], ["pageview_id", query2.pageviewId], ["session_id", query2.sessionId], ["meta_id", query2.metaId]];
    for (const [column, value] of match) {
      if (value !== void 0) {
        where.push(`${column} = ?`);
        params.push(value);
      }
    }
    if (query2.since !== void 0) {
      where.push("received_at >= ?");
      params.push(query2.since);
    }
    const limit = Math.min(1e3, Math.max(1, Math.floor(query2.limit || 100)));
    return db.prepare(`SELECT stream, received_at, meta_id, pageview_id, session_id, kind, path, schema_path, message FROM failed_events
			${where.length ? "WHERE " + where.join(" AND ") : ""} ORDER BY seq DESC LIMIT ${limit}`).all(...params);
  } finally {
    if (typeof store === "string") {
      db.close();
    }
  }
}

// intake/src/modelling/tableDefinition.ts
var PRIVACY_TAGS = ["keep", "hash", "drop"];
var COLUMN_TYPES = ["string", "integer", "number", "boolean", "json"];
var FILTER_OPERATORS = ["equals", "not_equals", "in", "not_in", "exists"];
var DEFAULT_RETENTION_DAYS = 90;
var MAX_RETENTION_DAYS = 3650;
var SYSTEM_COLUMNS = ["event_id", "received_at", "day"];

// intake/src/quality/checkDefinition.ts
var MAX_ACCEPTED_VALUES = 200;
var CHECK_NAMES = ["not_null", "unique", "accepted_values", "range", "freshness", "row_count", "volume", "schema"];
var DEFAULT_IDENTIFIER_PATTERN = "(^|_)(user|username|actor|performer_id|performer_name|session|pageview|device|ip|email|token|ua)(_|$)";
var COLUMN_NAME = /^[a-z_][a-z0-9_]*$/;
function isObject2(x) {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}
function finite(x) {
  return typeof x === "number" && Number.isFinite(x);
}
function compiles(pattern) {
  try {
    return new RegExp(pattern).source.length > 0;
  } catch (e) {
    return false;
  }
}
function parseOne(raw) {
  const name = raw.check;
  const allowed = {
    not_null: ["column", "tolerated_share"],
    unique: ["column"],
    accepted_values: ["column", "values"],
    range: ["column", "min", "max"],
    freshness: ["column", "warn_after_hours", "error_after_hours"],
    row_count: ["min", "max"],
    volume: ["trailing_days", "lookback_days", "max_ratio"],
    schema: ["forbidden_columns", "identifier_pattern"]
  };
  if (typeof name !== "string" || !Object.prototype.hasOwnProperty.call(allowed, name)) {
    throw new Error(`"check" must be one of ${CHECK_NAMES.join(", ")}`);
  }
  const check = name;
  for (const key of Object.keys(raw)) {
    if (key !== "check" && key !== "severity" && !allowed[check].includes(key)) {
      throw new Error(`${check} has no field "${key}" (it takes ${allowed[check].concat(check === "freshness" ? [] : ["severity"]).join(", ")})`);
    }
  }
  if (raw.severity !== void 0 && (check === "freshness" || raw.severity !== "error" && raw.severity !== "warn")) {
    throw new Error(check === "freshness" ? 'freshness has warn_after_hours and error_after_hours instead of "severity"' : '"severity" must be "error" or "warn"');
  }
  const severity = raw.severity === "warn" ? "warn" : "error";
  const column = () => {
    if (typeof raw.column !== "string" || !COLUMN_NAME.test(raw.column)) {
      throw new Error(`${check} needs "column", a column name (lower-case letters, digits, _)`);
    }
    return raw.column;
  };
  const optionalNumber = (key) => {
    if (raw[key] === void 0 || raw[key] === null) {
      return null;
    }
    if (!finite(raw[key])) {
      throw new Error(`${check}: "${key}" must be a number`);
    }
    return raw[key];
  };
  const count2 = (key, fallback, max) => {
    const v = raw[key] === void 0 ? fallback : raw[key];
    if (!Number.isInteger(v) || v < 1 || v > max) {
      throw new Error(`${check}: "${key}" must be a whole number from 1 to ${max}`);
    }
    return v;
  };
  switch (check) {
    case "not_null": {
      const share = raw.tolerated_share === void 0 ? 0 : raw.tolerated_share;
      if (!finite(share) || share < 0 || share > 1) {
        throw new Error('not_null: "tolerated_share" must be a number from 0 to 1');
      }
      return { check, column: column(), tolerated_share: share, severity };
    }
    case "unique":
      return { check, column: column(), severity };
    case "accepted_values": {
      const values = raw.values;
      if (!Array.isArray(values) || !values.length || !values.every((v) => typeof v === "string" || typeof v === "boolean" || finite(v))) {
        throw new Error('accepted_values needs "values", a non-empty array of strings, numbers or booleans');
      }
      if (values.length > MAX_ACCEPTED_VALUES) {
        throw new Error(`accepted_values takes at most ${MAX_ACCEPTED_VALUES} values (${values.length} given)`);
      }
      return { check, column: column(), values, severity };
    }
    case "range": {
      const min = optionalNumber("min");
      const max = optionalNumber("max");
      if (min === null && max === null) {
        throw new Error('range needs "min", "max" or both');
      }
      if (min !== null && max !== null && min > max) {
        throw new Error('range: "min" is above "max"');
      }
      return { check, column: column(), min, max, severity };
    }
    case "freshness": {
      const warn = optionalNumber("warn_after_hours");
      const error = optionalNumber("error_after_hours");
      if (error === null || error <= 0 || warn !== null && (warn <= 0 || warn > error)) {
        throw new Error('freshness needs "error_after_hours" above 0, and "warn_after_hours" (optional) above 0 and at most error_after_hours');
      }
      return { check, column: raw.column === void 0 ? "received_at" : column(), warn_after_hours: warn, error_after_hours: error };
    }
    case "row_count": {
      const min = optionalNumber("min");
      const max = optionalNumber("max");
      if (min === null && max === null) {
        throw new Error('row_count needs "min", "max" or both');
      }
      return { check, min, max, severity };
    }
    case "volume": {
      const ratio = raw.max_ratio === void 0 ? 3 : raw.max_ratio;
      if (!finite(ratio) || ratio <= 1) {
        throw new Error('volume: "max_ratio" must be a number above 1');
      }
      return { check, trailing_days: count2("trailing_days", 7, 90), lookback_days: count2("lookback_days", 7, 90), max_ratio: ratio, severity };
    }
    case "schema": {
      const forbidden = raw.forbidden_columns === void 0 ? [] : raw.forbidden_columns;
      if (!Array.isArray(forbidden) || !forbidden.every((c) => typeof c === "string")) {
        throw new Error('schema: "forbidden_columns" must be an array of column names');
      }
      const pattern = raw.identifier_pattern === void 0 ? DEFAULT_IDENTIFIER_PATTERN : raw.identifier_pattern;
      if (typeof pattern !== "string" || !compiles(pattern)) {
        throw new Error('schema: "identifier_pattern" must be a regular expression, as a string');
      }
      return { check, forbidden_columns: forbidden, identifier_pattern: pattern, severity };
    }
  }
  throw new Error("unknown check");
}
function parseChecks(raw, where = "checks") {
  if (raw === void 0) {
    return { checks: [], unusable: [], problems: [] };
  }
  if (!Array.isArray(raw)) {
    const problem = `${where}: "checks" must be an array`;
    return { checks: [], unusable: [{ check: where, column: null, problem }], problems: [problem] };
  }
  const checks = [];
  const unusable = [];
  const problems = [];
  raw.forEach((item, i) => {
    try {
      if (!isObject2(item)) {
        throw new Error('each check is an object with a "check" name');
      }
      checks.push(parseOne(item));
    } catch (e) {
      const problem = `${where}[${i}]: ${e.message}`;
      problems.push(problem);
      const declared = isObject2(item) ? item : {};
      unusable.push({
        check: typeof declared.check === "string" && declared.check ? declared.check.slice(0, 40) : `${where}[${i}]`,
        column: typeof declared.column === "string" ? declared.column.slice(0, 63) : null,
        problem
      });
    }
  });
  return { checks, unusable, problems };
}

// intake/src/modelling/parseTables.ts
var TABLE_NAME = /^[a-z][a-z0-9_]{0,47}$/;
var COLUMN_NAME2 = /^[a-z_][a-z0-9_]{0,62}$/;
var PATH_SEGMENT = /^[A-Za-z_$][A-Za-z0-9_$]{0,63}$/;
var MAX_PATH_SEGMENTS = 8;
var MAX_COLUMNS = 200;
var MAX_TABLES = 20;
var MAX_FILTER_FIELDS = 20;
var MAX_FILTER_LIST = 100;
var MAX_TEXT = 2e3;
var RESERVED_COLUMNS = /* @__PURE__ */ new Set([...SYSTEM_COLUMNS, "rowid", "oid", "_rowid_"]);
var TABLE_KEYS = ["name", "description", "columns", "filter", "dedupe", "partition", "checks"];
var COLUMN_KEYS = ["name", "path", "type", "description", "privacy"];
function isObject3(value) {
  return !!value && typeof value === "object" && !Array.isArray(value);
}
function show(value) {
  let text;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch (e) {
    text = String(value);
  }
  return text.length > 60 ? text.slice(0, 60) + "…" : text;
}
function oneOf(list) {
  return list.slice(0, -1).join(", ") + " or " + list[list.length - 1];
}
function isEventPath(path10) {
  if (typeof path10 !== "string") {
    return false;
  }
  const segments = path10.split(".");
  return segments.length <= MAX_PATH_SEGMENTS && segments.every((s) => PATH_SEGMENT.test(s));
}
function defaultColumnName(path10) {
  return path10.replace(/\./g, "_").replace(/\$/g, "").toLowerCase();
}
function unknownKeys(value, allowed, where, problems) {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      problems.push(`${where}: unknown field ${show(key)} (expected ${oneOf(allowed)})`);
    }
  }
}
function optionalText(value, key, where, problems) {
  const text = value[key];
  if (text === void 0) {
    return null;
  }
  if (typeof text !== "string" || !text || text.length > MAX_TEXT) {
    problems.push(`${where}.${key}: ${show(text)} is not a text of 1 to ${MAX_TEXT} characters`);
    return null;
  }
  return text;
}
function isFilterValue(value) {
  return value === null || typeof value === "string" || typeof value === "boolean" || typeof value === "number" && Number.isFinite(value);
}
function parseCondition(value, where, problems) {
  if (!isObject3(value) || !Object.keys(value).length) {
    problems.push(`${where}: ${show(value)} is not an object of conditions (${oneOf(FILTER_OPERATORS)})`);
    return null;
  }
  const before = problems.length;
  const condition = {};
  for (const [op, operand] of Object.entries(value)) {
    if (op === "equals" || op === "not_equals") {
      if (isFilterValue(operand)) {
        condition[op] = operand;
      } else {
        problems.push(`${where}.${op}: ${show(operand)} is not a string, number, boolean or null`);
      }
    } else if (op === "in" || op === "not_in") {
      if (Array.isArray(operand) && operand.length <= MAX_FILTER_LIST && operand.every(isFilterValue)) {
        condition[op] = operand.slice();
      } else {
        problems.push(`${where}.${op}: ${show(operand)} is not a list of at most ${MAX_FILTER_LIST} strings, numbers, booleans or nulls`);
      }
    } else if (op === "exists") {
      if (typeof operand === "boolean") {
        condition.exists = operand;
      } else {
        problems.push(`${where}.exists: ${show(operand)} is not true or false`);
      }
    } else {
      problems.push(`${where}: unknown operator ${show(op)} (expected ${oneOf(FILTER_OPERATORS)})`);
    }
  }
  return problems.length === before ? condition : null;
}
function parseFilter(value, where, problems) {
  if (value === void 0) {
    return null;
  }
  if (!isObject3(value) || Object.keys(value).length > MAX_FILTER_FIELDS) {
    problems.push(`${where}: ${show(value)} is not an object of at most ${MAX_FILTER_FIELDS} event paths → conditions`);
    return null;
  }
  const filter = /* @__PURE__ */ Object.create(null);
  for (const [path10, condition] of Object.entries(value)) {
    if (!isEventPath(path10)) {
      problems.push(`${where}: ${show(path10)} is not an event path (dotted, e.g. "performer.is_bot")`);
      continue;
    }
    const parsed = parseCondition(condition, `${where}[${JSON.stringify(path10)}]`, problems);
    if (parsed) {
      filter[path10] = parsed;
    }
  }
  return filter;
}
function parseColumn(value, where, problems) {
  if (!isObject3(value)) {
    problems.push(`${where}: ${show(value)} is not an object with a "path"`);
    return null;
  }
  const before = problems.length;
  unknownKeys(value, COLUMN_KEYS, where, problems);
  const path10 = value.path;
  if (!isEventPath(path10)) {
    problems.push(`${where}.path: ${show(path10)} is not an event path (dotted, e.g. "page.id")`);
    return null;
  }
  const name = value.name === void 0 ? defaultColumnName(path10) : value.name;
  if (typeof name !== "string" || !COLUMN_NAME2.test(name)) {
    problems.push(`${where}.name: ${show(name)} is not a column name (lower-case letters, digits and _, not starting with a digit, at most 63)${value.name === void 0 ? "; give one" : ""}`);
  } else if (RESERVED_COLUMNS.has(name)) {
    problems.push(`${where}.name: "${name}" is reserved (every table has ${oneOf(SYSTEM_COLUMNS)}); choose another name`);
  }
  const type = value.type;
  if (type !== void 0 && !COLUMN_TYPES.includes(type)) {
    problems.push(`${where}.type: ${show(type)} is not ${oneOf(COLUMN_TYPES)}`);
  }
  const privacy = value.privacy;
  if (privacy !== void 0 && !PRIVACY_TAGS.includes(privacy)) {
    problems.push(`${where}.privacy: ${show(privacy)} is not ${oneOf(PRIVACY_TAGS)}`);
  }
  const description = optionalText(value, "description", where, problems);
  const checks = parseChecks(value.checks, `${where}.checks`);
  problems.push(...checks.problems);
  if (problems.length > before) {
    return null;
  }
  return {
    name,
    path: path10,
    type: type || null,
    description,
    privacy: privacy || "keep",
    privacyTagged: privacy !== void 0
  };
}
function parseTable(value, where, problems) {
  if (!isObject3(value)) {
    problems.push(`${where}: ${show(value)} is not an object with "name" and "columns"`);
    return null;
  }
  const before = problems.length;
  unknownKeys(value, TABLE_KEYS, where, problems);
  const name = value.name;
  if (typeof name !== "string" || !TABLE_NAME.test(name)) {
    problems.push(`${where}.name: ${show(name)} is not a table name (a lower-case letter, then lower-case letters, digits and _, at most 48)`);
  }
  const columns = [];
  if (!Array.isArray(value.columns) || !value.columns.length || value.columns.length > MAX_COLUMNS) {
    problems.push(`${where}.columns: ${show(value.columns)} is not a list of 1 to ${MAX_COLUMNS} columns`);
  } else {
    const names = /* @__PURE__ */ new Set();
    value.columns.forEach((c, i) => {
      const column = parseColumn(c, `${where}.columns[${i}]`, problems);
      if (column && names.has(column.name)) {
        problems.push(`${where}.columns[${i}].name: "${column.name}" is used by an earlier column; give this one another name`);
      } else if (column) {
        names.add(column.name);
        columns.push(column);
      }
    });
  }
  const filter = parseFilter(value.filter, `${where}.filter`, problems);
  if (value.dedupe !== void 0 && typeof value.dedupe !== "boolean") {
    problems.push(`${where}.dedupe: ${show(value.dedupe)} is not true or false`);
  }
  if (value.partition !== void 0 && value.partition !== "day" && value.partition !== "none") {
    problems.push(`${where}.partition: ${show(value.partition)} is not "day" or "none"`);
  }
  const description = optionalText(value, "description", where, problems);
  const unusableTable = problems.length > before;
  const checks = parseChecks(value.checks, `${where}.checks`);
  problems.push(...checks.problems);
  if (unusableTable) {
    return null;
  }
  const table = {
    name,
    description,
    columns,
    filter,
    dedupe: value.dedupe !== false,
    partition: value.partition === "none" ? "none" : "day",
    checks: checks.checks
  };
  if (checks.unusable.length) {
    table.unusableChecks = checks.unusable;
  }
  return table;
}
function parseRetentionDays(config, problems) {
  const controlPlane = isObject3(config.control_plane) ? config.control_plane : {};
  const [where, days] = config.retention_days !== void 0 ? ["retention_days", config.retention_days] : ["control_plane.retention_days", controlPlane.retention_days];
  if (days === void 0) {
    return DEFAULT_RETENTION_DAYS;
  }
  if (typeof days !== "number" || !Number.isInteger(days) || days < 1 || days > MAX_RETENTION_DAYS) {
    problems.push(`${where}: ${show(days)} is not a whole number of days from 1 to ${MAX_RETENTION_DAYS}; using ${DEFAULT_RETENTION_DAYS}`);
    return DEFAULT_RETENTION_DAYS;
  }
  return days;
}
function parseStreamModel(config) {
  const problems = [];
  if (!isObject3(config)) {
    return { model: { retentionDays: DEFAULT_RETENTION_DAYS, tables: [] }, problems: [`${show(config)} is not an object`] };
  }
  const retentionDays = parseRetentionDays(config, problems);
  const tables = [];
  const list = config.tables;
  if (list !== void 0 && (!Array.isArray(list) || list.length > MAX_TABLES)) {
    problems.push(`tables: ${show(list)} is not a list of at most ${MAX_TABLES} tables`);
  } else if (list) {
    const names = /* @__PURE__ */ new Set();
    list.forEach((t, i) => {
      const table = parseTable(t, `tables[${i}]`, problems);
      if (table && names.has(table.name)) {
        problems.push(`tables[${i}].name: "${table.name}" is used by an earlier table of this stream`);
      } else if (table) {
        names.add(table.name);
        tables.push(table);
      }
    });
  }
  return { model: { retentionDays, tables }, problems };
}
function parseTablesFile(value) {
  const out = { streams: /* @__PURE__ */ new Map(), retentionGiven: /* @__PURE__ */ new Set(), problems: [] };
  if (!isObject3(value)) {
    out.problems.push('the tables file is not a JSON object of stream name → { "tables": [...] }');
    return out;
  }
  const entries = isObject3(value.streams) ? value.streams : value;
  for (const [stream, entry] of Object.entries(entries)) {
    const parsed = parseStreamModel(entry);
    out.streams.set(stream, parsed.model);
    if (isObject3(entry) && entry.retention_days !== void 0) {
      out.retentionGiven.add(stream);
    }
    out.problems.push(...parsed.problems.map((p) => `stream ${JSON.stringify(stream)}: ${p}`));
  }
  return out;
}

// intake/src/modelling/modelCatalog.ts
var NO_MODEL = Object.freeze({ retentionDays: DEFAULT_RETENTION_DAYS, tables: [] });
function createModelCatalog(registry, file) {
  const problems = [];
  const models = /* @__PURE__ */ new Map();
  for (const stream of registry ? registry.all() : []) {
    const parsed = parseStreamModel(stream.config);
    problems.push(...parsed.problems.map((p) => `stream ${JSON.stringify(stream.name)}: ${p}`));
    const known = models.get(stream.destination);
    models.set(stream.destination, known ? {
      retentionDays: Math.min(known.retentionDays, parsed.model.retentionDays),
      tables: known.tables.concat(parsed.model.tables)
    } : parsed.model);
  }
  for (const [stream, model] of file ? file.streams : []) {
    const known = models.get(stream);
    models.set(stream, {
      retentionDays: known && !file.retentionGiven.has(stream) ? known.retentionDays : model.retentionDays,
      tables: model.tables
    });
  }
  const owners = /* @__PURE__ */ new Map();
  for (const [stream, model] of models) {
    model.tables = model.tables.filter((table) => {
      const owner = owners.get(table.name);
      if (owner !== void 0) {
        problems.push(`stream ${JSON.stringify(stream)}: table ${table.name} is already a table of stream ${JSON.stringify(owner)}; left out (table names are shared by all streams of a store)`);
        return false;
      }
      owners.set(table.name, stream);
      return true;
    });
  }
  return {
    get: (metaStream) => models.get(metaStream) || NO_MODEL,
    entries: () => Array.from(models),
    problems
  };
}

// intake/src/modelling/purgeTimer.ts
function startPurgeTimer(sink, everyMs, now, log) {
  let running = null;
  const run = () => {
    if (running) {
      return;
    }
    running = sink.purge(now()).then(() => void 0, (e) => log(`purge failed: ${e.message}`)).finally(() => {
      running = null;
    });
  };
  const timer = setInterval(run, everyMs);
  timer.unref();
  run();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    }
  };
}

// intake/src/modelling/schemaDocuments.ts
var import_node_fs = require("node:fs");
var import_node_path = __toESM(require("node:path"));
var import_js_yaml = __toESM(require("js-yaml"));
var SEGMENT = /^[a-z0-9_]+$/i;
var VERSION = /^\d+\.\d+\.\d+$/;
function createSchemaDocuments(dir) {
  const cache = /* @__PURE__ */ new Map();
  return (schemaId) => {
    if (cache.has(schemaId)) {
      return cache.get(schemaId) || null;
    }
    const parts = schemaId.replace(/^\//, "").split("/");
    const version = parts.pop() || "";
    let doc = null;
    if (parts.length && parts.every((p) => SEGMENT.test(p)) && VERSION.test(version)) {
      const base = import_node_path.default.join(dir, ...parts, version);
      const file = [base + ".yaml", base + ".json"].find((f) => (0, import_node_fs.existsSync)(f));
      try {
        const loaded = file ? import_js_yaml.default.load((0, import_node_fs.readFileSync)(file, "utf8")) : null;
        doc = loaded && typeof loaded === "object" && !Array.isArray(loaded) ? loaded : null;
      } catch (e) {
        doc = null;
      }
    }
    if (cache.size < 1e3) {
      cache.set(schemaId, doc);
    }
    return doc;
  };
}

// intake/src/processEvents.ts
var import_node_crypto = require("node:crypto");

// intake/src/eventShape.ts
var MAX_EVENT_DEPTH = 32;
var TOO_LARGE = "the event holds a number too large for JSON";
var TOO_DEEP = `the event is nested more than ${MAX_EVENT_DEPTH} levels deep`;
var PROTO_KEY = 'the event has a "__proto__" key';
function problemIn(value, depth) {
  if (typeof value === "number") {
    return Number.isFinite(value) ? null : TOO_LARGE;
  }
  if (value === null || typeof value !== "object") {
    return null;
  }
  if (depth > MAX_EVENT_DEPTH) {
    return TOO_DEEP;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const problem = leafProblem(value[i], depth + 1);
      if (problem) {
        return problem;
      }
    }
    return null;
  }
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) {
    if (keys[i] === "__proto__") {
      return PROTO_KEY;
    }
    const problem = leafProblem(value[keys[i]], depth + 1);
    if (problem) {
      return problem;
    }
  }
  return null;
}
function leafProblem(value, depth) {
  return typeof value === "object" && value !== null || typeof value === "number" ? problemIn(value, depth) : null;
}
function eventShapeProblem(event) {
  return problemIn(event, 1);
}

// intake/src/streamExpiry.ts
var NO_EXPIRY = { refusal: () => null };
function isObject4(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
function endOf(end) {
  const ms = typeof end === "string" ? Date.parse(end) : NaN;
  return Number.isFinite(ms) ? { text: end, ms } : null;
}
function reason(stream, end, definition) {
  const name = typeof definition === "string" && definition !== stream ? ` (definition "${definition}")` : "";
  return `stream "${stream}" ended on ${end}${name}: its definition has expired; renew it on the wiki to collect again`;
}
function createStreamExpiry(input) {
  if (!isObject4(input) || !isObject4(input.streams)) {
    return NO_EXPIRY;
  }
  const ends = /* @__PURE__ */ new Map();
  for (const [name, config] of Object.entries(input.streams)) {
    if (!isObject4(config)) {
      continue;
    }
    const producers = isObject4(config.producers) ? config.producers : {};
    const mp = isObject4(producers.metrics_platform_client) ? producers.metrics_platform_client : {};
    const destination = typeof mp.stream_name === "string" && mp.stream_name ? mp.stream_name : name;
    const plane = isObject4(config.control_plane) ? config.control_plane : {};
    const end = endOf(plane.end);
    const known = ends.get(destination);
    if (!end || known === null) {
      ends.set(destination, null);
    } else if (!known || end.ms > known.ms) {
      ends.set(destination, Object.assign(end, { definition: plane.definition }));
    }
  }
  const expired = /* @__PURE__ */ new Map();
  for (const [name, entry] of Object.entries(isObject4(input.expired) ? input.expired : {})) {
    const end = isObject4(entry) ? endOf(entry.end) : null;
    if (end && !ends.has(name)) {
      expired.set(name, reason(name, end.text, entry.definition));
    }
  }
  return {
    refusal(metaStream, at) {
      const end = ends.get(metaStream);
      if (end) {
        return at.getTime() >= end.ms ? reason(metaStream, end.text, end.definition) : null;
      }
      return end === null ? null : expired.get(metaStream) || null;
    }
  };
}

// intake/src/streamContracts.ts
var ATTRIBUTE_GROUPS = ["agent", "page", "mediawiki", "performer"];
function createStreamContracts(registry, expiry = NO_EXPIRY) {
  const parts = /* @__PURE__ */ new Map();
  for (const stream of registry.all()) {
    let part = parts.get(stream.destination);
    if (!part) {
      part = { streams: [], groupFields: new Map(ATTRIBUTE_GROUPS.map((g) => [g, /* @__PURE__ */ new Set()])), userAgent: false, titles: /* @__PURE__ */ new Set() };
      parts.set(stream.destination, part);
    }
    part.streams.push(stream.name);
    for (const attribute of stream.attributes) {
      part.groupFields.get(attribute.group).add(attribute.key);
    }
    const mp = stream.config.producers && stream.config.producers.metrics_platform_client;
    if (mp && (mp.provide_values || []).some((name) => INTAKE_RECORDED_ATTRIBUTES.includes(name))) {
      part.userAgent = true;
    }
    if (typeof stream.config.schema_title === "string") {
      part.titles.add(stream.config.schema_title);
    }
  }
  const contracts = /* @__PURE__ */ new Map();
  for (const [name, part] of parts) {
    contracts.set(name, { streams: part.streams, groupFields: part.groupFields, userAgent: part.userAgent, schemaTitles: part.titles.size ? part.titles : null });
  }
  return { get: (metaStream) => contracts.get(metaStream) || null, ended: (metaStream, at) => expiry.refusal(metaStream, at) };
}

// intake/src/processEvents.ts
var MAX_WARNINGS = 20;
function isObject5(value) {
  return !!value && typeof value === "object" && !Array.isArray(value);
}
var MAX_REMOVED_NAMES = 50;
function noteRemoved(removed, name) {
  if (removed.size < MAX_REMOVED_NAMES) {
    removed.add(quote(name));
  }
}
function applyContract(event, meta, contract, dt, userAgent, removed) {
  let out = event;
  for (const group of ATTRIBUTE_GROUPS) {
    const value = event[group];
    const allowed = contract.groupFields.get(group);
    if (!isObject5(value) || !allowed) {
      continue;
    }
    const fields = Object.keys(value);
    let allAllowed = true;
    for (let i = 0; i < fields.length && allAllowed; i++) {
      allAllowed = allowed.has(fields[i]);
    }
    if (allAllowed) {
      continue;
    }
    const kept = {};
    for (const field of fields) {
      if (allowed.has(field)) {
        kept[field] = value[field];
      } else {
        noteRemoved(removed, `${group}.${field}`);
      }
    }
    out = out === event ? Object.assign({}, event) : out;
    if (Object.keys(kept).length) {
      out[group] = kept;
    } else {
      delete out[group];
    }
  }
  if ("http" in event) {
    noteRemoved(removed, "http");
    out = out === event ? Object.assign({}, event) : out;
    delete out.http;
  }
  meta.dt = dt;
  if (typeof meta.id !== "string" || !meta.id) {
    meta.id = (0, import_node_crypto.randomUUID)();
  }
  if (userAgent && contract.userAgent) {
    out.http = { request_headers: { "user-agent": userAgent } };
  }
  return out;
}
function checkSchema(schemaId, streamName, contract, schemas) {
  const validate = schemaId ? schemas.validator(schemaId) : null;
  if (!validate) {
    return schemaId ? `schema ${quote(schemaId)} is not in the schema repository` : "$schema is missing";
  }
  const title = schemas.title(schemaId);
  if (contract.schemaTitles && !contract.schemaTitles.has(title || "")) {
    return `stream "${streamName}" takes ${Array.from(contract.schemaTitles).join(" or ")} events, not ${title}`;
  }
  return validate;
}
function processEvents(body, contracts, schemas, request) {
  const refused = new RefusalReport();
  const accepted = [];
  const events = Array.isArray(body) ? body : [body];
  const dt = request.receivedAt.toISOString();
  const removedByStream = /* @__PURE__ */ new Map();
  let lastSchemaId = null;
  let lastContract = null;
  let schemaCheck = "";
  for (let index = 0; index < events.length; index++) {
    const event = events[index];
    if (!isObject5(event)) {
      refused.addError(index, null, null, "the event is not a JSON object");
      continue;
    }
    const shapeProblem = eventShapeProblem(event);
    if (shapeProblem) {
      refused.addError(index, null, null, shapeProblem);
      continue;
    }
    const meta = isObject5(event.meta) ? event.meta : null;
    const streamName = meta && typeof meta.stream === "string" ? meta.stream : "";
    const contract = streamName ? contracts.get(streamName) : null;
    const ended = streamName ? contracts.ended(streamName, request.receivedAt) : null;
    if (ended) {
      refused.addError(index, meta, contract ? streamName : null, ended);
      continue;
    }
    if (!meta || !contract) {
      refused.addError(index, meta, null, streamName ? `stream "${quote(streamName)}" is not declared` : "meta.stream is missing");
      continue;
    }
    const schemaId = typeof event.$schema === "string" ? event.$schema : "";
    if (schemaId !== lastSchemaId || contract !== lastContract) {
      lastSchemaId = schemaId;
      lastContract = contract;
      schemaCheck = checkSchema(schemaId, streamName, contract, schemas);
    }
    if (typeof schemaCheck === "string") {
      refused.addError(index, meta, streamName, schemaCheck);
      continue;
    }
    const validate = schemaCheck;
    let removed = removedByStream.get(streamName);
    if (!removed) {
      removed = /* @__PURE__ */ new Set();
      removedByStream.set(streamName, removed);
    }
    const enriched = applyContract(event, meta, contract, dt, request.userAgent, removed);
    if (validate(enriched)) {
      accepted.push(enriched);
    } else {
      refused.addInvalid(index, meta, streamName, validate.errors || []);
    }
  }
  const warnings = [];
  for (const [stream, removed] of removedByStream) {
    if (removed.size && warnings.length < MAX_WARNINGS) {
      const names = Array.from(removed).slice(0, 10);
      warnings.push(`stream "${stream}" does not ask for ${names.join(", ")}${removed.size > names.length ? ` (and ${removed.size - names.length} more)` : ""}: removed`);
    }
  }
  return { accepted, refused, warnings };
}

// intake/src/readAccess.ts
var import_node_crypto2 = require("node:crypto");
var MIN_READ_TOKEN_LENGTH = 16;
function isLoopbackHost(host) {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || /^(::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}
function hostOf(header) {
  const h = header || "";
  return h.startsWith("[") ? h.slice(0, h.indexOf("]") + 1) : h.split(":")[0];
}
function digest(text) {
  return (0, import_node_crypto2.createHash)("sha256").update(text).digest();
}
function checkReadAccess(access, host) {
  if (access && "token" in access && (typeof access.token !== "string" || access.token.length < MIN_READ_TOKEN_LENGTH)) {
    throw new Error(`the read token must have at least ${MIN_READ_TOKEN_LENGTH} characters`);
  }
  if (access && "loopbackOnly" in access && !isLoopbackHost(host)) {
    throw new Error(`the read side is open to loopback only, but the intake would listen on ${host}: give it a read token instead`);
  }
}
function createReadGuard(access) {
  if (!access) {
    return () => ({ status: 403, reason: "the read side is off (start mp-intake with --read-token, or --read loopback)" });
  }
  if ("token" in access) {
    const expected = digest(access.token);
    return (req) => {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(String(req.headers.authorization || ""));
      return match && (0, import_node_crypto2.timingSafeEqual)(digest(match[1]), expected) ? null : { status: 401, reason: "the read side needs Authorization: Bearer <read token>" };
    };
  }
  return (req) => isLoopbackHost(req.socket.remoteAddress || "") && isLoopbackHost(hostOf(req.headers.host)) ? null : { status: 403, reason: "the read side answers requests from this machine only" };
}

// intake/src/refusalLog.ts
var DEFAULT_REFUSAL_LOG_SIZE = 1e3;
var MAX_REASON_CHARS = 300;
var MAX_SUBJECT_ID_CHARS = 64;
function shortString(value) {
  return typeof value === "string" && value.length > 0 && value.length <= MAX_SUBJECT_ID_CHARS ? value : null;
}
function subjectsOf(event) {
  const performer = event && typeof event === "object" ? event.performer : null;
  if (!performer || typeof performer !== "object") {
    return { pageview: null, session: null };
  }
  const p = performer;
  return { pageview: shortString(p.pageview_id), session: shortString(p.session_id) };
}
function createRefusalLog(size = DEFAULT_REFUSAL_LOG_SIZE) {
  const ring = [];
  let next = 0;
  return {
    record(records, body, received) {
      const events = Array.isArray(body) ? body : [body];
      for (const r of records) {
        const { pageview, session } = subjectsOf(events[r.index]);
        if (!pageview && !session) {
          continue;
        }
        const entry = { stream: r.stream, reason: r.reason.slice(0, MAX_REASON_CHARS), kind: r.kind, path: r.path, received, id: r.id, pageview, session };
        if (ring.length < size) {
          ring.push(entry);
        } else {
          ring[next] = entry;
          next = (next + 1) % size;
        }
      }
    },
    find(subject, limit) {
      const out = [];
      for (let k = 1; k <= ring.length && out.length < limit; k++) {
        const e = ring[(next - k + ring.length) % ring.length];
        if ((subject.by === "pageview" ? e.pageview : e.session) === subject.id) {
          out.push({ stream: e.stream, reason: e.reason, kind: e.kind, path: e.path, received: e.received, id: e.id });
        }
      }
      return out;
    },
    get size() {
      return ring.length;
    }
  };
}

// intake/src/requestBody.ts
var LINGER_MS = 2e3;
var LINGER_BYTES = 16 * 1024 * 1024;
function readBody(req, limits) {
  return new Promise((resolve, reject) => {
    let done = false;
    const chunks = [];
    let size = 0;
    let lingered = 0;
    let stopLingering = () => void 0;
    let timer;
    const finish = (error) => {
      if (done) {
        return;
      }
      done = true;
      clearTimeout(timer);
      limits.budget.used -= size;
      if (!error) {
        resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
        return;
      }
      chunks.length = 0;
      if (!req.complete && !req.destroyed) {
        error.drained = new Promise((drained) => {
          stopLingering = drained;
          const cut2 = setTimeout(drained, LINGER_MS);
          cut2.unref();
          req.on("end", () => {
            clearTimeout(cut2);
            drained();
          });
          req.on("close", drained);
        });
        req.resume();
      }
      reject(error);
    };
    timer = setTimeout(() => finish(new HttpError(408, `the body did not arrive within ${limits.timeoutMs / 1e3} s`)), limits.timeoutMs);
    timer.unref();
    const encoding = String(req.headers["content-encoding"] || "identity").trim().toLowerCase();
    const declared = Number(req.headers["content-length"] || 0);
    if (encoding !== "identity") {
      finish(new HttpError(415, `Content-Encoding ${JSON.stringify(encoding.slice(0, 40))} is not supported; send the body uncompressed`));
    } else if (declared > limits.maxBytes) {
      finish(new HttpError(413, `the body is ${declared} bytes, more than ${limits.maxBytes}`));
    }
    req.on("data", (chunk) => {
      if (done) {
        lingered += chunk.length;
        if (lingered > LINGER_BYTES) {
          stopLingering();
        }
        return;
      }
      size += chunk.length;
      limits.budget.used += chunk.length;
      if (limits.budget.used > limits.budget.max) {
        finish(new HttpError(429, "the intake is reading too many bodies at once; send again later"));
        return;
      }
      if (size > limits.maxBytes) {
        finish(new HttpError(413, `the body is more than ${limits.maxBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => finish(null));
    const cutOff = () => {
      if (!done) {
        finish(new HttpError(400, "the request was cut off before its body ended"));
      }
    };
    req.on("error", cutOff);
    req.on("close", cutOff);
  });
}

// intake/src/schemaRepository.ts
var import_ajv = __toESM(require("ajv"));
var import_ajv_formats = __toESM(require("ajv-formats"));
var import_node_fs2 = require("node:fs");
var import_node_path2 = __toESM(require("node:path"));
var import_js_yaml2 = __toESM(require("js-yaml"));

// intake/src/dateTimeFormat.ts
var import_formats = require("ajv-formats/dist/formats");
var ajvDateTime = import_formats.fullFormats["date-time"];
var ajvValidate = ajvDateTime.validate;
var ZERO = 48;
var DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function digits(text, start, count2) {
  let value = 0;
  for (let i = start; i < start + count2; i++) {
    const d = text.charCodeAt(i) - ZERO;
    if (d < 0 || d > 9) {
      return -1;
    }
    value = value * 10 + d;
  }
  return value;
}
function isPlainUtcDateTime(text) {
  const length = text.length;
  if (length !== 20 && length !== 24) {
    return false;
  }
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 84 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58 || text.charCodeAt(length - 1) !== 90) {
    return false;
  }
  if (length === 24 && (text.charCodeAt(19) !== 46 || digits(text, 20, 3) < 0)) {
    return false;
  }
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
    return false;
  }
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month]);
}
function isDateTime(text) {
  return isPlainUtcDateTime(text) || ajvValidate(text);
}
var DATE_TIME_FORMAT = { type: "string", validate: isDateTime, compare: ajvDateTime.compare };

// intake/src/schemaRepository.ts
var MAX_REMEMBERED_MISSING = 1e3;
var INHERITED = new Set(Object.getOwnPropertyNames(Object.prototype));
function namesInheritedProperty(schema2) {
  const stack = [schema2];
  while (stack.length) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      stack.push(...value);
    } else if (typeof value === "string") {
      if (INHERITED.has(value)) {
        return true;
      }
    } else if (value && typeof value === "object") {
      for (const key of Object.keys(value)) {
        if (INHERITED.has(key)) {
          return true;
        }
        const child = value[key];
        if (typeof child !== "string") {
          stack.push(child);
        }
      }
    }
  }
  return false;
}
function newAjv(ownProperties) {
  const ajv = new import_ajv.default({ allErrors: true, strict: false, ownProperties });
  (0, import_ajv_formats.default)(ajv);
  ajv.addFormat("date-time", DATE_TIME_FORMAT);
  return ajv;
}
var SEGMENT2 = /^[a-z0-9_]+$/i;
var VERSION2 = /^\d+\.\d+\.\d+$/;
function parseSchemaId(schemaId) {
  const parts = schemaId.replace(/^\//, "").split("/");
  const version = parts.pop() || "";
  return parts.length && parts.every((p) => SEGMENT2.test(p)) && VERSION2.test(version) ? [parts.join("/"), version] : null;
}
function createSchemaRepository(dir) {
  const ajv = newAjv(false);
  let ownPropertiesAjv = null;
  function compilerFor(schema2) {
    if (!namesInheritedProperty(schema2)) {
      return ajv;
    }
    if (!ownPropertiesAjv) {
      ownPropertiesAjv = newAjv(true);
    }
    return ownPropertiesAjv;
  }
  const byFile = /* @__PURE__ */ new Map();
  const compiled = /* @__PURE__ */ new Map();
  const missing = /* @__PURE__ */ new Set();
  function load(schemaId) {
    const known = compiled.get(schemaId);
    if (known || missing.has(schemaId)) {
      return known || null;
    }
    let entry = null;
    const match = parseSchemaId(schemaId);
    if (match) {
      const base = import_node_path2.default.join(dir, match[0], match[1]);
      const file = [base + ".yaml", base + ".json"].find((f) => (0, import_node_fs2.existsSync)(f));
      if (file) {
        entry = byFile.get(file) || null;
        if (!entry) {
          const schema2 = import_js_yaml2.default.load((0, import_node_fs2.readFileSync)(file, "utf8"));
          delete schema2.examples;
          schema2.$schema = "http://json-schema.org/draft-07/schema#";
          delete schema2.$id;
          entry = { validate: compilerFor(schema2).compile(schema2), title: String(schema2.title || match[0]) };
          byFile.set(file, entry);
        }
      }
    }
    if (entry) {
      compiled.set(schemaId, entry);
    } else {
      if (missing.size >= MAX_REMEMBERED_MISSING) {
        missing.clear();
      }
      missing.add(schemaId);
    }
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

// intake/src/trace.ts
var DEFAULT_TRACE_LIMIT = 100;
var MAX_TRACE_LIMIT = 500;
var SUBJECT_ID = /^[A-Za-z0-9_-]{1,64}$/;
function parseTraceQuery(params) {
  const pageview = params.getAll("pageview");
  const session = params.getAll("session");
  if (pageview.length + session.length !== 1) {
    throw new HttpError(400, "give exactly one of ?pageview=<id> and ?session=<id>");
  }
  const by = pageview.length ? "pageview" : "session";
  const id = pageview.length ? pageview[0] : session[0];
  if (!SUBJECT_ID.test(id)) {
    throw new HttpError(400, `the ${by} id must be 1 to 64 letters, digits, "-" or "_"`);
  }
  const rawLimit = params.get("limit");
  const limit = rawLimit === null ? DEFAULT_TRACE_LIMIT : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 1) {
    throw new HttpError(400, "limit must be a positive integer");
  }
  return { subject: { by, id }, limit: Math.min(limit, MAX_TRACE_LIMIT) };
}
function traceEntryOf(event, subject) {
  const performer = event.performer;
  if (!performer || typeof performer !== "object" || performer[subject.by === "pageview" ? "pageview_id" : "session_id"] !== subject.id) {
    return null;
  }
  const meta = event.meta;
  return {
    id: meta.id,
    stream: meta.stream,
    action: typeof event.action === "string" ? event.action : null,
    dt: typeof event.dt === "string" ? event.dt : null,
    received: meta.dt
  };
}
function mergeRefused(stored, recent, limit) {
  const key = (e) => JSON.stringify(e.id !== null ? [e.id, e.received, e.stream] : [null, e.received, e.stream, e.reason]);
  const fromStore = new Map(stored.map((e) => [key(e), e]));
  const seen = /* @__PURE__ */ new Set();
  const all = [];
  for (const e of recent) {
    const k = key(e);
    if (!seen.has(k)) {
      seen.add(k);
      all.push(fromStore.get(k) || e);
      fromStore.delete(k);
    }
  }
  all.push(...fromStore.values());
  return all.sort((a, b) => a.received < b.received ? 1 : a.received > b.received ? -1 : 0).slice(0, limit);
}

// intake/src/server.ts
var MAX_BODY_BYTES = 4 * 1024 * 1024;
var MAX_BUFFERED_BODY_BYTES = 64 * 1024 * 1024;
var DEFAULT_SHUTDOWN_TIMEOUT_MS = 1e4;
var CONTENT_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml"
};
var RECENT_EVENTS_PATH = /^\/v1\/streams\/([^/]+)\/events$/;
var DOC_PATH = /^\/v1\/(tables|streams)\/([^/]+)\/doc$/;
var READ_PATHS = /* @__PURE__ */ new Set(["/v1/live", "/v1/stats", "/v1/trace"]);
function isReadPath(pathname) {
  return READ_PATHS.has(pathname) || RECENT_EVENTS_PATH.test(pathname) || DOC_PATH.test(pathname);
}
function isLoopbackOrigin(origin) {
  try {
    const host = new URL(origin).hostname;
    return host === "localhost" || host === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
  } catch (e) {
    return false;
  }
}
function decodePath(text) {
  try {
    return decodeURIComponent(text);
  } catch (e) {
    throw new HttpError(400, "the path has a malformed percent-escape");
  }
}
var STORE_RETRY_AFTER_SECONDS = 10;
function errorBody(message) {
  return { invalid: [], error: [{ status: "error", event: null, context: { message } }] };
}
function sendJson(res, status2, body) {
  const text = body === void 0 ? "" : JSON.stringify(body);
  res.writeHead(status2, text ? { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(text) } : { "Content-Length": 0 });
  res.end(text);
}
function createIntake(options) {
  const log = options.log || ((m) => console.warn("[mp-intake] " + m));
  const reportedProblems = /* @__PURE__ */ new Set();
  const schemaDocuments = createSchemaDocuments(options.schemasDir);
  let definitions;
  function setModels(registry) {
    const catalog = createModelCatalog(registry, options.tables);
    definitions = { registry, catalog };
    for (const problem of catalog.problems) {
      if (!reportedProblems.has(problem) && reportedProblems.size < 1e3) {
        reportedProblems.add(problem);
        log(`Tables: ${problem}`);
      }
    }
    if (options.sink.setModels) {
      options.sink.setModels(catalog, schemaDocuments);
    }
  }
  const initialRegistry = createStreamRegistry(options.streamConfigs, log);
  let contracts = createStreamContracts(initialRegistry, createStreamExpiry(options.streamConfigs));
  setModels(initialRegistry);
  const schemas = createSchemaRepository(options.schemasDir);
  const readAccess = options.readAccess || false;
  const mayRead = createReadGuard(readAccess);
  const allowAny = (options.corsOrigins || []).includes("*");
  const origins = new Set(options.corsOrigins || []);
  const bodyLimits = { maxBytes: MAX_BODY_BYTES, timeoutMs: options.bodyTimeoutMs || 3e4, budget: { used: 0, max: MAX_BUFFERED_BODY_BYTES } };
  const stats = { requests: 0, received: 0, accepted: 0, stored: 0, duplicates: 0, invalid: 0, errors: 0 };
  const live = createLiveFeed(options.liveFeed);
  const refusalLog = createRefusalLog(options.refusalLogSize || DEFAULT_REFUSAL_LOG_SIZE);
  const inFlight = /* @__PURE__ */ new Set();
  const sink = options.sink;
  const clock = options.clock || Date.now;
  const purgeTimer = options.purgeEveryMs && sink.purge ? startPurgeTimer({ purge: (now) => sink.purge.call(sink, now) }, options.purgeEveryMs, clock, log) : null;
  let closing = null;
  function cors(req, res, pathname) {
    const origin = req.headers.origin;
    if (!origin) {
      return;
    }
    const named = origins.has(origin);
    if (isReadPath(pathname) ? named : named || allowAny || isLoopbackOrigin(origin)) {
      res.setHeader("Access-Control-Allow-Origin", origin);
      res.setHeader("Vary", "Origin");
    }
  }
  async function store(events) {
    if (!events.length) {
      return;
    }
    const serialized = live.size ? events.map((e) => JSON.stringify(e)) : void 0;
    const result = await options.sink.write(events, serialized);
    stats.stored += result.stored;
    stats.duplicates += result.duplicates;
    live.publish(events, serialized);
  }
  let storeFailureLoggedAt = -Infinity;
  let storeFailuresUnlogged = 0;
  function storeFailed(e) {
    const now = clock();
    if (now - storeFailureLoggedAt < 1e4) {
      storeFailuresUnlogged++;
      return;
    }
    log(`The store could not take a write${storeFailuresUnlogged ? ` (nor ${storeFailuresUnlogged} other(s) since the last message)` : ""}; answered 503: ${e.message}`);
    storeFailureLoggedAt = now;
    storeFailuresUnlogged = 0;
  }
  async function recordFailures(rows) {
    try {
      await options.sink.recordFailures(rows);
    } catch (e) {
      log(`The failed events could not be recorded: ${e.message}`);
    }
  }
  async function postEvents(req, res, url) {
    const type = String(req.headers["content-type"] || "application/json").split(";")[0].trim().toLowerCase();
    if (type !== "application/json" && type !== "text/plain") {
      throw new HttpError(415, `Content-Type ${JSON.stringify(type.slice(0, 60))} is not application/json or text/plain`);
    }
    const parsed = parseJsonBody(await readBody(req, bodyLimits), MAX_EVENT_DEPTH + 1);
    if (!parsed.ok) {
      throw new HttpError(400, parsed.reason);
    }
    const receivedAt = new Date(clock());
    const verdict = processEvents(parsed.value, contracts, schemas, { receivedAt, userAgent: req.headers["user-agent"] });
    const refused = verdict.refused;
    if (refused.records.length) {
      refusalLog.record(refused.records, parsed.value, receivedAt.toISOString());
    }
    stats.received += verdict.accepted.length + refused.invalidCount + refused.errorCount;
    stats.accepted += verdict.accepted.length;
    stats.invalid += refused.invalidCount;
    stats.errors += refused.errorCount;
    const hasty = url.searchParams.get("hasty") === "true";
    if (hasty) {
      sendJson(res, 202, void 0);
    }
    try {
      await store(verdict.accepted);
    } catch (e) {
      storeFailed(e);
      if (!res.headersSent) {
        res.setHeader("Retry-After", String(STORE_RETRY_AFTER_SECONDS));
      }
      throw new HttpError(503, `the store cannot take events now; send them again in ${STORE_RETRY_AFTER_SECONDS} s`);
    }
    if ((refused.invalidCount || refused.errorCount) && options.sink.recordFailures) {
      await recordFailures(failuresOf(parsed.value, refused, contracts, receivedAt));
    }
    if (hasty) {
      return;
    }
    const warnings = verdict.warnings.length ? { warnings: verdict.warnings } : {};
    if (!refused.invalidCount && !refused.errorCount) {
      sendJson(res, 201, verdict.warnings.length ? warnings : void 0);
    } else {
      sendJson(res, verdict.accepted.length ? 207 : 400, Object.assign(refused.toJSON(), warnings));
    }
  }
  async function serveStatic(res, pathname) {
    const mounts = options.staticDirs || {};
    const prefix = Object.keys(mounts).sort((a, b) => b.length - a.length).find((p) => pathname.indexOf(p) === 0);
    if (prefix === void 0) {
      return false;
    }
    const root = import_node_path3.default.resolve(mounts[prefix]);
    let rel = decodePath(pathname.slice(prefix.length));
    if (!rel || rel.endsWith("/")) {
      rel += "index.html";
    }
    if (rel.includes("\0")) {
      throw new HttpError(400, "the path has a NUL character");
    }
    const file = import_node_path3.default.resolve(root, rel);
    if (file !== root && !file.startsWith(root + import_node_path3.default.sep)) {
      throw new HttpError(403, "outside the served folder");
    }
    try {
      const content = await (0, import_promises.readFile)(file);
      res.writeHead(200, { "Content-Type": CONTENT_TYPES[import_node_path3.default.extname(file)] || "application/octet-stream", "Cache-Control": "no-store" });
      res.end(content);
      return true;
    } catch (e) {
      return false;
    }
  }
  async function serveDocs(res, kind, name, json) {
    if (!options.docs) {
      throw new HttpError(404, "dataset documentation needs the SQLite or PostgreSQL store");
    }
    let documents;
    try {
      documents = await options.docs.documents(kind === "tables" ? { table: name } : { stream: name }, definitions);
    } catch (e) {
      log(`The dataset documentation could not be read from the store: ${e.message}`);
      throw new HttpError(503, "the dataset documentation could not be read from the store; try again later");
    }
    res.setHeader("Cache-Control", "no-store");
    if (json) {
      return sendJson(res, 200, { tables: documents });
    }
    if (!documents.length) {
      throw new HttpError(404, `no modelled table ${kind === "tables" ? "named" : "of stream"} ${JSON.stringify(name.slice(0, 100))}`);
    }
    const text = documents.map((d) => d.markdown).join("\n");
    res.writeHead(200, { "Content-Type": "text/markdown; charset=utf-8", "Content-Length": Buffer.byteLength(text) });
    res.end(text);
  }
  async function readSide(req, res, url) {
    if (!isReadPath(url.pathname)) {
      return false;
    }
    const recent = RECENT_EVENTS_PATH.exec(url.pathname);
    const doc = DOC_PATH.exec(url.pathname);
    const refusal = mayRead(req);
    if (refusal) {
      if (refusal.status === 401) {
        res.setHeader("WWW-Authenticate", "Bearer");
      }
      throw new HttpError(refusal.status, refusal.reason);
    }
    if (recent) {
      const limit = Math.min(1e3, Math.max(1, Number(url.searchParams.get("limit")) || 50));
      sendJson(res, 200, await options.sink.recent(decodePath(recent[1]), limit));
    } else if (url.pathname === "/v1/trace") {
      const { subject, limit } = parseTraceQuery(url.searchParams);
      const trace = {
        accepted: options.sink.trace ? await options.sink.trace(subject, limit) : [],
        refused: mergeRefused(options.sink.refusals ? await options.sink.refusals(subject, limit) : [], refusalLog.find(subject, limit), limit)
      };
      res.setHeader("Cache-Control", "no-store");
      sendJson(res, 200, trace);
    } else if (doc) {
      await serveDocs(res, doc[1], decodePath(doc[2]), url.searchParams.get("format") === "json");
    } else if (url.pathname === "/v1/live") {
      live.subscribe(req, res, url.searchParams.get("stream"));
    } else {
      const memory = process.memoryUsage();
      sendJson(res, 200, Object.assign({}, stats, { live_subscribers: live.size, live_dropped: live.dropped, heap_used_bytes: memory.heapUsed, rss_bytes: memory.rss }));
    }
    return true;
  }
  async function handle(req, res) {
    stats.requests++;
    let url;
    try {
      url = new URL(req.url || "/", "http://intake.invalid");
    } catch (e) {
      throw new HttpError(400, "the request target is not a URL path");
    }
    cors(req, res, url.pathname);
    if (req.method === "OPTIONS") {
      res.writeHead(204, {
        "Access-Control-Allow-Methods": "POST, GET, OPTIONS",
        // Authorization: a named origin's page reading with the read token.
        "Access-Control-Allow-Headers": isReadPath(url.pathname) ? "Content-Type, Authorization" : "Content-Type",
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
      throw new HttpError(405, `${String(req.method).slice(0, 20)} is not supported here`);
    }
    if (await readSide(req, res, url)) {
      return;
    }
    if (url.pathname === "/healthz") {
      return sendJson(res, 200, { ok: true });
    }
    if (!await serveStatic(res, url.pathname)) {
      throw new HttpError(404, `nothing at ${JSON.stringify(url.pathname.slice(0, 100))}`);
    }
  }
  const server = import_node_http.default.createServer((req, res) => {
    if (closing) {
      res.setHeader("Connection", "close");
    }
    const work = handle(req, res).catch(async (e) => {
      const status2 = e instanceof HttpError ? e.status : 500;
      if (status2 === 500) {
        log(`Internal error: ${e.stack || String(e)}`);
      }
      if (e instanceof HttpError && e.drained) {
        await e.drained;
        if (!req.complete) {
          res.setHeader("Connection", "close");
        }
      }
      if (!res.headersSent && !res.destroyed) {
        sendJson(res, status2, errorBody(status2 === 500 ? "internal error" : e.message));
      }
    });
    inFlight.add(work);
    work.finally(() => inFlight.delete(work));
  });
  server.headersTimeout = 1e4;
  server.requestTimeout = bodyLimits.timeoutMs * 2;
  server.on("clientError", (e, socket) => {
    const busy = Reflect.get(socket, "_httpMessage");
    if (e.code === "ECONNRESET" || !socket.writable || busy && busy.headersSent) {
      socket.destroy();
      return;
    }
    const status2 = e.code === "HPE_HEADER_OVERFLOW" ? 431 : e.code === "ERR_HTTP_REQUEST_TIMEOUT" ? 408 : 400;
    const body = JSON.stringify(errorBody(status2 === 431 ? "the request headers are too large" : status2 === 408 ? "the request headers did not arrive in time" : "the request is not valid HTTP/1.1"));
    socket.end(`HTTP/1.1 ${status2} ${import_node_http.STATUS_CODES[status2]}\r
Content-Type: application/json; charset=utf-8\r
Content-Length: ${Buffer.byteLength(body)}\r
Connection: close\r
\r
${body}`);
  });
  async function shutDown(timeoutMs) {
    const stopped = new Promise((resolve) => {
      server.close(() => resolve());
    });
    live.close();
    server.closeIdleConnections();
    const deadline = Date.now() + timeoutMs;
    while (inFlight.size && Date.now() < deadline) {
      let timer;
      await Promise.race([
        Promise.allSettled(Array.from(inFlight)),
        new Promise((resolve) => {
          timer = setTimeout(resolve, deadline - Date.now());
        })
      ]);
      clearTimeout(timer);
    }
    if (inFlight.size) {
      log(`Shutting down: ${inFlight.size} request(s) unfinished after ${timeoutMs / 1e3} s are cut off.`);
    }
    server.closeAllConnections();
    await Promise.allSettled(Array.from(inFlight));
    await stopped;
    if (purgeTimer) {
      await purgeTimer.stop();
    }
    await options.sink.close();
    if (options.docs) {
      await options.docs.close();
    }
  }
  return {
    stats,
    server,
    get definitions() {
      return definitions;
    },
    listen(port, host = "127.0.0.1") {
      return new Promise((resolve, reject) => {
        checkReadAccess(readAccess, host);
        server.once("error", reject);
        server.listen(port, host, () => {
          const address = server.address();
          resolve(`http://${host.includes(":") ? `[${host}]` : host}:${address.port}`);
        });
      });
    },
    close(timeoutMs = DEFAULT_SHUTDOWN_TIMEOUT_MS) {
      if (!closing) {
        closing = shutDown(timeoutMs);
      }
      return closing;
    },
    setStreamConfigs(streamConfigs) {
      const registry = createStreamRegistry(streamConfigs, log);
      contracts = createStreamContracts(registry, createStreamExpiry(streamConfigs));
      setModels(registry);
    }
  };
}

// intake/src/sqliteSink.ts
var import_better_sqlite32 = __toESM(require("better-sqlite3"));
var import_node_crypto4 = require("node:crypto");

// intake/src/failedEventsTrace.ts
var SCHEMA_KINDS = /* @__PURE__ */ new Set(["required_missing", "datatype_mismatch", "additional_property", "unexpected_value", "constraint_violation"]);
function reasonOf(row) {
  if (!SCHEMA_KINDS.has(row.kind)) {
    return row.message;
  }
  const reported = row.kind === "required_missing" || row.kind === "additional_property" ? row.path.slice(0, Math.max(0, row.path.lastIndexOf("/"))) : row.path;
  return `${reported || "the event"} ${row.message}`;
}
function traceRefusalsOf(rows, limit) {
  const byEvent = /* @__PURE__ */ new Map();
  for (const row of rows) {
    const invalid = SCHEMA_KINDS.has(row.kind);
    const entry = {
      stream: row.stream || null,
      reason: reasonOf(row),
      kind: invalid ? "invalid" : "error",
      path: invalid ? row.path : null,
      received: row.received_at,
      id: row.meta_id
    };
    const key = JSON.stringify(row.meta_id !== null ? [row.meta_id, row.received_at, row.stream] : [null, row.received_at, row.stream, entry.reason]);
    if (!byEvent.has(key) && byEvent.size >= limit) {
      break;
    }
    byEvent.set(key, entry);
  }
  return Array.from(byEvent.values());
}

// intake/src/modelling/onceLog.ts
function onceLog(log) {
  const reported = /* @__PURE__ */ new Set();
  return (message) => {
    if (!reported.has(message)) {
      if (reported.size > 1e3) {
        reported.clear();
      }
      reported.add(message);
      log(message);
    }
  };
}

// intake/src/modelling/projection.ts
var import_node_crypto3 = require("node:crypto");
function valueAtSegments(event, segments) {
  let value = event;
  for (let i = 0; i < segments.length; i++) {
    if (!value || typeof value !== "object" || Array.isArray(value) || !Object.prototype.hasOwnProperty.call(value, segments[i])) {
      return void 0;
    }
    value = value[segments[i]];
  }
  return value;
}
function valueAt(event, path10) {
  return valueAtSegments(event, path10.split("."));
}
function toColumnValue(value, type) {
  if (value === void 0 || value === null) {
    return null;
  }
  switch (type) {
    case "string":
      return typeof value === "string" ? value : typeof value === "number" || typeof value === "boolean" ? String(value) : null;
    case "integer":
      return typeof value === "number" && Number.isInteger(value) ? value : null;
    case "number":
      return typeof value === "number" && Number.isFinite(value) ? value : null;
    case "boolean":
      return typeof value === "boolean" ? value ? 1 : 0 : null;
    default:
      return JSON.stringify(value);
  }
}
function keyedHash(value, secret) {
  if (value === void 0 || value === null) {
    return null;
  }
  return (0, import_node_crypto3.createHmac)("sha256", secret).update(typeof value === "string" ? value : JSON.stringify(value)).digest("hex");
}
var HASHES_REMEMBERED = 1e4;
function createHasher(secret) {
  const known = /* @__PURE__ */ new Map();
  return (value) => {
    if (value === void 0 || value === null) {
      return null;
    }
    const text = typeof value === "string" ? value : JSON.stringify(value);
    let hash = known.get(text);
    if (hash === void 0) {
      hash = (0, import_node_crypto3.createHmac)("sha256", secret).update(text).digest("hex");
      if (known.size >= HASHES_REMEMBERED) {
        known.clear();
      }
      known.set(text, hash);
    }
    return hash;
  };
}
function same(a, b) {
  return (a === void 0 ? null : a) === b;
}
function holds(value, condition) {
  if (condition.equals !== void 0 && !same(value, condition.equals)) {
    return false;
  }
  if (condition.not_equals !== void 0 && same(value, condition.not_equals)) {
    return false;
  }
  if (condition.in && !condition.in.some((x) => same(value, x))) {
    return false;
  }
  if (condition.not_in && condition.not_in.some((x) => same(value, x))) {
    return false;
  }
  return condition.exists === void 0 || condition.exists === (value !== void 0 && value !== null);
}
var PASS_ALL = () => true;
function compileCondition(condition) {
  const operators = Object.keys(condition).filter((k) => condition[k] !== void 0);
  if (operators.length === 1) {
    if (condition.equals !== void 0) {
      const expected = condition.equals;
      return (value) => (value === void 0 ? null : value) === expected;
    }
    if (condition.not_equals !== void 0) {
      const unwanted = condition.not_equals;
      return (value) => (value === void 0 ? null : value) !== unwanted;
    }
    if (condition.in && condition.in.length === 1) {
      const expected = condition.in[0];
      return (value) => (value === void 0 ? null : value) === expected;
    }
    if (condition.exists !== void 0) {
      const wanted = condition.exists;
      return (value) => (value !== void 0 && value !== null) === wanted;
    }
  }
  return (value) => holds(value, condition);
}
function compileFilter(filter) {
  const paths = filter ? Object.keys(filter) : [];
  if (!filter || !paths.length) {
    return PASS_ALL;
  }
  const gets = paths.map((path10) => compileGetter(path10));
  const tests = paths.map((path10) => compileCondition(filter[path10]));
  return (event) => {
    for (let i = 0; i < gets.length; i++) {
      if (!tests[i](gets[i](event))) {
        return false;
      }
    }
    return true;
  };
}
function projectRow(event, columns, secret) {
  const hash = typeof secret === "function" ? secret : (value) => keyedHash(value, secret);
  return columns.map((column) => {
    const value = valueAt(event, column.path);
    return column.privacy === "hash" ? hash(value) : toColumnValue(value, column.type);
  });
}
var hasOwn = Object.prototype.hasOwnProperty;
function getterSource(segments) {
  const steps = segments.map((segment, i) => {
    const name = JSON.stringify(segment);
    return `if ( v === null || typeof v !== 'object' || isArray( v ) || !hasOwn.call( v, ${name} ) ) { return undefined; }
` + (i === segments.length - 1 ? `return v[ ${name} ];` : `v = v[ ${name} ];`);
  });
  return `'use strict';
return function ( v ) {
${steps.join("\n")}
};`;
}
function compileGetter(path10) {
  return new Function("hasOwn", "isArray", getterSource(path10.split(".")))(hasOwn, Array.isArray);
}
function compileConversion(type) {
  switch (type) {
    case "string":
      return (value) => typeof value === "string" ? value : typeof value === "number" || typeof value === "boolean" ? String(value) : null;
    case "integer":
      return (value) => typeof value === "number" && Number.isInteger(value) ? value : null;
    case "number":
      return (value) => typeof value === "number" && Number.isFinite(value) ? value : null;
    case "boolean":
      return (value) => typeof value === "boolean" ? value ? 1 : 0 : null;
    default:
      return (value) => toColumnValue(value, type);
  }
}
function compileProjector(columns, hash) {
  const gets = columns.map((c) => compileGetter(c.path));
  const converts = columns.map((c) => c.privacy === "hash" ? hash : compileConversion(c.type));
  const count2 = columns.length;
  return (event, out, offset) => {
    for (let i = 0; i < count2; i++) {
      out[offset + i] = converts[i](gets[i](event));
    }
  };
}

// intake/src/modelling/schemaColumns.ts
function isObject6(value) {
  return !!value && typeof value === "object" && !Array.isArray(value);
}
function deref(node, root) {
  let current = node;
  for (let hops = 0; hops < 10 && typeof current.$ref === "string" && current.$ref.startsWith("#/"); hops++) {
    let target = root;
    for (const part of current.$ref.slice(2).split("/")) {
      target = isObject6(target) ? target[part.replace(/~1/g, "/").replace(/~0/g, "~")] : void 0;
    }
    if (!isObject6(target)) {
      break;
    }
    current = target;
  }
  return current;
}
function schemaNodeAt(schema2, path10) {
  let nodes = [deref(schema2, schema2)];
  for (const segment of path10.split(".")) {
    const next = [];
    const stack = nodes.slice();
    while (stack.length) {
      const node = stack.pop();
      if (Array.isArray(node.allOf)) {
        stack.push(...node.allOf.filter(isObject6).map((n) => deref(n, schema2)));
      }
      const child = isObject6(node.properties) ? node.properties[segment] : void 0;
      if (isObject6(child) && Object.prototype.hasOwnProperty.call(node.properties, segment)) {
        next.push(deref(child, schema2));
      }
    }
    if (!next.length) {
      return null;
    }
    nodes = next;
  }
  return nodes[0];
}
function columnTypeOf(node) {
  const raw = node.type;
  const types2 = (Array.isArray(raw) ? raw : [raw]).filter((t) => t !== "null");
  const type = types2.length === 1 ? types2[0] : void 0;
  return type === "string" || type === "integer" || type === "number" || type === "boolean" ? type : "json";
}
function resolveColumns(table, schema2, schemaId) {
  const problems = [];
  const columns = table.columns.map((column) => {
    const node = schema2 ? schemaNodeAt(schema2, column.path) : null;
    if (schema2 && !node) {
      problems.push(`table ${table.name}, column ${column.name}: ${schemaId} has no field ${column.path}; the column stays empty`);
    }
    const description = column.description !== null ? column.description : node && typeof node.description === "string" ? node.description.trim() : "";
    const fieldType = column.type || (node ? columnTypeOf(node) : "json");
    return {
      name: column.name,
      path: column.path,
      type: column.privacy === "hash" ? "string" : fieldType,
      description,
      privacy: column.privacy,
      privacyTagged: column.privacyTagged,
      inSchema: !!node
    };
  });
  return { columns, problems };
}

// intake/src/modelling/rowWriter.ts
var LARGEST_CHUNK = 64;
var VALUES_PER_STATEMENT = 2e3;
var MIN_ROWS_SHARING = 8;
var STATEMENTS_KEPT = 16;
function sharedColumns(values, first, rows, width) {
  let shared = "";
  let any = false;
  const start = first * width;
  const end = start + rows * width;
  for (let c = 0; c < width; c++) {
    const value = values[start + c];
    let same2 = true;
    for (let at = start + width + c; at < end && same2; at += width) {
      same2 = Object.is(values[at], value);
    }
    shared += same2 ? "1" : "0";
    any = any || same2;
  }
  return any ? shared : "";
}
function createRowWriter(db, head, width) {
  let chunkRows = 1;
  while (chunkRows * 2 <= LARGEST_CHUNK && chunkRows * 2 * width <= VALUES_PER_STATEMENT) {
    chunkRows *= 2;
  }
  const names = Array.from({ length: width }, (_, c) => `c${c}`);
  const statements = /* @__PURE__ */ new Map();
  function statement(rows, shared) {
    const key = `${rows}:${shared}`;
    let prepared = statements.get(key);
    if (prepared) {
      statements.delete(key);
    } else {
      const row = "(" + names.map((name, c) => shared[c] === "1" ? "@" + name : "?").join(", ") + ")";
      prepared = db.prepare(head + new Array(rows).fill(row).join(", "));
      if (statements.size >= STATEMENTS_KEPT) {
        statements.delete(statements.keys().next().value);
      }
    }
    statements.set(key, prepared);
    return prepared;
  }
  function insertChunk(values, first, rows) {
    const shared = rows >= MIN_ROWS_SHARING ? sharedColumns(values, first, rows, width) : "";
    const prepared = statement(rows, shared);
    const start = first * width;
    const end = start + rows * width;
    if (!shared) {
      prepared.run(...values.slice(start, end));
      return;
    }
    const named = {};
    const each = [];
    for (let c = 0; c < width; c++) {
      if (shared[c] === "1") {
        named[names[c]] = values[start + c];
      } else {
        each.push(c);
      }
    }
    const positional = new Array(rows * each.length);
    let i = 0;
    for (let at = start; at < end; at += width) {
      for (let k = 0; k < each.length; k++) {
        positional[i++] = values[at + each[k]];
      }
    }
    prepared.run(...positional, named);
  }
  statement(1, "");
  return {
    chunkRows,
    insert(values, rows) {
      for (let first = 0; first < rows; ) {
        let n = chunkRows;
        while (n > rows - first) {
          n >>= 1;
        }
        insertChunk(values, first, n);
        first += n;
      }
    }
  };
}

// intake/src/modelling/tableStore.ts
var CATALOGUE = `
CREATE TABLE IF NOT EXISTS mp_tables (
	physical TEXT PRIMARY KEY,
	stream TEXT NOT NULL,
	name TEXT NOT NULL,
	major INTEGER NOT NULL,
	schema_id TEXT NOT NULL,
	description TEXT NOT NULL,
	dedupe INTEGER NOT NULL,
	partition_by TEXT NOT NULL,
	created_at TEXT NOT NULL,
	dropped_until TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS mp_columns (
	physical TEXT NOT NULL,
	name TEXT NOT NULL,
	position INTEGER NOT NULL,
	path TEXT NOT NULL,
	type TEXT NOT NULL,
	privacy TEXT NOT NULL,
	privacy_tagged INTEGER NOT NULL,
	description TEXT NOT NULL,
	since TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (physical, name)
);`;
var SQL_TYPES = { string: "TEXT", integer: "INTEGER", number: "REAL", boolean: "INTEGER", json: "TEXT" };
function openTableCatalogue(db) {
  db.exec(CATALOGUE);
  if (!db.prepare("PRAGMA table_info(mp_columns)").all().some((c) => c.name === "since")) {
    db.exec("ALTER TABLE mp_columns ADD COLUMN since TEXT NOT NULL DEFAULT ''");
  }
}
function ensureTable(db, physical, stream, table, major, schemaId, columns, now, since = now) {
  const changes = [];
  const existing = db.prepare("SELECT * FROM mp_tables WHERE physical = ?").get(physical);
  if (!existing) {
    const system = ["event_id TEXT NOT NULL", "received_at TEXT NOT NULL"].concat(table.partition === "day" ? ["day TEXT NOT NULL"] : []);
    db.exec(`CREATE TABLE "${physical}" (${system.concat(columns.map((c) => `"${c.name}" ${SQL_TYPES[c.type]}`)).join(", ")})`);
    if (table.partition === "day") {
      db.exec(`CREATE INDEX "${physical}_day" ON "${physical}" (day)`);
    }
    if (table.partition !== "day" && columns.some((c) => c.privacy === "drop")) {
      db.exec(`CREATE INDEX "${physical}_received_at" ON "${physical}" (received_at)`);
    }
    db.prepare("INSERT INTO mp_tables (physical, stream, name, major, schema_id, description, dedupe, partition_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)").run(physical, stream, table.name, major, schemaId, table.description || "", table.dedupe ? 1 : 0, table.partition, now);
    const older = db.prepare("SELECT physical FROM mp_tables WHERE name = ? AND major < ? ORDER BY major DESC LIMIT 1").get(table.name, major);
    changes.push(older ? `stream "${stream}": ${schemaId} is a new major version (${major}), incompatible with the events in ${older.physical}; table ${physical} created beside it (${older.physical} keeps its rows; query both, or UNION ALL them, to span the change)` : `stream "${stream}": table ${physical} created (${columns.length} columns)`);
  } else if (existing.stream !== stream) {
    throw new Error(`table ${physical} belongs to stream "${existing.stream}"`);
  } else if ((table.description || "") !== existing.description) {
    db.prepare("UPDATE mp_tables SET description = ? WHERE physical = ?").run(table.description || "", physical);
  }
  const have = new Map(db.prepare("SELECT * FROM mp_columns WHERE physical = ?").all(physical).map((c) => [c.name, c]));
  let position = have.size;
  const upsert = db.prepare(`INSERT INTO mp_columns (physical, name, position, path, type, privacy, privacy_tagged, description) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (physical, name) DO UPDATE SET path = excluded.path, privacy = excluded.privacy, privacy_tagged = excluded.privacy_tagged, description = excluded.description`);
  const setSince = db.prepare("UPDATE mp_columns SET since = ? WHERE physical = ? AND name = ?");
  for (const c of columns) {
    const known = have.get(c.name);
    if (!known) {
      if (existing) {
        db.exec(`ALTER TABLE "${physical}" ADD COLUMN "${c.name}" ${SQL_TYPES[c.type]}`);
        if (c.privacy === "drop" && existing.partition_by !== "day") {
          db.exec(`CREATE INDEX IF NOT EXISTS "${physical}_received_at" ON "${physical}" (received_at)`);
        }
        changes.push(`stream "${stream}": column ${c.name} (${c.type}) added to ${physical}`);
      }
      upsert.run(physical, c.name, position++, c.path, c.type, c.privacy, c.privacyTagged ? 1 : 0, c.description);
      if (existing) {
        setSince.run(since, physical, c.name);
      }
    } else if (known.path !== c.path || known.privacy !== c.privacy || known.description !== c.description || known.privacy_tagged !== (c.privacyTagged ? 1 : 0)) {
      if (known.privacy !== c.privacy) {
        setSince.run(since, physical, c.name);
      }
      if (known.privacy !== c.privacy && c.privacy === "drop") {
        db.prepare("UPDATE mp_tables SET dropped_until = '' WHERE physical = ?").run(physical);
        changes.push(`stream "${stream}": column ${c.name} of ${physical} is now "drop" (was "${known.privacy}"); the next purge empties it in rows past the stream's retention, older rows included`);
      } else if (known.privacy !== c.privacy) {
        changes.push(`stream "${stream}": column ${c.name} of ${physical} is now "${c.privacy}" (was "${known.privacy}"); rows written before keep what they hold`);
      }
      if (c.privacy === "drop" && (existing ? existing.partition_by : table.partition) !== "day") {
        db.exec(`CREATE INDEX IF NOT EXISTS "${physical}_received_at" ON "${physical}" (received_at)`);
      }
      upsert.run(physical, c.name, known.position, c.path, known.type, c.privacy, c.privacyTagged ? 1 : 0, c.description);
    }
  }
  return changes;
}
function storedColumnType(db, physical, column) {
  const row = db.prepare("SELECT type FROM mp_columns WHERE physical = ? AND name = ?").get(physical, column);
  return row ? row.type : null;
}

// intake/src/modelling/tableNaming.ts
function schemaMajorVersion(schemaId) {
  const match = /\/(\d{1,6})\.\d+\.\d+$/.exec(schemaId);
  return match ? Number(match[1]) : null;
}
function physicalTableName(tableName, major) {
  return `${tableName}_v${major}`;
}

// intake/src/modelling/materialiser.ts
var MAX_PLANS = 1e3;
function createMaterialiser(db, options) {
  openTableCatalogue(db);
  const now = options.now || Date.now;
  let catalog = null;
  let schemas = options.schemas;
  const plans = /* @__PURE__ */ new Map();
  const report = onceLog(options.log);
  const hash = createHasher(options.hashSecret);
  const dirty = /* @__PURE__ */ new Set();
  function insertPending(plan) {
    const rows = plan.rows;
    plan.rows = 0;
    try {
      plan.writer.insert(plan.pending, rows);
    } catch (e) {
      report(`table ${plan.physical}: ${rows} row(s) could not be written: ${e.message}`);
    }
  }
  let lastDt = "";
  let lastDay = "";
  let last = { stream: "", schemaId: "", list: [] };
  function planFor(stream, schemaId, receivedAt) {
    if (stream === last.stream && schemaId === last.schemaId) {
      return last.list;
    }
    const key = stream + "\n" + schemaId;
    let list = plans.get(key);
    if (list) {
      last = { stream, schemaId, list };
      return list;
    }
    list = [];
    const tables = catalog ? catalog.get(stream).tables : [];
    const major = tables.length ? schemaMajorVersion(schemaId) : null;
    if (tables.length && major === null) {
      report(`stream "${stream}": ${schemaId} has no x.y.z version, so its events go to no table`);
    }
    for (const table of tables) {
      if (major === null) {
        break;
      }
      const physical = physicalTableName(table.name, major);
      try {
        const resolved = resolveColumns(table, schemas(schemaId), schemaId);
        resolved.problems.forEach((p) => report(`stream "${stream}": ${p}`));
        ensureTable(db, physical, stream, table, major, schemaId, resolved.columns, new Date(now()).toISOString(), receivedAt).forEach((m) => options.log(m));
        const columns = resolved.columns.map((c) => Object.assign({}, c, { type: storedColumnType(db, physical, c.name) || c.type }));
        const day = table.partition === "day";
        const names = ["event_id", "received_at"].concat(day ? ["day"] : [], columns.map((c) => `"${c.name}"`));
        const writer = createRowWriter(db, `INSERT INTO "${physical}" (${names.join(", ")}) VALUES `, names.length);
        list.push({
          physical,
          table,
          columns,
          writer,
          day,
          pending: [],
          rows: 0,
          width: names.length,
          project: compileProjector(columns, hash),
          passes: compileFilter(table.filter)
        });
      } catch (e) {
        report(`stream "${stream}": table ${physical} cannot be written: ${e.message}`);
      }
    }
    if (plans.size >= MAX_PLANS) {
      plans.clear();
    }
    plans.set(key, list);
    last = { stream, schemaId, list };
    return list;
  }
  return {
    setModels(next, nextSchemas) {
      catalog = next;
      schemas = nextSchemas || schemas;
      plans.clear();
      last = { stream: "", schemaId: "", list: [] };
    },
    write(event, isNew) {
      const meta = event.meta;
      const schemaId = typeof event.$schema === "string" ? event.$schema : "";
      if (!catalog || !schemaId) {
        return;
      }
      const list = planFor(meta.stream, schemaId, meta.dt);
      for (let i = 0; i < list.length; i++) {
        const plan = list[i];
        if (!isNew && plan.table.dedupe || !plan.passes(event)) {
          continue;
        }
        const pending = plan.pending;
        let at = plan.rows * plan.width;
        pending[at++] = meta.id;
        pending[at++] = meta.dt;
        if (plan.day) {
          if (meta.dt !== lastDt) {
            lastDt = meta.dt;
            lastDay = meta.dt.slice(0, 10);
          }
          pending[at++] = lastDay;
        }
        plan.project(event, pending, at);
        plan.rows++;
        dirty.add(plan);
        if (plan.rows === plan.writer.chunkRows) {
          insertPending(plan);
        }
      }
    },
    flush() {
      for (const plan of dirty) {
        insertPending(plan);
      }
      dirty.clear();
    }
  };
}

// intake/src/modelling/purge.ts
var PURGE_CHUNK_ROWS = 1e4;
var DAY_MS = 864e5;
function breathe() {
  return new Promise((resolve) => {
    setImmediate(resolve);
  });
}
function storedStreams(db) {
  const streams = /* @__PURE__ */ new Set();
  const distinct = (table) => {
    if (sqliteTableExists(db, table)) {
      for (const row of db.prepare(`WITH RECURSIVE s(x) AS (SELECT MIN(stream) FROM ${table} UNION ALL SELECT (SELECT MIN(stream) FROM ${table} WHERE stream > x) FROM s WHERE x IS NOT NULL) SELECT x FROM s WHERE x IS NOT NULL`).all()) {
        streams.add(row.x);
      }
    }
  };
  distinct("events");
  distinct("failed_events");
  if (sqliteTableExists(db, "mp_tables")) {
    for (const row of db.prepare("SELECT DISTINCT stream FROM mp_tables").all()) {
      streams.add(row.stream);
    }
  }
  return streams;
}
async function purgeRawEvents(db, stream, cutoff, chunk) {
  const windowEnd = db.prepare(`SELECT MAX(seq) AS hi FROM (SELECT seq FROM events WHERE stream = ? AND seq > ? ORDER BY seq LIMIT ${chunk})`).pluck();
  const remove = db.prepare("DELETE FROM events WHERE stream = ? AND seq > ? AND seq <= ? AND dt < ?");
  let deleted = 0;
  for (let after = 0; ; ) {
    const hi = windowEnd.get(stream, after);
    if (hi === null) {
      return deleted;
    }
    deleted += remove.run(stream, after, hi, cutoff).changes;
    after = hi;
    await breathe();
  }
}
async function emptyDropColumns(db, table, from, to, chunk) {
  const name = `"${table.physical}"`;
  const set = table.columns.map((c) => `"${c}" = NULL`).join(", ");
  const held = table.columns.map((c) => `"${c}" IS NOT NULL`).join(" OR ");
  let rows = 0;
  if (table.partitionBy === "day") {
    const nextDay = db.prepare(`SELECT MIN(day) FROM ${name} WHERE day > ? AND day <= ?`).pluck();
    const windowEnd = db.prepare(`SELECT MAX(rowid) FROM (SELECT rowid FROM ${name} WHERE day = ? AND rowid > ? ORDER BY rowid LIMIT ${chunk})`).pluck();
    const update = db.prepare(`UPDATE ${name} SET ${set} WHERE day = @day AND rowid > @after AND rowid <= @hi AND received_at >= @from AND received_at < @to AND (${held})`);
    const lastDay = to.slice(0, 10);
    let day = from ? from.slice(0, 10) : nextDay.get("", lastDay);
    while (day !== null) {
      for (let after = 0; ; ) {
        const hi = windowEnd.get(day, after);
        if (hi === null) {
          break;
        }
        rows += update.run({ day, after, hi, from, to }).changes;
        after = hi;
        await breathe();
      }
      day = nextDay.get(day, lastDay);
    }
    return rows;
  }
  const firstWindowEnd = db.prepare(`SELECT MAX(received_at) FROM (SELECT received_at FROM ${name} WHERE received_at >= ? AND received_at < ? ORDER BY received_at LIMIT ${chunk})`).pluck();
  const windowAfter = db.prepare(`SELECT MAX(received_at) FROM (SELECT received_at FROM ${name} WHERE received_at > ? AND received_at < ? ORDER BY received_at LIMIT ${chunk})`).pluck();
  const updateFirst = db.prepare(`UPDATE ${name} SET ${set} WHERE received_at >= @lo AND received_at <= @hi AND received_at < @to AND (${held})`);
  const updateNext = db.prepare(`UPDATE ${name} SET ${set} WHERE received_at > @lo AND received_at <= @hi AND received_at < @to AND (${held})`);
  let lo = from;
  let first = true;
  for (; ; ) {
    const hi = (first ? firstWindowEnd : windowAfter).get(lo, to);
    if (hi === null) {
      return rows;
    }
    rows += (first ? updateFirst : updateNext).run({ lo, hi, to }).changes;
    lo = hi;
    first = false;
    await breathe();
  }
}
async function purgeFailedEvents(db, stream, cutoff, chunk) {
  const remove = db.prepare(`DELETE FROM failed_events WHERE seq IN (SELECT seq FROM failed_events WHERE stream = ? AND received_at < ? LIMIT ${chunk})`);
  let deleted = 0;
  for (let n = chunk; n === chunk; ) {
    n = remove.run(stream, cutoff).changes;
    deleted += n;
    await breathe();
  }
  return deleted;
}
async function purgeStore(db, catalog, now, log, chunk = PURGE_CHUNK_ROWS) {
  const report = { now: new Date(now).toISOString(), streams: [] };
  const hasEvents = sqliteTableExists(db, "events");
  const hasFailed = sqliteTableExists(db, "failed_events");
  const hasTables = sqliteTableExists(db, "mp_tables");
  for (const stream of storedStreams(db)) {
    const retentionDays = catalog ? catalog.get(stream).retentionDays : DEFAULT_RETENTION_DAYS;
    const cutoff = new Date(now - retentionDays * DAY_MS).toISOString();
    const done = { stream, retentionDays, cutoff, rawDeleted: 0, failedDeleted: 0, dropped: [] };
    if (hasEvents) {
      done.rawDeleted = await purgeRawEvents(db, stream, cutoff, chunk);
    }
    if (hasFailed) {
      done.failedDeleted = await purgeFailedEvents(db, stream, cutoff, chunk);
    }
    if (hasTables) {
      const tables = db.prepare("SELECT physical, dropped_until, partition_by FROM mp_tables WHERE stream = ?").all(stream);
      for (const table of tables) {
        const columns = db.prepare("SELECT name FROM mp_columns WHERE physical = ? AND privacy = 'drop' ORDER BY position").all(table.physical).map((c) => c.name);
        if (!columns.length || table.dropped_until >= cutoff) {
          continue;
        }
        const rows = await emptyDropColumns(db, { physical: table.physical, partitionBy: table.partition_by, columns }, table.dropped_until, cutoff, chunk);
        const newest = db.prepare(`SELECT received_at FROM "${table.physical}" ORDER BY rowid DESC LIMIT 1`).pluck().get();
        db.prepare("UPDATE mp_tables SET dropped_until = ? WHERE physical = ?").run(newest === void 0 ? table.dropped_until : newest < cutoff ? newest : cutoff, table.physical);
        done.dropped.push({ table: table.physical, columns, rows });
      }
    }
    report.streams.push(done);
    const emptied = done.dropped.filter((d) => d.rows).map((d) => `${d.table}: ${d.columns.join(", ")} emptied in ${d.rows} rows`);
    if (done.rawDeleted || done.failedDeleted || emptied.length) {
      log(`purge: stream "${stream}" (retention ${retentionDays} days, received before ${cutoff}): ${done.rawDeleted} raw events and ${done.failedDeleted} failed events deleted${emptied.length ? "; " + emptied.join("; ") : ""}`);
    }
  }
  return report;
}

// intake/src/modelling/rehashColumns.ts
var PENDING = `
CREATE TABLE IF NOT EXISTS mp_rehash (
	physical TEXT NOT NULL,
	name TEXT NOT NULL,
	type TEXT NOT NULL,
	upto INTEGER NOT NULL,
	after INTEGER NOT NULL,
	since TEXT NOT NULL,
	PRIMARY KEY (physical, name)
);`;
var REHASH_CHUNK_ROWS = 1e4;
function hashOfStored(stored, type, hash) {
  if (stored === null || stored === void 0) {
    return null;
  }
  if (type === "boolean" && typeof stored === "number") {
    return hash(stored !== 0);
  }
  if (type === "json" && typeof stored === "string") {
    try {
      return hash(JSON.parse(stored));
    } catch (e) {
      return hash(stored);
    }
  }
  return hash(stored);
}
function recordHashChanges(db, catalog, now) {
  openTableCatalogue(db);
  const messages = [];
  const tablesOf = db.prepare("SELECT physical FROM mp_tables WHERE stream = ? AND name = ?").pluck();
  const columnOf2 = db.prepare("SELECT type, privacy FROM mp_columns WHERE physical = ? AND name = ?");
  let record = null;
  const setHash = db.prepare("UPDATE mp_columns SET privacy = 'hash' WHERE physical = ? AND name = ?");
  db.transaction(() => {
    for (const [stream, model] of catalog.entries()) {
      for (const table of model.tables) {
        const hashed = table.columns.filter((c) => c.privacy === "hash");
        if (!hashed.length) {
          continue;
        }
        for (const physical of tablesOf.all(stream, table.name)) {
          for (const column of hashed) {
            const known = columnOf2.get(physical, column.name);
            if (!known || known.privacy === "hash") {
              continue;
            }
            const upto = db.prepare(`SELECT MAX(rowid) FROM "${physical}"`).pluck().get() || 0;
            if (!record) {
              db.exec(PENDING);
              record = db.prepare(`INSERT INTO mp_rehash (physical, name, type, upto, after, since) VALUES (?, ?, ?, ?, 0, ?)
								ON CONFLICT (physical, name) DO UPDATE SET upto = MAX(upto, excluded.upto)`);
            }
            record.run(physical, column.name, known.type, upto, now);
            setHash.run(physical, column.name);
            messages.push(`stream "${stream}": column ${column.name} of ${physical} is now "hash" (was "${known.privacy}"): its ${upto ? `rows stored so far (up to rowid ${upto})` : "rows"} are being rewritten to their keyed hash`);
          }
        }
      }
    }
  })();
  return messages;
}
async function rewriteClearColumns(db, secret, log, chunk = REHASH_CHUNK_ROWS) {
  if (!sqliteTableExists(db, "mp_rehash")) {
    return 0;
  }
  const hash = createHasher(secret);
  let total = 0;
  for (; ; ) {
    await new Promise((resolve) => {
      setImmediate(resolve);
    });
    if (!db.open) {
      return total;
    }
    const next = db.prepare("SELECT physical, name, type, upto, after FROM mp_rehash LIMIT 1").get();
    if (!next) {
      return total;
    }
    const exists = db.prepare("SELECT 1 FROM pragma_table_info(?) WHERE name = ?").get(next.physical, next.name);
    if (!exists) {
      db.prepare("DELETE FROM mp_rehash WHERE physical = ? AND name = ?").run(next.physical, next.name);
      continue;
    }
    const column = `"${next.name.replace(/"/g, '""')}"`;
    const table = `"${next.physical.replace(/"/g, '""')}"`;
    const select = db.prepare(`SELECT rowid AS id, ${column} AS v FROM ${table} WHERE rowid > ? AND rowid <= ? ORDER BY rowid LIMIT ${chunk}`);
    const update = db.prepare(`UPDATE ${table} SET ${column} = ? WHERE rowid = ?`);
    const progress = db.prepare("UPDATE mp_rehash SET after = ? WHERE physical = ? AND name = ?");
    const done = db.prepare("DELETE FROM mp_rehash WHERE physical = ? AND name = ?");
    let rewritten = 0;
    const step = db.transaction((after) => {
      const rows = select.all(after, next.upto);
      for (const row of rows) {
        if (row.v !== null) {
          rewritten += update.run(hashOfStored(row.v, next.type, hash), row.id).changes;
        }
      }
      if (rows.length < chunk) {
        done.run(next.physical, next.name);
        return null;
      }
      const last = rows[rows.length - 1].id;
      progress.run(last, next.physical, next.name);
      return last;
    });
    for (let after = next.after; after !== null; ) {
      if (!db.open) {
        return total;
      }
      after = step(after);
      if (after !== null) {
        await new Promise((resolve) => {
          setImmediate(resolve);
        });
      }
    }
    total += rewritten;
    log(`column ${next.name} of ${next.physical}: ${rewritten} values stored in clear before it became "hash" now hold their keyed hash`);
  }
}

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
var TRACE_WINDOW_EVENTS = 5e4;
var DAY_MS2 = 864e5;
var CREATE2 = `
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
  const old = sqliteTableExists(db, "events");
  db.transaction(() => {
    if (old) {
      db.exec("ALTER TABLE events RENAME TO events_layout1; DROP INDEX IF EXISTS events_stream;");
    }
    db.exec(CREATE2);
    if (old) {
      db.function("mp_client_time", { deterministic: true }, (body) => clientTime(JSON.parse(String(body))));
      db.exec(`INSERT OR IGNORE INTO events (seq, t, id, stream, dt, body)
				SELECT seq, mp_client_time(body), id, stream, dt, body FROM events_layout1 ORDER BY seq`);
      db.exec("DROP TABLE events_layout1");
    }
    db.pragma(`user_version = ${LAYOUT}`);
  })();
}
var NOT_YET = /* @__PURE__ */ Symbol("no dt yet");
var ROWS_PER_STATEMENT = 100;
function createRowInserter(db) {
  const statements = [];
  const statement = (rows) => {
    if (!statements[rows]) {
      statements[rows] = db.prepare(`INSERT OR IGNORE INTO events (t, id, stream, dt, body) VALUES ${new Array(rows).fill("(?, ?, ?, ?, ?)").join(", ")}`);
    }
    return statements[rows];
  };
  return (events, serialized) => {
    let stored = 0;
    let lastDt = NOT_YET;
    let lastT = 0;
    for (let first = 0; first < events.length; first += ROWS_PER_STATEMENT) {
      const rows = Math.min(ROWS_PER_STATEMENT, events.length - first);
      const values = new Array(rows * 5);
      for (let i = 0; i < rows; i++) {
        const event = events[first + i];
        const meta = metaOf(event);
        if (event.dt !== lastDt) {
          lastDt = event.dt;
          lastT = clientTime(event);
        }
        values[i * 5] = lastT;
        values[i * 5 + 1] = meta.id;
        values[i * 5 + 2] = meta.stream;
        values[i * 5 + 3] = meta.dt;
        values[i * 5 + 4] = serialized ? serialized[first + i] : JSON.stringify(event);
      }
      stored += statement(rows).run(values).changes;
    }
    return stored;
  };
}
function createSqliteSink(file, options = {}) {
  const db = new import_better_sqlite32.default(file);
  db.pragma("journal_mode = WAL");
  db.pragma(options.durability === "power" ? "synchronous = FULL" : "synchronous = NORMAL");
  db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
  db.pragma("secure_delete = ON");
  openLayout(db);
  const log = options.log || ((m) => console.warn("[mp-intake] " + m));
  const hashSecret = options.hashSecret || (0, import_node_crypto4.randomBytes)(32);
  let rewriting = Promise.resolve();
  const materialiser = createMaterialiser(db, {
    hashSecret,
    log,
    now: options.now,
    // Replaced with the repository's by setModels(); until then the definitions' own types.
    schemas: () => null
  });
  const failures = openFailedEvents(db);
  let catalog = null;
  let modelled = false;
  const insertRows = createRowInserter(db);
  const lastSeq = db.prepare("SELECT seq FROM events ORDER BY seq DESC LIMIT 1");
  const seqOf = db.prepare("SELECT seq FROM events WHERE t = ? AND id = ?");
  function materialise(events, allNew, before) {
    const seen = /* @__PURE__ */ new Set();
    for (const event of events) {
      let isNew = allNew;
      if (!allNew) {
        const t = clientTime(event);
        const id = metaOf(event).id;
        const key = `${t} ${id}`;
        const row = seqOf.get(t, id);
        isNew = !seen.has(key) && !!row && row.seq > before;
        seen.add(key);
      }
      materialiser.write(event, isNew);
    }
    materialiser.flush();
  }
  const writeAll = db.transaction((events, serialized) => {
    if (!modelled) {
      return insertRows(events, serialized);
    }
    const last = lastSeq.get();
    const stored = insertRows(events, serialized);
    materialise(events, stored === events.length, last ? last.seq : 0);
    return stored;
  });
  const select = db.prepare("SELECT id, stream, body FROM events WHERE stream = ? ORDER BY seq DESC LIMIT ?");
  const traceSelect = db.prepare(`SELECT body FROM events WHERE seq > (SELECT COALESCE(MAX(seq), 0) FROM events) - ?
		AND instr(body, ?) > 0 ORDER BY seq DESC LIMIT ?`);
  const firstAfter = db.prepare("SELECT MIN(t) FROM events WHERE t >= ?").pluck();
  const dayPage = db.prepare(`SELECT t, id, stream, dt, body FROM events WHERE t >= ? AND t < ? AND (t > ? OR (t = ? AND id > ?))
		ORDER BY t, id LIMIT ?`);
  const traceWindow = Math.max(1, Math.floor(options.traceWindow || TRACE_WINDOW_EVENTS));
  return {
    async write(events, serialized) {
      const stored = events.length ? writeAll(events, serialized) : 0;
      return { stored, duplicates: events.length - stored };
    },
    async recent(stream, limit) {
      return select.all(stream, limit).map((row) => ({ id: row.id, stream: row.stream, event: JSON.parse(row.body) }));
    },
    setModels(next, schemas) {
      catalog = next;
      modelled = next.entries().some(([, model]) => model.tables.length > 0);
      if (modelled && !options.hashSecret && next.entries().some(([, m]) => m.tables.some((t) => t.columns.some((c) => c.privacy === "hash")))) {
        log("No hash secret was given: hash columns use a secret of this process only (hashes will differ after a restart).");
      }
      if (modelled && options.rewriteClearValues !== false) {
        recordHashChanges(db, next, new Date((options.now || Date.now)()).toISOString()).forEach((m) => log(m));
        rewriting = rewriting.then(() => rewriteClearColumns(db, hashSecret, log)).catch((e) => log(`rewriting clear values to hashes stopped: ${e.message} (it goes on at the next start)`));
      }
      materialiser.setModels(next, schemas);
    },
    async recordFailures(rows) {
      failures.write(rows);
    },
    async purge(now) {
      const report = await purgeStore(db, catalog, now, log);
      if (report.streams.some((s) => s.rawDeleted || s.failedDeleted || s.dropped.some((d) => d.rows))) {
        db.pragma("wal_checkpoint(TRUNCATE)");
      }
      return report;
    },
    async trace(subject, limit) {
      const needle = `"${subject.by === "pageview" ? "pageview_id" : "session_id"}":${JSON.stringify(subject.id)}`;
      return traceSelect.all(traceWindow, needle, limit).map((row) => traceEntryOf(JSON.parse(row.body), subject)).filter((e) => e !== null);
    },
    async refusals(subject, limit) {
      const query2 = subject.by === "pageview" ? { pageviewId: subject.id } : { sessionId: subject.id };
      const rows = readFailedEvents(db, Object.assign(query2, { limit: limit * MAX_ERRORS_PER_EVENT }));
      return traceRefusalsOf(rows, limit);
    },
    async storedDays() {
      const days = [];
      let t = firstAfter.get(NO_CLIENT_TIME + 1);
      while (t !== null && t !== void 0) {
        const start = Math.floor(t / DAY_MS2) * DAY_MS2;
        const iso = new Date(start).toISOString();
        if (/^\d{4}-/.test(iso)) {
          days.push(iso.slice(0, 10));
        }
        t = firstAfter.get(start + DAY_MS2);
      }
      return days;
    },
    async eventsOfDay(day, after, limit) {
      const start = Date.parse(day + "T00:00:00Z");
      const t = after ? after.t : start - 1;
      return dayPage.all(start, start + DAY_MS2, t, t, after ? after.id : "", limit);
    },
    async close() {
      if (db.open) {
        db.close();
      }
    }
  };
}

// intake/src/jsonLinesSink.ts
var import_node_fs3 = require("node:fs");
var RECENT = 1e3;
function createJsonLinesSink(file) {
  const seen = /* @__PURE__ */ new Set();
  const recent = [];
  if ((0, import_node_fs3.existsSync)(file)) {
    for (const line of (0, import_node_fs3.readFileSync)(file, "utf8").split("\n")) {
      try {
        seen.add(metaOf(JSON.parse(line)).id);
      } catch (e) {
      }
    }
  }
  const out = (0, import_node_fs3.createWriteStream)(file, { flags: "a" });
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
    async trace(subject, limit) {
      const found = [];
      for (let i = recent.length - 1; i >= 0 && found.length < limit; i--) {
        const entry = traceEntryOf(recent[i].event, subject);
        if (entry) {
          found.push(entry);
        }
      }
      return found;
    },
    close: () => new Promise((resolve) => {
      out.end(resolve);
    })
  };
}

// intake/src/postgres/transaction.ts
async function inTransaction(client, work) {
  await client.query("BEGIN");
  try {
    const result = await work();
    await client.query("COMMIT");
    return result;
  } catch (e) {
    await client.query("ROLLBACK").catch(() => void 0);
    throw e;
  }
}

// intake/src/postgres/postgresSink.ts
var import_node_crypto6 = require("node:crypto");
var import_pg = require("pg");

// intake/src/postgres/connectionLoss.ts
function surviveConnectionLoss(pool, log) {
  pool.on("connect", (client) => {
    let told = false;
    client.on("error", (e) => {
      if (!told) {
        told = true;
        log(`PostgreSQL connection lost (${e.message}); a new one is opened on next use`);
      }
    });
  });
  pool.on("error", () => void 0);
  return pool;
}

// intake/src/postgres/dayPartitions.ts
var import_node_crypto5 = require("node:crypto");
var NO_DAY = "-infinity";
var DAY_MS3 = 864e5;
var PARTITION_WINDOW = { pastDays: 30, aheadDays: 1 };
function dayOf(t) {
  if (t === NO_CLIENT_TIME) {
    return NO_DAY;
  }
  const iso = new Date(t).toISOString();
  return /^\d{4}-/.test(iso) && !iso.startsWith("0000") ? iso.slice(0, 10) : NO_DAY;
}
function inPartitionWindow(day, now) {
  if (day === NO_DAY) {
    return false;
  }
  const start = Date.parse(day + "T00:00:00Z");
  return start >= now - (PARTITION_WINDOW.pastDays + 1) * DAY_MS3 && start <= now + PARTITION_WINDOW.aheadDays * DAY_MS3;
}
var MAX_IDENTIFIER = 63;
function partitionName(day, parent = "events") {
  const suffix = "_" + day.replace(/-/g, "");
  return parent.length + suffix.length <= MAX_IDENTIFIER ? parent + suffix : `${parent.slice(0, 40)}_${(0, import_node_crypto5.createHash)("md5").update(parent).digest("hex").slice(0, 12)}${suffix}`;
}
function defaultPartitionName(parent) {
  return `${parent}_other`;
}
var PARTITION_LOCK = 1836056578;
async function ensureDayPartition(client, day, parent = "events") {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) {
    throw new Error(`not a day: ${day}`);
  }
  const name = partitionName(day, parent);
  const other = defaultPartitionName(parent);
  const next = new Date(Date.parse(day + "T00:00:00Z") + DAY_MS3).toISOString().slice(0, 10);
  await inTransaction(client, async () => {
    await client.query("SELECT pg_advisory_xact_lock($1)", [PARTITION_LOCK]);
    const exists = (await client.query("SELECT 1 FROM pg_class WHERE relname = $1 AND relnamespace = current_schema()::regnamespace", [name])).rowCount;
    if (!exists) {
      await client.query(`CREATE TEMP TABLE mp_moving ON COMMIT DROP AS SELECT * FROM "${other}" WITH NO DATA`);
      await client.query(`WITH m AS (DELETE FROM "${other}" WHERE day = $1 RETURNING *) INSERT INTO mp_moving SELECT * FROM m`, [day]);
      await client.query(`CREATE TABLE "${name}" PARTITION OF "${parent}" FOR VALUES FROM ('${day}') TO ('${next}')`);
      await client.query(`INSERT INTO "${parent}" OVERRIDING SYSTEM VALUE SELECT * FROM mp_moving`);
    }
  });
}
async function partitionDays(client, parent = "events") {
  const rows = (await client.query(`SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
		WHERE i.inhparent = $1::regclass`, [`"${parent}"`])).rows;
  return rows.map((r) => /_(\d{4})(\d{2})(\d{2})$/.exec(r.relname)).filter((m) => m !== null).map((m) => `${m[1]}-${m[2]}-${m[3]}`).sort();
}

// intake/src/postgres/keyText.ts
var ENCODED = "";
function keyText(key) {
  return /[\u0000\ud800-\udfff]/.test(key) || key.startsWith(ENCODED) ? ENCODED + JSON.stringify(key) : key;
}
function keyOf(text) {
  return text.startsWith(ENCODED) ? JSON.parse(text.slice(1)) : text;
}

// intake/src/postgres/rehash.ts
var HASH_PATTERN = "^[0-9a-f]{64}$";
async function recordPgHashChange(client, physical, column, type, now, record) {
  if (type !== "string") {
    await client.query(`ALTER TABLE "${physical}" ALTER COLUMN "${column}" TYPE text USING "${column}"::text`);
  }
  if (record) {
    await client.query("INSERT INTO mp_rehash (physical, name, type, since) VALUES ($1, $2, $3, $4) ON CONFLICT (physical, name) DO NOTHING", [physical, column, type, now]);
  }
}
function clearValueOf(text, type) {
  if (type === "integer" || type === "number") {
    const n = Number(text);
    return Number.isFinite(n) ? n : text;
  }
  if (type === "boolean") {
    return text === "true";
  }
  if (type === "json") {
    try {
      return JSON.parse(text);
    } catch (e) {
      return text;
    }
  }
  return text;
}
async function rewritePgClearColumns(pool, secret, log, options = {}) {
  const chunk = Math.max(1, Math.floor(options.chunk || REHASH_CHUNK_ROWS));
  const stopped = options.stopped || (() => false);
  const hash = createHasher(secret);
  const client = await pool.connect();
  let total = 0;
  try {
    if (!(await client.query("SELECT pg_try_advisory_lock(hashtext('mp rehash')) AS ok")).rows[0].ok) {
      return 0;
    }
    try {
      for (; ; ) {
        const next = (await client.query("SELECT physical, name, type FROM mp_rehash ORDER BY physical, name LIMIT 1")).rows[0];
        if (!next || stopped()) {
          return total;
        }
        const exists = (await client.query(`SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 AND column_name = $2
					AND data_type = 'text'`, [next.physical, next.name])).rowCount;
        if (!exists) {
          await client.query("DELETE FROM mp_rehash WHERE physical = $1 AND name = $2", [next.physical, next.name]);
          continue;
        }
        const leaves = (await client.query(`SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
					WHERE i.inhparent = quote_ident($1)::regclass ORDER BY c.relname`, [next.physical])).rows.map((r) => r.name);
        const column = `"${next.name}"`;
        let rewritten = 0;
        for (const leaf of leaves.length ? leaves : [next.physical]) {
          let after = "(0,0)";
          for (; ; ) {
            if (stopped()) {
              return total + rewritten;
            }
            const rows = (await client.query(`SELECT ctid::text AS id, ${column} AS v FROM ONLY "${leaf}"
							WHERE ctid > $1::tid AND ${column} IS NOT NULL AND ${column} !~ $2 ORDER BY ctid LIMIT ${chunk}`, [after, HASH_PATTERN])).rows;
            if (!rows.length) {
              break;
            }
            const r = await client.query(`UPDATE ONLY "${leaf}" AS t SET ${column} = u.h FROM unnest($1::tid[], $2::text[], $3::text[]) AS u(id, old, h)
							WHERE t.ctid = u.id AND t.${column} = u.old`, [rows.map((x) => x.id), rows.map((x) => x.v), rows.map((x) => hash(clearValueOf(x.v, next.type)))]);
            rewritten += r.rowCount || 0;
            after = rows[rows.length - 1].id;
            await new Promise((resolve) => {
              setImmediate(resolve);
            });
          }
        }
        await client.query("DELETE FROM mp_rehash WHERE physical = $1 AND name = $2", [next.physical, next.name]);
        total += rewritten;
        log(`column ${next.name} of ${next.physical}: ${rewritten} values stored in clear before it became "hash" now hold their keyed hash`);
      }
    } finally {
      await client.query("SELECT pg_advisory_unlock(hashtext('mp rehash'))");
    }
  } finally {
    client.release();
  }
}

// intake/src/postgres/tableStore.ts
var PG_TYPES = { string: "text", integer: "bigint", number: "double precision", boolean: "boolean", json: "json" };
function systemColumns(partitioned) {
  return ["event_id text NOT NULL", "received_at timestamptz NOT NULL"].concat(partitioned ? ["day date NOT NULL"] : []);
}
var TABLE_LOCK = 1836056579;
async function ensurePgTable(client, physical, stream, table, major, schemaId, columns, now, rehash = false) {
  const changes = [];
  const logChange = async (message) => {
    changes.push(message);
    await client.query("INSERT INTO mp_migrations (name, table_name) VALUES ($1, $2)", [message, physical]);
  };
  return inTransaction(client, async () => {
    await client.query("SELECT pg_advisory_xact_lock($1)", [TABLE_LOCK]);
    const existing = (await client.query("SELECT * FROM mp_tables WHERE physical = $1", [physical])).rows[0];
    const partitioned = existing ? existing.partition_by === "day" : table.partition === "day";
    const indexReceived = `CREATE INDEX IF NOT EXISTS "${physical}_received_at" ON "${physical}" (received_at)`;
    if (!existing) {
      const definition = systemColumns(partitioned).concat(columns.map((c) => `"${c.name}" ${PG_TYPES[c.type]}`)).join(", ");
      await client.query(`CREATE TABLE "${physical}" (${definition})${partitioned ? " PARTITION BY RANGE (day)" : ""}`);
      if (partitioned) {
        await client.query(`CREATE TABLE "${defaultPartitionName(physical)}" PARTITION OF "${physical}" DEFAULT`);
      } else if (columns.some((c) => c.privacy === "drop")) {
        await client.query(indexReceived);
      }
      await client.query(`INSERT INTO mp_tables (physical, stream, name, major, schema_id, description, dedupe, partition_by, created_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, [physical, stream, table.name, major, schemaId, table.description || "", table.dedupe ? 1 : 0, table.partition, now]);
      const older = (await client.query("SELECT physical FROM mp_tables WHERE name = $1 AND major < $2 ORDER BY major DESC LIMIT 1", [table.name, major])).rows[0];
      await logChange(older ? `stream "${stream}": ${schemaId} is a new major version (${major}), incompatible with the events in ${older.physical}; table ${physical} created beside it (${older.physical} keeps its rows; query both, or UNION ALL them, to span the change)` : `stream "${stream}": table ${physical} created (${columns.length} columns)`);
    } else if (existing.stream !== stream) {
      throw new Error(`table ${physical} belongs to stream "${existing.stream}"`);
    } else if ((table.description || "") !== existing.description) {
      await client.query("UPDATE mp_tables SET description = $1 WHERE physical = $2", [table.description || "", physical]);
    }
    const have = new Map((await client.query("SELECT * FROM mp_columns WHERE physical = $1", [physical])).rows.map((c) => [c.name, c]));
    let position = have.size;
    const upsert = `INSERT INTO mp_columns (physical, name, position, path, type, privacy, privacy_tagged, description) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
			ON CONFLICT (physical, name) DO UPDATE SET path = excluded.path, type = excluded.type, privacy = excluded.privacy, privacy_tagged = excluded.privacy_tagged, description = excluded.description`;
    const stored = [];
    let rehashing = false;
    for (const c of columns) {
      const known = have.get(c.name);
      if (!known) {
        if (existing) {
          await client.query(`ALTER TABLE "${physical}" ADD COLUMN IF NOT EXISTS "${c.name}" ${PG_TYPES[c.type]}`);
          if (c.privacy === "drop" && !partitioned) {
            await client.query(indexReceived);
          }
          await logChange(`stream "${stream}": column ${c.name} (${c.type}) added to ${physical}`);
        }
        await client.query(upsert, [physical, c.name, position++, c.path, c.type, c.privacy, c.privacyTagged ? 1 : 0, c.description]);
        stored.push(c);
        continue;
      }
      let type = known.type;
      if (known.path !== c.path || known.privacy !== c.privacy || known.description !== c.description || known.privacy_tagged !== (c.privacyTagged ? 1 : 0)) {
        if (known.privacy !== c.privacy && c.privacy === "hash") {
          await recordPgHashChange(client, physical, c.name, known.type, now, rehash);
          type = "string";
          rehashing = rehash;
          changes.push(`stream "${stream}": column ${c.name} of ${physical} is now "hash" (was "${known.privacy}"): ` + (rehash ? "its rows stored so far are being rewritten to their keyed hash" : "rows written before keep what they hold (no hash secret to rewrite them with)") + (known.type === "string" ? "" : ` (the column is now text, was ${PG_TYPES[known.type]})`));
        } else if (known.privacy !== c.privacy && c.privacy === "drop") {
          await client.query("UPDATE mp_tables SET dropped_until = '' WHERE physical = $1", [physical]);
          changes.push(`stream "${stream}": column ${c.name} of ${physical} is now "drop" (was "${known.privacy}"); the next purge empties it in rows past the stream's retention, older rows included`);
        } else if (known.privacy !== c.privacy) {
          changes.push(`stream "${stream}": column ${c.name} of ${physical} is now "${c.privacy}" (was "${known.privacy}"); rows written before keep what they hold`);
        }
        if (c.privacy === "drop" && !partitioned) {
          await client.query(indexReceived);
        }
        await client.query(upsert, [physical, c.name, known.position, c.path, type, c.privacy, c.privacyTagged ? 1 : 0, c.description]);
      }
      stored.push(Object.assign({}, c, { type }));
    }
    return { changes, columns: stored, partitioned, rehashing };
  });
}

// intake/src/postgres/materialiser.ts
var MAX_PLANS2 = 1e3;
var BIGINT_LIMIT = 2 ** 63;
function pgValue(value, type, text) {
  if (value === null) {
    return null;
  }
  if (text && typeof value === "string") {
    return value.includes("\0") ? value.replace(/\u0000/g, "�") : value;
  }
  if (type === "integer" && typeof value === "number" && !(value > -BIGINT_LIMIT && value < BIGINT_LIMIT)) {
    return null;
  }
  return value;
}
function isReceiveTime(dt) {
  return typeof dt === "string" && /^\d{4}-\d{2}-\d{2}T/.test(dt) && dt.endsWith("Z") && !Number.isNaN(Date.parse(dt));
}
function createPgMaterialiser(pool, options) {
  let catalog = null;
  let schemas = () => null;
  let hasTables = false;
  let plans = /* @__PURE__ */ new Map();
  const partitions = /* @__PURE__ */ new Set();
  const report = onceLog(options.log);
  const hash = createHasher(options.hashSecret);
  async function makePlans(stream, schemaId) {
    const list = [];
    const tables = catalog ? catalog.get(stream).tables : [];
    if (!tables.length) {
      return list;
    }
    const major = schemaMajorVersion(schemaId);
    if (major === null) {
      report(`stream "${stream}": ${schemaId} has no x.y.z version, so its events go to no table`);
      return list;
    }
    const client = await pool.connect();
    try {
      for (const table of tables) {
        const physical = physicalTableName(table.name, major);
        try {
          const resolved = resolveColumns(table, schemas(schemaId), schemaId);
          resolved.problems.forEach((p) => report(`stream "${stream}": ${p}`));
          const made = await ensurePgTable(client, physical, stream, table, major, schemaId, resolved.columns, new Date(options.now()).toISOString(), !!options.onRehash);
          made.changes.forEach((m) => options.log(m));
          if (made.rehashing && options.onRehash) {
            options.onRehash();
          }
          const columns = made.columns;
          const system = ["event_id", "received_at"].concat(made.partitioned ? ["day"] : []);
          const casts = ["text[]", "timestamptz[]"].concat(made.partitioned ? ["date[]"] : [], columns.map((c) => PG_TYPES[c.type] + "[]"));
          list.push({
            physical,
            table,
            partitioned: made.partitioned,
            types: columns.map((c) => c.type),
            text: columns.map((c) => c.type === "string" || c.privacy === "hash"),
            insert: `INSERT INTO "${physical}" (${system.concat(columns.map((c) => `"${c.name}"`)).join(", ")})
							SELECT * FROM unnest(${casts.map((cast, i) => `$${i + 1}::${cast}`).join(", ")})`,
            project: compileProjector(columns, hash),
            passes: compileFilter(table.filter)
          });
        } catch (e) {
          report(`stream "${stream}": table ${physical} cannot be written: ${e.message}`);
        }
      }
    } finally {
      client.release();
    }
    return list;
  }
  function planFor(stream, schemaId) {
    const key = stream + "\n" + schemaId;
    let list = plans.get(key);
    if (!list) {
      if (plans.size >= MAX_PLANS2) {
        plans.clear();
      }
      list = makePlans(stream, schemaId);
      plans.set(key, list);
    }
    return list;
  }
  function schemaOf(event) {
    return typeof event.$schema === "string" ? event.$schema : "";
  }
  function streamOf(event) {
    return event.meta.stream;
  }
  return {
    setModels(next, nextSchemas) {
      catalog = next;
      schemas = nextSchemas || schemas;
      hasTables = next.entries().some(([, model]) => model.tables.length > 0);
      plans = /* @__PURE__ */ new Map();
    },
    modelled: () => hasTables,
    async prepare(events) {
      const pairs = /* @__PURE__ */ new Map();
      for (const event of events) {
        const schemaId = schemaOf(event);
        if (schemaId) {
          pairs.set(streamOf(event) + "\n" + schemaId, [streamOf(event), schemaId]);
        }
      }
      const days = /* @__PURE__ */ new Map();
      for (const [key, [stream, schemaId]] of pairs) {
        const list = await planFor(stream, schemaId);
        if (!list.some((p) => p.partitioned)) {
          continue;
        }
        for (const event of events) {
          const dt = event.meta.dt;
          if (streamOf(event) + "\n" + schemaOf(event) === key && isReceiveTime(dt)) {
            for (const plan of list) {
              if (plan.partitioned) {
                days.set(`${plan.physical} ${dt.slice(0, 10)}`, plan.physical);
              }
            }
          }
        }
      }
      const missing = [...days].filter(([key]) => !partitions.has(key) && inPartitionWindow(key.slice(-10), options.now()));
      if (!missing.length) {
        return;
      }
      const client = await pool.connect();
      try {
        for (const [key, physical] of missing) {
          try {
            await ensureDayPartition(client, key.slice(-10), physical);
            partitions.add(key);
          } catch (e) {
            report(`table ${physical}: the partition of ${key.slice(-10)} could not be made: ${e.message}`);
          }
        }
      } finally {
        client.release();
      }
    },
    async insert(client, events, isNew) {
      const gathered = /* @__PURE__ */ new Map();
      const row = [];
      for (let i = 0; i < events.length; i++) {
        const event = events[i];
        const schemaId = schemaOf(event);
        const meta = event.meta;
        if (!schemaId || !isReceiveTime(meta.dt)) {
          continue;
        }
        for (const plan of await planFor(meta.stream, schemaId)) {
          if (!isNew[i] && plan.table.dedupe || !plan.passes(event)) {
            continue;
          }
          let columns = gathered.get(plan);
          if (!columns) {
            columns = Array.from({ length: (plan.partitioned ? 3 : 2) + plan.types.length }, () => []);
            gathered.set(plan, columns);
          }
          columns[0].push(keyText(meta.id));
          columns[1].push(meta.dt);
          if (plan.partitioned) {
            columns[2].push(meta.dt.slice(0, 10));
          }
          const first = plan.partitioned ? 3 : 2;
          plan.project(event, row, 0);
          for (let c = 0; c < plan.types.length; c++) {
            columns[first + c].push(pgValue(row[c], plan.types[c], plan.text[c]));
          }
        }
      }
      for (const [plan, columns] of gathered) {
        await client.query("SAVEPOINT mp_table");
        try {
          await client.query(plan.insert, columns);
          await client.query("RELEASE SAVEPOINT mp_table");
        } catch (e) {
          await client.query("ROLLBACK TO SAVEPOINT mp_table");
          report(`table ${plan.physical}: ${columns[0].length} row(s) could not be written: ${e.message}`);
        }
      }
    }
  };
}

// intake/src/postgres/failedEvents.ts
var INSERT = `INSERT INTO failed_events (stream, received_at, meta_id, pageview_id, session_id, kind, path, schema_path, message)
SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])`;
var FIELDS = ["stream", "received_at", "meta_id", "pageview_id", "session_id", "kind", "path", "schema_path", "message"];
function pgText(value) {
  return value === null ? null : value.replace(/\u0000/g, "�");
}
async function writePgFailedEvents(pool, rows, max = MAX_FAILED_EVENTS) {
  if (!rows.length) {
    return;
  }
  const client = await pool.connect();
  try {
    await inTransaction(client, async () => {
      await client.query(INSERT, FIELDS.map((f) => rows.map((r) => pgText(r[f]))));
      await client.query("DELETE FROM failed_events WHERE seq <= (SELECT MAX(seq) FROM failed_events) - $1", [max]);
    });
  } finally {
    client.release();
  }
}
async function readPgFailedEvents(pool, subject, limit) {
  const column = subject.by === "pageview" ? "pageview_id" : "session_id";
  const r = await pool.query(
    `SELECT ${FIELDS.join(", ")} FROM failed_events WHERE ${column} = $1 ORDER BY seq DESC LIMIT $2`,
    [subject.id, Math.min(1e3, Math.max(1, Math.floor(limit)))]
  );
  return r.rows;
}

// intake/src/postgres/migrations.ts
var MIGRATIONS = [
  {
    version: 1,
    name: "events, partitioned by the day of the event time, unique (day, t, id)",
    sql: `
CREATE TABLE events (
	seq bigint GENERATED ALWAYS AS IDENTITY,
	day date NOT NULL,
	t bigint NOT NULL,
	id text NOT NULL,
	stream text NOT NULL,
	dt text NOT NULL,
	body json NOT NULL,
	PRIMARY KEY (day, t, id)
) PARTITION BY RANGE (day);
CREATE TABLE events_other PARTITION OF events DEFAULT;
CREATE INDEX events_stream ON events (stream, seq);
CREATE INDEX events_seq ON events (seq);`
  },
  {
    version: 2,
    name: "mp_schedule_runs: which process ran a schedule in which slot",
    sql: `
CREATE TABLE mp_schedule_runs (
	name text NOT NULL,
	slot bigint NOT NULL,
	started_at timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (name, slot)
);`
  },
  {
    version: 3,
    name: "modelled tables: their catalogue (mp_tables, mp_columns), failed_events, mp_quality_results, mp_settings; mp_migrations also logs table changes",
    sql: `
ALTER TABLE mp_migrations DROP CONSTRAINT mp_migrations_pkey;
ALTER TABLE mp_migrations ALTER COLUMN version DROP NOT NULL;
ALTER TABLE mp_migrations ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY;
ALTER TABLE mp_migrations ADD COLUMN table_name text;
CREATE UNIQUE INDEX mp_migrations_version ON mp_migrations (version) WHERE version IS NOT NULL;
CREATE TABLE mp_tables (
	physical text PRIMARY KEY,
	stream text NOT NULL,
	name text NOT NULL,
	major integer NOT NULL,
	schema_id text NOT NULL,
	description text NOT NULL,
	dedupe integer NOT NULL,
	partition_by text NOT NULL,
	created_at text NOT NULL,
	dropped_until text COLLATE "C" NOT NULL DEFAULT ''
);
CREATE TABLE mp_columns (
	physical text NOT NULL,
	name text NOT NULL,
	position integer NOT NULL,
	path text NOT NULL,
	type text NOT NULL,
	privacy text NOT NULL,
	privacy_tagged integer NOT NULL,
	description text NOT NULL,
	PRIMARY KEY (physical, name)
);
CREATE TABLE failed_events (
	seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	stream text NOT NULL,
	received_at text COLLATE "C" NOT NULL,
	meta_id text,
	pageview_id text,
	session_id text,
	kind text NOT NULL,
	path text NOT NULL,
	schema_path text NOT NULL,
	message text NOT NULL
);
CREATE INDEX failed_events_stream ON failed_events (stream, received_at);
CREATE INDEX failed_events_pageview ON failed_events (pageview_id) WHERE pageview_id IS NOT NULL;
CREATE INDEX failed_events_session ON failed_events (session_id) WHERE session_id IS NOT NULL;
CREATE TABLE mp_quality_results (
	seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	run_id text COLLATE "C" NOT NULL,
	checked_at text COLLATE "C" NOT NULL,
	table_name text NOT NULL,
	check_name text NOT NULL,
	column_name text,
	status text NOT NULL,
	observed text NOT NULL,
	observed_value double precision,
	threshold text NOT NULL,
	failing_rows text NOT NULL
);
CREATE INDEX mp_quality_results_latest ON mp_quality_results (table_name, checked_at);
CREATE TABLE mp_settings (
	name text PRIMARY KEY,
	value text NOT NULL
);`
  },
  {
    version: 4,
    name: "mp_rehash: columns turned from keep or drop to hash whose clear values are being rewritten",
    sql: `
CREATE TABLE mp_rehash (
	physical text NOT NULL,
	name text NOT NULL,
	type text NOT NULL,
	since text NOT NULL,
	PRIMARY KEY (physical, name)
);`
  }
];
var MIGRATION_LOCK = 1836056577;
async function migrate(client, migrations = MIGRATIONS) {
  const applied = [];
  await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
  try {
    await client.query(`CREATE TABLE IF NOT EXISTS mp_migrations (
			version integer PRIMARY KEY,
			name text NOT NULL,
			applied_at timestamptz NOT NULL DEFAULT now()
		)`);
    const done = new Set((await client.query("SELECT version FROM mp_migrations")).rows.map((r) => r.version));
    for (const m of migrations) {
      if (done.has(m.version)) {
        continue;
      }
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query("INSERT INTO mp_migrations (version, name) VALUES ($1, $2)", [m.version, m.name]);
        await client.query("COMMIT");
      } catch (e) {
        await client.query("ROLLBACK");
        throw new Error(`PostgreSQL migration ${m.version} (${m.name}) failed: ${e.message}`);
      }
      applied.push(m.version);
    }
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]);
  }
  return applied;
}

// intake/src/postgres/purge.ts
var DAY_MS4 = 864e5;
var DISTINCT_STREAMS = (table) => `WITH RECURSIVE s(x) AS (SELECT MIN(stream) FROM ${table}
	UNION ALL SELECT (SELECT MIN(stream) FROM ${table} WHERE stream > x) FROM s WHERE x IS NOT NULL) SELECT x FROM s WHERE x IS NOT NULL`;
function addDays(day, offset) {
  return new Date(Date.parse(day + "T00:00:00Z") + offset * DAY_MS4).toISOString().slice(0, 10);
}
async function dropPastPartitions(pool, cutoffOf, youngest, now, notBefore) {
  const rows = /* @__PURE__ */ new Map();
  const days = [];
  const client = await pool.connect();
  try {
    for (const day of await partitionDays(client)) {
      if (addDays(day, 1) + "T00:00:00.000Z" > youngest || (notBefore.get(day) || 0) >= now) {
        continue;
      }
      const name = partitionName(day);
      const past = (list) => list.every((g) => g.newest < cutoffOf(g.stream));
      const groups = (await client.query(`SELECT stream, COUNT(*) AS n, MAX(dt COLLATE "C") AS newest, MAX(seq) AS last FROM "${name}" GROUP BY stream`)).rows;
      if (!past(groups)) {
        notBefore.set(day, groups.reduce((max, g) => Math.max(max, Date.parse(g.newest) + (now - Date.parse(cutoffOf(g.stream)))), 0));
        continue;
      }
      const seen = groups.reduce((max, g) => Math.max(max, g.last), 0);
      await client.query("BEGIN");
      try {
        await client.query("LOCK TABLE events IN ACCESS EXCLUSIVE MODE");
        const since = (await client.query(`SELECT stream, COUNT(*) AS n, MAX(dt COLLATE "C") AS newest, MAX(seq) AS last FROM "${name}" WHERE seq > $1 GROUP BY stream`, [seen])).rows;
        if (past(since)) {
          await client.query(`DROP TABLE "${name}"`);
          for (const g of groups.concat(since)) {
            rows.set(g.stream, (rows.get(g.stream) || 0) + g.n);
          }
          days.push(day);
        }
        await client.query("COMMIT");
      } catch (e) {
        await client.query("ROLLBACK");
        throw e;
      }
    }
  } finally {
    client.release();
  }
  return { rows, days };
}
async function newestReceived(pool, physical, partitioned) {
  const newestOf = async (name) => (await pool.query(
    `SELECT to_char(MAX(received_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS m FROM "${name}"`
  )).rows[0].m;
  if (!partitioned) {
    return newestOf(physical);
  }
  const newest = await newestOf(defaultPartitionName(physical));
  const days = await partitionDays(pool, physical);
  for (let i = days.length - 1; i >= 0; i--) {
    const m = await newestOf(partitionName(days[i], physical));
    if (m !== null) {
      return newest === null || m > newest ? m : newest;
    }
  }
  return newest;
}
async function purgePostgres(pool, catalog, now, log, notBefore = /* @__PURE__ */ new Map()) {
  const report = { now: new Date(now).toISOString(), streams: [] };
  const retentionOf = (stream) => catalog ? catalog.get(stream).retentionDays : DEFAULT_RETENTION_DAYS;
  const cutoffOf = (stream) => new Date(now - retentionOf(stream) * DAY_MS4).toISOString();
  const streams = /* @__PURE__ */ new Set();
  for (const row of (await pool.query(DISTINCT_STREAMS("events"))).rows) {
    streams.add(keyOf(row.x));
  }
  for (const row of (await pool.query(DISTINCT_STREAMS("failed_events"))).rows) {
    streams.add(row.x);
  }
  for (const row of (await pool.query("SELECT DISTINCT stream FROM mp_tables")).rows) {
    streams.add(row.stream);
  }
  const youngest = [...streams].reduce((max, s) => cutoffOf(s) > max ? cutoffOf(s) : max, "");
  const dropped = await dropPastPartitions(pool, (stored) => cutoffOf(keyOf(stored)), youngest, now, notBefore);
  if (dropped.days.length) {
    log(`purge: raw event partitions dropped (every row past its stream's retention): ${dropped.days.map((d) => partitionName(d)).join(", ")}`);
  }
  for (const stream of [...streams].sort()) {
    const retentionDays = retentionOf(stream);
    const cutoff = cutoffOf(stream);
    const done = { stream, retentionDays, cutoff, rawDeleted: dropped.rows.get(keyText(stream)) || 0, failedDeleted: 0, dropped: [] };
    done.rawDeleted += (await pool.query(
      'DELETE FROM events WHERE stream = $1 AND dt COLLATE "C" < $2 AND day <= $3::date',
      [keyText(stream), cutoff, addDays(cutoff.slice(0, 10), PARTITION_WINDOW.aheadDays)]
    )).rowCount || 0;
    done.rawDeleted += (await pool.query('DELETE FROM events_other WHERE stream = $1 AND dt COLLATE "C" < $2', [keyText(stream), cutoff])).rowCount || 0;
    done.failedDeleted = (await pool.query("DELETE FROM failed_events WHERE stream = $1 AND received_at < $2", [stream, cutoff])).rowCount || 0;
    const tables = (await pool.query(
      "SELECT physical, dropped_until, partition_by FROM mp_tables WHERE stream = $1 ORDER BY physical",
      [stream]
    )).rows;
    for (const table of tables) {
      const columns = (await pool.query("SELECT name FROM mp_columns WHERE physical = $1 AND privacy = 'drop' ORDER BY position", [table.physical])).rows.map((c) => c.name);
      if (!columns.length || table.dropped_until >= cutoff) {
        continue;
      }
      const set = columns.map((c) => `"${c}" = NULL`).join(", ");
      const held = columns.map((c) => `"${c}" IS NOT NULL`).join(" OR ");
      const from = table.dropped_until || "-infinity";
      let rows = 0;
      if (table.partition_by === "day") {
        const days = (await partitionDays(pool, table.physical)).filter((d) => d >= from.slice(0, 10) && d <= cutoff.slice(0, 10));
        for (const name of days.map((d) => partitionName(d, table.physical)).concat(defaultPartitionName(table.physical))) {
          rows += (await pool.query(`UPDATE "${name}" SET ${set} WHERE received_at >= $1::timestamptz AND received_at < $2::timestamptz AND (${held})`, [from, cutoff])).rowCount || 0;
        }
      } else {
        rows = (await pool.query(`UPDATE "${table.physical}" SET ${set} WHERE received_at >= $1::timestamptz AND received_at < $2::timestamptz AND (${held})`, [from, cutoff])).rowCount || 0;
      }
      const newest = await newestReceived(pool, table.physical, table.partition_by === "day");
      await pool.query("UPDATE mp_tables SET dropped_until = $1 WHERE physical = $2", [newest === null ? table.dropped_until : newest < cutoff ? newest : cutoff, table.physical]);
      done.dropped.push({ table: table.physical, columns, rows });
    }
    report.streams.push(done);
    const emptied = done.dropped.filter((d) => d.rows).map((d) => `${d.table}: ${d.columns.join(", ")} emptied in ${d.rows} rows`);
    if (done.rawDeleted || done.failedDeleted || emptied.length) {
      log(`purge: stream "${stream}" (retention ${retentionDays} days, received before ${cutoff}): ${done.rawDeleted} raw events and ${done.failedDeleted} failed events deleted${emptied.length ? "; " + emptied.join("; ") : ""}`);
    }
  }
  return report;
}

// intake/src/postgres/postgresSink.ts
function isPostgresUrl(store) {
  return /^postgres(ql)?:\/\//.test(store);
}
var INSERT2 = `INSERT INTO events (day, t, id, stream, dt, body)
SELECT * FROM unnest($1::date[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::json[])
ON CONFLICT DO NOTHING`;
var INSERT_RETURNING = INSERT2 + " RETURNING t::text AS t, id";
var READ_TYPES = {
  getTypeParser(oid, format) {
    if (oid === import_pg.types.builtins.INT8) {
      return Number;
    }
    if (oid === import_pg.types.builtins.DATE || oid === import_pg.types.builtins.JSON) {
      return String;
    }
    if (oid === import_pg.types.builtins.TIMESTAMPTZ) {
      return (value) => new Date(import_pg.types.getTypeParser(oid, "text")(value)).toISOString();
    }
    return import_pg.types.getTypeParser(oid, format);
  }
};
var POSTGRES_HASH_SECRET_FILE = "mp-intake.hash-secret";
var SECRET_SETTING = "hash_secret_fingerprint";
function secretFingerprint(secret) {
  return (0, import_node_crypto6.createHmac)("sha256", secret).update("mp-intake hash secret fingerprint").digest("hex");
}
async function createPostgresSink(url, options = {}) {
  const pool = surviveConnectionLoss(new import_pg.Pool({ connectionString: url, max: options.poolSize || 8, types: READ_TYPES }), (m) => console.warn("[mp-intake] " + m));
  const now = options.now || Date.now;
  const known = /* @__PURE__ */ new Set();
  {
    const client = await pool.connect();
    try {
      await migrate(client);
      for (const day of await partitionDays(client)) {
        known.add(day);
      }
      if (options.hashSecret) {
        const mine = secretFingerprint(options.hashSecret);
        await client.query("INSERT INTO mp_settings (name, value) VALUES ($1, $2) ON CONFLICT DO NOTHING", [SECRET_SETTING, mine]);
        const kept = (await client.query("SELECT value FROM mp_settings WHERE name = $1", [SECRET_SETTING])).rows[0].value;
        if (kept !== mine) {
          throw new Error("the hash secret differs from the one this database's hash columns were written with (its fingerprint is in mp_settings): give every intake process the same --hash-secret-file or MP_INTAKE_HASH_SECRET");
        }
      }
    } catch (e) {
      client.release();
      await pool.end();
      throw e;
    }
    client.release();
  }
  const log = options.log || ((m) => console.warn("[mp-intake] " + m));
  let catalog = null;
  const partitionsKept = /* @__PURE__ */ new Map();
  let rewriting = Promise.resolve();
  let closing = false;
  const rewriteClearValues = () => {
    const secret = options.hashSecret;
    if (!secret || closing) {
      return;
    }
    rewriting = rewriting.then(() => rewritePgClearColumns(pool, secret, log, { stopped: () => closing })).then(() => void 0, (e) => {
      log(`rewriting clear values to hashes stopped: ${e.message} (it goes on at the next start)`);
    });
  };
  const materialiser = createPgMaterialiser(pool, { hashSecret: options.hashSecret || (0, import_node_crypto6.randomBytes)(32), log, now, onRehash: options.hashSecret ? rewriteClearValues : void 0 });
  rewriteClearValues();
  const traceWindow = Math.max(1, Math.floor(options.traceWindow || TRACE_WINDOW_EVENTS));
  async function ensureDays(days) {
    const missing = [...days].filter((d) => d !== NO_DAY && !known.has(d) && inPartitionWindow(d, now()));
    if (!missing.length) {
      return;
    }
    const client = await pool.connect();
    try {
      for (const day of missing) {
        await ensureDayPartition(client, day);
        known.add(day);
      }
    } finally {
      client.release();
    }
  }
  async function writeModelled(client, events, columns) {
    return inTransaction(client, async () => {
      const r = await client.query(INSERT_RETURNING, columns);
      const fresh = new Set(r.rows.map((row) => row.t + " " + row.id));
      const isNew = events.map((_, i) => {
        const key = String(columns[1][i]) + " " + String(columns[2][i]);
        return fresh.delete(key);
      });
      await materialiser.insert(client, events, isNew);
      return { stored: r.rows.length, duplicates: events.length - r.rows.length };
    });
  }
  async function runExclusively(name, task) {
    const client = await pool.connect();
    try {
      await client.query("SELECT pg_advisory_lock(hashtext($1))", ["mp schedule " + name]);
      try {
        await task();
      } finally {
        await client.query("SELECT pg_advisory_unlock(hashtext($1))", ["mp schedule " + name]);
      }
    } finally {
      client.release();
    }
  }
  async function runOncePerSlot(name, everyMs, task, at = now()) {
    const slot = Math.floor(at / everyMs);
    const client = await pool.connect();
    try {
      const locked = (await client.query("SELECT pg_try_advisory_lock(hashtext($1)) AS ok", ["mp schedule " + name])).rows[0].ok;
      if (!locked) {
        return false;
      }
      try {
        const claimed = await client.query("INSERT INTO mp_schedule_runs (name, slot) VALUES ($1, $2) ON CONFLICT DO NOTHING", [name, slot]);
        if (!claimed.rowCount) {
          return false;
        }
        await task();
        return true;
      } finally {
        await client.query("SELECT pg_advisory_unlock(hashtext($1))", ["mp schedule " + name]);
      }
    } finally {
      client.release();
    }
  }
  return {
    pool,
    async write(events, serialized) {
      if (!events.length) {
        return { stored: 0, duplicates: 0 };
      }
      const day = [];
      const t = [];
      const id = [];
      const stream = [];
      const dt = [];
      const body = [];
      for (let i = 0; i < events.length; i++) {
        const meta = metaOf(events[i]);
        t.push(clientTime(events[i]));
        day.push(dayOf(t[i]));
        id.push(keyText(meta.id));
        stream.push(keyText(meta.stream));
        dt.push(keyText(meta.dt));
        body.push(serialized ? serialized[i] : JSON.stringify(events[i]));
      }
      await ensureDays(new Set(day));
      if (!materialiser.modelled()) {
        const r = await pool.query(INSERT2, [day, t, id, stream, dt, body]);
        const stored = r.rowCount || 0;
        return { stored, duplicates: events.length - stored };
      }
      await materialiser.prepare(events);
      const client = await pool.connect();
      try {
        return await writeModelled(client, events, [day, t, id, stream, dt, body]);
      } finally {
        client.release();
      }
    },
    setModels(next, schemas) {
      if (!options.hashSecret && next.entries().some(([, m]) => m.tables.some((table) => table.columns.some((c) => c.privacy === "hash")))) {
        log("No hash secret was given: hash columns use a secret of this process only (hashes will differ between processes and after a restart).");
      }
      catalog = next;
      materialiser.setModels(next, schemas);
    },
    async recordFailures(rows) {
      await writePgFailedEvents(pool, rows);
    },
    async recent(stream, limit) {
      const r = await pool.query(
        "SELECT id, stream, body::text AS body FROM events WHERE stream = $1 ORDER BY seq DESC LIMIT $2",
        [keyText(stream), limit]
      );
      return r.rows.map((row) => ({ id: keyOf(row.id), stream: keyOf(row.stream), event: JSON.parse(row.body) }));
    },
    async trace(subject, limit) {
      const needle = `"${subject.by === "pageview" ? "pageview_id" : "session_id"}":${JSON.stringify(subject.id)}`;
      const r = await pool.query(
        `SELECT body::text AS body FROM events
				WHERE seq > (SELECT COALESCE(MAX(seq), 0) FROM events) - $1 AND strpos(body::text, $2) > 0 ORDER BY seq DESC LIMIT $3`,
        [traceWindow, needle, limit]
      );
      return r.rows.map((row) => traceEntryOf(JSON.parse(row.body), subject)).filter((e) => e !== null);
    },
    async refusals(subject, limit) {
      return traceRefusalsOf(await readPgFailedEvents(pool, subject, limit * MAX_ERRORS_PER_EVENT), limit);
    },
    async storedDays() {
      const r = await pool.query("SELECT DISTINCT day::text AS day FROM events WHERE day <> '-infinity' ORDER BY 1");
      return r.rows.map((row) => row.day);
    },
    async eventsOfDay(day, after, limit) {
      const r = await pool.query(
        `SELECT t::text AS t, id, stream, dt, body::text AS body FROM events WHERE day = $1 AND (t, id) > ($2::bigint, $3::text)
				ORDER BY t, id LIMIT $4`,
        [day, after ? after.t : Number.MIN_SAFE_INTEGER, after ? keyText(after.id) : "", limit]
      );
      return r.rows.map((row) => ({ t: Number(row.t), id: keyOf(row.id), stream: keyOf(row.stream), dt: keyOf(row.dt), body: row.body }));
    },
    async partitionDays(table = "events") {
      const client = await pool.connect();
      try {
        return await partitionDays(client, table);
      } finally {
        client.release();
      }
    },
    runOncePerSlot,
    async purge(at) {
      const report = { now: new Date(at).toISOString(), streams: [] };
      const task = async () => {
        Object.assign(report, await purgePostgres(pool, catalog, at, log, partitionsKept));
      };
      if (options.purgeEveryMs) {
        await runOncePerSlot("purge", options.purgeEveryMs, task, at);
      } else {
        await runExclusively("purge", task);
      }
      return report;
    },
    async close() {
      closing = true;
      await rewriting;
      await pool.end();
    }
  };
}

// intake/src/cli.ts
var import_node_fs7 = require("node:fs");
var import_node_path4 = __toESM(require("node:path"));
var import_node_util2 = require("node:util");

// intake/src/datasetDocs/docsSource.ts
var import_better_sqlite33 = __toESM(require("better-sqlite3"));
var import_pg2 = require("pg");

// intake/src/quality/checkedTable.ts
var TABLE_SYSTEM_COLUMNS = ["event_id", "received_at", "day"];
function sqlName(name) {
  return `"${name.replace(/"/g, '""')}"`;
}
function count(n) {
  return n.toLocaleString("en-US");
}

// intake/src/quality/checkQuery.ts
function query(sql, params = []) {
  return { sql, params };
}
function runOnSqlite(steps, db) {
  let next = steps.next([]);
  while (!next.done) {
    next = steps.next(db.prepare(next.value.sql).all(...next.value.params));
  }
  return next.value;
}
async function runOnReader(steps, read) {
  let next = steps.next([]);
  while (!next.done) {
    next = steps.next(await read(next.value));
  }
  return next.value;
}
var SQLITE = {
  describe: (table) => query(`PRAGMA table_info(${sqlName(table)})`),
  dialect: () => ({
    value: sqlName,
    notNumber: (column) => `typeof(${sqlName(column)}) NOT IN ('integer', 'real')`,
    sortKey: sqlName,
    rowKey: "rowid",
    rowOrder: "rowid",
    receivedDay: 'substr("received_at", 1, 10)',
    // received_at is the intake's, always `…Z` with ms: its text order is its time order (and MAX can use an index).
    newestTime: (column) => column === "received_at" ? `unixepoch(MAX("received_at"), 'subsec')` : `MAX(CASE WHEN typeof(${sqlName(column)}) = 'text' THEN unixepoch(${sqlName(column)}, 'subsec') END)`
  })
};
var PG_ISO_TIME = "'^\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}'";
var PG_OFFSET = "'(Z|z|[+-]\\d{2}(:?\\d{2})?)$'";
var PG_NUMBERS = /* @__PURE__ */ new Set(["bigint", "integer", "smallint", "double precision", "real", "numeric", "boolean"]);
var PG_TEXTS = /* @__PURE__ */ new Set(["text", "character varying", "character", "json", "jsonb"]);
var POSTGRES = {
  describe: (table) => query(`SELECT column_name AS name, data_type AS type FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position`, [table]),
  dialect: (columns) => {
    const types2 = new Map(columns.map((c) => [c.name, c.type]));
    const value = (column) => {
      const type = types2.get(column);
      return type === "boolean" ? `(${sqlName(column)})::int` : type === "json" || type === "jsonb" ? `(${sqlName(column)})::text` : sqlName(column);
    };
    return {
      value,
      notNumber: (column) => PG_NUMBERS.has(types2.get(column) || "") ? "FALSE" : null,
      sortKey: (column) => PG_TEXTS.has(types2.get(column) || "") ? `${value(column)} COLLATE "C"` : value(column),
      rowKey: "ctid::text",
      rowOrder: "ctid",
      receivedDay: `to_char("received_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD')`,
      newestTime: (column) => {
        const name = sqlName(column);
        if (/^timestamp/.test(types2.get(column) || "")) {
          return `extract(epoch from MAX(${name}))::float8`;
        }
        return `MAX(extract(epoch from CASE WHEN ${name} ~ ${PG_ISO_TIME} THEN CASE WHEN ${name} ~ ${PG_OFFSET} THEN (${name})::timestamptz
					ELSE (${name})::timestamp AT TIME ZONE 'UTC' END END))::float8`;
      }
    };
  }
};
function numberedPlaceholders(q) {
  let n = 0;
  return q.sql.replace(/\?/g, () => `$${++n}`);
}

// intake/src/quality/resultsTable.ts
var RESULTS_TABLE = "mp_quality_results";
var RESULTS_KEPT_DAYS = 90;
var CREATE3 = `
CREATE TABLE IF NOT EXISTS ${RESULTS_TABLE} (
	run_id TEXT NOT NULL,
	checked_at TEXT NOT NULL,
	table_name TEXT NOT NULL,
	check_name TEXT NOT NULL,
	column_name TEXT,
	status TEXT NOT NULL,
	observed TEXT NOT NULL,
	observed_value REAL,
	threshold TEXT NOT NULL,
	failing_rows TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ${RESULTS_TABLE}_latest ON ${RESULTS_TABLE} (table_name, checked_at);`;
function resultFromRow(r) {
  return {
    table: r.table_name,
    check: r.check_name,
    column: r.column_name,
    status: r.status,
    observed: r.observed,
    value: r.observed_value,
    threshold: r.threshold,
    failing: JSON.parse(r.failing_rows),
    checkedAt: r.checked_at
  };
}
function writeResults(db, results) {
  db.exec(CREATE3);
  if (!results.length) {
    return;
  }
  const insert = db.prepare(`INSERT INTO ${RESULTS_TABLE} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const runId = results[0].checkedAt;
  const oldest = new Date(Date.parse(runId) - RESULTS_KEPT_DAYS * 864e5).toISOString();
  db.transaction(() => {
    for (const r of results) {
      insert.run(runId, r.checkedAt, r.table, r.check, r.column, r.status, r.observed, r.value, r.threshold, JSON.stringify(r.failing));
    }
    db.prepare(`DELETE FROM ${RESULTS_TABLE} WHERE checked_at < ?`).run(oldest);
  })();
}
function latestResults(db, table) {
  if (!sqliteTableExists(db, RESULTS_TABLE)) {
    return [];
  }
  const rows = db.prepare(`SELECT * FROM ${RESULTS_TABLE} WHERE table_name = ? AND run_id =
		(SELECT MAX(run_id) FROM ${RESULTS_TABLE} WHERE table_name = ?) ORDER BY rowid`).all(table, table);
  return rows.map(resultFromRow);
}

// intake/src/quality/dropColumnValues.ts
var DROP_VALUE_HIDDEN = "(drop column: value not kept)";
function* withoutDropValues(steps, column) {
  const outcome = yield* steps;
  return Object.assign({}, outcome, {
    observed: outcome.check === "accepted_values" && outcome.value ? `${count(outcome.value)} rows with other values (not listed: ${column} is a drop column)` : outcome.observed,
    failing: outcome.failing.map((sample) => column in sample ? Object.assign({}, sample, { [column]: DROP_VALUE_HIDDEN }) : sample)
  });
}

// intake/src/quality/checkResult.ts
var SAMPLE_SIZE = 5;
function checkLabel(result) {
  return result.column ? `${result.check}(${result.column})` : result.check;
}

// intake/src/quality/rowChecks.ts
function status(failed, severity) {
  return !failed ? "pass" : severity === "warn" ? "warn" : "fail";
}
function percent(share) {
  return `${Number((share * 100).toFixed(2))} %`;
}
function sampleQuery(ctx, column, where, params) {
  return query(`SELECT ${ctx.key} AS row_key, ${ctx.dialect.value(column)} AS value FROM ${ctx.from} WHERE ${where}
		ORDER BY ${ctx.order}, ${ctx.dialect.sortKey(column)} LIMIT ${SAMPLE_SIZE}`, params);
}
function sampleRows(ctx, column, rows) {
  return rows.map((r) => ({ [ctx.key === "event_id" ? "event_id" : "rowid"]: r.row_key, [column]: r.value }));
}
function* notNull(ctx, check) {
  const col = ctx.dialect.value(check.column);
  const row = (yield query(`SELECT COUNT(*) AS total, COALESCE(SUM(CASE WHEN ${col} IS NULL THEN 1 ELSE 0 END), 0) AS nulls FROM ${ctx.from}`))[0];
  const share = row.total ? row.nulls / row.total : 0;
  const failed = share > check.tolerated_share;
  return {
    check: "not_null",
    column: check.column,
    status: status(failed, check.severity),
    value: row.nulls,
    observed: `${count(row.nulls)} of ${count(row.total)} rows null (${percent(share)})`,
    threshold: `at most ${percent(check.tolerated_share)} null`,
    failing: failed ? sampleRows(ctx, check.column, yield sampleQuery(ctx, check.column, `${col} IS NULL`, [])) : []
  };
}
function* unique(ctx, check) {
  const col = ctx.dialect.value(check.column);
  const groups = yield query(`SELECT ${col} AS value, COUNT(*) AS n FROM ${ctx.from} WHERE ${col} IS NOT NULL GROUP BY ${col} HAVING COUNT(*) > 1
		ORDER BY n DESC, ${ctx.dialect.sortKey(check.column)}`);
  const extra = groups.reduce((sum, g) => sum + g.n - 1, 0);
  return {
    check: "unique",
    column: check.column,
    status: status(extra > 0, check.severity),
    value: extra,
    observed: extra ? `${count(extra)} rows repeat one of ${count(groups.length)} values` : "no value repeated",
    threshold: "no value in two rows",
    failing: groups.slice(0, SAMPLE_SIZE).map((g) => ({ [check.column]: g.value, rows: g.n }))
  };
}
function bindable(v) {
  return typeof v === "boolean" ? Number(v) : v;
}
function* acceptedValues(ctx, check) {
  const col = ctx.dialect.value(check.column);
  const params = check.values.map(bindable);
  const where = `${col} IS NOT NULL AND ${col} NOT IN (${params.map(() => "?").join(", ")})`;
  const others = yield query(`SELECT ${col} AS value, COUNT(*) AS n FROM ${ctx.from} WHERE ${where} GROUP BY ${col}
		ORDER BY n DESC, ${ctx.dialect.sortKey(check.column)}`, params);
  const rows = others.reduce((sum, o) => sum + o.n, 0);
  const listed = others.slice(0, SAMPLE_SIZE).map((o) => `${JSON.stringify(o.value)} (${count(o.n)})`).join(", ") + (others.length > SAMPLE_SIZE ? ", …" : "");
  return {
    check: "accepted_values",
    column: check.column,
    status: status(rows > 0, check.severity),
    value: rows,
    observed: rows ? `${count(rows)} rows with other values: ${listed}` : "only accepted values",
    threshold: `one of ${check.values.map((v) => JSON.stringify(v)).join(", ")}`,
    failing: rows ? sampleRows(ctx, check.column, yield sampleQuery(ctx, check.column, where, params)) : []
  };
}
function* range(ctx, check) {
  const col = ctx.dialect.value(check.column);
  const notNumber = ctx.dialect.notNumber(check.column);
  const bounds = [notNumber || "TRUE"];
  const params = [];
  if (check.min !== null && notNumber) {
    bounds.push(`${col} < ?`);
    params.push(check.min);
  }
  if (check.max !== null && notNumber) {
    bounds.push(`${col} > ?`);
    params.push(check.max);
  }
  const where = `${col} IS NOT NULL AND (${bounds.join(" OR ")})`;
  const { n } = (yield query(`SELECT COUNT(*) AS n FROM ${ctx.from} WHERE ${where}`, params))[0];
  const interval = `[${check.min === null ? "−∞" : check.min}, ${check.max === null ? "∞" : check.max}]`;
  return {
    check: "range",
    column: check.column,
    status: status(n > 0, check.severity),
    value: n,
    observed: n ? `${count(n)} rows outside ${interval} or not numbers` : `all values within ${interval}`,
    threshold: `numbers within ${interval}`,
    failing: n ? sampleRows(ctx, check.column, yield sampleQuery(ctx, check.column, where, params)) : []
  };
}

// intake/src/quality/schemaCheck.ts
function schema(actual, declared, check) {
  const byName = new Map(declared.map((c) => [c.name, c]));
  const identifier = new RegExp(check.identifier_pattern);
  const offending = [];
  for (const column of actual) {
    if (TABLE_SYSTEM_COLUMNS.includes(column)) {
      continue;
    }
    const definition = byName.get(column);
    if (check.forbidden_columns.includes(column)) {
      offending.push({ column, reason: "forbidden column" });
    } else if (identifier.test(column) && !definition) {
      offending.push({ column, reason: "undeclared identifier column" });
    } else if (identifier.test(column) && definition && !definition.privacyTagged) {
      offending.push({ column, reason: "identifier without a privacy tag" });
    }
  }
  const failed = offending.length > 0;
  return {
    check: "schema",
    column: null,
    status: !failed ? "pass" : check.severity === "warn" ? "warn" : "fail",
    value: offending.length,
    observed: failed ? `${offending.length} of ${actual.length} columns: ` + offending.map((o) => `${o.column} (${o.reason})`).join(", ") : `${actual.length} columns, none forbidden`,
    threshold: `no forbidden column${check.forbidden_columns.length ? ` (${check.forbidden_columns.join(", ")})` : ""}, no identifier column without a privacy tag`,
    failing: offending.slice(0, SAMPLE_SIZE)
  };
}

// intake/src/quality/timeChecks.ts
var DAY_MS5 = 864e5;
function utcDay(now, offset) {
  return new Date(now.getTime() + offset * DAY_MS5).toISOString().slice(0, 10);
}
function hours(ms) {
  return Math.round(ms / 36e3) / 100;
}
function* freshness(ctx, check) {
  const { newest, n } = (yield query(`SELECT ${ctx.newestTime(check.column)} AS newest, COUNT(${sqlName(check.column)}) AS n FROM ${ctx.from}`))[0];
  const threshold = (check.warn_after_hours === null ? "" : `warn after ${check.warn_after_hours} h, `) + `fail after ${check.error_after_hours} h`;
  const base = { check: "freshness", column: check.column, threshold, failing: [] };
  if (!n) {
    return Object.assign(base, { status: "fail", value: null, observed: "no rows" });
  }
  if (newest === null || newest === void 0) {
    return Object.assign(base, { status: "error", value: null, observed: `none of the ${count(n)} values is an ISO 8601 time` });
  }
  const time = Math.round(newest * 1e3);
  const ageMs = ctx.now.getTime() - time;
  const status2 = ageMs > check.error_after_hours * 36e5 ? "fail" : check.warn_after_hours !== null && ageMs > check.warn_after_hours * 36e5 ? "warn" : "pass";
  const age = hours(ageMs);
  return Object.assign(base, { status: status2, value: age, observed: `newest row ${age} h old (${new Date(time).toISOString()})` });
}
function outside(n, min, max) {
  return min !== null && n < min || max !== null && n > max;
}
function* rowCount(ctx, check) {
  const day = utcDay(ctx.now, -1);
  const { n } = (yield query(`SELECT COUNT(*) AS n FROM ${ctx.from} WHERE ${ctx.dayOf} = ?`, [day]))[0];
  const failed = outside(n, check.min, check.max);
  const threshold = check.min !== null && check.max !== null ? `from ${count(check.min)} to ${count(check.max)} rows a day` : check.min !== null ? `at least ${count(check.min)} rows a day` : `at most ${count(check.max)} rows a day`;
  return {
    check: "row_count",
    column: null,
    status: !failed ? "pass" : check.severity === "warn" ? "warn" : "fail",
    value: n,
    observed: `${count(n)} rows on ${day}`,
    threshold,
    failing: failed ? [{ day, rows: n }] : []
  };
}
function median(values) {
  const sorted = values.slice().sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
function* volume(ctx, check) {
  const today = utcDay(ctx.now, 0);
  const rows = yield query(`SELECT ${ctx.dayOf} AS day, COUNT(*) AS n FROM ${ctx.from} WHERE ${ctx.dayOf} < ? GROUP BY 1`, [today]);
  const perDay = new Map(rows.map((r) => [r.day, r.n]));
  const first = rows.reduce((min, r) => r.day < min ? r.day : min, today);
  const threshold = `each of the last ${check.lookback_days} days within ×${check.max_ratio} of the median of the ${check.trailing_days} days before it`;
  const anomalies = [];
  let judged = 0;
  for (let offset = -check.lookback_days; offset <= -1; offset++) {
    const day = utcDay(ctx.now, offset);
    if (utcDay(ctx.now, offset - check.trailing_days) < first) {
      continue;
    }
    const trailing = [];
    for (let back = 1; back <= check.trailing_days; back++) {
      trailing.push(perDay.get(utcDay(ctx.now, offset - back)) || 0);
    }
    const middle = median(trailing);
    judged++;
    const n = perDay.get(day) || 0;
    if (n < middle / check.max_ratio || n > Math.max(middle, 1) * check.max_ratio) {
      anomalies.push({ day, rows: n, trailing_median: middle });
    }
  }
  const failed = anomalies.length > 0;
  const observed = !judged ? "no day judged yet (not enough history)" : !failed ? `${judged} days judged, none outside` : `${anomalies.length} of ${judged} days outside: ` + anomalies.map((a) => `${a.day} ${count(a.rows)} rows (trailing median ${count(a.trailing_median)})`).join(", ");
  return {
    check: "volume",
    column: null,
    status: !failed ? "pass" : check.severity === "warn" ? "warn" : "fail",
    value: anomalies.length,
    observed,
    threshold,
    failing: anomalies.slice(0, SAMPLE_SIZE)
  };
}

// intake/src/quality/runChecks.ts
function columnOf(check) {
  return "column" in check ? check.column : null;
}
function prepare(flavour, table, described, now) {
  const actual = described.map((c) => c.name);
  const dialect = flavour.dialect(described);
  const from = sqlName(table.table);
  const byEventId = actual.includes("event_id");
  return {
    actual,
    rows: { from, key: byEventId ? "event_id" : dialect.rowKey, order: byEventId ? dialect.sortKey("event_id") : dialect.rowOrder, dialect },
    times: { from, now, dayOf: actual.includes("day") ? '"day"' : dialect.receivedDay, newestTime: dialect.newestTime }
  };
}
function stepsOf(check, table, p) {
  if (!p.actual.length) {
    throw new Error(`no table ${table.table}`);
  }
  const column = columnOf(check);
  if (column !== null && !p.actual.includes(column)) {
    throw new Error(`${table.table} has no column ${column}`);
  }
  const steps = evaluate(check, p.rows, p.times, p.actual, table);
  return column !== null && table.columns.some((c) => c.name === column && c.privacy === "drop") ? withoutDropValues(steps, column) : steps;
}
function errorOutcome(check, e) {
  return { check: check.check, column: columnOf(check), status: "error", value: null, observed: `could not run: ${e.message}`, threshold: "", failing: [] };
}
function runChecks(db, table, now) {
  const checkedAt = now.toISOString();
  let described = [];
  try {
    described = db.prepare(SQLITE.describe(table.table).sql).all();
  } catch (e) {
  }
  const p = prepare(SQLITE, table, described, now);
  return table.checks.map((check) => {
    let outcome;
    try {
      outcome = runOnSqlite(stepsOf(check, table, p), db);
    } catch (e) {
      outcome = errorOutcome(check, e);
    }
    return Object.assign({ table: table.table }, outcome, { checkedAt });
  });
}
async function runChecksOn(read, flavour, table, now) {
  const checkedAt = now.toISOString();
  let described = [];
  try {
    described = await read(flavour.describe(table.table));
  } catch (e) {
  }
  const p = prepare(flavour, table, described, now);
  const results = [];
  for (const check of table.checks) {
    let outcome;
    try {
      outcome = await runOnReader(stepsOf(check, table, p), read);
    } catch (e) {
      outcome = errorOutcome(check, e);
    }
    results.push(Object.assign({ table: table.table }, outcome, { checkedAt }));
  }
  return results;
}
function* evaluate(check, rows, times, actual, table) {
  switch (check.check) {
    case "not_null":
      return yield* notNull(rows, check);
    case "unique":
      return yield* unique(rows, check);
    case "accepted_values":
      return yield* acceptedValues(rows, check);
    case "range":
      return yield* range(rows, check);
    case "freshness":
      return yield* freshness(times, check);
    case "row_count":
      return yield* rowCount(times, check);
    case "volume":
      return yield* volume(times, check);
    case "schema":
      return schema(actual, table.columns, check);
  }
  throw new Error("unknown check");
}

// intake/src/quality/qualityRun.ts
function hasChecks(table) {
  return table.checks.length > 0 || !!(table.unusable && table.unusable.length);
}
function currentPhysicalTable(db, stream, name) {
  if (!sqliteTableExists(db, "mp_tables")) {
    return null;
  }
  const row = db.prepare("SELECT physical FROM mp_tables WHERE stream = ? AND name = ? ORDER BY major DESC LIMIT 1").get(stream, name);
  return row ? row.physical : null;
}
function unusableResults(physical, table, now) {
  return (table.unusable || []).map((u) => ({
    table: physical,
    check: u.check,
    column: u.column,
    status: "error",
    value: null,
    observed: `not run: the definition is unusable: ${u.problem}`,
    threshold: "",
    failing: [],
    checkedAt: now.toISOString()
  }));
}
function runQuality(db, tables, now) {
  const results = [];
  const notYetMade = [];
  for (const t of tables.filter(hasChecks)) {
    const physical = currentPhysicalTable(db, t.stream, t.name);
    if (!physical) {
      notYetMade.push(`${t.name} (stream ${t.stream})`);
      continue;
    }
    results.push(...runChecks(db, { table: physical, columns: t.columns, checks: t.checks }, now), ...unusableResults(physical, t, now));
  }
  if (results.length) {
    writeResults(db, results);
  }
  return { results, notYetMade };
}
function tablesWithChecks(catalog) {
  return catalog.entries().flatMap(([stream, model]) => model.tables.filter((t) => hasChecks({ checks: t.checks, unusable: t.unusableChecks })).map((t) => ({
    stream,
    name: t.name,
    columns: t.columns.map((c) => ({ name: c.name, privacyTagged: c.privacyTagged, privacy: c.privacy })),
    checks: t.checks,
    unusable: t.unusableChecks || []
  })));
}

// intake/src/postgres/tableExists.ts
async function pgTableExists(client, name) {
  return !!(await client.query("SELECT to_regclass($1)::text AS t", [name])).rows[0].t;
}

// intake/src/postgres/quality.ts
function pgReader(pool) {
  return async (q) => (await pool.query(numberedPlaceholders(q), q.params)).rows;
}
async function currentPgTable(pool, stream, name) {
  if (!await pgTableExists(pool, "mp_tables")) {
    return null;
  }
  const r = await pool.query("SELECT physical FROM mp_tables WHERE stream = $1 AND name = $2 ORDER BY major DESC LIMIT 1", [stream, name]);
  return r.rows.length ? r.rows[0].physical : null;
}
async function writePgResults(pool, results) {
  if (!results.length) {
    return;
  }
  const runId = results[0].checkedAt;
  const oldest = new Date(Date.parse(runId) - RESULTS_KEPT_DAYS * 864e5).toISOString();
  const column = (f) => results.map(f);
  const client = await pool.connect();
  try {
    await inTransaction(client, async () => {
      await client.query(`INSERT INTO ${RESULTS_TABLE} (run_id, checked_at, table_name, check_name, column_name, status, observed, observed_value, threshold, failing_rows)
				SELECT $1, a, b, c, d, e, f, g, h, i FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::float8[], $9::text[], $10::text[])
				WITH ORDINALITY AS r(a, b, c, d, e, f, g, h, i, n) ORDER BY n`, [
        runId,
        column((r) => r.checkedAt),
        column((r) => r.table),
        column((r) => r.check),
        column((r) => r.column),
        column((r) => r.status),
        column((r) => r.observed),
        column((r) => r.value),
        column((r) => r.threshold),
        column((r) => JSON.stringify(r.failing))
      ]);
      await client.query(`DELETE FROM ${RESULTS_TABLE} WHERE checked_at < $1`, [oldest]);
    });
  } finally {
    client.release();
  }
}
async function latestPgResults(pool, table) {
  const r = await pool.query(`SELECT * FROM ${RESULTS_TABLE} WHERE table_name = $1 AND run_id =
		(SELECT MAX(run_id) FROM ${RESULTS_TABLE} WHERE table_name = $1) ORDER BY seq`, [table]);
  return r.rows.map(resultFromRow);
}
async function runPgQuality(pool, tables, now) {
  const results = [];
  const notYetMade = [];
  const read = pgReader(pool);
  for (const t of tables.filter(hasChecks)) {
    const physical = await currentPgTable(pool, t.stream, t.name);
    if (!physical) {
      notYetMade.push(`${t.name} (stream ${t.stream})`);
      continue;
    }
    results.push(...await runChecksOn(read, POSTGRES, { table: physical, columns: t.columns, checks: t.checks }, now), ...unusableResults(physical, t, now));
  }
  await writePgResults(pool, results);
  return { results, notYetMade };
}

// intake/src/postgres/catalogue.ts
function postgresCatalogue(pool) {
  return {
    async tables() {
      if (!await pgTableExists(pool, "mp_tables")) {
        return [];
      }
      return (await pool.query(`SELECT physical, stream, schema_id, description, dedupe, partition_by FROM mp_tables
				ORDER BY stream COLLATE "C", physical COLLATE "C"`)).rows;
    },
    async columns(physical) {
      return (await pool.query("SELECT name, path, type, privacy, description FROM mp_columns WHERE physical = $1 ORDER BY position", [physical])).rows;
    },
    results: (physical) => latestPgResults(pool, physical)
  };
}

// intake/src/datasetDocs/streamFacts.ts
function ownerOf(registry, metaStream) {
  for (const s of registry.all()) {
    const plane = s.config.control_plane;
    if (s.destination === metaStream && plane && typeof plane.owner === "string" && plane.owner.trim()) {
      return plane.owner.trim();
    }
  }
  return null;
}
function streamFacts(definitions) {
  return (stream) => definitions ? { owner: ownerOf(definitions.registry, stream), retentionDays: definitions.catalog.get(stream).retentionDays } : { owner: null, retentionDays: null };
}

// intake/src/datasetDocs/documentedTable.ts
function systemColumns2(partition) {
  const columns = [
    { name: "event_id", path: "meta.id", type: "string", description: "The event's meta.id (a random UUID).", privacy: null },
    { name: "received_at", path: "meta.dt", type: "string", description: "When the intake received the event (ISO 8601, UTC).", privacy: null }
  ];
  return partition === "day" ? columns.concat({ name: "day", path: null, type: "string", description: "The UTC day of received_at (YYYY-MM-DD); the partition.", privacy: null }) : columns;
}

// intake/src/datasetDocs/tablesFromStore.ts
function sqliteCatalogue(db) {
  return {
    async tables() {
      return !sqliteTableExists(db, "mp_tables") || !sqliteTableExists(db, "mp_columns") ? [] : db.prepare("SELECT * FROM mp_tables ORDER BY stream, physical").all();
    },
    async columns(physical) {
      return db.prepare("SELECT * FROM mp_columns WHERE physical = ? ORDER BY position").all(physical);
    },
    async results(physical) {
      return latestResults(db, physical);
    }
  };
}
async function documentedTables(catalogue, facts, only) {
  const tables = (await catalogue.tables()).filter(only || (() => true));
  const documented = [];
  for (const t of tables) {
    const partition = t.partition_by === "none" ? "none" : "day";
    const stream = facts(t.stream);
    const columns = await catalogue.columns(t.physical);
    documented.push({
      table: t.physical,
      stream: t.stream,
      schemaId: t.schema_id,
      purpose: t.description,
      owner: stream.owner,
      retentionDays: stream.retentionDays,
      dedupe: !!t.dedupe,
      partition,
      columns: systemColumns2(partition).concat(columns.map((c) => ({
        name: c.name,
        path: c.path,
        type: c.type,
        description: c.description,
        privacy: c.privacy
      }))),
      checks: await catalogue.results(t.physical)
    });
  }
  return documented;
}

// intake/src/datasetDocs/tableMarkdown.ts
function cell(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\s*[\r\n]+\s*/g, " ");
}
function code(text) {
  return "`" + text.replace(/`/g, "").replace(/\|/g, "\\|") + "`";
}
var PRIVACY_WORDS = {
  keep: "keep",
  hash: "hash (keyed HMAC; never stored in clear)",
  drop: "drop (nulled after retention)"
};
function retention(days, drops) {
  if (days === null) {
    return "not known here (the stream definitions were not given)";
  }
  return `raw events ${days} days${drops.length ? `; ${drops.join(", ")} nulled after ${days} days` : ""}`;
}
function tableMarkdown(doc) {
  const drops = doc.columns.filter((c) => c.privacy === "drop").map((c) => code(c.name));
  const hashes = doc.columns.filter((c) => c.privacy === "hash").map((c) => code(c.name));
  const lines = [
    `# ${doc.table}`,
    "",
    doc.purpose ? cell(doc.purpose) : "_No purpose given in the table definition._",
    "",
    "| | |",
    "| --- | --- |",
    `| Owner | ${doc.owner ? cell(doc.owner) : "not given"} |`,
    `| Lineage | stream ${code(doc.stream)} (schema ${code(doc.schemaId)}) → raw events (${code("events")}) → table ${code(doc.table)}, written in the same transaction as each accepted event |`,
    `| Retention | ${retention(doc.retentionDays, drops)}${hashes.length ? `; ${hashes.join(", ")} stored only as keyed hashes` : ""} |`,
    `| Rows | ${doc.dedupe ? "one per meta.id" : "one per event received (not de-duplicated)"}${doc.partition === "day" ? ", partitioned by day (UTC)" : ""} |`,
    "",
    "## Fields",
    "",
    "| column | type | from | privacy | description |",
    "| --- | --- | --- | --- | --- |"
  ];
  for (const c of doc.columns) {
    lines.push(`| ${code(c.name)} | ${c.type} | ${c.path ? code(c.path) : "—"} | ${c.privacy ? PRIVACY_WORDS[c.privacy] : "system"} | ${cell(c.description)} |`);
  }
  lines.push("", "## Latest checks", "");
  if (!doc.checks.length) {
    lines.push("_Not checked yet (run `mp-quality`, or start mp-intake with `--quality-every`)._");
  } else {
    lines.push(`Run at ${doc.checks[0].checkedAt}.`, "", "| status | check | observed | expected |", "| --- | --- | --- | --- |");
    for (const r of doc.checks) {
      lines.push(`| ${r.status} | ${code(checkLabel(r))} | ${cell(r.observed)} | ${cell(r.threshold)} |`);
    }
  }
  return lines.join("\n") + "\n";
}

// intake/src/datasetDocs/docsSource.ts
var POSTGRES_CONNECTIONS = 2;
function createDocsSource(store) {
  let db = null;
  let pool = null;
  let catalogue = null;
  const open = () => {
    if (isPostgresUrl(store)) {
      pool = new import_pg2.Pool({ connectionString: store, max: POSTGRES_CONNECTIONS });
      pool.on("error", () => void 0);
      return postgresCatalogue(pool);
    }
    db = new import_better_sqlite33.default(store, { readonly: true, fileMustExist: true });
    return sqliteCatalogue(db);
  };
  return {
    async documents(query2, definitions) {
      catalogue = catalogue || open();
      const docs = await documentedTables(catalogue, streamFacts(definitions), (t) => "table" in query2 ? t.physical === query2.table : t.stream === query2.stream);
      return docs.map((doc) => ({ table: doc.table, markdown: tableMarkdown(doc) }));
    },
    async close() {
      if (db && db.open) {
        db.close();
      }
      if (pool) {
        const ending = pool;
        pool = null;
        await ending.end();
      }
    }
  };
}

// intake/src/modelling/purgeCli.ts
var import_node_crypto8 = require("node:crypto");
var import_node_fs6 = require("node:fs");
var import_node_util = require("node:util");

// intake/src/modelling/hashSecret.ts
var import_node_crypto7 = require("node:crypto");
var import_node_fs4 = require("node:fs");
var SECRET_BYTES = 32;
function loadOrCreateHashSecret(file, log) {
  let text;
  try {
    text = (0, import_node_fs4.readFileSync)(file, "utf8").trim();
    if (((0, import_node_fs4.statSync)(file).mode & 63) !== 0) {
      log(`The hash secret ${file} can be read by other users: chmod 600 it.`);
    }
  } catch (e) {
    if (e.code !== "ENOENT") {
      throw new Error(`the hash secret ${file} cannot be read: ${e.message}`);
    }
    text = (0, import_node_crypto7.randomBytes)(SECRET_BYTES).toString("hex");
    const fd = (0, import_node_fs4.openSync)(file, "wx", 384);
    try {
      (0, import_node_fs4.writeSync)(fd, text + "\n");
    } finally {
      (0, import_node_fs4.closeSync)(fd);
    }
    log(`Made a new hash secret in ${file} (mode 0600); keep it with the store.`);
  }
  return secretFromText(text, file);
}
function secretFromText(text, where) {
  if (text.length < 16) {
    throw new Error(`the hash secret from ${where} is shorter than 16 characters`);
  }
  return text.length % 2 === 0 && /^[0-9a-f]+$/i.test(text) ? Buffer.from(text, "hex") : Buffer.from(text, "utf8");
}

// intake/src/modelling/tablesFile.ts
var import_node_fs5 = require("node:fs");
function readTablesFile(file) {
  let value;
  try {
    value = JSON.parse((0, import_node_fs5.readFileSync)(file, "utf8"));
  } catch (e) {
    throw new Error(`--tables ${file}: ${e.message}`);
  }
  const parsed = parseTablesFile(value);
  if (parsed.problems.length) {
    throw new Error(`--tables ${file} has ${parsed.problems.length} problem(s):
  ${parsed.problems.join("\n  ")}`);
  }
  return parsed;
}

// intake/src/modelling/purgeCli.ts
var USAGE = `Usage: mp-intake purge --store FILE|URL (--streams FILE | --streams-url URL) [--tables FILE] [--now TIME]
Enforces retention once, as the intake does every --purge-every hours: deletes raw and failed events
older than their stream's retention_days (default 90) and empties the drop columns of older table rows.
Prints what it removed. For cron, e.g. hourly: 0 * * * * mp-intake purge --store /srv/events.sqlite --streams /srv/streams.json
  --store FILE|URL     the SQLite store, or the PostgreSQL one (postgres://…; whole day partitions dropped)
  --streams FILE       the stream configs (retention_days, tables), as mp-intake takes them
  --streams-url URL    or read them from the wiki's action API
  --tables FILE        the --tables file the intake uses, if any
  --now TIME           purge as of this earlier ISO 8601 time instead of now (never a later one)`;
function hashSecretOf(store, file, log) {
  const fromEnv = process.env.MP_INTAKE_HASH_SECRET;
  if (fromEnv) {
    return secretFromText(fromEnv, "MP_INTAKE_HASH_SECRET");
  }
  if (!file && store === ":memory:") {
    return void 0;
  }
  return loadOrCreateHashSecret(file || `${store}.hash-secret`, log);
}
async function purgeMain(argv, fetchStreamConfigs2) {
  const { values } = (0, import_node_util.parseArgs)({
    args: argv,
    options: {
      store: { type: "string" },
      streams: { type: "string" },
      "streams-url": { type: "string" },
      tables: { type: "string" },
      now: { type: "string" },
      help: { type: "boolean", default: false }
    }
  });
  if (values.help || !values.store || !values.streams === !values["streams-url"]) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const now = values.now === void 0 ? Date.now() : Date.parse(values.now);
  if (Number.isNaN(now)) {
    throw new Error(`--now ${JSON.stringify(values.now)} is not an ISO 8601 time`);
  }
  if (now > Date.now()) {
    throw new Error(`--now ${values.now} is in the future: a purge as of a later time would delete data still within its retention`);
  }
  const configs = values.streams ? JSON.parse((0, import_node_fs6.readFileSync)(values.streams, "utf8")) : await fetchStreamConfigs2(values["streams-url"]);
  const tables = values.tables ? readTablesFile(values.tables) : null;
  const catalog = createModelCatalog(createStreamRegistry(configs, (m) => console.warn(`mp-intake purge: ${m}`)), tables);
  catalog.problems.forEach((m) => console.warn(`mp-intake purge: ${m}`));
  const sink = isPostgresUrl(values.store) ? await createPostgresSink(values.store, { log: (m) => console.log(m) }) : createSqliteSink(values.store, { log: (m) => console.log(m), hashSecret: (0, import_node_crypto8.randomBytes)(32), rewriteClearValues: false });
  try {
    sink.setModels(catalog, () => null);
    const report = await sink.purge(now);
    const removed = report.streams.filter((s) => s.rawDeleted || s.failedDeleted || s.dropped.some((d) => d.rows));
    console.log(`purge as of ${report.now}: ${report.streams.length} stream(s) checked, ${removed.length} had data past retention`);
  } finally {
    await sink.close();
  }
  return 0;
}

// intake/src/quality/qualitySchedule.ts
var import_better_sqlite34 = __toESM(require("better-sqlite3"));

// intake/src/quality/qualityReport.ts
function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
var MARK = { pass: "pass ", warn: "WARN ", fail: "FAIL ", error: "ERROR" };
function statusCounts(results) {
  const counts = { pass: 0, warn: 0, fail: 0, error: 0 };
  for (const r of results) {
    counts[r.status]++;
  }
  return counts;
}
function formatQualityReport(results) {
  const counts = statusCounts(results);
  const tables = Array.from(new Set(results.map((r) => r.table)));
  const when = results.length ? results[0].checkedAt : "";
  const lines = [`Data quality ${when}: ${plural(tables.length, "table")}, ${plural(results.length, "check")} — ${counts.pass} pass, ${counts.warn} warn, ${counts.fail} fail, ${counts.error} error`];
  const width = Math.max(0, ...results.map((r) => checkLabel(r).length));
  for (const table of tables) {
    lines.push("", table);
    for (const r of results.filter((x) => x.table === table)) {
      lines.push(`  ${MARK[r.status]} ${checkLabel(r).padEnd(width)}  ${r.observed}${r.threshold ? ` — expected ${r.threshold}` : ""}`);
      if (r.status !== "pass") {
        for (const f of r.failing) {
          lines.push(`        ${"".padEnd(width)}  e.g. ${Object.entries(f).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(" ")}`);
        }
      }
    }
  }
  return lines.join("\n");
}

// intake/src/quality/qualitySchedule.ts
function qualityRunLine(results) {
  const counts = statusCounts(results);
  const bad = results.filter((r) => r.status !== "pass").map((r) => `${r.table} ${checkLabel(r)} ${r.status}`);
  return `quality: ${results.length} checks — ${counts.pass} pass, ${counts.warn} warn, ${counts.fail} fail, ${counts.error} error` + (bad.length ? ` (${bad.slice(0, 10).join("; ")}${bad.length > 10 ? "; …" : ""})` : "") + "; results in mp_quality_results";
}
function scheduleQuality(options) {
  let db = null;
  const now = options.now || (() => /* @__PURE__ */ new Date());
  function runNow() {
    const tables = options.tables().filter(hasChecks);
    if (!tables.length) {
      return 0;
    }
    try {
      if (!db) {
        db = new import_better_sqlite34.default(options.store);
        db.pragma("busy_timeout = 5000");
      }
      const run = runQuality(db, tables, now());
      if (run.results.length) {
        options.log(qualityRunLine(run.results));
      }
      return run.results.length;
    } catch (e) {
      options.log(`quality: the run failed: ${e.message}`);
      return 0;
    }
  }
  const timer = setInterval(runNow, options.everyMs);
  timer.unref();
  return {
    runNow,
    stop() {
      clearInterval(timer);
      if (db && db.open) {
        db.close();
      }
    }
  };
}

// intake/src/postgres/clusterMode.ts
var import_node_cluster = __toESM(require("node:cluster"));
var RESTART_DELAY_MS = 1e3;
function runPrimary(processes) {
  let stopping = false;
  const fork = () => {
    import_node_cluster.default.fork();
  };
  for (let i = 0; i < processes; i++) {
    fork();
  }
  import_node_cluster.default.on("exit", (worker, code2, signal) => {
    if (stopping) {
      if (!Object.keys(import_node_cluster.default.workers || {}).length) {
        process.exitCode = 0;
      }
      return;
    }
    console.warn(`mp-intake: worker ${worker.process.pid} exited (${signal || code2}); starting another`);
    setTimeout(fork, RESTART_DELAY_MS).unref();
  });
  const stop = (signal) => {
    stopping = true;
    console.log(`mp-intake: ${signal}, stopping ${processes} processes`);
    for (const worker of Object.values(import_node_cluster.default.workers || {})) {
      worker?.process.kill(signal);
    }
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}
function isClusterWorker() {
  return import_node_cluster.default.isWorker;
}
function redactedUrl(url) {
  try {
    const u = new URL(url);
    u.password = u.password ? "***" : "";
    return u.toString();
  } catch (e) {
    return "postgres://(unparsable URL)";
  }
}

// intake/src/postgres/qualitySchedule.ts
function schedulePgQuality(options) {
  const now = options.now || (() => /* @__PURE__ */ new Date());
  let running = null;
  async function run() {
    const tables = options.tables().filter(hasChecks);
    if (!tables.length) {
      return 0;
    }
    const at = now();
    let results = [];
    try {
      await options.sink.runOncePerSlot("quality", options.everyMs, async () => {
        results = (await runPgQuality(options.sink.pool, tables, at)).results;
      }, at.getTime());
    } catch (e) {
      options.log(`quality: the run failed: ${e.message}`);
      return 0;
    }
    if (results.length) {
      options.log(qualityRunLine(results));
    }
    return results.length;
  }
  function runNow() {
    if (!running) {
      running = run().finally(() => {
        running = null;
      });
    }
    return running;
  }
  let timer = null;
  let stopped = false;
  const arm = () => {
    if (stopped) {
      return;
    }
    timer = setTimeout(() => {
      runNow().catch(() => void 0).finally(arm);
    }, options.everyMs - now().getTime() % options.everyMs);
    timer.unref();
  };
  arm();
  return {
    runNow,
    async stop() {
      stopped = true;
      if (timer) {
        clearTimeout(timer);
      }
      await running;
    }
  };
}

// intake/src/cli.ts
var USAGE2 = `Usage: mp-intake [options]
  --host HOST          address to listen on (default 127.0.0.1)
  --port PORT          port (default 8192; 0 picks a free one)
  --streams FILE       stream configs JSON, the same the client receives (this or --streams-url)
  --streams-url URL    read the stream configs from a wiki's action API instead, e.g.
                       https://wiki.example.org/api.php?action=metricsplatformconfig&format=json&formatversion=2
                       (or action=streamconfigs), and refresh them every --streams-refresh seconds
  --streams-refresh S  seconds between refreshes of --streams-url (default 60)
  --store FILE|URL     SQLite database for accepted events (default events.sqlite), or a PostgreSQL
                       database: postgres://user[:password]@host[:port]/database (shared by processes)
  --processes N        run N intake processes on one port (Node's cluster module; needs a PostgreSQL --store)
  --jsonl FILE         write JSON lines to FILE instead of SQLite
  --tables FILE        table definitions per stream (JSON, see the README's "Tables for analysts"),
                       besides the \`tables\` of the stream configs; refused at start when invalid
  --hash-secret-file F the secret of hash columns (default: the store's name + .hash-secret, made
                       with mode 0600 when missing; or set MP_INTAKE_HASH_SECRET); with a PostgreSQL
                       store the default is ./mp-intake.hash-secret, and every process needs the same
  --purge-every H      enforce retention on start and every H hours (default 1; 0: never, e.g. when
                       cron runs "mp-intake purge")
  --schemas DIR        schema repository (default: the schemas this package ships)
  --cors-origin LIST   comma-separated origins allowed to read answers ('*' for any; loopback always;
                       the read side — stored events, live feed, stats, trace, docs — only to
                       origins named here)
  --static PREFIX=DIR  also serve files from DIR under URL PREFIX (repeatable)
  --read-token TOKEN   open the read side (stored events, /v1/live, /v1/stats, /v1/trace) to requests with
                       "Authorization: Bearer TOKEN" (16+ characters; or set MP_INTAKE_READ_TOKEN)
  --read loopback      open the read side to requests from this machine only (needs a loopback --host)
  --quality-every M    run the tables' data-quality checks every M minutes (default 60; 0: never),
                       when tables with checks exist in the store (see mp-quality); on PostgreSQL
                       once per M-minute slot however many processes share it
  --body-timeout S     answer 408 to a request body not received within S seconds (default 30)
  --shutdown-timeout S on SIGTERM/SIGINT, wait this many seconds for requests in flight (default ${DEFAULT_SHUTDOWN_TIMEOUT_MS / 1e3})
  --help               this text
The read side is off unless --read-token or --read loopback opens it.
"mp-intake purge --help": enforce retention once (for cron).`;
function readAccessOf(read, token) {
  const secret = token || process.env.MP_INTAKE_READ_TOKEN;
  if (read !== void 0 && read !== "loopback" && read !== "off") {
    throw new Error(`--read takes "loopback" or "off", not ${JSON.stringify(read)}`);
  }
  if (secret) {
    return { token: secret };
  }
  return read === "loopback" ? { loopbackOnly: true } : false;
}
async function fetchStreamConfigs(url) {
  const res = await fetch(url, { signal: AbortSignal.timeout(1e4) });
  const body = res.ok ? await res.json() : null;
  const { streams, expired } = body && typeof body === "object" ? body : { streams: void 0, expired: void 0 };
  if (!streams || typeof streams !== "object") {
    throw new Error(`--streams-url ${url}: no stream configs (HTTP ${res.status})`);
  }
  return { streams, expired };
}
function refreshStreams(intake, url, intervalMs) {
  const timer = setInterval(() => {
    fetchStreamConfigs(url).then((configs) => intake.setStreamConfigs(configs), (e) => {
      console.warn(`mp-intake: keeping the previous stream configs: ${e.message}`);
    });
  }, intervalMs);
  timer.unref();
  intake.server.once("close", () => clearInterval(timer));
}
async function main(argv, schemasDefault) {
  if (argv[0] === "purge") {
    process.exitCode = await purgeMain(argv.slice(1), fetchStreamConfigs);
    return null;
  }
  const { values } = (0, import_node_util2.parseArgs)({
    args: argv,
    options: {
      host: { type: "string", default: "127.0.0.1" },
      port: { type: "string", default: "8192" },
      streams: { type: "string" },
      "streams-url": { type: "string" },
      "streams-refresh": { type: "string", default: "60" },
      store: { type: "string", default: "events.sqlite" },
      jsonl: { type: "string" },
      tables: { type: "string" },
      "hash-secret-file": { type: "string" },
      "purge-every": { type: "string", default: "1" },
      schemas: { type: "string", default: schemasDefault },
      "cors-origin": { type: "string", default: "" },
      static: { type: "string", multiple: true, default: [] },
      "read-token": { type: "string" },
      read: { type: "string" },
      "shutdown-timeout": { type: "string", default: String(DEFAULT_SHUTDOWN_TIMEOUT_MS / 1e3) },
      "body-timeout": { type: "string", default: "30" },
      processes: { type: "string", default: "1" },
      "quality-every": { type: "string", default: "60" },
      help: { type: "boolean", default: false }
    }
  });
  if (values.help || !values.streams === !values["streams-url"]) {
    console.log(USAGE2);
    process.exitCode = values.help ? 0 : 2;
    return null;
  }
  const shutdownSeconds = Number(values["shutdown-timeout"]);
  const bodySeconds = Number(values["body-timeout"]);
  if (!Number.isFinite(shutdownSeconds) || shutdownSeconds < 0 || !Number.isFinite(bodySeconds) || bodySeconds <= 0) {
    throw new Error("--shutdown-timeout and --body-timeout take a number of seconds");
  }
  const processes = Number(values.processes);
  const store = values.store;
  if (!Number.isInteger(processes) || processes < 1 || processes > 1 && (values.jsonl || !isPostgresUrl(store))) {
    throw new Error("--processes takes a whole number ≥ 1, and more than 1 needs a PostgreSQL --store (one SQLite file has one writer process)");
  }
  const log = (m) => console.warn("[mp-intake] " + m);
  const hashSecret = values.jsonl ? void 0 : hashSecretOf(store, values["hash-secret-file"] || (isPostgresUrl(store) ? POSTGRES_HASH_SECRET_FILE : void 0), log);
  if (processes > 1 && !isClusterWorker()) {
    runPrimary(processes);
    return null;
  }
  const readAccess = readAccessOf(values.read, values["read-token"]);
  const staticDirs = {};
  for (const mount of values.static) {
    const [prefix, dir] = mount.split("=");
    staticDirs[prefix] = import_node_path4.default.resolve(dir);
  }
  const tables = values.tables ? readTablesFile(values.tables) : null;
  const purgeHours = Number(values["purge-every"]);
  if (!Number.isFinite(purgeHours) || purgeHours < 0) {
    throw new Error("--purge-every takes a number of hours (0: never)");
  }
  const sink = values.jsonl ? createJsonLinesSink(values.jsonl) : isPostgresUrl(store) ? await createPostgresSink(store, { hashSecret, log, purgeEveryMs: purgeHours * 36e5 }) : createSqliteSink(store, { hashSecret, log });
  const qualityMinutes = Number(values["quality-every"]);
  if (!Number.isFinite(qualityMinutes) || qualityMinutes < 0) {
    throw new Error("--quality-every takes a number of minutes (0: never)");
  }
  const intake = createIntake({
    streamConfigs: values.streams ? JSON.parse((0, import_node_fs7.readFileSync)(values.streams, "utf8")) : await fetchStreamConfigs(values["streams-url"]),
    schemasDir: import_node_path4.default.resolve(values.schemas),
    sink,
    readAccess,
    bodyTimeoutMs: bodySeconds * 1e3,
    corsOrigins: values["cors-origin"].split(",").filter(Boolean),
    staticDirs,
    tables,
    purgeEveryMs: purgeHours * 36e5,
    log,
    docs: values.jsonl ? null : createDocsSource(store)
  });
  if (values["streams-url"]) {
    const refreshSeconds = Number(values["streams-refresh"]);
    if (!Number.isFinite(refreshSeconds) || refreshSeconds <= 0) {
      throw new Error("--streams-refresh takes a number of seconds");
    }
    refreshStreams(intake, values["streams-url"], refreshSeconds * 1e3);
  }
  if (!values.jsonl && isPostgresUrl(store) && qualityMinutes > 0) {
    const schedule = schedulePgQuality({
      sink,
      everyMs: qualityMinutes * 6e4,
      tables: () => tablesWithChecks(intake.definitions.catalog),
      log: (m) => console.log(`mp-intake: ${m}`)
    });
    intake.server.once("close", () => {
      schedule.stop().catch(() => void 0);
    });
  }
  if (!values.jsonl && !isPostgresUrl(store) && qualityMinutes > 0) {
    const schedule = scheduleQuality({
      store: values.store,
      everyMs: qualityMinutes * 6e4,
      tables: () => tablesWithChecks(intake.definitions.catalog),
      log: (m) => console.log(`mp-intake: ${m}`)
    });
    intake.server.once("close", () => schedule.stop());
  }
  const url = await intake.listen(Number(values.port), values.host);
  const reading = !readAccess ? "read side off" : "token" in readAccess ? "read side: bearer token" : "read side: loopback only";
  console.log(`mp-intake listening on ${url} (POST ${url}/v1/events; store: ${values.jsonl || (isPostgresUrl(store) ? redactedUrl(store) : store)}; ${reading}${isClusterWorker() ? `; process ${process.pid}` : ""})`);
  let stopping = false;
  const stop = (signal) => {
    if (stopping) {
      return;
    }
    stopping = true;
    console.log(`mp-intake: ${signal}, stopping (at most ${shutdownSeconds} s for requests in flight)`);
    intake.close(shutdownSeconds * 1e3).then(() => {
      console.log(`mp-intake stopped: ${JSON.stringify(intake.stats)}`);
      process.exitCode = 0;
    }, (e) => {
      console.error(`mp-intake: stopping failed: ${e.message}`);
      process.exitCode = 1;
    }).finally(() => {
      process.exit();
    });
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
  return intake;
}

// intake/src/experimentReport.ts
var import_better_sqlite35 = __toESM(require("better-sqlite3"));
var import_node_fs8 = require("node:fs");

// intake/src/stats.ts
var Z95 = 1.959963984540054;
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
  let designed = 0;
  observed.forEach((o, i) => {
    if (weights[i] > 0) {
      designed++;
      const expected = total * weights[i] / weightSum;
      statistic += expected > 0 ? (o - expected) * (o - expected) / expected : 0;
    } else if (o > 0) {
      statistic = Infinity;
    }
  });
  const df = Math.max(0, designed - 1);
  if (statistic === Infinity) {
    return { statistic, df, p: 0 };
  }
  return { statistic, df, p: df > 0 && total > 0 ? gammaQ(df / 2, statistic / 2) : 1 };
}
function wilsonInterval(successes, n) {
  if (n === 0) {
    return [0, 1];
  }
  const p = successes / n;
  const denominator = 1 + Z95 * Z95 / n;
  const centre = (p + Z95 * Z95 / (2 * n)) / denominator;
  const half = Z95 * Math.sqrt(p * (1 - p) / n + Z95 * Z95 / (4 * n * n)) / denominator;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}
function differenceInterval(reference, other) {
  if (!reference[1] || !other[1]) {
    return null;
  }
  const p1 = other[0] / other[1];
  const p2 = reference[0] / reference[1];
  const [l1, u1] = wilsonInterval(other[0], other[1]);
  const [l2, u2] = wilsonInterval(reference[0], reference[1]);
  const difference = p1 - p2;
  return {
    difference,
    low: difference - Math.sqrt((p1 - l1) * (p1 - l1) + (u2 - p2) * (u2 - p2)),
    high: difference + Math.sqrt((u1 - p1) * (u1 - p1) + (p2 - l2) * (p2 - l2))
  };
}

// intake/src/experimentReport.ts
var MIXED_WARNING_SHARE = 0.01;
function subjectOf(e, unit) {
  const p = e.performer;
  if (!p || typeof p !== "object") {
    return null;
  }
  if (unit === "user") {
    return p.is_logged_in !== false && typeof p.id === "number" && p.id > 0 ? String(p.id) : null;
  }
  return unit === "session" && typeof p.session_id === "string" && p.session_id ? p.session_id : null;
}
function* factsOfEvents(events, design) {
  for (const e of events) {
    const assigned = e && e.experiments && e.experiments.assigned;
    const group = assigned && typeof assigned === "object" ? assigned[design.experiment] : void 0;
    yield {
      group: typeof group === "string" && group ? group : null,
      subject: e ? subjectOf(e, design.unit) : null,
      action: e && typeof e.action === "string" ? e.action : null
    };
  }
}
function buildReport(events, design, action, source = { kind: "raw", reason: null }) {
  return buildReportFromFacts(factsOfEvents(events, design), design, action, source);
}
function buildReportFromFacts(facts, design, action, source) {
  const subjects = /* @__PURE__ */ new Map();
  let eventsWithoutSubject = 0;
  for (const e of facts) {
    const group = e.group;
    if (group === null) {
      continue;
    }
    const key = e.subject;
    if (key === null) {
      eventsWithoutSubject++;
      continue;
    }
    let s = subjects.get(key);
    if (!s) {
      s = { groups: [], events: 0, exposed: false, converted: false };
      subjects.set(key, s);
    }
    if (!s.groups.includes(group)) {
      s.groups.push(group);
    }
    s.events++;
    s.exposed = s.exposed || e.action === "experiment_exposure";
    s.converted = s.converted || e.action === action;
  }
  const weightSum = design.groups.reduce((sum, g) => sum + g.weight, 0);
  const rows = new Map(design.groups.map((g) => [g.name, { group: g.name, weight: g.weight, expectedShare: g.weight / weightSum, subjects: 0, exposures: 0, events: 0, converted: 0 }]));
  const undeclared = /* @__PURE__ */ new Map();
  let mixed = 0;
  for (const s of subjects.values()) {
    if (s.groups.length > 1) {
      mixed++;
      continue;
    }
    const row = rows.get(s.groups[0]);
    if (!row) {
      undeclared.set(s.groups[0], (undeclared.get(s.groups[0]) || 0) + 1);
      continue;
    }
    row.subjects++;
    row.events += s.events;
    row.exposures += s.exposed ? 1 : 0;
    row.converted += s.converted ? 1 : 0;
  }
  const groups = Array.from(rows.values()).map((r) => Object.assign(r, {
    rate: r.subjects ? r.converted / r.subjects : 0,
    rateInterval: wilsonInterval(r.converted, r.subjects),
    difference: null
  }));
  const reference = groups[0];
  for (const g of groups.slice(1)) {
    g.difference = differenceInterval([reference.converted, reference.subjects], [g.converted, g.subjects]);
  }
  const counted = groups.reduce((sum, g) => sum + g.subjects, 0);
  const seen = subjects.size;
  const test = chiSquareTest(groups.map((g) => g.subjects), groups.map((g) => g.weight));
  return {
    experiment: design.experiment,
    unit: design.unit,
    action,
    groups,
    mixed: { subjects: mixed, share: seen ? mixed / seen : 0, warning: seen > 0 && mixed / seen > MIXED_WARNING_SHARE },
    undeclared: Array.from(undeclared, ([group, n]) => ({ group, subjects: n })),
    eventsWithoutSubject,
    subjects: counted,
    empty: counted === 0,
    srm: Object.assign(test, { mismatch: counted > 0 && test.p < 1e-3 }),
    source
  };
}
function* eventsFromStore(file, experiment) {
  const db = new import_better_sqlite35.default(file, { readonly: true, fileMustExist: true });
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
function* eventsFromJsonLines(file, experiment) {
  const fd = (0, import_node_fs8.openSync)(file, "r");
  const buffer = Buffer.alloc(1 << 20);
  let rest = Buffer.alloc(0);
  const parse = (bytes) => {
    const line = bytes.toString("utf8");
    try {
      return line.includes(experiment) ? JSON.parse(line) : null;
    } catch (e) {
      return null;
    }
  };
  try {
    for (; ; ) {
      const read = (0, import_node_fs8.readSync)(fd, buffer, 0, buffer.length, null);
      const chunk = read ? Buffer.concat([rest, buffer.subarray(0, read)]) : rest;
      let start = 0;
      for (let newline = chunk.indexOf(10); newline !== -1; newline = chunk.indexOf(10, start)) {
        const event = parse(chunk.subarray(start, newline));
        start = newline + 1;
        if (event) {
          yield event;
        }
      }
      if (!read) {
        const last = start < chunk.length ? parse(chunk.subarray(start)) : null;
        if (last) {
          yield last;
        }
        return;
      }
      rest = Buffer.from(chunk.subarray(start));
    }
  } finally {
    (0, import_node_fs8.closeSync)(fd);
  }
}

// intake/src/experimentReportTable.ts
function columnFor(columns, physical, path10, types2, mayHash, why) {
  const column = columns.find((c) => c.path === path10);
  if (!column) {
    return { problem: `table ${physical} has no column for ${path10} (${why})` };
  }
  if (column.privacy === "drop") {
    return { problem: `column ${column.name} of ${physical} (${path10}) is "drop": its values are emptied after the stream's retention, so older events would be missed` };
  }
  if (column.privacy === "hash" && !mayHash) {
    return { problem: `column ${column.name} of ${physical} (${path10}) is "hash": ${why} needs its values in clear` };
  }
  if (column.privacy !== "hash" && !types2.includes(column.type)) {
    return { problem: `column ${column.name} of ${physical} (${path10}) is of type ${column.type}, not ${types2.join(" or ")}` };
  }
  return { column };
}
function groupColumn(columns, physical, experiment) {
  const candidates = [
    ["experiments.assigned", `$."${experiment}"`],
    ["experiments", `$.assigned."${experiment}"`]
  ];
  if (isEventPath(`experiments.assigned.${experiment}`)) {
    candidates.unshift([`experiments.assigned.${experiment}`, "$"]);
  }
  const why = "the group of each event";
  for (const [path10, jsonPath] of candidates) {
    const own = path10 === `experiments.assigned.${experiment}`;
    const found = columnFor(columns, physical, path10, own ? ["string", "json"] : ["json"], false, why);
    if (found.column) {
      return { group: { column: found.column.name, jsonPath: found.column.type === "string" ? null : jsonPath } };
    }
    if (columns.some((c) => c.path === path10)) {
      return { problem: found.problem };
    }
  }
  return { problem: `table ${physical} has no column for experiments.assigned (${why})` };
}
function planPhysical(db, table, design) {
  const physical = table.physical;
  if (!table.dedupe) {
    return { problem: `table ${physical} keeps one row per copy received (dedupe off), so re-sent events would count twice` };
  }
  const columns = db.prepare("SELECT * FROM mp_columns WHERE physical = ? ORDER BY position").all(physical);
  const group = groupColumn(columns, physical, design.experiment);
  if (!group.group) {
    return { problem: group.problem };
  }
  const action = columnFor(columns, physical, "action", ["string"], false, "exposures and the action's rate");
  if (!action.column) {
    return { problem: action.problem };
  }
  const sinceOf = (used) => used.reduce((latest, c) => c && c.since && c.since > latest ? c.since : latest, "");
  const groupRecord = columns.find((c) => c.name === group.group.column);
  if (design.unit === "session") {
    const session = columnFor(columns, physical, "performer.session_id", ["string"], true, "the subject of unit session");
    return session.column ? { plan: {
      physical,
      group: group.group,
      subject: session.column.name,
      subjectHashed: session.column.privacy === "hash",
      loggedIn: null,
      action: action.column.name,
      since: sinceOf([groupRecord, action.column, session.column])
    } } : { problem: session.problem };
  }
  if (design.unit !== "user") {
    return { problem: `unit ${design.unit} has no identifier in events` };
  }
  const id = columnFor(columns, physical, "performer.id", ["integer", "number"], true, "the subject of unit user");
  if (!id.column) {
    return { problem: id.problem };
  }
  const loggedIn = columnFor(columns, physical, "performer.is_logged_in", ["boolean"], false, "telling logged-in users from others");
  if (!loggedIn.column) {
    return { problem: loggedIn.problem };
  }
  return { plan: {
    physical,
    group: group.group,
    subject: id.column.name,
    subjectHashed: id.column.privacy === "hash",
    loggedIn: loggedIn.column.name,
    action: action.column.name,
    since: sinceOf([groupRecord, action.column, id.column, loggedIn.column])
  } };
}
function lateTable(db, versions, plans) {
  if (!sqliteTableExists(db, "events")) {
    return null;
  }
  const first = db.prepare("SELECT dt FROM events WHERE stream = ? ORDER BY seq LIMIT 1").pluck().get(versions[0].stream);
  if (first === void 0) {
    return null;
  }
  const changed = plans.find((p) => p.since && p.since > first);
  if (changed) {
    return `table ${changed.physical} holds the columns the report reads as defined now only since ${changed.since} (a column added or re-tagged then), but the store holds events of stream "${versions[0].stream}" from ${first}: they would be missed or miscounted`;
  }
  const starts = versions.map((v) => db.prepare(`SELECT MIN(received_at) FROM "${v.physical.replace(/"/g, '""')}"`).pluck().get()).filter((t) => t !== null).sort();
  if (starts.length && starts[0] <= first) {
    return null;
  }
  const physical = versions.map((v) => v.physical).join(" + ");
  return `table ${physical} ${starts.length ? `starts at ${starts[0]}` : "has no rows"}, but the store holds events of stream "${versions[0].stream}" from ${first} (received before the table was defined, or filtered out): they would be missed`;
}
function chooseReportTable(db, design, request = {}) {
  const stream = request.stream || design.stream;
  if (!stream && !request.table) {
    return { reason: `no stream named (give --stream, or "stream" in the experiment's definition, to read its modelled table)` };
  }
  if (!sqliteTableExists(db, "mp_tables")) {
    return { reason: "the store has no modelled tables" };
  }
  let tables = db.prepare("SELECT * FROM mp_tables ORDER BY name, major").all();
  if (request.table) {
    const named = tables.find((t) => t.physical === request.table) || tables.find((t) => t.name === request.table);
    if (!named) {
      return { reason: `the store has no modelled table named "${request.table}"` };
    }
    if (stream && named.stream !== stream) {
      return { reason: `table ${named.physical} is of stream "${named.stream}", not "${stream}"` };
    }
    tables = tables.filter((t) => t.name === named.name && t.stream === named.stream);
  } else {
    tables = tables.filter((t) => t.stream === stream);
    if (!tables.length) {
      return { reason: `stream "${stream}" has no modelled table` };
    }
  }
  const problems = [];
  for (const name of Array.from(new Set(tables.map((t) => t.name)))) {
    const versions = tables.filter((t) => t.name === name);
    const plans = [];
    for (const version of versions) {
      const planned = planPhysical(db, version, design);
      if (!planned.plan) {
        problems.push(planned.problem);
        break;
      }
      plans.push(planned.plan);
    }
    if (plans.length === versions.length) {
      const late = lateTable(db, versions, plans);
      if (late === null) {
        return { plan: { stream: versions[0].stream, name, tables: plans } };
      }
      problems.push(late);
    }
  }
  const others = problems.length - 1;
  return { reason: problems[0] + (others ? ` (and ${others} other table${others > 1 ? "s" : ""} of stream "${tables[0].stream}" cannot serve either)` : "") };
}
function* factsFromTable(db, plan) {
  for (const t of plan.tables) {
    const q = (column) => `"${column.replace(/"/g, '""')}"`;
    const group = t.group.jsonPath === null ? q(t.group.column) : `json_extract(${q(t.group.column)}, ?)`;
    const loggedIn = t.loggedIn === null ? "NULL" : q(t.loggedIn);
    const sql = `SELECT g, subject, logged_in, action FROM (SELECT ${group} AS g, ${q(t.subject)} AS subject, ${loggedIn} AS logged_in, ${q(t.action)} AS action
			FROM ${q(t.physical)} WHERE received_at >= ?) WHERE g IS NOT NULL`;
    const statement = db.prepare(sql);
    const rows = t.group.jsonPath === null ? statement.iterate(t.since) : statement.iterate(t.group.jsonPath, t.since);
    for (const row of rows) {
      yield {
        group: typeof row.g === "string" && row.g ? row.g : null,
        subject: subjectOfRow(row.subject, row.logged_in, t),
        action: typeof row.action === "string" ? row.action : null
      };
    }
  }
}
function subjectOfRow(subject, loggedIn, t) {
  if (t.loggedIn === null) {
    return typeof subject === "string" && subject ? subject : null;
  }
  if (loggedIn === 0) {
    return null;
  }
  if (t.subjectHashed) {
    return typeof subject === "string" && subject ? subject : null;
  }
  return typeof subject === "number" && subject > 0 ? String(subject) : null;
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
var ALL_ATTRIBUTES = compileAttributeSelection(CONTEXT_ATTRIBUTE_NAMES);

// intake/src/experimentDesign.ts
var UNITS2 = ["user", "session", "device"];
function isObject7(value) {
  return !!value && typeof value === "object" && !Array.isArray(value);
}
function definitionOf(definitions, experiment) {
  if (!isObject7(definitions)) {
    return { problem: "the definitions file is not a JSON object of experiment name → definition" };
  }
  const table = Object.prototype.hasOwnProperty.call(definitions, experiment) || !isObject7(definitions.experiments) ? definitions : definitions.experiments;
  if (!Object.prototype.hasOwnProperty.call(table, experiment)) {
    return { problem: `experiment "${experiment}" is not in the definitions (they define: ${Object.keys(table).join(", ") || "nothing"})` };
  }
  const problem = experimentProblem(experiment, table[experiment]);
  return problem ? { problem: `the definition of "${experiment}" is unusable: ${problem}` } : { config: table[experiment] };
}
function parseWeights(text) {
  const weights = [];
  for (const pair of text.split(",").map((p) => p.trim()).filter(Boolean)) {
    const eq = pair.indexOf("=");
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    const weight = Number(value);
    if (eq < 1 || value === "" || !isFinite(weight) || weight < 0) {
      return { problem: `--weights: "${pair}" is not group=weight with a number ≥ 0` };
    }
    if (weights.some((w) => w.name === name)) {
      return { problem: `--weights: group ${name} appears twice` };
    }
    weights.push({ name, weight });
  }
  return { weights };
}
function resolveDesign(sources) {
  let groups = null;
  let unit = sources.unit;
  let stream;
  if (sources.definitions !== void 0) {
    const found = definitionOf(sources.definitions, sources.experiment);
    if (!found.config) {
      return { problem: found.problem };
    }
    groups = found.config.groups.map((g) => typeof g === "string" ? { name: g, weight: 1 } : { name: g.name, weight: g.weight === void 0 ? 1 : g.weight });
    unit = unit || found.config.unit;
    stream = typeof found.config.stream === "string" && found.config.stream ? found.config.stream : void 0;
  }
  if (sources.groups !== void 0) {
    const names = sources.groups.split(",").map((n) => n.trim()).filter(Boolean);
    const bad = names.find((n, i) => !GROUP_NAME.test(n) || names.indexOf(n) !== i);
    if (!names.length || bad !== void 0) {
      return { problem: bad === void 0 ? "--groups names no group" : `--groups: "${bad}" is not a group name, or appears twice` };
    }
    groups = names.map((name) => ({ name, weight: 1 }));
  }
  if (sources.weights) {
    const parsed = parseWeights(sources.weights);
    if (!parsed.weights) {
      return { problem: parsed.problem };
    }
    if (!groups) {
      groups = parsed.weights;
    } else {
      for (const w of parsed.weights) {
        const group = groups.find((g) => g.name === w.name);
        if (!group) {
          return { problem: `--weights names group ${w.name}, which the design does not declare (${groups.map((g) => g.name).join(", ")})` };
        }
        group.weight = w.weight;
      }
    }
  }
  if (!groups) {
    return { problem: "the groups are unknown: give --definitions FILE (the experiment definitions), or --groups / --weights" };
  }
  if (!groups.some((g) => g.weight > 0)) {
    return { problem: "every group has weight 0: no subject is expected anywhere" };
  }
  if (!unit || !UNITS2.includes(unit)) {
    return { problem: unit ? `--unit must be user, session or device, not "${unit}"` : "the unit is unknown: give --definitions FILE or --unit user|session" };
  }
  if (unit === "device") {
    return { problem: "the unit is device, but events carry no device identifier (web/base 1.3.0 has none): this report cannot count devices" };
  }
  const design = { experiment: sources.experiment, unit, groups };
  if (stream !== void 0) {
    design.stream = stream;
  }
  return { design };
}

// intake/src/experimentReportText.ts
function pct(x) {
  return (x * 100).toFixed(2) + "%";
}
function signed(x) {
  return (x >= 0 ? "+" : "") + pct(x);
}
function sourceLine(source) {
  if (source.kind === "table") {
    return `read from table ${source.tables.join(" + ")} (stream ${source.stream})`;
  }
  return source.reason ? `read from raw events: ${source.reason}` : "read from raw events";
}
function formatReport(report) {
  const reference = report.groups[0].group;
  const lines = [
    `Experiment ${report.experiment} (unit: ${report.unit}) — rate of "${report.action}" per subject`,
    `Source: ${sourceLine(report.source)}`,
    "group".padEnd(14) + "weight".padStart(8) + "subjects".padStart(10) + "exposed".padStart(10) + "events".padStart(10) + "rate".padStart(10) + "   95% CI".padEnd(22) + `vs ${reference} (95% CI)`
  ];
  for (const g of report.groups) {
    const versus = g.group === reference ? "reference" : g.difference ? `${signed(g.difference.difference)} [${signed(g.difference.low)}, ${signed(g.difference.high)}]` : "no comparison (a group without subjects)";
    lines.push(g.group.padEnd(14) + String(g.weight).padStart(8) + String(g.subjects).padStart(10) + String(g.exposures).padStart(10) + String(g.events).padStart(10) + (g.subjects ? pct(g.rate) : "-").padStart(10) + (g.subjects ? `   [${pct(g.rateInterval[0])}, ${pct(g.rateInterval[1])}]` : "").padEnd(22) + versus);
  }
  const m = report.mixed;
  lines.push(`Seen in more than one group: ${m.subjects} subjects (${pct(m.share)} of ${report.unit}s), excluded from every group` + (m.warning ? ` — WARNING: more than ${pct(0.01)}; assignment leaks (logins mid-session, lost cookies, QA overrides?) and the comparison is doubtful.` : "."));
  for (const u of report.undeclared) {
    lines.push(`WARNING: ${u.subjects} subjects only in group "${u.group}", which the design does not declare: excluded.`);
  }
  if (report.eventsWithoutSubject) {
    lines.push(`${report.eventsWithoutSubject} events of the experiment carry no ${report.unit === "user" ? "logged-in performer.id" : "performer.session_id"}: not counted (does the stream provide ${report.unit === "user" ? "performer_id" : "performer_session_id"}?).`);
  }
  const srm = report.srm;
  if (srm.df === 0 && srm.statistic !== Infinity) {
    lines.push("Sample ratio: not testable, the design has one group with a weight above 0.");
    return lines.join("\n");
  }
  const statistic = srm.statistic === Infinity ? "∞ (subjects in a group of weight 0)" : srm.statistic.toFixed(2);
  lines.push(`Sample ratio over the ${report.groups.length} declared groups: chi-square ${statistic} (df ${srm.df}), p = ${srm.p < 1e-4 ? srm.p.toExponential(2) : srm.p.toFixed(4)}` + (srm.mismatch ? " — SAMPLE RATIO MISMATCH (p < 0.001): the groups are not the sizes they should be; do not trust the comparison." : " — no mismatch."));
  return lines.join("\n");
}

// intake/src/reportCli.ts
var import_better_sqlite36 = __toESM(require("better-sqlite3"));
var import_node_fs9 = require("node:fs");
var import_node_util3 = require("node:util");
var USAGE3 = "Usage: mp-experiment-report --experiment NAME (--definitions experiments.json | --groups control,treatment --unit user|session) [--weights control=1,treatment=1] [--store events.sqlite | --jsonl events.jsonl] [--stream NAME | --table NAME | --raw] [--action click] [--json]";
function reportFromStore(file, design, action, request) {
  if (request) {
    const db = new import_better_sqlite36.default(file, { readonly: true, fileMustExist: true });
    try {
      const choice = chooseReportTable(db, design, request);
      if (choice.plan) {
        return buildReportFromFacts(factsFromTable(db, choice.plan), design, action, { kind: "table", stream: choice.plan.stream, tables: choice.plan.tables.map((t) => t.physical) });
      }
      return buildReport(eventsFromStore(file, design.experiment), design, action, { kind: "raw", reason: choice.reason });
    } finally {
      db.close();
    }
  }
  return buildReport(eventsFromStore(file, design.experiment), design, action, { kind: "raw", reason: "asked for with --raw" });
}
function reportMain(argv, out = console.log, err = console.error) {
  let values;
  try {
    values = (0, import_node_util3.parseArgs)({
      args: argv,
      options: {
        experiment: { type: "string" },
        definitions: { type: "string" },
        groups: { type: "string" },
        weights: { type: "string" },
        unit: { type: "string" },
        store: { type: "string" },
        jsonl: { type: "string" },
        stream: { type: "string" },
        table: { type: "string" },
        raw: { type: "boolean", default: false },
        action: { type: "string", default: "click" },
        json: { type: "boolean", default: false }
      }
    }).values;
  } catch (e) {
    err(`${e.message}
${USAGE3}`);
    return 2;
  }
  if (!values.experiment) {
    err(USAGE3);
    return 2;
  }
  let definitions;
  if (values.definitions) {
    try {
      definitions = JSON.parse((0, import_node_fs9.readFileSync)(values.definitions, "utf8"));
    } catch (e) {
      err(`mp-experiment-report: the definitions file ${values.definitions} cannot be read as JSON (${e.message})`);
      return 2;
    }
  }
  const resolved = resolveDesign({ experiment: values.experiment, definitions, groups: values.groups, weights: values.weights, unit: values.unit });
  if (!resolved.design) {
    err(`mp-experiment-report: ${resolved.problem}
${USAGE3}`);
    return 2;
  }
  if (values.store && values.jsonl) {
    err(`mp-experiment-report: give --store or --jsonl, not both
${USAGE3}`);
    return 2;
  }
  const store = values.jsonl || values.store || "demo-events.sqlite";
  if (!(0, import_node_fs9.existsSync)(store)) {
    err(`mp-experiment-report: the store ${store} does not exist: nothing to report.`);
    return 1;
  }
  if (values.jsonl && (values.stream || values.table)) {
    err(`mp-experiment-report: --stream and --table read the SQLite store's modelled tables; a JSON lines store has none
${USAGE3}`);
    return 2;
  }
  if (values.raw && (values.stream || values.table)) {
    err(`mp-experiment-report: give --raw or --stream / --table, not both
${USAGE3}`);
    return 2;
  }
  const action = values.action;
  const report = values.jsonl ? buildReport(eventsFromJsonLines(store, values.experiment), resolved.design, action, { kind: "raw", reason: null }) : reportFromStore(store, resolved.design, action, values.raw ? null : { stream: values.stream, table: values.table });
  if (report.empty) {
    err(`mp-experiment-report: no subject of experiment ${values.experiment} in ${store} (${sourceLine(report.source)}) (${report.eventsWithoutSubject} events without a ${report.unit} identifier, ${report.mixed.subjects} subjects in more than one group, ${report.undeclared.reduce((n, u) => n + u.subjects, 0)} in undeclared groups): nothing to report.`);
    return 1;
  }
  out(values.json ? JSON.stringify(report, null, 2) : formatReport(report));
  return 0;
}

// intake/src/parquet/exportParquet.ts
var import_node_fs11 = require("node:fs");
var import_node_path6 = __toESM(require("node:path"));

// intake/src/parquet/eventsTable.ts
var import_apache_arrow = require("apache-arrow");
var EVENT_COLUMNS = ["meta_id", "meta_stream", "client_dt", "meta_dt", "event"];
function eventsTable(rows) {
  const utc = () => new import_apache_arrow.TimestampMillisecond("UTC");
  return new import_apache_arrow.Table({
    meta_id: (0, import_apache_arrow.vectorFromArray)(rows.map((r) => r.id), new import_apache_arrow.Utf8()),
    meta_stream: (0, import_apache_arrow.vectorFromArray)(rows.map((r) => r.stream), new import_apache_arrow.Utf8()),
    client_dt: (0, import_apache_arrow.vectorFromArray)(rows.map((r) => new Date(r.t)), utc()),
    meta_dt: (0, import_apache_arrow.vectorFromArray)(rows.map((r) => {
      const ms = Date.parse(r.dt);
      return Number.isNaN(ms) ? null : new Date(ms);
    }), utc()),
    event: (0, import_apache_arrow.vectorFromArray)(rows.map((r) => r.body), new import_apache_arrow.Utf8())
  });
}

// intake/src/parquet/partitionFolder.ts
var import_apache_arrow2 = require("apache-arrow");
var import_node_fs10 = require("node:fs");
var import_node_path5 = __toESM(require("node:path"));
var import_parquet_wasm = require("parquet-wasm");

// intake/src/processAlive.ts
function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === "EPERM";
  }
}

// intake/src/parquet/partitionFolder.ts
function writeParquetFile(file, table) {
  const wasm = import_parquet_wasm.Table.fromIPCStream((0, import_apache_arrow2.tableToIPC)(table, "stream"));
  (0, import_node_fs10.writeFileSync)(file, (0, import_parquet_wasm.writeParquet)(wasm, new import_parquet_wasm.WriterPropertiesBuilder().setCompression(import_parquet_wasm.Compression.ZSTD).build()));
}
var WORK_FOLDER = ".mp-export-tmp";
function pendingFolder(out, table, day) {
  const work = import_node_path5.default.join(out, WORK_FOLDER);
  (0, import_node_fs10.mkdirSync)(work, { recursive: true });
  for (const name of (0, import_node_fs10.readdirSync)(work)) {
    const pid = Number(/\.(\d+)(\.old)?$/.exec(name)?.[1]);
    if (pid && pid !== process.pid && !processAlive(pid)) {
      (0, import_node_fs10.rmSync)(import_node_path5.default.join(work, name), { recursive: true, force: true });
    }
  }
  const pending = import_node_path5.default.join(work, `${table}.dt=${day}.${process.pid}`);
  (0, import_node_fs10.rmSync)(pending, { recursive: true, force: true });
  (0, import_node_fs10.mkdirSync)(pending);
  return pending;
}
function moveIntoPlace(pending, final, replace) {
  if (replace) {
    const aside = `${pending}.old`;
    try {
      (0, import_node_fs10.renameSync)(final, aside);
    } catch (e) {
      (0, import_node_fs10.rmSync)(pending, { recursive: true, force: true });
      return false;
    }
    try {
      (0, import_node_fs10.renameSync)(pending, final);
    } catch (e) {
      (0, import_node_fs10.rmSync)(pending, { recursive: true, force: true });
      try {
        (0, import_node_fs10.renameSync)(aside, final);
      } catch (e2) {
      }
      (0, import_node_fs10.rmSync)(aside, { recursive: true, force: true });
      return false;
    }
    (0, import_node_fs10.rmSync)(aside, { recursive: true, force: true });
    return true;
  }
  try {
    (0, import_node_fs10.renameSync)(pending, final);
    return true;
  } catch (e) {
    (0, import_node_fs10.rmSync)(pending, { recursive: true, force: true });
    return false;
  }
}

// intake/src/parquet/exportParquet.ts
var ROWS_PER_FILE = 2e5;
async function exportEventsToParquet(sink, options) {
  if (!sink.storedDays || !sink.eventsOfDay) {
    throw new Error("this store cannot be read by day (the JSON-lines store): export from SQLite or PostgreSQL");
  }
  const until = options.until || (/* @__PURE__ */ new Date()).toISOString().slice(0, 10);
  const rowsPerFile = Math.max(1, Math.floor(options.rowsPerFile || ROWS_PER_FILE));
  const tableDir = import_node_path6.default.join(options.out, options.table || "events");
  (0, import_node_fs11.mkdirSync)(tableDir, { recursive: true });
  const result = { written: [], kept: [] };
  for (const day of await sink.storedDays()) {
    if (day >= until) {
      continue;
    }
    const final = import_node_path6.default.join(tableDir, `dt=${day}`);
    if ((0, import_node_fs11.existsSync)(final)) {
      result.kept.push(day);
      continue;
    }
    const pending = pendingFolder(options.out, options.table || "events", day);
    let after = null;
    let files = 0;
    let rows = 0;
    try {
      for (; ; ) {
        const page = await sink.eventsOfDay(day, after, rowsPerFile);
        if (!page.length) {
          break;
        }
        writeParquetFile(import_node_path6.default.join(pending, `part-${String(files).padStart(5, "0")}.parquet`), eventsTable(page));
        files++;
        rows += page.length;
        after = { t: page[page.length - 1].t, id: page[page.length - 1].id };
        if (page.length < rowsPerFile) {
          break;
        }
      }
    } catch (e) {
      (0, import_node_fs11.rmSync)(pending, { recursive: true, force: true });
      throw e;
    }
    if (!moveIntoPlace(pending, final, false)) {
      result.kept.push(day);
      continue;
    }
    result.written.push({ day, files, rows });
  }
  return result;
}

// intake/src/parquet/exportCli.ts
var import_node_util4 = require("node:util");

// intake/src/parquet/exportTables.ts
var import_node_fs13 = require("node:fs");
var import_node_path8 = __toESM(require("node:path"));

// intake/src/parquet/modelledTableArrow.ts
var import_apache_arrow3 = require("apache-arrow");
var PARQUET_TYPES = {
  string: "STRING",
  integer: "INT64",
  number: "DOUBLE",
  boolean: "BOOLEAN",
  json: "STRING (JSON text)"
};
var INT64_LIMIT = 2 ** 63;
var INT64_MAX = BigInt("9223372036854775807");
var INT64_MIN = -INT64_MAX - BigInt(1);
var ZERO2 = BigInt(0);
var ONE = BigInt(1);
function asString(v) {
  return v === null ? null : String(v);
}
function asInt64(v) {
  if (typeof v === "bigint") {
    return v >= INT64_MIN && v <= INT64_MAX ? v : null;
  }
  return typeof v === "number" && Number.isInteger(v) && v >= -INT64_LIMIT && v < INT64_LIMIT ? BigInt(v) : null;
}
function asDouble(v) {
  return typeof v === "number" ? v : typeof v === "bigint" ? Number(v) : null;
}
function asBoolean(v) {
  return typeof v === "boolean" ? v : v === 1 || v === 0 || v === ONE || v === ZERO2 ? v === 1 || v === ONE : null;
}
function vectorOf(type, values) {
  switch (type) {
    case "integer":
      return (0, import_apache_arrow3.vectorFromArray)(values.map(asInt64), new import_apache_arrow3.Int64());
    case "number":
      return (0, import_apache_arrow3.vectorFromArray)(values.map(asDouble), new import_apache_arrow3.Float64());
    case "boolean":
      return (0, import_apache_arrow3.vectorFromArray)(values.map(asBoolean), new import_apache_arrow3.Bool());
    default:
      return (0, import_apache_arrow3.vectorFromArray)(values.map(asString), new import_apache_arrow3.Utf8());
  }
}
function modelledArrowTable(table, rows) {
  const vectors = {
    event_id: (0, import_apache_arrow3.vectorFromArray)(rows.map((r) => r.eventId), new import_apache_arrow3.Utf8()),
    received_at: (0, import_apache_arrow3.vectorFromArray)(rows.map((r) => {
      const ms = Date.parse(r.receivedAt);
      return Number.isNaN(ms) ? null : new Date(ms);
    }), new import_apache_arrow3.TimestampMillisecond("UTC"))
  };
  table.columns.forEach((column, i) => {
    vectors[column.name] = vectorOf(column.type, rows.map((r) => r.values[i]));
  });
  return new import_apache_arrow3.Table(vectors);
}

// intake/src/parquet/partitionManifest.ts
var import_node_fs12 = require("node:fs");
var import_node_path7 = __toESM(require("node:path"));
var MANIFEST_FILE = "_mp_export.json";
function readManifest(folder) {
  try {
    const m = JSON.parse((0, import_node_fs12.readFileSync)(import_node_path7.default.join(folder, MANIFEST_FILE), "utf8"));
    return m && m.format === 1 && typeof m.rows === "number" && typeof m.lastReceivedAt === "string" && typeof m.dropHeld === "number" && m.privacy && typeof m.privacy === "object" ? m : null;
  } catch (e) {
    return null;
  }
}
function staleReason(manifest, store, privacy) {
  if (!manifest) {
    return "no manifest";
  }
  if (manifest.rows !== store.rows) {
    return `${store.rows - manifest.rows > 0 ? "+" : ""}${store.rows - manifest.rows} rows`;
  }
  if (manifest.lastReceivedAt !== store.lastReceivedAt) {
    return "latest receive time changed";
  }
  if (manifest.dropHeld !== store.dropHeld) {
    return "drop columns purged";
  }
  for (const [column, tag] of Object.entries(manifest.privacy)) {
    if (privacy[column] !== void 0 && privacy[column] !== tag) {
      return `column ${column} is now "${privacy[column]}"`;
    }
  }
  return null;
}

// intake/src/parquet/exportTables.ts
var TABLE_ROWS_PER_FILE = 2e5;
function privacyOf(table) {
  const privacy = {};
  table.columns.forEach((c) => {
    privacy[c.name] = c.rewriting ? `${c.privacy} (rewrite pending)` : c.privacy;
  });
  return privacy;
}
async function writeDay(source, table, day, pending, rowsPerFile, exportedAt) {
  const dropAt = table.columns.map((c, i) => c.privacy === "drop" ? i : -1).filter((i) => i >= 0);
  const manifest = { format: 1, table: table.physical, day, rows: 0, lastReceivedAt: "", dropHeld: 0, files: [], privacy: privacyOf(table), exportedAt };
  for await (const page of source.rowsOfDay(table, day, rowsPerFile)) {
    const name = `part-${String(manifest.files.length).padStart(5, "0")}.parquet`;
    writeParquetFile(import_node_path8.default.join(pending, name), modelledArrowTable(table, page));
    manifest.files.push(name);
    manifest.rows += page.length;
    for (const row of page) {
      if (row.receivedAt > manifest.lastReceivedAt) {
        manifest.lastReceivedAt = row.receivedAt;
      }
      for (const i of dropAt) {
        manifest.dropHeld += row.values[i] === null ? 0 : 1;
      }
    }
  }
  (0, import_node_fs13.writeFileSync)(import_node_path8.default.join(pending, MANIFEST_FILE), JSON.stringify(manifest, null, "	") + "\n");
  return manifest;
}
async function exportModelledTables(source, options) {
  const now = options.now || Date.now;
  const until = options.until || new Date(now()).toISOString().slice(0, 10);
  const rowsPerFile = Math.max(1, Math.floor(options.rowsPerFile || TABLE_ROWS_PER_FILE));
  const result = { written: [], kept: [] };
  for (const table of await source.tables()) {
    if (options.tables && !options.tables.includes(table.physical)) {
      continue;
    }
    const tableDir = import_node_path8.default.join(options.out, table.physical);
    const privacy = privacyOf(table);
    const kept = [];
    for (const [day, summary] of await source.daySummaries(table, until)) {
      const final = import_node_path8.default.join(tableDir, `dt=${day}`);
      const exists = (0, import_node_fs13.existsSync)(final);
      const reason2 = exists ? staleReason(readManifest(final), summary, privacy) : null;
      if (exists && reason2 === null) {
        kept.push(day);
        continue;
      }
      (0, import_node_fs13.mkdirSync)(tableDir, { recursive: true });
      const pending = pendingFolder(options.out, table.physical, day);
      let manifest;
      try {
        manifest = await writeDay(source, table, day, pending, rowsPerFile, new Date(now()).toISOString());
      } catch (e) {
        (0, import_node_fs13.rmSync)(pending, { recursive: true, force: true });
        throw e;
      }
      if (moveIntoPlace(pending, final, exists)) {
        result.written.push(Object.assign({ table: table.physical, day, files: manifest.files.length, rows: manifest.rows }, reason2 === null ? {} : { rewritten: reason2 }));
      } else {
        kept.push(day);
      }
    }
    result.kept.push({ table: table.physical, days: kept });
  }
  return result;
}

// intake/src/parquet/postgresTableSource.ts
var import_pg3 = require("pg");
function ISO(column) {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}
function DAY(table) {
  return table.partitioned ? "day" : "(received_at AT TIME ZONE 'UTC')::date";
}
var ENCODED2 = "";
function selectColumn(name, type) {
  return type === "integer" || type === "json" ? `"${name}"::text` : `"${name}"`;
}
function createPostgresTableSource(url) {
  const pool = surviveConnectionLoss(new import_pg3.Pool({ connectionString: url, max: 1 }), (m) => console.warn("[mp-intake] " + m));
  return {
    async tables() {
      const has = await pool.query("SELECT to_regclass('mp_tables') IS NOT NULL AS t, to_regclass('mp_columns') IS NOT NULL AS c");
      if (!has.rows[0].t || !has.rows[0].c) {
        return [];
      }
      const tables = (await pool.query(
        'SELECT physical, stream, partition_by FROM mp_tables WHERE to_regclass(quote_ident(physical)) IS NOT NULL ORDER BY physical COLLATE "C"'
      )).rows;
      const columns = (await pool.query(
        "SELECT physical, name, type, privacy FROM mp_columns ORDER BY physical, position"
      )).rows;
      const rehash = (await pool.query("SELECT to_regclass('mp_rehash') IS NOT NULL AS r")).rows[0].r ? (await pool.query("SELECT physical, name FROM mp_rehash")).rows : [];
      const rewriting = new Set(rehash.map((r) => `${r.physical}.${r.name}`));
      return tables.map((t) => ({
        physical: t.physical,
        stream: t.stream,
        partitioned: t.partition_by === "day",
        columns: columns.filter((c) => c.physical === t.physical).map((c) => Object.assign(
          { name: c.name, type: c.type, privacy: c.privacy },
          rewriting.has(`${t.physical}.${c.name}`) ? { rewriting: true } : {}
        ))
      }));
    },
    async daySummaries(table, until) {
      const drop = table.columns.filter((c) => c.privacy === "drop").map((c) => `count("${c.name}")`);
      const rows = (await pool.query(
        `SELECT ${DAY(table)}::text AS day, count(*) AS rows, ${ISO("max(received_at)")} AS last, ${drop.length ? drop.join(" + ") : "0"} AS held
				FROM "${table.physical}" WHERE ${DAY(table)} < $1::date GROUP BY 1 ORDER BY 1`,
        [until]
      )).rows;
      return new Map(rows.map((r) => [r.day, { rows: Number(r.rows), lastReceivedAt: r.last, dropHeld: Number(r.held) }]));
    },
    async *rowsOfDay(table, day, pageSize) {
      const names = ["event_id", `${ISO("received_at")}`].concat(table.columns.map((c) => selectColumn(c.name, c.type)));
      const client = await pool.connect();
      let ended = false;
      try {
        await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
        await client.query({
          text: `DECLARE mp_day NO SCROLL CURSOR FOR SELECT ${names.join(", ")} FROM "${table.physical}" WHERE ${DAY(table)} = $1::date`,
          values: [day]
        });
        for (; ; ) {
          const page = await client.query({ text: `FETCH ${Math.max(1, Math.floor(pageSize))} FROM mp_day`, rowMode: "array" });
          if (!page.rows.length) {
            break;
          }
          yield page.rows.map((r) => {
            const id = String(r[0]);
            return {
              eventId: id.startsWith(ENCODED2) ? JSON.parse(id.slice(1)) : id,
              receivedAt: String(r[1]),
              values: r.slice(2).map((v, i) => table.columns[i].type === "integer" && v !== null ? BigInt(v) : v)
            };
          });
        }
        await client.query("COMMIT");
        ended = true;
      } finally {
        if (!ended) {
          await client.query("ROLLBACK").catch(() => void 0);
        }
        client.release();
      }
    },
    async close() {
      await pool.end();
    }
  };
}

// intake/src/parquet/sqliteTableSource.ts
var import_better_sqlite37 = __toESM(require("better-sqlite3"));
function dayCondition(table) {
  return table.partitioned ? "day = ?" : "received_at >= ? AND received_at < ?";
}
function dayParameters(table, day) {
  if (table.partitioned) {
    return [day];
  }
  const next = new Date(Date.parse(day + "T00:00:00Z") + 864e5).toISOString().slice(0, 10);
  return [day, next];
}
function createSqliteTableSource(file) {
  const db = new import_better_sqlite37.default(file, { readonly: true, fileMustExist: true });
  const has = (name) => sqliteTableExists(db, name);
  return {
    async tables() {
      if (!has("mp_tables")) {
        return [];
      }
      const tables = db.prepare("SELECT * FROM mp_tables ORDER BY physical").all();
      const columns = db.prepare("SELECT * FROM mp_columns WHERE physical = ? ORDER BY position");
      const rewriting = new Set(has("mp_rehash") ? db.prepare("SELECT physical, name FROM mp_rehash").all().map((r) => `${r.physical}.${r.name}`) : []);
      return tables.filter((t) => has(t.physical)).map((t) => ({
        physical: t.physical,
        stream: t.stream,
        partitioned: t.partition_by === "day",
        columns: columns.all(t.physical).map((c) => Object.assign(
          { name: c.name, type: c.type, privacy: c.privacy },
          rewriting.has(`${t.physical}.${c.name}`) ? { rewriting: true } : {}
        ))
      }));
    },
    async daySummaries(table, until) {
      const day = table.partitioned ? "day" : "substr(received_at, 1, 10)";
      const drop = table.columns.filter((c) => c.privacy === "drop").map((c) => `COUNT("${c.name}")`);
      const rows = db.prepare(`SELECT ${day} AS day, COUNT(*) AS rows, MAX(received_at) AS last, ${drop.length ? drop.join(" + ") : "0"} AS held
				FROM "${table.physical}" WHERE ${day} < ? GROUP BY 1 ORDER BY 1`).all(until);
      return new Map(rows.map((r) => [r.day, { rows: r.rows, lastReceivedAt: r.last, dropHeld: r.held }]));
    },
    async *rowsOfDay(table, day, pageSize) {
      const names = ["event_id", "received_at"].concat(table.columns.map((c) => c.name)).map((n) => `"${n}"`);
      const statement = db.prepare(`SELECT ${names.join(", ")} FROM "${table.physical}" WHERE ${dayCondition(table)} ORDER BY rowid`).raw(true);
      let page = [];
      for (const r of statement.iterate(...dayParameters(table, day))) {
        page.push({ eventId: String(r[0]), receivedAt: String(r[1]), values: r.slice(2) });
        if (page.length === pageSize) {
          yield page;
          page = [];
        }
      }
      if (page.length) {
        yield page;
      }
    },
    async close() {
      db.close();
    }
  };
}

// intake/src/parquet/exportCli.ts
var USAGE4 = `Usage: mp-parquet-export --store FILE|URL --out DIR [--until YYYY-MM-DD] [--only events|tables]
  --store FILE|URL  the intake's store: a SQLite file or postgres://user@host/database
  --out DIR         the lake folder: DIR/events/dt=YYYY-MM-DD/part-NNNNN.parquet (raw events, by the
                    day of their own dt) and DIR/<table>/dt=YYYY-MM-DD/part-NNNNN.parquet (each modelled
                    table, by the day received), zstd
  --until DAY       export the days before DAY (default: today, UTC: only days that are over)
  --only WHAT       only the raw events, or only the modelled tables (default: both)
Raw events: days already exported are kept as they are. Modelled tables: days already exported are
written again only when the store's day differs (late rows, purged drop columns). Run it daily.`;
async function tableSourceOf(store) {
  return isPostgresUrl(store) ? createPostgresTableSource(store) : createSqliteTableSource(store);
}
async function parquetExportMain(argv, print = console.log) {
  const { values } = (0, import_node_util4.parseArgs)({ args: argv, options: {
    store: { type: "string" },
    out: { type: "string" },
    until: { type: "string" },
    only: { type: "string" },
    help: { type: "boolean", default: false }
  } });
  if (values.help || !values.store || !values.out || values.until !== void 0 && !/^\d{4}-\d{2}-\d{2}$/.test(values.until) || values.only !== void 0 && values.only !== "events" && values.only !== "tables") {
    print(USAGE4);
    return values.help ? 0 : 2;
  }
  if (values.only !== "tables") {
    const sink = isPostgresUrl(values.store) ? await createPostgresSink(values.store, { poolSize: 1 }) : createSqliteSink(values.store);
    try {
      const result = await exportEventsToParquet(sink, { out: values.out, until: values.until });
      for (const w of result.written) {
        print(`events dt=${w.day}: ${w.rows} events in ${w.files} file(s)`);
      }
      print(`events: ${result.written.length} day(s) written, ${result.kept.length} already there`);
    } finally {
      await sink.close();
    }
  }
  if (values.only !== "events") {
    const source = await tableSourceOf(values.store);
    try {
      const result = await exportModelledTables(source, { out: values.out, until: values.until });
      for (const w of result.written) {
        print(`${w.table} dt=${w.day}: ${w.rows} rows in ${w.files} file(s)${w.rewritten ? ` (written again: ${w.rewritten})` : ""}`);
      }
      for (const k of result.kept) {
        print(`${k.table}: ${result.written.filter((w) => w.table === k.table).length} day(s) written, ${k.days.length} unchanged`);
      }
      if (!result.kept.length) {
        print("modelled tables: none in this store");
      }
    } finally {
      await source.close();
    }
  }
  return 0;
}

// intake/src/modelling/queryCli.ts
var import_better_sqlite38 = __toESM(require("better-sqlite3"));
var import_node_util5 = require("node:util");
var import_pg4 = require("pg");
var USAGE5 = `Usage: mp-query --store FILE|postgres://… [--json] [SQL]
Without SQL: lists the store's tables (the modelled tables with their stream, schema, columns, types,
privacy tags and descriptions; the raw events and the failed events).
With SQL: runs one statement read-only (SQLite: the file opened read-only; PostgreSQL: a READ ONLY
transaction, rolled back) and prints the rows (a table; --json: one JSON object per line).
  e.g. mp-query --store events.sqlite "SELECT day, COUNT(*) AS clicks FROM button_clicks_v1 GROUP BY day"`;
var MAX_CELL = 60;
function firstLine(text) {
  const line = text.split("\n")[0];
  return line.length > 100 ? line.slice(0, 100) + "…" : line;
}
function tablesDescription(store) {
  const lines = [];
  for (const { table: t, rows: n, columns } of store.modelled) {
    lines.push(`${t.physical}  (stream ${t.stream}; schema ${t.schema_id}; ${n} rows${t.dedupe ? "; one row per event" : "; one row per copy received"})`);
    if (t.description) {
      lines.push(`  ${firstLine(t.description)}`);
    }
    const rows = [["event_id", "string", "keep", "meta.id of the event"], ["received_at", "string", "keep", "when the intake received it (ISO 8601, UTC)"]];
    if (t.partition_by === "day") {
      rows.push(["day", "string", "keep", "the UTC date of received_at (YYYY-MM-DD)"]);
    }
    for (const c of columns) {
      rows.push([c.name, c.type, c.privacy === "hash" ? "hash (HMAC-SHA-256)" : c.privacy, `${c.path}${c.description ? ": " + firstLine(c.description) : ""}`]);
    }
    const width = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length)));
    for (const r of rows) {
      lines.push(`  ${r[0].padEnd(width[0])}  ${r[1].padEnd(width[1])}  ${r[2].padEnd(width[2])}  ${r[3]}`);
    }
  }
  if (!store.modelled.length) {
    lines.push('No modelled tables yet (define them with "tables" in a stream config or mp-intake --tables).');
  }
  if (store.events) {
    lines.push(`events  (raw events: ${store.events})`);
  }
  if (store.failedEvents) {
    lines.push("failed_events  (refused events: stream, received_at, meta_id, pageview_id, session_id, kind, path, schema_path, message)");
  }
  return lines.join("\n");
}
function sqliteTables(db) {
  const has = (name) => sqliteTableExists(db, name);
  const tables = has("mp_tables") ? db.prepare("SELECT * FROM mp_tables ORDER BY name, major").all() : [];
  return {
    modelled: tables.map((table) => ({
      table,
      rows: db.prepare(`SELECT COUNT(*) AS n FROM "${table.physical}"`).get().n,
      columns: db.prepare("SELECT * FROM mp_columns WHERE physical = ? ORDER BY position").all(table.physical)
    })),
    events: has("events") ? "seq, t, id, stream, dt, body — the event as JSON; e.g. json_extract(body, '$.page.id')" : null,
    failedEvents: has("failed_events")
  };
}
async function postgresTables(client) {
  const has = (name) => pgTableExists(client, name);
  const tables = await has("mp_tables") ? (await client.query('SELECT * FROM mp_tables ORDER BY name COLLATE "C", major')).rows : [];
  const modelled = [];
  for (const table of tables) {
    modelled.push({
      table,
      rows: (await client.query(`SELECT COUNT(*) AS n FROM "${table.physical}"`)).rows[0].n,
      columns: (await client.query("SELECT * FROM mp_columns WHERE physical = $1 ORDER BY position", [table.physical])).rows
    });
  }
  return {
    modelled,
    events: await has("events") ? "seq, day, t, id, stream, dt, body — the event as json, partitioned by day; e.g. body->'page'->>'id'" : null,
    failedEvents: await has("failed_events")
  };
}
function describeTables(db) {
  return tablesDescription(sqliteTables(db));
}
function sqliteRows(db, sql) {
  const statement = db.prepare(sql);
  if (!statement.reader) {
    return statement.run().changes;
  }
  const names = statement.columns().map((c) => c.name);
  return { names, rows: statement.raw(true).all() };
}
async function postgresRows(client, sql) {
  await client.query("BEGIN TRANSACTION READ ONLY");
  try {
    const result = await client.query({ name: "mp_query", text: sql, rowMode: "array" });
    return result.fields.length ? { names: result.fields.map((f) => f.name), rows: result.rows } : result.rowCount || 0;
  } finally {
    await client.query("ROLLBACK");
  }
}
function cell2(value) {
  const text = value === null ? "NULL" : Buffer.isBuffer(value) ? `X'${value.toString("hex")}'` : typeof value === "object" ? JSON.stringify(value) : String(value);
  return text.length > MAX_CELL ? text.slice(0, MAX_CELL - 1) + "…" : text;
}
function printRows(result, json, print) {
  const { names, rows } = result;
  if (json) {
    rows.forEach((r) => print(JSON.stringify(Object.fromEntries(names.map((n, i) => [n, r[i]])))));
    return;
  }
  const table = [names].concat(rows.map((r) => names.map((_, i) => cell2(r[i]))));
  const width = names.map((_, i) => Math.max(...table.map((r) => r[i].length)));
  table.forEach((r) => print(r.map((c, i) => c.padEnd(width[i])).join("  ").trimEnd()));
  print(`(${rows.length} row${rows.length === 1 ? "" : "s"})`);
}
async function queryMain(argv, print = console.log) {
  const { values, positionals } = (0, import_node_util5.parseArgs)({
    args: argv,
    allowPositionals: true,
    options: { store: { type: "string", default: "events.sqlite" }, json: { type: "boolean", default: false }, help: { type: "boolean", default: false } }
  });
  if (values.help || positionals.length > 1) {
    print(USAGE5);
    return values.help ? 0 : 2;
  }
  const store = values.store;
  let result;
  if (isPostgresUrl(store)) {
    const client = new import_pg4.Client({ connectionString: store, types: READ_TYPES });
    try {
      await client.connect();
      if (!positionals.length) {
        print(tablesDescription(await postgresTables(client)));
        return 0;
      }
      result = await postgresRows(client, positionals[0]);
    } catch (e) {
      throw new Error(`${redactedUrl(store)}: ${e.message}`);
    } finally {
      await client.end().catch(() => void 0);
    }
  } else {
    const db = new import_better_sqlite38.default(store, { readonly: true, fileMustExist: true });
    try {
      if (!positionals.length) {
        print(describeTables(db));
        return 0;
      }
      result = sqliteRows(db, positionals[0]);
    } finally {
      db.close();
    }
  }
  if (typeof result === "number") {
    print(`(${result} rows changed)`);
  } else {
    printRows(result, values.json, print);
  }
  return 0;
}

// intake/src/quality/qualityCli.ts
var import_better_sqlite39 = __toESM(require("better-sqlite3"));
var import_node_fs15 = require("node:fs");
var import_node_util6 = require("node:util");
var import_pg5 = require("pg");

// intake/src/definitionSources.ts
var import_node_fs14 = require("node:fs");
async function readDefinitions(options, warn) {
  const configs = options.streams ? JSON.parse((0, import_node_fs14.readFileSync)(options.streams, "utf8")) : options.streamsUrl ? await fetchStreamConfigs(options.streamsUrl) : {};
  const registry = createStreamRegistry(configs, warn);
  const catalog = createModelCatalog(registry, options.tables ? readTablesFile(options.tables) : null);
  catalog.problems.forEach(warn);
  return { registry, catalog };
}

// intake/src/quality/qualityCli.ts
var USAGE6 = `Usage: mp-quality --store events.sqlite|postgres://… (--streams FILE | --streams-url URL) [--tables FILE] [--json]
Runs the data-quality checks of the table definitions (each table's "checks") against the store's
tables (a SQLite file, or the PostgreSQL database the intake writes), writes the results to its
mp_quality_results table and prints the report.
Exit status: 0 when no check failed (warnings allowed), 1 when one failed or could not run, 2 for
unusable arguments or definitions.`;
async function qualityMain(argv, out = console.log, err = console.error, now = /* @__PURE__ */ new Date()) {
  let values;
  try {
    values = (0, import_node_util6.parseArgs)({
      args: argv,
      options: {
        store: { type: "string" },
        streams: { type: "string" },
        "streams-url": { type: "string" },
        tables: { type: "string" },
        json: { type: "boolean", default: false }
      }
    }).values;
  } catch (e) {
    err(`${e.message}
${USAGE6}`);
    return 2;
  }
  if (!values.store || !(values.streams || values["streams-url"] || values.tables)) {
    err(USAGE6);
    return 2;
  }
  const postgres = isPostgresUrl(values.store);
  if (!postgres && !(0, import_node_fs15.existsSync)(values.store)) {
    err(`mp-quality: the store ${values.store} does not exist.`);
    return 2;
  }
  let definitions;
  try {
    definitions = await readDefinitions({ streams: values.streams, streamsUrl: values["streams-url"], tables: values.tables }, (m) => err(`mp-quality: ${m}`));
  } catch (e) {
    err(`mp-quality: ${e.message}`);
    return 2;
  }
  const tables = tablesWithChecks(definitions.catalog);
  const report = (run) => {
    for (const t of run.notYetMade) {
      err(`mp-quality: table ${t} has no rows yet (no event since it was defined): not checked.`);
    }
    if (!run.results.length) {
      err(tables.length ? "mp-quality: no defined table with checks exists in the store yet: nothing checked." : 'mp-quality: no table definition declares "checks": nothing to check.');
      return 0;
    }
    out(values.json ? JSON.stringify(run.results, null, 2) : formatQualityReport(run.results));
    const counts = statusCounts(run.results);
    return counts.fail || counts.error ? 1 : 0;
  };
  if (postgres) {
    const pool = new import_pg5.Pool({ connectionString: values.store, max: 2, types: READ_TYPES });
    pool.on("error", () => void 0);
    try {
      return report(await runPgQuality(pool, tables, now));
    } catch (e) {
      err(`mp-quality: ${redactedUrl(values.store)}: ${e.message}`);
      return 2;
    } finally {
      await pool.end();
    }
  }
  const db = new import_better_sqlite39.default(values.store);
  try {
    db.pragma("busy_timeout = 5000");
    return report(runQuality(db, tables, now));
  } finally {
    db.close();
  }
}

// intake/src/datasetDocs/datahubProposals.ts
var FIELD_TYPES = {
  string: "com.linkedin.schema.StringType",
  integer: "com.linkedin.schema.NumberType",
  number: "com.linkedin.schema.NumberType",
  boolean: "com.linkedin.schema.BooleanType",
  json: "com.linkedin.schema.RecordType"
};
var NATIVE_TYPES = { string: "TEXT", integer: "INTEGER", number: "REAL", boolean: "INTEGER", json: "TEXT" };
function urnPart(name) {
  return name.trim().replace(/[(),\s]+/g, "_");
}
function datasetUrn(platform, name, env) {
  return `urn:li:dataset:(urn:li:dataPlatform:${urnPart(platform)},${urnPart(name)},${urnPart(env)})`;
}
function datahubProposals(docs, options) {
  const platform = options.platform || "sqlite";
  const streamPlatform = options.streamPlatform || "metricsplatform";
  const env = options.env || "PROD";
  const time = options.now.getTime();
  const actor = "urn:li:corpuser:metricsplatform";
  const stamp = { time, actor };
  const mcp = (entityUrn, aspectName, json) => ({ entityType: "dataset", entityUrn, changeType: "UPSERT", aspectName, aspect: { json } });
  const out = [];
  const streams = /* @__PURE__ */ new Map();
  for (const doc of docs) {
    const name = options.database ? `${options.database}.${doc.table}` : doc.table;
    const urn = datasetUrn(platform, name, env);
    const streamUrn = datasetUrn(streamPlatform, doc.stream, env);
    streams.set(doc.stream, (streams.get(doc.stream) || []).concat(doc.schemaId));
    const counts = statusCounts(doc.checks);
    const custom = {
      stream: doc.stream,
      schema: doc.schemaId,
      dedupe: String(doc.dedupe),
      partition: doc.partition
    };
    if (doc.retentionDays !== null) {
      custom.retention_days = String(doc.retentionDays);
    }
    if (doc.checks.length) {
      custom.quality_checked_at = doc.checks[0].checkedAt;
      custom.quality_latest = `${counts.pass} pass, ${counts.warn} warn, ${counts.fail} fail, ${counts.error} error`;
    }
    out.push(mcp(urn, "datasetProperties", Object.assign({ name: doc.table, qualifiedName: name, customProperties: custom }, doc.purpose ? { description: doc.purpose } : {})));
    out.push(mcp(urn, "schemaMetadata", {
      schemaName: doc.table,
      platform: `urn:li:dataPlatform:${urnPart(platform)}`,
      version: 0,
      created: stamp,
      lastModified: stamp,
      hash: "",
      platformSchema: { "com.linkedin.schema.OtherSchema": { rawSchema: doc.columns.map((c) => `${c.name} ${NATIVE_TYPES[c.type] || "TEXT"}`).join(", ") } },
      fields: doc.columns.map((c) => Object.assign({
        fieldPath: c.name,
        nullable: c.privacy !== null,
        type: { type: { [FIELD_TYPES[c.type] || "com.linkedin.schema.StringType"]: {} } },
        nativeDataType: NATIVE_TYPES[c.type] || "TEXT",
        recursive: false,
        isPartOfKey: c.name === "event_id" && doc.dedupe,
        isPartitioningKey: c.name === "day"
      }, c.description ? { description: c.description } : {}, c.privacy ? { globalTags: { tags: [{ tag: `urn:li:tag:privacy-${c.privacy}` }] } } : {}))
    }));
    if (doc.owner) {
      out.push(mcp(urn, "ownership", { owners: [{ owner: `urn:li:corpGroup:${urnPart(doc.owner)}`, type: "TECHNICAL_OWNER" }], lastModified: stamp }));
    }
    const privacyTags = Array.from(new Set(doc.columns.map((c) => c.privacy).filter((p) => p && p !== "keep")));
    out.push(mcp(urn, "globalTags", { tags: [{ tag: "urn:li:tag:metricsplatform" }].concat(privacyTags.map((p) => ({ tag: `urn:li:tag:privacy-${p}` }))) }));
    out.push(mcp(urn, "upstreamLineage", { upstreams: [{ auditStamp: stamp, dataset: streamUrn, type: "TRANSFORMED" }] }));
  }
  for (const [stream, schemas] of streams) {
    out.push(mcp(datasetUrn(streamPlatform, stream, env), "datasetProperties", {
      name: stream,
      description: `Events of stream ${stream}, validated by the intake against their JSON Schema.`,
      customProperties: { schemas: Array.from(new Set(schemas)).join(", ") }
    }));
  }
  return out;
}

// intake/src/datasetDocs/catalogCli.ts
var import_better_sqlite310 = __toESM(require("better-sqlite3"));
var import_node_fs16 = require("node:fs");
var import_node_path9 = __toESM(require("node:path"));
var import_node_util7 = require("node:util");
var import_pg6 = require("pg");
var USAGE7 = `Usage: mp-catalog export --store events.sqlite|postgres://… [--streams FILE | --streams-url URL] [--tables FILE]
         [--markdown DIR] [--datahub out.json] [--platform sqlite|postgres] [--stream-platform metricsplatform] [--database NAME] [--env PROD] [--now TIME]
Writes the dataset documentation of every modelled table of the store (SQLite, or PostgreSQL by its
URL), generated from the table definitions, the event schema and the latest check results: one
Markdown file per table in DIR (<table>.md), and/or a DataHub file of metadata change proposals
(ingest it with DataHub's "file" source; --platform defaults to the store's kind; --now fixes the time
it stamps, so that the same store gives the same file). The stream
definitions give each table's owner and retention (without them: "not known").`;
async function documentedTablesOf(store, facts) {
  if (isPostgresUrl(store)) {
    const pool = new import_pg6.Pool({ connectionString: store, max: 1 });
    pool.on("error", () => void 0);
    try {
      return await documentedTables(postgresCatalogue(pool), facts);
    } finally {
      await pool.end();
    }
  }
  const db = new import_better_sqlite310.default(store, { readonly: true });
  try {
    return await documentedTables(sqliteCatalogue(db), facts);
  } finally {
    db.close();
  }
}
async function catalogMain(argv, out = console.log, err = console.error, now = /* @__PURE__ */ new Date()) {
  let parsed;
  try {
    parsed = (0, import_node_util7.parseArgs)({
      args: argv,
      allowPositionals: true,
      options: {
        store: { type: "string" },
        streams: { type: "string" },
        "streams-url": { type: "string" },
        tables: { type: "string" },
        markdown: { type: "string" },
        datahub: { type: "string" },
        platform: { type: "string" },
        "stream-platform": { type: "string", default: "metricsplatform" },
        database: { type: "string" },
        env: { type: "string", default: "PROD" },
        now: { type: "string" }
      }
    });
  } catch (e) {
    err(`${e.message}
${USAGE7}`);
    return 2;
  }
  const values = parsed.values;
  if (parsed.positionals.join(" ") !== "export" || !values.store || !(values.markdown || values.datahub)) {
    err(USAGE7);
    return 2;
  }
  if (values.now !== void 0) {
    const fixed = new Date(values.now);
    if (Number.isNaN(fixed.getTime())) {
      err(`mp-catalog: --now ${JSON.stringify(values.now)} is not an ISO 8601 time`);
      return 2;
    }
    now = fixed;
  }
  const postgres = isPostgresUrl(values.store);
  if (!postgres && !(0, import_node_fs16.existsSync)(values.store)) {
    err(`mp-catalog: the store ${values.store} does not exist.`);
    return 2;
  }
  let definitions = null;
  if (values.streams || values["streams-url"] || values.tables) {
    try {
      definitions = await readDefinitions({ streams: values.streams, streamsUrl: values["streams-url"], tables: values.tables }, (m) => err(`mp-catalog: ${m}`));
    } catch (e) {
      err(`mp-catalog: ${e.message}`);
      return 2;
    }
  }
  let docs;
  try {
    docs = await documentedTablesOf(values.store, streamFacts(definitions));
  } catch (e) {
    err(`mp-catalog: ${postgres ? redactedUrl(values.store) : values.store}: ${e.message}`);
    return 2;
  }
  if (!docs.length) {
    err(`mp-catalog: ${values.store} has no modelled table yet (define tables, and let events arrive).`);
    return 1;
  }
  const written = [];
  if (values.markdown) {
    (0, import_node_fs16.mkdirSync)(values.markdown, { recursive: true });
    for (const doc of docs) {
      (0, import_node_fs16.writeFileSync)(import_node_path9.default.join(values.markdown, `${doc.table}.md`), tableMarkdown(doc));
    }
    written.push(`${docs.length} Markdown file(s) in ${values.markdown}`);
  }
  if (values.datahub) {
    const mcps = datahubProposals(docs, { now, platform: values.platform || (postgres ? "postgres" : "sqlite"), streamPlatform: values["stream-platform"], database: values.database, env: values.env });
    (0, import_node_fs16.writeFileSync)(values.datahub, JSON.stringify(mcps, null, 2) + "\n");
    written.push(`${mcps.length} metadata change proposals in ${values.datahub}`);
  }
  out(`mp-catalog: ${docs.length} table(s) documented: ${written.join("; ")}`);
  return 0;
}
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  CHECK_NAMES,
  COLUMN_TYPES,
  DEFAULT_IDENTIFIER_PATTERN,
  DEFAULT_RETENTION_DAYS,
  DEFAULT_SHUTDOWN_TIMEOUT_MS,
  EVENT_COLUMNS,
  MANIFEST_FILE,
  MAX_BODY_BYTES,
  MAX_FAILED_EVENTS,
  MIGRATIONS,
  MIXED_WARNING_SHARE,
  PARQUET_TYPES,
  PRIVACY_TAGS,
  RESULTS_TABLE,
  ROWS_PER_FILE,
  SYSTEM_COLUMNS,
  TABLE_ROWS_PER_FILE,
  buildReport,
  buildReportFromFacts,
  catalogMain,
  chiSquareTest,
  chooseReportTable,
  columnTypeOf,
  createDocsSource,
  createIntake,
  createJsonLinesSink,
  createMaterialiser,
  createModelCatalog,
  createPostgresSink,
  createPostgresTableSource,
  createSchemaDocuments,
  createSchemaRepository,
  createSqliteSink,
  createSqliteTableSource,
  createStreamContracts,
  createStreamExpiry,
  datahubProposals,
  datasetUrn,
  defaultColumnName,
  describeTables,
  differenceInterval,
  documentedTables,
  eventsFromJsonLines,
  eventsFromStore,
  exportEventsToParquet,
  exportModelledTables,
  factsFromTable,
  factsOfEvents,
  failuresOf,
  formatQualityReport,
  formatReport,
  isPostgresUrl,
  keyedHash,
  latestResults,
  loadOrCreateHashSecret,
  main,
  openFailedEvents,
  parquetExportMain,
  parseChecks,
  parseStreamModel,
  parseTable,
  parseTablesFile,
  physicalTableName,
  postgresCatalogue,
  postgresTables,
  processEvents,
  projectRow,
  purgeStore,
  qualityMain,
  queryMain,
  readDefinitions,
  readFailedEvents,
  reportMain,
  resolveColumns,
  resolveDesign,
  runChecks,
  runQuality,
  scheduleQuality,
  schemaMajorVersion,
  schemaNodeAt,
  sourceLine,
  sqliteCatalogue,
  sqliteTables,
  tableMarkdown,
  tablesDescription,
  tablesWithChecks,
  valueAt,
  wilsonInterval,
  writeResults
});
