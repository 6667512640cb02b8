import { AttributePath } from './contextAttributes';
import { CompiledRule } from './curation';
import type { SampleConfig, StreamConfig, StreamConfigsInput } from './types';
/** The schema `dispatch()` and `submitClick()` write when a stream names none. */
export declare const WEB_BASE_SCHEMA_ID = "/analytics/product_metrics/web/base/1.3.0";
/** A usable stream, compiled once so that submitting an event does no parsing. */
export interface CompiledStream {
    readonly name: string;
    /** The `meta.stream` of its events (the producer's `stream_name` redirect, else `name`). */
    readonly destination: string;
    readonly sample: SampleConfig | undefined;
    readonly events: readonly string[];
    readonly attributes: readonly AttributePath[];
    readonly curation: readonly CompiledRule[];
    readonly schemaId: string;
    /** The config as given (a private copy). */
    readonly config: StreamConfig;
}
/** The streams a client knows, after validation. */
export interface StreamRegistry {
    /** A usable stream, or `null` for an unknown or disabled one. */
    get(name: string): CompiledStream | null;
    /** Why a stream is disabled, or `null`. */
    problem(name: string): string | null;
    /** Usable streams, in config order. */
    all(): readonly CompiledStream[];
}
/**
 * Why a stream config is unusable, naming the bad field, or `null` when it is valid.
 *
 * @example streamConfigProblem( { sample: { rate: 2, unit: 'session' } } ) // 'sample.rate 2 is not ...'
 * @param config one stream's config
 */
export declare function streamConfigProblem(config: unknown): string | null;
/**
 * Validates and compiles stream configs. Each invalid stream is disabled and reported once through
 * `warn`, naming the stream and the bad field; valid streams are unaffected. A config that is not an
 * object at all disables every stream, with one warning.
 *
 * @example
 * createStreamRegistry( { 'my.stream': { sample: { rate: 0.1, unit: 'session' } } }, console.warn )
 * @param input stream configs in the browser or the action=streamconfigs form, or `false`
 * @param warn receives one message per invalid stream
 */
export declare function createStreamRegistry(input: StreamConfigsInput | unknown, warn: (message: string) => void): StreamRegistry;
