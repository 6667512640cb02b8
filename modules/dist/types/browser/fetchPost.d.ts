import { OutboxItem, SendResult } from '../core/delivery';
/** The subset of `fetch` that delivery uses. */
export type FetchLike = (url: string, init: {
    method: string;
    body: string;
    headers: Record<string, string>;
    keepalive?: boolean;
    credentials?: 'omit';
    signal?: unknown;
}) => Promise<{
    status: number;
    text(): Promise<string>;
}>;
/**
 * Creates the `post` port of delivery over `fetch`: one POST of a JSON array per batch, without
 * `hasty`, so that the intake's verdict comes back. The body is sent as text/plain, which needs no
 * CORS preflight. Never rejects: a network error or a timeout resolves as status 0.
 *
 * @param url the intake, e.g. `https://intake.example.org/v1/events`
 * @param fetchFn `window.fetch` (or Node's)
 * @param timeoutMs give up on an answer after this long
 */
export declare function createFetchPost(url: string, fetchFn: FetchLike, timeoutMs: number): (items: readonly OutboxItem[], keepalive: boolean) => Promise<SendResult>;
/**
 * The window's fetch, or one that always fails (so that delivery keeps events for a later page)
 * in a browser without it.
 *
 * @param win the window
 * @param win.fetch
 */
export declare function fetchOf(win: {
    fetch?: unknown;
}): FetchLike;
