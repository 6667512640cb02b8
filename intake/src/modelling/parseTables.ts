import {
	COLUMN_TYPES, ColumnDefinition, ColumnType, DEFAULT_RETENTION_DAYS, FieldCondition, FILTER_OPERATORS, FilterValue,
	MAX_RETENTION_DAYS, PRIVACY_TAGS, PrivacyTag, RowFilter, StreamModel, SYSTEM_COLUMNS, TableDefinition,
} from './tableDefinition';
import { parseChecks } from '../quality/checkDefinition';

/** What parsing made of a stream's modelling: the usable part, and one message per problem. */
export interface ParsedStreamModel {
	/** Retention (the default when missing or invalid) and the tables that have no problem. */
	model: StreamModel;
	/** One message per problem, naming the field (`tables[0].columns[1].privacy: …`); a table with a problem is left out. */
	problems: string[];
}

/** Table names: a letter, then letters, digits or `_` (SQLite names that need no quoting). */
const TABLE_NAME = /^[a-z][a-z0-9_]{0,47}$/;
/** Column names. */
const COLUMN_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
/** One segment of an event path. */
const PATH_SEGMENT = /^[A-Za-z_$][A-Za-z0-9_$]{0,63}$/;
const MAX_PATH_SEGMENTS = 8;
const MAX_COLUMNS = 200;
const MAX_TABLES = 20;
const MAX_FILTER_FIELDS = 20;
const MAX_FILTER_LIST = 100;
const MAX_TEXT = 2000;
/** Names SQLite gives every table, and names a column could clash with in the intake's own SQL. */
const RESERVED_COLUMNS = new Set( [ ...SYSTEM_COLUMNS, 'rowid', 'oid', '_rowid_' ] );

const TABLE_KEYS = [ 'name', 'description', 'columns', 'filter', 'dedupe', 'partition', 'checks' ];
const COLUMN_KEYS = [ 'name', 'path', 'type', 'description', 'privacy' ];

type Json = Record<string, unknown>;

function isObject( value: unknown ): value is Json {
	return !!value && typeof value === 'object' && !Array.isArray( value );
}

/**
 * A value from the input, quoted and cut for a message.
 *
 * @param value
 */
function show( value: unknown ): string {
	let text: string;
	try {
		text = JSON.stringify( value ) ?? String( value );
	} catch ( e ) {
		text = String( value );
	}
	return text.length > 60 ? text.slice( 0, 60 ) + '…' : text;
}

function oneOf( list: readonly string[] ): string {
	return list.slice( 0, -1 ).join( ', ' ) + ' or ' + list[ list.length - 1 ];
}

/**
 * Whether `path` is a dotted event path (`page.id`): 1 to 8 segments of letters, digits, `_`, `$`.
 *
 * @param path
 */
export function isEventPath( path: unknown ): path is string {
	if ( typeof path !== 'string' ) {
		return false;
	}
	const segments = path.split( '.' );
	return segments.length <= MAX_PATH_SEGMENTS && segments.every( ( s ) => PATH_SEGMENT.test( s ) );
}

/**
 * The default column name of a path: `.` → `_`, lower case (`page.namespace_id` → `page_namespace_id`).
 *
 * @param path an event path
 */
export function defaultColumnName( path: string ): string {
	return path.replace( /\./g, '_' ).replace( /\$/g, '' ).toLowerCase();
}

function unknownKeys( value: Json, allowed: readonly string[], where: string, problems: string[] ): void {
	for ( const key of Object.keys( value ) ) {
		if ( !allowed.includes( key ) ) {
			problems.push( `${ where }: unknown field ${ show( key ) } (expected ${ oneOf( allowed ) })` );
		}
	}
}

function optionalText( value: Json, key: string, where: string, problems: string[] ): string | null {
	const text = value[ key ];
	if ( text === undefined ) {
		return null;
	}
	if ( typeof text !== 'string' || !text || text.length > MAX_TEXT ) {
		problems.push( `${ where }.${ key }: ${ show( text ) } is not a text of 1 to ${ MAX_TEXT } characters` );
		return null;
	}
	return text;
}

function isFilterValue( value: unknown ): value is FilterValue {
	return value === null || typeof value === 'string' || typeof value === 'boolean' || ( typeof value === 'number' && Number.isFinite( value ) );
}

function parseCondition( value: unknown, where: string, problems: string[] ): FieldCondition | null {
	if ( !isObject( value ) || !Object.keys( value ).length ) {
		problems.push( `${ where }: ${ show( value ) } is not an object of conditions (${ oneOf( FILTER_OPERATORS ) })` );
		return null;
	}
	const before = problems.length;
	const condition: FieldCondition = {};
	for ( const [ op, operand ] of Object.entries( value ) ) {
		if ( op === 'equals' || op === 'not_equals' ) {
			if ( isFilterValue( operand ) ) {
				condition[ op ] = operand;
			} else {
				problems.push( `${ where }.${ op }: ${ show( operand ) } is not a string, number, boolean or null` );
			}
		} else if ( op === 'in' || op === 'not_in' ) {
			if ( Array.isArray( operand ) && operand.length <= MAX_FILTER_LIST && operand.every( isFilterValue ) ) {
				condition[ op ] = operand.slice();
			} else {
				problems.push( `${ where }.${ op }: ${ show( operand ) } is not a list of at most ${ MAX_FILTER_LIST } strings, numbers, booleans or nulls` );
			}
		} else if ( op === 'exists' ) {
			if ( typeof operand === 'boolean' ) {
				condition.exists = operand;
			} else {
				problems.push( `${ where }.exists: ${ show( operand ) } is not true or false` );
			}
		} else {
			problems.push( `${ where }: unknown operator ${ show( op ) } (expected ${ oneOf( FILTER_OPERATORS ) })` );
		}
	}
	return problems.length === before ? condition : null;
}

function parseFilter( value: unknown, where: string, problems: string[] ): RowFilter | null {
	if ( value === undefined ) {
		return null;
	}
	if ( !isObject( value ) || Object.keys( value ).length > MAX_FILTER_FIELDS ) {
		problems.push( `${ where }: ${ show( value ) } is not an object of at most ${ MAX_FILTER_FIELDS } event paths → conditions` );
		return null;
	}
	const filter: RowFilter = Object.create( null );
	for ( const [ path, condition ] of Object.entries( value ) ) {
		if ( !isEventPath( path ) ) {
			problems.push( `${ where }: ${ show( path ) } is not an event path (dotted, e.g. "performer.is_bot")` );
			continue;
		}
		const parsed = parseCondition( condition, `${ where }[${ JSON.stringify( path ) }]`, problems );
		if ( parsed ) {
			filter[ path ] = parsed;
		}
	}
	return filter;
}

function parseColumn( value: unknown, where: string, problems: string[] ): ColumnDefinition | null {
	if ( !isObject( value ) ) {
		problems.push( `${ where }: ${ show( value ) } is not an object with a "path"` );
		return null;
	}
	const before = problems.length;
	unknownKeys( value, COLUMN_KEYS, where, problems );
	const path = value.path;
	if ( !isEventPath( path ) ) {
		problems.push( `${ where }.path: ${ show( path ) } is not an event path (dotted, e.g. "page.id")` );
		return null;
	}
	const name = value.name === undefined ? defaultColumnName( path ) : value.name;
	if ( typeof name !== 'string' || !COLUMN_NAME.test( name ) ) {
		problems.push( `${ where }.name: ${ show( name ) } is not a column name (lower-case letters, digits and _, not starting with a digit, at most 63)${ value.name === undefined ? '; give one' : '' }` );
	} else if ( RESERVED_COLUMNS.has( name ) ) {
		problems.push( `${ where }.name: "${ name }" is reserved (every table has ${ oneOf( SYSTEM_COLUMNS ) }); choose another name` );
	}
	const type = value.type;
	if ( type !== undefined && !COLUMN_TYPES.includes( type as ColumnType ) ) {
		problems.push( `${ where }.type: ${ show( type ) } is not ${ oneOf( COLUMN_TYPES ) }` );
	}
	const privacy = value.privacy;
	if ( privacy !== undefined && !PRIVACY_TAGS.includes( privacy as PrivacyTag ) ) {
		problems.push( `${ where }.privacy: ${ show( privacy ) } is not ${ oneOf( PRIVACY_TAGS ) }` );
	}
	const description = optionalText( value, 'description', where, problems );
	const checks = parseChecks( value.checks, `${ where }.checks` );
	problems.push( ...checks.problems );
	if ( problems.length > before ) {
		return null;
	}
	return {
		name: name as string,
		path,
		type: ( type as ColumnType | undefined ) || null,
		description,
		privacy: ( privacy as PrivacyTag | undefined ) || 'keep',
		privacyTagged: privacy !== undefined,
	};
}

/**
 * Parses one table definition.
 *
 * @param value untrusted input
 * @param where how messages name it (`tables[0]`)
 * @param problems receives one message per problem
 * @return the table, or null when it has a problem (a problem of one of its checks only leaves that
 *  check out: see TableDefinition.unusableChecks)
 */
export function parseTable( value: unknown, where: string, problems: string[] ): TableDefinition | null {
	if ( !isObject( value ) ) {
		problems.push( `${ where }: ${ show( value ) } is not an object with "name" and "columns"` );
		return null;
	}
	const before = problems.length;
	unknownKeys( value, TABLE_KEYS, where, problems );
	const name = value.name;
	if ( typeof name !== 'string' || !TABLE_NAME.test( name ) ) {
		problems.push( `${ where }.name: ${ show( name ) } is not a table name (a lower-case letter, then lower-case letters, digits and _, at most 48)` );
	}
	const columns: ColumnDefinition[] = [];
	if ( !Array.isArray( value.columns ) || !value.columns.length || value.columns.length > MAX_COLUMNS ) {
		problems.push( `${ where }.columns: ${ show( value.columns ) } is not a list of 1 to ${ MAX_COLUMNS } columns` );
	} else {
		const names = new Set<string>();
		value.columns.forEach( ( c, i ) => {
			const column = parseColumn( c, `${ where }.columns[${ i }]`, problems );
			if ( column && names.has( column.name ) ) {
				problems.push( `${ where }.columns[${ i }].name: "${ column.name }" is used by an earlier column; give this one another name` );
			} else if ( column ) {
				names.add( column.name );
				columns.push( column );
			}
		} );
	}
	const filter = parseFilter( value.filter, `${ where }.filter`, problems );
	if ( value.dedupe !== undefined && typeof value.dedupe !== 'boolean' ) {
		problems.push( `${ where }.dedupe: ${ show( value.dedupe ) } is not true or false` );
	}
	if ( value.partition !== undefined && value.partition !== 'day' && value.partition !== 'none' ) {
		problems.push( `${ where }.partition: ${ show( value.partition ) } is not "day" or "none"` );
	}
	const description = optionalText( value, 'description', where, problems );
	const unusableTable = problems.length > before;
	// A bad check is reported, but leaves the table and its other checks working: a quality run
	// reports it as "error" (e.g. a check kind this intake does not know yet).
	const checks = parseChecks( value.checks, `${ where }.checks` );
	problems.push( ...checks.problems );
	if ( unusableTable ) {
		return null;
	}
	const table: TableDefinition = {
		name: name as string,
		description,
		columns,
		filter,
		dedupe: value.dedupe !== false,
		partition: value.partition === 'none' ? 'none' : 'day',
		checks: checks.checks,
	};
	if ( checks.unusable.length ) {
		table.unusableChecks = checks.unusable;
	}
	return table;
}

/**
 * The retention a stream config asks for: `retention_days`, else `control_plane.retention_days` (what
 * the wiki's action=metricsplatformconfig serves), else {@link DEFAULT_RETENTION_DAYS}.
 *
 * @param config a stream config (or the stream's entry of a tables file)
 * @param problems receives a message when the value is not a whole number of days in range
 */
export function parseRetentionDays( config: Json, problems: string[] ): number {
	const controlPlane = isObject( config.control_plane ) ? config.control_plane : {};
	const [ where, days ] = config.retention_days !== undefined ? [ 'retention_days', config.retention_days ] : [ 'control_plane.retention_days', controlPlane.retention_days ];
	if ( days === undefined ) {
		return DEFAULT_RETENTION_DAYS;
	}
	if ( typeof days !== 'number' || !Number.isInteger( days ) || days < 1 || days > MAX_RETENTION_DAYS ) {
		problems.push( `${ where }: ${ show( days ) } is not a whole number of days from 1 to ${ MAX_RETENTION_DAYS }; using ${ DEFAULT_RETENTION_DAYS }` );
		return DEFAULT_RETENTION_DAYS;
	}
	return days;
}

/**
 * Parses the modelling part of one stream's config (or of its entry in a tables file): `tables` and
 * the retention. Never throws; each problem is reported with the field's path and the table it
 * concerns is left out, so one bad table does not stop the stream's others.
 *
 * @example parseStreamModel( { tables: [ { name: 'clicks', columns: [ { path: 'page.id' } ] } ] } ).model.tables[ 0 ].columns[ 0 ].name // 'page_id'
 * @param config a stream config or a tables-file entry (untrusted)
 */
export function parseStreamModel( config: unknown ): ParsedStreamModel {
	const problems: string[] = [];
	if ( !isObject( config ) ) {
		return { model: { retentionDays: DEFAULT_RETENTION_DAYS, tables: [] }, problems: [ `${ show( config ) } is not an object` ] };
	}
	const retentionDays = parseRetentionDays( config, problems );
	const tables: TableDefinition[] = [];
	const list = config.tables;
	if ( list !== undefined && ( !Array.isArray( list ) || list.length > MAX_TABLES ) ) {
		problems.push( `tables: ${ show( list ) } is not a list of at most ${ MAX_TABLES } tables` );
	} else if ( list ) {
		const names = new Set<string>();
		list.forEach( ( t, i ) => {
			const table = parseTable( t, `tables[${ i }]`, problems );
			if ( table && names.has( table.name ) ) {
				problems.push( `tables[${ i }].name: "${ table.name }" is used by an earlier table of this stream` );
			} else if ( table ) {
				names.add( table.name );
				tables.push( table );
			}
		} );
	}
	return { model: { retentionDays, tables }, problems };
}

/** A parsed tables file. */
export interface ParsedTablesFile {
	/** Per `meta.stream`, the modelling the file gives. */
	streams: Map<string, StreamModel>;
	/** The streams whose entry gives `retention_days` (the others keep their config's retention). */
	retentionGiven: Set<string>;
	/** Every problem, as `stream "x": field: reason`. */
	problems: string[];
}

/**
 * Parses a tables file (see {@link TablesFile}): stream → modelling. Never throws.
 *
 * @example parseTablesFile( { 'my.stream': { tables: [ { name: 'clicks', columns: [ { path: 'action' } ] } ] } } ).problems // []
 * @param value the parsed JSON (untrusted)
 */
export function parseTablesFile( value: unknown ): ParsedTablesFile {
	const out: ParsedTablesFile = { streams: new Map(), retentionGiven: new Set(), problems: [] };
	if ( !isObject( value ) ) {
		out.problems.push( 'the tables file is not a JSON object of stream name → { "tables": [...] }' );
		return out;
	}
	const entries = isObject( value.streams ) ? value.streams : value;
	for ( const [ stream, entry ] of Object.entries( entries ) ) {
		const parsed = parseStreamModel( entry );
		out.streams.set( stream, parsed.model );
		if ( isObject( entry ) && entry.retention_days !== undefined ) {
			out.retentionGiven.add( stream );
		}
		out.problems.push( ...parsed.problems.map( ( p ) => `stream ${ JSON.stringify( stream ) }: ${ p }` ) );
	}
	return out;
}
