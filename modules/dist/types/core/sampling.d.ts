import type { SampleConfig, SampleUnit } from './types';
/** The sample units a stream may name. */
export declare const SAMPLE_UNITS: readonly SampleUnit[];
/**
 * Why a sample block is unusable, or `null` when it is fine. An absent block is fine.
 *
 * @param sample the stream config's `sample` value
 */
export declare function sampleConfigProblem(sample: unknown): string | null;
/**
 * The position of a token in [0, 1]: its first eight hex digits as an unsigned 32-bit integer over
 * 2^32 − 1. `NaN` for a token that does not start with eight hex digits.
 *
 * @param token a 20-hex-digit identifier
 */
export declare function tokenPosition(token: string): number;
/**
 * The upstream sampling decision: in sample when the token's position is strictly below the rate.
 * No sample block → in sample; a rate of 0, an invalid block or a missing token → out of sample.
 * Monotone in the rate: in sample at `r` means in sample at every rate above `r`.
 *
 * @example isTokenInSample( 'ffffffff000000000000', { rate: 1, unit: 'session' } ) // false
 * @param token the identifier for the block's unit (pageview, session or device id)
 * @param sample the stream's sample block
 */
export declare function isTokenInSample(token: string | undefined, sample: SampleConfig | undefined): boolean;
/**
 * The legacy "1 in N" decision: the token's first eight hex digits are divisible by N.
 * N < 1 or not a whole number → out of sample; N = 1 → always in.
 *
 * @example isTokenOneInN( 'eeeeeeeeeeeeeeeeeeee', 2 ) // true
 * @param token a hex identifier
 * @param populationSize N
 */
export declare function isTokenOneInN(token: string, populationSize: number): boolean;
