import Database from 'better-sqlite3';
import { parseArgs } from 'node:util';
import type { ColumnRecord, TableRecord } from './tableStore';

const USAGE = `Usage: mp-query --store FILE [--json] [SQL]
Without SQL: lists the store's tables (the modelled tables with their stream, schema, columns, types,
privacy tags and descriptions; the raw events and the failed events).
With SQL: runs it read-only and prints the rows (a table; --json: one JSON object per line).
  e.g. mp-query --store events.sqlite "SELECT day, COUNT(*) AS clicks FROM button_clicks_v1 GROUP BY day"`;

/** Longest cell printed in a table (the full value is in --json). */
const MAX_CELL = 60;

function firstLine( text: string ): string {
	const line = text.split( '\n' )[ 0 ];
	return line.length > 100 ? line.slice( 0, 100 ) + '…' : line;
}

/**
 * The store's tables in words: each modelled table with its columns, then the raw and failed events.
 *
 * @param db the store, read-only
 */
export function describeTables( db: Database.Database ): string {
	const has = ( name: string ): boolean => !!db.prepare( "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?" ).get( name );
	const lines: string[] = [];
	const tables = has( 'mp_tables' ) ? db.prepare( 'SELECT * FROM mp_tables ORDER BY name, major' ).all() as TableRecord[] : [];
	for ( const t of tables ) {
		const { n } = db.prepare( `SELECT COUNT(*) AS n FROM "${ t.physical }"` ).get() as { n: number };
		lines.push( `${ t.physical }  (stream ${ t.stream }; schema ${ t.schema_id }; ${ n } rows${ t.dedupe ? '; one row per event' : '; one row per copy received' })` );
		if ( t.description ) {
			lines.push( `  ${ firstLine( t.description ) }` );
		}
		const columns = db.prepare( 'SELECT * FROM mp_columns WHERE physical = ? ORDER BY position' ).all( t.physical ) as ColumnRecord[];
		const rows: [ string, string, string, string ][] = [ [ 'event_id', 'string', 'keep', 'meta.id of the event' ], [ 'received_at', 'string', 'keep', 'when the intake received it (ISO 8601, UTC)' ] ];
		if ( t.partition_by === 'day' ) {
			rows.push( [ 'day', 'string', 'keep', 'the UTC date of received_at (YYYY-MM-DD)' ] );
		}
		for ( const c of columns ) {
			rows.push( [ c.name, c.type, c.privacy === 'hash' ? 'hash (HMAC-SHA-256)' : c.privacy, `${ c.path }${ c.description ? ': ' + firstLine( c.description ) : '' }` ] );
		}
		const width = [ 0, 1, 2 ].map( ( i ) => Math.max( ...rows.map( ( r ) => r[ i ].length ) ) );
		for ( const r of rows ) {
			lines.push( `  ${ r[ 0 ].padEnd( width[ 0 ] ) }  ${ r[ 1 ].padEnd( width[ 1 ] ) }  ${ r[ 2 ].padEnd( width[ 2 ] ) }  ${ r[ 3 ] }` );
		}
	}
	if ( !tables.length ) {
		lines.push( 'No modelled tables yet (define them with "tables" in a stream config or mp-intake --tables).' );
	}
	if ( has( 'events' ) ) {
		lines.push( 'events  (raw events: seq, t, id, stream, dt, body — the event as JSON; e.g. json_extract(body, \'$.page.id\'))' );
	}
	if ( has( 'failed_events' ) ) {
		lines.push( 'failed_events  (refused events: stream, received_at, meta_id, pageview_id, session_id, kind, path, schema_path, message)' );
	}
	return lines.join( '\n' );
}

function cell( value: unknown ): string {
	const text = value === null ? 'NULL' : String( value );
	return text.length > MAX_CELL ? text.slice( 0, MAX_CELL - 1 ) + '…' : text;
}

/**
 * `mp-query`: lists the tables of a store, or runs one read-only SQL statement and prints its rows.
 *
 * @param argv arguments after the program name
 * @param print where output goes (default console.log)
 * @return the exit code
 * @throws {Error} when the store cannot be opened or the SQL fails (SQLite's message)
 */
export function queryMain( argv: string[], print: ( line: string ) => void = console.log ): number {
	const { values, positionals } = parseArgs( {
		args: argv,
		allowPositionals: true,
		options: { store: { type: 'string', default: 'events.sqlite' }, json: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
	} );
	if ( values.help || positionals.length > 1 ) {
		print( USAGE );
		return values.help ? 0 : 2;
	}
	const db = new Database( values.store as string, { readonly: true, fileMustExist: true } );
	try {
		if ( !positionals.length ) {
			print( describeTables( db ) );
			return 0;
		}
		const statement = db.prepare( positionals[ 0 ] );
		if ( !statement.reader ) {
			// The store is open read-only: SQLite refuses any change here.
			const { changes } = statement.run();
			print( `(${ changes } rows changed)` );
			return 0;
		}
		const rows = statement.all() as Record<string, unknown>[];
		if ( values.json ) {
			rows.forEach( ( r ) => print( JSON.stringify( r ) ) );
			return 0;
		}
		const names = rows.length ? Object.keys( rows[ 0 ] ) : [];
		const table = [ names ].concat( rows.map( ( r ) => names.map( ( n ) => cell( r[ n ] ) ) ) );
		const width = names.map( ( _, i ) => Math.max( ...table.map( ( r ) => r[ i ].length ) ) );
		table.forEach( ( r ) => print( r.map( ( c, i ) => c.padEnd( width[ i ] ) ).join( '  ' ).trimEnd() ) );
		print( `(${ rows.length } row${ rows.length === 1 ? '' : 's' })` );
		return 0;
	} finally {
		db.close();
	}
}
