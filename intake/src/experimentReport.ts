import Database from 'better-sqlite3';
import { closeSync, openSync, readSync } from 'node:fs';
import type { ExperimentDesign } from './experimentDesign';
import { chiSquareTest, differenceInterval, wilsonInterval } from './stats';

/** Per declared group: what the report counts (subjects seen in one group only). */
export interface GroupReport {
	group: string;
	/** Its weight in the design, and the share of subjects that means. */
	weight: number;
	expectedShare: number;
	subjects: number;
	exposures: number;
	events: number;
	/** Subjects who did the chosen action at least once. */
	converted: number;
	rate: number;
	/** 95 % Wilson interval of the rate; [0, 1] without subjects. */
	rateInterval: [ number, number ];
	/** Against the first group (the reference), 95 % Newcombe interval; null for the reference or without subjects. */
	difference: { difference: number; low: number; high: number } | null;
}

/**
 * Where the report's events came from: a modelled table of the experiment's stream (every major
 * version of it, physical names such as `clicks_v1`), or the raw events, with why no table was read
 * (null when none was looked for, e.g. a JSON-lines store).
 */
export type ReportSource = { kind: 'table'; stream: string; tables: string[] } | { kind: 'raw'; reason: string | null };

/** What the report needs of one event; see {@link factsOfEvents}. */
export interface ExperimentFact {
	/** The group the event carries for the experiment, or null when it does not carry the experiment. */
	group: string | null;
	/** Its subject for the experiment's unit (any string that is the same for the same subject), or null. */
	subject: string | null;
	/** Its `action`, or null. */
	action: string | null;
}

/** The whole report. */
export interface ExperimentReport {
	experiment: string;
	unit: ExperimentDesign[ 'unit' ];
	action: string;
	/** One row per declared group, in the design's order, with or without subjects. */
	groups: GroupReport[];
	/** Subjects whose events carry more than one group: excluded from every group. */
	mixed: { subjects: number; share: number; warning: boolean };
	/** Subjects seen only in groups the design does not declare: excluded. */
	undeclared: { group: string; subjects: number }[];
	/** Events of the experiment without an identifier for the unit: they cannot be counted by subject. */
	eventsWithoutSubject: number;
	/** Subjects counted in the declared groups. */
	subjects: number;
	/** Nothing to analyse: no subject in any group. */
	empty: boolean;
	srm: { statistic: number; df: number; p: number; mismatch: boolean };
	/** What was read. */
	source: ReportSource;
}

/** An event as the report reads it (any JSON: every field is checked). */
interface StoredEvent {
	action?: string;
	experiments?: { assigned?: Record<string, unknown> };
	performer?: { id?: unknown; is_logged_in?: unknown; session_id?: unknown };
	meta?: { id?: string };
}

/** Share of subjects seen in two groups above which the report warns. */
export const MIXED_WARNING_SHARE = 0.01;

/**
 * The subject an event is about, for the experiment's unit, or null when the event does not say:
 * unit `user` is performer.id of a logged-in user; unit `session` is performer.session_id.
 *
 * @param e a stored event
 * @param unit the experiment's unit
 */
function subjectOf( e: StoredEvent, unit: ExperimentDesign[ 'unit' ] ): string | null {
	const p = e.performer;
	if ( !p || typeof p !== 'object' ) {
		return null;
	}
	if ( unit === 'user' ) {
		return p.is_logged_in !== false && typeof p.id === 'number' && p.id > 0 ? String( p.id ) : null;
	}
	return unit === 'session' && typeof p.session_id === 'string' && p.session_id ? p.session_id : null;
}

interface Subject {
	groups: string[];
	events: number;
	exposed: boolean;
	converted: boolean;
}

/**
 * What the report needs of raw events: the group in `experiments.assigned[experiment]` (a non-empty
 * string, else null), the subject by the unit (see subjectOf) and the action.
 *
 * @param events stored events
 * @param design the experiment and its unit
 * @yield one fact per event
 */
export function* factsOfEvents( events: Iterable<StoredEvent>, design: ExperimentDesign ): Generator<ExperimentFact> {
	for ( const e of events ) {
		const assigned = e && e.experiments && e.experiments.assigned;
		const group = assigned && typeof assigned === 'object' ? assigned[ design.experiment ] : undefined;
		yield {
			group: typeof group === 'string' && group ? group : null,
			subject: e ? subjectOf( e, design.unit ) : null,
			action: e && typeof e.action === 'string' ? e.action : null,
		};
	}
}

/**
 * Builds the report of one experiment against its design, from events (any stream) that carry it in
 * their `experiments.assigned` field. Every declared group gets a row, with no subjects too; the
 * sample-ratio test runs over the declared groups and weights; a subject (by the experiment's unit)
 * seen in two groups is excluded from both and counted apart.
 *
 * @param events stored events
 * @param design from resolveDesign()
 * @param action the action whose rate is compared (per subject)
 * @param source what the events were read from (default: raw events)
 */
export function buildReport( events: Iterable<StoredEvent>, design: ExperimentDesign, action: string, source: ReportSource = { kind: 'raw', reason: null } ): ExperimentReport {
	return buildReportFromFacts( factsOfEvents( events, design ), design, action, source );
}

/**
 * {@link buildReport} from what it needs of each event, however it was read (raw events, a modelled
 * table): only facts with a group count; those without a subject are counted apart.
 *
 * @param facts one per event
 * @param design from resolveDesign()
 * @param action the action whose rate is compared (per subject)
 * @param source what the facts were read from
 */
export function buildReportFromFacts( facts: Iterable<ExperimentFact>, design: ExperimentDesign, action: string, source: ReportSource ): ExperimentReport {
	const subjects = new Map<string, Subject>();
	let eventsWithoutSubject = 0;
	for ( const e of facts ) {
		const group = e.group;
		if ( group === null ) {
			continue;
		}
		const key = e.subject;
		if ( key === null ) {
			eventsWithoutSubject++;
			continue;
		}
		let s = subjects.get( key );
		if ( !s ) {
			s = { groups: [], events: 0, exposed: false, converted: false };
			subjects.set( key, s );
		}
		if ( !s.groups.includes( group ) ) {
			s.groups.push( group );
		}
		s.events++;
		s.exposed = s.exposed || e.action === 'experiment_exposure';
		s.converted = s.converted || e.action === action;
	}

	const weightSum = design.groups.reduce( ( sum, g ) => sum + g.weight, 0 );
	const rows = new Map( design.groups.map( ( g ) => [ g.name, { group: g.name, weight: g.weight, expectedShare: g.weight / weightSum, subjects: 0, exposures: 0, events: 0, converted: 0 } ] ) );
	const undeclared = new Map<string, number>();
	let mixed = 0;
	for ( const s of subjects.values() ) {
		if ( s.groups.length > 1 ) {
			mixed++;
			continue;
		}
		const row = rows.get( s.groups[ 0 ] );
		if ( !row ) {
			undeclared.set( s.groups[ 0 ], ( undeclared.get( s.groups[ 0 ] ) || 0 ) + 1 );
			continue;
		}
		row.subjects++;
		row.events += s.events;
		row.exposures += s.exposed ? 1 : 0;
		row.converted += s.converted ? 1 : 0;
	}

	const groups: GroupReport[] = Array.from( rows.values() ).map( ( r ) => Object.assign( r, {
		rate: r.subjects ? r.converted / r.subjects : 0,
		rateInterval: wilsonInterval( r.converted, r.subjects ),
		difference: null,
	} ) );
	const reference = groups[ 0 ];
	for ( const g of groups.slice( 1 ) ) {
		g.difference = differenceInterval( [ reference.converted, reference.subjects ], [ g.converted, g.subjects ] );
	}
	const counted = groups.reduce( ( sum, g ) => sum + g.subjects, 0 );
	const seen = subjects.size;
	const test = chiSquareTest( groups.map( ( g ) => g.subjects ), groups.map( ( g ) => g.weight ) );
	return {
		experiment: design.experiment,
		unit: design.unit,
		action,
		groups,
		mixed: { subjects: mixed, share: seen ? mixed / seen : 0, warning: seen > 0 && mixed / seen > MIXED_WARNING_SHARE },
		undeclared: Array.from( undeclared, ( [ group, n ] ) => ( { group, subjects: n } ) ),
		eventsWithoutSubject,
		subjects: counted,
		empty: counted === 0,
		srm: Object.assign( test, { mismatch: counted > 0 && test.p < 0.001 } ),
		source,
	};
}

/**
 * Reads every stored event (the intake's SQLite store) that mentions the experiment.
 *
 * @param file the SQLite database
 * @param experiment the experiment's name
 * @yield each stored event that may carry the experiment
 */
export function* eventsFromStore( file: string, experiment: string ): Generator<StoredEvent> {
	const db = new Database( file, { readonly: true, fileMustExist: true } );
	try {
		// A cheap pre-filter; buildReport() reads the experiments field itself. "_" and "%" are literal here.
		const literal = experiment.replace( /[\\%_]/g, ( c ) => '\\' + c );
		const rows = db.prepare( "SELECT body FROM events WHERE body LIKE ? ESCAPE '\\'" ).iterate( '%"experiments"%' + literal + '%' ) as Iterable<{ body: string }>;
		for ( const row of rows ) {
			yield JSON.parse( row.body );
		}
	} finally {
		db.close();
	}
}

/**
 * Reads every event of a JSON lines store (`mp-intake --jsonl`, one event per line) that mentions
 * the experiment, a chunk at a time (the file may be larger than memory). Lines that are not JSON are
 * skipped.
 *
 * @param file the JSON lines file
 * @param experiment the experiment's name
 * @yield each stored event that may carry the experiment
 */
export function* eventsFromJsonLines( file: string, experiment: string ): Generator<StoredEvent> {
	const fd = openSync( file, 'r' );
	const buffer = Buffer.alloc( 1 << 20 );
	// Bytes, not text, until a line is whole: a chunk may end inside a multi-byte character.
	let rest = Buffer.alloc( 0 );
	const parse = ( bytes: Buffer ): StoredEvent | null => {
		const line = bytes.toString( 'utf8' );
		try {
			return line.includes( experiment ) ? JSON.parse( line ) : null;
		} catch ( e ) {
			// A torn last line (the intake was stopped mid-write): not an event.
			return null;
		}
	};
	try {
		for ( ;; ) {
			const read = readSync( fd, buffer, 0, buffer.length, null );
			const chunk = read ? Buffer.concat( [ rest, buffer.subarray( 0, read ) ] ) : rest;
			let start = 0;
			for ( let newline = chunk.indexOf( 10 ); newline !== -1; newline = chunk.indexOf( 10, start ) ) {
				const event = parse( chunk.subarray( start, newline ) );
				start = newline + 1;
				if ( event ) {
					yield event;
				}
			}
			if ( !read ) {
				const last = start < chunk.length ? parse( chunk.subarray( start ) ) : null;
				if ( last ) {
					yield last;
				}
				return;
			}
			rest = Buffer.from( chunk.subarray( start ) );
		}
	} finally {
		closeSync( fd );
	}
}
