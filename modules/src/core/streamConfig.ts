import { ATTRIBUTES_WITHOUT_SCHEMA_FIELD, compileAttributeSelection, AttributePath, isKnownAttribute } from './contextAttributes';
import { compileCuration, CompiledRule, rulesProblem } from './curation';
import { sampleConfigProblem } from './sampling';
import type { SampleConfig, StreamConfig, StreamConfigsInput } from './types';

/** The schema `dispatch()` and `submitClick()` write when a stream names none. */
export const WEB_BASE_SCHEMA_ID = '/analytics/product_metrics/web/base/1.3.0';

/** A usable stream, compiled once so that submitting an event does no parsing. */
export interface CompiledStream {
	readonly name: string;
	/** The `meta.stream` of its events (the producer's `stream_name` redirect, else `name`). */
	readonly destination: string;
	readonly sample: SampleConfig | undefined;
	readonly events: readonly string[];
	readonly attributes: readonly AttributePath[];
	readonly curation: readonly CompiledRule[];
	readonly schemaId: string;
	/** The config as given (a private copy). */
	readonly config: StreamConfig;
}

/** The streams a client knows, after validation. */
export interface StreamRegistry {
	/** A usable stream, or `null` for an unknown or disabled one. */
	get( name: string ): CompiledStream | null;
	/** Why a stream is disabled, or `null`. */
	problem( name: string ): string | null;
	/** Usable streams, in config order. */
	all(): readonly CompiledStream[];
}

function isPlainObject( value: unknown ): value is Record<string, unknown> {
	return !!value && typeof value === 'object' && !Array.isArray( value );
}

function isStringArray( value: unknown ): value is string[] {
	return Array.isArray( value ) && value.every( ( x ) => typeof x === 'string' );
}

/**
 * Why a stream config is unusable, naming the bad field, or `null` when it is valid.
 *
 * @example streamConfigProblem( { sample: { rate: 2, unit: 'session' } } ) // 'sample.rate 2 is not ...'
 * @param config one stream's config
 */
export function streamConfigProblem( config: unknown ): string | null {
	if ( !isPlainObject( config ) ) {
		return 'the stream config is not an object';
	}
	const sampleProblem = sampleConfigProblem( config.sample );
	if ( sampleProblem ) {
		return sampleProblem;
	}
	if ( config.schema_id !== undefined && typeof config.schema_id !== 'string' ) {
		return 'schema_id is not a string';
	}
	if ( config.producers === undefined ) {
		return null;
	}
	if ( !isPlainObject( config.producers ) ) {
		return 'producers is not an object';
	}
	const mp = config.producers.metrics_platform_client;
	if ( mp === undefined ) {
		return null;
	}
	if ( !isPlainObject( mp ) ) {
		return 'producers.metrics_platform_client is not an object';
	}
	if ( mp.events !== undefined && !isStringArray( mp.events ) ) {
		return 'producers.metrics_platform_client.events is not a list of strings';
	}
	if ( mp.stream_name !== undefined && ( typeof mp.stream_name !== 'string' || !mp.stream_name ) ) {
		return 'producers.metrics_platform_client.stream_name is not a stream name';
	}
	const provided = mp.provide_values === undefined ? [] : mp.provide_values;
	if ( !isStringArray( provided ) ) {
		return 'producers.metrics_platform_client.provide_values is not a list of strings';
	}
	const unknown = provided.filter( ( name ) => !isKnownAttribute( name ) );
	if ( unknown.length ) {
		return `provide_values names unknown attribute(s) ${ unknown.join( ', ' ) }`;
	}
	const fieldless = provided.filter( ( name ) => Object.prototype.hasOwnProperty.call( ATTRIBUTES_WITHOUT_SCHEMA_FIELD, name ) );
	if ( fieldless.length ) {
		return `provide_values asks for ${ fieldless.map( ( name ) => `${ name } (${ ATTRIBUTES_WITHOUT_SCHEMA_FIELD[ name ] })` ).join( ', ' ) }`;
	}
	return curationProblem( mp.curation, provided );
}

function curationProblem( curation: unknown, provided: readonly string[] ): string | null {
	if ( curation === undefined ) {
		return null;
	}
	const problem = rulesProblem( curation, 'curation' );
	if ( problem ) {
		return problem;
	}
	// Curation reads the event, so a curated attribute must be one the event carries.
	const missing = Object.keys( curation as object ).find( ( name ) => !provided.includes( name ) && name.indexOf( 'agent_client_platform' ) !== 0 );
	return missing ? `curation on ${ missing }, which provide_values does not ask for` : null;
}

function clone<T>( value: T ): T {
	return JSON.parse( JSON.stringify( value ) );
}

function compileStream( name: string, config: StreamConfig ): CompiledStream {
	const mp = ( config.producers && config.producers.metrics_platform_client ) || {};
	return {
		name,
		destination: mp.stream_name || name,
		sample: config.sample,
		events: mp.events || [],
		attributes: compileAttributeSelection( mp.provide_values || [] ),
		curation: compileCuration( mp.curation ),
		schemaId: config.schema_id || WEB_BASE_SCHEMA_ID,
		config,
	};
}

/** Any stream, unsampled, with only the platform attributes (stream configs `false`). */
function permissiveRegistry(): StreamRegistry {
	const streams = new Map<string, CompiledStream>();
	return {
		get( name: string ): CompiledStream | null {
			let stream = streams.get( name );
			if ( !stream ) {
				stream = compileStream( name, {} );
				streams.set( name, stream );
			}
			return stream;
		},
		problem: () => null,
		all: () => Array.from( streams.values() ),
	};
}

/**
 * Validates and compiles stream configs. Each invalid stream is disabled and reported once through
 * `warn`, naming the stream and the bad field; valid streams are unaffected. A config that is not an
 * object at all disables every stream, with one warning.
 *
 * @example
 * createStreamRegistry( { 'my.stream': { sample: { rate: 0.1, unit: 'session' } } }, console.warn )
 * @param input stream configs in the browser or the action=streamconfigs form, or `false`
 * @param warn receives one message per invalid stream
 */
export function createStreamRegistry( input: StreamConfigsInput | unknown, warn: ( message: string ) => void ): StreamRegistry {
	if ( input === false ) {
		return permissiveRegistry();
	}
	let raw: Record<string, unknown> = {};
	if ( isPlainObject( input ) ) {
		raw = isPlainObject( input.streams ) ? input.streams : input;
	} else if ( input !== undefined && input !== null ) {
		warn( 'Stream configs are not an object; no stream is enabled.' );
	}
	const streams = new Map<string, CompiledStream>();
	const problems = new Map<string, string>();
	for ( const name of Object.keys( raw ) ) {
		let problem: string | null;
		let config: StreamConfig | undefined;
		try {
			problem = streamConfigProblem( raw[ name ] );
			config = problem ? undefined : clone( raw[ name ] as StreamConfig );
		} catch ( e ) {
			problem = 'the stream config cannot be read as JSON';
		}
		if ( problem || !config ) {
			problems.set( name, problem || 'invalid' );
			warn( `Stream "${ name }" is disabled: ${ problem }.` );
		} else {
			streams.set( name, compileStream( name, config ) );
		}
	}
	return {
		get: ( name ) => streams.get( name ) || null,
		problem: ( name ) => problems.get( name ) || null,
		all: () => Array.from( streams.values() ),
	};
}
