/**
 * A caller's name argument as a string, without throwing: `String()` throws for objects without a
 * usable `toString` (e.g. `Object.create( null )`, or one whose `toString` throws). Such values,
 * and anything that does not give a string, become `''`, which no stream, experiment or flag has.
 *
 * @example safeName( 'my.stream' ) // 'my.stream'
 * @example safeName( Object.create( null ) ) // ''
 * @param value what the caller passed
 */
export declare function safeName(value: unknown): string;
/**
 * Whether `key` is an own property of `record` (so `__proto__`, `constructor` and friends are never
 * mistaken for entries).
 *
 * @param record
 * @param key
 */
export declare function hasOwn(record: object, key: unknown): key is string;
