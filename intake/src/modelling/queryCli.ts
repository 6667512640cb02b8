import Database from 'better-sqlite3';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { redactedUrl } from '../postgres/clusterMode';
import { isPostgresUrl, READ_TYPES } from '../postgres/postgresSink';
import type { ColumnRecord, TableRecord } from './tableStore';
import { sqliteTableExists } from '../sqliteTableExists';
import { pgTableExists } from '../postgres/tableExists';

const USAGE = `Usage: mp-query --store FILE|postgres://… [--json] [SQL]
Without SQL: lists the store's tables (the modelled tables with their stream, schema, columns, types,
privacy tags and descriptions; the raw events and the failed events).
With SQL: runs one statement read-only (SQLite: the file opened read-only; PostgreSQL: a READ ONLY
transaction, rolled back) and prints the rows (a table; --json: one JSON object per line).
  e.g. mp-query --store events.sqlite "SELECT day, COUNT(*) AS clicks FROM button_clicks_v1 GROUP BY day"`;

/** Longest cell printed in a table (the full value is in --json). */
const MAX_CELL = 60;

/** A store's tables as mp-query lists them. */
export interface StoreTables {
	/** The modelled tables (by name, then major version), with their row counts and defined columns. */
	modelled: { table: TableRecord; rows: number; columns: ColumnRecord[] }[];
	/** The raw events table's columns in words (they differ by store), or null when it does not exist. */
	events: string | null;
	/** Whether the failed events table exists. */
	failedEvents: boolean;
}

/** Rows a statement gave: column names in order, and each row's values in that order. */
interface QueryRows {
	names: string[];
	rows: unknown[][];
}

function firstLine( text: string ): string {
	const line = text.split( '\n' )[ 0 ];
	return line.length > 100 ? line.slice( 0, 100 ) + '…' : line;
}

/**
 * A store's tables in words: each modelled table with its columns, then the raw and failed events.
 *
 * @param store what the store holds (see sqliteTables, postgresTables)
 */
export function tablesDescription( store: StoreTables ): string {
	const lines: string[] = [];
	for ( const { table: t, rows: n, columns } of store.modelled ) {
		lines.push( `${ t.physical }  (stream ${ t.stream }; schema ${ t.schema_id }; ${ n } rows${ t.dedupe ? '; one row per event' : '; one row per copy received' })` );
		if ( t.description ) {
			lines.push( `  ${ firstLine( t.description ) }` );
		}
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
	if ( !store.modelled.length ) {
		lines.push( 'No modelled tables yet (define them with "tables" in a stream config or mp-intake --tables).' );
	}
	if ( store.events ) {
		lines.push( `events  (raw events: ${ store.events })` );
	}
	if ( store.failedEvents ) {
		lines.push( 'failed_events  (refused events: stream, received_at, meta_id, pageview_id, session_id, kind, path, schema_path, message)' );
	}
	return lines.join( '\n' );
}

/**
 * The tables of a SQLite store.
 *
 * @param db the store, read-only
 */
export function sqliteTables( db: Database.Database ): StoreTables {
	const has = ( name: string ): boolean => sqliteTableExists( db, name );
	const tables = has( 'mp_tables' ) ? db.prepare( 'SELECT * FROM mp_tables ORDER BY name, major' ).all() as TableRecord[] : [];
	return {
		modelled: tables.map( ( table ) => ( {
			table,
			rows: ( db.prepare( `SELECT COUNT(*) AS n FROM "${ table.physical }"` ).get() as { n: number } ).n,
			columns: db.prepare( 'SELECT * FROM mp_columns WHERE physical = ? ORDER BY position' ).all( table.physical ) as ColumnRecord[],
		} ) ),
		events: has( 'events' ) ? 'seq, t, id, stream, dt, body — the event as JSON; e.g. json_extract(body, \'$.page.id\')' : null,
		failedEvents: has( 'failed_events' ),
	};
}

/**
 * The tables of a PostgreSQL store (names ordered byte by byte, as SQLite orders them).
 *
 * @param client a connected client
 */
export async function postgresTables( client: Client ): Promise<StoreTables> {
	const has = ( name: string ): Promise<boolean> => pgTableExists( client, name );
	const tables = await has( 'mp_tables' ) ? ( await client.query<TableRecord>( 'SELECT * FROM mp_tables ORDER BY name COLLATE "C", major' ) ).rows : [];
	const modelled: StoreTables[ 'modelled' ] = [];
	for ( const table of tables ) {
		modelled.push( {
			table,
			rows: ( await client.query<{ n: number }>( `SELECT COUNT(*) AS n FROM "${ table.physical }"` ) ).rows[ 0 ].n,
			columns: ( await client.query<ColumnRecord>( 'SELECT * FROM mp_columns WHERE physical = $1 ORDER BY position', [ table.physical ] ) ).rows,
		} );
	}
	return {
		modelled,
		events: await has( 'events' ) ? 'seq, day, t, id, stream, dt, body — the event as json, partitioned by day; e.g. body->\'page\'->>\'id\'' : null,
		failedEvents: await has( 'failed_events' ),
	};
}

/**
 * The store's tables in words (see tablesDescription).
 *
 * @param db a SQLite store, read-only
 */
export function describeTables( db: Database.Database ): string {
	return tablesDescription( sqliteTables( db ) );
}

/**
 * Runs one statement on a SQLite store opened read-only (SQLite refuses any change).
 *
 * @param db the store
 * @param sql the statement
 * @return its rows, or the number of rows it changed
 */
function sqliteRows( db: Database.Database, sql: string ): QueryRows | number {
	const statement = db.prepare( sql );
	if ( !statement.reader ) {
		return statement.run().changes;
	}
	const names = statement.columns().map( ( c ) => c.name );
	return { names, rows: statement.raw( true ).all() as unknown[][] };
}

/**
 * Runs one statement on PostgreSQL in a READ ONLY transaction that is rolled back. It goes as a
 * prepared statement, which PostgreSQL takes as exactly one command: `COMMIT; DELETE …` is refused,
 * not run outside the transaction.
 *
 * @param client a connected client
 * @param sql the statement
 * @return its rows, or the number of rows it changed (0: PostgreSQL refuses changes here)
 */
async function postgresRows( client: Client, sql: string ): Promise<QueryRows | number> {
	await client.query( 'BEGIN TRANSACTION READ ONLY' );
	try {
		// A named statement is prepared (the extended protocol): one command only.
		const result = await client.query( { name: 'mp_query', text: sql, rowMode: 'array' } );
		return result.fields.length ? { names: result.fields.map( ( f ) => f.name ), rows: result.rows as unknown[][] } : result.rowCount || 0;
	} finally {
		await client.query( 'ROLLBACK' );
	}
}

function cell( value: unknown ): string {
	const text = value === null ? 'NULL' : Buffer.isBuffer( value ) ? `X'${ value.toString( 'hex' ) }'` : typeof value === 'object' ? JSON.stringify( value ) : String( value );
	return text.length > MAX_CELL ? text.slice( 0, MAX_CELL - 1 ) + '…' : text;
}

/**
 * Prints a statement's rows: a table of cells cut to {@link MAX_CELL} characters, or one JSON object a
 * row.
 *
 * @param result the rows
 * @param json one JSON object a line
 * @param print where lines go
 */
function printRows( result: QueryRows, json: boolean, print: ( line: string ) => void ): void {
	const { names, rows } = result;
	if ( json ) {
		rows.forEach( ( r ) => print( JSON.stringify( Object.fromEntries( names.map( ( n, i ) => [ n, r[ i ] ] ) ) ) ) );
		return;
	}
	const table = [ names ].concat( rows.map( ( r ) => names.map( ( _, i ) => cell( r[ i ] ) ) ) );
	const width = names.map( ( _, i ) => Math.max( ...table.map( ( r ) => r[ i ].length ) ) );
	table.forEach( ( r ) => print( r.map( ( c, i ) => c.padEnd( width[ i ] ) ).join( '  ' ).trimEnd() ) );
	print( `(${ rows.length } row${ rows.length === 1 ? '' : 's' })` );
}

/**
 * `mp-query`: lists the tables of a store, or runs one read-only SQL statement and prints its rows.
 *
 * @param argv arguments after the program name
 * @param print where output goes (default console.log)
 * @return the exit code
 * @throws {Error} when the store cannot be opened or the SQL fails (the database's message; a
 *  PostgreSQL URL's password is not in it)
 */
export async function queryMain( argv: string[], print: ( line: string ) => void = console.log ): Promise<number> {
	const { values, positionals } = parseArgs( {
		args: argv,
		allowPositionals: true,
		options: { store: { type: 'string', default: 'events.sqlite' }, json: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
	} );
	if ( values.help || positionals.length > 1 ) {
		print( USAGE );
		return values.help ? 0 : 2;
	}
	const store = values.store as string;
	let result: QueryRows | number;
	if ( isPostgresUrl( store ) ) {
		const client = new Client( { connectionString: store, types: READ_TYPES } );
		try {
			await client.connect();
			if ( !positionals.length ) {
				print( tablesDescription( await postgresTables( client ) ) );
				return 0;
			}
			result = await postgresRows( client, positionals[ 0 ] );
		} catch ( e ) {
			throw new Error( `${ redactedUrl( store ) }: ${ ( e as Error ).message }` );
		} finally {
			await client.end().catch( () => undefined );
		}
	} else {
		const db = new Database( store, { readonly: true, fileMustExist: true } );
		try {
			if ( !positionals.length ) {
				print( describeTables( db ) );
				return 0;
			}
			result = sqliteRows( db, positionals[ 0 ] );
		} finally {
			db.close();
		}
	}
	if ( typeof result === 'number' ) {
		print( `(${ result } rows changed)` );
	} else {
		printRows( result, values.json as boolean, print );
	}
	return 0;
}
