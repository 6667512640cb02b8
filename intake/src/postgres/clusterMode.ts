import cluster from 'node:cluster';

/** How long the primary waits before starting a replacement for a worker that died (a crash loop stays slow). */
const RESTART_DELAY_MS = 1000;

/**
 * Runs `processes` intake workers on one port (Node's cluster module: the primary accepts connections
 * and hands them to the workers in turn). Each worker runs the same command line and opens its own
 * connections to the shared PostgreSQL store; one that dies is replaced after a second (its requests
 * in flight are cut, never answered 201 without being stored). SIGTERM/SIGINT to the primary stop
 * every worker gracefully, then the primary.
 *
 * @param processes how many workers
 */
export function runPrimary( processes: number ): void {
	let stopping = false;
	const fork = (): void => {
		cluster.fork();
	};
	for ( let i = 0; i < processes; i++ ) {
		fork();
	}
	cluster.on( 'exit', ( worker, code, signal ) => {
		if ( stopping ) {
			if ( !Object.keys( cluster.workers || {} ).length ) {
				process.exitCode = 0;
			}
			return;
		}
		console.warn( `mp-intake: worker ${ worker.process.pid } exited (${ signal || code }); starting another` );
		setTimeout( fork, RESTART_DELAY_MS ).unref();
	} );
	const stop = ( signal: NodeJS.Signals ): void => {
		stopping = true;
		console.log( `mp-intake: ${ signal }, stopping ${ processes } processes` );
		for ( const worker of Object.values( cluster.workers || {} ) ) {
			worker?.process.kill( signal );
		}
	};
	process.once( 'SIGINT', () => stop( 'SIGINT' ) );
	process.once( 'SIGTERM', () => stop( 'SIGTERM' ) );
}

/** Whether this process is a worker started by {@link runPrimary}. */
export function isClusterWorker(): boolean {
	return cluster.isWorker;
}

/**
 * A connection URL without its password, for the console.
 *
 * @param url a postgres:// URL
 */
export function redactedUrl( url: string ): string {
	try {
		const u = new URL( url );
		u.password = u.password ? '***' : '';
		return u.toString();
	} catch ( e ) {
		return 'postgres://(unparsable URL)';
	}
}
