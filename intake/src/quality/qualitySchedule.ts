import Database from 'better-sqlite3';
import { checkLabel, CheckResult } from './checkResult';
import { statusCounts } from './qualityReport';
import { DefinedTableChecks, hasChecks, runQuality } from './qualityRun';

/** Options of {@link scheduleQuality}. */
export interface QualityScheduleOptions {
	/** The SQLite store (the file mp-intake writes). */
	store: string;
	/** Time between runs, in ms. The first run is one interval after the start. */
	everyMs: number;
	/** The defined tables with checks now (the definitions may be refreshed from the wiki). */
	tables: () => DefinedTableChecks[];
	/** One line per run that checked something. */
	log: ( message: string ) => void;
	/** The clock (tests). */
	now?: () => Date;
}

/** A running schedule. */
export interface QualitySchedule {
	/** Runs the checks now (what the timer does); returns how many checks ran. */
	runNow(): number;
	/** Stops the timer and closes the schedule's database connection. */
	stop(): void;
}

/**
 * The line a schedule logs for a run that checked something: the counts, and the checks that did not
 * pass (the first 10).
 *
 * @param results the run's results
 */
export function qualityRunLine( results: CheckResult[] ): string {
	const counts = statusCounts( results );
	const bad = results.filter( ( r ) => r.status !== 'pass' ).map( ( r ) => `${ r.table } ${ checkLabel( r ) } ${ r.status }` );
	return `quality: ${ results.length } checks — ${ counts.pass } pass, ${ counts.warn } warn, ${ counts.fail } fail, ${ counts.error } error` +
		( bad.length ? ` (${ bad.slice( 0, 10 ).join( '; ' ) }${ bad.length > 10 ? '; …' : '' })` : '' ) + '; results in mp_quality_results';
}

/**
 * Runs the declared checks every `everyMs` inside the intake, on its own connection to the store (the
 * intake's writes go on meanwhile: WAL). A run happens only when some defined table with checks exists
 * in the store; it writes the results table and logs one line (the counts, and the checks that did not
 * pass). A run that throws is logged and the schedule goes on.
 *
 * @param options
 */
export function scheduleQuality( options: QualityScheduleOptions ): QualitySchedule {
	let db: Database.Database | null = null;
	const now = options.now || ( () => new Date() );
	function runNow(): number {
		const tables = options.tables().filter( hasChecks );
		if ( !tables.length ) {
			return 0;
		}
		try {
			if ( !db ) {
				db = new Database( options.store );
				db.pragma( 'busy_timeout = 5000' );
			}
			const run = runQuality( db, tables, now() );
			if ( run.results.length ) {
				options.log( qualityRunLine( run.results ) );
			}
			return run.results.length;
		} catch ( e ) {
			options.log( `quality: the run failed: ${ ( e as Error ).message }` );
			return 0;
		}
	}
	const timer = setInterval( runNow, options.everyMs );
	timer.unref();
	return {
		runNow,
		stop() {
			clearInterval( timer );
			if ( db && db.open ) {
				db.close();
			}
		},
	};
}
