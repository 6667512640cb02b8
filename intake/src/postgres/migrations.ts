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
 *
 * Step 3 adds what the modelled tables need: their catalogue (`mp_tables`, `mp_columns`, the SQLite
 * store's, column for column), `failed_events`, `mp_quality_results` and `mp_settings`; the tables
 * themselves are made by the intake as events arrive (tableStore.ts), and each of those changes is
 * logged in `mp_migrations` too, with `table_name` set and no `version`. Times kept as ISO 8601 text
 * are `COLLATE "C"`, so that they compare as the SQLite store compares them, whatever the database's
 * collation.
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
	{
		version: 3,
		name: 'modelled tables: their catalogue (mp_tables, mp_columns), failed_events, mp_quality_results, mp_settings; mp_migrations also logs table changes',
		sql: `
ALTER TABLE mp_migrations DROP CONSTRAINT mp_migrations_pkey;
ALTER TABLE mp_migrations ALTER COLUMN version DROP NOT NULL;
ALTER TABLE mp_migrations ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY;
ALTER TABLE mp_migrations ADD COLUMN table_name text;
CREATE UNIQUE INDEX mp_migrations_version ON mp_migrations (version) WHERE version IS NOT NULL;
CREATE TABLE mp_tables (
	physical text PRIMARY KEY,
	stream text NOT NULL,
	name text NOT NULL,
	major integer NOT NULL,
	schema_id text NOT NULL,
	description text NOT NULL,
	dedupe integer NOT NULL,
	partition_by text NOT NULL,
	created_at text NOT NULL,
	dropped_until text COLLATE "C" NOT NULL DEFAULT ''
);
CREATE TABLE mp_columns (
	physical text NOT NULL,
	name text NOT NULL,
	position integer NOT NULL,
	path text NOT NULL,
	type text NOT NULL,
	privacy text NOT NULL,
	privacy_tagged integer NOT NULL,
	description text NOT NULL,
	PRIMARY KEY (physical, name)
);
CREATE TABLE failed_events (
	seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	stream text NOT NULL,
	received_at text COLLATE "C" NOT NULL,
	meta_id text,
	pageview_id text,
	session_id text,
	kind text NOT NULL,
	path text NOT NULL,
	schema_path text NOT NULL,
	message text NOT NULL
);
CREATE INDEX failed_events_stream ON failed_events (stream, received_at);
CREATE INDEX failed_events_pageview ON failed_events (pageview_id) WHERE pageview_id IS NOT NULL;
CREATE INDEX failed_events_session ON failed_events (session_id) WHERE session_id IS NOT NULL;
CREATE TABLE mp_quality_results (
	seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	run_id text COLLATE "C" NOT NULL,
	checked_at text COLLATE "C" NOT NULL,
	table_name text NOT NULL,
	check_name text NOT NULL,
	column_name text,
	status text NOT NULL,
	observed text NOT NULL,
	observed_value double precision,
	threshold text NOT NULL,
	failing_rows text NOT NULL
);
CREATE INDEX mp_quality_results_latest ON mp_quality_results (table_name, checked_at);
CREATE TABLE mp_settings (
	name text PRIMARY KEY,
	value text NOT NULL
);`,
	},
	{
		version: 4,
		name: 'mp_rehash: columns turned from keep or drop to hash whose clear values are being rewritten',
		sql: `
CREATE TABLE mp_rehash (
	physical text NOT NULL,
	name text NOT NULL,
	type text NOT NULL,
	since text NOT NULL,
	PRIMARY KEY (physical, name)
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
		const done = new Set( ( await client.query<{ version: number | null }>( 'SELECT version FROM mp_migrations' ) ).rows.map( ( r ) => r.version ) );
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
