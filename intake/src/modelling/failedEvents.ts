import Database from 'better-sqlite3';
import { fieldOfError, RefusalReport, RefusedEvent } from '../refusals';
import type { StreamContracts } from '../streamContracts';
import { sqliteTableExists } from '../sqliteTableExists';

/**
 * Why an event was refused, in the words of event-tracking plans (RudderStack's violation types):
 * - `unplanned_event`: its `meta.stream` is not a declared stream;
 * - `stream_missing`: it has no `meta.stream`;
 * - `unknown_schema`: its `$schema` is missing or not in the schema repository;
 * - `schema_not_allowed`: its stream takes events of another schema;
 * - `malformed_event`: not a JSON object, nested too deep, a `__proto__` key;
 * - `required_missing`, `datatype_mismatch`, `additional_property`, `unexpected_value` (not in the
 *   enum / const), `constraint_violation` (length, pattern, format, range…): the schema's verdict on
 *   one field.
 */
export type FailureKind = 'unplanned_event' | 'stream_ended' | 'stream_missing' | 'unknown_schema' | 'schema_not_allowed' | 'malformed_event' |
	'required_missing' | 'datatype_mismatch' | 'additional_property' | 'unexpected_value' | 'constraint_violation';

/** One row of the failed-events table: one reason an event was refused (an event may have several). */
export interface FailedEvent {
	/** The declared stream, or the `meta.stream` the event named (cut to 128 characters), or '' when none. */
	stream: string;
	/** When the intake received it, ISO 8601 UTC. */
	received_at: string;
	/** The event's `meta.id` when it had a string one (cut to 128 characters), else null. */
	meta_id: string | null;
	/** `performer.pageview_id` when the stream collects it and it is one a client makes (20 of `0-9a-z`), else null. */
	pageview_id: string | null;
	/** `performer.session_id` when the stream collects it and it is one a client makes (20 of `0-9a-z`), else null. */
	session_id: string | null;
	kind: FailureKind;
	/**
	 * The field concerned, as a JSON pointer into the event (`/page/id`; `/action` for a missing
	 * `action`; `/page/colour` for an additional `colour` in `page`), or '' for the whole event.
	 */
	path: string;
	/** The schema rule that failed (`#/properties/page/properties/id/type`), or ''. */
	schema_path: string;
	/** The validator's message (`must be integer`), or the intake's reason. */
	message: string;
}

/** Rows kept: past this many, the oldest are deleted as new ones come. */
export const MAX_FAILED_EVENTS = 10000;

const MAX_ID = 128;
/**
 * The `meta.id` of an element of a request body, read defensively (it may be any JSON), or undefined.
 *
 * @param event
 */
function metaIdOf( event: unknown ): unknown {
	const meta = event && typeof event === 'object' && !Array.isArray( event ) ? ( event as { meta?: unknown } ).meta : undefined;
	return meta && typeof meta === 'object' && !Array.isArray( meta ) && Object.prototype.hasOwnProperty.call( meta, 'id' ) ? ( meta as { id?: unknown } ).id : undefined;
}

/**
 * A pageview or session id as clients make them (the schema's pattern: 20 of `0-9a-z`), or null: a
 * refused event may carry anything there (an e-mail address), which an accepted one never could.
 *
 * @param value
 */
function clientMadeId( value: unknown ): string | null {
	return typeof value === 'string' && /^[0-9a-z]{20}$/.test( value ) ? value : null;
}

const CREATE = `
CREATE TABLE IF NOT EXISTS failed_events (
	seq INTEGER PRIMARY KEY AUTOINCREMENT,
	stream TEXT NOT NULL,
	received_at TEXT NOT NULL,
	meta_id TEXT,
	pageview_id TEXT,
	session_id TEXT,
	kind TEXT NOT NULL,
	path TEXT NOT NULL,
	schema_path TEXT NOT NULL,
	message TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS failed_events_stream ON failed_events (stream, received_at);
CREATE INDEX IF NOT EXISTS failed_events_pageview ON failed_events (pageview_id) WHERE pageview_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS failed_events_session ON failed_events (session_id) WHERE session_id IS NOT NULL;`;

function cut( value: unknown, max: number ): string | null {
	return typeof value === 'string' && value ? value.slice( 0, max ) : null;
}

/**
 * The kind of a refusal made before validation, from the intake's reason (processEvents' wording).
 *
 * @param message the reason
 */
function kindOfError( message: string ): FailureKind {
	if ( /^stream ".*" is not declared$/.test( message ) ) {
		return 'unplanned_event';
	}
	if ( /^stream ".*" ended on /.test( message ) ) {
		return 'stream_ended';
	}
	if ( message === 'meta.stream is missing' ) {
		return 'stream_missing';
	}
	if ( message === '$schema is missing' || / is not in the schema repository$/.test( message ) ) {
		return 'unknown_schema';
	}
	if ( /^stream ".*" takes .* events, not /.test( message ) ) {
		return 'schema_not_allowed';
	}
	return 'malformed_event';
}

/**
 * The kind of a schema error, from the keyword its schema path ends with.
 *
 * @param schemaPath ajv's schemaPath
 */
export function kindOfSchemaError( schemaPath: string ): FailureKind {
	const keyword = schemaPath.slice( schemaPath.lastIndexOf( '/' ) + 1 );
	switch ( keyword ) {
		case 'required':
			return 'required_missing';
		case 'type':
			return 'datatype_mismatch';
		case 'additionalProperties':
			return 'additional_property';
		case 'enum':
		case 'const':
			return 'unexpected_value';
		default:
			return 'constraint_violation';
	}
}

/**
 * The failed-event rows of one request: one per reason the answer describes (the first 50 refused
 * events, up to 5 schema errors each), and one for each refused event past those (its first reason;
 * up to 1,000 refusals a request are recorded). Identifiers are taken from the request's own events,
 * and only those the stream collects (its `provide_values`): a refused event never leaves more in the store
 * than an accepted one would. Never throws.
 *
 * @param body the parsed request body (one event or an array)
 * @param refused the request's refusals
 * @param contracts the declared streams
 * @param receivedAt the receive time
 */
export function failuresOf( body: unknown, refused: Pick<RefusalReport, 'invalid' | 'error'> & Partial<Pick<RefusalReport, 'records'>>, contracts: StreamContracts, receivedAt: Date ): FailedEvent[] {
	const events = Array.isArray( body ) ? body : [ body ];
	const received = receivedAt.toISOString();
	const rows: FailedEvent[] = [];
	const baseOf = ( index: number, declared: string | null | undefined, metaId: unknown ): Omit<FailedEvent, 'kind' | 'path' | 'schema_path' | 'message'> => {
		const event: unknown = events[ index ];
		const contract = declared ? contracts.get( declared ) : null;
		const named = event && typeof event === 'object' ? ( event as { meta?: { stream?: unknown } } ).meta : undefined;
		const performer = event && typeof event === 'object' && !Array.isArray( event ) ? ( event as { performer?: unknown } ).performer : undefined;
		const allowed = contract ? contract.groupFields.get( 'performer' ) : undefined;
		const pick = ( key: string ): string | null => allowed && allowed.has( key ) && performer && typeof performer === 'object' ?
			clientMadeId( ( performer as Record<string, unknown> )[ key ] ) : null;
		return {
			stream: ( contract && declared ) || cut( named && typeof named === 'object' ? named.stream : undefined, MAX_ID ) || '',
			received_at: received,
			meta_id: cut( metaId, MAX_ID ),
			pageview_id: pick( 'pageview_id' ),
			session_id: pick( 'session_id' ),
		};
	};
	const described = new Set<number>();
	const add = ( r: RefusedEvent ): void => {
		described.add( r.index );
		// The answer leaves out a meta.id over 128 characters, and that of an event refused for its shape: the row keeps it, cut.
		const base = baseOf( r.index, r.event.meta.stream, r.event.meta.id !== undefined ? r.event.meta.id : metaIdOf( events[ r.index ] ) );
		if ( r.status === 'error' ) {
			rows.push( Object.assign( {}, base, { kind: kindOfError( r.context.message ), path: '', schema_path: '', message: r.context.message } ) );
			return;
		}
		for ( const e of r.context.errors || [] ) {
			rows.push( Object.assign( {}, base, {
				kind: kindOfSchemaError( e.schemaPath ),
				path: fieldOfError( e ),
				schema_path: e.schemaPath,
				message: e.message || '',
			} ) );
		}
	};
	refused.invalid.forEach( add );
	refused.error.forEach( add );
	// The refusals the answer does not describe (past the first 50 events): one row each, its first reason.
	for ( const r of refused.records || [] ) {
		if ( described.has( r.index ) ) {
			continue;
		}
		const base = baseOf( r.index, r.stream, r.id );
		rows.push( Object.assign( {}, base, r.kind === 'error' || !r.schemaError ?
			{ kind: kindOfError( r.reason ), path: '', schema_path: '', message: r.reason } :
			{ kind: kindOfSchemaError( r.schemaError.schemaPath ), path: r.path || '', schema_path: r.schemaError.schemaPath, message: r.schemaError.message } ) );
	}
	return rows;
}

/** Writes failed-event rows to a store, keeping at most {@link MAX_FAILED_EVENTS}. */
export interface FailedEventsTable {
	write( rows: readonly FailedEvent[] ): void;
}

/**
 * Opens (creating when missing) the bounded `failed_events` table of a store.
 *
 * @param db the store
 * @param max rows kept (default {@link MAX_FAILED_EVENTS})
 */
export function openFailedEvents( db: Database.Database, max = MAX_FAILED_EVENTS ): FailedEventsTable {
	db.exec( CREATE );
	const insert = db.prepare( `INSERT INTO failed_events (stream, received_at, meta_id, pageview_id, session_id, kind, path, schema_path, message)
		VALUES (@stream, @received_at, @meta_id, @pageview_id, @session_id, @kind, @path, @schema_path, @message)` );
	const trim = db.prepare( 'DELETE FROM failed_events WHERE seq <= (SELECT MAX(seq) FROM failed_events) - ?' );
	const writeAll = db.transaction( ( rows: readonly FailedEvent[] ) => {
		for ( const row of rows ) {
			insert.run( row );
		}
		trim.run( max );
	} );
	return {
		write( rows ) {
			if ( rows.length ) {
				writeAll( rows );
			}
		},
	};
}

/** What to look up in {@link readFailedEvents}; every given field must match. */
export interface FailedEventsQuery {
	stream?: string;
	pageviewId?: string;
	sessionId?: string;
	metaId?: string;
	/** Only rows received at or after this time (ISO 8601). */
	since?: string;
	/** At most this many rows (default 100, at most 1000). */
	limit?: number;
}

/**
 * Why events were refused, newest first: answers "why is my event missing" for a pageview, a session,
 * an event id or a stream.
 *
 * @example readFailedEvents( 'events.sqlite', { pageviewId: 'a1b2c3d4e5f6a7b8c9d0' } )
 *  // [ { stream: 'mywiki.button', kind: 'datatype_mismatch', path: '/page/id', message: 'must be integer', … } ]
 * @param store the SQLite file (opened read-only) or an open database
 * @param query what to match
 * @return the rows, newest first; [] when the store has no failed-events table
 */
export function readFailedEvents( store: string | Database.Database, query: FailedEventsQuery = {} ): FailedEvent[] {
	const db = typeof store === 'string' ? new Database( store, { readonly: true, fileMustExist: true } ) : store;
	try {
		if ( !sqliteTableExists( db, 'failed_events' ) ) {
			return [];
		}
		const where: string[] = [];
		const params: string[] = [];
		const match: [ string, string | undefined ][] = [ [ 'stream', query.stream ], [ 'pageview_id', query.pageviewId ], [ 'session_id', query.sessionId ], [ 'meta_id', query.metaId ] ];
		for ( const [ column, value ] of match ) {
			if ( value !== undefined ) {
				where.push( `${ column } = ?` );
				params.push( value );
			}
		}
		if ( query.since !== undefined ) {
			where.push( 'received_at >= ?' );
			params.push( query.since );
		}
		const limit = Math.min( 1000, Math.max( 1, Math.floor( query.limit || 100 ) ) );
		return db.prepare( `SELECT stream, received_at, meta_id, pageview_id, session_id, kind, path, schema_path, message FROM failed_events
			${ where.length ? 'WHERE ' + where.join( ' AND ' ) : '' } ORDER BY seq DESC LIMIT ${ limit }` ).all( ...params ) as FailedEvent[];
	} finally {
		if ( typeof store === 'string' ) {
			db.close();
		}
	}
}
