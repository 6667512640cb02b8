/**
 * A loopback proxy in front of the e2e intake that fails on demand (answer 500, answer 503 with
 * Retry-After, or forward at once and answer late) and counts, per action, the copies of each meta.id
 * it forwarded to the intake: what an intake that keeps every copy would store.
 */
import http from 'node:http';

/**
 * @param {string} target the intake's base URL, e.g. http://127.0.0.1:1234
 * @param {number} port where to listen
 * @return {Promise<Object>} the proxy: `mode`, `slowMs`, `retryAfter` to set; `forwarded`, `refused`, `refusedAt`, `copies( action )` to read; `close()`
 */
export async function startFaultProxy( target, port ) {
	const proxy = {
		/** 'pass', 'error500', 'busy' (503 + Retry-After) or 'slow'. */
		mode: 'pass',
		slowMs: 3000,
		retryAfter: '2',
		/** action → meta.id → copies forwarded to the intake. */
		forwarded: new Map(),
		/** action → requests answered with a failure. */
		refused: new Map(),
		/** action → when each of those arrived (ms). */
		refusedAt: new Map(),
		copies( action ) {
			return Array.from( ( proxy.forwarded.get( action ) || new Map() ).values() );
		},
		close: () => Promise.resolve()
	};
	const server = http.createServer( ( req, res ) => {
		const chunks = [];
		req.on( 'data', ( c ) => chunks.push( c ) );
		req.on( 'end', async () => {
			const mode = proxy.mode;
			const body = Buffer.concat( chunks );
			let events = [];
			try {
				const parsed = JSON.parse( body.toString( 'utf8' ) );
				events = Array.isArray( parsed ) ? parsed : [ parsed ];
			} catch ( e ) {
				// Not JSON (a preflight, a GET): nothing to count.
			}
			const actions = new Set( events.map( ( e ) => e && e.action ) );
			const cors = { 'Access-Control-Allow-Origin': req.headers.origin || '*', 'Access-Control-Expose-Headers': 'Retry-After' };
			if ( req.method === 'POST' && ( mode === 'error500' || mode === 'busy' ) ) {
				actions.forEach( ( a ) => {
					proxy.refused.set( a, ( proxy.refused.get( a ) || 0 ) + 1 );
					proxy.refusedAt.set( a, ( proxy.refusedAt.get( a ) || [] ).concat( Date.now() ) );
				} );
				res.writeHead( mode === 'busy' ? 503 : 500, Object.assign( mode === 'busy' ? { 'Retry-After': proxy.retryAfter } : {}, cors ) );
				res.end( 'intake failing (e2e fault proxy)' );
				return;
			}
			if ( req.method === 'POST' ) {
				for ( const e of events ) {
					const byId = proxy.forwarded.get( e && e.action ) || new Map();
					const id = e && e.meta && e.meta.id;
					byId.set( id, ( byId.get( id ) || 0 ) + 1 );
					proxy.forwarded.set( e && e.action, byId );
				}
			}
			const headers = {};
			for ( const name of [ 'content-type', 'origin', 'access-control-request-method', 'access-control-request-headers' ] ) {
				if ( req.headers[ name ] ) {
					headers[ name ] = req.headers[ name ];
				}
			}
			let answer;
			try {
				answer = await fetch( target + req.url, { method: req.method, headers, body: req.method === 'POST' ? body : undefined } );
			} catch ( e ) {
				res.writeHead( 502, cors );
				res.end();
				return;
			}
			const text = await answer.text();
			const out = {};
			answer.headers.forEach( ( value, name ) => {
				if ( name !== 'content-length' && name !== 'transfer-encoding' && name !== 'connection' && name !== 'keep-alive' ) {
					out[ name ] = value;
				}
			} );
			setTimeout( () => {
				if ( !res.destroyed ) {
					res.writeHead( answer.status, out );
					res.end( text );
				}
			}, mode === 'slow' ? proxy.slowMs : 0 );
		} );
	} );
	await new Promise( ( resolve ) => server.listen( port, '127.0.0.1', resolve ) );
	proxy.close = () => new Promise( ( resolve ) => {
		server.closeAllConnections();
		server.close( () => resolve() );
	} );
	return proxy;
}
