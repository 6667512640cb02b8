import { statusCounts } from '../quality/qualityReport';
import type { DocumentedTable } from './documentedTable';

/**
 * One metadata change proposal (MCP) in the JSON form DataHub's `file` ingestion source reads (the
 * form `datahub` writes with its `file` sink): one aspect of one entity, the aspect under `json`.
 */
export interface MetadataChangeProposal {
	entityType: 'dataset';
	entityUrn: string;
	changeType: 'UPSERT';
	aspectName: 'datasetProperties' | 'schemaMetadata' | 'ownership' | 'globalTags' | 'upstreamLineage';
	aspect: { json: Record<string, unknown> };
}

/** Options of {@link datahubProposals}. */
export interface DatahubOptions {
	/** The data platform of the tables (default `sqlite`). */
	platform?: string;
	/** The data platform of the streams, their upstream (default `metricsplatform`). */
	streamPlatform?: string;
	/** A prefix of table names, e.g. the store's name (`events` → `events.clicks_v1`); default none. */
	database?: string;
	/** DataHub's environment (fabric), default `PROD`. */
	env?: string;
	/** The time of the export (the audit stamps). */
	now: Date;
}

/** DataHub's field types for the column types. */
const FIELD_TYPES: Record<string, string> = {
	string: 'com.linkedin.schema.StringType',
	integer: 'com.linkedin.schema.NumberType',
	number: 'com.linkedin.schema.NumberType',
	boolean: 'com.linkedin.schema.BooleanType',
	json: 'com.linkedin.schema.RecordType',
};

/** SQLite's storage type for the column types (the native type). */
const NATIVE_TYPES: Record<string, string> = { string: 'TEXT', integer: 'INTEGER', number: 'REAL', boolean: 'INTEGER', json: 'TEXT' };

/**
 * A name as a URN part: characters DataHub's URN syntax reserves (`(`, `)`, `,`) and spaces become `_`.
 *
 * @param name
 */
function urnPart( name: string ): string {
	return name.trim().replace( /[(),\s]+/g, '_' );
}

/**
 * A dataset URN: `urn:li:dataset:(urn:li:dataPlatform:<platform>,<name>,<env>)`.
 *
 * @param platform
 * @param name
 * @param env
 */
export function datasetUrn( platform: string, name: string, env: string ): string {
	return `urn:li:dataset:(urn:li:dataPlatform:${ urnPart( platform ) },${ urnPart( name ) },${ urnPart( env ) })`;
}

/**
 * The metadata change proposals for the tables, ready for DataHub's `file` source (`source: { type:
 * file, config: { path: out.json } }`): for each table `datasetProperties` (purpose, stream, schema,
 * retention, latest checks), `schemaMetadata` (fields with types, descriptions and privacy tags),
 * `ownership` (when the owner is known), `globalTags` and `upstreamLineage` (stream → table); and for
 * each stream its own `datasetProperties`, so the lineage has both ends.
 *
 * @param docs the tables
 * @param options platforms, environment, time
 */
export function datahubProposals( docs: DocumentedTable[], options: DatahubOptions ): MetadataChangeProposal[] {
	const platform = options.platform || 'sqlite';
	const streamPlatform = options.streamPlatform || 'metricsplatform';
	const env = options.env || 'PROD';
	const time = options.now.getTime();
	const actor = 'urn:li:corpuser:metricsplatform';
	const stamp = { time, actor };
	const mcp = ( entityUrn: string, aspectName: MetadataChangeProposal['aspectName'], json: Record<string, unknown> ): MetadataChangeProposal => ( { entityType: 'dataset', entityUrn, changeType: 'UPSERT', aspectName, aspect: { json } } );
	const out: MetadataChangeProposal[] = [];
	const streams = new Map<string, string[]>();
	for ( const doc of docs ) {
		const name = options.database ? `${ options.database }.${ doc.table }` : doc.table;
		const urn = datasetUrn( platform, name, env );
		const streamUrn = datasetUrn( streamPlatform, doc.stream, env );
		streams.set( doc.stream, ( streams.get( doc.stream ) || [] ).concat( doc.schemaId ) );
		const counts = statusCounts( doc.checks );
		const custom: Record<string, string> = {
			stream: doc.stream,
			schema: doc.schemaId,
			dedupe: String( doc.dedupe ),
			partition: doc.partition,
		};
		if ( doc.retentionDays !== null ) {
			custom.retention_days = String( doc.retentionDays );
		}
		if ( doc.checks.length ) {
			custom.quality_checked_at = doc.checks[ 0 ].checkedAt;
			custom.quality_latest = `${ counts.pass } pass, ${ counts.warn } warn, ${ counts.fail } fail, ${ counts.error } error`;
		}
		out.push( mcp( urn, 'datasetProperties', Object.assign( { name: doc.table, qualifiedName: name, customProperties: custom }, doc.purpose ? { description: doc.purpose } : {} ) ) );
		out.push( mcp( urn, 'schemaMetadata', {
			schemaName: doc.table,
			platform: `urn:li:dataPlatform:${ urnPart( platform ) }`,
			version: 0,
			created: stamp,
			lastModified: stamp,
			hash: '',
			platformSchema: { 'com.linkedin.schema.OtherSchema': { rawSchema: doc.columns.map( ( c ) => `${ c.name } ${ NATIVE_TYPES[ c.type ] || 'TEXT' }` ).join( ', ' ) } },
			fields: doc.columns.map( ( c ) => Object.assign( {
				fieldPath: c.name,
				nullable: c.privacy !== null,
				type: { type: { [ FIELD_TYPES[ c.type ] || 'com.linkedin.schema.StringType' ]: {} } },
				nativeDataType: NATIVE_TYPES[ c.type ] || 'TEXT',
				recursive: false,
				isPartOfKey: c.name === 'event_id' && doc.dedupe,
				isPartitioningKey: c.name === 'day',
			}, c.description ? { description: c.description } : {}, c.privacy ? { globalTags: { tags: [ { tag: `urn:li:tag:privacy-${ c.privacy }` } ] } } : {} ) ),
		} ) );
		if ( doc.owner ) {
			out.push( mcp( urn, 'ownership', { owners: [ { owner: `urn:li:corpGroup:${ urnPart( doc.owner ) }`, type: 'TECHNICAL_OWNER' } ], lastModified: stamp } ) );
		}
		const privacyTags = Array.from( new Set( doc.columns.map( ( c ) => c.privacy ).filter( ( p ) => p && p !== 'keep' ) ) );
		out.push( mcp( urn, 'globalTags', { tags: [ { tag: 'urn:li:tag:metricsplatform' } ].concat( privacyTags.map( ( p ) => ( { tag: `urn:li:tag:privacy-${ p }` } ) ) ) } ) );
		out.push( mcp( urn, 'upstreamLineage', { upstreams: [ { auditStamp: stamp, dataset: streamUrn, type: 'TRANSFORMED' } ] } ) );
	}
	for ( const [ stream, schemas ] of streams ) {
		out.push( mcp( datasetUrn( streamPlatform, stream, env ), 'datasetProperties', {
			name: stream,
			description: `Events of stream ${ stream }, validated by the intake against their JSON Schema.`,
			customProperties: { schemas: Array.from( new Set( schemas ) ).join( ', ' ) },
		} ) );
	}
	return out;
}
