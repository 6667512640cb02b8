/**
 * Identifiers built from random bytes that an adapter supplies (crypto.getRandomValues in browsers
 * and Node). Bytes are drawn in pools so that one event costs no call into the platform.
 */

/** Fills the array with cryptographically strong random bytes. */
export type RandomFill = ( bytes: Uint8Array ) => void;

/** Makes identifiers. */
export interface IdGenerator {
	/** A random UUID v4, e.g. for `meta.id`. */
	uuid(): string;
	/** 20 lowercase hex digits (80 bits), like `mw.user.getPageviewToken()`. */
	token(): string;
}

const HEX: string[] = [];
for ( let i = 0; i < 256; i++ ) {
	HEX.push( ( i + 0x100 ).toString( 16 ).slice( 1 ) );
}

const POOL_SIZE = 4096;

/**
 * Creates an identifier generator over a source of random bytes.
 *
 * @example createIdGenerator( ( b ) => crypto.getRandomValues( b ) ).uuid()
 * @param fill the source of random bytes
 */
export function createIdGenerator( fill: RandomFill ): IdGenerator {
	const pool = new Uint8Array( POOL_SIZE );
	let offset = POOL_SIZE;
	function take( n: number ): number {
		if ( offset + n > POOL_SIZE ) {
			fill( pool );
			offset = 0;
		}
		const start = offset;
		offset += n;
		return start;
	}
	return {
		uuid(): string {
			const o = take( 16 );
			const b = pool;
			return HEX[ b[ o ] ] + HEX[ b[ o + 1 ] ] + HEX[ b[ o + 2 ] ] + HEX[ b[ o + 3 ] ] + '-' +
				HEX[ b[ o + 4 ] ] + HEX[ b[ o + 5 ] ] + '-' +
				HEX[ ( b[ o + 6 ] & 0x0f ) | 0x40 ] + HEX[ b[ o + 7 ] ] + '-' +
				HEX[ ( b[ o + 8 ] & 0x3f ) | 0x80 ] + HEX[ b[ o + 9 ] ] + '-' +
				HEX[ b[ o + 10 ] ] + HEX[ b[ o + 11 ] ] + HEX[ b[ o + 12 ] ] +
				HEX[ b[ o + 13 ] ] + HEX[ b[ o + 14 ] ] + HEX[ b[ o + 15 ] ];
		},
		token(): string {
			const o = take( 10 );
			let s = '';
			for ( let i = 0; i < 10; i++ ) {
				s += HEX[ pool[ o + i ] ];
			}
			return s;
		},
	};
}

/**
 * A fallback source of random bytes for environments without Web Crypto. Not for secrets: only used
 * so that sampling still works where `crypto.getRandomValues` is missing.
 *
 * @param random a function like Math.random
 */
export function weakRandomFill( random: () => number ): RandomFill {
	return ( bytes ) => {
		for ( let i = 0; i < bytes.length; i++ ) {
			bytes[ i ] = Math.floor( random() * 256 ) & 0xff;
		}
	};
}

/**
 * Random bytes from Web Crypto when the environment has it, else the weak fallback.
 *
 * @example createIdGenerator( randomFillFrom( window.crypto, Math.random ) )
 * @param webCrypto the environment's `crypto` (may be undefined)
 * @param random a function like Math.random, for the fallback
 */
export function randomFillFrom( webCrypto: { getRandomValues?( bytes: Uint8Array ): Uint8Array } | undefined, random: () => number ): RandomFill {
	const source = webCrypto && typeof webCrypto.getRandomValues === 'function' ? webCrypto : null;
	return source ? ( bytes ) => {
		source.getRandomValues!( bytes );
	} : weakRandomFill( random );
}
