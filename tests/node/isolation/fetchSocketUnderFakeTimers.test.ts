import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fakeTimers } from '../fakeTimers';

/**
 * Whether Node has cleared (or run) a timer: its own flag, which clearTimeout sets.
 *
 * @param timer
 */
function cleared( timer: NodeJS.Timeout ): boolean {
	// eslint-disable-next-line no-underscore-dangle
	return ( timer as unknown as { _destroyed: boolean } )._destroyed;
}

/**
 * The crash seen once in `npm run test:unit`: an idle keep-alive socket of Node's fetch (undici)
 * closed while a test had faked clearTimeout; undici's real keep-alive timer was not cleared, fired
 * on a collected parser and threw "Cannot destructure property 'socket'", ending the whole run.
 */
QUnit.module( 'test isolation', () => {
	QUnit.test( 'a fetch socket that closes while a test fakes timers has its real keep-alive timer cleared', async ( assert ) => {
		const realSetTimeout = globalThis.setTimeout;
		// undici looks setTimeout up on the global at each call: record the timers it makes.
		const made: { fn: ( ...a: unknown[] ) => void; timer: NodeJS.Timeout }[] = [];
		globalThis.setTimeout = ( ( fn: ( ...a: unknown[] ) => void, ms?: number, ...rest: unknown[] ) => {
			const timer = realSetTimeout( fn, ms, ...rest );
			made.push( { fn, timer } );
			return timer;
		} ) as typeof setTimeout;
		const server = http.createServer( ( _req, res ) => res.end( 'ok' ) );
		try {
			await new Promise<void>( ( resolve ) => server.listen( 0, '127.0.0.1', resolve ) );
			const res = await fetch( `http://127.0.0.1:${ ( server.address() as AddressInfo ).port }/` );
			await res.text();
			// The response is complete once undici has started the idle socket's keep-alive timer.
			const keepAlive = await new Promise<NodeJS.Timeout>( ( resolve ) => {
				const look = (): void => {
					const found = made.find( ( m ) => m.fn.name === 'onParserTimeout' );
					if ( found ) {
						resolve( found.timer );
					} else {
						setImmediate( look );
					}
				};
				look();
			} );
			globalThis.setTimeout = realSetTimeout;
			const clock = fakeTimers( { toFake: [ 'setTimeout', 'clearTimeout', 'Date' ] } );
			try {
				// Wait for undici to clear its timer as the socket closes (through the fake clearTimeout).
				const fakeClear = globalThis.clearTimeout;
				const asked = new Promise<void>( ( resolve ) => {
					globalThis.clearTimeout = ( ( timer: unknown ) => {
						if ( timer === keepAlive ) {
							resolve();
						}
						return fakeClear( timer as NodeJS.Timeout );
					} ) as typeof clearTimeout;
				} );
				server.closeAllConnections();
				await asked;
			} finally {
				clock.restore();
			}
			assert.true( cleared( keepAlive ), 'the real keep-alive timer was cleared' );
		} finally {
			globalThis.setTimeout = realSetTimeout;
			server.close();
		}
	} );
} );
