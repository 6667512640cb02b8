import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';

/** Bytes of a generated secret. */
const SECRET_BYTES = 32;

/**
 * The installation's secret for `hash` columns, from its file: read when the file exists, else made
 * (32 random bytes, written as hex) in a new file only its owner can read or write (mode 0600, created
 * exclusively so that an existing file is never overwritten). Keep the file: a new secret makes new
 * hashes, so the same value no longer matches across the change.
 *
 * @param file the secret's file
 * @param log notices (a file others can read is reported)
 * @throws {Error} when the file cannot be read or made, or holds fewer than 16 bytes of secret
 */
export function loadOrCreateHashSecret( file: string, log: ( message: string ) => void ): Buffer {
	let text: string;
	try {
		text = readFileSync( file, 'utf8' ).trim();
		if ( ( statSync( file ).mode & 0o077 ) !== 0 ) {
			log( `The hash secret ${ file } can be read by other users: chmod 600 it.` );
		}
	} catch ( e ) {
		if ( ( e as NodeJS.ErrnoException ).code !== 'ENOENT' ) {
			throw new Error( `the hash secret ${ file } cannot be read: ${ ( e as Error ).message }` );
		}
		text = randomBytes( SECRET_BYTES ).toString( 'hex' );
		const fd = openSync( file, 'wx', 0o600 );
		try {
			writeSync( fd, text + '\n' );
		} finally {
			closeSync( fd );
		}
		log( `Made a new hash secret in ${ file } (mode 0600); keep it with the store.` );
	}
	return secretFromText( text, file );
}

/**
 * A secret given as text (hex, or any text of 16+ characters), e.g. from an option or the environment.
 *
 * @param text the secret
 * @param where how an error names it
 * @throws {Error} when it is shorter than 16 characters
 */
export function secretFromText( text: string, where: string ): Buffer {
	if ( text.length < 16 ) {
		throw new Error( `the hash secret from ${ where } is shorter than 16 characters` );
	}
	return text.length % 2 === 0 && /^[0-9a-f]+$/i.test( text ) ? Buffer.from( text, 'hex' ) : Buffer.from( text, 'utf8' );
}
