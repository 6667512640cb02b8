import { HttpError } from './httpError';

/**
 * The intake's side of the inspector's trace: what arrived and what was refused for one page view or
 * one session (`GET /v1/trace?pageview=<id>` or `?session=<id>`, read side only).
 */

/** What a trace is about: the events whose `performer.pageview_id` (or `performer.session_id`) is `id`. */
export interface TraceSubject {
	by: 'pageview' | 'session';
	id: string;
}

/** One accepted (stored) event of a trace. */
export interface TraceAccepted {
	/** `meta.id`. */
	id: string;
	/** `meta.stream`. */
	stream: string;
	/** The event's `action`, or null when it has none (not every schema has one). */
	action: string | null;
	/** The client's time of the event (`dt`, RFC 3339), or null. */
	dt: string | null;
	/** The intake's receive time (`meta.dt`, RFC 3339). */
	received: string;
}

/** One refused event of a trace. Strings taken from the request are cut to 128 characters. */
export interface TraceRefused {
	/** `meta.stream` as sent (also when it is not a declared stream), or null. */
	stream: string | null;
	/** Why, in words: the intake's message, for schema errors prefixed by the failing field. */
	reason: string;
	/** `invalid`: failed its schema; `error`: refused before validation (unknown stream, no schema, …). */
	kind: 'invalid' | 'error';
	/** The failing field as a JSON pointer (`/action_source`) for `invalid`; null otherwise. */
	path: string | null;
	/** The intake's receive time (RFC 3339). */
	received: string;
	/** `meta.id` as sent, or null. */
	id: string | null;
}

/** The answer of `GET /v1/trace`: each list newest first, at most `limit` entries. */
export interface Trace {
	accepted: TraceAccepted[];
	refused: TraceRefused[];
}

/** Entries per list, by default and at most. */
export const DEFAULT_TRACE_LIMIT = 100;
export const MAX_TRACE_LIMIT = 500;

/**
 * Identifiers a trace may ask for: what clients make (20 hex digits for page views and sessions, a
 * UUID for some) and other short tokens; never anything that could be a pattern.
 */
const SUBJECT_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The subject and limit of a trace request.
 *
 * @param params the query: exactly one of `pageview` and `session`; `limit` optional
 *  ({@link DEFAULT_TRACE_LIMIT}, at most {@link MAX_TRACE_LIMIT})
 * @throws {HttpError} 400 naming what is wrong
 */
export function parseTraceQuery( params: URLSearchParams ): { subject: TraceSubject; limit: number } {
	const pageview = params.getAll( 'pageview' );
	const session = params.getAll( 'session' );
	if ( pageview.length + session.length !== 1 ) {
		throw new HttpError( 400, 'give exactly one of ?pageview=<id> and ?session=<id>' );
	}
	const by = pageview.length ? 'pageview' : 'session';
	const id = pageview.length ? pageview[ 0 ] : session[ 0 ];
	if ( !SUBJECT_ID.test( id ) ) {
		throw new HttpError( 400, `the ${ by } id must be 1 to 64 letters, digits, "-" or "_"` );
	}
	const rawLimit = params.get( 'limit' );
	const limit = rawLimit === null ? DEFAULT_TRACE_LIMIT : Number( rawLimit );
	if ( !Number.isInteger( limit ) || limit < 1 ) {
		throw new HttpError( 400, 'limit must be a positive integer' );
	}
	return { subject: { by, id }, limit: Math.min( limit, MAX_TRACE_LIMIT ) };
}

/**
 * The trace entry of a stored event, or null when it is not about the subject.
 *
 * @param event a stored (accepted) event
 * @param subject the page view or session
 */
export function traceEntryOf( event: Record<string, unknown>, subject: TraceSubject ): TraceAccepted | null {
	const performer = event.performer as Record<string, unknown> | undefined;
	if ( !performer || typeof performer !== 'object' || performer[ subject.by === 'pageview' ? 'pageview_id' : 'session_id' ] !== subject.id ) {
		return null;
	}
	const meta = event.meta as { id: string; stream: string; dt: string };
	return {
		id: meta.id,
		stream: meta.stream,
		action: typeof event.action === 'string' ? event.action : null,
		dt: typeof event.dt === 'string' ? event.dt : null,
		received: meta.dt,
	};
}

/**
 * The refusals of a trace from two sources, newest first, each refusal once: those the store keeps
 * (its failed-events table) and those the intake keeps in memory (which also holds refusals the
 * store leaves out, e.g. of undeclared streams). The same refusal is recognised by its id, time and
 * stream.
 *
 * @param stored from the store, newest first
 * @param recent from memory, newest first
 * @param limit at most this many
 */
export function mergeRefused( stored: readonly TraceRefused[], recent: readonly TraceRefused[], limit: number ): TraceRefused[] {
	const seen = new Set<string>();
	// By id, time and stream (the two sources may word the reason differently); by reason too when
	// there is no id. The store's entry comes first, so it is the one kept.
	const key = ( e: TraceRefused ): string => JSON.stringify( e.id !== null ? [ e.id, e.received, e.stream ] : [ null, e.received, e.stream, e.reason ] );
	const all = stored.concat( recent ).filter( ( e ) => {
		const k = key( e );
		if ( seen.has( k ) ) {
			return false;
		}
		seen.add( k );
		return true;
	} );
	// A stable sort: equal times keep each source's own order.
	return all.sort( ( a, b ) => a.received < b.received ? 1 : a.received > b.received ? -1 : 0 ).slice( 0, limit );
}
