/**
 * Delivery's side of the outcomes: delivery reports what it does with a batch in raw terms (handed
 * off, the intake's status and body), at no cost when nobody listens; {@link deliveryOutcomes}
 * turns a report into one outcome per event, in the inspector only.
 */
import { jsonOf, OutboxItem } from './outboxBatch';
import type { Outcome } from './outcome';

/** What delivery did with one batch. */
export interface DeliveryReport {
	items: readonly OutboxItem[];
	/** The intake's HTTP status (0: network error or timeout); absent when the batch was just handed off. */
	status?: number;
	/** The intake's answer body, when it was read. */
	body?: string;
	/** Failed attempts so far. */
	attempts: number;
	/** No more attempts on this page: kept for a later page, or given up. */
	parked?: boolean;
}

/** Hears delivery reports. */
export type DeliveryListener = ( report: DeliveryReport ) => void;

/** An EventGate-compatible intake's description of one refused event (mp-intake adds `index`). */
interface RefusedEntry {
	index?: number;
	event?: { meta?: { id?: unknown } };
	meta?: { id?: unknown };
	id?: unknown;
	context?: { errors?: { instancePath?: string; message?: string }[]; message?: string };
	reason?: string;
	message?: string;
	path?: string;
}

/**
 * The intake's words for one refused event: "/path message; …".
 *
 * @param entry
 */
function refusalMessage( entry: RefusedEntry ): string {
	const context = entry.context || {};
	if ( Array.isArray( context.errors ) && context.errors.length ) {
		return context.errors.map( ( e ) => ( ( e && e.instancePath ) || '/' ) + ' ' + ( e && e.message ) ).join( '; ' );
	}
	const text = context.message || entry.reason || entry.message;
	return text ? ( entry.path ? entry.path + ' ' : '' ) + text : 'refused';
}

/**
 * The `meta.id` of an item, whether it holds its event or only its JSON (a batch restored from storage).
 *
 * @param item
 */
function itemOf( item: OutboxItem ): { id: string; stream: string; action?: string } {
	try {
		const event = item.event || JSON.parse( jsonOf( item ) );
		return { id: String( event.meta.id ), stream: String( event.meta.stream ), action: typeof event.action === 'string' ? event.action : undefined };
	} catch ( e ) {
		return { id: '', stream: '' };
	}
}

/**
 * One outcome per event of a delivery report: `sent` when handed off; on an answer, `accepted`,
 * `refused_by_intake` (with the intake's message for that event: EventGate's `invalid`/`error`
 * entries, matched by `index` in the request or by `meta.id`), `delivery_retrying` (network error,
 * timeout, 408, 429, 5xx; a final refusal of the whole request such as 404 or 413 is
 * `refused_by_intake`) or `delivery_failed` (no more attempts on this page: kept for a later page).
 *
 * @example deliveryOutcomes( { items, status: 201, attempts: 0 }, now ) // [ { code: 'accepted', … } ]
 * @param report from delivery's observer port
 * @param time when (ms since the epoch)
 */
export function deliveryOutcomes( report: DeliveryReport, time: number ): Outcome[] {
	const status = report.status;
	const events = report.items.map( itemOf );
	const make = ( code: Outcome[ 'code' ], e: ReturnType<typeof itemOf>, message?: string ): Outcome => ( {
		code, stream: e.stream, action: e.action, id: e.id, time,
		detail: status === undefined ? undefined : { status, attempts: report.attempts, message },
	} );
	if ( status === undefined ) {
		return events.map( ( e ) => make( 'sent', e ) );
	}
	if ( status === 207 || status === 400 ) {
		let entries: RefusedEntry[] = [];
		try {
			const parsed = JSON.parse( report.body || '{}' );
			entries = ( [] as RefusedEntry[] ).concat( parsed.invalid || [], parsed.error || [] ).filter( ( x ) => x && typeof x === 'object' );
		} catch ( e ) {
			// Not EventGate's shape.
		}
		return events.map( ( e, i ) => {
			const entry = entries.filter( ( x ) => x.index === i || [ x.id, x.meta && x.meta.id, x.event && x.event.meta && x.event.meta.id ].includes( e.id ) )[ 0 ];
			// A 400 refuses the whole request; a 207 only the events it names.
			return entry ? make( 'refused_by_intake', e, refusalMessage( entry ) ) :
				status === 400 ? make( 'refused_by_intake', e, `HTTP 400${ entries.length ? '' : ' (the intake named no event)' }` ) : make( 'accepted', e );
		} );
	}
	if ( status >= 200 && status < 300 ) {
		return events.map( ( e ) => make( 'accepted', e ) );
	}
	const retry = status === 0 || status >= 500 || status === 429 || status === 408;
	const http = status ? `HTTP ${ status }` : 'network error or timeout';
	if ( !retry ) {
		// The whole request refused for good (404, 413, 415 …): the intake's reason when it gave one.
		let reason = '';
		try {
			const parsed = JSON.parse( report.body || '{}' );
			reason = typeof parsed.error === 'string' ? parsed.error : typeof parsed.reason === 'string' ? parsed.reason : typeof parsed.message === 'string' ? parsed.message : '';
		} catch ( e ) {
			// Not JSON.
		}
		return events.map( ( e ) => make( 'refused_by_intake', e, http + ( reason ? ': ' + reason : '' ) ) );
	}
	return events.map( ( e ) => make( report.parked ? 'delivery_failed' : 'delivery_retrying', e, http + ( report.parked ? '; kept for a later page' : '' ) ) );
}
