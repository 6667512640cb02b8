import { inTransaction } from './transaction';
import type { PoolClient } from 'pg';
import type { ResolvedColumn } from '../modelling/schemaColumns';
import type { ColumnType, TableDefinition } from '../modelling/tableDefinition';
import type { ColumnRecord, TableRecord } from '../modelling/tableStore';
import { defaultPartitionName } from './dayPartitions';
import { recordPgHashChange } from './rehash';

/**
 * PostgreSQL's type for each column type (the SQLite store's TEXT / INTEGER / REAL / INTEGER 0-1 /
 * TEXT): `string` text, `integer` bigint, `number` double precision, `boolean` boolean, `json` json
 * (the JSON text as written, like the raw `events.body`).
 */
export const PG_TYPES: Record<ColumnType, string> = { string: 'text', integer: 'bigint', number: 'double precision', boolean: 'boolean', json: 'json' };

/**
 * The system columns of a modelled table on PostgreSQL: `event_id` (meta.id, as `events.id` holds it),
 * `received_at` (meta.dt, timestamptz) and, partitioned by day, `day` (the UTC date of the receive
 * time, the partition key).
 *
 * @param partitioned whether the table is partitioned by day
 */
function systemColumns( partitioned: boolean ): string[] {
	return [ 'event_id text NOT NULL', 'received_at timestamptz NOT NULL' ].concat( partitioned ? [ 'day date NOT NULL' ] : [] );
}

/** The advisory lock under which tables are created and altered (any constant shared by all processes). */
const TABLE_LOCK = 0x6d70_0003;

/** What {@link ensurePgTable} found or did. */
export interface EnsuredTable {
	/** One message per change (table created, column added). */
	changes: string[];
	/** The columns with the type each has in the table (the one it was created with). */
	columns: ResolvedColumn[];
	/** Whether the table is partitioned by day (as created, whatever the definition says now). */
	partitioned: boolean;
	/** Whether a column turned to `hash` now, its clear values recorded for a rewrite (rehash.ts). */
	rehashing: boolean;
}

/**
 * Makes sure a modelled table exists with every defined column: the PostgreSQL counterpart of the
 * SQLite store's ensureTable, with the same catalogue rows (`mp_tables`, `mp_columns`). A table
 * partitioned by `day` is a declarative range-partitioned table with a default partition
 * (`<table>_other`); its day partitions are made as rows come (see dayPartitions.ts). A new table,
 * and a defined column the table lacks (`ALTER TABLE … ADD COLUMN`, NULL in older rows), are logged
 * in `mp_migrations` (with `table_name`). Columns are never removed or retyped. Runs in a transaction
 * of its own under an advisory lock, so that processes meeting a new table at once take turns.
 *
 * @param client a connection not in a transaction
 * @param physical the table's name (`clicks_v1`, already checked: no quoting needed)
 * @param stream the stream (`meta.stream`)
 * @param table its definition
 * @param major the schema's major version
 * @param schemaId the schema of the event that made it
 * @param columns the resolved columns
 * @param now the time, ISO 8601
 * @param rehash whether a column turning from `keep` or `drop` to `hash` has its clear values rewritten
 *  (recordPgHashChange: the store has the installation's secret); otherwise its older rows keep them
 *  (either way the column becomes text, which hashes need)
 * @throws {Error} when the table belongs to another stream, or what PostgreSQL says
 */
export async function ensurePgTable( client: PoolClient, physical: string, stream: string, table: TableDefinition, major: number, schemaId: string,
	columns: readonly ResolvedColumn[], now: string, rehash = false ): Promise<EnsuredTable> {
	const changes: string[] = [];
	const logChange = async ( message: string ): Promise<void> => {
		changes.push( message );
		await client.query( 'INSERT INTO mp_migrations (name, table_name) VALUES ($1, $2)', [ message, physical ] );
	};
	return inTransaction( client, async () => {
		await client.query( 'SELECT pg_advisory_xact_lock($1)', [ TABLE_LOCK ] );
		const existing = ( await client.query<TableRecord>( 'SELECT * FROM mp_tables WHERE physical = $1', [ physical ] ) ).rows[ 0 ];
		const partitioned = existing ? existing.partition_by === 'day' : table.partition === 'day';
		const indexReceived = `CREATE INDEX IF NOT EXISTS "${ physical }_received_at" ON "${ physical }" (received_at)`;
		if ( !existing ) {
			const definition = systemColumns( partitioned ).concat( columns.map( ( c ) => `"${ c.name }" ${ PG_TYPES[ c.type ] }` ) ).join( ', ' );
			await client.query( `CREATE TABLE "${ physical }" (${ definition })${ partitioned ? ' PARTITION BY RANGE (day)' : '' }` );
			if ( partitioned ) {
				await client.query( `CREATE TABLE "${ defaultPartitionName( physical ) }" PARTITION OF "${ physical }" DEFAULT` );
			} else if ( columns.some( ( c ) => c.privacy === 'drop' ) ) {
				// The purge finds the rows whose drop columns are due through it (partitions find them by day).
				await client.query( indexReceived );
			}
			await client.query( `INSERT INTO mp_tables (physical, stream, name, major, schema_id, description, dedupe, partition_by, created_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, [ physical, stream, table.name, major, schemaId, table.description || '', table.dedupe ? 1 : 0, table.partition, now ] );
			const older = ( await client.query<{ physical: string }>( 'SELECT physical FROM mp_tables WHERE name = $1 AND major < $2 ORDER BY major DESC LIMIT 1', [ table.name, major ] ) ).rows[ 0 ];
			await logChange( older ?
				`stream "${ stream }": ${ schemaId } is a new major version (${ major }), incompatible with the events in ${ older.physical }; table ${ physical } created beside it (${ older.physical } keeps its rows; query both, or UNION ALL them, to span the change)` :
				`stream "${ stream }": table ${ physical } created (${ columns.length } columns)` );
		} else if ( existing.stream !== stream ) {
			throw new Error( `table ${ physical } belongs to stream "${ existing.stream }"` );
		} else if ( ( table.description || '' ) !== existing.description ) {
			await client.query( 'UPDATE mp_tables SET description = $1 WHERE physical = $2', [ table.description || '', physical ] );
		}
		const have = new Map( ( await client.query<ColumnRecord>( 'SELECT * FROM mp_columns WHERE physical = $1', [ physical ] ) ).rows.map( ( c ) => [ c.name, c ] ) );
		let position = have.size;
		const upsert = `INSERT INTO mp_columns (physical, name, position, path, type, privacy, privacy_tagged, description) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
			ON CONFLICT (physical, name) DO UPDATE SET path = excluded.path, type = excluded.type, privacy = excluded.privacy, privacy_tagged = excluded.privacy_tagged, description = excluded.description`;
		const stored: ResolvedColumn[] = [];
		let rehashing = false;
		for ( const c of columns ) {
			const known = have.get( c.name );
			if ( !known ) {
				if ( existing ) {
					await client.query( `ALTER TABLE "${ physical }" ADD COLUMN IF NOT EXISTS "${ c.name }" ${ PG_TYPES[ c.type ] }` );
					if ( c.privacy === 'drop' && !partitioned ) {
						await client.query( indexReceived );
					}
					await logChange( `stream "${ stream }": column ${ c.name } (${ c.type }) added to ${ physical }` );
				}
				await client.query( upsert, [ physical, c.name, position++, c.path, c.type, c.privacy, c.privacyTagged ? 1 : 0, c.description ] );
				stored.push( c );
				continue;
			}
			// A table keeps the type a column was made with (but for a column made text to hold hashes).
			let type = known.type;
			if ( known.path !== c.path || known.privacy !== c.privacy || known.description !== c.description || known.privacy_tagged !== ( c.privacyTagged ? 1 : 0 ) ) {
				if ( known.privacy !== c.privacy && c.privacy === 'hash' ) {
					// Hashes are text: a column of another type becomes text, or no new row would fit.
					await recordPgHashChange( client, physical, c.name, known.type, now, rehash );
					type = 'string';
					rehashing = rehash;
					changes.push( `stream "${ stream }": column ${ c.name } of ${ physical } is now "hash" (was "${ known.privacy }"): ` +
						( rehash ? 'its rows stored so far are being rewritten to their keyed hash' : 'rows written before keep what they hold (no hash secret to rewrite them with)' ) +
						( known.type === 'string' ? '' : ` (the column is now text, was ${ PG_TYPES[ known.type ] })` ) );
				} else if ( known.privacy !== c.privacy && c.privacy === 'drop' ) {
					// The purge empties drop columns from its watermark on: rows older than it are to be visited again.
					await client.query( "UPDATE mp_tables SET dropped_until = '' WHERE physical = $1", [ physical ] );
					changes.push( `stream "${ stream }": column ${ c.name } of ${ physical } is now "drop" (was "${ known.privacy }"); the next purge empties it in rows past the stream's retention, older rows included` );
				} else if ( known.privacy !== c.privacy ) {
					changes.push( `stream "${ stream }": column ${ c.name } of ${ physical } is now "${ c.privacy }" (was "${ known.privacy }"); rows written before keep what they hold` );
				}
				if ( c.privacy === 'drop' && !partitioned ) {
					await client.query( indexReceived );
				}
				await client.query( upsert, [ physical, c.name, known.position, c.path, type, c.privacy, c.privacyTagged ? 1 : 0, c.description ] );
			}
			stored.push( Object.assign( {}, c, { type } ) );
		}
		return { changes, columns: stored, partitioned, rehashing };
	} );
}
