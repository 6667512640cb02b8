import type { Pool, PoolClient } from 'pg';
import { createHasher } from '../modelling/projection';
import { REHASH_CHUNK_ROWS } from '../modelling/rehashColumns';
import type { ColumnType } from '../modelling/tableDefinition';

/**
 * A column whose privacy tag turns from `keep` (or `drop`) to `hash` on the PostgreSQL store: the
 * SQLite store's rewrite (rehashColumns.ts), adapted to a database whose columns have one type. When
 * the change is met (ensurePgTable, under the table lock), a column that is not text is made text
 * (`ALTER COLUMN … TYPE text`, its values as their text: a rewrite of the table, under its lock), so
 * that the hashes written from then on fit, and the column is recorded in `mp_rehash` with the type
 * its clear values had. Then the clear values are rewritten to their keyed hash in steps.
 *
 * What is clear and what is a hash is told by the value itself (a hash is 64 lowercase hex digits),
 * not by a recorded position: a restart, or rows in clear that a process still on the old definition
 * wrote meanwhile, are handled by the same rule. A clear value of a text column that is itself 64
 * lowercase hex digits is taken for a hash and left as it is.
 */

/** A keyed hash as the intake stores it (HMAC-SHA-256, hex). */
const HASH_PATTERN = '^[0-9a-f]{64}$';

/**
 * Makes a column that turned to `hash` ready for hashes (text) and, when `record`, records the
 * rewrite of its clear values. Call it in the transaction (and under the lock) in which the catalogue
 * takes the change.
 *
 * @param client a connection in that transaction
 * @param physical the table
 * @param column the column
 * @param type the type its values were stored with (`mp_columns.type`)
 * @param now the time, ISO 8601
 * @param record whether its clear values are to be rewritten (the store has the installation's secret)
 */
export async function recordPgHashChange( client: PoolClient, physical: string, column: string, type: ColumnType, now: string, record: boolean ): Promise<void> {
	if ( type !== 'string' ) {
		await client.query( `ALTER TABLE "${ physical }" ALTER COLUMN "${ column }" TYPE text USING "${ column }"::text` );
	}
	if ( record ) {
		// The type of the clear values: what their text is read back as before it is hashed.
		await client.query( 'INSERT INTO mp_rehash (physical, name, type, since) VALUES ($1, $2, $3, $4) ON CONFLICT (physical, name) DO NOTHING', [ physical, column, type, now ] );
	}
}

/**
 * The value the event held, from the text of a clear value stored with `type`, so that its hash is
 * the one a new row gets (the projection hashes the event's value: a string as it is, anything else as
 * its JSON text).
 *
 * @param text the stored value as text
 * @param type the type it was stored with
 */
export function clearValueOf( text: string, type: string ): unknown {
	if ( type === 'integer' || type === 'number' ) {
		const n = Number( text );
		return Number.isFinite( n ) ? n : text;
	}
	if ( type === 'boolean' ) {
		return text === 'true';
	}
	if ( type === 'json' ) {
		try {
			return JSON.parse( text );
		} catch ( e ) {
			return text;
		}
	}
	return text;
}

/** Options of {@link rewritePgClearColumns}. */
export interface PgRehashOptions {
	/** Rows per step (one transaction each); default {@link REHASH_CHUNK_ROWS}. */
	chunk?: number;
	/** Whether to stop (the store closes): checked between steps. */
	stopped?: () => boolean;
}

/**
 * Rewrites the clear values of the columns recorded in `mp_rehash` to their keyed hash, `chunk` rows
 * a transaction, partition by partition in ctid order, yielding to the event loop between steps. One
 * process at a time does it (an advisory lock; the others return 0 at once). A column done, or whose
 * table or column is gone, leaves `mp_rehash`. Logs one line per column done.
 *
 * @param pool the store's pool
 * @param secret the installation's secret (the one new rows are hashed with)
 * @param log notices
 * @param options chunk size, stop
 * @return the values rewritten
 * @throws {Error} what PostgreSQL says (the next start goes on)
 */
export async function rewritePgClearColumns( pool: Pool, secret: Buffer, log: ( message: string ) => void, options: PgRehashOptions = {} ): Promise<number> {
	const chunk = Math.max( 1, Math.floor( options.chunk || REHASH_CHUNK_ROWS ) );
	const stopped = options.stopped || ( () => false );
	const hash = createHasher( secret );
	const client = await pool.connect();
	let total = 0;
	try {
		if ( !( await client.query<{ ok: boolean }>( "SELECT pg_try_advisory_lock(hashtext('mp rehash')) AS ok" ) ).rows[ 0 ].ok ) {
			return 0;
		}
		try {
			for ( ;; ) {
				const next = ( await client.query<{ physical: string; name: string; type: string }>( 'SELECT physical, name, type FROM mp_rehash ORDER BY physical, name LIMIT 1' ) ).rows[ 0 ];
				if ( !next || stopped() ) {
					return total;
				}
				const exists = ( await client.query( `SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 AND column_name = $2
					AND data_type = 'text'`, [ next.physical, next.name ] ) ).rowCount;
				if ( !exists ) {
					await client.query( 'DELETE FROM mp_rehash WHERE physical = $1 AND name = $2', [ next.physical, next.name ] );
					continue;
				}
				const leaves = ( await client.query<{ name: string }>( `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
					WHERE i.inhparent = quote_ident($1)::regclass ORDER BY c.relname`, [ next.physical ] ) ).rows.map( ( r ) => r.name );
				const column = `"${ next.name }"`;
				let rewritten = 0;
				for ( const leaf of leaves.length ? leaves : [ next.physical ] ) {
					let after = '(0,0)';
					for ( ;; ) {
						if ( stopped() ) {
							return total + rewritten;
						}
						const rows = ( await client.query<{ id: string; v: string }>( `SELECT ctid::text AS id, ${ column } AS v FROM ONLY "${ leaf }"
							WHERE ctid > $1::tid AND ${ column } IS NOT NULL AND ${ column } !~ $2 ORDER BY ctid LIMIT ${ chunk }`, [ after, HASH_PATTERN ] ) ).rows;
						if ( !rows.length ) {
							break;
						}
						// Only a row still holding the value read is changed (a concurrent write wins).
						const r = await client.query( `UPDATE ONLY "${ leaf }" AS t SET ${ column } = u.h FROM unnest($1::tid[], $2::text[], $3::text[]) AS u(id, old, h)
							WHERE t.ctid = u.id AND t.${ column } = u.old`, [ rows.map( ( x ) => x.id ), rows.map( ( x ) => x.v ), rows.map( ( x ) => hash( clearValueOf( x.v, next.type ) ) ) ] );
						rewritten += r.rowCount || 0;
						after = rows[ rows.length - 1 ].id;
						await new Promise<void>( ( resolve ) => {
							setImmediate( resolve );
						} );
					}
				}
				await client.query( 'DELETE FROM mp_rehash WHERE physical = $1 AND name = $2', [ next.physical, next.name ] );
				total += rewritten;
				log( `column ${ next.name } of ${ next.physical }: ${ rewritten } values stored in clear before it became "hash" now hold their keyed hash` );
			}
		} finally {
			await client.query( "SELECT pg_advisory_unlock(hashtext('mp rehash'))" );
		}
	} finally {
		client.release();
	}
}
