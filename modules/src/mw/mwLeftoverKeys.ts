import { OUTBOX_PREFIX } from '../core/delivery';

/** Storage keys of the calls a page could not build before it went away: this prefix and its pageview token. */
export const CALLS_PREFIX = 'mp-calls:';

/**
 * Whether a storage key holds what another page left behind: its calls or its unsent events.
 *
 * @param key a localStorage key
 * @param pageview this page's pageview token (its own keys are not leftovers)
 */
export function isLeftoverKey( key: string, pageview: string ): boolean {
	return ( key.indexOf( CALLS_PREFIX ) === 0 || key.indexOf( OUTBOX_PREFIX ) === 0 ) && key.slice( key.indexOf( ':' ) + 1 ) !== pageview;
}
