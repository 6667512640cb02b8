/**
 * What an EventGate-compatible intake's answer means for the events of one request.
 */
/** The decision for one request's events. */
export type ResponseOutcome = 
/** All accepted: forget them. */
{
    kind: 'accepted';
} | 
/** Some or all refused as invalid: forget them all (re-sending cannot fix them), report the refused. */
{
    kind: 'partly-invalid';
    invalidIds: string[];
    messages: string[];
} | 
/** Network error, timeout, 5xx, 429: send again later. */
{
    kind: 'retry';
    reason: string;
} | 
/** A refusal that no retry can fix (wrong URL, too large): forget them, loudly. */
{
    kind: 'refused';
    reason: string;
};
/**
 * Classifies an intake answer.
 *
 * @example classifyResponse( 201, '' ) // { kind: 'accepted' }
 * @param status the HTTP status; 0 for a network error or a timeout
 * @param body the response body (EventGate: `{ "invalid": [...], "error": [...] }` on 207 and 400)
 */
export declare function classifyResponse(status: number, body: string | undefined): ResponseOutcome;
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
