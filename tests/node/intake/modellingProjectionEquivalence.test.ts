import Database from 'better-sqlite3';
import fc from 'fast-check';
import { deepStrictEqual, strictEqual } from 'node:assert';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createModelCatalog } from '../../../intake/src/modelling/modelCatalog';
import { parseTablesFile } from '../../../intake/src/modelling/parseTables';
import { compileFilter, compileGetter, compileProjector, createHasher, SqlValue } from '../../../intake/src/modelling/projection';
import { resolveColumns } from '../../../intake/src/modelling/schemaColumns';
import type { ColumnType, FieldCondition, FilterValue, RowFilter, TableDefinition } from '../../../intake/src/modelling/tableDefinition';
import { createSqliteSink } from '../../../intake/src/sqliteSink';

/*
 * The materialiser compiles each table's projection and filter once and writes rows with statements
 * of its own making (receive time bound once per batch, many rows per statement). These properties
 * hold it to a reference written here straight from the table definition's documented meaning: each
 * column's value read by its dotted path (own properties of objects only), converted to its type or
 * hashed; a row only for events that pass every filter condition (an absent field compares as null).
 */

const SECRET = Buffer.alloc( 32, 9 );

/** Path segments: plain names, and names an inherited property or an array has (never to be read). */
const SEGMENTS = [ 'a', 'b', 'id', '$x', 'constructor', '__proto__', 'toString', 'hasOwnProperty', 'length' ];

type Tree = null | boolean | number | string | Tree[] | { entries: [ string, Tree ][] };

/** JSON texts of events, built from key/value entries so that even `__proto__` is an own key (as JSON.parse makes it). */
const scalar = fc.oneof(
	fc.string( { maxLength: 4 } ), fc.constantFrom( 'x', '1', '' ), fc.integer(), fc.double( { noNaN: true, noDefaultInfinity: true } ),
	fc.constantFrom( 1e21, 2 ** 53 + 2, 0.5, 0 ), fc.boolean(), fc.constant( null ),
);
const { tree } = fc.letrec<{ tree: Tree }>( ( tie ) => ( {
	tree: fc.oneof( { depthSize: 'small', withCrossShrink: true },
		scalar,
		fc.array( tie( 'tree' ), { maxLength: 3 } ),
		fc.record( { entries: fc.array( fc.tuple( fc.constantFrom( ...SEGMENTS ), tie( 'tree' ) ), { maxLength: 6 } ) } ),
	),
} ) );

function jsonText( t: Tree ): string {
	if ( Array.isArray( t ) ) {
		return '[' + t.map( jsonText ).join( ',' ) + ']';
	}
	if ( t !== null && typeof t === 'object' ) {
		return '{' + t.entries.map( ( [ k, v ] ) => JSON.stringify( k ) + ':' + jsonText( v ) ).join( ',' ) + '}';
	}
	return JSON.stringify( t );
}

/** An event's fields (an object at the top), as JSON text. */
const eventFields = fc.array( fc.tuple( fc.constantFrom( ...SEGMENTS ), tree ), { maxLength: 8 } ).map( ( entries ) => jsonText( { entries } ) );

const eventPath = fc.array( fc.constantFrom( ...SEGMENTS ), { minLength: 1, maxLength: 4 } ).map( ( s ) => s.join( '.' ) );

const condition: fc.Arbitrary<FieldCondition> = fc.oneof(
	scalar.map( ( v ) => ( { equals: v } ) ),
	scalar.map( ( v ) => ( { not_equals: v } ) ),
	fc.array( scalar, { minLength: 1, maxLength: 3 } ).map( ( v ) => ( { in: v } ) ),
	fc.array( scalar, { minLength: 1, maxLength: 3 } ).map( ( v ) => ( { not_in: v } ) ),
	fc.boolean().map( ( v ) => ( { exists: v } ) ),
	fc.record( { equals: scalar, exists: fc.boolean() } ),
);

const tableDefinition = fc.record( {
	columns: fc.array( fc.record( {
		path: eventPath,
		type: fc.constantFrom<ColumnType | undefined>( 'string', 'integer', 'number', 'boolean', 'json', undefined ),
		privacy: fc.constantFrom( 'keep', 'hash', 'drop' ),
	} ), { minLength: 1, maxLength: 12 } ),
	filter: fc.option( fc.dictionary( eventPath, condition, { maxKeys: 3 } ) ),
	partition: fc.constantFrom( 'day', 'none' ),
} ).map( ( t ) => ( {
	name: 't',
	columns: t.columns.map( ( c, i ) => Object.assign( { name: `c${ i }`, path: c.path, privacy: c.privacy }, c.type ? { type: c.type } : {} ) ),
	partition: t.partition,
	...( t.filter ? { filter: t.filter } : {} ),
} ) );

/**
 * The table as the intake parses it (the definitions generated are all valid).
 *
 * @param definition a table definition
 */
function parsedTable( definition: unknown ): TableDefinition {
	const parsed = parseTablesFile( { s: { tables: [ definition ] } } );
	if ( parsed.problems.length ) {
		throw new Error( parsed.problems.join( '; ' ) );
	}
	return ( parsed.streams.get( 's' ) as { tables: TableDefinition[] } ).tables[ 0 ];
}

/**
 * Reference: the value at a dotted path, following own properties of (non-array) objects only.
 *
 * @param event an event
 * @param dotted a path
 */
function referenceValue( event: unknown, dotted: string ): unknown {
	let value = event;
	for ( const segment of dotted.split( '.' ) ) {
		if ( value === null || typeof value !== 'object' || Array.isArray( value ) || !Object.prototype.hasOwnProperty.call( value, segment ) ) {
			return undefined;
		}
		value = ( value as Record<string, unknown> )[ segment ];
	}
	return value;
}

/**
 * Reference: a column's stored value (see ColumnType and PrivacyTag).
 *
 * @param value the event's value
 * @param type the column's type
 * @param privacy the column's privacy tag
 */
function referenceColumn( value: unknown, type: ColumnType, privacy: string ): SqlValue {
	if ( value === undefined || value === null ) {
		return null;
	}
	if ( privacy === 'hash' ) {
		return createHmac( 'sha256', SECRET ).update( typeof value === 'string' ? value : JSON.stringify( value ) ).digest( 'hex' );
	}
	switch ( type ) {
		case 'string':
			return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String( value ) : null;
		case 'integer':
			return typeof value === 'number' && Number.isInteger( value ) ? value : null;
		case 'number':
			return typeof value === 'number' && Number.isFinite( value ) ? value : null;
		case 'boolean':
			return typeof value === 'boolean' ? ( value ? 1 : 0 ) : null;
		default:
			return JSON.stringify( value );
	}
}

/**
 * Reference: whether an event passes a row filter (an absent field compares as null).
 *
 * @param event an event
 * @param filter the table's filter
 */
function referencePasses( event: unknown, filter: RowFilter | null ): boolean {
	return Object.entries( filter || {} ).every( ( [ dotted, c ] ) => {
		const found = referenceValue( event, dotted );
		const value = found === undefined ? null : found;
		return ( c.equals === undefined || value === c.equals ) &&
			( c.not_equals === undefined || value !== c.not_equals ) &&
			( c.in === undefined || c.in.includes( value as FilterValue ) ) &&
			( c.not_in === undefined || !c.not_in.includes( value as FilterValue ) ) &&
			( c.exists === undefined || c.exists === ( value !== null ) );
	} );
}

function referenceRow( event: unknown, table: TableDefinition ): SqlValue[] {
	const { columns } = resolveColumns( table, null, '/x/1.0.0' );
	return columns.map( ( c ) => referenceColumn( referenceValue( event, c.path ), c.type, c.privacy ) );
}

QUnit.module( 'modelling: the compiled projection equals the reference projection', () => {
	QUnit.test( 'row values and filter verdicts, for random tables and events', ( assert ) => {
		fc.assert( fc.property( tableDefinition, fc.array( eventFields, { minLength: 1, maxLength: 5 } ), ( definition, texts ) => {
			const table = parsedTable( definition );
			const { columns } = resolveColumns( table, null, '/x/1.0.0' );
			const project = compileProjector( columns, createHasher( SECRET ) );
			const passes = compileFilter( table.filter );
			// Rows written side by side into one array, at an offset, as the materialiser does.
			const out: SqlValue[] = [ 'before' ];
			const events = texts.map( ( t ) => JSON.parse( t ) as unknown );
			events.forEach( ( event, i ) => project( event, out, 1 + i * columns.length ) );
			events.forEach( ( event, i ) => {
				deepStrictEqual( out.slice( 1 + i * columns.length, 1 + ( i + 1 ) * columns.length ), referenceRow( event, table ), `row of ${ texts[ i ] }` );
				strictEqual( passes( event ), referencePasses( event, table.filter ), `filter verdict on ${ texts[ i ] }` );
			} );
			strictEqual( out[ 0 ], 'before' );
			strictEqual( out.length, 1 + events.length * columns.length );
		} ), { numRuns: 400 } );
		assert.true( true, 'no difference found' );
	} );

	QUnit.test( 'a getter reads any segment names as names: quotes, backslashes, line separators, code', ( assert ) => {
		// compileGetter generates a function per path: no name may be taken as code. Names here go past
		// what a definition allows (letters, digits, _, $), as the getter is exported.
		const name = fc.oneof( fc.string( { unit: 'grapheme', maxLength: 6 } ), fc.constantFrom( '"', "'", '\\', '`', '${x}', '\u2028', '\u2029', '"]; globalThis.mpInjected = 1; //', '__proto__', 'constructor' ) )
			.filter( ( n ) => !n.includes( '.' ) );
		fc.assert( fc.property( fc.array( name, { minLength: 1, maxLength: 4 } ), fc.boolean(), ( segments, present ) => {
			// The event holds the path when `present` (the last value a marker), else only its first name.
			let value: unknown = { marker: true };
			for ( let i = segments.length - 1; i >= ( present ? 0 : 1 ); i-- ) {
				value = Object.defineProperty( {}, segments[ i ], { value, enumerable: true } );
			}
			const event = present ? value : Object.defineProperty( {}, segments[ 0 ], { value: 7, enumerable: true } );
			const dotted = segments.join( '.' );
			deepStrictEqual( compileGetter( dotted )( event ), referenceValue( event, dotted ), `path ${ JSON.stringify( segments ) }` );
		} ), { numRuns: 500 } );
		assert.strictEqual( ( globalThis as Record<string, unknown> ).mpInjected, undefined, 'no name ran as code' );
	} );

	QUnit.test( 'the rows in the store: every passing event once, its receive time, day and values, in order', async ( assert ) => {
		const dir = mkdtempSync( path.join( os.tmpdir(), 'mp-projection-' ) );
		try {
			let run = 0;
			await fc.assert( fc.asyncProperty(
				tableDefinition,
				// Wide tables too: their rows go in several statements per batch.
				fc.integer( { min: 0, max: 40 } ),
				// Runs of events alike (drawn from a few texts): a column then often holds one value in every
				// row of a statement (bound once for it) and another in the next statement.
				fc.array( eventFields, { minLength: 1, maxLength: 4 } ),
				fc.array( fc.tuple( fc.nat(), fc.integer( { min: 1, max: 70 } ), fc.constantFrom( '2026-11-29T23:59:59.999Z', '2026-11-30T00:00:00.000Z', '2026-11-30T08:00:00.000Z' ) ), { minLength: 1, maxLength: 6 } ),
				fc.boolean(),
				async ( definition, extraColumns, texts, runs, oneTime ) => {
					const items = runs.flatMap( ( [ pick, length, dt ] ) => new Array( length ).fill( [ texts[ pick % texts.length ], dt ] ) as [ string, string ][] );
					run++;
					for ( let i = 0; i < extraColumns; i++ ) {
						definition.columns.push( { name: `w${ i }`, path: 'a', privacy: 'keep', type: 'string' } );
					}
					const table = parsedTable( definition );
					const file = path.join( dir, `run${ run }.sqlite` );
					const sink = createSqliteSink( file, { hashSecret: SECRET, log: () => undefined } );
					( sink.setModels as NonNullable<typeof sink.setModels> )( createModelCatalog( null, parseTablesFile( { s: { tables: [ definition ] } } ) ), () => null );
					// One receive time for the whole write (a request), or each event its own.
					const events = items.map( ( [ text, dt ], i ) => Object.assign( JSON.parse( text ) as Record<string, unknown>, {
						$schema: '/x/1.0.0',
						dt: '2026-11-30T00:00:00.000Z',
						meta: { stream: 's', id: `e${ i }`, dt: oneTime ? items[ 0 ][ 1 ] : dt },
					} ) );
					await sink.write( events );
					await sink.close();
					const db = new Database( file, { readonly: true } );
					const exists = db.prepare( "SELECT 1 FROM sqlite_master WHERE name = 't_v1'" ).get();
					const rows = exists ? db.prepare( 'SELECT * FROM t_v1 ORDER BY rowid' ).raw().all() as SqlValue[][] : [];
					db.close();
					const expected = events.filter( ( e ) => referencePasses( e, table.filter ) ).map( ( e ) => {
						const meta = e.meta as { id: string; dt: string };
						return ( [ meta.id, meta.dt ] as SqlValue[] ).concat( table.partition === 'day' ? [ meta.dt.slice( 0, 10 ) ] : [], referenceRow( e, table ) );
					} );
					deepStrictEqual( rows, expected, `table ${ JSON.stringify( definition ) }` );
				},
			), { numRuns: 60 } );
			assert.true( true, 'no difference found' );
		} finally {
			rmSync( dir, { recursive: true, force: true } );
		}
	} );
} );
