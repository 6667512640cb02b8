/**
 * A log that writes each distinct message once (a table that cannot take its rows would otherwise
 * write the same line for every request). It remembers up to 1,000 messages, then starts afresh:
 * memory stays bounded however many distinct messages come.
 *
 * @param log where a message goes the first time
 * @return the log to call instead
 */
export function onceLog( log: ( message: string ) => void ): ( message: string ) => void {
	const reported = new Set<string>();
	return ( message ) => {
		if ( !reported.has( message ) ) {
			if ( reported.size > 1000 ) {
				reported.clear();
			}
			reported.add( message );
			log( message );
		}
	};
}
