/** One stored event, as the read side returns it. */
export interface StoredEvent {
	id: string;
	stream: string;
	event: Record<string, unknown>;
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
	/** Stores a batch; events whose meta.id is already stored are counted, not stored again. */
	write( events: Record<string, unknown>[] ): Promise<WriteResult>;
	/** The newest events of a stream, newest first. */
	recent( stream: string, limit: number ): Promise<StoredEvent[]>;
	/** Flushes and releases the store. */
	close(): Promise<void>;
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

const serialized = new WeakMap<object, string>();

/**
 * The JSON text of an accepted event, made once however many consumers (the store, the live feed)
 * need it. Accepted events are not changed after acceptance, so the text stays true.
 *
 * @param event an accepted event
 */
export function serializedEvent( event: Record<string, unknown> ): string {
	let text = serialized.get( event );
	if ( text === undefined ) {
		text = JSON.stringify( event );
		serialized.set( event, text );
	}
	return text;
}
