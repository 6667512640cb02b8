import { randomUUID } from 'node:crypto';
import type { ErrorObject } from 'ajv';
import type { StreamRegistry } from '../../modules/src/core/streamConfig';
import type { SchemaRepository } from './schemaRepository';

/** Nesting deeper than this is refused before validation (a guard against stack-hungry input). */
export const MAX_EVENT_DEPTH = 32;

/** An EventGate-shaped report of one refused event. */
export interface RefusedEvent {
	status: 'invalid' | 'error';
	event: unknown;
	context: { errors?: Pick<ErrorObject, 'instancePath' | 'schemaPath' | 'message'>[]; message?: string };
}

/** The verdict on one request's events. */
export interface Verdict {
	accepted: Record<string, unknown>[];
	invalid: RefusedEvent[];
	error: RefusedEvent[];
}

/** About the request, for enrichment. */
export interface RequestInfo {
	receivedAt: Date;
	userAgent?: string;
}

function depthOf( value: unknown ): number {
	// Iterative, so that hostile nesting cannot exhaust the stack.
	let max = 0;
	const stack: [ unknown, number ][] = [ [ value, 1 ] ];
	while ( stack.length ) {
		const [ v, d ] = stack.pop() as [ unknown, number ];
		if ( v && typeof v === 'object' ) {
			max = Math.max( max, d );
			if ( max > MAX_EVENT_DEPTH ) {
				return max;
			}
			for ( const child of Object.values( v as object ) ) {
				stack.push( [ child, d + 1 ] );
			}
		}
	}
	return max;
}

function error( event: unknown, message: string ): RefusedEvent {
	return { status: 'error', event, context: { message } };
}

/**
 * Checks, enriches and validates the events of one request. An event is accepted when it is an
 * object, its stream (meta.stream) is declared, its `$schema` is in the repository and its title is
 * the stream's `schema_title` (when the stream declares one), and it validates. Accepted events get
 * `meta.dt` (receive time), `meta.id` when missing, and the user agent when the stream asks for
 * `agent_ua_string`.
 *
 * @param body the parsed request body: one event or an array of events
 * @param streams the declared streams (the same configs the client uses)
 * @param schemas the schema repository
 * @param request receive time and user agent
 */
export function processEvents( body: unknown, streams: StreamRegistry, schemas: SchemaRepository, request: RequestInfo ): Verdict {
	const verdict: Verdict = { accepted: [], invalid: [], error: [] };
	const events = Array.isArray( body ) ? body : [ body ];
	const dt = request.receivedAt.toISOString();
	for ( const event of events ) {
		if ( !event || typeof event !== 'object' || Array.isArray( event ) ) {
			verdict.error.push( error( event, 'the event is not a JSON object' ) );
			continue;
		}
		if ( depthOf( event ) > MAX_EVENT_DEPTH ) {
			verdict.error.push( error( null, `the event is nested more than ${ MAX_EVENT_DEPTH } levels deep` ) );
			continue;
		}
		const e = event as Record<string, unknown>;
		const meta = e.meta && typeof e.meta === 'object' && !Array.isArray( e.meta ) ? e.meta as Record<string, unknown> : null;
		const streamName = meta && typeof meta.stream === 'string' ? meta.stream : '';
		const stream = streamName ? streams.get( streamName ) : null;
		if ( !stream ) {
			verdict.error.push( error( e, streamName ? `stream "${ streamName }" is not declared` : 'meta.stream is missing' ) );
			continue;
		}
		const schemaId = typeof e.$schema === 'string' ? e.$schema : '';
		const validate = schemaId ? schemas.validator( schemaId ) : null;
		if ( !validate ) {
			verdict.error.push( error( e, schemaId ? `schema ${ schemaId } is not in the schema repository` : '$schema is missing' ) );
			continue;
		}
		const declaredTitle = stream.config.schema_title;
		if ( typeof declaredTitle === 'string' && declaredTitle !== schemas.title( schemaId ) ) {
			verdict.error.push( error( e, `stream "${ streamName }" takes ${ declaredTitle } events, not ${ schemas.title( schemaId ) }` ) );
			continue;
		}
		const enriched: Record<string, unknown> = Object.assign( {}, e, {
			meta: Object.assign( {}, meta, { dt, id: typeof ( meta as Record<string, unknown> ).id === 'string' && ( meta as Record<string, unknown> ).id ? ( meta as Record<string, unknown> ).id : randomUUID() } ),
		} );
		if ( request.userAgent && stream.attributes.some( ( a ) => a.name === 'agent_ua_string' ) ) {
			const http = Object.assign( {}, enriched.http as object );
			enriched.http = Object.assign( http, { request_headers: Object.assign( {}, ( http as { request_headers?: object } ).request_headers, { 'user-agent': request.userAgent } ) } );
		}
		if ( validate( enriched ) ) {
			verdict.accepted.push( enriched );
		} else {
			verdict.invalid.push( {
				status: 'invalid',
				event: e,
				context: { errors: ( validate.errors || [] ).map( ( x ) => ( { instancePath: x.instancePath, schemaPath: x.schemaPath, message: x.message } ) ) },
			} );
		}
	}
	return verdict;
}
