/**
 * A loopback HTTP proxy in front of the real intake that can be told to fail: refuse connections,
 * answer 500, answer 503 with Retry-After, or forward and answer late. It counts the copies of each
 * meta.id that reached the intake, as an intake that keeps every copy would store them.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type FaultMode = 'pass' | 'down' | 'error500' | 'slow' | 'busy';

export interface FaultProxy {
	url: string;
	/** How the next requests are treated. */
	mode: FaultMode;
	/** Delay of `slow` answers, ms. */
	slowMs: number;
	/** `Retry-After` of `busy` answers (503). */
	retryAfter: string;
	/** Requests seen, by mode. */
	seen: Record<FaultMode, number>;
	/** Copies of each meta.id forwarded to the intake. */
	copies: Map<string, number>;
	/** When each request arrived (ms), by mode. */
	arrivals: { mode: FaultMode; at: number; ids: string[] }[];
	close(): Promise<void>;
}

/**
 * @param target the intake's base URL
 */
export async function startFaultProxy( target: string ): Promise<FaultProxy> {
	const proxy: FaultProxy = {
		url: '',
		mode: 'pass',
		slowMs: 500,
		retryAfter: '1',
		seen: { pass: 0, down: 0, error500: 0, slow: 0, busy: 0 },
		copies: new Map(),
		arrivals: [],
		close: () => Promise.resolve(),
	};
	const server = http.createServer( ( req, res ) => {
		const mode = proxy.mode;
		proxy.seen[ mode ]++;
		if ( mode === 'down' ) {
			req.socket.destroy();
			return;
		}
		const chunks: Buffer[] = [];
		req.on( 'data', ( c: Buffer ) => chunks.push( c ) );
		req.on( 'end', async () => {
			let ids: string[] = [];
			try {
				ids = ( JSON.parse( Buffer.concat( chunks ).toString( 'utf8' ) ) as { meta: { id: string } }[] ).map( ( e ) => e.meta.id );
			} catch ( e ) {
				// Not an array of events: counted as none.
			}
			proxy.arrivals.push( { mode, at: Date.now(), ids } );
			if ( mode === 'error500' ) {
				res.writeHead( 500 );
				res.end( 'intake overloaded' );
				return;
			}
			if ( mode === 'busy' ) {
				res.writeHead( 503, { 'Retry-After': proxy.retryAfter } );
				res.end( 'busy' );
				return;
			}
			for ( const id of ids ) {
				proxy.copies.set( id, ( proxy.copies.get( id ) || 0 ) + 1 );
			}
			let answer: Response;
			let body: string;
			try {
				answer = await fetch( target + ( req.url || '' ), {
					method: req.method,
					headers: { 'Content-Type': String( req.headers[ 'content-type' ] || 'application/json' ) },
					body: req.method === 'POST' ? Buffer.concat( chunks ) : undefined,
				} );
				body = await answer.text();
			} catch ( e ) {
				// The intake could not be reached (e.g. a kept-alive socket it had just closed):
				// to the client, a network error, as it would be without the proxy.
				req.socket.destroy();
				return;
			}
			setTimeout( () => {
				if ( !res.destroyed ) {
					res.writeHead( answer.status, { 'Content-Type': 'application/json' } );
					res.end( body );
				}
			}, mode === 'slow' ? proxy.slowMs : 0 );
		} );
	} );
	await new Promise<void>( ( resolve ) => server.listen( 0, '127.0.0.1', resolve ) );
	proxy.url = `http://127.0.0.1:${ ( server.address() as AddressInfo ).port }`;
	proxy.close = () => new Promise( ( resolve ) => {
		server.closeAllConnections();
		server.close( () => resolve() );
	} );
	return proxy;
}
