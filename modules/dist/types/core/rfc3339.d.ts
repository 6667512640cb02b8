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
/**
 * The instant an RFC 3339 date-time names, in milliseconds since the epoch, or null when the text is
 * not one (see the file comment for what is refused). The same answer in every process time zone.
 *
 * @example parseRfc3339( '2026-12-01T05:30:00+05:30' ) // 1764547200000 (2026-12-01T00:00:00Z)
 * @example parseRfc3339( '2026-12-01T00:00:00' ) // null: no offset
 * @param text anything
 */
export declare function parseRfc3339(text: unknown): number | null;
