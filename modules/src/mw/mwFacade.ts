import type { Instrument, MetricsClient } from '../core/client';
import { copyEventData } from '../core/eventData';
import { tokenPosition } from '../core/sampling';
import type { InteractionData, JsonObject, SampleConfig, StreamConfig } from '../core/types';
import { neededSources } from './mwContextSources';
import { createMwEnvironment, MwEnvironment } from './mwEnvironment';
import { CALLS_PREFIX, isLeftoverKey } from './mwLeftoverKeys';
import type { GadgetInstrument, MwMetricsPlatform, MwModuleConfig, PageSnapshot, QueuedCall } from './mwMetricsPlatform';
import type { Mw } from './mwTypes';

/** The event builder attached to a page: runs its calls, takes over what earlier pages left. */
export interface AttachedBuilder {
	/** Builds and sends calls of this page, in order. */
	run( calls: QueuedCall[] ): void;
	/** Takes over what earlier pages left in storage (their calls, their unsent events). */
	takeOver(): void;
}

/** What the event builder module (`ext.metricsPlatform.builder`) exports. */
export interface BuilderModule {
	/** Sets up delivery and the event builder for this page (once, when the module arrives). */
	attach( mw: Mw, win: Window, config: MwModuleConfig, env: MwEnvironment ): AttachedBuilder;
}

/** Loads the event builder module. */
export type BuilderLoader = () => Promise<BuilderModule>;

/**
 * `mw.metricsPlatform` as the every-page module offers it: calls are recorded at once (with their
 * time and a private copy of their data; data the builder would refuse is refused here, alone, with
 * the builder's warning) and built into events by the event builder, which loads with delivery on
 * the first call. Until then they wait in memory; if the page goes away first, they are kept in
 * storage with only what their streams need of the page, and built on the next page. Sampling
 * decisions and stream configs are answered at once. Once this page is idle, it looks for what other
 * pages left behind (calls, unsent events) and, only if there is any, loads the builder to take it
 * over. Nothing is recorded, kept or loaded for a reader who refuses. Where EventLogging is not
 * installed, `mw.eventLog` gets the client calls too.
 *
 * @param mw the `mw` global
 * @param win the window
 * @param config the module's config.json
 * @param loadBuilder loads the ext.metricsPlatform.builder module
 */
export function createMwFacade( mw: Mw, win: Window, config: MwModuleConfig, loadBuilder: BuilderLoader ): MwMetricsPlatform {
	const env = createMwEnvironment( mw, win, config );
	const streams = ( config.streams || {} ) as Record<string, StreamConfig>;
	const queue: QueuedCall[] = [];
	let builder: AttachedBuilder | null = null;
	let loading: Promise<AttachedBuilder | null> | null = null;

	function load(): Promise<AttachedBuilder | null> {
		loading = loading || loadBuilder().then( ( module ) => {
			builder = builder || module.attach( mw, win, config, env );
			builder.run( queue.splice( 0 ) );
			return builder;
		}, ( e ) => {
			loading = null;
			env.warn( `Builder not loaded (${ String( e ) }); calls wait.` );
			return null;
		} );
		return loading;
	}

	/**
	 * Records a call.
	 *
	 * @param m the method (or `instrument`, `gadget`)
	 * @param a its arguments
	 * @param data where the caller's data is among them
	 */
	function call( m: string, a: unknown[], data: number ): void {
		const recorded: QueuedCall = { m, a, t: Date.now() };
		if ( builder ) {
			builder.run( [ recorded ] );
		} else if ( !env.refused ) {
			// Copied now, so that later changes by the caller don't reach the event; refused now, alone.
			const copy = copyEventData( a[ data ] );
			if ( copy.problem !== undefined ) {
				// No console line here: in debug the inspector shows it (and prints it), and readers see nothing.
				tell( recorded, copy.problem );
				return;
			}
			// (No data and {} are the same to the builder.)
			a[ data ] = copy.value;
			queue.push( recorded );
			load();
		} else {
			tell( recorded );
		}
	}

	/**
	 * Tells the inspector, if one listens, about a call stopped here: its data is unusable (the
	 * problem), the reader refuses, or the user did not opt in to gadget data (see stoppedCallCode).
	 *
	 * @param recorded
	 * @param problem
	 */
	function tell( recorded: QueuedCall, problem?: string ): void {
		if ( env.hooks.call ) {
			env.hooks.call( recorded, problem );
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
		submit: ( ...a: unknown[] ) => call( 'submit', a, 1 ),
		submitInteraction: ( ...a: unknown[] ) => call( 'submitInteraction', a, 3 ),
		submitClick: ( ...a: unknown[] ) => call( 'submitClick', a, 1 ),
		dispatch: ( ...a: unknown[] ) => call( 'dispatch', a, 1 ),
		newInstrument( streamName: string, schemaID?: string, instrumentName?: string ): Instrument {
			const id = ++instruments;
			return {
				// Names that are not strings are never converted here (String() throws for some objects).
				name: typeof instrumentName === 'string' && instrumentName ? instrumentName : typeof streamName === 'string' ? streamName : '',
				submitInteraction: ( action: string, data?: InteractionData ) => call( 'instrument', [ id, streamName, schemaID, instrumentName, action, data ], 5 ),
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
					call( 'gadget', [ name, action, data ], 2 );
				} else {
					tell( { m: 'gadget', a: [ name, action, data ], t: Date.now() } );
				}
			};
			return { enabled, submitInteraction: submit, submitClick: ( data ) => submit( 'click', data ) };
		},
		experimentStream: config.experimentStream,
		inspector: env.hooks,
	}, client );
	if ( !mw.eventLog ) {
		// Existing Metrics Platform instruments call these; EventLogging provides them where installed.
		mw.eventLog = client;
	}

	// The page is going away before the builder ran its calls: keep them, with only what their streams
	// need of this page. Only on pagehide (not when merely hidden), so that a live tab's calls are never
	// built by another tab.
	win.addEventListener( 'pagehide', () => {
		if ( builder || !queue.length || !env.store ) {
			return;
		}
		const snapshot: PageSnapshot = { config: {}, calls: [] };
		neededSources( queue, config ).forEach( ( source ) => {
			snapshot.config[ source ] = source === '@ua' ? win.navigator.userAgent :
				// Logged in or not, without the name (mw.user answers isAnon() from wgUserName).
				source === '@in' ? mw.config.get( 'wgUserName' ) !== null :
					source[ 0 ] === '@' ? env.token( source.slice( 1 ) as 'session' ) : mw.config.get( source );
		} );
		// One call whose other arguments can't be written (a BigInt action) is left out alone.
		snapshot.calls = queue.filter( ( recorded ) => keep( () => JSON.stringify( recorded ) ) );
		keep( () => env.store && env.store.setItem( CALLS_PREFIX + env.pageId, JSON.stringify( snapshot ) ) );
	} );

	/**
	 * Runs a step of keeping calls for the next page; warns when it fails.
	 *
	 * @param step
	 */
	function keep( step: () => unknown ): boolean {
		try {
			step();
			return true;
		} catch ( e ) {
			env.warn( `Calls not kept for the next page (${ String( e ) }).` );
			return false;
		}
	}

	// Once this page is idle: take over what earlier pages left.
	setTimeout( () => {
		try {
			if ( !env.refused && Object.keys( env.store || {} ).some( ( key ) => isLeftoverKey( key, env.pageId ) ) ) {
				load().then( ( attached ) => attached && attached.takeOver() );
			}
		} catch ( e ) {
			// Storage went away meanwhile: nothing to take over.
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
