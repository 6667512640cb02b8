import { CompiledRule } from './curation';
import type { CompiledStream } from './streamConfig';
import type { ContextAttributes, JsonObject, SampleUnit } from './types';
/** The per-context answers of a client's streams. */
export interface ContextCache {
    /**
     * Whether the subject is in the stream's sample, for this context.
     *
     * @param stream
     * @param context the object the context port returned
     */
    inSample(stream: CompiledStream, context: ContextAttributes): boolean;
    /**
     * Adds the stream's contextual attributes to the event and gives the first curation rule the
     * event fails, or null. From the second event of a context on, the groups (`page`, `performer`…)
     * are frozen objects shared by the events of that stream and context.
     *
     * @param stream
     * @param context the object the context port returned
     * @param event the event being built
     */
    addAttributes(stream: CompiledStream, context: ContextAttributes, event: JsonObject): CompiledRule | null;
}
/**
 * A cache keyed by the context object itself: a context port returns the same object for as long as
 * nothing in it changed (the MediaWiki adapter checks mw.config for that; off-wiki, an object given
 * as the context is one context), and a new object when something did. Only the latest context is
 * kept.
 *
 * @param token the sampling token of a unit in a context (the core's token port)
 */
export declare function createContextCache(token: (unit: SampleUnit, context: ContextAttributes) => string | undefined): ContextCache;
