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
