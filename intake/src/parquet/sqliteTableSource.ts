import Database from 'better-sqlite3';
import type { ColumnRecord, TableRecord } from '../modelling/tableStore';
import type { DaySummary, ModelledTableSource, SourceRow, SourceTable, SourceValue } from './tableSource';
import { sqliteTableExists } from '../sqliteTableExists';

/**
 * The rows of a day: through the `day` index, or by `received_at`'s day for tables without a `day` column.
 *
 * @param table the table
 */
function dayCondition( table: SourceTable ): string {
	return table.partitioned ? 'day = ?' : 'received_at >= ? AND received_at < ?';
}

function dayParameters( table: SourceTable, day: string ): string[] {
	if ( table.partitioned ) {
		return [ day ];
	}
	const next = new Date( Date.parse( day + 'T00:00:00Z' ) + 86400000 ).toISOString().slice( 0, 10 );
	return [ day, next ];
}

/**
 * The modelled tables of a SQLite store (see tableStore.ts: the catalogue `mp_tables`/`mp_columns`,
 * a table per definition and schema major version), read through a read-only connection of its own,
 * so the export runs beside a running intake (WAL: readers never block its writes). Each query reads
 * one consistent snapshot.
 *
 * @param file the store's SQLite file (must exist)
 * @throws {Error} when it cannot be opened
 */
export function createSqliteTableSource( file: string ): ModelledTableSource {
	const db = new Database( file, { readonly: true, fileMustExist: true } );
	const has = ( name: string ): boolean => sqliteTableExists( db, name );
	return {
		async tables() {
			if ( !has( 'mp_tables' ) ) {
				return [];
			}
			const tables = db.prepare( 'SELECT * FROM mp_tables ORDER BY physical' ).all() as TableRecord[];
			const columns = db.prepare( 'SELECT * FROM mp_columns WHERE physical = ? ORDER BY position' );
			const rewriting = new Set( has( 'mp_rehash' ) ? ( db.prepare( 'SELECT physical, name FROM mp_rehash' ).all() as { physical: string; name: string }[] ).map( ( r ) => `${ r.physical }.${ r.name }` ) : [] );
			return tables.filter( ( t ) => has( t.physical ) ).map( ( t ) => ( {
				physical: t.physical,
				stream: t.stream,
				partitioned: t.partition_by === 'day',
				columns: ( columns.all( t.physical ) as ColumnRecord[] ).map( ( c ) => Object.assign(
					{ name: c.name, type: c.type, privacy: c.privacy as SourceTable[ 'columns' ][ number ][ 'privacy' ] },
					rewriting.has( `${ t.physical }.${ c.name }` ) ? { rewriting: true } : {} ) ),
			} ) );
		},
		async daySummaries( table, until ) {
			const day = table.partitioned ? 'day' : 'substr(received_at, 1, 10)';
			const drop = table.columns.filter( ( c ) => c.privacy === 'drop' ).map( ( c ) => `COUNT("${ c.name }")` );
			const rows = db.prepare( `SELECT ${ day } AS day, COUNT(*) AS rows, MAX(received_at) AS last, ${ drop.length ? drop.join( ' + ' ) : '0' } AS held
				FROM "${ table.physical }" WHERE ${ day } < ? GROUP BY 1 ORDER BY 1` ).all( until ) as { day: string; rows: number; last: string; held: number }[];
			return new Map<string, DaySummary>( rows.map( ( r ) => [ r.day, { rows: r.rows, lastReceivedAt: r.last, dropHeld: r.held } ] ) );
		},
		async *rowsOfDay( table, day, pageSize ) {
			const names = [ 'event_id', 'received_at' ].concat( table.columns.map( ( c ) => c.name ) ).map( ( n ) => `"${ n }"` );
			// One statement, one snapshot; raw rows (arrays), in rowid order (the order written).
			const statement = db.prepare( `SELECT ${ names.join( ', ' ) } FROM "${ table.physical }" WHERE ${ dayCondition( table ) } ORDER BY rowid` ).raw( true );
			let page: SourceRow[] = [];
			for ( const r of statement.iterate( ...dayParameters( table, day ) ) as IterableIterator<SourceValue[]> ) {
				page.push( { eventId: String( r[ 0 ] ), receivedAt: String( r[ 1 ] ), values: r.slice( 2 ) } );
				if ( page.length === pageSize ) {
					yield page;
					page = [];
				}
			}
			if ( page.length ) {
				yield page;
			}
		},
		async close() {
			db.close();
		},
	};
}
