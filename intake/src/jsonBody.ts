/**
 * Turns a request body into a JSON value without letting hostile bytes cost more than their size:
 * the bytes must be UTF-8, and the nesting of a large body is counted on the raw text before
 * `JSON.parse` runs (V8 parses four million nested brackets in seconds).
 */

import { isUtf8 } from 'node:buffer';

/** The outcome of {@link parseJsonBody}: the value, or why the body is refused (a 400). */
export type JsonBodyResult = { ok: true; value: unknown } | { ok: false; reason: string };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The deepest nesting of `[` and `{` in JSON text, stopping as soon as it passes `limit`. Brackets
 * inside strings do not count. Linear, no recursion; strings are skipped with the native indexOf.
 *
 * @example nestingDepth( Buffer.from( '[{"a":"[["}]' ), 32 ) // 2
 * @param bytes JSON text as UTF-8
 * @param limit stop counting above this depth
 * @return the depth (> limit when over it)
 */
export function nestingDepth( bytes: Uint8Array, limit: number ): number {
	let depth = 0;
	let max = 0;
	for ( let i = 0; i < bytes.length; i++ ) {
		const c = bytes[ i ];
		if ( c === QUOTE ) {
			// Jump to the closing quote: one preceded by an even number of backslashes.
			let j = i;
			for ( ;; ) {
				j = bytes.indexOf( QUOTE, j + 1 );
				if ( j < 0 ) {
					return max;
				}
				let escapes = 0;
				while ( bytes[ j - 1 - escapes ] === BACKSLASH ) {
					escapes++;
				}
				if ( escapes % 2 === 0 ) {
					break;
				}
			}
			i = j;
		} else if ( c === 0x5b || c === 0x7b ) {
			if ( ++depth > max ) {
				max = depth;
				if ( max > limit ) {
					return max;
				}
			}
		} else if ( c === 0x5d || c === 0x7d ) {
			depth--;
		}
	}
	return max;
}

/**
 * Bodies up to this size are parsed without counting their nesting first: V8 parses nesting at about
 * 1–2 µs a level, so even 64 KiB of brackets costs what parsing 4 MB of events does (~40 ms), and the
 * events are checked for depth afterwards, without recursion. Larger bodies are counted first
 * (~1.5 ns a byte).
 */
const SCAN_ABOVE_BYTES = 64 * 1024;

/**
 * Decodes and parses a JSON request body.
 *
 * @param bytes the whole body
 * @param maxDepth the deepest nesting allowed for the body as a whole
 */
export function parseJsonBody( bytes: Uint8Array, maxDepth: number ): JsonBodyResult {
	if ( !isUtf8( bytes ) ) {
		return { ok: false, reason: 'the body is not valid UTF-8' };
	}
	if ( bytes.length > SCAN_ABOVE_BYTES && nestingDepth( bytes, maxDepth ) > maxDepth ) {
		return { ok: false, reason: `the body is nested more than ${ maxDepth } levels deep` };
	}
	try {
		return { ok: true, value: JSON.parse( Buffer.from( bytes.buffer, bytes.byteOffset, bytes.length ).toString( 'utf8' ) ) };
	} catch ( e ) {
		// V8's message quotes the text around the fault; answer with the position only.
		const position = /position (\d+)/.exec( String( ( e as Error ).message ) );
		return { ok: false, reason: `the body is not JSON${ position ? ` (at character ${ position[ 1 ] })` : '' }` };
	}
}
