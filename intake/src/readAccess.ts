import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Who may use the read side (stored events, the live feed, the counters), which shows user names
 * and session ids:
 * - `false` (the default): nobody;
 * - `{ loopbackOnly: true }`: requests from this machine only: the intake must listen on a loopback
 *   address, and the peer address and the `Host` header must be loopback (the latter stops a web
 *   page from reading through DNS rebinding);
 * - `{ token }`: requests with `Authorization: Bearer <token>`, from anywhere.
 */
export type ReadAccess = false | { loopbackOnly: true } | { token: string };

/** A read token shorter than this is refused at start-up. */
export const MIN_READ_TOKEN_LENGTH = 16;

/** Why a request may not read, with the status to answer; null when it may. */
export interface ReadRefusal {
	status: 401 | 403;
	reason: string;
}

/**
 * Whether a host name or address is this machine: `localhost`, 127.0.0.0/8, ::1 (also as
 * `::ffff:127.x.x.x` and in brackets).
 *
 * @param host a host name, an address, or a `Host` header value without the port
 */
export function isLoopbackHost( host: string ): boolean {
	const h = host.replace( /^\[|\]$/g, '' ).toLowerCase();
	return h === 'localhost' || h === '::1' || /^(::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test( h );
}

/**
 * The host part of a `Host` header (`127.0.0.1:8192` → `127.0.0.1`, `[::1]:80` → `[::1]`).
 *
 * @param header the header, if any
 */
function hostOf( header: string | undefined ): string {
	const h = header || '';
	return h.startsWith( '[' ) ? h.slice( 0, h.indexOf( ']' ) + 1 ) : h.split( ':' )[ 0 ];
}

function digest( text: string ): Buffer {
	return createHash( 'sha256' ).update( text ).digest();
}

/**
 * Checks a read access setting at start-up.
 *
 * @param access the setting
 * @param host the address the intake listens on
 * @throws {Error} naming the problem: a short token, or loopback-only access on a public address
 */
export function checkReadAccess( access: ReadAccess, host: string ): void {
	if ( access && 'token' in access && ( typeof access.token !== 'string' || access.token.length < MIN_READ_TOKEN_LENGTH ) ) {
		throw new Error( `the read token must have at least ${ MIN_READ_TOKEN_LENGTH } characters` );
	}
	if ( access && 'loopbackOnly' in access && !isLoopbackHost( host ) ) {
		throw new Error( `the read side is open to loopback only, but the intake would listen on ${ host }: give it a read token instead` );
	}
}

/**
 * Decides whether a request may read.
 *
 * @param access the setting
 * @return a function answering null (allowed) or the refusal
 */
export function createReadGuard( access: ReadAccess ): ( req: IncomingMessage ) => ReadRefusal | null {
	if ( !access ) {
		return () => ( { status: 403, reason: 'the read side is off (start mp-intake with --read-token, or --read loopback)' } );
	}
	if ( 'token' in access ) {
		const expected = digest( access.token );
		return ( req ) => {
			const match = /^Bearer\s+(\S+)\s*$/i.exec( String( req.headers.authorization || '' ) );
			// Compare digests: equal lengths, and no timing hint about the token.
			return match && timingSafeEqual( digest( match[ 1 ] ), expected ) ? null : { status: 401, reason: 'the read side needs Authorization: Bearer <read token>' };
		};
	}
	return ( req ) => isLoopbackHost( req.socket.remoteAddress || '' ) && isLoopbackHost( hostOf( req.headers.host ) ) ?
		null :
		{ status: 403, reason: 'the read side answers requests from this machine only' };
}
