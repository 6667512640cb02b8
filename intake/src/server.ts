import { readFile } from 'node:fs/promises';
import http, { IncomingMessage, ServerResponse, STATUS_CODES } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import { createStreamRegistry, StreamRegistry } from '../../modules/src/core/streamConfig';
import type { DocsSource } from './datasetDocs/docsSource';
import type { Definitions } from './definitionSources';
import { HttpError } from './httpError';
import { parseJsonBody } from './jsonBody';
import { createLiveFeed, LiveFeedLimits } from './liveFeed';
import { FailedEvent, failuresOf } from './modelling/failedEvents';
import { createModelCatalog } from './modelling/modelCatalog';
import type { ParsedTablesFile } from './modelling/parseTables';
import { startPurgeTimer } from './modelling/purgeTimer';
import { createSchemaDocuments } from './modelling/schemaDocuments';
import { MAX_EVENT_DEPTH, processEvents } from './processEvents';
import { checkReadAccess, createReadGuard, ReadAccess } from './readAccess';
import { createRefusalLog, DEFAULT_REFUSAL_LOG_SIZE } from './refusalLog';
import { readBody } from './requestBody';
import { createSchemaRepository } from './schemaRepository';
import type { EventSink } from './sink';
import { createStreamContracts } from './streamContracts';
import { createStreamExpiry } from './streamExpiry';
import { mergeRefused, parseTraceQuery, Trace } from './trace';

/** EventGate's body limit. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** Bytes of request bodies held at once, all requests together; past it, requests are answered 429. */
export const MAX_BUFFERED_BODY_BYTES = 64 * 1024 * 1024;

/** How long {@link Intake.close} waits for requests in flight, by default. */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10000;

/** Options of {@link createIntake}. */
export interface IntakeOptions {
	/**
	 * Declared streams, in the same form the client receives (browser or action=streamconfigs form),
	 * or action=metricsplatformconfig's `{ streams, expired }`, whose windows the intake enforces
	 * (see streamExpiry.ts).
	 */
	streamConfigs: unknown;
	/** The schema repository folder. */
	schemasDir: string;
	/** Where accepted events go. */
	sink: EventSink;
	/**
	 * Who may read stored events, the live feed and the counters. Default `false`: nobody. See
	 * {@link ReadAccess}: `{ token }` or `{ loopbackOnly: true }`.
	 */
	readAccess?: ReadAccess;
	/**
	 * Browser origins allowed to read answers (CORS). Loopback origins are always allowed. `*` allows any.
	 * The trace (`GET /v1/trace`, which names what one reader did) is shared with the origins listed
	 * here by name only: neither `*` nor an unlisted loopback origin may read it from a page.
	 */
	corsOrigins?: string[];
	/** URL path prefix → folder, for serving static files (the demo). */
	staticDirs?: Record<string, string>;
	/** Live feed limits (subscribers, backlog per subscriber). */
	liveFeed?: Partial<LiveFeedLimits>;
	/**
	 * Refused events kept in memory for `GET /v1/trace` (only those naming a page view or session).
	 * Default {@link DEFAULT_REFUSAL_LOG_SIZE}.
	 */
	refusalLogSize?: number;
	/** Time to receive a request body once its headers are in, in ms. Default 30 000. */
	bodyTimeoutMs?: number;
	/** Tables per stream from a file (`mp-intake --tables`), besides those of the stream configs. */
	tables?: ParsedTablesFile | null;
	/**
	 * Enforce retention (purge, see the README's "Tables for analysts") on start and every this many
	 * ms, when the store can. Default 0: never (`mp-intake` purges hourly).
	 */
	purgeEveryMs?: number;
	/**
	 * The intake's clock (ms since the epoch): the receive time of events (`meta.dt`) and the purge
	 * schedule's time. Tests pass a fake one. Default Date.now.
	 */
	clock?: () => number;
	/**
	 * The dataset documentation the read side serves (`GET /v1/tables/<table>/doc`,
	 * `GET /v1/streams/<stream>/doc`, Markdown); without it those answer 404. The intake closes it on close().
	 */
	docs?: DocsSource | null;
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
	/**
	 * Starts listening; resolves with the base URL (`http://127.0.0.1:PORT`).
	 *
	 * @throws {Error} when the read access does not suit the address (loopback-only on a public one)
	 */
	listen( port: number, host?: string ): Promise<string>;
	/**
	 * Stops accepting connections, lets requests in flight finish for at most `timeoutMs`, then
	 * closes the remaining connections and the store. Every event answered 201 is stored by then.
	 *
	 * @param timeoutMs default {@link DEFAULT_SHUTDOWN_TIMEOUT_MS}
	 */
	close( timeoutMs?: number ): Promise<void>;
	/**
	 * Replaces the declared streams (e.g. refreshed from the wiki's action=metricsplatformconfig);
	 * requests received from then on are checked against them.
	 *
	 * @param streamConfigs as {@link IntakeOptions.streamConfigs}
	 */
	setStreamConfigs( streamConfigs: unknown ): void;
	readonly stats: IntakeStats;
	readonly server: http.Server;
	/** The definitions in force (declared streams, their tables and checks); they change with setStreamConfigs. */
	readonly definitions: Definitions;
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
const RECENT_EVENTS_PATH = /^\/v1\/streams\/([^/]+)\/events$/;
const DOC_PATH = /^\/v1\/(tables|streams)\/([^/]+)\/doc$/;
const READ_PATHS = new Set( [ '/v1/live', '/v1/stats', '/v1/trace' ] );

/**
 * Whether a path is on the read side (stored events, the live feed, the counters, the trace, dataset
 * documentation), which {@link ReadAccess} guards.
 *
 * @param pathname a request's path
 */
function isReadPath( pathname: string ): boolean {
	return READ_PATHS.has( pathname ) || RECENT_EVENTS_PATH.test( pathname ) || DOC_PATH.test( pathname );
}

function isLoopbackOrigin( origin: string ): boolean {
	try {
		const host = new URL( origin ).hostname;
		return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test( host );
	} catch ( e ) {
		return false;
	}
}

/**
 * `decodeURIComponent` that refuses a malformed escape with a 400.
 *
 * @param text a path segment
 */
function decodePath( text: string ): string {
	try {
		return decodeURIComponent( text );
	} catch ( e ) {
		throw new HttpError( 400, 'the path has a malformed percent-escape' );
	}
}

/** Seconds a client is asked to wait (Retry-After) when the store cannot take a write. */
export const STORE_RETRY_AFTER_SECONDS = 10;

/**
 * The body of a request-level refusal (EventGate-shaped, so clients read it like any refusal).
 *
 * @param message the reason
 */
function errorBody( message: string ): unknown {
	return { invalid: [], error: [ { status: 'error', event: null, context: { message } } ] };
}

function sendJson( res: ServerResponse, status: number, body: unknown ): void {
	const text = body === undefined ? '' : JSON.stringify( body );
	res.writeHead( status, text ? { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength( text ) } : { 'Content-Length': 0 } );
	res.end( text );
}

/**
 * Creates the EventGate-compatible intake: `POST /v1/events` validates, enriches and stores events;
 * `GET /v1/streams/<stream>/events`, `GET /v1/live` (server-sent events) and `GET /v1/stats` are
 * the read side, closed unless `readAccess` opens it.
 *
 * @param options streams, schemas, store, read access, CORS and static files
 */
export function createIntake( options: IntakeOptions ): Intake {
	const log = options.log || ( ( m: string ) => console.warn( '[mp-intake] ' + m ) );
	const reportedProblems = new Set<string>();
	const schemaDocuments = createSchemaDocuments( options.schemasDir );
	let definitions: Definitions;
	/**
	 * Hands the streams' tables and retention to the store, and says once what is wrong with them.
	 *
	 * @param registry the declared streams
	 */
	function setModels( registry: StreamRegistry ): void {
		const catalog = createModelCatalog( registry, options.tables );
		definitions = { registry, catalog };
		for ( const problem of catalog.problems ) {
			if ( !reportedProblems.has( problem ) && reportedProblems.size < 1000 ) {
				reportedProblems.add( problem );
				log( `Tables: ${ problem }` );
			}
		}
		if ( options.sink.setModels ) {
			options.sink.setModels( catalog, schemaDocuments );
		}
	}
	const initialRegistry = createStreamRegistry( options.streamConfigs, log );
	let contracts = createStreamContracts( initialRegistry, createStreamExpiry( options.streamConfigs ) );
	setModels( initialRegistry );
	const schemas = createSchemaRepository( options.schemasDir );
	const readAccess = options.readAccess || false;
	const mayRead = createReadGuard( readAccess );
	const allowAny = ( options.corsOrigins || [] ).includes( '*' );
	const origins = new Set( options.corsOrigins || [] );
	const bodyLimits = { maxBytes: MAX_BODY_BYTES, timeoutMs: options.bodyTimeoutMs || 30000, budget: { used: 0, max: MAX_BUFFERED_BODY_BYTES } };
	const stats: IntakeStats = { requests: 0, received: 0, accepted: 0, stored: 0, duplicates: 0, invalid: 0, errors: 0 };
	const live = createLiveFeed( options.liveFeed );
	const refusalLog = createRefusalLog( options.refusalLogSize || DEFAULT_REFUSAL_LOG_SIZE );
	const inFlight = new Set<Promise<unknown>>();
	const sink = options.sink;
	const clock = options.clock || Date.now;
	const purgeTimer = options.purgeEveryMs && sink.purge ?
		startPurgeTimer( { purge: ( now ) => ( sink.purge as NonNullable<EventSink[ 'purge' ]> ).call( sink, now ) }, options.purgeEveryMs, clock, log ) : null;
	let closing: Promise<void> | null = null;

	function cors( req: IncomingMessage, res: ServerResponse, pathname: string ): void {
		const origin = req.headers.origin;
		if ( !origin ) {
			return;
		}
		const named = origins.has( origin );
		// The read side shows user names and session ids: only a named origin may read it from a page.
		// `*` and loopback origins are for sending events; read access (loopback peer, a token) does not
		// tell a page on another site, open in a browser on this machine, from the developer.
		if ( isReadPath( pathname ) ? named : named || allowAny || isLoopbackOrigin( origin ) ) {
			res.setHeader( 'Access-Control-Allow-Origin', origin );
			res.setHeader( 'Vary', 'Origin' );
		}
	}

	async function store( events: Record<string, unknown>[] ): Promise<void> {
		if ( !events.length ) {
			return;
		}
		// Serialised once for the store and the live feed when the feed has subscribers; otherwise the
		// store serialises.
		const serialized = live.size ? events.map( ( e ) => JSON.stringify( e ) ) : undefined;
		const result = await options.sink.write( events, serialized );
		stats.stored += result.stored;
		stats.duplicates += result.duplicates;
		live.publish( events, serialized );
	}

	// A store that fails (disk full, its database down) fails every request: one message per 10 s.
	let storeFailureLoggedAt = -Infinity;
	let storeFailuresUnlogged = 0;
	function storeFailed( e: unknown ): void {
		const now = clock();
		if ( now - storeFailureLoggedAt < 10000 ) {
			storeFailuresUnlogged++;
			return;
		}
		log( `The store could not take a write${ storeFailuresUnlogged ? ` (nor ${ storeFailuresUnlogged } other(s) since the last message)` : '' }; answered 503: ${ ( e as Error ).message }` );
		storeFailureLoggedAt = now;
		storeFailuresUnlogged = 0;
	}

	/**
	 * Keeps why events were refused (the store's failed-events table); a failure there is logged and
	 * never changes the answer.
	 *
	 * @param rows
	 */
	async function recordFailures( rows: FailedEvent[] ): Promise<void> {
		try {
			await ( options.sink.recordFailures as NonNullable<EventSink[ 'recordFailures' ]> )( rows );
		} catch ( e ) {
			log( `The failed events could not be recorded: ${ ( e as Error ).message }` );
		}
	}

	async function postEvents( req: IncomingMessage, res: ServerResponse, url: URL ): Promise<void> {
		const type = String( req.headers[ 'content-type' ] || 'application/json' ).split( ';' )[ 0 ].trim().toLowerCase();
		if ( type !== 'application/json' && type !== 'text/plain' ) {
			throw new HttpError( 415, `Content-Type ${ JSON.stringify( type.slice( 0, 60 ) ) } is not application/json or text/plain` );
		}
		// One level for the array around the events.
		const parsed = parseJsonBody( await readBody( req, bodyLimits ), MAX_EVENT_DEPTH + 1 );
		if ( !parsed.ok ) {
			throw new HttpError( 400, parsed.reason );
		}
		const receivedAt = new Date( clock() );
		const verdict = processEvents( parsed.value, contracts, schemas, { receivedAt, userAgent: req.headers[ 'user-agent' ] } );
		const refused = verdict.refused;
		if ( refused.records.length ) {
			refusalLog.record( refused.records, parsed.value, receivedAt.toISOString() );
		}
		stats.received += verdict.accepted.length + refused.invalidCount + refused.errorCount;
		stats.accepted += verdict.accepted.length;
		stats.invalid += refused.invalidCount;
		stats.errors += refused.errorCount;
		const hasty = url.searchParams.get( 'hasty' ) === 'true';
		if ( hasty ) {
			sendJson( res, 202, undefined );
		}
		try {
			await store( verdict.accepted );
		} catch ( e ) {
			storeFailed( e );
			if ( !res.headersSent ) {
				// Every client waits, then sends the events again (a copy stored already is kept once).
				res.setHeader( 'Retry-After', String( STORE_RETRY_AFTER_SECONDS ) );
			}
			throw new HttpError( 503, `the store cannot take events now; send them again in ${ STORE_RETRY_AFTER_SECONDS } s` );
		}
		if ( ( refused.invalidCount || refused.errorCount ) && options.sink.recordFailures ) {
			await recordFailures( failuresOf( parsed.value, refused, contracts, receivedAt ) );
		}
		if ( hasty ) {
			return;
		}
		const warnings = verdict.warnings.length ? { warnings: verdict.warnings } : {};
		if ( !refused.invalidCount && !refused.errorCount ) {
			sendJson( res, 201, verdict.warnings.length ? warnings : undefined );
		} else {
			sendJson( res, verdict.accepted.length ? 207 : 400, Object.assign( refused.toJSON(), warnings ) );
		}
	}

	async function serveStatic( res: ServerResponse, pathname: string ): Promise<boolean> {
		const mounts = options.staticDirs || {};
		const prefix = Object.keys( mounts ).sort( ( a, b ) => b.length - a.length ).find( ( p ) => pathname.indexOf( p ) === 0 );
		if ( prefix === undefined ) {
			return false;
		}
		const root = path.resolve( mounts[ prefix ] );
		let rel = decodePath( pathname.slice( prefix.length ) );
		if ( !rel || rel.endsWith( '/' ) ) {
			rel += 'index.html';
		}
		if ( rel.includes( '\0' ) ) {
			throw new HttpError( 400, 'the path has a NUL character' );
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

	/**
	 * The dataset documentation of a table, or of every table of a stream: Markdown (404 when none
	 * matches), or with `?format=json` `{ "tables": [ { "table", "markdown" } ] }` (a stream without
	 * tables: an empty list, for pages that show it when there is some).
	 *
	 * @param res
	 * @param kind
	 * @param name a table or a stream
	 * @param json
	 */
	async function serveDocs( res: ServerResponse, kind: 'tables' | 'streams', name: string, json: boolean ): Promise<void> {
		if ( !options.docs ) {
			throw new HttpError( 404, 'dataset documentation needs the SQLite or PostgreSQL store' );
		}
		let documents;
		try {
			documents = await options.docs.documents( kind === 'tables' ? { table: name } : { stream: name }, definitions );
		} catch ( e ) {
			// The store's own words (a PostgreSQL error may name its host) go to the log only.
			log( `The dataset documentation could not be read from the store: ${ ( e as Error ).message }` );
			throw new HttpError( 503, 'the dataset documentation could not be read from the store; try again later' );
		}
		res.setHeader( 'Cache-Control', 'no-store' );
		if ( json ) {
			return sendJson( res, 200, { tables: documents } );
		}
		if ( !documents.length ) {
			throw new HttpError( 404, `no modelled table ${ kind === 'tables' ? 'named' : 'of stream' } ${ JSON.stringify( name.slice( 0, 100 ) ) }` );
		}
		const text = documents.map( ( d ) => d.markdown ).join( '\n' );
		res.writeHead( 200, { 'Content-Type': 'text/markdown; charset=utf-8', 'Content-Length': Buffer.byteLength( text ) } );
		res.end( text );
	}

	async function readSide( req: IncomingMessage, res: ServerResponse, url: URL ): Promise<boolean> {
		if ( !isReadPath( url.pathname ) ) {
			return false;
		}
		const recent = RECENT_EVENTS_PATH.exec( url.pathname );
		const doc = DOC_PATH.exec( url.pathname );
		const refusal = mayRead( req );
		if ( refusal ) {
			if ( refusal.status === 401 ) {
				res.setHeader( 'WWW-Authenticate', 'Bearer' );
			}
			throw new HttpError( refusal.status, refusal.reason );
		}
		if ( recent ) {
			const limit = Math.min( 1000, Math.max( 1, Number( url.searchParams.get( 'limit' ) ) || 50 ) );
			sendJson( res, 200, await options.sink.recent( decodePath( recent[ 1 ] ), limit ) );
		} else if ( url.pathname === '/v1/trace' ) {
			const { subject, limit } = parseTraceQuery( url.searchParams );
			const trace: Trace = {
				accepted: options.sink.trace ? await options.sink.trace( subject, limit ) : [],
				refused: mergeRefused( options.sink.refusals ? await options.sink.refusals( subject, limit ) : [], refusalLog.find( subject, limit ), limit ),
			};
			res.setHeader( 'Cache-Control', 'no-store' );
			sendJson( res, 200, trace );
		} else if ( doc ) {
			await serveDocs( res, doc[ 1 ] as 'tables' | 'streams', decodePath( doc[ 2 ] ), url.searchParams.get( 'format' ) === 'json' );
		} else if ( url.pathname === '/v1/live' ) {
			live.subscribe( req, res, url.searchParams.get( 'stream' ) );
		} else {
			const memory = process.memoryUsage();
			sendJson( res, 200, Object.assign( {}, stats, { live_subscribers: live.size, live_dropped: live.dropped, heap_used_bytes: memory.heapUsed, rss_bytes: memory.rss } ) );
		}
		return true;
	}

	async function handle( req: IncomingMessage, res: ServerResponse ): Promise<void> {
		stats.requests++;
		let url: URL;
		try {
			url = new URL( req.url || '/', 'http://intake.invalid' );
		} catch ( e ) {
			throw new HttpError( 400, 'the request target is not a URL path' );
		}
		cors( req, res, url.pathname );
		if ( req.method === 'OPTIONS' ) {
			res.writeHead( 204, {
				'Access-Control-Allow-Methods': 'POST, GET, OPTIONS',
				// Authorization: a named origin's page reading with the read token.
				'Access-Control-Allow-Headers': isReadPath( url.pathname ) ? 'Content-Type, Authorization' : 'Content-Type',
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
			throw new HttpError( 405, `${ String( req.method ).slice( 0, 20 ) } is not supported here` );
		}
		if ( await readSide( req, res, url ) ) {
			return;
		}
		if ( url.pathname === '/healthz' ) {
			return sendJson( res, 200, { ok: true } );
		}
		if ( !await serveStatic( res, url.pathname ) ) {
			throw new HttpError( 404, `nothing at ${ JSON.stringify( url.pathname.slice( 0, 100 ) ) }` );
		}
	}

	const server = http.createServer( ( req, res ) => {
		if ( closing ) {
			res.setHeader( 'Connection', 'close' );
		}
		const work = handle( req, res ).catch( async ( e: unknown ) => {
			const status = e instanceof HttpError ? e.status : 500;
			if ( status === 500 ) {
				log( `Internal error: ${ ( e as Error ).stack || String( e ) }` );
			}
			if ( e instanceof HttpError && e.drained ) {
				await e.drained;
				if ( !req.complete ) {
					// Given up on the rest of the body: this connection cannot carry another request.
					res.setHeader( 'Connection', 'close' );
				}
			}
			if ( !res.headersSent && !res.destroyed ) {
				sendJson( res, status, errorBody( status === 500 ? 'internal error' : ( e as Error ).message ) );
			}
		} );
		inFlight.add( work );
		work.finally( () => inFlight.delete( work ) );
	} );
	server.headersTimeout = 10000;
	// readBody answers slow bodies (408) first; this is Node's backstop for the rest.
	server.requestTimeout = bodyLimits.timeoutMs * 2;
	server.on( 'clientError', ( e: NodeJS.ErrnoException, socket: Socket ) => {
		// What Node's HTTP parser refuses (bad request line, headers too large, header timeout):
		// answer with JSON unless a response is already under way on this socket.
		const busy = Reflect.get( socket, '_httpMessage' ) as ServerResponse | null;
		if ( e.code === 'ECONNRESET' || !socket.writable || ( busy && busy.headersSent ) ) {
			socket.destroy();
			return;
		}
		const status = e.code === 'HPE_HEADER_OVERFLOW' ? 431 : e.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
		const body = JSON.stringify( errorBody( status === 431 ? 'the request headers are too large' : status === 408 ? 'the request headers did not arrive in time' : 'the request is not valid HTTP/1.1' ) );
		socket.end( `HTTP/1.1 ${ status } ${ STATUS_CODES[ status ] }\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${ Buffer.byteLength( body ) }\r\nConnection: close\r\n\r\n${ body }` );
	} );

	async function shutDown( timeoutMs: number ): Promise<void> {
		const stopped = new Promise<void>( ( resolve ) => {
			server.close( () => resolve() );
		} );
		live.close();
		server.closeIdleConnections();
		const deadline = Date.now() + timeoutMs;
		while ( inFlight.size && Date.now() < deadline ) {
			let timer: NodeJS.Timeout | undefined;
			await Promise.race( [
				Promise.allSettled( Array.from( inFlight ) ),
				new Promise( ( resolve ) => {
					timer = setTimeout( resolve, deadline - Date.now() );
				} ),
			] );
			clearTimeout( timer );
		}
		if ( inFlight.size ) {
			log( `Shutting down: ${ inFlight.size } request(s) unfinished after ${ timeoutMs / 1000 } s are cut off.` );
		}
		// Whatever is still open now is idle, half-sent or past the deadline.
		server.closeAllConnections();
		await Promise.allSettled( Array.from( inFlight ) );
		await stopped;
		if ( purgeTimer ) {
			await purgeTimer.stop();
		}
		await options.sink.close();
		if ( options.docs ) {
			await options.docs.close();
		}
	}

	return {
		stats,
		server,
		get definitions() {
			return definitions;
		},
		listen( port, host = '127.0.0.1' ) {
			return new Promise( ( resolve, reject ) => {
				checkReadAccess( readAccess, host );
				server.once( 'error', reject );
				server.listen( port, host, () => {
					const address = server.address() as AddressInfo;
					resolve( `http://${ host.includes( ':' ) ? `[${ host }]` : host }:${ address.port }` );
				} );
			} );
		},
		close( timeoutMs = DEFAULT_SHUTDOWN_TIMEOUT_MS ) {
			if ( !closing ) {
				closing = shutDown( timeoutMs );
			}
			return closing;
		},
		setStreamConfigs( streamConfigs ) {
			const registry = createStreamRegistry( streamConfigs, log );
			contracts = createStreamContracts( registry, createStreamExpiry( streamConfigs ) );
			setModels( registry );
		},
	};
}
