/**
 * Strict RFC 3339 date-times (§5.6): `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, with upper-case `T`
 * and `Z` only (the RFC allows lower case; one spelling keeps definitions, the definition schema's
 * pattern and both clients in step). A date-time without an offset names a
 * different instant on every server (it would be read in local time), so it is refused, as is
 * everything else that is not this grammar (a space instead of `T`, `+0530`, week or ordinal dates,
 * 24:00, 31 April). Leap seconds (`:60`) are refused too: epoch milliseconds, which both clients
 * compare, cannot place them. Fractions beyond milliseconds are truncated. The PHP client
 * (includes/Core/Rfc3339.php) decides the same way: tests/fixtures/dates.json.
 */

const GRAMMAR = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;

function isLeapYear( year: number ): boolean {
	return year % 4 === 0 && ( year % 100 !== 0 || year % 400 === 0 );
}

function daysInMonth( year: number, month: number ): number {
	return month === 2 ? ( isLeapYear( year ) ? 29 : 28 ) : [ 4, 6, 9, 11 ].includes( month ) ? 30 : 31;
}

/**
 * Days from 1970-01-01 to a proleptic Gregorian date, by arithmetic alone (no Date, no time zone):
 * H. Hinnant's days_from_civil.
 *
 * @param year
 * @param month 1–12
 * @param day 1–31
 */
function daysFromCivil( year: number, month: number, day: number ): number {
	const y = month <= 2 ? year - 1 : year;
	const era = Math.floor( y / 400 );
	const yearOfEra = y - era * 400;
	const dayOfYear = Math.floor( ( 153 * ( month > 2 ? month - 3 : month + 9 ) + 2 ) / 5 ) + day - 1;
	const dayOfEra = yearOfEra * 365 + Math.floor( yearOfEra / 4 ) - Math.floor( yearOfEra / 100 ) + dayOfYear;
	return era * 146097 + dayOfEra - 719468;
}

/**
 * The instant an RFC 3339 date-time names, in milliseconds since the epoch, or null when the text is
 * not one (see the file comment for what is refused). The same answer in every process time zone.
 *
 * @example parseRfc3339( '2026-12-01T05:30:00+05:30' ) // 1764547200000 (2026-12-01T00:00:00Z)
 * @example parseRfc3339( '2026-12-01T00:00:00' ) // null: no offset
 * @param text anything
 */
export function parseRfc3339( text: unknown ): number | null {
	const m = typeof text === 'string' ? GRAMMAR.exec( text ) : null;
	if ( !m ) {
		return null;
	}
	const [ year, month, day, hour, minute, second ] = m.slice( 1, 7 ).map( Number );
	const offsetHours = m[ 9 ] ? Number( m[ 10 ] ) : 0;
	const offsetMinutes = m[ 9 ] ? Number( m[ 11 ] ) : 0;
	if ( month < 1 || month > 12 || day < 1 || day > daysInMonth( year, month ) || hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59 ) {
		return null;
	}
	const millis = m[ 7 ] ? Number( ( m[ 7 ] + '00' ).slice( 0, 3 ) ) : 0;
	const offset = ( m[ 9 ] === '-' ? -1 : 1 ) * ( offsetHours * 60 + offsetMinutes );
	return ( ( daysFromCivil( year, month, day ) * 24 + hour ) * 60 + minute - offset ) * 60000 + second * 1000 + millis;
}
