import type { IncomingMessage } from 'node:http';
import { HttpError } from './httpError';

/** Limits for reading one request body. */
export interface BodyLimits {
	/** Largest body, in bytes (413 above it, however it is sent). */
	maxBytes: number;
	/** Time to receive the whole body once the headers are in, in ms (408 after it). */
	timeoutMs: number;
	/** Bytes held by all bodies being read, shared by all requests; past `max`, a request is answered 429. */
	budget: { used: number; max: number };
}

/**
 * After refusing a body that is still arriving, keep reading (and dropping) it for this long or this
 * many bytes, so that the client, still sending, receives the answer instead of a reset connection.
 */
const LINGER_MS = 2000;
const LINGER_BYTES = 16 * 1024 * 1024;

/**
 * Reads the body of a request, refusing with an {@link HttpError}: 415 for a `Content-Encoding` (not
 * supported), 413 above `maxBytes` (by `Content-Length` at once, or while reading a chunked body),
 * 408 when it does not arrive in time, 429 when all bodies being read together pass their budget,
 * 400 when the client gives up half way. Memory is bounded by `maxBytes`; a refused body still
 * arriving is drained and dropped for a moment, then the connection is closed.
 *
 * @param req the request
 * @param limits size and time limits
 */
export function readBody( req: IncomingMessage, limits: BodyLimits ): Promise<Buffer> {
	return new Promise( ( resolve, reject ) => {
		let done = false;
		const chunks: Buffer[] = [];
		let size = 0;
		let lingered = 0;
		let stopLingering = (): void => undefined;
		// Set just below, before anything can call finish().
		// eslint-disable-next-line prefer-const
		let timer: NodeJS.Timeout | undefined;
		const finish = ( error: HttpError | null ): void => {
			if ( done ) {
				return;
			}
			done = true;
			clearTimeout( timer );
			limits.budget.used -= size;
			if ( !error ) {
				// One chunk (the usual small body) is the body itself: no copy.
				resolve( chunks.length === 1 ? chunks[ 0 ] : Buffer.concat( chunks, size ) );
				return;
			}
			chunks.length = 0;
			if ( !req.complete && !req.destroyed ) {
				// Drop what still arrives, for a moment; the answer waits for that.
				error.drained = new Promise( ( drained ) => {
					stopLingering = drained;
					const cut = setTimeout( drained, LINGER_MS );
					cut.unref();
					req.on( 'end', () => {
						clearTimeout( cut );
						drained();
					} );
					req.on( 'close', drained );
				} );
				req.resume();
			}
			reject( error );
		};
		timer = setTimeout( () => finish( new HttpError( 408, `the body did not arrive within ${ limits.timeoutMs / 1000 } s` ) ), limits.timeoutMs );
		timer.unref();
		const encoding = String( req.headers[ 'content-encoding' ] || 'identity' ).trim().toLowerCase();
		const declared = Number( req.headers[ 'content-length' ] || 0 );
		if ( encoding !== 'identity' ) {
			finish( new HttpError( 415, `Content-Encoding ${ JSON.stringify( encoding.slice( 0, 40 ) ) } is not supported; send the body uncompressed` ) );
		} else if ( declared > limits.maxBytes ) {
			finish( new HttpError( 413, `the body is ${ declared } bytes, more than ${ limits.maxBytes }` ) );
		}
		req.on( 'data', ( chunk: Buffer ) => {
			if ( done ) {
				lingered += chunk.length;
				if ( lingered > LINGER_BYTES ) {
					stopLingering();
				}
				return;
			}
			size += chunk.length;
			limits.budget.used += chunk.length;
			if ( limits.budget.used > limits.budget.max ) {
				finish( new HttpError( 429, 'the intake is reading too many bodies at once; send again later' ) );
				return;
			}
			if ( size > limits.maxBytes ) {
				finish( new HttpError( 413, `the body is more than ${ limits.maxBytes } bytes` ) );
				return;
			}
			chunks.push( chunk );
		} );
		req.on( 'end', () => finish( null ) );
		// 'close' follows every request, also one read whole: make the error (and its stack) only when it is one.
		const cutOff = (): void => {
			if ( !done ) {
				finish( new HttpError( 400, 'the request was cut off before its body ended' ) );
			}
		};
		req.on( 'error', cutOff );
		req.on( 'close', cutOff );
	} );
}
