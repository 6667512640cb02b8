import type { SampleConfig, SampleUnit } from './types';

/** The sample units a stream may name. */
export const SAMPLE_UNITS: readonly SampleUnit[] = [ 'pageview', 'session', 'device' ];

const MAX_UINT32 = 4294967295;
const HEX8 = /^[0-9a-fA-F]{8}/;

/**
 * Why a sample block is unusable, or `null` when it is fine. An absent block is fine.
 *
 * @param sample the stream config's `sample` value
 */
export function sampleConfigProblem( sample: unknown ): string | null {
	if ( sample === undefined ) {
		return null;
	}
	if ( !sample || typeof sample !== 'object' || Array.isArray( sample ) ) {
		return 'sample must be an object with rate and unit';
	}
	const { rate, unit } = sample as { rate?: unknown; unit?: unknown };
	if ( typeof rate !== 'number' || !( rate >= 0 && rate <= 1 ) ) {
		return `sample.rate ${ JSON.stringify( rate ) } is not a number from 0 to 1`;
	}
	if ( typeof unit !== 'string' || !SAMPLE_UNITS.includes( unit as SampleUnit ) ) {
		return `sample.unit ${ JSON.stringify( unit ) } is not one of ${ SAMPLE_UNITS.join( ', ' ) }`;
	}
	return null;
}

/**
 * The position of a token in [0, 1]: its first eight hex digits as an unsigned 32-bit integer over
 * 2^32 − 1. `NaN` for a token that does not start with eight hex digits.
 *
 * @param token a 20-hex-digit identifier
 */
export function tokenPosition( token: string ): number {
	return HEX8.test( token ) ? parseInt( token.slice( 0, 8 ), 16 ) / MAX_UINT32 : NaN;
}

/**
 * The upstream sampling decision: in sample when the token's position is strictly below the rate.
 * No sample block → in sample; a rate of 0, an invalid block or a missing token → out of sample.
 * Monotone in the rate: in sample at `r` means in sample at every rate above `r`.
 *
 * @example isTokenInSample( 'ffffffff000000000000', { rate: 1, unit: 'session' } ) // false
 * @param token the identifier for the block's unit (pageview, session or device id)
 * @param sample the stream's sample block
 */
export function isTokenInSample( token: string | undefined, sample: SampleConfig | undefined ): boolean {
	if ( sample === undefined ) {
		return true;
	}
	if ( sampleConfigProblem( sample ) !== null || typeof token !== 'string' ) {
		return false;
	}
	return tokenPosition( token ) < sample.rate;
}

/**
 * The legacy "1 in N" decision: the token's first eight hex digits are divisible by N.
 * N < 1 or not a whole number → out of sample; N = 1 → always in.
 *
 * @example isTokenOneInN( 'eeeeeeeeeeeeeeeeeeee', 2 ) // true
 * @param token a hex identifier
 * @param populationSize N
 */
export function isTokenOneInN( token: string, populationSize: number ): boolean {
	if ( !Number.isInteger( populationSize ) || populationSize < 1 || !HEX8.test( token ) ) {
		return false;
	}
	return parseInt( token.slice( 0, 8 ), 16 ) % populationSize === 0;
}
