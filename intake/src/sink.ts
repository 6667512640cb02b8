import type { ModelCatalog } from './modelling/modelCatalog';
import type { TraceAccepted, TraceRefused, TraceSubject } from './trace';

/** One stored event, as the read side returns it. */
export interface StoredEvent {
	id: string;
	stream: string;
	event: Record<string, unknown>;
}

/** One stored event as the Parquet export reads it: its key, stream, receive time and JSON text. */
export interface DayRow {
	/** The event's own time, ms since the epoch (see {@link clientTime}). */
	t: number;
	/** meta.id */
	id: string;
	/** meta.stream */
	stream: string;
	/** meta.dt, when the intake received it (ISO 8601) */
	dt: string;
	/** the event as stored (JSON) */
	body: string;
}

/** What a write did: new events stored, and events already there (same meta.id). */
export interface WriteResult {
	stored: number;
	duplicates: number;
}

/**
 * Where accepted events go. SQLite and JSON lines ship with the intake; a Kafka producer or any other
 * store implements the same three calls.
 */
export interface EventSink {
	/**
	 * Stores a batch; events already stored (same de-duplication key) are counted, not stored again.
	 * Resolves once the batch is as durable as the store promises (see the README).
	 *
	 * @param events accepted events
	 * @param serialized the JSON text of each event, when the caller has made it already (so that
	 *  nothing is serialised twice); the store makes it otherwise
	 */
	write( events: Record<string, unknown>[], serialized?: readonly string[] ): Promise<WriteResult>;
	/** The newest events of a stream, newest first. */
	recent( stream: string, limit: number ): Promise<StoredEvent[]>;
	/**
	 * The newest stored events of a page view or session (`performer.pageview_id` /
	 * `performer.session_id`), newest first, for `GET /v1/trace`. Optional: without it the trace lists
	 * no accepted events. Found at read time (no index is kept for it while writing), among the newest
	 * events only.
	 *
	 * @param subject the page view or session
	 * @param limit at most this many
	 */
	trace?( subject: TraceSubject, limit: number ): Promise<TraceAccepted[]>;
	/**
	 * The UTC days (YYYY-MM-DD, of the events' own time) that hold events, ascending; with
	 * eventsOfDay, what the Parquet export reads. Optional (the JSON-lines store has neither).
	 */
	storedDays?(): Promise<string[]>;
	/**
	 * A page of a day's events in key order (t, then id), after the key `after` (null: from the start).
	 *
	 * @param day YYYY-MM-DD
	 * @param after the last key of the previous page
	 * @param limit page size
	 */
	eventsOfDay?( day: string, after: { t: number; id: string } | null, limit: number ): Promise<DayRow[]>;
	/**
	 * The refused events of a page view or session that the store keeps (a failed-events table), newest
	 * first, for `GET /v1/trace`. Optional: the intake also keeps recent refusals in memory.
	 *
	 * @param subject the page view or session
	 * @param limit at most this many
	 */
	refusals?( subject: TraceSubject, limit: number ): Promise<TraceRefused[]>;
	/** Flushes and releases the store. */
	close(): Promise<void>;
	/**
	 * Takes the streams' modelling (tables, retention), on start and whenever the stream configs change;
	 * stores that materialise tables implement it (the SQLite store), the others may ignore it.
	 */
	setModels?( catalog: ModelCatalog ): void;
}

/**
 * The `meta` of an event the intake has accepted.
 *
 * @param event an accepted event
 */
export function metaOf( event: Record<string, unknown> ): { id: string; stream: string; dt: string } {
	const meta = event.meta as { id: string; stream: string; dt: string };
	return meta;
}

/** The t of events without a usable `dt`: below every time a Date can hold (±8.64e15 ms). */
export const NO_CLIENT_TIME = -8640000000000001;

/**
 * The event's own time (`dt`, set by the client when the event happened) in ms since the epoch, or
 * {@link NO_CLIENT_TIME} when it has none that parses. A re-sent event carries the same `dt`, so this is
 * part of the stores' de-duplication key (see createSqliteSink).
 *
 * @param event an accepted event
 */
export function clientTime( event: Record<string, unknown> ): number {
	const ms = typeof event.dt === 'string' ? Date.parse( event.dt ) : NaN;
	return Number.isNaN( ms ) ? NO_CLIENT_TIME : ms;
}
