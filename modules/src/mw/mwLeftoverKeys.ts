/** Storage keys of the calls a page could not build before it went away: this prefix and the page's id. */
export const CALLS_PREFIX = 'mp-calls:';

/**
 * Whether a storage key holds what another page left behind: its calls, or its unsent events
 * (delivery's `mp-outbox:` prefix, core/delivery.ts), each followed by that page's id.
 *
 * @param key a localStorage key
 * @param pageId this page's id (its own keys are not leftovers)
 */
export function isLeftoverKey( key: string, pageId: string ): boolean {
	return /^mp-(calls|outbox):/.test( key ) && !key.includes( pageId );
}
