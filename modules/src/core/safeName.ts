/**
 * A caller's name argument as a string, without throwing: `String()` throws for objects without a
 * usable `toString` (e.g. `Object.create( null )`, or one whose `toString` throws). Such values,
 * and anything that does not give a string, become `''`, which no stream, experiment or flag has.
 *
 * @example safeName( 'my.stream' ) // 'my.stream'
 * @example safeName( Object.create( null ) ) // ''
 * @param value what the caller passed
 */
export function safeName( value: unknown ): string {
	if ( typeof value === 'string' ) {
		return value;
	}
	try {
		const text = String( value );
		return typeof text === 'string' ? text : '';
	} catch ( e ) {
		return '';
	}
}

/**
 * Whether `key` is an own property of `record` (so `__proto__`, `constructor` and friends are never
 * mistaken for entries).
 *
 * @param record
 * @param key
 */
export function hasOwn( record: object, key: unknown ): key is string {
	return typeof key === 'string' && Object.prototype.hasOwnProperty.call( record, key );
}
