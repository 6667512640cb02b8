import type Database from 'better-sqlite3';
import type { ExperimentDesign } from './experimentDesign';
import type { ExperimentFact } from './experimentReport';
import { isEventPath } from './modelling/parseTables';
import type { ColumnRecord, TableRecord } from './modelling/tableStore';
import { sqliteTableExists } from './sqliteTableExists';

/**
 * The experiment report read from a modelled table (issue 15 item 6) instead of the raw events: the
 * table's rows already hold the fields the report needs as columns, so nothing is parsed from JSON.
 * A table is used only when its rows say what the raw events would (same counts): it has a column for
 * each needed field, none of them emptied by retention (`drop`), the group and action in clear, and
 * one row per event. Otherwise the report reads the raw events and says why, in one line.
 */

/** How a table's column gives the experiment's group. */
interface GroupColumn {
	column: string;
	/** Into a `json` column (`experiments` or `experiments.assigned`): SQLite's JSON path to the group; null: the column is the group. */
	jsonPath: string | null;
}

/** How one physical table (one major version) gives the report's facts. */
export interface PhysicalPlan {
	/** The SQLite table, e.g. `clicks_v1`. */
	physical: string;
	group: GroupColumn;
	/** The subject's column: `performer.session_id` (unit session) or `performer.id` (unit user). */
	subject: string;
	/** Whether the subject column holds keyed hashes (`hash`): distinct hashes are distinct subjects. */
	subjectHashed: boolean;
	/** `performer.is_logged_in`'s column (unit user), else null. */
	loggedIn: string | null;
	/** `action`'s column. */
	action: string;
	/**
	 * The receive time from which every column above holds values as defined now (the latest `since`
	 * of them: a column added to the table later, or re-tagged), or '' for since the table was made.
	 * Rows received before it are not read.
	 */
	since: string;
}

/** A modelled table the report can read: every major version of one table of the stream. */
export interface TablePlan {
	stream: string;
	/** The logical name (`clicks`). */
	name: string;
	/** One per major version, oldest first. */
	tables: PhysicalPlan[];
}

/** Which table to read, or why none (one line, for the report's "Source" line). */
export type TableChoice = { plan: TablePlan; reason?: undefined } | { plan?: undefined; reason: string };

/** Which table the report should look at: a stream's tables, or a table by name; both optional. */
export interface TableRequest {
	/** The experiment's stream (`--stream`, or the definition's `stream`). */
	stream?: string;
	/** A table's logical (`clicks`) or physical (`clicks_v1`) name (`--table`). */
	table?: string;
}

/** A column of a physical table that gives a field, or why it does not. */
type Found = { column: ColumnRecord; problem?: undefined } | { column?: undefined; problem: string };

/**
 * The column of `physical` projected from `path`, checked for what the report needs of it.
 *
 * @param columns the table's columns (mp_columns)
 * @param physical the table, for messages
 * @param path the event path (`performer.session_id`)
 * @param types the stored types that hold the value as the raw event has it
 * @param mayHash whether a `hash` column serves (the value is only compared for equality)
 * @param why what the report uses it for, for messages
 */
function columnFor( columns: readonly ColumnRecord[], physical: string, path: string, types: readonly string[], mayHash: boolean, why: string ): Found {
	const column = columns.find( ( c ) => c.path === path );
	if ( !column ) {
		return { problem: `table ${ physical } has no column for ${ path } (${ why })` };
	}
	if ( column.privacy === 'drop' ) {
		return { problem: `column ${ column.name } of ${ physical } (${ path }) is "drop": its values are emptied after the stream's retention, so older events would be missed` };
	}
	if ( column.privacy === 'hash' && !mayHash ) {
		return { problem: `column ${ column.name } of ${ physical } (${ path }) is "hash": ${ why } needs its values in clear` };
	}
	if ( column.privacy !== 'hash' && !types.includes( column.type ) ) {
		return { problem: `column ${ column.name } of ${ physical } (${ path }) is of type ${ column.type }, not ${ types.join( ' or ' ) }` };
	}
	return { column };
}

/**
 * The column that gives the experiment's group: `experiments.assigned.<experiment>` (only for names
 * that are a path segment, as paths are dotted: a `string` column, or `json` as the schema does not
 * name the key), else `experiments.assigned` or `experiments` (json columns, read with json_extract).
 *
 * @param columns the table's columns
 * @param physical the table
 * @param experiment the experiment's name
 */
function groupColumn( columns: readonly ColumnRecord[], physical: string, experiment: string ): { group: GroupColumn; problem?: undefined } | { group?: undefined; problem: string } {
	// Experiment names are [-_.A-Za-z0-9]: quoted, they are one key of a JSON path.
	const candidates: [ string, string ][] = [
		[ 'experiments.assigned', `$."${ experiment }"` ],
		[ 'experiments', `$.assigned."${ experiment }"` ],
	];
	if ( isEventPath( `experiments.assigned.${ experiment }` ) ) {
		candidates.unshift( [ `experiments.assigned.${ experiment }`, '$' ] );
	}
	const why = 'the group of each event';
	for ( const [ path, jsonPath ] of candidates ) {
		const own = path === `experiments.assigned.${ experiment }`;
		const found = columnFor( columns, physical, path, own ? [ 'string', 'json' ] : [ 'json' ], false, why );
		if ( found.column ) {
			return { group: { column: found.column.name, jsonPath: found.column.type === 'string' ? null : jsonPath } };
		}
		if ( columns.some( ( c ) => c.path === path ) ) {
			// A column that exists but cannot serve says more than "no column".
			return { problem: found.problem };
		}
	}
	return { problem: `table ${ physical } has no column for experiments.assigned (${ why })` };
}

/**
 * How one physical table gives the facts of the design's experiment, or why it cannot.
 *
 * @param db the store
 * @param table its catalogue row
 * @param design the experiment and its unit
 */
function planPhysical( db: Database.Database, table: TableRecord, design: ExperimentDesign ): { plan: PhysicalPlan; problem?: undefined } | { plan?: undefined; problem: string } {
	const physical = table.physical;
	if ( !table.dedupe ) {
		return { problem: `table ${ physical } keeps one row per copy received (dedupe off), so re-sent events would count twice` };
	}
	const columns = db.prepare( 'SELECT * FROM mp_columns WHERE physical = ? ORDER BY position' ).all( physical ) as ColumnRecord[];
	const group = groupColumn( columns, physical, design.experiment );
	if ( !group.group ) {
		return { problem: group.problem };
	}
	const action = columnFor( columns, physical, 'action', [ 'string' ], false, 'exposures and the action\'s rate' );
	if ( !action.column ) {
		return { problem: action.problem };
	}
	const sinceOf = ( used: ( ColumnRecord | undefined )[] ): string => used.reduce( ( latest, c ) => ( c && c.since && c.since > latest ? c.since : latest ), '' );
	const groupRecord = columns.find( ( c ) => c.name === group.group.column );
	if ( design.unit === 'session' ) {
		const session = columnFor( columns, physical, 'performer.session_id', [ 'string' ], true, 'the subject of unit session' );
		return session.column ?
			{ plan: { physical, group: group.group, subject: session.column.name, subjectHashed: session.column.privacy === 'hash', loggedIn: null, action: action.column.name,
				since: sinceOf( [ groupRecord, action.column, session.column ] ) } } :
			{ problem: session.problem };
	}
	if ( design.unit !== 'user' ) {
		return { problem: `unit ${ design.unit } has no identifier in events` };
	}
	const id = columnFor( columns, physical, 'performer.id', [ 'integer', 'number' ], true, 'the subject of unit user' );
	if ( !id.column ) {
		return { problem: id.problem };
	}
	const loggedIn = columnFor( columns, physical, 'performer.is_logged_in', [ 'boolean' ], false, 'telling logged-in users from others' );
	if ( !loggedIn.column ) {
		return { problem: loggedIn.problem };
	}
	return { plan: { physical, group: group.group, subject: id.column.name, subjectHashed: id.column.privacy === 'hash', loggedIn: loggedIn.column.name, action: action.column.name,
		since: sinceOf( [ groupRecord, action.column, id.column, loggedIn.column ] ) } };
}

/**
 * Why a table lacks events its stream's raw store holds, or null: tables are filled from their
 * definition on (no backfill), so a table defined after the stream's first stored event misses the
 * events before it. The table is complete when one of its rows was received no later than the
 * stream's oldest stored raw event (by store order; raw events older than retention are gone already).
 * A table whose first rows were all filtered out is judged late too: the raw events are then read,
 * which is never wrong. So is a table one of whose columns the report reads was added, or re-tagged,
 * after the oldest stored raw event (its rows before then hold NULL, or values under the old tag).
 *
 * @param db the store
 * @param versions every major version of the table
 * @param plans how each version is read (their `since`)
 */
function lateTable( db: Database.Database, versions: readonly TableRecord[], plans: readonly PhysicalPlan[] ): string | null {
	if ( !sqliteTableExists( db, 'events' ) ) {
		return null;
	}
	// The (stream, seq) index: one probe.
	const first = db.prepare( 'SELECT dt FROM events WHERE stream = ? ORDER BY seq LIMIT 1' ).pluck().get( versions[ 0 ].stream ) as string | undefined;
	if ( first === undefined ) {
		return null;
	}
	// A column added or re-tagged after the stream's oldest stored event: the table's rows before it lack it.
	const changed = plans.find( ( p ) => p.since && p.since > first );
	if ( changed ) {
		return `table ${ changed.physical } holds the columns the report reads as defined now only since ${ changed.since } (a column added or re-tagged then), ` +
			`but the store holds events of stream "${ versions[ 0 ].stream }" from ${ first }: they would be missed or miscounted`;
	}
	const starts = versions.map( ( v ) => db.prepare( `SELECT MIN(received_at) FROM "${ v.physical.replace( /"/g, '""' ) }"` ).pluck().get() as string | null )
		.filter( ( t ): t is string => t !== null ).sort();
	if ( starts.length && starts[ 0 ] <= first ) {
		return null;
	}
	const physical = versions.map( ( v ) => v.physical ).join( ' + ' );
	return `table ${ physical } ${ starts.length ? `starts at ${ starts[ 0 ] }` : 'has no rows' }, but the store holds events of stream "${ versions[ 0 ].stream }" from ${ first } (received before the table was defined, or filtered out): they would be missed`;
}

/**
 * The modelled table the report should read for an experiment, or why none (then it reads the raw
 * events). Looks at the requested table, else at the stream's tables (by logical name, the first
 * usable one); a table is every major version of it (`clicks_v1`, `clicks_v2`: an incompatible
 * schema change splits the events between them), and is usable only when every version is and the
 * table holds the stream's events from its oldest stored one on (see lateTable).
 *
 * @param db the store (read-only is enough)
 * @param design the experiment, its unit and (from its definition) its stream
 * @param request `--stream` / `--table`; without either, the design's stream
 * @return the plan, or a one-line reason
 */
export function chooseReportTable( db: Database.Database, design: ExperimentDesign, request: TableRequest = {} ): TableChoice {
	const stream = request.stream || design.stream;
	if ( !stream && !request.table ) {
		return { reason: 'no stream named (give --stream, or "stream" in the experiment\'s definition, to read its modelled table)' };
	}
	if ( !sqliteTableExists( db, 'mp_tables' ) ) {
		return { reason: 'the store has no modelled tables' };
	}
	let tables = db.prepare( 'SELECT * FROM mp_tables ORDER BY name, major' ).all() as TableRecord[];
	if ( request.table ) {
		const named = tables.find( ( t ) => t.physical === request.table ) || tables.find( ( t ) => t.name === request.table );
		if ( !named ) {
			return { reason: `the store has no modelled table named "${ request.table }"` };
		}
		if ( stream && named.stream !== stream ) {
			return { reason: `table ${ named.physical } is of stream "${ named.stream }", not "${ stream }"` };
		}
		tables = tables.filter( ( t ) => t.name === named.name && t.stream === named.stream );
	} else {
		tables = tables.filter( ( t ) => t.stream === stream );
		if ( !tables.length ) {
			return { reason: `stream "${ stream }" has no modelled table` };
		}
	}
	const problems: string[] = [];
	for ( const name of Array.from( new Set( tables.map( ( t ) => t.name ) ) ) ) {
		const versions = tables.filter( ( t ) => t.name === name );
		const plans: PhysicalPlan[] = [];
		for ( const version of versions ) {
			const planned = planPhysical( db, version, design );
			if ( !planned.plan ) {
				problems.push( planned.problem );
				break;
			}
			plans.push( planned.plan );
		}
		if ( plans.length === versions.length ) {
			const late = lateTable( db, versions, plans );
			if ( late === null ) {
				return { plan: { stream: versions[ 0 ].stream, name, tables: plans } };
			}
			problems.push( late );
		}
	}
	// One line: the first table's problem (by name), and how many others cannot serve either.
	const others = problems.length - 1;
	return { reason: problems[ 0 ] + ( others ? ` (and ${ others } other table${ others > 1 ? 's' : '' } of stream "${ tables[ 0 ].stream }" cannot serve either)` : '' ) };
}

/**
 * The report's facts from the rows of a planned table (every version), only rows that carry the
 * experiment. The subject follows the raw report's rule: unit `session`, a non-empty session id;
 * unit `user`, the id of an event not marked logged out (`is_logged_in` false), and, for an id kept in
 * clear, above 0 (a hashed id cannot be compared: the client sends ids above 0 only).
 *
 * @param db the store
 * @param plan from chooseReportTable
 * @yield one fact per row with a group
 */
export function* factsFromTable( db: Database.Database, plan: TablePlan ): Generator<ExperimentFact> {
	for ( const t of plan.tables ) {
		const q = ( column: string ): string => `"${ column.replace( /"/g, '""' ) }"`;
		const group = t.group.jsonPath === null ? q( t.group.column ) : `json_extract(${ q( t.group.column ) }, ?)`;
		const loggedIn = t.loggedIn === null ? 'NULL' : q( t.loggedIn );
		// Rows received before the columns held as defined now are left out (see PhysicalPlan.since).
		const sql = `SELECT g, subject, logged_in, action FROM (SELECT ${ group } AS g, ${ q( t.subject ) } AS subject, ${ loggedIn } AS logged_in, ${ q( t.action ) } AS action
			FROM ${ q( t.physical ) } WHERE received_at >= ?) WHERE g IS NOT NULL`;
		const statement = db.prepare( sql );
		const rows = ( t.group.jsonPath === null ? statement.iterate( t.since ) : statement.iterate( t.group.jsonPath, t.since ) ) as Iterable<{ g: unknown; subject: unknown; logged_in: unknown; action: unknown }>;
		for ( const row of rows ) {
			yield {
				group: typeof row.g === 'string' && row.g ? row.g : null,
				subject: subjectOfRow( row.subject, row.logged_in, t ),
				action: typeof row.action === 'string' ? row.action : null,
			};
		}
	}
}

/**
 * The subject of a row (see {@link factsFromTable}).
 *
 * @param subject the subject column's value
 * @param loggedIn `is_logged_in` (1, 0 or NULL) for unit user
 * @param t the table's plan
 */
function subjectOfRow( subject: unknown, loggedIn: unknown, t: PhysicalPlan ): string | null {
	if ( t.loggedIn === null ) {
		return typeof subject === 'string' && subject ? subject : null;
	}
	if ( loggedIn === 0 ) {
		return null;
	}
	if ( t.subjectHashed ) {
		return typeof subject === 'string' && subject ? subject : null;
	}
	return typeof subject === 'number' && subject > 0 ? String( subject ) : null;
}
