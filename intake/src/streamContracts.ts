import { INTAKE_RECORDED_ATTRIBUTES } from '../../modules/src/core/contextAttributes';
import type { StreamRegistry } from '../../modules/src/core/streamConfig';
import { NO_EXPIRY, StreamExpiry } from './streamExpiry';

/**
 * The top-level event fields that hold contextual attributes; what a stream may receive in them is
 * exactly what its `provide_values` asks for.
 */
export const ATTRIBUTE_GROUPS: readonly string[] = [ 'agent', 'page', 'mediawiki', 'performer' ];

/**
 * What the stream configs allow for the events arriving under one `meta.stream`: the privacy
 * contract the intake enforces, whatever senders send.
 */
export interface StreamContract {
	/** The declared streams whose events arrive under this name (the stream itself, or the streams whose `stream_name` points here). */
	readonly streams: readonly string[];
	/** For each attribute group (`page`, …), the keys its events may carry (e.g. `id`). */
	readonly groupFields: ReadonlyMap<string, ReadonlySet<string>>;
	/** Whether to record the request's user agent (`agent_ua_string`) as `http.request_headers['user-agent']`. */
	readonly userAgent: boolean;
	/** The schema titles its events may have; null when no stream declares `schema_title`. */
	readonly schemaTitles: ReadonlySet<string> | null;
}

/** Finds the contract for a `meta.stream`. */
export interface StreamContracts {
	/** The contract, or null when no declared stream sends under this name. */
	get( metaStream: string ): StreamContract | null;
	/** Why events under this name received at `at` are refused because their stream ended (naming the end), or null. */
	ended( metaStream: string, at: Date ): string | null;
}

/**
 * Builds the contracts of all usable streams. A stream's events arrive under its `stream_name`
 * when it has one (as the client sends them), so that name is accepted; when several streams send
 * under one name, their allowances are combined.
 *
 * @example createStreamContracts( registry ).get( 'mywiki.editing.v2' ) // the contract of mywiki.editing
 * @param registry the declared streams, as the client compiles them
 * @param expiry when they end (the wiki's control plane); default never
 */
export function createStreamContracts( registry: StreamRegistry, expiry: StreamExpiry = NO_EXPIRY ): StreamContracts {
	const parts = new Map<string, { streams: string[]; groupFields: Map<string, Set<string>>; userAgent: boolean; titles: Set<string> }>();
	for ( const stream of registry.all() ) {
		let part = parts.get( stream.destination );
		if ( !part ) {
			part = { streams: [], groupFields: new Map( ATTRIBUTE_GROUPS.map( ( g ) => [ g, new Set<string>() ] ) ), userAgent: false, titles: new Set() };
			parts.set( stream.destination, part );
		}
		part.streams.push( stream.name );
		for ( const attribute of stream.attributes ) {
			( part.groupFields.get( attribute.group ) as Set<string> ).add( attribute.key );
		}
		const mp = stream.config.producers && stream.config.producers.metrics_platform_client;
		if ( mp && ( mp.provide_values || [] ).some( ( name ) => INTAKE_RECORDED_ATTRIBUTES.includes( name ) ) ) {
			part.userAgent = true;
		}
		if ( typeof stream.config.schema_title === 'string' ) {
			part.titles.add( stream.config.schema_title );
		}
	}
	const contracts = new Map<string, StreamContract>();
	for ( const [ name, part ] of parts ) {
		contracts.set( name, { streams: part.streams, groupFields: part.groupFields, userAgent: part.userAgent, schemaTitles: part.titles.size ? part.titles : null } );
	}
	return { get: ( metaStream ) => contracts.get( metaStream ) || null, ended: ( metaStream, at ) => expiry.refusal( metaStream, at ) };
}
