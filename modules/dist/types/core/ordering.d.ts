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
export declare function compareCodePoints(a: string, b: string): number;
