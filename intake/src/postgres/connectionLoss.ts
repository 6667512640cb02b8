import type { Pool, PoolClient } from 'pg';

/**
 * Keeps a pool's lost connections from ending the process. PostgreSQL ends connections on a restart,
 * a failover or `pg_terminate_backend`; `pg` then emits 'error' on the client — idle in the pool, or
 * checked out (in a transaction, between the pages of a cursor), where the pool no longer listens — and,
 * for an idle one, on the pool too. An 'error' event nobody listens to is thrown by Node and ends the
 * process. Here each lost connection is logged once; a query on it fails (the caller's error path), and
 * the pool drops it (idle: at once; checked out: at its release) and opens a new one on next use.
 *
 * @param pool a pool just made, before its first connection
 * @param log where the one line per lost connection goes
 * @return the same pool
 */
export function surviveConnectionLoss( pool: Pool, log: ( message: string ) => void ): Pool {
	pool.on( 'connect', ( client: PoolClient ) => {
		let told = false;
		// pg may emit twice for one loss (the server's message, then the closed socket): one line.
		client.on( 'error', ( e: Error ) => {
			if ( !told ) {
				told = true;
				log( `PostgreSQL connection lost (${ e.message }); a new one is opened on next use` );
			}
		} );
	} );
	// An idle client's error, emitted on the pool as well: logged above.
	pool.on( 'error', () => undefined );
	return pool;
}
