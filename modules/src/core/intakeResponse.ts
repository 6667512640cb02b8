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

interface EventGateError {
	event?: { meta?: { id?: unknown; stream?: unknown } };
	context?: { errors?: unknown; message?: unknown };
}

function describe( entry: EventGateError ): string {
	const meta = entry.event && entry.event.meta;
	const stream = meta && typeof meta.stream === 'string' ? meta.stream : 'unknown stream';
	const context = entry.context || {};
	let detail = typeof context.message === 'string' ? context.message : '';
	if ( Array.isArray( context.errors ) ) {
		detail = context.errors.map( ( e: { instancePath?: string; message?: string } ) => `${ e && e.instancePath || '/' } ${ e && e.message || '' }`.trim() ).join( '; ' );
	}
	return `${ stream }: ${ detail || 'invalid' }`;
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
		let parsed: { invalid?: EventGateError[]; error?: EventGateError[] } | null = null;
		try {
			parsed = JSON.parse( body || 'null' );
		} catch ( e ) {
			parsed = null;
		}
		const entries = parsed && typeof parsed === 'object' ?
			( Array.isArray( parsed.invalid ) ? parsed.invalid : [] ).concat( Array.isArray( parsed.error ) ? parsed.error : [] ) :
			[];
		const invalidIds: string[] = [];
		for ( const entry of entries ) {
			const id = entry && entry.event && entry.event.meta && entry.event.meta.id;
			if ( typeof id === 'string' ) {
				invalidIds.push( id );
			}
		}
		const messages = entries.slice( 0, 5 ).map( ( e ) => describe( e || {} ) );
		if ( !messages.length ) {
			messages.push( `the intake answered ${ status } without details` );
		}
		return { kind: 'partly-invalid', invalidIds, messages };
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
