import type Database from 'better-sqlite3';
import type { SqlValue } from './projection';

/** Rows an INSERT takes at most (a power of two: see {@link createRowWriter}). */
const LARGEST_CHUNK = 64;

/**
 * Values an INSERT binds at most: they are passed to better-sqlite3 as arguments (which binds them
 * about a fifth faster per row than from an array), so their number is kept well below what a call
 * can take; far below SQLite's 32,766 too.
 */
const VALUES_PER_STATEMENT = 2000;

/** Rows from which values shared by every row of a chunk are bound once (fewer: nothing to gain). */
export const MIN_ROWS_SHARING = 8;

/** Prepared INSERTs a table keeps (the least recently used goes first). */
export const STATEMENTS_KEPT = 16;

/** Inserts rows into one table. */
export interface RowWriter {
	/** Rows one INSERT takes at most: a caller gathering rows inserts when it has this many. */
	readonly chunkRows: number;
	/**
	 * Inserts rows in order (row after row in `values`, `width` values each: the INSERT's columns).
	 *
	 * @param values the rows' values (only the first `rows * width` are read)
	 * @param rows how many rows
	 * @throws {Error} what SQLite throws (a constraint, a full disk); rows of earlier statements stay
	 *  inserted, within the caller's transaction
	 */
	insert( values: readonly SqlValue[], rows: number ): void;
}

/**
 * Which columns hold the same value (`Object.is`) in every row of a chunk: one character per column,
 * `1` for shared, or `''` when none is.
 *
 * @param values rows' values, `width` each
 * @param first the chunk's first row
 * @param rows the chunk's rows
 * @param width values per row
 */
export function sharedColumns( values: readonly SqlValue[], first: number, rows: number, width: number ): string {
	let shared = '';
	let any = false;
	const start = first * width;
	const end = start + rows * width;
	for ( let c = 0; c < width; c++ ) {
		const value = values[ start + c ];
		let same = true;
		for ( let at = start + width + c; at < end && same; at += width ) {
			same = Object.is( values[ at ], value );
		}
		shared += same ? '1' : '0';
		any = any || same;
	}
	return any ? shared : '';
}

/**
 * The writer of a table's rows, with multi-row INSERTs: one statement and one call into SQLite for up
 * to {@link LARGEST_CHUNK} rows, and in a chunk of at least {@link MIN_ROWS_SHARING} rows, a value that
 * every row has (the receive time and day of one request; a page's id, title, wiki and skin; a hashed
 * session id) is bound once, as a named parameter the rows share, instead of once per row: binding a
 * string costs about 0.2–0.3 µs in better-sqlite3 (a UTF-8 copy into SQLite), more than SQLite's
 * work to store it. The rows stored are the same either way.
 *
 * Chunks have a power-of-two number of rows (a write of 100 rows is 64 + 32 + 4), so a table needs
 * few statements whatever sizes its writes have; each is prepared when first needed and at most
 * {@link STATEMENTS_KEPT} are kept (a statement for 64 rows of 16 columns takes about 100 KB).
 *
 * @param db the store
 * @param head the INSERT's start: `INSERT INTO "t" (…) VALUES `
 * @param width the number of columns it names
 * @throws {Error} when the table cannot take rows (the statement for one row is prepared at once)
 */
export function createRowWriter( db: Database.Database, head: string, width: number ): RowWriter {
	let chunkRows = 1;
	while ( chunkRows * 2 <= LARGEST_CHUNK && chunkRows * 2 * width <= VALUES_PER_STATEMENT ) {
		chunkRows *= 2;
	}
	const names = Array.from( { length: width }, ( _, c ) => `c${ c }` );
	const statements = new Map<string, Database.Statement>();

	function statement( rows: number, shared: string ): Database.Statement {
		const key = `${ rows }:${ shared }`;
		let prepared = statements.get( key );
		if ( prepared ) {
			statements.delete( key );
		} else {
			const row = '(' + names.map( ( name, c ) => shared[ c ] === '1' ? '@' + name : '?' ).join( ', ' ) + ')';
			prepared = db.prepare( head + new Array( rows ).fill( row ).join( ', ' ) );
			if ( statements.size >= STATEMENTS_KEPT ) {
				statements.delete( statements.keys().next().value as string );
			}
		}
		statements.set( key, prepared );
		return prepared;
	}

	function insertChunk( values: readonly SqlValue[], first: number, rows: number ): void {
		const shared = rows >= MIN_ROWS_SHARING ? sharedColumns( values, first, rows, width ) : '';
		const prepared = statement( rows, shared );
		const start = first * width;
		const end = start + rows * width;
		if ( !shared ) {
			prepared.run( ...values.slice( start, end ) );
			return;
		}
		const named: Record<string, SqlValue> = {};
		const each: number[] = [];
		for ( let c = 0; c < width; c++ ) {
			if ( shared[ c ] === '1' ) {
				named[ names[ c ] ] = values[ start + c ];
			} else {
				each.push( c );
			}
		}
		const positional: SqlValue[] = new Array( rows * each.length );
		let i = 0;
		for ( let at = start; at < end; at += width ) {
			for ( let k = 0; k < each.length; k++ ) {
				positional[ i++ ] = values[ at + each[ k ] ];
			}
		}
		prepared.run( ...positional, named );
	}

	statement( 1, '' );
	return {
		chunkRows,
		insert( values, rows ) {
			for ( let first = 0; first < rows; ) {
				let n = chunkRows;
				while ( n > rows - first ) {
					n >>= 1;
				}
				insertChunk( values, first, n );
				first += n;
			}
		},
	};
}
