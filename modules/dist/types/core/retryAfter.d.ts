/**
 * `Retry-After` (RFC 9110 §10.2.3): how long an intake asks a client to wait before trying again.
 */
/**
 * Milliseconds to wait according to a `Retry-After` value: delay-seconds (`120`) or an HTTP date
 * (`Wed, 21 Oct 2026 07:28:00 GMT`). Undefined for a missing or unreadable value; a date in the past
 * gives 0.
 *
 * @example parseRetryAfter( '120', 0 ) // 120000
 * @example parseRetryAfter( 'Thu, 01 Jan 1970 00:00:10 GMT', 4000 ) // 6000
 * @param value the header's value, or null when absent (or not readable across origins)
 * @param now the current time, ms since the epoch
 */
export declare function parseRetryAfter(value: string | null | undefined, now: number): number | undefined;
