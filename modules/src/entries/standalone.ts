/**
 * The off-wiki entry point: `createMetricsClient()` for Node (CommonJS) and for any web page
 * (the standalone bundle exposes it as `MetricsPlatform.createMetricsClient`). Same core as the
 * MediaWiki modules; the environment is given as options instead of read from `mw`.
 */
import { createCoreClient, Instrument, MetricsClient } from '../core/client';
import { createDeliveryQueue } from '../core/deliveryQueue';
import { createIdGenerator, RandomFill, weakRandomFill } from '../core/identifiers';
import type { ContextAttributes, MetricsEvent, SampleUnit, StreamConfigsInput } from '../core/types';

export type { ContextAttributes, Instrument, MetricsClient, MetricsEvent, StreamConfigsInput };
export { editCountBucket } from '../core/contextAttributes';
export { isTokenInSample, isTokenOneInN } from '../core/sampling';

/** Receives each batch of finished events: exactly what would be sent to an intake. */
export type Transport = ( batch: MetricsEvent[] ) => void | Promise<unknown>;

/** Options of {@link createMetricsClient}. */
export interface MetricsClientOptions {
	/** Stream configs: browser form, action=streamconfigs form, or `false` for any stream unsampled. */
	streamConfigs: StreamConfigsInput;
	/** `meta.domain` of every event, e.g. `en.wikipedia.org`. */
	domain?: string;
	/**
	 * Contextual attributes `{ agent, page, mediawiki, performer }`, or a function returning them for
	 * each event. `performer.pageview_id` and `performer.session_id` are the sampling tokens when given.
	 */
	context?: ContextAttributes | ( () => ContextAttributes );
	/** Where batches go. Default: nowhere (events are dropped after building). */
	transport?: Transport;
	/** Receives problem reports. Default: `console.warn`. */
	warn?: ( message: string ) => void;
	/** How long an event may wait for others before its batch is sent, in ms. Default 1000. */
	lingerMs?: number;
	/** Largest batch. Default 50. */
	maxBatchEvents?: number;
	/** The clock. Default `Date.now`. */
	now?: () => number;
	/** A token for the `device` sample unit; default: a random one per client. */
	deviceId?: string;
}

/** A client for off-wiki use: the core API plus `flush()`. */
export interface StandaloneMetricsClient extends MetricsClient {
	/** Hands every waiting event to the transport now. */
	flush(): void;
}

function defaultRandomFill(): RandomFill {
	// Web Crypto: every current browser, and Node from version 19 on.
	// eslint-disable-next-line n/no-unsupported-features/node-builtins
	const webCrypto = typeof crypto !== 'undefined' ? crypto : undefined;
	if ( webCrypto && typeof webCrypto.getRandomValues === 'function' ) {
		return ( bytes ) => {
			webCrypto.getRandomValues!( bytes );
		};
	}
	return weakRandomFill( Math.random );
}

function defaultWarn( message: string ): void {
	// eslint-disable-next-line no-console
	console.warn( '[MetricsPlatform] ' + message );
}

/**
 * Creates a Metrics Platform client outside MediaWiki.
 *
 * @example
 * const { createMetricsClient } = require( 'metrics-platform' );
 * const client = createMetricsClient( {
 *     streamConfigs: { 'my.stream': { producers: { metrics_platform_client: { provide_values: [ 'page_id' ] } } } },
 *     domain: 'example.org',
 *     context: { page: { id: 42 } },
 *     transport: ( batch ) => console.log( batch )
 * } );
 * client.submitClick( 'my.stream', { element_id: 'save' } );
 * client.flush();
 * @param options the environment and delivery settings
 */
export function createMetricsClient( options: MetricsClientOptions ): StandaloneMetricsClient {
	const opts = options || ( {} as MetricsClientOptions );
	const warn = typeof opts.warn === 'function' ? opts.warn : defaultWarn;
	const ids = createIdGenerator( defaultRandomFill() );
	const generated: Record<SampleUnit, string> = {
		pageview: ids.token(),
		session: ids.token(),
		device: typeof opts.deviceId === 'string' && opts.deviceId ? opts.deviceId : ids.token(),
	};
	const contextOption = opts.context;
	const readContext = typeof contextOption === 'function' ? contextOption : () => contextOption || {};
	/** The caller's context, with the generated pageview and session ids where it has none. */
	function context(): ContextAttributes {
		const ctx = readContext() || {};
		const performer = ctx.performer;
		if ( performer && typeof performer.pageview_id === 'string' && typeof performer.session_id === 'string' ) {
			return ctx;
		}
		return Object.assign( {}, ctx, { performer: Object.assign( { pageview_id: generated.pageview, session_id: generated.session }, performer ) } );
	}
	const transport = opts.transport;

	function deliver( batch: MetricsEvent[] ): void {
		if ( !transport ) {
			return;
		}
		try {
			const result = transport( batch );
			if ( result && typeof ( result as Promise<unknown> ).then === 'function' ) {
				( result as Promise<unknown> ).then( undefined, ( e ) => warn( `The transport failed for ${ batch.length } event(s): ${ String( e ) }.` ) );
			}
		} catch ( e ) {
			warn( `The transport failed for ${ batch.length } event(s): ${ String( e ) }.` );
		}
	}

	const queue = createDeliveryQueue(
		{ lingerMs: opts.lingerMs, maxBatchEvents: opts.maxBatchEvents },
		{ setTimer: ( fn, ms ) => setTimeout( fn, ms ), clearTimer: ( h ) => clearTimeout( h as ReturnType<typeof setTimeout> ), send: deliver },
	);

	const core = createCoreClient( {
		streamConfigs: opts.streamConfigs,
		domain: opts.domain,
		context,
		token( unit, ctx ) {
			const performer = ctx.performer;
			const given = unit !== 'device' && performer ? performer[ unit + '_id' ] : undefined;
			return typeof given === 'string' ? given : generated[ unit ];
		},
		now: typeof opts.now === 'function' ? opts.now : Date.now,
		ids,
		warn,
		send: ( event ) => queue.add( event ),
	} );
	return Object.assign( {}, core, { flush: () => queue.flush() } );
}
