import { addContextAttributes } from './contextAttributes';
import { CompiledRule, failedRule } from './curation';
import { isTokenInSample } from './sampling';
import type { CompiledStream } from './streamConfig';
import type { ContextAttributes, JsonObject, SampleUnit } from './types';

/**
 * What one stream takes from one context: its contextual attributes (as addContextAttributes writes
 * them), its curation verdict (curation reads only those attributes, see streamConfigProblem) and
 * its sampling decision (the token of a unit is the context's). Made once per stream and context, so
 * that an event costs four assignments, not a reading of the context.
 */
interface StreamContext {
	/**
	 * `[ group, fields ]`, e.g. `[ 'page', { id: 1, title: 'Main_Page' } ]`, in the event's order;
	 * made at the second event (a context port that returns a new object for each event pays nothing).
	 */
	groups: [ string, JsonObject ][] | null;
	/** The first curation rule the attributes fail; undefined until the first event. */
	rule: CompiledRule | null | undefined;
	inSample: boolean;
}

/** The per-context answers of a client's streams. */
export interface ContextCache {
	/**
	 * Whether the subject is in the stream's sample, for this context.
	 *
	 * @param stream
	 * @param context the object the context port returned
	 */
	inSample( stream: CompiledStream, context: ContextAttributes ): boolean;
	/**
	 * Adds the stream's contextual attributes to the event and gives the first curation rule the
	 * event fails, or null. From the second event of a context on, the groups (`page`, `performer`…)
	 * are frozen objects shared by the events of that stream and context.
	 *
	 * @param stream
	 * @param context the object the context port returned
	 * @param event the event being built
	 */
	addAttributes( stream: CompiledStream, context: ContextAttributes, event: JsonObject ): CompiledRule | null;
}

/**
 * A cache keyed by the context object itself: a context port returns the same object for as long as
 * nothing in it changed (the MediaWiki adapter checks mw.config for that; off-wiki, an object given
 * as the context is one context), and a new object when something did. Only the latest context is
 * kept.
 *
 * @param token the sampling token of a unit in a context (the core's token port)
 */
export function createContextCache( token: ( unit: SampleUnit, context: ContextAttributes ) => string | undefined ): ContextCache {
	let current: ContextAttributes | null = null;
	const streams = new Map<CompiledStream, StreamContext>();

	function entry( stream: CompiledStream, context: ContextAttributes ): StreamContext {
		if ( context !== current ) {
			current = context;
			streams.clear();
		}
		let found = streams.get( stream );
		if ( !found ) {
			found = {
				groups: null, rule: undefined,
				inSample: !stream.sample || isTokenInSample( token( stream.sample.unit, context ), stream.sample ),
			};
			streams.set( stream, found );
		}
		return found;
	}

	/**
	 * The attributes as an event of this stream and context gets them, frozen (arrays too), so that
	 * every later event can share them: no event can change what another carries.
	 *
	 * @param stream
	 * @param context
	 */
	function template( stream: CompiledStream, context: ContextAttributes ): [ string, JsonObject ][] {
		const attributes: JsonObject = {};
		addContextAttributes( context, stream.attributes, attributes );
		return Object.keys( attributes ).map( ( group ): [ string, JsonObject ] => {
			const fields = attributes[ group ] as JsonObject;
			for ( const key of Object.keys( fields ) ) {
				if ( Array.isArray( fields[ key ] ) ) {
					Object.freeze( fields[ key ] );
				}
			}
			return [ group, Object.freeze( fields ) ];
		} );
	}

	return {
		inSample: ( stream, context ) => entry( stream, context ).inSample,
		addAttributes( stream, context, event ) {
			const found = entry( stream, context );
			if ( found.rule === undefined ) {
				// The first event of this context: read it as it is, for this event alone.
				addContextAttributes( context, stream.attributes, event );
				found.rule = failedRule( event, stream.curation );
				return found.rule;
			}
			const groups = found.groups || ( found.groups = template( stream, context ) );
			for ( let i = 0; i < groups.length; i++ ) {
				event[ groups[ i ][ 0 ] ] = groups[ i ][ 1 ];
			}
			return found.rule;
		},
	};
}
