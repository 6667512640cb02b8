import type { JsonObject, JsonValue } from './types';

/** Nesting deeper than this is refused: real instrument data is shallow. */
export const MAX_DEPTH = 16;

/** Caller data larger than this (in UTF-16 units of its JSON, roughly) is refused, staying below the 64 KiB beacon limit. */
export const MAX_DATA_LENGTH = 32768;

/** The result of checking caller data: a private, JSON-safe copy, or the reason it is unusable. */
export type CopyResult = { value: JsonObject; problem?: undefined } | { value?: undefined; problem: string };

interface Walk {
	length: number;
	stack: unknown[];
}

function copyValue( value: unknown, where: string, walk: Walk, depth: number ): JsonValue | string[] {
	switch ( typeof value ) {
		case 'string':
			walk.length += value.length + 3;
			return value;
		case 'boolean':
			walk.length += 5;
			return value;
		case 'number':
			if ( !isFinite( value ) ) {
				return problem( `${ where || 'the event data' } is ${ value } (not a finite number)` );
			}
			walk.length += 8;
			return value;
		case 'object':
			if ( value === null ) {
				walk.length += 4;
				return null;
			}
			return copyContainer( value as object, where, walk, depth );
		default:
			return problem( `${ where || 'the event data' } is ${ typeof value === 'undefined' ? 'undefined' : 'a ' + typeof value }` );
	}
}

function copyContainer( value: object, where: string, walk: Walk, depth: number ): JsonValue | string[] {
	if ( walk.stack.includes( value ) ) {
		return problem( `${ where || 'the event data' } refers to itself (circular data)` );
	}
	if ( depth >= MAX_DEPTH ) {
		return problem( `${ where || 'the event data' } is nested more than ${ MAX_DEPTH } levels deep` );
	}
	walk.stack.push( value );
	let result: JsonValue | string[];
	if ( Array.isArray( value ) ) {
		const out: JsonValue[] = [];
		result = out;
		for ( let i = 0; i < value.length; i++ ) {
			const item = copyValue( value[ i ], `${ where }[${ i }]`, walk, depth + 1 );
			if ( isProblem( item ) ) {
				result = item;
				break;
			}
			out.push( item );
		}
	} else {
		// Realm-independent: an object from another frame has another Object.prototype.
		const proto = Object.getPrototypeOf( value );
		if ( proto !== null && Object.getPrototypeOf( proto ) !== null ) {
			result = problem( `${ where || 'the event data' } is not a plain object` );
		} else {
			result = copyObject( value as Record<string, unknown>, where, walk, depth );
		}
	}
	walk.stack.pop();
	return result;
}

function copyObject( value: Record<string, unknown>, where: string, walk: Walk, depth: number ): JsonValue | string[] {
	const out: JsonObject = {};
	for ( const key in value ) {
		if ( !Object.prototype.hasOwnProperty.call( value, key ) ) {
			continue;
		}
		walk.length += key.length + 4;
		const item = copyValue( value[ key ], where ? `${ where }.${ key }` : key, walk, depth + 1 );
		if ( isProblem( item ) ) {
			return item;
		}
		if ( key === '__proto__' ) {
			// A plain assignment would replace the copy's prototype instead of adding the field.
			Object.defineProperty( out, key, { value: item, enumerable: true, writable: true, configurable: true } );
		} else {
			out[ key ] = item;
		}
	}
	return out;
}

// Problems travel up the walk as arrays marked by identity, so a caller's array is never mistaken for one.
const PROBLEMS = new WeakSet<object>();

function problem( text: string ): string[] {
	const p = [ text ];
	PROBLEMS.add( p );
	return p;
}

function isProblem( value: JsonValue | string[] ): value is string[] {
	return Array.isArray( value ) && PROBLEMS.has( value );
}

/**
 * Checks caller data and returns a private copy that is safe to serialize: only plain objects, arrays,
 * strings, finite numbers, booleans and null; not circular, not deeper than {@link MAX_DEPTH}, not
 * larger than {@link MAX_DATA_LENGTH}. The caller's objects are never touched.
 *
 * @example copyEventData( { element_id: 'save' } ) // { value: { element_id: 'save' } }
 * @param data what the caller passed; `undefined` and `null` mean "no data"
 */
export function copyEventData( data: unknown ): CopyResult {
	if ( data === undefined || data === null ) {
		return { value: {} };
	}
	if ( typeof data !== 'object' || Array.isArray( data ) ) {
		return { problem: `the event data is ${ Array.isArray( data ) ? 'an array' : 'a ' + typeof data }, not an object` };
	}
	const walk: Walk = { length: 0, stack: [] };
	let copy: JsonValue | string[];
	try {
		copy = copyContainer( data, '', walk, 0 );
	} catch ( e ) {
		// A getter or proxy that throws.
		return { problem: `the event data cannot be read (${ String( e ) })` };
	}
	if ( isProblem( copy ) ) {
		return { problem: copy[ 0 ] };
	}
	if ( walk.length > MAX_DATA_LENGTH ) {
		return { problem: `the event data is about ${ walk.length } characters, more than ${ MAX_DATA_LENGTH }` };
	}
	return { value: copy as JsonObject };
}

/**
 * The length of a string as JSON Schema's `maxLength` counts it: in code points (a surrogate pair is
 * one character, a lone surrogate is one too), exactly as ajv counts — not in UTF-16 units, which
 * count U+1F600 as 2.
 *
 * @example codePointLength( '😀a' ) // 2
 * @param text any string
 */
export function codePointLength( text: string ): number {
	let length = 0;
	for ( let i = 0; i < text.length; i++ ) {
		const unit = text.charCodeAt( i );
		if ( unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length && ( text.charCodeAt( i + 1 ) & 0xfc00 ) === 0xdc00 ) {
			i++;
		}
		length++;
	}
	return length;
}

/** Limits (maxLength, in code points) from the monoschema for the interaction fields. */
const STRING_LIMITS: Record<string, number> = {
	action: 64,
	action_subtype: 64,
	action_source: 64,
	action_context: 8192,
	element_id: 64,
	element_friendly_name: 64,
	funnel_name: 64,
	funnel_entry_token: 80,
	instrument_name: 255,
};

/**
 * Why the interaction fields of an event break the monoschema, or `null` when they do not.
 *
 * @param event an event with `action` and the caller's interaction data
 */
export function interactionProblem( event: JsonObject ): string | null {
	for ( const field in STRING_LIMITS ) {
		const value = event[ field ];
		if ( value === undefined ) {
			continue;
		}
		if ( typeof value !== 'string' ) {
			return `${ field } is not a string`;
		}
		// Short strings cannot be over the limit, whatever they hold: count only when it can matter.
		if ( value.length > STRING_LIMITS[ field ] ) {
			const length = codePointLength( value );
			if ( length > STRING_LIMITS[ field ] ) {
				return `${ field } is ${ length } characters, more than ${ STRING_LIMITS[ field ] }`;
			}
		}
	}
	const position = event.funnel_event_sequence_position;
	if ( position !== undefined && !( typeof position === 'number' && Number.isSafeInteger( position ) && position >= 1 ) ) {
		return 'funnel_event_sequence_position is not a whole number from 1';
	}
	return null;
}
