import type { ValidateFunction } from 'ajv';
import { randomUUID } from 'node:crypto';
import { eventShapeProblem } from './eventShape';
import { quote, RefusalReport } from './refusals';
import type { SchemaRepository } from './schemaRepository';
import { ATTRIBUTE_GROUPS, StreamContract, StreamContracts } from './streamContracts';

export { MAX_EVENT_DEPTH } from './eventShape';
export type { RefusedEvent } from './refusals';

/** At most this many distinct warnings are kept per request. */
const MAX_WARNINGS = 20;

/** The verdict on one request's events. */
export interface Verdict {
	/** The accepted events, each the very object that was validated: store these. */
	accepted: Record<string, unknown>[];
	/** The refused events (counted, the first ones described). */
	refused: RefusalReport;
	/** What was removed from accepted events because their stream does not ask for it. */
	warnings: string[];
}

/** About the request, for enrichment. */
export interface RequestInfo {
	receivedAt: Date;
	userAgent?: string;
}

type JsonObject = Record<string, unknown>;

function isObject( value: unknown ): value is JsonObject {
	return !!value && typeof value === 'object' && !Array.isArray( value );
}

/** Distinct removed field names kept per stream and request (they come from the request). */
const MAX_REMOVED_NAMES = 50;

function noteRemoved( removed: Set<string>, name: string ): void {
	if ( removed.size < MAX_REMOVED_NAMES ) {
		removed.add( quote( name ) );
	}
}

/**
 * Makes the event what its stream's contract allows, in place (the object is this request's own,
 * fresh from `JSON.parse`): contextual attributes the stream does not ask for and any `http` block
 * are removed (their names go to `removed`); `meta` gets the receive time and an id; the user agent
 * is added when the stream asks for it. Plain assignment is safe here because
 * {@link eventShapeProblem} refused `__proto__` keys. Objects are only rebuilt when something is
 * removed, which keeps the usual event on V8's fast path.
 *
 * @param event a checked event
 * @param meta its `meta`
 * @param contract its stream's contract
 * @param dt the receive time
 * @param userAgent the request's user agent
 * @param removed receives `group.key` of each removed field
 */
function applyContract( event: JsonObject, meta: JsonObject, contract: StreamContract, dt: string, userAgent: string | undefined, removed: Set<string> ): JsonObject {
	let out = event;
	for ( const group of ATTRIBUTE_GROUPS ) {
		const value = event[ group ];
		const allowed = contract.groupFields.get( group );
		if ( !isObject( value ) || !allowed ) {
			continue;
		}
		const fields = Object.keys( value );
		let allAllowed = true;
		for ( let i = 0; i < fields.length && allAllowed; i++ ) {
			allAllowed = allowed.has( fields[ i ] );
		}
		if ( allAllowed ) {
			continue;
		}
		const kept: JsonObject = {};
		for ( const field of fields ) {
			if ( allowed.has( field ) ) {
				kept[ field ] = value[ field ];
			} else {
				noteRemoved( removed, `${ group }.${ field }` );
			}
		}
		out = out === event ? Object.assign( {}, event ) : out;
		if ( Object.keys( kept ).length ) {
			out[ group ] = kept;
		} else {
			// A group whose every field was removed is left out rather than stored empty.
			delete out[ group ];
		}
	}
	if ( 'http' in event ) {
		noteRemoved( removed, 'http' );
		out = out === event ? Object.assign( {}, event ) : out;
		delete out.http;
	}
	meta.dt = dt;
	if ( typeof meta.id !== 'string' || !meta.id ) {
		meta.id = randomUUID();
	}
	if ( userAgent && contract.userAgent ) {
		out.http = { request_headers: { 'user-agent': userAgent } };
	}
	return out;
}

/**
 * The validator for events of `schemaId` arriving under `streamName`, or why they are refused: the
 * schema is not in the repository, or its title is not one the stream declares.
 *
 * @param schemaId the event's `$schema` ('' when it has none)
 * @param streamName its `meta.stream`
 * @param contract that stream's contract
 * @param schemas the schema repository
 */
function checkSchema( schemaId: string, streamName: string, contract: StreamContract, schemas: SchemaRepository ): ValidateFunction | string {
	const validate = schemaId ? schemas.validator( schemaId ) : null;
	if ( !validate ) {
		return schemaId ? `schema ${ quote( schemaId ) } is not in the schema repository` : '$schema is missing';
	}
	const title = schemas.title( schemaId );
	if ( contract.schemaTitles && !contract.schemaTitles.has( title || '' ) ) {
		return `stream "${ streamName }" takes ${ Array.from( contract.schemaTitles ).join( ' or ' ) } events, not ${ title }`;
	}
	return validate;
}

/**
 * Checks, enriches and validates the events of one request. An event is accepted when it is an
 * object of bounded nesting without `__proto__` keys, its `meta.stream` is a declared stream (or the
 * `stream_name` of one) that has not ended (a refusal names the end), its `$schema` is in the repository with the title its stream declares (if
 * any), and — after the fields its stream does not ask for are removed and `meta.dt`, `meta.id` and
 * (for `agent_ua_string`) the user agent are added — it validates. The accepted object is the one
 * validated; refusals never repeat the input.
 *
 * @param body the parsed request body: one event or an array of events
 * @param contracts the declared streams' contracts
 * @param schemas the schema repository
 * @param request receive time and user agent
 */
export function processEvents( body: unknown, contracts: StreamContracts, schemas: SchemaRepository, request: RequestInfo ): Verdict {
	const refused = new RefusalReport();
	const accepted: JsonObject[] = [];
	const events = Array.isArray( body ) ? body : [ body ];
	const dt = request.receivedAt.toISOString();
	const removedByStream = new Map<string, Set<string>>();
	let lastSchemaId: string | null = null;
	let lastContract: StreamContract | null = null;
	let schemaCheck: ValidateFunction | string = '';
	for ( let index = 0; index < events.length; index++ ) {
		const event: unknown = events[ index ];
		if ( !isObject( event ) ) {
			refused.addError( index, null, null, 'the event is not a JSON object' );
			continue;
		}
		const shapeProblem = eventShapeProblem( event );
		if ( shapeProblem ) {
			refused.addError( index, null, null, shapeProblem );
			continue;
		}
		const meta = isObject( event.meta ) ? event.meta : null;
		const streamName = meta && typeof meta.stream === 'string' ? meta.stream : '';
		const contract = streamName ? contracts.get( streamName ) : null;
		const ended = streamName ? contracts.ended( streamName, request.receivedAt ) : null;
		if ( ended ) {
			refused.addError( index, meta, contract ? streamName : null, ended );
			continue;
		}
		if ( !meta || !contract ) {
			refused.addError( index, meta, null, streamName ? `stream "${ quote( streamName ) }" is not declared` : 'meta.stream is missing' );
			continue;
		}
		const schemaId = typeof event.$schema === 'string' ? event.$schema : '';
		// A request's events usually share one stream and one schema: look them up once.
		if ( schemaId !== lastSchemaId || contract !== lastContract ) {
			lastSchemaId = schemaId;
			lastContract = contract;
			schemaCheck = checkSchema( schemaId, streamName, contract, schemas );
		}
		if ( typeof schemaCheck === 'string' ) {
			refused.addError( index, meta, streamName, schemaCheck );
			continue;
		}
		const validate = schemaCheck;
		let removed = removedByStream.get( streamName );
		if ( !removed ) {
			removed = new Set();
			removedByStream.set( streamName, removed );
		}
		const enriched = applyContract( event, meta, contract, dt, request.userAgent, removed );
		if ( validate( enriched ) ) {
			accepted.push( enriched );
		} else {
			refused.addInvalid( index, meta, streamName, validate.errors || [] );
		}
	}
	const warnings: string[] = [];
	for ( const [ stream, removed ] of removedByStream ) {
		if ( removed.size && warnings.length < MAX_WARNINGS ) {
			const names = Array.from( removed ).slice( 0, 10 );
			warnings.push( `stream "${ stream }" does not ask for ${ names.join( ', ' ) }${ removed.size > names.length ? ` (and ${ removed.size - names.length } more)` : '' }: removed` );
		}
	}
	return { accepted, refused, warnings };
}
