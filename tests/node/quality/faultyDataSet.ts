/**
 * The generated data set of issue 15's "Done when": three streams (mywiki.clicks, mywiki.search,
 * mywiki.edits) over 14 complete days and part of today, sent as events through the real intake (HTTP
 * POST, validation, the SQLite sink's write, which materialises the modelled tables), with the intake's
 * clock set to each request's receive time. Every table declares every kind of check, and five faults
 * are injected: NULLs, an unexpected value, a missing day, a burst and an undeclared identifier column.
 * The generator records what it injected (`injected`), from its own choices, so a test can compare the
 * checks' report with it.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseChecks } from '../../../intake/src/quality/checkDefinition';
import type { CheckedTable } from '../../../intake/src/quality/checkedTable';
import type { CheckStatus } from '../../../intake/src/quality/checkResult';
import { parseTablesFile } from '../../../intake/src/modelling/parseTables';
import { createIntake } from '../../../intake/src/server';
import type { EventSink } from '../../../intake/src/sink';
import { createSqliteSink } from '../../../intake/src/sqliteSink';
import { SCHEMAS_DIR, WEB } from '../intakeHarness';

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

/** The data set's tables with their checks, what was injected, and the rows sent. */
export interface FaultyDataSet {
	/** The store the intake wrote (a SQLite file, or a PostgreSQL URL). */
	store: string;
	/** The table definitions now, in the form of a tables file (stream → retention_days, tables). */
	definitions: Record<string, { retention_days?: number; tables: unknown[] }>;
	/** The same, as the tables file `tables.json` beside the store. */
	tablesFile: string;
	/** The stream configs the intake declared (schema titles, what each stream collects). */
	streamConfigs: Record<string, unknown>;
	tables: CheckedTable[];
	injected: InjectedFault[];
	/** Events sent per table (all accepted). */
	rows: Record<string, number>;
	/** Requests the intake answered 201 (all of them). */
	requests: number;
}

/** The installation's secret of the data set's store (for `hash` columns). */
export const DATA_SET_SECRET = Buffer.from( '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0', 'hex' );

/** Where the data set goes: the name of the store (a SQLite file, a PostgreSQL URL) and how the intake opens it. */
export interface FaultyDataSetStore {
	name: string;
	/** Opens the store for one intake (the data set is sent through two, one after the other). */
	open( clock: () => number ): EventSink | Promise<EventSink>;
}

/**
 * A SQLite store for the data set.
 *
 * @param file
 */
export function sqliteStore( file: string ): FaultyDataSetStore {
	return { name: file, open: ( clock ) => createSqliteSink( file, { hashSecret: DATA_SET_SECRET, log: () => undefined, now: clock } ) };
}

const DAY_MS = 86400000;
const COMPLETE_DAYS = 14;
/** Events per request (each request has one receive time). */
const BATCH = 20;
/** The day on which the edits table's definition lost its `performer.name` column (the intake restarted). */
const DEFINITION_CHANGE_DAY = 7;
const SEARCH = '/test/search/1.0.0';

/** The search events' schema (the web base schema has no search fields). */
const SEARCH_SCHEMA = {
	title: 'test/search',
	$id: SEARCH,
	type: 'object',
	additionalProperties: false,
	required: [ '$schema', 'meta', 'action' ],
	properties: {
		$schema: { type: 'string' },
		dt: { type: 'string' },
		meta: { type: 'object', required: [ 'stream' ] },
		action: { type: 'string', description: 'What the reader did: search or submit.' },
		query_length: { type: 'integer', description: 'Characters typed.' },
		result_count: { type: 'integer', description: 'Results shown.' },
	},
};

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

/** One event to send, and the day it is received on. */
interface Planned {
	day: number;
	event: Record<string, unknown>;
}

/**
 * Sends the data set through the intake into a new store (`dir/events.sqlite` unless `store` says otherwise; also writing
 * `dir/tables.json` and a schema repository under `dir/schemas`), and says what was injected.
 *
 * @param dir an empty folder
 * @param now the checks' clock: the data ends 30 minutes before it
 * @param store where the intake writes
 */
export async function ingestFaultyDataSet( dir: string, now: Date, store: FaultyDataSetStore = sqliteStore( path.join( dir, 'events.sqlite' ) ) ): Promise<FaultyDataSet> {
	const rnd = random( 15 );
	const today = Date.UTC( now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() );
	const firstDay = today - COMPLETE_DAYS * DAY_MS;
	const day = ( i: number ): string => new Date( firstDay + i * DAY_MS ).toISOString().slice( 0, 10 );
	const pick = <T>( list: readonly T[] ): T => list[ Math.floor( rnd() * list.length ) ];
	const hexId = ( length: number ): string => Array.from( { length }, () => '0123456789abcdefghijklmnopqrstuvwxyz'[ Math.floor( rnd() * 36 ) ] ).join( '' );
	let serial = 0;
	const base = ( stream: string, schema: string ): Record<string, unknown> => {
		serial++;
		return {
			$schema: schema,
			meta: { stream, domain: 'mywiki.example.org', id: `00000000-0000-4000-8000-${ String( serial ).padStart( 12, '0' ) }` },
		};
	};
	const web = ( stream: string, fields: Record<string, unknown> ): Record<string, unknown> => Object.assign( base( stream, WEB ), {
		agent: { client_platform: 'mediawiki_js', client_platform_family: 'desktop_browser' },
	}, fields );
	const normalDay = ( i: number ): number => ( i === COMPLETE_DAYS ? 80 : 150 + Math.floor( rnd() * 100 ) );
	const planned: Planned[] = [];
	function plan( rowsOfDay: ( i: number ) => number, make: ( i: number, k: number ) => Record<string, unknown> ): number {
		let total = 0;
		for ( let i = 0; i <= COMPLETE_DAYS; i++ ) {
			const n = rowsOfDay( i );
			for ( let k = 0; k < n; k++ ) {
				planned.push( { day: i, event: make( i, k ) } );
			}
			total += n;
		}
		return total;
	}

	// mywiki.clicks → clicks_v1: no page.id on 25 events of day 8; "hover" as action on 3 events of day 10.
	// page.namespace_id is missing on every 300th event, within its tolerated 2 %.
	const NULL_PAGE_IDS = 25;
	const HOVERS = 3;
	let nth = 0;
	const clicks = plan( normalDay, ( i, k ) => {
		nth++;
		const page: Record<string, unknown> = {};
		if ( !( i === 8 && k < NULL_PAGE_IDS ) ) {
			page.id = 1 + Math.floor( rnd() * 1e6 );
		}
		if ( nth % 300 !== 0 ) {
			page.namespace_id = pick( [ 0, 1, 2, 4 ] );
		}
		return web( 'mywiki.clicks', {
			action: i === 10 && k < HOVERS ? 'hover' : pick( [ 'click', 'view' ] ),
			page,
			performer: { edit_count: Math.floor( rnd() * 5000 ), session_id: hexId( 20 ) },
		} );
	} );

	// mywiki.search → searches_v1: no event on day 9 (a missing day), ten times the events on day 11 (a burst).
	const MISSING_DAY = 9;
	const BURST_DAY = 11;
	const searchRows = Array.from( { length: COMPLETE_DAYS + 1 }, ( _, i ) => ( i === MISSING_DAY ? 0 : i === BURST_DAY ? 10 * normalDay( i ) : normalDay( i ) ) );
	const searches = plan( ( i ) => searchRows[ i ], () => Object.assign( base( 'mywiki.search', SEARCH ), {
		action: pick( [ 'search', 'submit' ] ), query_length: 1 + Math.floor( rnd() * 200 ), result_count: Math.floor( rnd() * 50 ),
	} ) );

	// mywiki.edits → edits_v1: until day 7 its definition had a performer.name column; the analyst
	// removed it from the definition, but the table keeps the column and what it holds (the intake never
	// drops a column), so edits_v1 has an identifier column its definition does not declare.
	const buckets = [ '0 edits', '1-4 edits', '5-99 edits', '100-999 edits', '1000+ edits' ];
	const edits = plan( normalDay, () => web( 'mywiki.edits', {
		action: 'save',
		page: { id: 1 + Math.floor( rnd() * 1e6 ) },
		performer: { id: 1 + Math.floor( rnd() * 2 ** 40 ), edit_count_bucket: pick( buckets ), name: pick( [ 'Alice', 'Bob', 'Chidi' ] ) },
	} ) );

	// The definitions, as a tables file (`mp-intake --tables`) gives them.
	const editsColumns = [ { path: 'page.id', privacy: 'keep' }, { path: 'performer.id', privacy: 'hash' }, { path: 'performer.edit_count_bucket', name: 'edit_count_bucket' } ];
	const definitionsWith = ( extraEditsColumns: unknown[] ): FaultyDataSet['definitions'] => ( {
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
			columns: editsColumns.concat( extraEditsColumns as typeof editsColumns ),
			checks: ( [
				{ check: 'not_null', column: 'page_id' },
				{ check: 'accepted_values', column: 'edit_count_bucket', values: buckets },
				{ check: 'range', column: 'page_id', min: 1 },
			] as unknown[] ).concat( TABLE_CHECKS ),
		} ] },
	} );
	const before = definitionsWith( [ { path: 'performer.name', privacy: 'hash' } ] );
	const definitions = definitionsWith( [] );
	const streamConfigs = {
		'mywiki.clicks': {
			schema_title: 'analytics/product_metrics/web/base',
			producers: { metrics_platform_client: { provide_values: [ 'page_id', 'page_namespace_id', 'performer_edit_count', 'performer_session_id' ] } },
		},
		'mywiki.search': { schema_title: 'test/search' },
		'mywiki.edits': {
			schema_title: 'analytics/product_metrics/web/base',
			producers: { metrics_platform_client: { provide_values: [ 'page_id', 'performer_id', 'performer_edit_count_bucket', 'performer_name' ] } },
		},
	};

	// The schema repository: the project's schemas and the search schema.
	const schemasDir = path.join( dir, 'schemas' );
	cpSync( SCHEMAS_DIR, schemasDir, { recursive: true } );
	mkdirSync( path.join( schemasDir, 'test/search' ), { recursive: true } );
	writeFileSync( path.join( schemasDir, 'test/search/1.0.0.json' ), JSON.stringify( SEARCH_SCHEMA ) );
	const tablesFile = path.join( dir, 'tables.json' );
	writeFileSync( tablesFile, JSON.stringify( definitions, null, '\t' ) );

	// Requests of up to BATCH events of one stream, each at a random time of its day (today's last one
	// 30 minutes before now, so the data is fresh), sent in time order: the intake's clock is the
	// request's receive time.
	const requests: { at: number; day: number; events: Record<string, unknown>[] }[] = [];
	for ( const stream of [ 'mywiki.clicks', 'mywiki.search', 'mywiki.edits' ] ) {
		for ( let i = 0; i <= COMPLETE_DAYS; i++ ) {
			const ofDay = planned.filter( ( p ) => p.day === i && ( p.event.meta as { stream: string } ).stream === stream ).map( ( p ) => p.event );
			const start = firstDay + i * DAY_MS;
			const end = i === COMPLETE_DAYS ? now.getTime() - 30 * 60000 : start + DAY_MS;
			for ( let b = 0; b < ofDay.length; b += BATCH ) {
				const last = i === COMPLETE_DAYS && b + BATCH >= ofDay.length;
				requests.push( { at: last ? end : start + Math.floor( rnd() * ( end - start ) ), day: i, events: ofDay.slice( b, b + BATCH ) } );
			}
		}
	}
	requests.sort( ( a, b ) => a.at - b.at );
	// The intake's clock, moved to each request's receive time before it is sent.
	const clock = { now: 0 };
	const readClock = (): number => clock.now;
	let answered = 0;
	for ( const [ phase, tables ] of [ [ 0, before ], [ 1, definitions ] ] as const ) {
		const intake = createIntake( {
			streamConfigs, schemasDir, tables: parseTablesFile( tables ),
			sink: await store.open( readClock ),
			clock: readClock, log: () => undefined,
		} );
		const url = await intake.listen( 0 );
		try {
			for ( const r of requests.filter( ( x ) => ( x.day < DEFINITION_CHANGE_DAY ? 0 : 1 ) === phase ) ) {
				clock.now = r.at;
				for ( const e of r.events ) {
					// The client's own time of the event: a few seconds before it is received.
					e.dt = new Date( r.at - 1000 - Math.floor( rnd() * 5000 ) ).toISOString();
				}
				const res = await fetch( `${ url }/v1/events`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify( r.events ) } );
				const text = await res.text();
				if ( res.status !== 201 ) {
					throw new Error( `the intake answered ${ res.status }: ${ text.slice( 0, 500 ) }` );
				}
				answered++;
			}
		} finally {
			await intake.close();
		}
	}

	type DefinedTable = { name: string; columns: { path: string; name?: string; privacy?: string }[]; checks: unknown[] };
	const tables: CheckedTable[] = Object.values( definitions ).map( ( entry ) => entry.tables[ 0 ] as DefinedTable ).map( ( t ) => ( {
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
	return { store: store.name, definitions, tablesFile, streamConfigs, tables, injected, rows: { clicks_v1: clicks, searches_v1: searches, edits_v1: edits }, requests: answered };
}

let shared: Promise<FaultyDataSet> | null = null;

/** The time the shared data set is made for (its checks run at this time). */
export const DATA_SET_NOW = new Date( '2026-11-30T12:00:00Z' );

/**
 * The data set ingested once per test run (as of {@link DATA_SET_NOW}, in a temporary folder removed
 * when the process exits); tests that change the store copy `store` first.
 */
export function sharedFaultyDataSet(): Promise<FaultyDataSet> {
	if ( !shared ) {
		const dir = mkdtempSync( path.join( os.tmpdir(), 'mp-faulty-' ) );
		process.once( 'exit', () => rmSync( dir, { recursive: true, force: true } ) );
		shared = ingestFaultyDataSet( dir, DATA_SET_NOW );
	}
	return shared;
}
