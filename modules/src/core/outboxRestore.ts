import type { Delivery, OutboxStorage } from './delivery';
import type { MetricsEvent } from './types';

/**
 * Reads a stored JSON value and removes it, so that only one page ever takes it over. Throws when
 * storage refuses or the text is not JSON; a missing key gives null.
 *
 * @param storage where the value waits
 * @param key its key
 */
export function takeStored( storage: OutboxStorage, key: string ): unknown {
	const text = storage.getItem( key );
	storage.removeItem( key );
	return JSON.parse( text || 'null' );
}

/**
 * Takes over the events that earlier pages left in storage (they could not be handed off before
 * those pages went away) and sends them through this page's delivery. Each key is removed as it is
 * read, so two pages never both take the same events over; the intake de-duplicates by meta.id what
 * was sent twice anyway. Runs only when the caller found such keys, so that pages with nothing left
 * over do not load it.
 *
 * @example restoreOutbox( storage, [ 'mp-outbox:0a1b…' ], delivery, mw.log.warn ) // 3
 * @param storage where the events wait
 * @param keys the keys of earlier pages (never this page's own key)
 * @param delivery this page's delivery
 * @param warn receives problem reports
 * @return how many events were taken over
 */
export function restoreOutbox( storage: OutboxStorage, keys: readonly string[], delivery: Delivery, warn: ( message: string ) => void ): number {
	let restored = 0;
	for ( const key of keys ) {
		let parsed: unknown;
		try {
			parsed = takeStored( storage, key );
		} catch ( e ) {
			warn( `Stored events under ${ key } could not be read (${ String( e ) }).` );
			continue;
		}
		for ( const event of Array.isArray( parsed ) ? parsed : [] ) {
			if ( event && typeof event === 'object' ) {
				delivery.add( event as MetricsEvent );
				restored++;
			}
		}
	}
	if ( restored ) {
		delivery.flush();
	}
	return restored;
}
