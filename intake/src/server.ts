import { readFile } from 'node:fs/promises';
import http, { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createStreamRegistry, StreamRegistry } from '../../modules/src/core/streamConfig';
import { processEvents, RefusedEvent } from './processEvents';
import { createSchemaRepository } from './schemaRepository';
import type { EventSink } from './sink';

/** EventGate's body limit. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** Options of {@link createIntake}. */
export interface IntakeOptions {
	/** Declared streams, in the same form the client receives (browser or action=streamconfigs form). */
	streamConfigs: unknown;
	/** The schema repository folder. */
	schemasDir: string;
	/** Where accepted events go. */
	sink: EventSink;
	/** Browser origins allowed to read answers (CORS). Loopback origins are always allowed. `*` allows any. */
	corsOrigins?: string[];
	/** URL path prefix → folder, for serving static files (the demo). */
	staticDirs?: Record<string, string>;
	/** Problems and notices. Default: console.warn. */
	log?: ( message: string ) => void;
}

/** Counters since start. */
export interface IntakeStats {
	requests: number;
	received: number;
	accepted: number;
	stored: number;
	duplicates: number;
	invalid: number;
	errors: number;
}

/** A running intake. */
export interface Intake {
	/** Starts listening; resolves with the base URL (`http://127.0.0.1:PORT`). */
	listen( port: number, host?: string ): Promise<string>;
	/** Stops accepting, waits for requests in flight and their writes, closes the store. */
	close(): Promise<void>;
	readonly stats: IntakeStats;
	readonly server: http.Server;
}

const CONTENT_TYPES: Record<string, string> = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.json': 'application/json; charset=utf-8',
	'.svg': 'image/svg+xml',
};

/**
 * Whether an Origin header names a page on this machine (127.0.0.0/8, localhost, [::1]).
 *
 * @param origin
 */
function isLoopbackOrigin( origin: string ): boolean {
	try {
		const host = new URL( origin ).hostname;
		return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test( host );
	} catch ( e ) {
		return false;
	}
}

class HttpError extends Error {
	public constructor( public readonly status: number, message: string ) {
		super( message );
	}
}

function readBody( req: IncomingMessage ): Promise<string> {
	return new Promise( ( resolve, reject ) => {
		const declared = Number( req.headers[ 'content-length' ] || 0 );
		if ( declared > MAX_BODY_BYTES ) {
			reject( new HttpError( 413, `the body is ${ declared } bytes, more than ${ MAX_BODY_BYTES }` ) );
			req.resume();
			return;
		}
		const chunks: Buffer[] = [];
		let size = 0;
		req.on( 'data', ( chunk: Buffer ) => {
			size += chunk.length;
			if ( size > MAX_BODY_BYTES ) {
				reject( new HttpError( 413, `the body is more than ${ MAX_BODY_BYTES } bytes` ) );
				req.destroy();
				return;
			}
			chunks.push( chunk );
		} );
		req.on( 'end', () => resolve( Buffer.concat( chunks ).toString( 'utf8' ) ) );
		req.on( 'error', reject );
	} );
}

function sendJson( res: ServerResponse, status: number, body: unknown ): void {
	const text = body === undefined ? '' : JSON.stringify( body );
	res.writeHead( status, text ? { 'Content-Type': 'application/json; charset=utf-8' } : {} );
	res.end( text );
}

/**
 * Creates the EventGate-compatible intake: `POST /v1/events` validates, enriches and stores events;
 * `GET /v1/streams/<stream>/events` and `GET /v1/live` (server-sent events) are the read side;
 * `GET /v1/stats` the counters.
 *
 * @param options streams, schemas, store, CORS and static files
 */
export function createIntake( options: IntakeOptions ): Intake {
	const log = options.log || ( ( m: string ) => console.warn( '[mp-intake] ' + m ) );
	const streams: StreamRegistry = createStreamRegistry( options.streamConfigs, log );
	const schemas = createSchemaRepository( options.schemasDir );
	const allowAny = ( options.corsOrigins || [] ).includes( '*' );
	const origins = new Set( options.corsOrigins || [] );
	const stats: IntakeStats = { requests: 0, received: 0, accepted: 0, stored: 0, duplicates: 0, invalid: 0, errors: 0 };
	const live = new Set<{ res: ServerResponse; stream: string | null }>();
	const inFlight = new Set<Promise<unknown>>();
	let closing = false;

	function cors( req: IncomingMessage, res: ServerResponse ): void {
		const origin = req.headers.origin;
		if ( origin && ( allowAny || origins.has( origin ) || isLoopbackOrigin( origin ) ) ) {
			res.setHeader( 'Access-Control-Allow-Origin', origin );
			res.setHeader( 'Vary', 'Origin' );
		}
	}

	async function store( events: Record<string, unknown>[] ): Promise<void> {
		if ( !events.length ) {
			return;
		}
		const result = await options.sink.write( events );
		stats.stored += result.stored;
		stats.duplicates += result.duplicates;
		for ( const client of live ) {
			for ( const event of events ) {
				const stream = ( event.meta as { stream: string } ).stream;
				if ( !client.stream || client.stream === stream ) {
					client.res.write( `data: ${ JSON.stringify( event ) }\n\n` );
				}
			}
		}
	}

	async function postEvents( req: IncomingMessage, res: ServerResponse, url: URL ): Promise<void> {
		const type = String( req.headers[ 'content-type' ] || 'application/json' ).split( ';' )[ 0 ].trim().toLowerCase();
		if ( type !== 'application/json' && type !== 'text/plain' ) {
			throw new HttpError( 415, `Content-Type ${ type } is not application/json or text/plain` );
		}
		const text = await readBody( req );
		let body: unknown;
		try {
			body = JSON.parse( text );
		} catch ( e ) {
			throw new HttpError( 400, `the body is not JSON (${ ( e as Error ).message })` );
		}
		const verdict = processEvents( body, streams, schemas, { receivedAt: new Date(), userAgent: req.headers[ 'user-agent' ] } );
		stats.received += verdict.accepted.length + verdict.invalid.length + verdict.error.length;
		stats.accepted += verdict.accepted.length;
		stats.invalid += verdict.invalid.length;
		stats.errors += verdict.error.length;
		const hasty = url.searchParams.get( 'hasty' ) === 'true';
		if ( hasty ) {
			sendJson( res, 202, undefined );
		}
		await store( verdict.accepted );
		if ( hasty ) {
			return;
		}
		const refused: RefusedEvent[] = verdict.invalid.concat( verdict.error );
		if ( !refused.length ) {
			sendJson( res, 201, undefined );
		} else {
			sendJson( res, verdict.accepted.length ? 207 : 400, { invalid: verdict.invalid, error: verdict.error } );
		}
	}

	async function serveStatic( res: ServerResponse, pathname: string ): Promise<boolean> {
		const mounts = options.staticDirs || {};
		const prefix = Object.keys( mounts ).sort( ( a, b ) => b.length - a.length ).find( ( p ) => pathname.indexOf( p ) === 0 );
		if ( prefix === undefined ) {
			return false;
		}
		const root = path.resolve( mounts[ prefix ] );
		let rel = decodeURIComponent( pathname.slice( prefix.length ) );
		if ( !rel || rel.endsWith( '/' ) ) {
			rel += 'index.html';
		}
		const file = path.resolve( root, rel );
		if ( file !== root && !file.startsWith( root + path.sep ) ) {
			throw new HttpError( 403, 'outside the served folder' );
		}
		try {
			const content = await readFile( file );
			res.writeHead( 200, { 'Content-Type': CONTENT_TYPES[ path.extname( file ) ] || 'application/octet-stream', 'Cache-Control': 'no-store' } );
			res.end( content );
			return true;
		} catch ( e ) {
			return false;
		}
	}

	async function handle( req: IncomingMessage, res: ServerResponse ): Promise<void> {
		stats.requests++;
		const url = new URL( req.url || '/', 'http://intake.invalid' );
		cors( req, res );
		if ( req.method === 'OPTIONS' ) {
			res.writeHead( 204, {
				'Access-Control-Allow-Methods': 'POST, GET, OPTIONS',
				'Access-Control-Allow-Headers': 'Content-Type',
				'Access-Control-Max-Age': '86400',
			} );
			res.end();
			return;
		}
		if ( url.pathname === '/v1/events' ) {
			if ( req.method !== 'POST' ) {
				throw new HttpError( 405, 'use POST' );
			}
			return postEvents( req, res, url );
		}
		if ( req.method !== 'GET' && req.method !== 'HEAD' ) {
			throw new HttpError( 405, `${ req.method } is not supported here` );
		}
		const recent = /^\/v1\/streams\/([^/]+)\/events$/.exec( url.pathname );
		if ( recent ) {
			const limit = Math.min( 1000, Math.max( 1, Number( url.searchParams.get( 'limit' ) ) || 50 ) );
			return sendJson( res, 200, await options.sink.recent( decodeURIComponent( recent[ 1 ] ), limit ) );
		}
		if ( url.pathname === '/v1/live' ) {
			res.writeHead( 200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' } );
			res.write( ': connected\n\n' );
			const client = { res, stream: url.searchParams.get( 'stream' ) };
			live.add( client );
			req.on( 'close', () => live.delete( client ) );
			return;
		}
		if ( url.pathname === '/v1/stats' ) {
			return sendJson( res, 200, stats );
		}
		if ( url.pathname === '/healthz' ) {
			return sendJson( res, 200, { ok: true } );
		}
		if ( !await serveStatic( res, url.pathname ) ) {
			throw new HttpError( 404, `nothing at ${ url.pathname }` );
		}
	}

	const server = http.createServer( ( req, res ) => {
		if ( closing ) {
			res.setHeader( 'Connection', 'close' );
		}
		const work = handle( req, res ).catch( ( e: unknown ) => {
			const status = e instanceof HttpError ? e.status : 500;
			if ( status === 500 ) {
				log( `Internal error: ${ ( e as Error ).stack || String( e ) }` );
			}
			if ( !res.headersSent ) {
				sendJson( res, status, { invalid: [], error: [ { status: 'error', event: null, context: { message: ( e as Error ).message } } ] } );
			}
		} );
		inFlight.add( work );
		work.finally( () => inFlight.delete( work ) );
	} );
	server.headersTimeout = 10000;
	server.requestTimeout = 30000;

	return {
		stats,
		server,
		listen( port, host = '127.0.0.1' ) {
			return new Promise( ( resolve, reject ) => {
				server.once( 'error', reject );
				server.listen( port, host, () => {
					const address = server.address() as AddressInfo;
					resolve( `http://${ host.includes( ':' ) ? `[${ host }]` : host }:${ address.port }` );
				} );
			} );
		},
		async close() {
			closing = true;
			const stopped = new Promise<void>( ( resolve ) => {
				server.close( () => resolve() );
			} );
			for ( const client of live ) {
				client.res.end();
			}
			live.clear();
			server.closeIdleConnections();
			await Promise.allSettled( Array.from( inFlight ) );
			await stopped;
			await options.sink.close();
		},
	};
}
