import type { EventSink } from '../sink';

/** A running purge schedule. */
export interface PurgeTimer {
	/** Stops the schedule and resolves once a purge under way has finished. */
	stop(): Promise<void>;
}

/**
 * Purges the store now and every `everyMs` after (never two at once), as the intake's own retention
 * schedule; a failed purge is logged and the next one tries again. The timer does not keep the process
 * alive.
 *
 * @param sink a store that purges
 * @param everyMs the interval
 * @param now the clock (ms since the epoch)
 * @param log problems
 */
export function startPurgeTimer( sink: Required<Pick<EventSink, 'purge'>>, everyMs: number, now: () => number, log: ( message: string ) => void ): PurgeTimer {
	let running: Promise<void> | null = null;
	const run = (): void => {
		if ( running ) {
			return;
		}
		running = sink.purge( now() ).then( () => undefined, ( e: Error ) => log( `purge failed: ${ e.message }` ) ).finally( () => {
			running = null;
		} );
	};
	const timer = setInterval( run, everyMs );
	timer.unref();
	run();
	return {
		async stop() {
			clearInterval( timer );
			await running;
		},
	};
}
