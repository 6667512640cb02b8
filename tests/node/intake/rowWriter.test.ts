import Database from 'better-sqlite3';
import { createRowWriter, MIN_ROWS_SHARING, sharedColumns } from '../../../intake/src/modelling/rowWriter';
import type { SqlValue } from '../../../intake/src/modelling/projection';

const HEAD = 'INSERT INTO t (a, b, c, d) VALUES ';

/**
 * An in-memory store with table t, whose INSERTs prepared are recorded.
 */
function store(): { db: Database.Database; prepared: string[] } {
	const db = new Database( ':memory:' );
	db.exec( 'CREATE TABLE t (a, b, c, d)' );
	const prepared: string[] = [];
	const prepare = db.prepare.bind( db );
	db.prepare = ( ( sql: string ) => {
		if ( sql.startsWith( 'INSERT' ) ) {
			prepared.push( sql );
		}
		return prepare( sql );
	} ) as typeof db.prepare;
	return { db, prepared };
}

function rowsOf( db: Database.Database ): SqlValue[][] {
	return db.prepare( 'SELECT a, b, c, d FROM t ORDER BY rowid' ).raw().all() as SqlValue[][];
}

QUnit.module( 'modelling: the row writer', () => {
	QUnit.test( 'which columns every row of a chunk shares: same value by Object.is, none gives ""', ( assert ) => {
		const values: SqlValue[] = [
			'e1', 'x', null, 0,
			'e2', 'x', null, -0,
			'e3', 'x', null, 0,
		];
		assert.strictEqual( sharedColumns( values, 0, 3, 4 ), '0110', '-0 and 0 are different values to store' );
		assert.strictEqual( sharedColumns( values, 1, 1, 4 ), '1111', 'one row shares every value with itself' );
		assert.strictEqual( sharedColumns( [ 1, 'x', 2, 3, '1', 'x', 2, 3 ], 0, 2, 4 ), '0111', 'the number 1 is not the text "1"' );
		assert.strictEqual( sharedColumns( [ 1, 2, 3, 4 ], 0, 2, 2 ), '', 'none shared' );
	} );

	QUnit.test( 'rows are stored as given, in order, whether values are bound once for the chunk or per row', ( assert ) => {
		const { db } = store();
		const writer = createRowWriter( db, HEAD, 4 );
		// 100 rows: chunks of 64, 32 and 4 rows; b, c and d are shared in the first chunk, only c in the second.
		const expected: SqlValue[][] = Array.from( { length: 100 }, ( _, i ) => [
			`e${ i }`,
			i < 64 ? 'same text' : `b${ i % 3 }`,
			null,
			i < 64 ? 7.5 : i,
		] );
		writer.insert( expected.flat(), 100 );
		assert.deepEqual( rowsOf( db ), expected );
		assert.true( MIN_ROWS_SHARING > 1 );
	} );

	QUnit.test( 'writes of every size from 1 to 100 rows need at most 7 statements (sizes are powers of two)', ( assert ) => {
		const { db, prepared } = store();
		const writer = createRowWriter( db, HEAD, 4 );
		const expected: SqlValue[][] = [];
		for ( let size = 1; size <= 100; size++ ) {
			const rows = Array.from( { length: size }, ( _, i ) => [ `e${ size }-${ i }`, i, `c${ i }`, size * 1000 + i ] as SqlValue[] );
			writer.insert( rows.flat(), size );
			expected.push( ...rows );
		}
		assert.deepEqual( rowsOf( db ), expected, 'every row, in order' );
		const sizes = new Set( prepared.map( ( sql ) => sql.split( '),' ).length ) );
		assert.deepEqual( Array.from( sizes ).sort( ( a, b ) => a - b ), [ 1, 2, 4, 8, 16, 32, 64 ] );
		assert.strictEqual( prepared.length, 7, 'each prepared once' );
	} );

	QUnit.test( 'a wide table takes fewer rows a statement (values a statement binds are bounded)', ( assert ) => {
		const db = new Database( ':memory:' );
		const names = Array.from( { length: 300 }, ( _, i ) => `c${ i }` );
		db.exec( `CREATE TABLE w (${ names.join( ', ' ) })` );
		const writer = createRowWriter( db, `INSERT INTO w (${ names.join( ', ' ) }) VALUES `, 300 );
		assert.strictEqual( writer.chunkRows, 4, '4 × 300 values ≤ 2,000 < 8 × 300' );
		const values = Array.from( { length: 9 * 300 }, ( _, i ) => i );
		writer.insert( values, 9 );
		assert.strictEqual( ( db.prepare( 'SELECT COUNT(*) AS n FROM w' ).get() as { n: number } ).n, 9 );
		assert.strictEqual( ( db.prepare( 'SELECT c299 FROM w ORDER BY rowid DESC LIMIT 1' ).get() as { c299: number } ).c299, 9 * 300 - 1 );
	} );

	QUnit.test( 'a table that cannot take rows is found when the writer is made', ( assert ) => {
		const db = new Database( ':memory:' );
		assert.throws( () => createRowWriter( db, HEAD, 4 ), /no such table: t/ );
	} );
} );
