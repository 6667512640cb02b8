/**
 * What an EventGate-compatible intake's answer means for the events of one request.
 */

/** The decision for one request's events. */
export type ResponseOutcome =
	/** All accepted: forget them. */
	{ kind: 'accepted' } |
	/** Some or all refused as invalid: forget them all (re-sending cannot fix them), report the refused. */
	{ kind: 'partly-invalid'; invalidIds: string[]; messages: string[] } |
	/** Network error, timeout, 5xx, 429: send again later. */
	{ kind: 'retry'; reason: string } |
	/** A refusal that no retry can fix (wrong URL, too large): forget them, loudly. */
	{ kind: 'refused'; reason: string };

/** An entry of EventGate's `invalid` or `error` lists, as far as this client reads it. */
interface EventGateEntry {
	event?: { meta?: { id?: unknown; stream?: unknown } };
	context?: { errors?: { instancePath?: string; message?: string }[]; message?: string };
}

/**
 * Classifies an intake answer.
 *
 * @example classifyResponse( 201, '' ) // { kind: 'accepted' }
 * @param status the HTTP status; 0 for a network error or a timeout
 * @param body the response body (EventGate: `{ "invalid": [...], "error": [...] }` on 207 and 400)
 */
export function classifyResponse( status: number, body: string | undefined ): ResponseOutcome {
	if ( status >= 200 && status < 300 && status !== 207 ) {
		return { kind: 'accepted' };
	}
	if ( status === 207 || status === 400 ) {
		const invalidIds: string[] = [];
		const messages: string[] = [];
		try {
			const parsed = JSON.parse( body || '{}' );
			for ( const entry of ( [] as EventGateEntry[] ).concat( parsed.invalid || [], parsed.error || [] ) ) {
				const meta = ( entry && entry.event && entry.event.meta ) || {};
				const context = ( entry && entry.context ) || {};
				if ( typeof meta.id === 'string' ) {
					invalidIds.push( meta.id );
				}
				if ( messages.length < 5 ) {
					// "stream: /path message; …", as the intake's validator reported it.
					messages.push( ( meta.stream || '?' ) + ': ' + ( Array.isArray( context.errors ) ?
						context.errors.map( ( e ) => ( ( e && e.instancePath ) || '/' ) + ' ' + ( e && e.message ) ).join( '; ' ) :
						context.message || 'invalid' ) );
				}
			}
		} catch ( e ) {
			// Not EventGate's shape: the status alone says it.
		}
		return { kind: 'partly-invalid', invalidIds, messages: messages.length ? messages : [ `HTTP ${ status } without details` ] };
	}
	if ( status === 0 || status >= 500 || status === 429 || status === 408 ) {
		return { kind: 'retry', reason: status ? `HTTP ${ status }` : 'network error or timeout' };
	}
	return { kind: 'refused', reason: `HTTP ${ status }` };
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
