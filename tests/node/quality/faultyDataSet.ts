/**
 * The generated data set of issue 15's "Done when": three modelled tables (streams mywiki.clicks,
 * mywiki.search, mywiki.edits) over 14 complete days and part of today, every table declaring every
 * kind of check, and five injected faults: NULLs, an unexpected value, a missing day, a burst and an
 * undeclared identifier column. The generator records what it injected (`injected`), from its own
 * choices, so a test can compare the checks' report with it.
 */
import type Database from 'better-sqlite3';
import { parseChecks } from '../../../intake/src/quality/checkDefinition';
import type { CheckedTable } from '../../../intake/src/quality/checkedTable';
import type { CheckStatus } from '../../../intake/src/quality/checkResult';

/** One fault the generator put in, as the check that should report it. */
export interface InjectedFault {
	table: string;
	check: string;
	column: string | null;
	status: CheckStatus;
	/** What the check should count (rows, days, columns). */
	value: number;
	/** What the sample of failing entries should hold (for volume and schema: exactly these). */
	failing?: Record<string, unknown>[];
	/** Words the observed value should contain. */
	mentions?: string[];
}

/** The data set's tables with their checks, what was injected, and the rows written. */
export interface FaultyDataSet {
	/** The table definitions, in the form of a tables file (stream → retention_days, tables). */
	definitions: Record<string, { retention_days?: number; tables: unknown[] }>;
	tables: CheckedTable[];
	injected: InjectedFault[];
	rows: Record<string, number>;
}

const DAY_MS = 86400000;
const COMPLETE_DAYS = 14;

/**
 * A small seeded generator (mulberry32), so the data set is the same on every run.
 *
 * @param seed
 */
function random( seed: number ): () => number {
	let a = seed >>> 0;
	return () => {
		a = ( a + 0x6D2B79F5 ) >>> 0;
		let t = a;
		t = Math.imul( t ^ ( t >>> 15 ), t | 1 );
		t ^= t + Math.imul( t ^ ( t >>> 7 ), t | 61 );
		return ( ( t ^ ( t >>> 14 ) ) >>> 0 ) / 4294967296;
	};
}

/** Checks every table declares, whatever its columns. */
const TABLE_CHECKS = [
	{ check: 'unique', column: 'event_id' },
	{ check: 'freshness', warn_after_hours: 6, error_after_hours: 24 },
	{ check: 'row_count', min: 50, max: 5000 },
	{ check: 'volume', trailing_days: 7, lookback_days: 7, max_ratio: 3 },
	{ check: 'schema', forbidden_columns: [ 'performer_ip' ] },
];

function checksOf( raw: unknown[] ): CheckedTable['checks'] {
	const parsed = parseChecks( raw );
	if ( parsed.problems.length ) {
		throw new Error( parsed.problems.join( '; ' ) );
	}
	return parsed.checks;
}

/**
 * Writes the data set into `db` and says what was injected.
 *
 * @param db an empty database
 * @param now the checks' clock: the data ends 30 minutes before it
 */
export function generateFaultyDataSet( db: Database.Database, now: Date ): FaultyDataSet {
	const rnd = random( 15 );
	const today = Date.UTC( now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() );
	const firstDay = today - COMPLETE_DAYS * DAY_MS;
	const day = ( i: number ): string => new Date( firstDay + i * DAY_MS ).toISOString().slice( 0, 10 );
	const pick = <T>( list: readonly T[] ): T => list[ Math.floor( rnd() * list.length ) ];
	let serial = 0;

	/**
	 * Row times for day i: `n` random times within the day (today: until 30 minutes before now).
	 *
	 * @param i
	 * @param n
	 */
	function timesOf( i: number, n: number ): string[] {
		const start = firstDay + i * DAY_MS;
		const end = i === COMPLETE_DAYS ? now.getTime() - 30 * 60000 : start + DAY_MS;
		const times = Array.from( { length: n }, () => start + Math.floor( rnd() * ( end - start ) ) );
		if ( i === COMPLETE_DAYS ) {
			times[ 0 ] = end;
		}
		return times.map( ( t ) => new Date( t ).toISOString() );
	}

	function fill( table: string, columns: string[], rowsOfDay: ( i: number ) => number, make: ( i: number, k: number ) => unknown[] ): number {
		const insert = db.prepare( `INSERT INTO ${ table } (event_id, received_at, day, ${ columns.join( ', ' ) }) VALUES (${ Array( columns.length + 3 ).fill( '?' ).join( ', ' ) })` );
		const rows: unknown[][] = [];
		for ( let i = 0; i <= COMPLETE_DAYS; i++ ) {
			const times = timesOf( i, rowsOfDay( i ) );
			for ( let k = 0; k < times.length; k++ ) {
				serial++;
				rows.push( [ `00000000-0000-4000-8000-${ String( serial ).padStart( 12, '0' ) }`, times[ k ], times[ k ].slice( 0, 10 ), ...make( i, k ) ] );
			}
		}
		db.transaction( () => rows.forEach( ( r ) => insert.run( ...r ) ) )();
		return rows.length;
	}
	const normalDay = ( i: number ): number => ( i === COMPLETE_DAYS ? 80 : 150 + Math.floor( rnd() * 100 ) );

	// mywiki.clicks → clicks_v1: NULL page_id on 25 rows of day 8; "hover" as action on 3 rows of day 10.
	// page_namespace_id is NULL on every 300th row, within its tolerated 2 %.
	db.exec( `CREATE TABLE clicks_v1 (event_id TEXT NOT NULL, received_at TEXT NOT NULL, day TEXT NOT NULL,
		action TEXT, page_id INTEGER, page_namespace_id INTEGER, edit_count INTEGER, performer_session_id TEXT)` );
	const NULL_PAGE_IDS = 25;
	const HOVERS = 3;
	let nth = 0;
	const clicks = fill( 'clicks_v1', [ 'action', 'page_id', 'page_namespace_id', 'edit_count', 'performer_session_id' ], normalDay, ( i, k ) => {
		nth++;
		return [
			i === 10 && k < HOVERS ? 'hover' : pick( [ 'click', 'view' ] ),
			i === 8 && k < NULL_PAGE_IDS ? null : 1 + Math.floor( rnd() * 1e6 ),
			nth % 300 === 0 ? null : pick( [ 0, 1, 2, 4 ] ),
			Math.floor( rnd() * 5000 ),
			Math.floor( rnd() * 2 ** 48 ).toString( 16 ).padStart( 12, '0' ),
		];
	} );

	// mywiki.search → searches_v1: no row on day 9 (a missing day), ten times the rows on day 11 (a burst).
	const MISSING_DAY = 9;
	const BURST_DAY = 11;
	db.exec( `CREATE TABLE searches_v1 (event_id TEXT NOT NULL, received_at TEXT NOT NULL, day TEXT NOT NULL,
		action TEXT, query_length INTEGER, result_count INTEGER)` );
	const searchRows = Array.from( { length: COMPLETE_DAYS + 1 }, ( _, i ) => ( i === MISSING_DAY ? 0 : i === BURST_DAY ? 10 * normalDay( i ) : normalDay( i ) ) );
	const searches = fill( 'searches_v1', [ 'action', 'query_length', 'result_count' ], ( i ) => searchRows[ i ], () => [
		pick( [ 'search', 'submit' ] ), 1 + Math.floor( rnd() * 200 ), Math.floor( rnd() * 50 ),
	] );

	// mywiki.edits → edits_v1: a performer_name column the definition does not declare.
	db.exec( `CREATE TABLE edits_v1 (event_id TEXT NOT NULL, received_at TEXT NOT NULL, day TEXT NOT NULL,
		page_id INTEGER, performer_id TEXT, edit_count_bucket TEXT, performer_name TEXT)` );
	const buckets = [ '0 edits', '1-4 edits', '5-99 edits', '100-999 edits', '1000+ edits' ];
	const edits = fill( 'edits_v1', [ 'page_id', 'performer_id', 'edit_count_bucket', 'performer_name' ], normalDay, () => [
		1 + Math.floor( rnd() * 1e6 ), Math.floor( rnd() * 2 ** 48 ).toString( 16 ), pick( buckets ), pick( [ 'Alice', 'Bob', 'Chidi' ] ),
	] );

	// The definitions, as a tables file (`mp-intake --tables`) would give them.
	const definitions = {
		'mywiki.clicks': { retention_days: 60, tables: [ {
			name: 'clicks',
			description: 'Clicks and views per page.',
			columns: [
				{ path: 'action' }, { path: 'page.id' }, { path: 'page.namespace_id' }, { path: 'performer.edit_count', name: 'edit_count', privacy: 'drop' },
				{ path: 'performer.session_id', privacy: 'hash' },
			],
			checks: ( [
				{ check: 'not_null', column: 'page_id' },
				{ check: 'not_null', column: 'page_namespace_id', tolerated_share: 0.02 },
				{ check: 'accepted_values', column: 'action', values: [ 'click', 'view' ] },
				{ check: 'range', column: 'edit_count', min: 0, max: 1000000 },
			] as unknown[] ).concat( TABLE_CHECKS ),
		} ] },
		'mywiki.search': { tables: [ {
			name: 'searches',
			columns: [ { path: 'action' }, { path: 'query_length' }, { path: 'result_count' } ],
			checks: ( [
				{ check: 'not_null', column: 'result_count' },
				{ check: 'accepted_values', column: 'action', values: [ 'search', 'submit' ] },
				{ check: 'range', column: 'query_length', min: 0, max: 500 },
			] as unknown[] ).concat( TABLE_CHECKS ),
		} ] },
		'mywiki.edits': { tables: [ {
			name: 'edits',
			columns: [ { path: 'page.id', privacy: 'keep' }, { path: 'performer.id', privacy: 'hash' }, { path: 'performer.edit_count_bucket', name: 'edit_count_bucket' } ],
			checks: ( [
				{ check: 'not_null', column: 'page_id' },
				{ check: 'accepted_values', column: 'edit_count_bucket', values: buckets },
				{ check: 'range', column: 'page_id', min: 1 },
			] as unknown[] ).concat( TABLE_CHECKS ),
		} ] },
	};
	const tables: CheckedTable[] = Object.values( definitions ).map( ( { tables: [ t ] }: { tables: { name: string; columns: { path: string; name?: string; privacy?: string }[]; checks: unknown[] }[] } ) => ( {
		table: `${ t.name }_v1`,
		columns: t.columns.map( ( c ) => ( { name: c.name || c.path.replace( /\./g, '_' ), privacyTagged: 'privacy' in c } ) ),
		checks: checksOf( t.checks ),
	} ) );
	const median = ( values: number[] ): number => {
		const s = values.slice().sort( ( a, b ) => a - b );
		return s.length % 2 ? s[ s.length >> 1 ] : ( s[ s.length / 2 - 1 ] + s[ s.length / 2 ] ) / 2;
	};
	const trailingMedian = ( i: number ): number => median( searchRows.slice( i - 7, i ) );
	const injected: InjectedFault[] = [
		{ table: 'clicks_v1', check: 'not_null', column: 'page_id', status: 'fail', value: NULL_PAGE_IDS, mentions: [ `${ NULL_PAGE_IDS } of ${ clicks.toLocaleString( 'en-US' ) } rows null` ] },
		{ table: 'clicks_v1', check: 'accepted_values', column: 'action', status: 'fail', value: HOVERS, mentions: [ `"hover" (${ HOVERS })` ] },
		{
			table: 'searches_v1', check: 'volume', column: null, status: 'fail', value: 2,
			failing: [
				{ day: day( MISSING_DAY ), rows: 0, trailing_median: trailingMedian( MISSING_DAY ) },
				{ day: day( BURST_DAY ), rows: searchRows[ BURST_DAY ], trailing_median: trailingMedian( BURST_DAY ) },
			],
		},
		{ table: 'edits_v1', check: 'schema', column: null, status: 'fail', value: 1, failing: [ { column: 'performer_name', reason: 'undeclared identifier column' } ] },
	];
	return { definitions, tables, injected, rows: { clicks_v1: clicks, searches_v1: searches, edits_v1: edits } };
}
