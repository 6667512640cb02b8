/**
 * The off-wiki entry point: `createMetricsClient()` for Node (CommonJS) and for any web page
 * (the standalone bundle exposes it as `MetricsPlatform.createMetricsClient`). Same core as the
 * MediaWiki modules; the environment is given as options instead of read from `mw`.
 */
import { createBrowserDelivery } from '../browser/browserDelivery';
import { createFetchPost, FetchLike } from '../browser/fetchPost';
import { refusesTracking } from '../browser/privacy';
import { localStorageOf, storageKeys } from '../browser/webStorage';
import { createCoreClient, Instrument, MetricsClient } from '../core/client';
import { createDelivery, Delivery, DeliveryOptions, OUTBOX_PREFIX, OutboxItem, SendResult } from '../core/delivery';
import { restoreOutbox } from '../core/outboxRestore';
import { createIdGenerator, randomFillFrom } from '../core/identifiers';
import type { ContextAttributes, MetricsEvent, SampleUnit, StreamConfigsInput } from '../core/types';
import { warnOnce } from '../core/warnOnce';

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
	/**
	 * The EventGate-compatible intake (`…/v1/events`). In a browser, batches go by fetch while the page
	 * is visible and by sendBeacon when it is hidden, and unsent events wait in localStorage.
	 */
	intakeUrl?: string;
	/** Instead of an intake: a function that receives each batch. Throwing or rejecting means "retry later". */
	transport?: Transport;
	/** Receives problem reports. Default: `console.warn`. */
	warn?: ( message: string ) => void;
	/** Delivery limits: linger (default 1000 ms), batch size (100 events, 60000 bytes), retries. */
	delivery?: DeliveryOptions;
	/** Send nothing when the browser asks not to be tracked (Do Not Track, Global Privacy Control). Default true. */
	respectDoNotTrack?: boolean;
	/** Return false to send nothing (an opt-out). Checked for every event. */
	enabled?: () => boolean;
	/** The clock. Default `Date.now`. */
	now?: () => number;
	/** A token for the `device` sample unit; default: a random one per client. */
	deviceId?: string;
}

/** A client for off-wiki use: the core API plus `flush()`. */
export interface StandaloneMetricsClient extends MetricsClient {
	/** Sends every waiting event now. */
	flush(): void;
	/** Events not yet accepted by the intake or the transport. */
	pending(): number;
}

function defaultWarn( message: string ): void {
	// eslint-disable-next-line no-console
	console.warn( '[MetricsPlatform] ' + message );
}

/**
 * Delivery for the options given: browser delivery for an intake URL on a web page, fetch only for
 * an intake URL elsewhere (Node), the caller's function for `transport`, and nothing otherwise.
 *
 * @param opts
 * @param warn
 * @param pageview
 */
function createStandaloneDelivery( opts: MetricsClientOptions, warn: ( m: string ) => void, pageview: string ): Delivery {
	const options = opts.delivery || {};
	const url = opts.intakeUrl;
	if ( typeof url === 'string' && url && typeof window !== 'undefined' && typeof document !== 'undefined' ) {
		const storage = localStorageOf( window );
		const delivery = createBrowserDelivery( Object.assign( {}, options, { intakeUrl: url } ), {
			window, warn, storage,
			instanceId: pageview,
		} );
		if ( storage ) {
			// Once the page is idle: send what earlier pages left behind.
			setTimeout( () => restoreOutbox( storage, storageKeys( storage, ( key ) => key.indexOf( OUTBOX_PREFIX ) === 0 && key !== OUTBOX_PREFIX + pageview ), delivery, warn ), 1000 );
		}
		return delivery;
	}
	const transport = opts.transport;
	let post: ( items: readonly OutboxItem[], keepalive: boolean ) => SendResult | Promise<SendResult>;
	if ( typeof url === 'string' && url && typeof fetch === 'function' ) {
		post = createFetchPost( url, fetch as unknown as FetchLike, 10000 );
	} else {
		// The transport is called at once (not in a later task), so a flush hands events over synchronously.
		post = ( items ) => {
			const failed = ( e: unknown ): SendResult => {
				warn( `The transport failed for ${ items.length } event(s): ${ String( e ) }.` );
				return { status: 0 };
			};
			try {
				const result = transport ? transport( items.map( ( item ) => item.event as MetricsEvent ) ) : undefined;
				return result && typeof ( result as Promise<unknown> ).then === 'function' ?
					( result as Promise<unknown> ).then( () => ( { status: 201 } ), failed ) :
					{ status: 201 };
			} catch ( e ) {
				return failed( e );
			}
		};
	}
	return createDelivery( Object.assign( { maxBatchBytes: transport ? Infinity : undefined }, options ), {
		post,
		instanceId: pageview,
		setTimer: ( fn, ms ) => setTimeout( fn, ms ),
		clearTimer: ( handle ) => clearTimeout( handle as ReturnType<typeof setTimeout> ),
		now: Date.now,
		random: Math.random,
		warn,
	} );
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
 *     intakeUrl: 'https://intake.example.org/v1/events'
 * } );
 * client.submitClick( 'my.stream', { element_id: 'save' } );
 * client.flush();
 * @param options the environment and delivery settings
 */
export function createMetricsClient( options: MetricsClientOptions ): StandaloneMetricsClient {
	const opts = options || ( {} as MetricsClientOptions );
	const warn = warnOnce( typeof opts.warn === 'function' ? opts.warn : defaultWarn );
	// Web Crypto: every current browser, and Node from version 19 on.
	const ids = createIdGenerator( randomFillFrom( typeof crypto !== 'undefined' ? crypto : undefined, Math.random ) );
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
	const delivery = createStandaloneDelivery( opts, warn, generated.pageview );
	const browser = typeof navigator !== 'undefined' ? navigator : undefined;
	const refused = opts.respectDoNotTrack !== false && !!browser && refusesTracking( browser, typeof window !== 'undefined' ? window as { doNotTrack?: string } : undefined );

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
		send: ( event ) => delivery.add( event ),
		isEnabled: () => !refused && ( typeof opts.enabled !== 'function' || opts.enabled() !== false ),
	} );
	return Object.assign( {}, core, { flush: () => delivery.flush(), pending: () => delivery.pending() } );
}
