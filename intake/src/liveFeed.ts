import type { IncomingMessage, ServerResponse } from 'node:http';

/** Limits of the live feed. */
export interface LiveFeedLimits {
	/** Subscribers at once; more are answered 429. Default 16. */
	maxSubscribers: number;
	/**
	 * Bytes still unsent to one subscriber past which, at the next publish, it is dropped. Default
	 * 1 MiB. (A subscriber holds at most this plus one request's events.)
	 */
	maxBufferedBytes: number;
}

/** The live feed: server-sent events of accepted events, to subscribers that keep up. */
export interface LiveFeed {
	/**
	 * Adds a subscriber, or answers 429 when there are too many.
	 *
	 * @param req the request
	 * @param res its response, kept open
	 * @param stream only this `meta.stream`, or every stream when null
	 */
	subscribe( req: IncomingMessage, res: ServerResponse, stream: string | null ): void;
	/**
	 * Sends accepted events to the subscribers that want them.
	 *
	 * @param events accepted events
	 * @param serialized their JSON text, when made already (for the store)
	 */
	publish( events: readonly Record<string, unknown>[], serialized?: readonly string[] ): void;
	/** Ends every subscription. */
	close(): void;
	/** Current subscribers. */
	readonly size: number;
	/** Subscribers dropped because they did not read. */
	readonly dropped: number;
}

/**
 * A live feed whose memory is bounded whatever subscribers do: a subscriber whose connection backs
 * up (more than `maxBufferedBytes` unsent) is disconnected instead of buffered for.
 *
 * @param limits subscriber count and per-subscriber backlog
 */
export function createLiveFeed( limits: Partial<LiveFeedLimits> = {} ): LiveFeed {
	const maxSubscribers = limits.maxSubscribers || 16;
	const maxBufferedBytes = limits.maxBufferedBytes || 1024 * 1024;
	const subscribers = new Set<{ res: ServerResponse; stream: string | null }>();
	let dropped = 0;

	return {
		subscribe( req, res, stream ) {
			if ( subscribers.size >= maxSubscribers ) {
				res.writeHead( 429, { 'Content-Type': 'application/json; charset=utf-8', 'Retry-After': '10' } );
				res.end( JSON.stringify( { error: `the live feed has ${ maxSubscribers } subscribers already` } ) );
				return;
			}
			res.writeHead( 200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' } );
			res.write( ': connected\n\n' );
			const subscriber = { res, stream };
			subscribers.add( subscriber );
			const leave = (): void => {
				subscribers.delete( subscriber );
			};
			req.on( 'close', leave );
			res.on( 'close', leave );
		},
		publish( events, serialized ) {
			if ( !subscribers.size ) {
				return;
			}
			const lines = new Map<string | null, string>();
			for ( const subscriber of subscribers ) {
				let text = lines.get( subscriber.stream );
				if ( text === undefined ) {
					text = '';
					for ( let i = 0; i < events.length; i++ ) {
						if ( !subscriber.stream || ( events[ i ].meta as { stream: string } ).stream === subscriber.stream ) {
							text += `data: ${ serialized ? serialized[ i ] : JSON.stringify( events[ i ] ) }\n\n`;
						}
					}
					lines.set( subscriber.stream, text );
				}
				if ( !text ) {
					continue;
				}
				if ( subscriber.res.writableLength > maxBufferedBytes ) {
					// It does not read: let it go rather than hold the backlog.
					subscribers.delete( subscriber );
					dropped++;
					subscriber.res.destroy();
					continue;
				}
				subscriber.res.write( text );
			}
		},
		close() {
			for ( const subscriber of subscribers ) {
				subscriber.res.end();
			}
			subscribers.clear();
		},
		get size() {
			return subscribers.size;
		},
		get dropped() {
			return dropped;
		},
	};
}
