/**
 * When the wiki's control plane ends a stream, and why the intake then refuses its events.
 *
 * Where the window is known: **the intake knows it itself.** action=metricsplatformconfig serves each
 * active definition's end as `control_plane.end` and lists the definitions already past their end
 * under `expired` (stream name → `{ definition, end }`). The intake refuses an event received at or
 * after its stream's end by its own clock, from that very second, rather than waiting for the next
 * refresh to drop the stream (`--streams-refresh`, 60 s by default, and the API's 5-minute cache
 * would otherwise let events in for up to 6 minutes past the end); and a stream that was already
 * expired when the configs were read is named with its end, not as an unknown stream. Streams
 * without `control_plane.end` (LocalSettings.php, EventStreamConfig) never end here.
 */

/** The expiry rule of the declared streams. */
export interface StreamExpiry {
	/**
	 * The reason to refuse an event of `metaStream` received at `at`, naming the end date (as the
	 * definition wrote it); null when the stream has not ended.
	 */
	refusal( metaStream: string, at: Date ): string | null;
}

/** No stream ends (stream configs that carry no windows). */
export const NO_EXPIRY: StreamExpiry = { refusal: () => null };

function isObject( value: unknown ): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray( value );
}

/**
 * An end as written and its instant (ms), or null when `end` is not a date.
 *
 * @param end
 */
function endOf( end: unknown ): { text: string; ms: number } | null {
	const ms = typeof end === 'string' ? Date.parse( end ) : NaN;
	return Number.isFinite( ms ) ? { text: end as string, ms } : null;
}

function reason( stream: string, end: string, definition: unknown ): string {
	const name = typeof definition === 'string' && definition !== stream ? ` (definition "${ definition }")` : '';
	return `stream "${ stream }" ended on ${ end }${ name }: its definition has expired; renew it on the wiki to collect again`;
}

/**
 * Reads the windows from stream configs in the action=metricsplatformconfig form (`{ streams,
 * expired }`). Events arrive under a stream's `stream_name` when it has one; when several streams
 * send under one name, that name ends with the last of them, and never if one of them has no end.
 * Malformed entries are ignored (the stream then never ends here); bad input never throws.
 *
 * @example createStreamExpiry( { streams: { 'a.b': { control_plane: { end: '2027-01-01T00:00:00Z' } } } } ).refusal( 'a.b', new Date( '2027-01-01T00:00:00Z' ) )
 *   // 'stream "a.b" ended on 2027-01-01T00:00:00Z: …'
 * @param input stream configs, any accepted form
 */
export function createStreamExpiry( input: unknown ): StreamExpiry {
	if ( !isObject( input ) || !isObject( input.streams ) ) {
		return NO_EXPIRY;
	}
	/** destination → its last end, or null when one of its streams does not end. */
	const ends = new Map<string, { text: string; ms: number; definition: unknown } | null>();
	for ( const [ name, config ] of Object.entries( input.streams ) ) {
		if ( !isObject( config ) ) {
			continue;
		}
		const producers = isObject( config.producers ) ? config.producers : {};
		const mp = isObject( producers.metrics_platform_client ) ? producers.metrics_platform_client : {};
		const destination = typeof mp.stream_name === 'string' && mp.stream_name ? mp.stream_name : name;
		const plane = isObject( config.control_plane ) ? config.control_plane : {};
		const end = endOf( plane.end );
		const known = ends.get( destination );
		if ( !end || known === null ) {
			ends.set( destination, null );
		} else if ( !known || end.ms > known.ms ) {
			ends.set( destination, Object.assign( end, { definition: plane.definition } ) );
		}
	}
	const expired = new Map<string, string>();
	for ( const [ name, entry ] of Object.entries( isObject( input.expired ) ? input.expired : {} ) ) {
		const end = isObject( entry ) ? endOf( entry.end ) : null;
		if ( end && !ends.has( name ) ) {
			expired.set( name, reason( name, end.text, ( entry as Record<string, unknown> ).definition ) );
		}
	}
	return {
		refusal( metaStream, at ) {
			const end = ends.get( metaStream );
			if ( end ) {
				return at.getTime() >= end.ms ? reason( metaStream, end.text, end.definition ) : null;
			}
			return end === null ? null : expired.get( metaStream ) || null;
		},
	};
}
