import { createCoreClient, Instrument, MetricsClient } from '../core/client';
import { createIdGenerator, randomFillFrom } from '../core/identifiers';
import { safeName } from '../core/safeName';
import { WEB_BASE_SCHEMA_ID } from '../core/streamConfig';
import type { InteractionData, MetricsEvent, SampleUnit, StreamConfigsInput } from '../core/types';
import { mwContext } from './mwContext';
import { outcomeListenerOf } from './mwInspectorHooks';
import type { InspectorHooks, MwEnvironment } from './mwEnvironment';
import { experimentsField, ExperimentState } from './mwExperiments';
import type { Mw } from './mwTypes';

/** What the extension ships in the module's config.json (the same for every user of the wiki). */
export interface MwModuleConfig {
	/** Stream configs reduced to what the browser needs (the server has left out invalid ones). */
	streams: StreamConfigsInput;
	/**
	 * The EventGate-compatible intake; empty: events are not sent (one warning). On a wiki, this and
	 * `lingerMs` come in the builder module's config.json (only delivery needs them).
	 */
	intakeUrl?: string;
	lingerMs?: number;
	respectDoNotTrack: boolean;
	/** The stream that gadget events go to. */
	gadgetStream: string;
	/** The stream of experiment events when an experiment names none. */
	experimentStream: string;
	/** $wgCookiePrefix, $wgCookiePath and $wgCookieDomain: where the token cookies live. */
	cookie?: { prefix: string; path: string; domain: string };
}

/** Per-user settings, from mw.config `wgMetricsPlatformUser` (never in cached module content). */
export interface MwUserSettings {
	/** The user shares usage data from gadgets and tools (a preference). */
	gadgetOptIn?: boolean;
	/**
	 * Debug: the preference "show analytics events", or `?mpdebug=1`. The server loads the inspector
	 * (ext.metricsPlatform.inspector) then; warnings reach the console only then (or in ResourceLoader's debug mode).
	 */
	debug?: boolean;
	/** The user refuses all usage data from their browser (a preference). */
	optOut?: boolean;
}

/** A gadget's handle: harmless no-ops unless the user opted in to sharing gadget usage data. */
export interface GadgetInstrument {
	/** Whether this user's gadget events are sent at all. */
	readonly enabled: boolean;
	/** Sends an interaction, e.g. `submitInteraction( 'open', { action_source: 'toolbar' } )`. */
	submitInteraction( action: string, data?: InteractionData ): void;
	/** Sends a click, e.g. `submitClick( { element_id: 'my-gadget-button' } )`. */
	submitClick( data?: InteractionData ): void;
}

/** `mw.metricsPlatform`: the client API, delivery control and the gadget toolkit. */
export interface MwMetricsPlatform extends MetricsClient {
	/** Sends every waiting event now. */
	flush(): void;
	/**
	 * The instrument of one gadget or user script, named `name` in its events.
	 *
	 * @example mw.metricsPlatform.gadget( 'HotCat' ).submitClick( { element_id: 'hotcat-add' } )
	 */
	gadget( name: string ): GadgetInstrument;
	/** The stream of experiment events when an experiment names none. */
	readonly experimentStream: string;
	/** Where the inspector listens (ext.metricsPlatform.inspector sets these). */
	readonly inspector?: InspectorHooks;
}

/** A call made before the event builder was loaded: method, arguments, time (ms). */
export interface QueuedCall {
	m: string;
	a: unknown[];
	t: number;
}

/**
 * A page's calls that its event builder never ran, with only what their streams need from that page.
 */
export interface PageSnapshot {
	/**
	 * What the calls need, by the source names of mw/mwContextSources.ts: some mw.config values, and
	 * only when asked for, `@ua` (the user agent), `@in` (logged in), `@session` etc. (tokens).
	 */
	config: Record<string, unknown>;
	calls: QueuedCall[];
}

/**
 * An `mw` that answers from a snapshot, so that the page's context is rebuilt as it was.
 *
 * @param snapshot
 */
function snapshotMw( snapshot: PageSnapshot ): Mw {
	const get = ( key: string ): unknown => snapshot.config[ key ] === undefined ? null : snapshot.config[ key ];
	// As MediaWiki 1.39's mediawiki.user answers them.
	return {
		config: { get },
		user: {
			isAnon: () => !get( '@in' ),
			getId: () => get( 'wgUserId' ) || 0,
			getName: () => get( 'wgUserName' ),
		},
	} as unknown as Mw;
}

/** Runs calls on a full client: the every-page module's queue, or an earlier page's snapshot. */
export interface EventBuilder {
	client: MwMetricsPlatform;
	run( calls: QueuedCall[] ): void;
}

/**
 * The event builder: the core client wired to MediaWiki (context from mw.config and mw.user, the
 * page's tokens and delivery), with the gadget toolkit. With a snapshot it builds an earlier page's
 * calls with that page's context, tokens and experiments.
 *
 * @param mw the `mw` global
 * @param win the window
 * @param config the module's config.json
 * @param env the page set-up of the every-page module
 * @param snapshot an earlier page's calls and context
 */
export function createEventBuilder( mw: Mw, win: Window, config: MwModuleConfig, env: MwEnvironment, snapshot?: PageSnapshot ): EventBuilder {
	const { warn, user } = env;
	let clock: number | null = null;
	let experiments: ReturnType<typeof experimentsField> | undefined;
	const source = snapshot ? snapshotMw( snapshot ) : mw;
	const userAgent = snapshot ? String( snapshot.config[ '@ua' ] || '' ) : win.navigator.userAgent;
	const token = snapshot ? ( unit: SampleUnit ) => snapshot.config[ '@' + unit ] as string : env.token;
	const core = createCoreClient( {
		streamConfigs: config.streams,
		domain: String( source.config.get( 'wgServerName' ) || win.location.hostname ),
		context: () => mwContext( source, userAgent, token ),
		token,
		now: () => clock === null ? Date.now() : clock,
		ids: createIdGenerator( randomFillFrom( win.crypto, Math.random ) ),
		warn,
		isEnabled: () => !env.refused,
		// In debug, kept until the inspector arrives; otherwise nobody listens and nothing is made.
		observer: () => outcomeListenerOf( env.hooks, user.debug ),
		decorate( event: MetricsEvent ) {
			// Every event of an enrolled subject says so (the server's assignment, read once).
			if ( experiments === undefined ) {
				experiments = experimentsField( source.config.get( 'wgMetricsPlatformExperiments' ) as ExperimentState | null, win.navigator.cookieEnabled !== false );
			}
			if ( experiments ) {
				event.experiments = { enrolled: experiments.enrolled.slice(), assigned: Object.assign( {}, experiments.assigned ) };
			}
		},
		send( event: MetricsEvent ) {
			if ( user.debug ) {
				mw.log( '[MetricsPlatform] event for ' + event.meta.stream, event );
			}
			if ( env.delivery ) {
				env.delivery.add( event );
			} else {
				warn( 'No intake is configured ($wgMetricsPlatformIntakeUrl); events are not sent.' );
			}
		},
	} );

	const gadgets: Record<string, GadgetInstrument> = {};
	function gadget( name: string ): GadgetInstrument {
		const key = safeName( name );
		if ( !gadgets[ key ] ) {
			const enabled = !!user.gadgetOptIn;
			let instrument: Instrument | null = null;
			const submit = ( action: string, data?: InteractionData ): void => {
				if ( enabled ) {
					instrument = instrument || core.newInstrument( config.gadgetStream, WEB_BASE_SCHEMA_ID, key );
					instrument.submitInteraction( action, data );
				}
			};
			gadgets[ key ] = { enabled, submitInteraction: submit, submitClick: ( data ) => submit( 'click', data ) };
		}
		return gadgets[ key ];
	}

	const client: MwMetricsPlatform = Object.assign( {}, core, {
		flush: () => {
			if ( env.delivery ) {
				env.delivery.flush();
			}
		},
		gadget,
		experimentStream: config.experimentStream,
	} );
	const instruments: Record<string, Instrument> = {};
	return {
		client,
		run( calls ) {
			for ( const call of calls ) {
				clock = call.t;
				const a = call.a;
				try {
					if ( call.m === 'instrument' ) {
						// [ id, stream, schema, name, action, data ]: one instrument per id, numbering across calls.
						const id = String( a[ 0 ] );
						instruments[ id ] = instruments[ id ] || core.newInstrument( a[ 1 ] as string, a[ 2 ] as string | undefined, a[ 3 ] as string | undefined );
						instruments[ id ].submitInteraction( a[ 4 ] as string, a[ 5 ] as InteractionData );
					} else if ( call.m === 'gadget' ) {
						gadget( a[ 0 ] as string ).submitInteraction( a[ 1 ] as string, a[ 2 ] as InteractionData );
					} else {
						( client as unknown as Record<string, ( ...args: unknown[] ) => void> )[ call.m ]( ...a );
					}
				} catch ( e ) {
					warn( `A queued ${ safeName( call.m ) } call failed: ${ safeName( e ) }.` );
				}
				clock = null;
			}
		},
	};
}
