import { OUTBOX_PREFIX } from '../core/delivery';
import { restoreOutbox, takeStored } from '../core/outboxRestore';
import type { MwEnvironment } from './mwEnvironment';
import { createEventBuilder, MwModuleConfig, PageSnapshot } from './mwMetricsPlatform';
import { CALLS_PREFIX } from './mwLeftoverKeys';
import type { Mw } from './mwTypes';

/**
 * Takes over what earlier pages left in storage: builds their calls, each with its own page's
 * context, and sends their unsent events. Part of the event builder module, which the every-page
 * module loads only when it finds such keys.
 *
 * @param mw the `mw` global
 * @param win the window
 * @param config the module's config.json
 * @param env the page set-up of the every-page module
 * @param keys storage keys that isLeftoverKey accepted
 */
export function takeOverLeftovers( mw: Mw, win: Window, config: MwModuleConfig, env: MwEnvironment, keys: readonly string[] ): void {
	const store = env.store;
	if ( !store ) {
		return;
	}
	for ( const key of keys ) {
		if ( key.indexOf( CALLS_PREFIX ) !== 0 ) {
			continue;
		}
		try {
			const snapshot = takeStored( store, key ) as PageSnapshot | null;
			if ( snapshot && Array.isArray( snapshot.calls ) ) {
				createEventBuilder( mw, win, config, env, snapshot ).run( snapshot.calls );
			}
		} catch ( e ) {
			env.warn( `Calls kept under ${ key } could not be read (${ String( e ) }).` );
		}
	}
	if ( env.delivery ) {
		restoreOutbox( store, keys.filter( ( key ) => key.indexOf( OUTBOX_PREFIX ) === 0 ), env.delivery, env.warn );
	}
}
