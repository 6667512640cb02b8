/**
 * Checks on one parsed event before anything reads it as an event: bounded nesting, no key that
 * sets a prototype when copied, and only numbers JSON can write back.
 */

/** Nesting deeper than this is refused before validation (a guard against stack-hungry input). */
export const MAX_EVENT_DEPTH = 32;

const TOO_LARGE = 'the event holds a number too large for JSON';
const TOO_DEEP = `the event is nested more than ${ MAX_EVENT_DEPTH } levels deep`;
const PROTO_KEY = 'the event has a "__proto__" key';

/**
 * The problem of a value at `depth`, or null. Recursive, but never deeper than
 * {@link MAX_EVENT_DEPTH} + 1 calls: the depth is checked before going down.
 *
 * @param value part of an event
 * @param depth its nesting level (the event itself is 1)
 */
function problemIn( value: unknown, depth: number ): string | null {
	if ( typeof value === 'number' ) {
		return Number.isFinite( value ) ? null : TOO_LARGE;
	}
	if ( value === null || typeof value !== 'object' ) {
		return null;
	}
	if ( depth > MAX_EVENT_DEPTH ) {
		return TOO_DEEP;
	}
	if ( Array.isArray( value ) ) {
		for ( let i = 0; i < value.length; i++ ) {
			const problem = leafProblem( value[ i ], depth + 1 );
			if ( problem ) {
				return problem;
			}
		}
		return null;
	}
	const keys = Object.keys( value );
	for ( let i = 0; i < keys.length; i++ ) {
		if ( keys[ i ] === '__proto__' ) {
			return PROTO_KEY;
		}
		const problem = leafProblem( ( value as Record<string, unknown> )[ keys[ i ] ], depth + 1 );
		if ( problem ) {
			return problem;
		}
	}
	return null;
}

/**
 * {@link problemIn}, without the call for strings, booleans and null (most of an event's values).
 *
 * @param value part of an event
 * @param depth its nesting level
 */
function leafProblem( value: unknown, depth: number ): string | null {
	return typeof value === 'object' && value !== null || typeof value === 'number' ? problemIn( value, depth ) : null;
}

/**
 * Why an event's JSON value is refused, or null. Stops at the first problem:
 * - nesting deeper than {@link MAX_EVENT_DEPTH} (checked on the way down, so hostile nesting
 *   cannot exhaust the stack);
 * - a `__proto__` key anywhere: copied with plain assignment (`Object.assign`, most merge helpers)
 *   it replaces the copy's prototype, so what a reader of the stored event sees would differ from
 *   what was validated;
 * - a number JSON cannot hold (`1e400` parses to Infinity and would be stored as `null`).
 *
 * @param event a value from `JSON.parse`
 */
export function eventShapeProblem( event: unknown ): string | null {
	return problemIn( event, 1 );
}
