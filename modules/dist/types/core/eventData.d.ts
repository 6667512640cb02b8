import type { JsonObject } from './types';
/** Nesting deeper than this is refused: real instrument data is shallow. */
export declare const MAX_DEPTH = 16;
/** Caller data larger than this (in UTF-16 units of its JSON, roughly) is refused, staying below the 64 KiB beacon limit. */
export declare const MAX_DATA_LENGTH = 32768;
/** The result of checking caller data: a private, JSON-safe copy, or the reason it is unusable. */
export type CopyResult = {
    value: JsonObject;
    problem?: undefined;
} | {
    value?: undefined;
    problem: string;
};
/**
 * Checks caller data and returns a private copy that is safe to serialize: only plain objects, arrays,
 * strings, finite numbers, booleans and null; not circular, not deeper than {@link MAX_DEPTH}, not
 * larger than {@link MAX_DATA_LENGTH}. The caller's objects are never touched.
 *
 * @example copyEventData( { element_id: 'save' } ) // { value: { element_id: 'save' } }
 * @param data what the caller passed; `undefined` and `null` mean "no data"
 */
export declare function copyEventData(data: unknown): CopyResult;
/**
 * The length of a string as JSON Schema's `maxLength` counts it: in code points (a surrogate pair is
 * one character, a lone surrogate is one too), exactly as ajv counts — not in UTF-16 units, which
 * count U+1F600 as 2.
 *
 * @example codePointLength( '😀a' ) // 2
 * @param text any string
 */
export declare function codePointLength(text: string): number;
/**
 * Why the interaction fields of an event break the monoschema, or `null` when they do not.
 *
 * @param event an event with `action` and the caller's interaction data
 */
export declare function interactionProblem(event: JsonObject): string | null;
