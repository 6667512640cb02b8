import { batchBody, OutboxItem } from '../core/outboxBatch';

/** The subset of `navigator` that the beacon uses. */
export interface BeaconNavigator {
	sendBeacon?( url: string, data?: string ): boolean;
}

/**
 * Creates the `beacon` port of delivery: hands a batch (a JSON array, sent as text/plain) to the
 * browser, which sends it even after the page is gone. Returns false when there is no sendBeacon or
 * the browser refuses (too large, blocked).
 *
 * @param url the intake
 * @param nav `window.navigator`
 */
export function createBeacon( url: string, nav: BeaconNavigator ): ( items: readonly OutboxItem[] ) => boolean {
	return ( items ) => typeof nav.sendBeacon === 'function' && nav.sendBeacon( url, batchBody( items ) ) === true;
}
