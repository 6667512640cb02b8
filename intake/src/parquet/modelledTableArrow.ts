import { Bool, DataType, Float64, Int64, Table, TimestampMillisecond, Utf8, Vector, vectorFromArray } from 'apache-arrow';
import type { ColumnType } from '../modelling/tableDefinition';
import type { SourceRow, SourceTable, SourceValue } from './tableSource';

/**
 * The Parquet type of each column type of a modelled table (through Arrow; every column nullable):
 *
 * | column type | store (SQLite / PostgreSQL) | Parquet (logical type)               | DuckDB / Spark reads   |
 * |-------------|-----------------------------|--------------------------------------|------------------------|
 * | `string`    | TEXT / text                 | BYTE_ARRAY (STRING, UTF-8)           | VARCHAR / string       |
 * | `integer`   | INTEGER / bigint            | INT64 (INTEGER(64, signed))          | BIGINT / bigint        |
 * | `number`    | REAL / double precision     | DOUBLE                               | DOUBLE / double        |
 * | `boolean`   | INTEGER 0/1 / boolean       | BOOLEAN                              | BOOLEAN / boolean      |
 * | `json`      | TEXT / text (JSON text)     | BYTE_ARRAY (STRING, the JSON text)   | VARCHAR / string       |
 *
 * `hash` columns are `string` (the hex HMAC-SHA-256, never the value). The system columns: `event_id`
 * a string; `received_at` a TIMESTAMP (ms, isAdjustedToUTC = true: TIMESTAMP WITH TIME ZONE in DuckDB,
 * timestamp in Spark); `day` is not a column of the files but their Hive partition `dt=YYYY-MM-DD` (a
 * column of the same name as a partition clashes in those engines).
 *
 * An `integer` outside INT64 (a JSON number beyond ±2^63, which SQLite keeps as REAL) is written as
 * NULL, as PostgreSQL's bigint cannot hold it either.
 */
export const PARQUET_TYPES: Readonly<Record<ColumnType, string>> = {
	string: 'STRING',
	integer: 'INT64',
	number: 'DOUBLE',
	boolean: 'BOOLEAN',
	json: 'STRING (JSON text)',
};

const INT64_LIMIT = 2 ** 63;
const INT64_MAX = BigInt( '9223372036854775807' );
const INT64_MIN = -INT64_MAX - BigInt( 1 );
const ZERO = BigInt( 0 );
const ONE = BigInt( 1 );

function asString( v: SourceValue ): string | null {
	return v === null ? null : String( v );
}

function asInt64( v: SourceValue ): bigint | null {
	if ( typeof v === 'bigint' ) {
		return v >= INT64_MIN && v <= INT64_MAX ? v : null;
	}
	return typeof v === 'number' && Number.isInteger( v ) && v >= -INT64_LIMIT && v < INT64_LIMIT ? BigInt( v ) : null;
}

function asDouble( v: SourceValue ): number | null {
	return typeof v === 'number' ? v : typeof v === 'bigint' ? Number( v ) : null;
}

function asBoolean( v: SourceValue ): boolean | null {
	// SQLite keeps booleans as 1/0.
	return typeof v === 'boolean' ? v : v === 1 || v === 0 || v === ONE || v === ZERO ? v === 1 || v === ONE : null;
}

function vectorOf( type: ColumnType, values: SourceValue[] ): Vector<DataType> {
	switch ( type ) {
		case 'integer':
			return vectorFromArray( values.map( asInt64 ), new Int64() );
		case 'number':
			return vectorFromArray( values.map( asDouble ), new Float64() );
		case 'boolean':
			return vectorFromArray( values.map( asBoolean ), new Bool() );
		default:
			return vectorFromArray( values.map( asString ), new Utf8() );
	}
}

/**
 * An Arrow table of a modelled table's rows: `event_id`, `received_at`, then the defined columns in
 * the table's order, typed as {@link PARQUET_TYPES} says.
 *
 * @param table the table's columns
 * @param rows its rows
 */
export function modelledArrowTable( table: SourceTable, rows: readonly SourceRow[] ): Table {
	const vectors: Record<string, Vector<DataType>> = {
		event_id: vectorFromArray( rows.map( ( r ) => r.eventId ), new Utf8() ),
		received_at: vectorFromArray( rows.map( ( r ) => {
			const ms = Date.parse( r.receivedAt );
			return Number.isNaN( ms ) ? null : new Date( ms );
		} ), new TimestampMillisecond( 'UTC' ) ),
	};
	table.columns.forEach( ( column, i ) => {
		vectors[ column.name ] = vectorOf( column.type, rows.map( ( r ) => r.values[ i ] ) );
	} );
	return new Table( vectors );
}
