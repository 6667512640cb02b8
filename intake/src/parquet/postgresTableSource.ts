import { Pool } from 'pg';
import { surviveConnectionLoss } from '../postgres/connectionLoss';
import type { PrivacyTag } from '../modelling/tableDefinition';
import type { DaySummary, ModelledTableSource, SourceRow, SourceTable, SourceValue } from './tableSource';

/**
 * A timestamptz as the SQLite store writes `received_at`: ISO 8601, UTC, ms.
 *
 * @param column the SQL expression
 */
function ISO( column: string ): string {
	return `to_char(${ column } AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/**
 * The day of a row: the `day` partition key, or the UTC date of `received_at`.
 *
 * @param table the table
 */
function DAY( table: SourceTable ): string {
	return table.partitioned ? 'day' : "(received_at AT TIME ZONE 'UTC')::date";
}

/** Marks a `meta.id` that PostgreSQL text could not hold as it was (U+0000, a lone surrogate): stored as this + its JSON. */
const ENCODED = '\u0001';

/**
 * A column as selected: bigint and json as their text (`pg` would give bigint as a string anyway,
 * and json parsed; the Parquet column is the JSON text as written).
 *
 * @param name the column
 * @param type its type
 */
function selectColumn( name: string, type: string ): string {
	return type === 'integer' || type === 'json' ? `"${ name }"::text` : `"${ name }"`;
}

/**
 * The modelled tables of a PostgreSQL store (the catalogue `mp_tables`/`mp_columns` as on SQLite,
 * tables `<name>_v<major>` with `event_id` text, `received_at` timestamptz, `day` date when partitioned
 * by day, and columns text / bigint / double precision / boolean / json), read with one connection of
 * its own. A day's rows are read through a cursor in one REPEATABLE READ transaction, so the pages
 * of a day are one snapshot while intake processes keep writing.
 *
 * @param url postgres://user[:password]@host[:port]/database
 */
export function createPostgresTableSource( url: string ): ModelledTableSource {
	// A connection the server drops between two pages of a day must fail the export, not crash the process.
	const pool = surviveConnectionLoss( new Pool( { connectionString: url, max: 1 } ), ( m ) => console.warn( '[mp-intake] ' + m ) );
	return {
		async tables() {
			const has = await pool.query( "SELECT to_regclass('mp_tables') IS NOT NULL AS t, to_regclass('mp_columns') IS NOT NULL AS c" );
			if ( !has.rows[ 0 ].t || !has.rows[ 0 ].c ) {
				return [];
			}
			const tables = ( await pool.query<{ physical: string; stream: string; partition_by: string }>(
				'SELECT physical, stream, partition_by FROM mp_tables WHERE to_regclass(quote_ident(physical)) IS NOT NULL ORDER BY physical COLLATE "C"' ) ).rows;
			const columns = ( await pool.query<{ physical: string; name: string; type: SourceTable[ 'columns' ][ number ][ 'type' ]; privacy: PrivacyTag }>(
				'SELECT physical, name, type, privacy FROM mp_columns ORDER BY physical, position' ) ).rows;
			// A store that rewrites clear values to hashes keeps what is pending in mp_rehash, as on SQLite.
			const rehash = ( await pool.query( "SELECT to_regclass('mp_rehash') IS NOT NULL AS r" ) ).rows[ 0 ].r ?
				( await pool.query<{ physical: string; name: string }>( 'SELECT physical, name FROM mp_rehash' ) ).rows : [];
			const rewriting = new Set( rehash.map( ( r ) => `${ r.physical }.${ r.name }` ) );
			return tables.map( ( t ) => ( {
				physical: t.physical,
				stream: t.stream,
				partitioned: t.partition_by === 'day',
				columns: columns.filter( ( c ) => c.physical === t.physical ).map( ( c ) => Object.assign( { name: c.name, type: c.type, privacy: c.privacy },
					rewriting.has( `${ t.physical }.${ c.name }` ) ? { rewriting: true } : {} ) ),
			} ) );
		},
		async daySummaries( table, until ) {
			const drop = table.columns.filter( ( c ) => c.privacy === 'drop' ).map( ( c ) => `count("${ c.name }")` );
			const rows = ( await pool.query<{ day: string; rows: string; last: string; held: string }>(
				`SELECT ${ DAY( table ) }::text AS day, count(*) AS rows, ${ ISO( 'max(received_at)' ) } AS last, ${ drop.length ? drop.join( ' + ' ) : '0' } AS held
				FROM "${ table.physical }" WHERE ${ DAY( table ) } < $1::date GROUP BY 1 ORDER BY 1`, [ until ] ) ).rows;
			return new Map<string, DaySummary>( rows.map( ( r ) => [ r.day, { rows: Number( r.rows ), lastReceivedAt: r.last, dropHeld: Number( r.held ) } ] ) );
		},
		async *rowsOfDay( table, day, pageSize ) {
			const names = [ 'event_id', `${ ISO( 'received_at' ) }` ].concat( table.columns.map( ( c ) => selectColumn( c.name, c.type ) ) );
			const client = await pool.connect();
			let ended = false;
			try {
				await client.query( 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' );
				// No ORDER BY: the rows as stored (no sort); the manifest counts what was read.
				await client.query( {
					text: `DECLARE mp_day NO SCROLL CURSOR FOR SELECT ${ names.join( ', ' ) } FROM "${ table.physical }" WHERE ${ DAY( table ) } = $1::date`,
					values: [ day ],
				} );
				for ( ;; ) {
					const page = await client.query<SourceValue[]>( { text: `FETCH ${ Math.max( 1, Math.floor( pageSize ) ) } FROM mp_day`, rowMode: 'array' } );
					if ( !page.rows.length ) {
						break;
					}
					yield page.rows.map( ( r ): SourceRow => {
						const id = String( r[ 0 ] );
						return {
							eventId: id.startsWith( ENCODED ) ? JSON.parse( id.slice( 1 ) ) : id,
							receivedAt: String( r[ 1 ] ),
							values: r.slice( 2 ).map( ( v, i ) => table.columns[ i ].type === 'integer' && v !== null ? BigInt( v as string ) : v ),
						};
					} );
				}
				await client.query( 'COMMIT' );
				ended = true;
			} finally {
				// An error, or a reader that stopped early: the transaction (and its cursor) end here.
				if ( !ended ) {
					await client.query( 'ROLLBACK' ).catch( () => undefined );
				}
				client.release();
			}
		},
		async close() {
			await pool.end();
		},
	};
}
