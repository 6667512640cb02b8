/**
 * Raw HTTP for intake tests: exact bytes on a socket, and what came back (or that nothing did).
 */
import net from 'node:net';

/** What a raw request got back. */
export interface RawAnswer {
	/** The status, or 0 when the connection ended without a response. */
	status: number;
	headers: string;
	body: string;
	/** Whether the connection was reset (ECONNRESET/EPIPE) before a complete response arrived. */
	reset: boolean;
}

/**
 * Sends `parts` (written one after another, `pauseMs` apart) and collects the answer until the
 * server closes the connection or `timeoutMs` passes.
 *
 * @param url the intake's base URL
 * @param parts the bytes to send
 * @param options
 * @param options.pauseMs pause between parts
 * @param options.timeoutMs give up after this long (default 10 s)
 * @param options.end half-close after sending
 */
export function rawRequest( url: string, parts: ( string | Buffer )[], options: { pauseMs?: number; timeoutMs?: number; end?: boolean } = {} ): Promise<RawAnswer> {
	const { port, hostname } = new URL( url );
	return new Promise( ( resolve ) => {
		const socket = net.connect( Number( port ), hostname );
		const received: Buffer[] = [];
		let reset = false;
		let settled = false;
		// eslint-disable-next-line prefer-const
		let timer: NodeJS.Timeout | undefined;
		const settle = (): void => {
			if ( settled ) {
				return;
			}
			settled = true;
			clearTimeout( timer );
			socket.destroy();
			const text = Buffer.concat( received ).toString( 'utf8' );
			const m = /^HTTP\/1\.1 (\d{3})/.exec( text );
			const split = text.indexOf( '\r\n\r\n' );
			resolve( { status: m ? Number( m[ 1 ] ) : 0, headers: split < 0 ? text : text.slice( 0, split ), body: split < 0 ? '' : text.slice( split + 4 ), reset } );
		};
		timer = setTimeout( settle, options.timeoutMs || 10000 );
		socket.on( 'data', ( chunk ) => received.push( chunk ) );
		socket.on( 'error', ( e: NodeJS.ErrnoException ) => {
			reset = e.code === 'ECONNRESET' || e.code === 'EPIPE';
		} );
		socket.on( 'close', settle );
		socket.on( 'connect', async () => {
			for ( const part of parts ) {
				if ( socket.destroyed ) {
					return;
				}
				socket.write( part );
				if ( options.pauseMs ) {
					await new Promise( ( r ) => setTimeout( r, options.pauseMs ) );
				}
			}
			if ( options.end ) {
				socket.end();
			}
		} );
	} );
}

/**
 * Whether a raw answer's body is JSON with a reason (what every refusal must carry).
 *
 * @param answer a raw answer
 */
export function hasJsonReason( answer: RawAnswer ): boolean {
	try {
		const body = JSON.parse( answer.body );
		return /content-type: application\/json/i.test( answer.headers ) && !!( body.error || body.invalid );
	} catch ( e ) {
		return false;
	}
}
