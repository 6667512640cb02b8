import { inTransaction } from './transaction';
import { createHmac, randomBytes } from 'node:crypto';
import { Pool, PoolClient, types } from 'pg';
import { surviveConnectionLoss } from './connectionLoss';
import { clientTime, DayRow, EventSink, metaOf, StoredEvent } from '../sink';
import { TRACE_WINDOW_EVENTS } from '../sqliteSink';
import { TraceAccepted, traceEntryOf } from '../trace';
import { dayOf, ensureDayPartition, inPartitionWindow, NO_DAY, partitionDays } from './dayPartitions';
import { keyOf, keyText } from './keyText';
import { createPgMaterialiser } from './materialiser';
import type { ModelCatalog } from '../modelling/modelCatalog';
import type { PurgeReport } from '../modelling/purge';
import { traceRefusalsOf } from '../failedEventsTrace';
import { MAX_ERRORS_PER_EVENT } from '../refusals';
import { readPgFailedEvents, writePgFailedEvents } from './failedEvents';
import { migrate } from './migrations';
import { purgePostgres } from './purge';
import { rewritePgClearColumns } from './rehash';

/** Options of {@link createPostgresSink}. */
export interface PostgresSinkOptions {
	/** Connections this process keeps at most (default 8). */
	poolSize?: number;
	/** How many of the newest events `trace()` looks through. Default {@link TRACE_WINDOW_EVENTS}. */
	traceWindow?: number;
	/** The clock, ms since the epoch (tests move it). */
	now?: () => number;
	/**
	 * The installation's secret for `hash` columns; every process writing to the database must have
	 * the same (its fingerprint is kept in `mp_settings`, and a process with another one refuses to
	 * start). Default: a random one for this process only (with a notice when a table needs it).
	 */
	hashSecret?: Buffer;
	/** Notices: tables made, columns added, what a purge removed. Default: console.warn. */
	log?: ( message: string ) => void;
	/**
	 * When the intake purges on a schedule (`--purge-every`), its interval: purge() then runs in one
	 * process per interval however many share the database (see runOncePerSlot); the others' calls
	 * return an empty report. Default 0: every call purges (`mp-intake purge`), one at a time.
	 */
	purgeEveryMs?: number;
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
	 * @param at the time whose slot it is (default: the sink's clock)
	 * @return whether this call ran it
	 */
	runOncePerSlot( name: string, everyMs: number, task: () => Promise<void>, at?: number ): Promise<boolean>;
	/**
	 * The days that have a partition of their own, ascending (YYYY-MM-DD).
	 *
	 * @param table the partitioned table (default `events`; a modelled table such as `clicks_v1`)
	 */
	partitionDays( table?: string ): Promise<string[]>;
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

/** The insert of a write whose events go on to tables: it says which rows it stored. */
const INSERT_RETURNING = INSERT + ' RETURNING t::text AS t, id';

/**
 * How the store's connections read values: `bigint` (counts, integer columns) as numbers (every
 * value the intake writes is one: JSON numbers), `date` as its `YYYY-MM-DD` text and `timestamptz` as
 * ISO 8601 UTC with ms (`2026-11-30T12:00:00.000Z`), `json` as its text — what the SQLite store holds,
 * so that the two read back alike (booleans stay booleans: SQLite's are 1/0). Every other type as node-postgres reads it.
 */
export const READ_TYPES = {
	getTypeParser( oid: number, format?: string ): ( value: string ) => unknown {
		if ( oid === types.builtins.INT8 ) {
			return Number;
		}
		if ( oid === types.builtins.DATE || oid === types.builtins.JSON ) {
			return String;
		}
		if ( oid === types.builtins.TIMESTAMPTZ ) {
			return ( value: string ) => new Date( ( types.getTypeParser( oid, 'text' ) as ( v: string ) => Date )( value ) ).toISOString();
		}
		return types.getTypeParser( oid, format as 'text' );
	},
};

/**
 * Where `mp-intake` keeps the hash secret of a PostgreSQL store unless `--hash-secret-file` or
 * `MP_INTAKE_HASH_SECRET` says otherwise: this file in its working directory (made with mode 0600 when
 * missing, before the `--processes` workers start). Intake processes on other machines need a copy.
 */
export const POSTGRES_HASH_SECRET_FILE = 'mp-intake.hash-secret';

/** The `mp_settings` row of the hash secret's fingerprint. */
const SECRET_SETTING = 'hash_secret_fingerprint';

/**
 * A fingerprint of the hash secret (an HMAC of a fixed text: it tells two secrets apart and gives
 * nothing of either).
 *
 * @param secret
 */
function secretFingerprint( secret: Buffer ): string {
	return createHmac( 'sha256', secret ).update( 'mp-intake hash secret fingerprint' ).digest( 'hex' );
}

export { keyText } from './keyText';

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
	// A connection the server drops (restart, failover), idle or in use, must not crash the process.
	const pool = surviveConnectionLoss( new Pool( { connectionString: url, max: options.poolSize || 8, types: READ_TYPES } ), ( m ) => console.warn( '[mp-intake] ' + m ) );
	const now = options.now || Date.now;
	const known = new Set<string>();
	{
		const client = await pool.connect();
		try {
			await migrate( client );
			for ( const day of await partitionDays( client ) ) {
				known.add( day );
			}
			if ( options.hashSecret ) {
				const mine = secretFingerprint( options.hashSecret );
				await client.query( 'INSERT INTO mp_settings (name, value) VALUES ($1, $2) ON CONFLICT DO NOTHING', [ SECRET_SETTING, mine ] );
				const kept = ( await client.query<{ value: string }>( 'SELECT value FROM mp_settings WHERE name = $1', [ SECRET_SETTING ] ) ).rows[ 0 ].value;
				if ( kept !== mine ) {
					throw new Error( 'the hash secret differs from the one this database\'s hash columns were written with (its fingerprint is in mp_settings): give every intake process the same --hash-secret-file or MP_INTAKE_HASH_SECRET' );
				}
			}
		} catch ( e ) {
			client.release();
			await pool.end();
			throw e;
		}
		client.release();
	}
	const log = options.log || ( ( m: string ) => console.warn( '[mp-intake] ' + m ) );
	let catalog: ModelCatalog | null = null;
	/** Raw partitions a purge found it cannot drop yet, and until when (see purgePostgres). */
	const partitionsKept = new Map<string, number>();
	/** The rewrite of clear values to hashes under way (rehash.ts), if any; only with the installation's secret. */
	let rewriting: Promise<void> = Promise.resolve();
	let closing = false;
	const rewriteClearValues = (): void => {
		const secret = options.hashSecret;
		if ( !secret || closing ) {
			return;
		}
		rewriting = rewriting.then( () => rewritePgClearColumns( pool, secret, log, { stopped: () => closing } ) ).then( () => undefined, ( e: Error ) => {
			log( `rewriting clear values to hashes stopped: ${ e.message } (it goes on at the next start)` );
		} );
	};
	const materialiser = createPgMaterialiser( pool, { hashSecret: options.hashSecret || randomBytes( 32 ), log, now, onRehash: options.hashSecret ? rewriteClearValues : undefined } );
	// A rewrite a process left unfinished (it stopped, or died) goes on.
	rewriteClearValues();
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

	/**
	 * One write with tables: the raw rows and every table's rows in one transaction (a 201 means
	 * both). The raw INSERT says which rows it stored; only those are new for the tables — a re-send,
	 * in this batch or from any other process (which waits on the unique key until the first commits),
	 * adds no row to a `dedupe` table.
	 *
	 * @param client a connection of its own
	 * @param events the batch
	 * @param columns the raw insert's arrays
	 */
	async function writeModelled( client: PoolClient, events: Record<string, unknown>[], columns: unknown[][] ): Promise<{ stored: number; duplicates: number }> {
		return inTransaction( client, async () => {
			const r = await client.query<{ t: string; id: string }>( INSERT_RETURNING, columns );
			const fresh = new Set( r.rows.map( ( row ) => row.t + ' ' + row.id ) );
			const isNew = events.map( ( _, i ) => {
				const key = String( columns[ 1 ][ i ] ) + ' ' + String( columns[ 2 ][ i ] );
				// Only the first copy in the batch is the stored one.
				return fresh.delete( key );
			} );
			await materialiser.insert( client, events, isNew );
			return { stored: r.rows.length, duplicates: events.length - r.rows.length };
		} );
	}

	/**
	 * Runs `task` while holding the advisory lock of a schedule's name (waiting for it): never at
	 * once with the same schedule in another process.
	 *
	 * @param name
	 * @param task
	 */
	async function runExclusively( name: string, task: () => Promise<void> ): Promise<void> {
		const client = await pool.connect();
		try {
			await client.query( 'SELECT pg_advisory_lock(hashtext($1))', [ 'mp schedule ' + name ] );
			try {
				await task();
			} finally {
				await client.query( 'SELECT pg_advisory_unlock(hashtext($1))', [ 'mp schedule ' + name ] );
			}
		} finally {
			client.release();
		}
	}

	async function runOncePerSlot( name: string, everyMs: number, task: () => Promise<void>, at = now() ): Promise<boolean> {
		const slot = Math.floor( at / everyMs );
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
			if ( !materialiser.modelled() ) {
				const r = await pool.query( INSERT, [ day, t, id, stream, dt, body ] );
				const stored = r.rowCount || 0;
				return { stored, duplicates: events.length - stored };
			}
			await materialiser.prepare( events );
			const client = await pool.connect();
			try {
				return await writeModelled( client, events, [ day, t, id, stream, dt, body ] );
			} finally {
				client.release();
			}
		},
		setModels( next, schemas ) {
			if ( !options.hashSecret && next.entries().some( ( [ , m ] ) => m.tables.some( ( table ) => table.columns.some( ( c ) => c.privacy === 'hash' ) ) ) ) {
				log( 'No hash secret was given: hash columns use a secret of this process only (hashes will differ between processes and after a restart).' );
			}
			catalog = next;
			materialiser.setModels( next, schemas );
		},
		async recordFailures( rows ) {
			await writePgFailedEvents( pool, rows );
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
		async refusals( subject, limit ) {
			// A refused event has up to MAX_ERRORS_PER_EVENT rows (one per schema error): enough rows for `limit` events.
			return traceRefusalsOf( await readPgFailedEvents( pool, subject, limit * MAX_ERRORS_PER_EVENT ), limit );
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
		async partitionDays( table = 'events' ) {
			const client = await pool.connect();
			try {
				return await partitionDays( client, table );
			} finally {
				client.release();
			}
		},
		runOncePerSlot,
		async purge( at ) {
			const report: PurgeReport = { now: new Date( at ).toISOString(), streams: [] };
			const task = async (): Promise<void> => {
				Object.assign( report, await purgePostgres( pool, catalog, at, log, partitionsKept ) );
			};
			if ( options.purgeEveryMs ) {
				await runOncePerSlot( 'purge', options.purgeEveryMs, task, at );
			} else {
				await runExclusively( 'purge', task );
			}
			return report;
		},
		async close() {
			closing = true;
			await rewriting;
			await pool.end();
		},
	};
}
