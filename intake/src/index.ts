/**
 * The local EventGate-compatible intake: a programmatic API and the `mp-intake` command.
 */
export { createIntake, DEFAULT_SHUTDOWN_TIMEOUT_MS, MAX_BODY_BYTES } from './server';
export type { ReadAccess } from './readAccess';
export { createStreamContracts } from './streamContracts';
export type { StreamContract, StreamContracts } from './streamContracts';
export { createStreamExpiry } from './streamExpiry';
export type { StreamExpiry } from './streamExpiry';
export type { Intake, IntakeOptions, IntakeStats } from './server';
export { createSqliteSink } from './sqliteSink';
export { createJsonLinesSink } from './jsonLinesSink';
export type { EventSink, StoredEvent, WriteResult } from './sink';
export { createSchemaRepository } from './schemaRepository';
export { processEvents } from './processEvents';
export { main } from './cli';
export { buildReport, eventsFromJsonLines, eventsFromStore, MIXED_WARNING_SHARE } from './experimentReport';
export type { ExperimentReport, GroupReport } from './experimentReport';
export { resolveDesign } from './experimentDesign';
export type { DesignGroup, DesignSources, ExperimentDesign } from './experimentDesign';
export { formatReport } from './experimentReportText';
export { chiSquareTest, differenceInterval, wilsonInterval } from './stats';
export { reportMain } from './reportCli';
export { parseStreamModel, parseTablesFile, parseTable, defaultColumnName } from './modelling/parseTables';
export type { ParsedStreamModel, ParsedTablesFile } from './modelling/parseTables';
export { COLUMN_TYPES, DEFAULT_RETENTION_DAYS, PRIVACY_TAGS, SYSTEM_COLUMNS } from './modelling/tableDefinition';
export type { ColumnDefinition, ColumnType, FieldCondition, PrivacyTag, RowFilter, StreamModel, TableDefinition, TablesFile } from './modelling/tableDefinition';
export { resolveColumns, schemaNodeAt, columnTypeOf } from './modelling/schemaColumns';
export type { ResolvedColumn } from './modelling/schemaColumns';
export { physicalTableName, schemaMajorVersion } from './modelling/tableNaming';
export { createModelCatalog } from './modelling/modelCatalog';
export type { ModelCatalog } from './modelling/modelCatalog';
export { createSchemaDocuments } from './modelling/schemaDocuments';
export type { SchemaDocuments } from './modelling/schemaDocuments';
