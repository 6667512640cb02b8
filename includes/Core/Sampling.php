<?php

namespace MediaWiki\Extension\MetricsPlatform\Core;

/**
 * The sampling decision, bit for bit as the TypeScript client makes it: the first eight hex digits
 * of the token as an unsigned 32-bit integer over 2^32 − 1, in sample when strictly below the rate.
 * No sample block → in sample; rate 0, an invalid block or a missing token → out.
 */
class Sampling {

	public const UNITS = [ 'pageview', 'session', 'device' ];

	/**
	 * Why a sample block is unusable, or null when it is fine (an absent block is fine).
	 *
	 * @param mixed $sample
	 * @return string|null
	 */
	public static function problem( $sample ): ?string {
		if ( $sample === null ) {
			return null;
		}
		if ( !is_array( $sample ) || JsonList::is( $sample ) && $sample !== [] ) {
			return 'sample must be an object with rate and unit';
		}
		$rate = $sample['rate'] ?? null;
		if ( !( is_int( $rate ) || is_float( $rate ) ) || !( $rate >= 0 && $rate <= 1 ) ) {
			return 'sample.rate ' . json_encode( $rate ) . ' is not a number from 0 to 1';
		}
		$unit = $sample['unit'] ?? null;
		if ( !is_string( $unit ) || !in_array( $unit, self::UNITS, true ) ) {
			return 'sample.unit ' . json_encode( $unit ) . ' is not one of ' . implode( ', ', self::UNITS );
		}
		return null;
	}

	/**
	 * @param string|null $token the identifier for the block's unit
	 * @param array|null $sample the stream's sample block
	 * @return bool
	 */
	public static function isTokenInSample( ?string $token, ?array $sample ): bool {
		if ( $sample === null ) {
			return true;
		}
		if ( self::problem( $sample ) !== null || $token === null || !preg_match( '/^[0-9a-fA-F]{8}/', $token ) ) {
			return false;
		}
		return hexdec( substr( $token, 0, 8 ) ) / 4294967295 < $sample['rate'];
	}

	/**
	 * The legacy "1 in N" decision.
	 *
	 * @param string $token
	 * @param mixed $populationSize
	 * @return bool
	 */
	public static function isTokenOneInN( string $token, $populationSize ): bool {
		if ( !is_int( $populationSize ) || $populationSize < 1 || !preg_match( '/^[0-9a-fA-F]{8}/', $token ) ) {
			return false;
		}
		return hexdec( substr( $token, 0, 8 ) ) % $populationSize === 0;
	}
}
