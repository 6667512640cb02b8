import type { SendResult } from '../core/delivery';
import { batchBody, batchBytes, OutboxItem } from '../core/outboxBatch';

/** keepalive requests may carry at most 64 KiB in flight (delivery keeps the sum); a larger body goes without. */
const KEEPALIVE_LIMIT = 65536;

/** The subset of `fetch` that delivery uses. */
export type FetchLike = ( url: string, init: {
	method: string;
	body: string;
	headers: Record<string, string>;
	keepalive?: boolean;
	credentials?: 'omit';
	signal?: unknown;
} ) => Promise<{ status: number; text(): Promise<string>; headers?: { get( name: string ): string | null } }>;

/**
 * Creates the `post` port of delivery over `fetch`: one POST of a JSON array per batch, without
 * `hasty`, so that the intake's verdict comes back. The body is sent as text/plain, which needs no
 * CORS preflight. Never rejects: a network error or a timeout (the request is aborted) resolves as
 * status 0. `Retry-After` is passed on where it can be read (across origins, the intake must list it
 * in `Access-Control-Expose-Headers`).
 *
 * @param url the intake, e.g. `https://intake.example.org/v1/events`
 * @param fetchFn `window.fetch` (or Node's)
 * @param timeoutMs give up on an answer after this long (where AbortController exists: every
 *  browser ResourceLoader serves modern JavaScript to, and Node)
 */
export function createFetchPost( url: string, fetchFn: FetchLike, timeoutMs: number ): ( items: readonly OutboxItem[], keepalive: boolean ) => Promise<SendResult> {
	return ( items, keepalive ) => {
		const body = batchBody( items );
		const controller = typeof AbortController === 'function' ? new AbortController() : null;
		const timer = setTimeout( () => controller && controller.abort(), timeoutMs );
		return Promise.resolve().then( () => fetchFn( url, {
			method: 'POST',
			body,
			headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
			keepalive: keepalive && batchBytes( items ) < KEEPALIVE_LIMIT,
			credentials: 'omit',
			signal: controller ? controller.signal : undefined,
		} ) ).then(
			// The status is the verdict; a body cut short (aborted) only loses the details.
			( response ) => {
				const retryAfter = response.headers ? response.headers.get( 'Retry-After' ) : null;
				return response.text().then( ( text ) => ( { status: response.status, body: text, retryAfter } ), () => ( { status: response.status, retryAfter } ) );
			},
			() => ( { status: 0 } ),
		).then( ( result: SendResult ) => {
			clearTimeout( timer );
			return result;
		} );
	};
}

/**
 * The window's fetch, looked up at each call (with the window as `this`). In a browser without it
 * the call throws, which createFetchPost reports as a network error: delivery keeps the events for
 * a later page.
 *
 * @param win the window
 * @param win.fetch
 */
export function fetchOf( win: { fetch?: unknown } ): FetchLike {
	return ( url, init ) => ( win as { fetch: FetchLike } ).fetch( url, init );
}
