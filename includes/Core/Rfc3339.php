<?php

namespace MediaWiki\Extension\MetricsPlatform\Core;

/**
 * Strict RFC 3339 date-times (§5.6), decided exactly as the TypeScript client's core/rfc3339.ts
 * decides (tests/fixtures/dates.json): `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, upper-case `T`
 * and `Z` only. No offset (local time: another instant on every server), other ISO 8601 forms, 24:00,
 * impossible dates and leap seconds are refused. Computed by arithmetic alone, so neither
 * date.timezone nor $wgLocaltimezone can change an answer.
 */
class Rfc3339 {

	// \z, not $: "$" would also match before a trailing newline.
	private const GRAMMAR = '/^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:(Z)|([+-])(\d{2}):(\d{2}))\z/';

	private static function daysInMonth( int $year, int $month ): int {
		if ( $month === 2 ) {
			return ( $year % 4 === 0 && ( $year % 100 !== 0 || $year % 400 === 0 ) ) ? 29 : 28;
		}
		return in_array( $month, [ 4, 6, 9, 11 ], true ) ? 30 : 31;
	}

	/** Days from 1970-01-01 (H. Hinnant's days_from_civil). */
	private static function daysFromCivil( int $year, int $month, int $day ): int {
		$y = $month <= 2 ? $year - 1 : $year;
		$era = intdiv( $y >= 0 ? $y : $y - 399, 400 );
		$yearOfEra = $y - $era * 400;
		$dayOfYear = intdiv( 153 * ( $month > 2 ? $month - 3 : $month + 9 ) + 2, 5 ) + $day - 1;
		$dayOfEra = $yearOfEra * 365 + intdiv( $yearOfEra, 4 ) - intdiv( $yearOfEra, 100 ) + $dayOfYear;
		return $era * 146097 + $dayOfEra - 719468;
	}

	/**
	 * The instant an RFC 3339 date-time names, in milliseconds since the epoch, or null when the value
	 * is not one.
	 *
	 * @param mixed $text
	 * @return int|null
	 */
	public static function parse( $text ): ?int {
		if ( !is_string( $text ) || !preg_match( self::GRAMMAR, $text, $m ) ) {
			return null;
		}
		[ $year, $month, $day, $hour, $minute, $second ] = array_map( 'intval', array_slice( $m, 1, 6 ) );
		$signed = ( $m[9] ?? '' ) !== '';
		$offsetHours = $signed ? (int)$m[10] : 0;
		$offsetMinutes = $signed ? (int)$m[11] : 0;
		if ( $month < 1 || $month > 12 || $day < 1 || $day > self::daysInMonth( $year, $month ) ||
			$hour > 23 || $minute > 59 || $second > 59 || $offsetHours > 23 || $offsetMinutes > 59
		) {
			return null;
		}
		$millis = ( $m[7] ?? '' ) !== '' ? (int)substr( $m[7] . '00', 0, 3 ) : 0;
		$offset = ( $signed && $m[9] === '-' ? -1 : 1 ) * ( $offsetHours * 60 + $offsetMinutes );
		return ( ( self::daysFromCivil( $year, $month, $day ) * 24 + $hour ) * 60 + $minute - $offset ) * 60000 + $second * 1000 + $millis;
	}
}
