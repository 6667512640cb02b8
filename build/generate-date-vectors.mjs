#!/usr/bin/env node
/**
 * Writes tests/fixtures/dates.json: which texts are RFC 3339 date-times that definitions may use
 * (experiment start/end), and the instant each names. Written as a table by hand: every valid text
 * beside its instant as UTC fields, turned into epoch milliseconds with Date.UTC (never by parsing
 * the text), every refused text beside the reason. Then experiment windows at their edges.
 * Usage: node build/generate-date-vectors.mjs
 */
import { writeFileSync } from 'node:fs';

/**
 * Epoch milliseconds of a UTC time, from its fields.
 *
 * @param {number} y
 * @param {number} mo 1–12
 * @param {number} d
 * @param {number} h
 * @param {number} mi
 * @param {number} s
 * @param {number} ms
 * @return {number}
 */
function utc( y, mo, d, h = 0, mi = 0, s = 0, ms = 0 ) {
	return Date.UTC( y, mo - 1, d, h, mi, s, ms );
}

const DEC_1 = utc( 2026, 12, 1 );
const valid = [
	[ '2026-12-01T00:00:00Z', DEC_1, 'the canonical form' ],
	[ '2026-12-01T00:00:00.000Z', DEC_1, 'milliseconds' ],
	[ '2026-12-01T05:30:00+05:30', DEC_1, 'India: 05:30 local is midnight UTC' ],
	[ '2026-11-30T16:00:00-08:00', DEC_1, 'California: 16:00 the day before' ],
	[ '2026-12-01T13:45:00+13:45', DEC_1, 'Chatham Islands in summer: +13:45' ],
	[ '2026-12-01T00:00:00-00:00', DEC_1, '-00:00 (RFC 3339 §4.3: UTC, local offset unknown)' ],
	[ '2026-12-01T00:00:00.123456789Z', utc( 2026, 12, 1, 0, 0, 0, 123 ), 'a fraction beyond milliseconds is truncated' ],
	[ '2026-12-01T00:00:00.5Z', utc( 2026, 12, 1, 0, 0, 0, 500 ), 'one fraction digit: tenths' ],
	[ '2024-02-29T23:59:59.999Z', utc( 2024, 2, 29, 23, 59, 59, 999 ), 'a leap day' ],
	[ '2000-02-29T12:00:00+01:00', utc( 2000, 2, 29, 11 ), '2000 is a leap year (divisible by 400)' ],
	[ '1970-01-01T00:00:00Z', 0, 'the epoch' ],
	[ '1969-12-31T23:59:59.999Z', -1, 'before the epoch' ],
	[ '2027-01-01T00:59:59+01:00', utc( 2026, 12, 31, 23, 59, 59 ), 'an offset that crosses the year' ],
	[ '9999-12-31T23:59:59Z', utc( 9999, 12, 31, 23, 59, 59 ), 'the last four-digit year' ],
	[ '2026-03-29T02:30:00+01:00', utc( 2026, 3, 29, 1, 30 ), 'a wall-clock time that does not exist in Europe (DST gap) names one instant anyway, given its offset' ]
];
const refused = [
	[ '2026-12-01T00:00:00', 'no offset: local time, another instant on every server' ],
	[ '2026-12-01T00:00:00.000', 'no offset, with a fraction' ],
	[ '2026-12-01', 'a date without a time' ],
	[ '2026-12-01 00:00:00Z', 'a space instead of T' ],
	[ '2026-12-01T00:00Z', 'no seconds' ],
	[ '2026-12-01T00:00:00+0530', 'an offset without a colon (ISO 8601 basic)' ],
	[ '2026-12-01T00:00:00+05', 'an offset without minutes' ],
	[ '2026-12-01T00:00:00UTC', 'UTC instead of Z' ],
	[ '2026-12-01t00:00:00z', 'lower-case t and z: RFC 3339 allows them, this project takes one spelling (as the definition schema\'s pattern does)' ],
	[ '2026-12-01T00:00:00z', 'a lower-case z' ],
	[ '2026-12-01T00:00:00 Z', 'a space before Z' ],
	[ '20261201T000000Z', 'ISO 8601 basic format' ],
	[ '2026-W49-2T00:00:00Z', 'an ISO week date' ],
	[ '2026-335T00:00:00Z', 'an ordinal date' ],
	[ '+002026-12-01T00:00:00Z', 'an expanded year' ],
	[ '26-12-01T00:00:00Z', 'a two-digit year' ],
	[ '2026-2-1T00:00:00Z', 'one-digit month and day' ],
	[ '2026-02-29T00:00:00Z', '2026 is not a leap year' ],
	[ '1900-02-29T00:00:00Z', '1900 is not a leap year (divisible by 100, not 400)' ],
	[ '2026-04-31T00:00:00Z', 'April has 30 days' ],
	[ '2026-13-01T00:00:00Z', 'month 13' ],
	[ '2026-00-10T00:00:00Z', 'month 0' ],
	[ '2026-12-00T00:00:00Z', 'day 0' ],
	[ '2026-12-01T24:00:00Z', '24:00 (ISO 8601 allows it, RFC 3339 does not)' ],
	[ '2026-12-01T23:60:00Z', 'minute 60' ],
	[ '2016-12-31T23:59:60Z', 'a leap second: refused, epoch milliseconds cannot place it' ],
	[ '2026-12-01T00:00:00.Z', 'a dot without fraction digits' ],
	[ '2026-12-01T00:00:00+24:00', 'offset hour 24' ],
	[ '2026-12-01T00:00:00+05:60', 'offset minute 60' ],
	[ ' 2026-12-01T00:00:00Z', 'a leading space' ],
	[ '2026-12-01T00:00:00Z\n', 'a trailing newline (PCRE\'s $ would let it through)' ],
	[ '２０２６-12-01T00:00:00Z', 'full-width digits' ],
	[ 'Dec 1, 2026', 'an English date' ],
	[ 'tomorrow', 'a relative date (PHP\'s strtotime reads it)' ],
	[ '1764547200', 'epoch seconds as text' ],
	[ '', 'empty' ],
	[ 1764547200000, 'a number, not a string' ],
	[ true, 'a boolean' ],
	[ [ '2026-12-01T00:00:00Z' ], 'a list' ]
];

const dates = valid.map( ( [ value, epochMs, note ] ) => ( { value, valid: true, epoch_ms: epochMs, note } ) )
	.concat( refused.map( ( [ value, note ] ) => ( { value, valid: false, epoch_ms: null, note } ) ) );

// Windows: enrolled iff start ≤ now < end, at the edges, with offsets on either side.
const windows = [
	[ '2026-12-01T05:30:00+05:30', '2026-12-15T00:00:00Z', DEC_1 - 1, false, 'a millisecond before the start' ],
	[ '2026-12-01T05:30:00+05:30', '2026-12-15T00:00:00Z', DEC_1, true, 'at the start (inclusive)' ],
	[ '2026-12-01T00:00:00Z', '2026-12-14T16:00:00-08:00', utc( 2026, 12, 15 ) - 1, true, 'a millisecond before the end' ],
	[ '2026-12-01T00:00:00Z', '2026-12-14T16:00:00-08:00', utc( 2026, 12, 15 ), false, 'at the end (exclusive)' ],
	[ '2026-12-01T13:45:00+13:45', null, DEC_1, true, 'no end' ],
	[ null, '2026-12-01T00:00:00.001Z', DEC_1, true, 'no start; a millisecond before the end' ]
].map( ( [ start, end, nowMs, enrolled, note ] ) => ( { start, end, now_ms: nowMs, enrolled, note } ) );

writeFileSync( new URL( '../tests/fixtures/dates.json', import.meta.url ), JSON.stringify( {
	description: 'Dates in definitions (experiment start and end): valid iff an RFC 3339 §5.6 date-time with Z or a numeric offset (upper-case T and Z; no leap seconds; fractions truncated to milliseconds); epoch_ms is the instant it names. windows: an experiment with rate 1 and these start/end (null: absent) enrols a subject at now_ms iff start ≤ now < end. The same answers in every process time zone.',
	dates,
	windows
}, null, '\t' ) + '\n' );
console.log( `Wrote ${ dates.length } date vectors (${ valid.length } valid) and ${ windows.length } windows.` );
