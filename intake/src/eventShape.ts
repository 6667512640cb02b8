/**
 * Checks on one parsed event before anything reads it as an event: bounded nesting, no key that
 * sets a prototype when copied, and only numbers JSON can write back.
 */

/** Nesting deeper than this is refused before validation (a guard against stack-hungry input). */
export const MAX_EVENT_DEPTH = 32;

/**
 * Why an event's JSON value is refused, or null. Iterative, so hostile nesting cannot exhaust the
 * stack; stops at the first problem.
 * - nesting deeper than {@link MAX_EVENT_DEPTH};
 * - a `__proto__` key anywhere: copied with plain assignment (`Object.assign`, most merge helpers)
 *   it replaces the copy's prototype, so what a reader of the stored event sees would differ from
 *   what was validated;
 * - a number JSON cannot hold (`1e400` parses to Infinity and would be stored as `null`).
 *
 * @param event a value from `JSON.parse`
 */
export function eventShapeProblem( event: unknown ): string | null {
	const stack: unknown[] = [ event ];
	const depths: number[] = [ 1 ];
	while ( stack.length ) {
		const value = stack.pop();
		const depth = depths.pop() as number;
		if ( typeof value === 'number' ) {
			if ( !Number.isFinite( value ) ) {
				return 'the event holds a number too large for JSON';
			}
			continue;
		}
		if ( !value || typeof value !== 'object' ) {
			continue;
		}
		if ( depth > MAX_EVENT_DEPTH ) {
			return `the event is nested more than ${ MAX_EVENT_DEPTH } levels deep`;
		}
		if ( Array.isArray( value ) ) {
			for ( const child of value ) {
				stack.push( child );
				depths.push( depth + 1 );
			}
			continue;
		}
		for ( const key of Object.keys( value ) ) {
			if ( key === '__proto__' ) {
				return 'the event has a "__proto__" key';
			}
			stack.push( ( value as Record<string, unknown> )[ key ] );
			depths.push( depth + 1 );
		}
	}
	return null;
}
