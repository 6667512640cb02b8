import { createBrowserDelivery } from '../browser/browserDelivery';
import type { MwEnvironment } from './mwEnvironment';
import type { AttachedBuilder } from './mwFacade';
import { storageKeys } from '../browser/webStorage';
import { CALLS_PREFIX, isLeftoverKey } from './mwLeftoverKeys';
import { takeOverLeftovers } from './mwLeftovers';
import { createEventBuilder, MwModuleConfig } from './mwMetricsPlatform';
import type { Mw } from './mwTypes';

/**
 * What the event builder module does when it arrives on a page: sets up delivery to the intake (none
 * without an intake URL; its outbox key is the page's own id, so that the every-page module tells
 * this page's stored events from other pages') and the event builder for this page's calls, and
 * offers the take-over of earlier pages' leftovers. A page that never records anything never loads
 * any of this.
 *
 * @param mw the `mw` global
 * @param win the window
 * @param config the module's config.json
 * @param env the page set-up of the every-page module
 */
export function attachBuilder( mw: Mw, win: Window, config: MwModuleConfig, env: MwEnvironment ): AttachedBuilder {
	try {
		// Built here after all (the page came back from the back-forward cache): not on a later page too.
		if ( env.store ) {
			env.store.removeItem( CALLS_PREFIX + env.pageId );
		}
	} catch ( e ) {
		// Storage refused: the worst case is that a later page builds these calls too.
	}
	env.delivery = config.intakeUrl ? createBrowserDelivery( { intakeUrl: config.intakeUrl, lingerMs: config.lingerMs }, {
		window: win,
		storage: env.store,
		instanceId: env.pageId,
		warn: env.warn,
		observer: () => env.hooks.delivery || ( env.user.debug ? ( report ) => env.hooks.early.push( [ report, 'delivery' ] ) : null ),
	} ) : null;
	const builder = createEventBuilder( mw, win, config, env );
	return {
		run: builder.run,
		takeOver: () => takeOverLeftovers( mw, win, config, env, env.store ? storageKeys( env.store, ( key ) => isLeftoverKey( key, env.pageId ) ) : [] ),
	};
}
