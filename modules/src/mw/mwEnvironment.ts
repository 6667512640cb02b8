import { createBrowserDelivery } from '../browser/browserDelivery';
import { refusesTracking } from '../browser/privacy';
import { localStorageOf, WebStorageLike } from '../browser/webStorage';
import type { Delivery } from '../core/delivery';
import type { SampleUnit } from '../core/types';
import { warnOnce } from '../core/warnOnce';
import type { MwModuleConfig, MwUserSettings } from './mwMetricsPlatform';
import type { Mw } from './mwTypes';

/** What the every-page module sets up once per page, and the event builder uses. */
export interface MwEnvironment {
	warn( message: string ): void;
	user: MwUserSettings;
	/** localStorage (through mw.storage), or undefined where it is blocked. */
	store: WebStorageLike | undefined;
	/** Delivery to the intake; null when no intake is configured. */
	delivery: Delivery | null;
	/** The sampling token of each unit. */
	token( unit: SampleUnit ): string;
	/** Opted out, or Do Not Track / Global Privacy Control (when respected). */
	refused: boolean;
}

const DEVICE_KEY = 'mp-device-id';
const DEVICE_COOKIE = 'mpDeviceId';
const TOKEN = /^[0-9a-f]{20}$/;

/**
 * Sets up the page: warnings through mw.log.warn, storage through mw.storage, delivery (which only
 * registers its page-hide listeners and a timer), and the sampling tokens: mw.user's pageview and
 * session ids, and a device token kept in the cookie the server reads and in storage.
 *
 * @param mw the `mw` global
 * @param win the window
 * @param config the module's config.json
 */
export function createMwEnvironment( mw: Mw, win: Window, config: MwModuleConfig ): MwEnvironment {
	const warn = warnOnce( ( message ) => mw.log.warn( '[MetricsPlatform] ' + message ) );
	const user = ( mw.config.get( 'wgMetricsPlatformUser' ) || {} ) as MwUserSettings;
	const store = ( mw.storage && mw.storage.store ) || localStorageOf( win );
	const delivery = config.intakeUrl ? createBrowserDelivery( { intakeUrl: config.intakeUrl, lingerMs: config.lingerMs }, {
		window: win,
		storage: store,
		instanceId: mw.user.getPageviewToken(),
		warn,
	} ) : null;
	let deviceId: string | null = null;
	function device(): string {
		if ( !deviceId ) {
			try {
				const fromCookie = mw.cookie ? mw.cookie.get( DEVICE_COOKIE ) : null;
				const fromStorage = store ? store.getItem( DEVICE_KEY ) : null;
				deviceId = fromCookie && TOKEN.test( fromCookie ) ? fromCookie :
					fromStorage && TOKEN.test( fromStorage ) ? fromStorage : mw.user.generateRandomSessionId();
				if ( store && fromStorage !== deviceId ) {
					store.setItem( DEVICE_KEY, deviceId );
				}
				if ( mw.cookie && fromCookie !== deviceId ) {
					mw.cookie.set( DEVICE_COOKIE, deviceId, { expires: 365 * 86400 } );
				}
			} catch ( e ) {
				deviceId = deviceId || mw.user.generateRandomSessionId();
			}
		}
		return deviceId;
	}
	// The privacy rule of every tier (PHP: Core\PrivacyDecision; both pass tests/fixtures/privacy.json).
	const refused = !!user.optOut || ( config.respectDoNotTrack && refusesTracking( win.navigator, win as unknown as { doNotTrack?: string } ) );
	return {
		warn,
		user,
		store,
		delivery,
		// A refusing reader gets no identifier (mw.user.sessionId() sets a cookie, device() stores one):
		// nothing is sent for them, so the pageview token, which is never kept, stands in.
		token: ( unit ) => refused || unit === 'pageview' ? mw.user.getPageviewToken() : unit === 'session' ? mw.user.sessionId() : device(),
		refused,
	};
}
