/**
 * What an EventGate-compatible intake's answer means for the events of one request.
 */

/** The decision for one request's events. */
export interface ResponseOutcome {
	/** Send them again later: a network error, a timeout, 5xx, 429 or 408. Otherwise they are done with. */
	retry: boolean;
	/**
	 * Empty when all were accepted. Else, for a retry, the reason (`HTTP 503`); for a refusal, the
	 * whole report: how many events were refused and why, as the intake's validator said.
	 */
	problem: string;
}

/** An entry of EventGate's `invalid` or `error` lists, as far as this client reads it. */
interface EventGateEntry {
	event?: { meta?: { stream?: unknown } };
	context?: { errors?: { instancePath?: string; message?: string }[]; message?: string };
}

/**
 * "stream: /path message; …" for one refused event.
 *
 * @param entry
 */
function entryMessage( entry: EventGateEntry ): string {
	const meta = ( entry && entry.event && entry.event.meta ) || {};
	const context = ( entry && entry.context ) || {};
	return ( meta.stream || '?' ) + ': ' + ( Array.isArray( context.errors ) ?
		context.errors.map( ( e ) => ( ( e && e.instancePath ) || '/' ) + ' ' + ( e && e.message ) ).join( '; ' ) :
		context.message || 'invalid' );
}

/**
 * Classifies an intake answer. Invalid events (207, 400) are never re-sent: sending again cannot
 * fix them; other refusals (wrong URL, too large) are final too.
 *
 * @example classifyResponse( 201, '', 3 ) // { retry: false, problem: '' }
 * @example classifyResponse( 503, '', 3 ) // { retry: true, problem: 'HTTP 503' }
 * @param status the HTTP status; 0 for a network error or a timeout
 * @param body the response body (EventGate: `{ "invalid": [...], "error": [...] }` on 207 and 400)
 * @param count how many events the request carried
 */
export function classifyResponse( status: number, body: string | undefined, count: number ): ResponseOutcome {
	if ( status >= 200 && status < 300 && status !== 207 ) {
		return { retry: false, problem: '' };
	}
	const http = `HTTP ${ status }`;
	if ( status === 207 || status === 400 ) {
		let refused = 0;
		let details = '';
		try {
			const parsed = JSON.parse( body || '{}' );
			const entries = ( [] as EventGateEntry[] ).concat( parsed.invalid || [], parsed.error || [] );
			refused = entries.length;
			details = entries.slice( 0, 5 ).map( entryMessage ).join( ' | ' );
		} catch ( e ) {
			// Not EventGate's shape: the status alone says it.
		}
		return { retry: false, problem: `The intake refused ${ refused || 'some' } of ${ count } event(s) as invalid: ${ details || http }` };
	}
	if ( status === 0 || status >= 500 || status === 429 || status === 408 ) {
		return { retry: true, problem: status ? http : 'network error or timeout' };
	}
	return { retry: false, problem: `The intake refused ${ count } event(s) (${ http }); they are dropped.` };
}

/**
 * The wait before attempt `attempt + 1`: exponential from `baseMs`, capped at `maxMs`, with jitter
 * (between half and all of it) so that many pages do not retry in step.
 *
 * @example retryDelay( 0, 1000, 60000, () => 1 ) // 1000
 * @param attempt failed attempts so far (0 after the first failure)
 * @param baseMs the first delay
 * @param maxMs the largest delay
 * @param random a number in [0, 1)
 */
export function retryDelay( attempt: number, baseMs: number, maxMs: number, random: () => number ): number {
	const full = Math.min( maxMs, baseMs * Math.pow( 2, Math.max( 0, attempt ) ) );
	return Math.round( full / 2 + ( full / 2 ) * random() );
}
