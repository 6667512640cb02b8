import type { FailedEvent, FailureKind } from './modelling/failedEvents';
import type { TraceRefused } from './trace';

/** Failure kinds that are the schema's verdict on a field (the trace's `invalid`); the others are `error`. */
const SCHEMA_KINDS: ReadonlySet<FailureKind> = new Set<FailureKind>( [ 'required_missing', 'datatype_mismatch', 'additional_property', 'unexpected_value', 'constraint_violation' ] );

/**
 * The reason of a refusal in the intake's words (RefusalReport.addInvalid): the field the validator
 * reported, then its message. For a missing property the validator reports the object that lacks it
 * (`the event must have required property 'action'`), while the row's path names the property itself.
 *
 * @param row a failed-events row
 */
function reasonOf( row: FailedEvent ): string {
	if ( !SCHEMA_KINDS.has( row.kind ) ) {
		return row.message;
	}
	const reported = row.kind === 'required_missing' ? row.path.slice( 0, Math.max( 0, row.path.lastIndexOf( '/' ) ) ) : row.path;
	return `${ reported || 'the event' } ${ row.message }`;
}

/**
 * The trace's refused entries from rows of the failed-events table: one entry per refused event
 * (the table has a row per schema error, up to 5), worded with the event's first error, in the rows'
 * order (newest first). An event is recognised by its `meta.id`, receive time and stream, as
 * mergeRefused does; rows of events without a `meta.id` cannot be told apart, so each distinct
 * reason of such an event is its own entry.
 *
 * @param rows failed-events rows, newest first (readFailedEvents)
 * @param limit at most this many entries
 * @return at most `limit` entries, newest first
 */
export function traceRefusalsOf( rows: readonly FailedEvent[], limit: number ): TraceRefused[] {
	const byEvent = new Map<string, TraceRefused>();
	for ( const row of rows ) {
		const invalid = SCHEMA_KINDS.has( row.kind );
		const entry: TraceRefused = {
			stream: row.stream || null,
			reason: reasonOf( row ),
			kind: invalid ? 'invalid' : 'error',
			path: invalid ? row.path : null,
			received: row.received_at,
			id: row.meta_id,
		};
		const key = JSON.stringify( row.meta_id !== null ? [ row.meta_id, row.received_at, row.stream ] : [ null, row.received_at, row.stream, entry.reason ] );
		if ( !byEvent.has( key ) && byEvent.size >= limit ) {
			break;
		}
		// Newest first puts an event's later errors first: the last of its rows seen is its first
		// error, and the event keeps the place of its first row seen (a Map keeps insertion order).
		byEvent.set( key, entry );
	}
	return Array.from( byEvent.values() );
}
