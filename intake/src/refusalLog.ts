import type { RefusalRecord } from './refusals';
import type { TraceRefused, TraceSubject } from './trace';

/**
 * A refused event as the trace keeps it: the refusal, when, and the page view and session it came
 * from (`performer.pageview_id` / `performer.session_id` as sent, when short strings). Never the
 * event itself.
 */
export interface FailedEvent extends TraceRefused {
	pageview: string | null;
	session: string | null;
}

/** Refusals kept in memory by default. */
export const DEFAULT_REFUSAL_LOG_SIZE = 1000;

/** Reasons are cut to this many characters (they quote the request at most 128 characters at a time). */
const MAX_REASON_CHARS = 300;

/** Identifiers longer than this are not kept (clients make 20 hex digits). */
const MAX_SUBJECT_ID_CHARS = 64;

/**
 * The recent refusals, for `GET /v1/trace` when the store keeps no failed events: at most `size`
 * entries (the oldest go first), each of bounded size (strings cut to 128 characters), so its memory
 * is bounded whatever clients send. Only refusals that name a page view or a session are kept: the
 * others cannot be asked for.
 */
export interface RefusalLog {
	/**
	 * Keeps the refusals of one request.
	 *
	 * @param records the request's refusals
	 * @param body the parsed request body (one event or an array), where the identifiers are read
	 * @param received the receive time (RFC 3339)
	 */
	record( records: readonly RefusalRecord[], body: unknown, received: string ): void;
	/**
	 * The subject's refusals, newest first.
	 *
	 * @param subject a page view or session
	 * @param limit at most this many
	 */
	find( subject: TraceSubject, limit: number ): TraceRefused[];
	/** Entries kept now. */
	readonly size: number;
}

function shortString( value: unknown ): string | null {
	return typeof value === 'string' && value.length > 0 && value.length <= MAX_SUBJECT_ID_CHARS ? value : null;
}

/**
 * The page view and session an event names, read defensively (it may be any JSON).
 *
 * @param event one element of a request body
 */
function subjectsOf( event: unknown ): { pageview: string | null; session: string | null } {
	const performer = event && typeof event === 'object' ? ( event as { performer?: unknown } ).performer : null;
	if ( !performer || typeof performer !== 'object' ) {
		return { pageview: null, session: null };
	}
	const p = performer as { pageview_id?: unknown; session_id?: unknown };
	return { pageview: shortString( p.pageview_id ), session: shortString( p.session_id ) };
}

/**
 * A refusal log in a ring of `size` entries.
 *
 * @param size entries kept (default {@link DEFAULT_REFUSAL_LOG_SIZE})
 */
export function createRefusalLog( size = DEFAULT_REFUSAL_LOG_SIZE ): RefusalLog {
	const ring: FailedEvent[] = [];
	// Where the next entry goes once the ring is full.
	let next = 0;
	return {
		record( records, body, received ) {
			const events = Array.isArray( body ) ? body : [ body ];
			for ( const r of records ) {
				const { pageview, session } = subjectsOf( events[ r.index ] );
				if ( !pageview && !session ) {
					continue;
				}
				const entry: FailedEvent = { stream: r.stream, reason: r.reason.slice( 0, MAX_REASON_CHARS ), kind: r.kind, path: r.path, received, id: r.id, pageview, session };
				if ( ring.length < size ) {
					ring.push( entry );
				} else {
					ring[ next ] = entry;
					next = ( next + 1 ) % size;
				}
			}
		},
		find( subject, limit ) {
			const out: TraceRefused[] = [];
			// Newest first: from the slot before `next` backwards around the ring.
			for ( let k = 1; k <= ring.length && out.length < limit; k++ ) {
				const e = ring[ ( next - k + ring.length ) % ring.length ];
				if ( ( subject.by === 'pageview' ? e.pageview : e.session ) === subject.id ) {
					out.push( { stream: e.stream, reason: e.reason, kind: e.kind, path: e.path, received: e.received, id: e.id } );
				}
			}
			return out;
		},
		get size() {
			return ring.length;
		},
	};
}
