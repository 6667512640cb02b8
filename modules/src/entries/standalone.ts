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
import { Definitions, evaluateDefinitions } from '../core/definitions';
import type { ExperimentConfig, FlagConfig } from '../core/experiments';
import { createIdGenerator, randomFillFrom } from '../core/identifiers';
import type { ContextAttributes, JsonValue, MetricsEvent, SampleUnit, StreamConfigsInput } from '../core/types';
import type { Outcome } from '../core/outcome';
import { deliveryOutcomes, DeliveryReport } from '../core/outcomeDelivery';
import { warnOnce } from '../core/warnOnce';
// The same experiments API as on the wiki (pure: it reads no `mw`).
import { createExperimentsApi, Experiment, ExperimentsApi, ExperimentState, experimentsField } from '../mw/mwExperiments';

export type { Outcome, OutcomeDetail, ReasonCode } from '../core/outcome';
export type { ContextAttributes, Experiment, ExperimentConfig, ExperimentsApi, FlagConfig, Instrument, MetricsClient, MetricsEvent, StreamConfigsInput };
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
	/**
	 * A/B experiments by name, defined as on the wiki (`$wgMetricsPlatformExperiments`) and assigned
	 * by the same rules (the shared vectors of tests/fixtures/assignment.json). Subjects: unit `user`
	 * is `performer.id` of a logged-in context, `session` is `performer.session_id` (else the
	 * client's), `device` is `deviceId`. Evaluated once, at the first use, from the context then.
	 */
	experiments?: Record<string, ExperimentConfig>;
	/** Feature flags by key, defined as on the wiki (`$wgMetricsPlatformFlags`). */
	flags?: Record<string, FlagConfig>;
	/** Where experiment events go when an experiment names no stream. Default `mediawiki.experiment_interaction`. */
	experimentStream?: string;
	/**
	 * Hears what became of each call: one outcome with a reason code per call (`queued`,
	 * `unknown_stream`, `out_of_sample` with unit, rate and position, …), then its delivery by
	 * `meta.id` (`sent`, `accepted`, `refused_by_intake` with the intake's message, …). The codes are
	 * those of the wiki's inspector (README, "Why is my event missing?"). Nothing is made without it.
	 *
	 * @example onOutcome: ( o ) => console.log( o.stream, o.code, o.detail )
	 */
	onOutcome?: ( outcome: Outcome ) => void;
}

/** A client for off-wiki use: the core API, experiments and flags, and delivery control. */
export interface StandaloneMetricsClient extends MetricsClient, ExperimentsApi {
	/**
	 * Sends every waiting event now (retries too, without waiting for their backoff; not those given
	 * up on after the last attempt). Resolves when every request to the intake or the transport that
	 * is open has its answer, with the number of events still unsent (0: each was accepted, or refused
	 * as invalid with a warning). On a web page with `intakeUrl`, where delivery also uses
	 * `sendBeacon` and storage, it resolves at once.
	 */
	flush(): Promise<number>;
	/**
	 * Flushes until nothing more can be sent (each retry at once, up to the delivery's last attempt),
	 * then closes the client: later calls send nothing and warn once. In Node, call it before the
	 * process exits — there is no later page to send what is left. Resolves with the number of events
	 * that could not be sent.
	 */
	close(): Promise<number>;
	/** Events not yet accepted by the intake or the transport. */
	pending(): number;
}

type Post = ( items: readonly OutboxItem[], keepalive: boolean ) => SendResult | Promise<SendResult>;

/** What a delivery outside a web page holds open: unanswered requests and timers. */
interface Held {
	requests: Set<Promise<unknown>>;
	timers: Set<ReturnType<typeof setTimeout>>;
}

/**
 * The post port, adding each unanswered request to `open` (so that flush() can wait for them).
 *
 * @param post
 * @param open requests handed to the intake or the transport and not yet answered
 */
function track( post: Post, open: Held[ 'requests' ] ): Post {
	return ( items, keepalive ) => {
		const result = post( items, keepalive );
		if ( result && typeof ( result as Promise<SendResult> ).then === 'function' ) {
			const settled = ( result as Promise<SendResult> ).then( () => undefined, () => undefined );
			open.add( settled );
			settled.then( () => open.delete( settled ) );
		}
		return result;
	};
}

/** Node's `process`, typed here so that the public types need no @types/node. */
interface ExitEmitter {
	once( event: 'exit', listener: () => void ): unknown;
}

declare const process: Partial<ExitEmitter> | undefined;

/** The Node process, or null on a web page. */
function nodeProcess(): ExitEmitter | null {
	const p = typeof process !== 'undefined' ? process : undefined;
	return p && typeof p.once === 'function' && typeof window === 'undefined' ? p as ExitEmitter : null;
}

/** Clients that may still hold events when the process exits (Node only). */
const atExit = new Set<() => void>();

/**
 * Warns at process exit about events a client still holds (once per client).
 *
 * @param check
 */
function checkAtExit( check: () => void ): void {
	const proc = nodeProcess();
	if ( !proc ) {
		return;
	}
	if ( !atExit.size ) {
		proc.once( 'exit', () => atExit.forEach( ( c ) => c() ) );
	}
	atExit.add( check );
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
 * @param held filled with the requests not yet answered and the timers set (not on a web page with
 *  an intake URL), so that flush() can wait for the answers and close() can clear the timers
 */
function createStandaloneDelivery( opts: MetricsClientOptions, warn: ( m: string ) => void, pageview: string, held: Held ): Delivery {
	const options = opts.delivery || {};
	const url = opts.intakeUrl;
	const hear = opts.onOutcome;
	// Delivery's reports as outcomes, for onOutcome (absent: delivery makes no report).
	const observer = typeof hear === 'function' ? () => ( report: DeliveryReport ) => deliveryOutcomes( report, Date.now() ).forEach( ( o ) => hear( o ) ) : undefined;
	if ( typeof url === 'string' && url && typeof window !== 'undefined' && typeof document !== 'undefined' ) {
		const storage = localStorageOf( window );
		const delivery = createBrowserDelivery( Object.assign( {}, options, { intakeUrl: url } ), {
			window, warn, storage,
			instanceId: pageview,
			observer,
		} );
		if ( storage ) {
			// Once the page is idle: send what earlier pages left behind.
			setTimeout( () => restoreOutbox( storage, storageKeys( storage, ( key ) => key.indexOf( OUTBOX_PREFIX ) === 0 && key !== OUTBOX_PREFIX + pageview ), delivery, warn ), 1000 );
		}
		return delivery;
	}
	const transport = opts.transport;
	let post: Post;
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
		post: track( post, held.requests ),
		instanceId: pageview,
		setTimer( fn, ms ) {
			const handle = setTimeout( () => {
				held.timers.delete( handle );
				fn();
			}, ms );
			held.timers.add( handle );
			return handle;
		},
		clearTimer( handle ) {
			held.timers.delete( handle as ReturnType<typeof setTimeout> );
			clearTimeout( handle as ReturnType<typeof setTimeout> );
		},
		now: Date.now,
		random: Math.random,
		// Outside a browser there is no later page: what is left waits for flush() or close().
		warn: ( m ) => warn( m.replace( /wait for a later page\.$/, 'are kept in memory until flush() or close()' ) ),
		observer,
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
 * await client.close();   // in Node: before the process ends
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
	const held: Held = { requests: new Set(), timers: new Set() };
	const open = held.requests;
	const delivery = createStandaloneDelivery( opts, warn, generated.pageview, held );
	let closed = false;
	const browser = typeof navigator !== 'undefined' ? navigator : undefined;
	const refused = opts.respectDoNotTrack !== false && !!browser && refusesTracking( browser, typeof window !== 'undefined' ? window as { doNotTrack?: string } : undefined );

	/** The subject's experiments and flags, evaluated at the first use (null without definitions). */
	let evaluated: ExperimentState | null | undefined;
	function experimentState(): ExperimentState | null {
		if ( evaluated === undefined ) {
			evaluated = null;
			if ( opts.experiments || opts.flags ) {
				const ctx = context();
				const performer = ctx.performer || {};
				const userId = performer.is_logged_in === true && typeof performer.id === 'number' && performer.id > 0 ? String( performer.id ) : undefined;
				const defs: Definitions = { experiments: opts.experiments, flags: opts.flags };
				evaluated = Object.assign( { overridden: [] }, evaluateDefinitions( defs, ctx, {
					user: userId,
					session: typeof performer.session_id === 'string' ? performer.session_id : generated.session,
					device: generated.device,
				}, ( typeof opts.now === 'function' ? opts.now : Date.now )(), warn ) );
			}
		}
		return evaluated;
	}
	let eventExperiments: ReturnType<typeof experimentsField> | undefined;
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
		decorate( event ) {
			// Every event of an enrolled subject says so, as on the wiki.
			if ( eventExperiments === undefined ) {
				eventExperiments = experimentsField( experimentState() );
			}
			if ( eventExperiments ) {
				event.experiments = { enrolled: eventExperiments.enrolled.slice(), assigned: Object.assign( {}, eventExperiments.assigned ) };
			}
		},
		send( event ) {
			if ( closed ) {
				warn( 'The client is closed: events are no longer sent.' );
			} else {
				delivery.add( event );
			}
		},
		isEnabled: () => !refused && ( typeof opts.enabled !== 'function' || opts.enabled() !== false ),
		observer: () => typeof opts.onOutcome === 'function' ? opts.onOutcome : null,
	} );
	let posts = 0;
	/** Sends what waits and waits for every open request's answer; resolves with the events left. */
	async function flush(): Promise<number> {
		delivery.flush();
		while ( open.size ) {
			posts += open.size;
			await Promise.all( Array.from( open ) );
		}
		// The delivery settles a batch in its own reaction to the answer: let it run first.
		await Promise.resolve();
		return delivery.pending();
	}
	async function close(): Promise<number> {
		let left = await flush();
		for ( let before = -1; left && before !== posts; ) {
			before = posts;
			left = await flush();
		}
		closed = true;
		atExit.delete( warnIfUnsent );
		// Linger and retry timers would keep a Node process alive for nothing now.
		held.timers.forEach( ( handle ) => clearTimeout( handle ) );
		held.timers.clear();
		if ( left ) {
			warn( `${ left } event(s) could not be sent before close().` );
		}
		return left;
	}
	function warnIfUnsent(): void {
		const left = delivery.pending();
		if ( left && !closed ) {
			warn( `${ left } event(s) were not sent: the process exits before \`await client.close()\`.` );
		}
	}
	checkAtExit( warnIfUnsent );
	let experimentsApi: ExperimentsApi | null = null;
	function experiments(): ExperimentsApi {
		return experimentsApi || ( experimentsApi = createExperimentsApi(
			experimentState() || { enrolled: [], assigned: {}, overridden: [], flags: {}, streams: {} },
			core,
			typeof opts.experimentStream === 'string' && opts.experimentStream ? opts.experimentStream : 'mediawiki.experiment_interaction',
			null,
			true,
			() => typeof opts.onOutcome === 'function' ? opts.onOutcome : null,
		) );
	}
	return Object.assign( {}, core, {
		flush,
		close,
		pending: () => delivery.pending(),
		getExperiment: ( name: string ) => experiments().getExperiment( name ),
		getFlag: <T extends JsonValue>( key: string, defaultValue: T ): T => experiments().getFlag( key, defaultValue ),
		isEnabled: ( key: string ) => experiments().isEnabled( key ),
	} );
}
