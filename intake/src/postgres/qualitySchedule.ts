import type { CheckResult } from '../quality/checkResult';
import { DefinedTableChecks, hasChecks } from '../quality/qualityRun';
import { qualityRunLine } from '../quality/qualitySchedule';
import type { PostgresSink } from './postgresSink';
import { runPgQuality } from './quality';

/** Options of {@link schedulePgQuality}. */
export interface PgQualityScheduleOptions {
	/** The store every intake process shares. */
	sink: Pick<PostgresSink, 'pool' | 'runOncePerSlot'>;
	/** The slot length, in ms: one run per slot, whatever the number of processes. */
	everyMs: number;
	/** The defined tables with checks now (the definitions may be refreshed from the wiki). */
	tables: () => DefinedTableChecks[];
	/** One line per run that checked something. */
	log: ( message: string ) => void;
	/** The clock (tests). */
	now?: () => Date;
}

/** A running schedule on PostgreSQL. */
export interface PgQualitySchedule {
	/**
	 * Runs the checks now unless a process (this one or another) already ran them in this slot;
	 * resolves with how many checks this call ran (0 when another ran them, or nothing is checkable).
	 */
	runNow(): Promise<number>;
	/** Stops the timer; resolves once a run under way has finished. */
	stop(): Promise<void>;
}

/**
 * The intake's quality schedule on a PostgreSQL store that N processes share: every process has the
 * timer, and each run goes through runOncePerSlot (an advisory lock and a row per slot in
 * `mp_schedule_runs`), so one process runs the checks per slot of `everyMs` and writes one result set.
 * The timers fire at the slots' starts (the clock's multiples of `everyMs`), so that the processes try
 * the same slot at about the same time. A run that fails is logged and the schedule goes on.
 *
 * @param options
 */
export function schedulePgQuality( options: PgQualityScheduleOptions ): PgQualitySchedule {
	const now = options.now || ( () => new Date() );
	let running: Promise<number> | null = null;
	async function run(): Promise<number> {
		const tables = options.tables().filter( hasChecks );
		if ( !tables.length ) {
			return 0;
		}
		const at = now();
		let results: CheckResult[] = [];
		try {
			await options.sink.runOncePerSlot( 'quality', options.everyMs, async () => {
				results = ( await runPgQuality( options.sink.pool, tables, at ) ).results;
			}, at.getTime() );
		} catch ( e ) {
			options.log( `quality: the run failed: ${ ( e as Error ).message }` );
			return 0;
		}
		if ( results.length ) {
			options.log( qualityRunLine( results ) );
		}
		return results.length;
	}
	function runNow(): Promise<number> {
		// Never two runs of one process at once (a slow run and the next tick).
		if ( !running ) {
			running = run().finally( () => {
				running = null;
			} );
		}
		return running;
	}
	let timer: ReturnType<typeof setTimeout> | null = null;
	let stopped = false;
	// Re-armed after each run for the next slot's start (an interval would drift off the slots).
	const arm = (): void => {
		if ( stopped ) {
			return;
		}
		timer = setTimeout( () => {
			runNow().catch( () => undefined ).finally( arm );
		}, options.everyMs - ( now().getTime() % options.everyMs ) );
		timer.unref();
	};
	arm();
	return {
		runNow,
		async stop() {
			stopped = true;
			if ( timer ) {
				clearTimeout( timer );
			}
			await running;
		},
	};
}
