import type { PoolClient } from 'pg';

/** One step of the PostgreSQL layout; applied once, in order, and logged in `mp_migrations`. */
export interface Migration {
	version: number;
	name: string;
	sql: string;
}

/**
 * The layout of the PostgreSQL store, oldest first. Only ever append: a step already applied
 * somewhere is never changed (additive columns go into a new step, `ALTER TABLE … ADD COLUMN IF NOT
 * EXISTS`, which needs no rewrite of the stored rows).
 *
 * `events` is partitioned by `day`, the UTC day of the event's own time (`dt`), so that retention
 * drops whole partitions and the Parquet export reads one partition per file; its unique key is
 * (day, t, id), which, `day` being a function of `t`, is the SQLite store's (t, id): the same
 * de-duplication, across every process writing to the database. Days outside the window in which the
 * intake creates partitions (see dayPartitions.ts), and events without a usable `dt` (day
 * `-infinity`), go to the default partition `events_other`.
 */
export const MIGRATIONS: readonly Migration[] = [
	{
		version: 1,
		name: 'events, partitioned by the day of the event time, unique (day, t, id)',
		sql: `
CREATE TABLE events (
	seq bigint GENERATED ALWAYS AS IDENTITY,
	day date NOT NULL,
	t bigint NOT NULL,
	id text NOT NULL,
	stream text NOT NULL,
	dt text NOT NULL,
	body json NOT NULL,
	PRIMARY KEY (day, t, id)
) PARTITION BY RANGE (day);
CREATE TABLE events_other PARTITION OF events DEFAULT;
CREATE INDEX events_stream ON events (stream, seq);
CREATE INDEX events_seq ON events (seq);`,
	},
	{
		version: 2,
		name: 'mp_schedule_runs: which process ran a schedule in which slot',
		sql: `
CREATE TABLE mp_schedule_runs (
	name text NOT NULL,
	slot bigint NOT NULL,
	started_at timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (name, slot)
);`,
	},
];

/** The advisory lock key under which one process at a time migrates (any constant shared by all). */
const MIGRATION_LOCK = 0x6d70_0001;

/**
 * Brings the database to the newest layout: creates the migration log, then applies, in one
 * transaction each, the steps not logged yet. Safe with many intake processes starting at once: they
 * take turns on an advisory lock, and the later ones find everything logged.
 *
 * @param client a connection of its own (the lock is held on it)
 * @param migrations the steps (default {@link MIGRATIONS})
 * @return the versions applied now (empty when the layout was current)
 * @throws {Error} when a step fails (that step is rolled back, nothing after it runs)
 */
export async function migrate( client: PoolClient, migrations: readonly Migration[] = MIGRATIONS ): Promise<number[]> {
	const applied: number[] = [];
	await client.query( 'SELECT pg_advisory_lock($1)', [ MIGRATION_LOCK ] );
	try {
		await client.query( `CREATE TABLE IF NOT EXISTS mp_migrations (
			version integer PRIMARY KEY,
			name text NOT NULL,
			applied_at timestamptz NOT NULL DEFAULT now()
		)` );
		const done = new Set( ( await client.query<{ version: number }>( 'SELECT version FROM mp_migrations' ) ).rows.map( ( r ) => r.version ) );
		for ( const m of migrations ) {
			if ( done.has( m.version ) ) {
				continue;
			}
			await client.query( 'BEGIN' );
			try {
				await client.query( m.sql );
				await client.query( 'INSERT INTO mp_migrations (version, name) VALUES ($1, $2)', [ m.version, m.name ] );
				await client.query( 'COMMIT' );
			} catch ( e ) {
				await client.query( 'ROLLBACK' );
				throw new Error( `PostgreSQL migration ${ m.version } (${ m.name }) failed: ${ ( e as Error ).message }` );
			}
			applied.push( m.version );
		}
	} finally {
		await client.query( 'SELECT pg_advisory_unlock($1)', [ MIGRATION_LOCK ] );
	}
	return applied;
}
