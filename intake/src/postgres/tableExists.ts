import type { Client, Pool, PoolClient } from 'pg';

/**
 * Whether a PostgreSQL store has a table (or partitioned table) of this name, in the search path.
 *
 * @param client a pool or a client
 * @param name the table
 */
export async function pgTableExists( client: Pool | PoolClient | Client, name: string ): Promise<boolean> {
	return !!( await client.query<{ t: string | null }>( 'SELECT to_regclass($1)::text AS t', [ name ] ) ).rows[ 0 ].t;
}
