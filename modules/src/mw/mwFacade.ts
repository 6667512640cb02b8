import { storageKeys } from '../browser/webStorage';
import type { Instrument, MetricsClient } from '../core/client';
import { tokenPosition } from '../core/sampling';
import type { InteractionData, JsonObject, SampleConfig, StreamConfig } from '../core/types';
import { createMwEnvironment } from './mwEnvironment';
import { CALLS_PREFIX, isLeftoverKey } from './mwLeftoverKeys';
import type { takeOverLeftovers } from './mwLeftovers';
import type { createEventBuilder, EventBuilder, GadgetInstrument, MwMetricsPlatform, MwModuleConfig, PageSnapshot, QueuedCall } from './mwMetricsPlatform';
import type { Mw } from './mwTypes';

/** What the event builder module (`ext.metricsPlatform.builder`) exports. */
export interface BuilderModule {
	createEventBuilder: typeof createEventBuilder;
	takeOverLeftovers: typeof takeOverLeftovers;
}

/** Loads the event builder module. */
export type BuilderLoader = () => Promise<BuilderModule>;

/**
 * `mw.metricsPlatform` as the every-page module offers it: calls are recorded at once (with their
 * time) and built into events by the event builder, which loads on the first call. Until then they
 * wait in memory; if the page goes away first, they are kept in storage with the page's context and
 * built on the next page. Sampling decisions and stream configs are answered at once. Once this page
 * is idle, it looks for what other pages left behind (calls, unsent events) and, only if there is
 * any, loads the builder to take it over. Where EventLogging is not installed, `mw.eventLog` gets the
 * client calls too.
 *
 * @param mw the `mw` global
 * @param win the window
 * @param config the module's config.json
 * @param loadBuilder loads the ext.metricsPlatform.builder module
 */
export function createMwFacade( mw: Mw, win: Window, config: MwModuleConfig, loadBuilder: BuilderLoader ): MwMetricsPlatform {
	const env = createMwEnvironment( mw, win, config );
	const streams = ( config.streams || {} ) as Record<string, StreamConfig>;
	const pageview = mw.user.getPageviewToken();
	let queue: QueuedCall[] = [];
	let builder: EventBuilder | null = null;
	let loading: Promise<BuilderModule | undefined> | null = null;

	function load(): Promise<BuilderModule | undefined> {
		loading = loading || loadBuilder().then( ( module ) => {
			try {
				// Built here after all (the page came back from the back-forward cache): not on a later page too.
				if ( env.store ) {
					env.store.removeItem( CALLS_PREFIX + pageview );
				}
			} catch ( e ) {
				// Storage refused: the worst case is that a later page builds these calls too.
			}
			builder = module.createEventBuilder( mw, win, config, env );
			const calls = queue;
			queue = [];
			builder.run( calls );
			return module;
		}, ( e ): undefined => {
			loading = null;
			env.warn( `The event builder could not be loaded (${ String( e ) }); ${ queue.length } call(s) wait.` );
			return undefined;
		} );
		return loading;
	}

	function call( m: string, a: unknown[] ): void {
		const recorded = { m, a, t: Date.now() };
		if ( builder ) {
			builder.run( [ recorded ] );
		} else {
			queue.push( recorded );
			load();
		}
	}

	/**
	 * The stream's config as the server sent it (only valid streams), or null.
	 *
	 * @param streamName
	 */
	function streamOf( streamName: string ): StreamConfig | null {
		return typeof streamName === 'string' && Object.prototype.hasOwnProperty.call( streams, streamName ) ? streams[ streamName ] : null;
	}

	function isStreamInSample( streamName: string ): boolean {
		const stream = streamOf( streamName );
		const sample = stream && stream.sample as SampleConfig | undefined;
		// The server sent only valid streams, so the block needs no checking here: the same rule as the
		// core's. Nothing is sent for a refusing reader, so nobody is in sample then.
		return !!stream && !env.refused && ( !sample || tokenPosition( env.token( sample.unit ) ) < sample.rate );
	}

	let instruments = 0;
	// The Metrics Platform client API; `mw.eventLog` offers exactly this where EventLogging is absent.
	const client: MetricsClient = {
		submit: ( ...a: unknown[] ) => call( 'submit', a ),
		submitInteraction: ( ...a: unknown[] ) => call( 'submitInteraction', a ),
		submitClick: ( ...a: unknown[] ) => call( 'submitClick', a ),
		dispatch: ( ...a: unknown[] ) => call( 'dispatch', a ),
		newInstrument( streamName: string, schemaID?: string, instrumentName?: string ): Instrument {
			const id = ++instruments;
			return {
				// Names that are not strings are never converted here (String() throws for some objects).
				name: typeof instrumentName === 'string' && instrumentName ? instrumentName : typeof streamName === 'string' ? streamName : '',
				submitInteraction: ( action: string, data?: InteractionData ) => call( 'instrument', [ id, streamName, schemaID, instrumentName, action, data ] ),
				isStreamInSample: () => isStreamInSample( streamName ),
			};
		},
		isStreamInSample,
		getStreamConfig( streamName: string ): StreamConfig | null {
			const stream = streamOf( streamName );
			return stream && JSON.parse( JSON.stringify( stream ) );
		},
	};
	const api: MwMetricsPlatform = Object.assign( {
		flush() {
			if ( env.delivery ) {
				env.delivery.flush();
			}
		},
		gadget( name: string ): GadgetInstrument {
			// The builder keeps one instrument per name, so handles need no caching here.
			const enabled = !!env.user.gadgetOptIn;
			const submit = ( action: string, data?: InteractionData ): void => {
				if ( enabled ) {
					call( 'gadget', [ name, action, data ] );
				}
			};
			return { enabled, submitInteraction: submit, submitClick: ( data ) => submit( 'click', data ) };
		},
		experimentStream: config.experimentStream,
	}, client );
	if ( !mw.eventLog ) {
		// Existing Metrics Platform instruments call these; EventLogging provides them where installed.
		mw.eventLog = client;
	}

	// The page is going away before the builder ran its calls: keep them, with what they need. Only on
	// pagehide (not when merely hidden), so that a live tab's calls are never built by another tab.
	win.addEventListener( 'pagehide', () => {
		if ( builder || !queue.length || !env.store ) {
			return;
		}
		const snapshot: PageSnapshot = {
			// All of the page's mw.config (mw.Map#get without a key): what the builder's context reads.
			config: mw.config.get() as Record<string, unknown>,
			user: { anon: mw.user.isAnon(), id: mw.user.getId(), name: mw.user.getName() },
			userAgent: win.navigator.userAgent,
			tokens: { pageview, session: env.token( 'session' ), device: env.token( 'device' ) },
			calls: queue,
		};
		try {
			env.store.setItem( CALLS_PREFIX + pageview, JSON.stringify( snapshot ) );
		} catch ( e ) {
			env.warn( `${ queue.length } call(s) could not be kept for the next page (${ String( e ) }).` );
		}
	} );

	// Once this page is idle: take over what earlier pages left.
	setTimeout( () => {
		const keys = env.store ? storageKeys( env.store, ( key ) => isLeftoverKey( key, pageview ) ) : [];
		if ( keys.length ) {
			load().then( ( module ) => module && module.takeOverLeftovers( mw, win, config, env, keys ) );
		}
	}, 1000 );

	return api;
}

/**
 * Routes `mw.track( 'metricsplatform.gadget.<name>', { action, ...data } )` to that gadget's
 * instrument, so a gadget can record an event in one line without waiting for this module.
 *
 * @param mw the `mw` global
 * @param api `mw.metricsPlatform`
 */
export function subscribeGadgetTopics( mw: Mw, api: MwMetricsPlatform ): void {
	const prefix = 'metricsplatform.gadget.';
	mw.trackSubscribe( prefix, ( topic, data ) => {
		const payload: JsonObject = data && typeof data === 'object' ? Object.assign( {}, data as JsonObject ) : {};
		const action = typeof payload.action === 'string' ? payload.action : 'click';
		delete payload.action;
		api.gadget( topic.slice( prefix.length ) ).submitInteraction( action, payload as InteractionData );
	} );
}
