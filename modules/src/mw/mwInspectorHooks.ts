import type { OutcomeListener } from '../core/outcome';
import type { InspectorHooks } from './mwEnvironment';

/**
 * The outcome listener of the moment for the lazily loaded modules (event builder, experiments):
 * the inspector's once it listens; before that, in debug, one that keeps outcomes in `early` for it;
 * otherwise null, so that nothing is made.
 *
 * @param hooks `mw.metricsPlatform.inspector`
 * @param debug wgMetricsPlatformUser.debug (the server loads the inspector then)
 */
export function outcomeListenerOf( hooks: InspectorHooks | undefined, debug: boolean | undefined ): OutcomeListener | null {
	return !hooks ? null : hooks.outcome || ( debug ? ( outcome ) => hooks.early.push( [ outcome ] ) : null );
}
