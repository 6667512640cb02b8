import type { Outcome } from '../core/outcome';
import { streamsOfCall } from './mwContextSources';
import type { MwModuleConfig, MwUserSettings, QueuedCall } from './mwMetricsPlatform';

/**
 * The action of a recorded call, as the event builder would write it.
 *
 * @param call a recorded call (mwFacade)
 */
export function actionOfCall( call: QueuedCall ): string | undefined {
	const a = call.a;
	const action = call.m === 'submitClick' ? 'click' :
		call.m === 'submitInteraction' ? a[ 2 ] :
			call.m === 'dispatch' ? a[ 0 ] :
				call.m === 'instrument' ? a[ 4 ] :
					call.m === 'gadget' ? a[ 1 ] :
						a[ 1 ] && typeof a[ 1 ] === 'object' ? ( a[ 1 ] as { action?: unknown } ).action : undefined;
	return typeof action === 'string' ? action : undefined;
}

/**
 * The outcomes of a call that the every-page module stopped before the event builder saw it (one
 * per stream it was for): with a problem its data was unusable (`invalid_data`); otherwise a gadget
 * call of a user who did not opt in (`not_opted_in`, decided first, as the gadget handle does), or
 * any call of a reader who refuses (`refused_privacy`). The every-page module passes only the call
 * and the problem, to stay small; the code follows from its rules, here.
 *
 * @param call the recorded call
 * @param problem the data's problem, if that was why
 * @param config the every-page module's config.json
 * @param user wgMetricsPlatformUser
 */
export function stoppedCallOutcomes( call: QueuedCall, problem: string | undefined, config: MwModuleConfig, user: MwUserSettings ): Outcome[] {
	const code = problem !== undefined ? 'invalid_data' : call.m === 'gadget' && !user.gadgetOptIn ? 'not_opted_in' : 'refused_privacy';
	return streamsOfCall( call, config ).map( ( stream ): Outcome => ( {
		code, stream, action: actionOfCall( call ), time: call.t,
		detail: problem !== undefined ? { problem } : undefined,
	} ) );
}
