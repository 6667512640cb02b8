import type { MetricsEvent } from './types';

/** How events are grouped into requests. */
export interface QueueOptions {
	/** Send as soon as this many events wait. Default 50. */
	maxBatchEvents?: number;
	/** Send this long after the first waiting event, in milliseconds. Default 1000. */
	lingerMs?: number;
}

/** What the queue needs from the environment. */
export interface QueuePorts {
	/** Schedules `fn` after `ms` milliseconds; returns something `clearTimer` accepts. */
	setTimer( fn: () => void, ms: number ): unknown;
	clearTimer( handle: unknown ): void;
	/** Receives each batch, in order. */
	send( batch: MetricsEvent[] ): void;
}

/** Holds finished events briefly so that many travel in one request. */
export interface DeliveryQueue {
	/** Queues one event; sends at once when the batch is full. */
	add( event: MetricsEvent ): void;
	/** Sends everything that waits now (page hidden, unload, or an explicit call). */
	flush(): void;
	/** How many events wait. */
	size(): number;
}

/**
 * Creates a delivery queue: events wait at most `lingerMs`, and a full batch leaves at once.
 *
 * @example
 * const queue = createDeliveryQueue( { lingerMs: 1000 }, { setTimer: setTimeout, clearTimer: clearTimeout, send: post } );
 * @param options batching limits
 * @param ports timers and the sender
 */
export function createDeliveryQueue( options: QueueOptions, ports: QueuePorts ): DeliveryQueue {
	const maxEvents = Math.max( 1, options.maxBatchEvents || 50 );
	const linger = options.lingerMs === undefined ? 1000 : Math.max( 0, options.lingerMs );
	let waiting: MetricsEvent[] = [];
	let timer: unknown = null;

	function flush(): void {
		if ( timer !== null ) {
			ports.clearTimer( timer );
			timer = null;
		}
		while ( waiting.length ) {
			const batch = waiting.slice( 0, maxEvents );
			waiting = waiting.slice( maxEvents );
			ports.send( batch );
		}
	}

	return {
		add( event ) {
			waiting.push( event );
			if ( waiting.length >= maxEvents ) {
				flush();
			} else if ( timer === null ) {
				timer = ports.setTimer( flush, linger );
			}
		},
		flush,
		size: () => waiting.length,
	};
}
