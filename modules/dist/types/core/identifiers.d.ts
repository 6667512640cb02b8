/**
 * Identifiers built from random bytes that an adapter supplies (crypto.getRandomValues in browsers
 * and Node). Bytes are drawn in pools so that one event costs no call into the platform.
 */
/** Fills the array with cryptographically strong random bytes. */
export type RandomFill = (bytes: Uint8Array) => void;
/** Makes identifiers. */
export interface IdGenerator {
    /** A random UUID v4, e.g. for `meta.id`. */
    uuid(): string;
    /** 20 lowercase hex digits (80 bits), like `mw.user.getPageviewToken()`. */
    token(): string;
}
/**
 * Creates an identifier generator over a source of random bytes.
 *
 * @example createIdGenerator( ( b ) => crypto.getRandomValues( b ) ).uuid()
 * @param fill the source of random bytes
 */
export declare function createIdGenerator(fill: RandomFill): IdGenerator;
/**
 * A fallback source of random bytes for environments without Web Crypto. Not for secrets: only used
 * so that sampling still works where `crypto.getRandomValues` is missing.
 *
 * @param random a function like Math.random
 */
export declare function weakRandomFill(random: () => number): RandomFill;
/**
 * Random bytes from Web Crypto when the environment has it, else the weak fallback.
 *
 * @example createIdGenerator( randomFillFrom( window.crypto, Math.random ) )
 * @param webCrypto the environment's `crypto` (may be undefined)
 * @param random a function like Math.random, for the fallback
 */
export declare function randomFillFrom(webCrypto: {
    getRandomValues?(bytes: Uint8Array): Uint8Array;
} | undefined, random: () => number): RandomFill;
