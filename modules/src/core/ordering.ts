/**
 * The one string order of the project, in both clients: by code point (the order of UTF-8 bytes,
 * PHP's strcmp). Not JavaScript's `<` on strings, which compares UTF-16 units and so puts U+1F600
 * before U+FF5E; not localeCompare, which depends on the runtime's locale data. Vectors:
 * tests/fixtures/ordering.json.
 *
 * @example compareCodePoints( 'B', 'a' ) // -1
 * @example compareCodePoints( '\uff5e', '😀' ) // -1
 * @param a
 * @param b
 * @return -1, 0 or 1
 */
export function compareCodePoints( a: string, b: string ): number {
	let i = 0;
	while ( i < a.length && i < b.length ) {
		const x = a.codePointAt( i ) as number;
		const y = b.codePointAt( i ) as number;
		if ( x !== y ) {
			return x < y ? -1 : 1;
		}
		// Equal code points have equal widths, so both strings advance alike.
		i += x > 0xffff ? 2 : 1;
	}
	return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}
