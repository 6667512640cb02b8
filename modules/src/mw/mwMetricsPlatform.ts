import { createBrowserDelivery } from '../browser/browserDelivery';
import { fetchOf } from '../browser/fetchPost';
import { refusesTracking } from '../browser/privacy';
import { localStorageOf, webStorageOutbox } from '../browser/webStorage';
import { createCoreClient, Instrument, MetricsClient } from '../core/client';
import type { Delivery } from '../core/delivery';
import { createIdGenerator, RandomFill, weakRandomFill } from '../core/identifiers';
import { WEB_BASE_SCHEMA_ID } from '../core/streamConfig';
import type { InteractionData, MetricsEvent, SampleUnit, StreamConfigsInput } from '../core/types';
import { warnOnce } from '../core/warnOnce';
import { mwContext } from './mwContext';
import { experimentsField, ExperimentState } from './mwExperiments';
import type { Mw } from './mwTypes';

/** What the extension ships in the module's config.json (the same for every user of the wiki). */
export interface MwModuleConfig {
	/** Stream configs reduced to what the browser needs. */
	streams: StreamConfigsInput;
	/** The EventGate-compatible intake; empty: events are not sent (one warning). */
	intakeUrl: string;
	lingerMs: number;
	respectDoNotTrack: boolean;
	/** The stream that gadget events go to. */
	gadgetStream: string;
	/** The stream of experiment events when an experiment names none. */
	experimentStream: string;
}

/** Per-user settings, from mw.config `wgMetricsPlatformUser` (never in cached module content). */
export interface MwUserSettings {
	/** The user shares usage data from gadgets and tools (a preference). */
	gadgetOptIn?: boolean;
	/** The user wants every event shown in the browser console (a preference). */
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
}

function randomFill( win: { crypto?: { getRandomValues?( b: Uint8Array ): Uint8Array } } ): RandomFill {
	const c = win.crypto;
	return c && typeof c.getRandomValues === 'function' ? ( b ) => {
		c.getRandomValues!( b );
	} : weakRandomFill( Math.random );
}

const DEVICE_KEY = 'mp-device-id';
const DEVICE_COOKIE = 'mpDeviceId';

/**
 * Wires the core to MediaWiki: context from mw.config and mw.user, sampling tokens from
 * `mw.user.getPageviewToken()` / `mw.user.sessionId()` (and a device token kept in storage), storage
 * through mw.storage, warnings through mw.log.warn, delivery to the configured intake.
 *
 * @param mw the `mw` global
 * @param win the window
 * @param config the module's config.json
 */
export function createMwMetricsPlatform( mw: Mw, win: Window, config: MwModuleConfig ): MwMetricsPlatform {
	const warn = warnOnce( ( message ) => mw.log.warn( '[MetricsPlatform] ' + message ) );
	const user = ( mw.config.get( 'wgMetricsPlatformUser' ) || {} ) as MwUserSettings;
	const ids = createIdGenerator( randomFill( win ) );
	const store = ( mw.storage && mw.storage.store ) || localStorageOf( win );
	let delivery: Delivery | null = null;
	if ( config.intakeUrl ) {
		delivery = createBrowserDelivery( { intakeUrl: config.intakeUrl, lingerMs: config.lingerMs }, {
			window: win,
			document: win.document,
			navigator: win.navigator,
			fetch: fetchOf( win ),
			storage: store && webStorageOutbox( store ),
			instanceId: mw.user.getPageviewToken(),
			warn,
		} );
	}
	let deviceId: string | null = null;
	const TOKEN = /^[0-9a-f]{20}$/;
	/** The device token: the cookie the server reads for device-unit experiments, else storage, else new. */
	function device(): string {
		if ( !deviceId ) {
			try {
				const fromCookie = mw.cookie ? mw.cookie.get( DEVICE_COOKIE ) : null;
				const fromStorage = store ? store.getItem( DEVICE_KEY ) : null;
				deviceId = fromCookie && TOKEN.test( fromCookie ) ? fromCookie : fromStorage && TOKEN.test( fromStorage ) ? fromStorage : ids.token();
				if ( store && fromStorage !== deviceId ) {
					store.setItem( DEVICE_KEY, deviceId );
				}
				if ( mw.cookie && fromCookie !== deviceId ) {
					mw.cookie.set( DEVICE_COOKIE, deviceId, { expires: 365 * 86400 } );
				}
			} catch ( e ) {
				deviceId = deviceId || ids.token();
			}
		}
		return deviceId;
	}
	const tokens: Record<SampleUnit, () => string> = {
		pageview: () => mw.user.getPageviewToken(),
		session: () => mw.user.sessionId(),
		device,
	};
	let experiments: ReturnType<typeof experimentsField> | undefined;
	const refused = !!user.optOut || ( config.respectDoNotTrack && refusesTracking( win.navigator, win as unknown as { doNotTrack?: string } ) );

	const core = createCoreClient( {
		streamConfigs: config.streams,
		domain: String( mw.config.get( 'wgServerName' ) || win.location.hostname ),
		context: () => mwContext( mw, win.navigator.userAgent ),
		token: ( unit ) => tokens[ unit ](),
		now: Date.now,
		ids,
		warn,
		isEnabled: () => !refused,
		decorate( event: MetricsEvent ) {
			// Every event of an enrolled subject says so (the server's assignment, read once).
			if ( experiments === undefined ) {
				experiments = experimentsField( mw.config.get( 'wgMetricsPlatformExperiments' ) as ExperimentState | null );
			}
			if ( experiments ) {
				event.experiments = { enrolled: experiments.enrolled.slice(), assigned: Object.assign( {}, experiments.assigned ) };
			}
		},
		send( event: MetricsEvent ) {
			if ( user.debug ) {
				mw.log( '[MetricsPlatform] event for ' + event.meta.stream, event );
			}
			if ( delivery ) {
				delivery.add( event );
			} else {
				warn( 'No intake is configured ($wgMetricsPlatformIntakeUrl); events are not sent.' );
			}
		},
	} );

	const gadgets: Record<string, GadgetInstrument> = {};
	function gadget( name: string ): GadgetInstrument {
		const key = String( name );
		if ( !gadgets[ key ] ) {
			const enabled = !!user.gadgetOptIn;
			let instrument: Instrument | null = null;
			const submit = ( action: string, data?: InteractionData ): void => {
				if ( enabled ) {
					instrument = instrument || core.newInstrument( config.gadgetStream, WEB_BASE_SCHEMA_ID, key );
					instrument.submitInteraction( action, data );
				}
			};
			gadgets[ key ] = {
				enabled,
				submitInteraction: submit,
				submitClick: ( data ) => submit( 'click', data ),
			};
		}
		return gadgets[ key ];
	}

	return Object.assign( {}, core, {
		flush: () => {
			if ( delivery ) {
				delivery.flush();
			}
		},
		gadget,
		experimentStream: config.experimentStream,
	} );
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
		const payload = data && typeof data === 'object' ? Object.assign( {}, data as Record<string, unknown> ) : {};
		const action = typeof payload.action === 'string' ? payload.action : 'click';
		delete payload.action;
		api.gadget( topic.slice( prefix.length ) ).submitInteraction( action, payload as InteractionData );
	} );
}
