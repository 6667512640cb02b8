import { refusesTracking } from '../browser/privacy';
import { localStorageOf, WebStorageLike } from '../browser/webStorage';
import type { Delivery } from '../core/delivery';
import type { SampleUnit } from '../core/types';
import type { OutcomeListener } from '../core/outcome';
import type { DeliveryListener } from '../core/outcomeDelivery';
import type { MwModuleConfig, MwUserSettings, QueuedCall } from './mwMetricsPlatform';
import type { Mw } from './mwTypes';

/** What the every-page module sets up once per page, and the event builder uses. */
export interface MwEnvironment {
	warn( message: string ): void;
	user: MwUserSettings;
	/** localStorage, or undefined where it is blocked. */
	store: WebStorageLike | undefined;
	/** Delivery to the intake: set up by the event builder module when it arrives; null before, or without an intake. */
	delivery: Delivery | null;
	/** This page view's own id (20 hex digits): the keys of what it keeps in storage. */
	pageId: string;
	/** The sampling token of each unit, read once per page view (when first asked). */
	token( unit: SampleUnit ): string;
	/** Opted out, or Do Not Track / Global Privacy Control (when respected). */
	refused: boolean;
	/** Where the inspector listens (null hooks: nobody, and nothing is made). */
	hooks: InspectorHooks;
}

/**
 * The inspector's hooks, offered as `mw.metricsPlatform.inspector`. All null unless an inspector set
 * them, so that a reader's calls cost one null check each; in debug (`wgMetricsPlatformUser.debug`:
 * the server loads the inspector then) `call` keeps what happens before it arrives in `early`.
 */
export interface InspectorHooks {
	/** Outcomes of the event builder's calls (core/outcome.ts). */
	outcome?: OutcomeListener | null;
	/** Delivery's hand-offs and answers (core/outcomeDelivery.ts). */
	delivery?: DeliveryListener | null;
	/**
	 * A call that the every-page module stopped itself, with the data's problem if that was why
	 * (mw/mwStoppedCall.ts says which code it is: `invalid_data`, `not_opted_in`, `refused_privacy`).
	 */
	call: ( ( call: QueuedCall, problem?: string ) => void ) | null;
	/**
	 * In debug, what happened before the inspector arrived, in order: `[ call, problem? ]` from the
	 * every-page module, `[ outcome ]` and `[ report, 'delivery' ]` from the event builder.
	 */
	early: unknown[][];
}

const TOKEN = /^[0-9a-f]{20}$/;

/**
 * 20 lowercase hex digits (80 random bits), as mw.user.generateRandomSessionId() makes them.
 *
 * @param win the window (Web Crypto)
 */
function randomToken( win: Window ): string {
	return Array.prototype.map.call( win.crypto.getRandomValues( new Uint8Array( 10 ) ), ( b: number ) => ( b + 256 ).toString( 16 ).slice( 1 ) ).join( '' );
}

/**
 * Sets up the page without depending on mediawiki.user, mediawiki.cookie or mediawiki.storage (so a
 * plain page loads none of them for this extension): warnings through mw.log.warn, localStorage, and
 * the sampling tokens, each read once, when first asked:
 *  - pageview: mw.user.getPageviewToken() where mediawiki.user is loaded by then (always once the event
 *    builder, which depends on it, has arrived), else a token of this page;
 *  - session: the cookie mw.user.sessionId() keeps (`<prefix>mwuser-sessionId`), created as it would
 *    create it (a session cookie) when absent;
 *  - device: the `<prefix>mpDeviceId` cookie the server reads; created when absent (one year).
 * A reader who refuses gets tokens for this page view only: no cookie.
 *
 * @param mw the `mw` global
 * @param win the window
 * @param config the module's config.json
 */
export function createMwEnvironment( mw: Mw, win: Window, config: MwModuleConfig ): MwEnvironment {
	const user = ( mw.config.get( 'wgMetricsPlatformUser' ) || {} ) as MwUserSettings;
	// The privacy rule of every tier (PHP: Core\PrivacyDecision; both pass tests/fixtures/privacy.json).
	const refused = !!user.optOut || ( config.respectDoNotTrack && refusesTracking( win.navigator, win as unknown as { doNotTrack?: string } ) );
	const cookie = config.cookie || { prefix: '', path: '/', domain: '' };
	const tokens: Partial<Record<SampleUnit, string>> = {};
	const warned: Record<string, string> = Object.create( null );
	const early: InspectorHooks[ 'early' ] = [];

	/**
	 * A token from its cookie, else a new one, kept in the cookie (unless the reader refuses).
	 *
	 * @param name cookie name without the wiki's prefix
	 * @param expiry the cookie's lifetime attribute with its "; ", or '' for a session cookie
	 * @param valid which values are kept; the session cookie's any (as mw.user.sessionId() takes it)
	 */
	function persisted( name: string, expiry: string, valid: RegExp ): string {
		name = cookie.prefix + name;
		let token = '';
		try {
			token = decodeURIComponent( ( ( '; ' + win.document.cookie ).split( '; ' + name + '=' )[ 1 ] || '' ).split( ';' )[ 0 ] );
			if ( !valid.test( token ) ) {
				token = randomToken( win );
				if ( !refused ) {
					win.document.cookie = `${ name }=${ token }; path=${ cookie.path }${ cookie.domain ? '; domain=' + cookie.domain : '' }${ expiry }`;
				}
			}
		} catch ( e ) {
			// Cookies blocked: a token for this page view only.
			token = randomToken( win );
		}
		return token;
	}

	function read( unit: SampleUnit ): string {
		return unit === 'pageview' ? ( mw.user && mw.user.getPageviewToken ? mw.user.getPageviewToken() : randomToken( win ) ) :
			unit === 'session' ? persisted( 'mwuser-sessionId', '', /./ ) :
				persisted( 'mpDeviceId', '; max-age=31536000', TOKEN );
	}

	return {
		// Each distinct message once (the event builder's core adds its own cap on distinct messages);
		// only in debug (the preference or ?mpdebug=1, which load the inspector): readers see nothing.
		warn: ( message ) => warned[ message ] || !user.debug || mw.log.warn( '[MetricsPlatform] ' + ( warned[ message ] = message ) ),
		user,
		store: localStorageOf( win ),
		delivery: null,
		pageId: randomToken( win ),
		token: ( unit ) => tokens[ unit ] || ( tokens[ unit ] = read( unit ) ),
		refused,
		hooks: { call: user.debug ? ( ...a ) => early.push( a ) : null, early },
	};
}
