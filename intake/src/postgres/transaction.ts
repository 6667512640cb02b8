import type { PoolClient } from 'pg';

/**
 * Runs `work` in one transaction on a connection: BEGIN, then COMMIT when it resolves; ROLLBACK when
 * it throws, and the error it threw is passed on (a ROLLBACK that fails too — the connection is gone —
 * does not hide it).
 *
 * @param client a connection of its own, not in a transaction
 * @param work the statements, on that connection
 * @return what `work` resolves to
 * @throws {Error} what `work` or COMMIT threw
 */
export async function inTransaction<T>( client: PoolClient, work: () => Promise<T> ): Promise<T> {
	await client.query( 'BEGIN' );
	try {
		const result = await work();
		await client.query( 'COMMIT' );
		return result;
	} catch ( e ) {
		await client.query( 'ROLLBACK' ).catch( () => undefined );
		throw e;
	}
}
