import { Pool } from 'pg';
import { clientTime, DayRow, EventSink, metaOf, StoredEvent } from '../sink';
import { TRACE_WINDOW_EVENTS } from '../sqliteSink';
import { TraceAccepted, traceEntryOf } from '../trace';
import { dayOf, ensureDayPartition, inPartitionWindow, NO_DAY, partitionDays } from './dayPartitions';
import { migrate } from './migrations';

/** Options of {@link createPostgresSink}. */
export interface PostgresSinkOptions {
	/** Connections this process keeps at most (default 8). */
	poolSize?: number;
	/** How many of the newest events `trace()` looks through. Default {@link TRACE_WINDOW_EVENTS}. */
	traceWindow?: number;
	/** The clock, ms since the epoch (tests move it). */
	now?: () => number;
}

/** The PostgreSQL store: an {@link EventSink} that many intake processes share, plus what they coordinate. */
export interface PostgresSink extends EventSink {
	/**
	 * Runs `task` in one process only per time slot of `everyMs` (e.g. a nightly purge run by N intake
	 * processes): the first process to claim the slot (a row in `mp_schedule_runs`, under an advisory
	 * lock) runs it; the others, and later calls in the same slot, do nothing.
	 *
	 * @param name the schedule's name
	 * @param everyMs the slot length
	 * @param task what to run
	 * @return whether this call ran it
	 */
	runOncePerSlot( name: string, everyMs: number, task: () => Promise<void> ): Promise<boolean>;
	/** The days that have a partition of their own, ascending (YYYY-MM-DD). */
	partitionDays(): Promise<string[]>;
	/** The pool (for tests and tools that read the store). */
	pool: Pool;
}

/**
 * Whether a `--store` value names a PostgreSQL database rather than a SQLite file.
 *
 * @param store the --store value
 */
export function isPostgresUrl( store: string ): boolean {
	return /^postgres(ql)?:\/\//.test( store );
}

const INSERT = `INSERT INTO events (day, t, id, stream, dt, body)
SELECT * FROM unnest($1::date[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::json[])
ON CONFLICT DO NOTHING`;

/** Marks a key stored in its JSON form (see {@link keyText}). */
const ENCODED = '\u0001';

/**
 * A key (meta.id, stream) as PostgreSQL text can hold it. Text cannot hold U+0000 or a lone surrogate,
 * both of which a client may send in `meta.id`; such a key is stored as ENCODED + its JSON form (ASCII),
 * and so is one that starts with ENCODED, which keeps the mapping one-to-one (de-duplication unchanged).
 *
 * @param key the key as the event has it
 */
export function keyText( key: string ): string {
	// U+0000 is exactly what is looked for here.
	// eslint-disable-next-line no-control-regex
	return /[\u0000\ud800-\udfff]/.test( key ) || key.startsWith( ENCODED ) ? ENCODED + JSON.stringify( key ) : key;
}

/**
 * The key as the event had it.
 *
 * @param text a stored key
 */
function keyOf( text: string ): string {
	return text.startsWith( ENCODED ) ? JSON.parse( text.slice( 1 ) ) : text;
}

/**
 * Opens the PostgreSQL store at `url` (creating or evolving its tables: see migrations.ts).
 *
 * De-duplication is the SQLite store's, (t, id) — `t` the event's own `dt` in ms, `id` its `meta.id` —
 * held by the database's unique key, so it holds across every process writing to it: a re-send that
 * reaches another process is counted as a duplicate there. One write() is one INSERT … ON CONFLICT DO
 * NOTHING of the whole batch, one transaction; it resolves after the commit, which PostgreSQL (with its
 * default `synchronous_commit = on`) has flushed to its WAL on disk: a 201 survives the intake process,
 * the database server and the machine going down.
 *
 * @param url a `postgres://user@host:port/database` URL (libpq's environment variables fill the gaps)
 * @param options pool size, trace window
 * @throws {Error} when the database cannot be reached or migrated
 */
export async function createPostgresSink( url: string, options: PostgresSinkOptions = {} ): Promise<PostgresSink> {
	const pool = new Pool( { connectionString: url, max: options.poolSize || 8 } );
	// An idle connection the server drops (restart, failover) must not crash the process.
	pool.on( 'error', ( e ) => console.warn( `mp-intake: PostgreSQL connection lost: ${ e.message }` ) );
	const now = options.now || Date.now;
	const known = new Set<string>();
	{
		const client = await pool.connect();
		try {
			await migrate( client );
			for ( const day of await partitionDays( client ) ) {
				known.add( day );
			}
		} finally {
			client.release();
		}
	}
	const traceWindow = Math.max( 1, Math.floor( options.traceWindow || TRACE_WINDOW_EVENTS ) );

	/**
	 * Creates the partitions the days need that this process has not seen yet.
	 *
	 * @param days
	 */
	async function ensureDays( days: Set<string> ): Promise<void> {
		const missing = [ ...days ].filter( ( d ) => d !== NO_DAY && !known.has( d ) && inPartitionWindow( d, now() ) );
		if ( !missing.length ) {
			return;
		}
		const client = await pool.connect();
		try {
			for ( const day of missing ) {
				await ensureDayPartition( client, day );
				known.add( day );
			}
		} finally {
			client.release();
		}
	}

	return {
		pool,
		async write( events, serialized ) {
			if ( !events.length ) {
				return { stored: 0, duplicates: 0 };
			}
			const day: string[] = [];
			const t: number[] = [];
			const id: string[] = [];
			const stream: string[] = [];
			const dt: string[] = [];
			const body: string[] = [];
			for ( let i = 0; i < events.length; i++ ) {
				const meta = metaOf( events[ i ] );
				t.push( clientTime( events[ i ] ) );
				day.push( dayOf( t[ i ] ) );
				id.push( keyText( meta.id ) );
				stream.push( keyText( meta.stream ) );
				dt.push( keyText( meta.dt ) );
				body.push( serialized ? serialized[ i ] : JSON.stringify( events[ i ] ) );
			}
			await ensureDays( new Set( day ) );
			const r = await pool.query( INSERT, [ day, t, id, stream, dt, body ] );
			const stored = r.rowCount || 0;
			return { stored, duplicates: events.length - stored };
		},
		async recent( stream, limit ) {
			const r = await pool.query<{ id: string; stream: string; body: string }>(
				'SELECT id, stream, body::text AS body FROM events WHERE stream = $1 ORDER BY seq DESC LIMIT $2', [ keyText( stream ), limit ] );
			return r.rows.map( ( row ): StoredEvent => ( { id: keyOf( row.id ), stream: keyOf( row.stream ), event: JSON.parse( row.body ) } ) );
		},
		async trace( subject, limit ) {
			const needle = `"${ subject.by === 'pageview' ? 'pageview_id' : 'session_id' }":${ JSON.stringify( subject.id ) }`;
			const r = await pool.query<{ body: string }>( `SELECT body::text AS body FROM events
				WHERE seq > (SELECT COALESCE(MAX(seq), 0) FROM events) - $1 AND strpos(body::text, $2) > 0 ORDER BY seq DESC LIMIT $3`,
			[ traceWindow, needle, limit ] );
			return r.rows.map( ( row ) => traceEntryOf( JSON.parse( row.body ), subject ) )
				.filter( ( e ): e is TraceAccepted => e !== null );
		},
		async storedDays() {
			const r = await pool.query<{ day: string }>( "SELECT DISTINCT day::text AS day FROM events WHERE day <> '-infinity' ORDER BY 1" );
			return r.rows.map( ( row ) => row.day );
		},
		async eventsOfDay( day, after, limit ) {
			const r = await pool.query<{ t: string; id: string; stream: string; dt: string; body: string }>(
				`SELECT t::text AS t, id, stream, dt, body::text AS body FROM events WHERE day = $1 AND (t, id) > ($2::bigint, $3::text)
				ORDER BY t, id LIMIT $4`,
				[ day, after ? after.t : Number.MIN_SAFE_INTEGER, after ? keyText( after.id ) : '', limit ] );
			return r.rows.map( ( row ): DayRow => ( { t: Number( row.t ), id: keyOf( row.id ), stream: keyOf( row.stream ), dt: keyOf( row.dt ), body: row.body } ) );
		},
		async partitionDays() {
			const client = await pool.connect();
			try {
				return await partitionDays( client );
			} finally {
				client.release();
			}
		},
		async runOncePerSlot( name, everyMs, task ) {
			const slot = Math.floor( now() / everyMs );
			const client = await pool.connect();
			try {
				const locked = ( await client.query<{ ok: boolean }>( 'SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [ 'mp schedule ' + name ] ) ).rows[ 0 ].ok;
				if ( !locked ) {
					return false;
				}
				try {
					const claimed = await client.query( 'INSERT INTO mp_schedule_runs (name, slot) VALUES ($1, $2) ON CONFLICT DO NOTHING', [ name, slot ] );
					if ( !claimed.rowCount ) {
						return false;
					}
					await task();
					return true;
				} finally {
					await client.query( 'SELECT pg_advisory_unlock(hashtext($1))', [ 'mp schedule ' + name ] );
				}
			} finally {
				client.release();
			}
		},
		async close() {
			await pool.end();
		},
	};
}
