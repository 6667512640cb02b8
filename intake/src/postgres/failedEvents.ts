import { inTransaction } from './transaction';
import type { Pool } from 'pg';
import { FailedEvent, MAX_FAILED_EVENTS } from '../modelling/failedEvents';
import type { TraceSubject } from '../trace';

const INSERT = `INSERT INTO failed_events (stream, received_at, meta_id, pageview_id, session_id, kind, path, schema_path, message)
SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])`;

const FIELDS: readonly ( keyof FailedEvent )[] = [ 'stream', 'received_at', 'meta_id', 'pageview_id', 'session_id', 'kind', 'path', 'schema_path', 'message' ];

/**
 * Text as PostgreSQL can hold it (U+0000 replaced by U+FFFD; a refused event may carry anything).
 *
 * @param value
 */
function pgText( value: string | null ): string | null {
	// eslint-disable-next-line no-control-regex
	return value === null ? null : value.replace( /\u0000/g, '\ufffd' );
}

/**
 * Writes failed-event rows (see intake/src/modelling/failedEvents.ts: the same rows, the same
 * columns) to the PostgreSQL store's `failed_events`, and keeps it bounded: past `max` rows the
 * oldest go, in the same transaction. Shared by every intake process writing to the database.
 *
 * @param pool the store's pool
 * @param rows the rows of one request
 * @param max rows kept (default {@link MAX_FAILED_EVENTS})
 */
export async function writePgFailedEvents( pool: Pool, rows: readonly FailedEvent[], max = MAX_FAILED_EVENTS ): Promise<void> {
	if ( !rows.length ) {
		return;
	}
	const client = await pool.connect();
	try {
		await inTransaction( client, async () => {
			await client.query( INSERT, FIELDS.map( ( f ) => rows.map( ( r ) => pgText( r[ f ] ) ) ) );
			await client.query( 'DELETE FROM failed_events WHERE seq <= (SELECT MAX(seq) FROM failed_events) - $1', [ max ] );
		} );
	} finally {
		client.release();
	}
}

/**
 * The failed-event rows of a page view or a session, newest first (readFailedEvents on SQLite): what
 * the trace lists as refused ("why is my event missing"), whichever process refused them.
 *
 * @param pool the store's pool
 * @param subject the page view or session
 * @param limit at most this many rows (at most 1000, as on SQLite)
 */
export async function readPgFailedEvents( pool: Pool, subject: TraceSubject, limit: number ): Promise<FailedEvent[]> {
	const column = subject.by === 'pageview' ? 'pageview_id' : 'session_id';
	const r = await pool.query<FailedEvent>( `SELECT ${ FIELDS.join( ', ' ) } FROM failed_events WHERE ${ column } = $1 ORDER BY seq DESC LIMIT $2`,
		[ subject.id, Math.min( 1000, Math.max( 1, Math.floor( limit ) ) ) ] );
	return r.rows;
}
