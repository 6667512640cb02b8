import { isDropped, Outcome, ReasonCode } from '../../core/outcome';
import type { MetricsEvent } from '../../core/types';

/** Codes that follow an event after its call (by `meta.id`). */
const DELIVERY_CODES: ReasonCode[] = [ 'sent', 'accepted', 'delivery_retrying', 'delivery_failed', 'refused_by_intake' ];

/** What the intake's trace says about one event (GET /v1/trace). */
export interface IntakeVerdict {
	accepted: boolean;
	/** The intake's receive time (RFC 3339). */
	received: string;
	/** For a refusal: the intake's reason, with the failing field when it named one. */
	reason?: string;
}

/** One call in the inspector: its outcome, then what delivery and the intake said. */
export interface InspectorRow {
	/** Position in the list, from 1. */
	n: number;
	/** The call's outcome. */
	call: Outcome;
	/** The latest delivery state (absent until delivery reports). */
	delivery?: Outcome;
	/** Every state, in order (the call's first). */
	history: Outcome[];
	/** The intake's trace, when configured and found. */
	intake?: IntakeVerdict;
}

/** The answer of the intake's `GET /v1/trace`, as far as the inspector reads it. */
export interface TraceAnswer {
	accepted?: { id?: unknown; received?: unknown }[];
	refused?: { id?: unknown; reason?: unknown; path?: unknown; received?: unknown }[];
}

/** The inspector's list (see {@link createInspectorModel}). */
export interface InspectorModel {
	/** The rows, in the order of the calls. */
	readonly rows: InspectorRow[];
	/**
	 * Adds a call's outcome as a new row, or a delivery outcome to the row of its event. A delivery
	 * outcome for an event of no row (one an earlier page left) gets a row of its own.
	 */
	add( outcome: Outcome ): InspectorRow;
	/** Applies the intake's trace (accepted and refused events, by `meta.id`); returns the rows changed. */
	applyTrace( trace: TraceAnswer ): InspectorRow[];
	/** Rows handed to the network (or accepted by HTTP status) with no trace entry yet. */
	awaitingTrace(): InspectorRow[];
	/** The page view and session ids the built events carry (what the trace is asked about). */
	subjects(): { pageview: string[]; session: string[] };
}

/**
 * The current code of a row: the intake's verdict once the trace has one, else its delivery state
 * once there is one, else its call's.
 *
 * @param row
 */
export function rowState( row: InspectorRow ): ReasonCode {
	if ( row.intake ) {
		return row.intake.accepted ? 'accepted' : 'refused_by_intake';
	}
	return ( row.delivery || row.call ).code;
}

/**
 * The inspector's list: one row per call, updated in place as delivery and the intake report on
 * its event (matched by `meta.id`). Pure: the panel only renders it.
 */
export function createInspectorModel(): InspectorModel {
	const rows: InspectorRow[] = [];
	const byId = new Map<string, InspectorRow>();
	return {
		rows,
		add( outcome ) {
			const known = outcome.id ? byId.get( outcome.id ) : undefined;
			if ( known && DELIVERY_CODES.includes( outcome.code ) ) {
				known.delivery = outcome;
				known.history.push( outcome );
				return known;
			}
			const row: InspectorRow = { n: rows.length + 1, call: outcome, history: [ outcome ] };
			if ( DELIVERY_CODES.includes( outcome.code ) ) {
				row.delivery = outcome;
			}
			rows.push( row );
			if ( outcome.id ) {
				byId.set( outcome.id, row );
			}
			return row;
		},
		applyTrace( trace ) {
			const changed: InspectorRow[] = [];
			const set = ( id: unknown, verdict: IntakeVerdict ): void => {
				const row = typeof id === 'string' ? byId.get( id ) : undefined;
				if ( row && JSON.stringify( row.intake ) !== JSON.stringify( verdict ) ) {
					row.intake = verdict;
					changed.push( row );
				}
			};
			for ( const a of ( trace && Array.isArray( trace.accepted ) ? trace.accepted : [] ) ) {
				if ( a && typeof a === 'object' ) {
					set( a.id, { accepted: true, received: String( a.received || '' ) } );
				}
			}
			for ( const r of ( trace && Array.isArray( trace.refused ) ? trace.refused : [] ) ) {
				if ( r && typeof r === 'object' ) {
					const reason = String( r.reason || '' );
					set( r.id, { accepted: false, received: String( r.received || '' ), reason: typeof r.path === 'string' && r.path && !reason.includes( r.path ) ? `${ r.path } ${ reason }` : reason } );
				}
			}
			return changed;
		},
		awaitingTrace: () => rows.filter( ( row ) => !row.intake && !!row.delivery && ( row.delivery.code === 'sent' || row.delivery.code === 'accepted' ) ),
		subjects() {
			const pageview = new Set<string>();
			const session = new Set<string>();
			for ( const row of rows ) {
				const performer = row.call.event && ( row.call.event as MetricsEvent ).performer as Record<string, unknown> | undefined;
				if ( performer && typeof performer.pageview_id === 'string' ) {
					pageview.add( performer.pageview_id );
				}
				if ( performer && typeof performer.session_id === 'string' ) {
					session.add( performer.session_id );
				}
			}
			return { pageview: Array.from( pageview ), session: Array.from( session ) };
		},
	};
}

/**
 * Whether a row matches a filter: every word of it appears in the row's stream, action, code or
 * plain words (case-insensitive); an empty filter matches all.
 *
 * @param row
 * @param words the row's plain words as shown
 * @param filter what the user typed
 */
export function matchesFilter( row: InspectorRow, words: string, filter: string ): boolean {
	const haystack = [ row.call.stream, row.call.action || '', rowState( row ), row.call.code, words ].join( ' ' ).toLowerCase();
	return filter.toLowerCase().split( /\s+/ ).filter( Boolean ).every( ( word ) => haystack.includes( word ) );
}

/**
 * Whether the row's event will not reach the intake (by its current state).
 *
 * @param row
 */
export function isRowDropped( row: InspectorRow ): boolean {
	return isDropped( rowState( row ) );
}
