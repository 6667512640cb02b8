/** After this many distinct messages a page stops reporting, so a broken loop cannot flood the console. */
export const MAX_DISTINCT_WARNINGS = 100;

/**
 * Wraps a warning function so that each distinct message is reported once.
 *
 * @param warn the underlying logger
 */
export function warnOnce( warn: ( message: string ) => void ): ( message: string ) => void {
	const seen = new Set<string>();
	return ( message ) => {
		if ( seen.has( message ) || seen.size >= MAX_DISTINCT_WARNINGS ) {
			return;
		}
		seen.add( message );
		try {
			warn( message );
		} catch ( e ) {
			// A broken logger must not break the caller either.
		}
	};
}
