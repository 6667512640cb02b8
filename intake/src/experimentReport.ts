import Database from 'better-sqlite3';
import { chiSquareTest, differenceInterval, wilsonInterval } from './stats';

/** Per group: what the report counts. */
export interface GroupReport {
	group: string;
	subjects: number;
	exposures: number;
	events: number;
	/** Subjects who did the chosen action at least once. */
	converted: number;
	rate: number;
	rateInterval: [ number, number ];
	/** Against the first group (the reference). */
	difference: { difference: number; low: number; high: number } | null;
}

/** The whole report. */
export interface ExperimentReport {
	experiment: string;
	action: string;
	groups: GroupReport[];
	srm: { statistic: number; df: number; p: number; mismatch: boolean };
}

interface StoredEvent {
	action?: string;
	experiments?: { assigned?: Record<string, string> };
	performer?: { id?: number; is_logged_in?: boolean; session_id?: string };
	meta: { id: string };
}

/**
 * Who an event is about: the user id for logged-in users, else the session id, else the event
 * itself (streams that send neither cannot be counted by subject).
 *
 * @param e
 */
function subjectOf( e: StoredEvent ): string {
	const p = e.performer || {};
	if ( p.is_logged_in && p.id ) {
		return 'user:' + p.id;
	}
	return p.session_id ? 'session:' + p.session_id : 'event:' + e.meta.id;
}

/**
 * Builds the report of one experiment from events (any stream) that carry it in their experiments
 * field. Groups are ordered by name unless `groupOrder` gives the order (the first is the reference).
 *
 * @param events stored events
 * @param experiment the experiment's name
 * @param action the action whose rate is compared (per subject)
 * @param weights expected relative group sizes for the sample-ratio test (default: equal)
 * @param groupOrder groups in order
 */
export function buildReport( events: Iterable<StoredEvent>, experiment: string, action: string, weights: Record<string, number> = {}, groupOrder: string[] = [] ): ExperimentReport {
	const byGroup = new Map<string, { subjects: Set<string>; exposed: Set<string>; converted: Set<string>; events: number }>();
	for ( const e of events ) {
		const group = e.experiments && e.experiments.assigned && e.experiments.assigned[ experiment ];
		if ( !group ) {
			continue;
		}
		let g = byGroup.get( group );
		if ( !g ) {
			g = { subjects: new Set(), exposed: new Set(), converted: new Set(), events: 0 };
			byGroup.set( group, g );
		}
		const subject = subjectOf( e );
		g.events++;
		g.subjects.add( subject );
		if ( e.action === 'experiment_exposure' ) {
			g.exposed.add( subject );
		}
		if ( e.action === action ) {
			g.converted.add( subject );
		}
	}
	const names = groupOrder.filter( ( n ) => byGroup.has( n ) ).concat( Array.from( byGroup.keys() ).filter( ( n ) => !groupOrder.includes( n ) ).sort() );
	const groups: GroupReport[] = names.map( ( name ) => {
		const g = byGroup.get( name )!;
		const n = g.subjects.size;
		return {
			group: name,
			subjects: n,
			exposures: g.exposed.size,
			events: g.events,
			converted: g.converted.size,
			rate: n ? g.converted.size / n : 0,
			rateInterval: wilsonInterval( g.converted.size, n ),
			difference: null,
		};
	} );
	for ( let i = 1; i < groups.length; i++ ) {
		groups[ i ].difference = differenceInterval( [ groups[ 0 ].converted, groups[ 0 ].subjects ], [ groups[ i ].converted, groups[ i ].subjects ] );
	}
	const test = chiSquareTest( groups.map( ( g ) => g.subjects ), groups.map( ( g ) => weights[ g.group ] === undefined ? 1 : weights[ g.group ] ) );
	return { experiment, action, groups, srm: Object.assign( test, { mismatch: test.p < 0.001 } ) };
}

/**
 * Reads every stored event (the intake's SQLite store) that mentions the experiment.
 *
 * @param file the SQLite database
 * @param experiment the experiment's name
 * @yield each stored event that may carry the experiment
 */
export function* eventsFromStore( file: string, experiment: string ): Generator<StoredEvent> {
	const db = new Database( file, { readonly: true } );
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

function pct( x: number ): string {
	return ( x * 100 ).toFixed( 2 ) + '%';
}

/**
 * The report as text.
 *
 * @param report from buildReport
 */
export function formatReport( report: ExperimentReport ): string {
	const lines = [
		`Experiment ${ report.experiment } — rate of "${ report.action }" per subject`,
		'group'.padEnd( 14 ) + 'subjects'.padStart( 10 ) + 'exposed'.padStart( 10 ) + 'events'.padStart( 10 ) + 'rate'.padStart( 10 ) + '   95% CI'.padEnd( 22 ) + 'vs ' + ( report.groups[ 0 ] ? report.groups[ 0 ].group : '-' ) + ' (95% CI)',
	];
	for ( const g of report.groups ) {
		lines.push( g.group.padEnd( 14 ) + String( g.subjects ).padStart( 10 ) + String( g.exposures ).padStart( 10 ) + String( g.events ).padStart( 10 ) +
			pct( g.rate ).padStart( 10 ) + `   [${ pct( g.rateInterval[ 0 ] ) }, ${ pct( g.rateInterval[ 1 ] ) }]`.padEnd( 22 ) +
			( g.difference ? `${ g.difference.difference >= 0 ? '+' : '' }${ pct( g.difference.difference ) } [${ pct( g.difference.low ) }, ${ pct( g.difference.high ) }]` : 'reference' ) );
	}
	const srm = report.srm;
	lines.push( `Sample ratio: chi-square ${ srm.statistic.toFixed( 2 ) } (df ${ srm.df }), p = ${ srm.p < 1e-4 ? srm.p.toExponential( 2 ) : srm.p.toFixed( 4 ) }` +
		( srm.mismatch ? ' — SAMPLE RATIO MISMATCH (p < 0.001): the groups are not the sizes they should be; do not trust the comparison.' : ' — no mismatch.' ) );
	return lines.join( '\n' );
}
