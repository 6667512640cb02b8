import { batchBody, OutboxItem, SendResult, utf8Length } from '../core/delivery';

/** keepalive requests may carry at most 64 KiB in flight; larger bodies go without it. */
const KEEPALIVE_LIMIT = 65536;

/** The subset of `fetch` that delivery uses. */
export type FetchLike = ( url: string, init: {
	method: string;
	body: string;
	headers: Record<string, string>;
	keepalive?: boolean;
	credentials?: 'omit';
	signal?: unknown;
} ) => Promise<{ status: number; text(): Promise<string> }>;

/**
 * Creates the `post` port of delivery over `fetch`: one POST of a JSON array per batch, without
 * `hasty`, so that the intake's verdict comes back. The body is sent as text/plain, which needs no
 * CORS preflight. Never rejects: a network error or a timeout resolves as status 0.
 *
 * @param url the intake, e.g. `https://intake.example.org/v1/events`
 * @param fetchFn `window.fetch` (or Node's)
 * @param timeoutMs give up on an answer after this long
 */
export function createFetchPost( url: string, fetchFn: FetchLike, timeoutMs: number ): ( items: readonly OutboxItem[], keepalive: boolean ) => Promise<SendResult> {
	return ( items, keepalive ) => {
		const body = batchBody( items );
		const controller = typeof AbortController === 'function' ? new AbortController() : null;
		let timer: ReturnType<typeof setTimeout> | null = null;
		const timeout = new Promise<SendResult>( ( resolve ) => {
			timer = setTimeout( () => {
				if ( controller ) {
					controller.abort();
				}
				resolve( { status: 0 } );
			}, timeoutMs );
		} );
		const request = Promise.resolve().then( () => fetchFn( url, {
			method: 'POST',
			body,
			headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
			keepalive: keepalive && utf8Length( body ) < KEEPALIVE_LIMIT,
			credentials: 'omit',
			signal: controller ? controller.signal : undefined,
		} ) ).then(
			( response ) => response.text().then( ( text ) => ( { status: response.status, body: text } ), () => ( { status: response.status } ) ),
			() => ( { status: 0 } ),
		);
		return Promise.race( [ request, timeout ] ).then( ( result ) => {
			if ( timer !== null ) {
				clearTimeout( timer );
			}
			return result;
		} );
	};
}

/**
 * The window's fetch, or one that always fails (so that delivery keeps events for a later page)
 * in a browser without it.
 *
 * @param win the window
 * @param win.fetch
 */
export function fetchOf( win: { fetch?: unknown } ): FetchLike {
	return typeof win.fetch === 'function' ?
		( win.fetch as ( ...args: unknown[] ) => unknown ).bind( win ) as unknown as FetchLike :
		() => Promise.reject( new Error( 'this browser has no fetch' ) );
}
