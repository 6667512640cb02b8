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
export declare function classifyResponse(status: number, body: string | undefined, count: number): ResponseOutcome;
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
export declare function retryDelay(attempt: number, baseMs: number, maxMs: number, random: () => number): number;
