import { createDelivery, Delivery, DeliveryOptions, DeliveryPorts, OutboxStorage } from '../core/delivery';
import { BeaconNavigator, createBeacon } from './beacon';
import { createFetchPost, fetchOf } from './fetchPost';
import { followPageLife, LifecycleWindow } from './pageLifecycle';

/** Options of browser delivery. */
export interface BrowserDeliveryOptions extends DeliveryOptions {
	/** The EventGate-compatible intake, e.g. `https://intake.example.org/v1/events`. */
	intakeUrl: string;
	/** Give up on an answer after this long, in ms. Default 10000. */
	timeoutMs?: number;
}

/** What browser delivery takes from the page. */
export interface BrowserEnvironment {
	window: LifecycleWindow & { navigator: BeaconNavigator; fetch?: unknown };
	/** Where unsent events wait for the next page; absent → memory only. */
	storage?: OutboxStorage;
	/** Tells this page's stored events apart from other tabs'. */
	instanceId: string;
	warn( message: string ): void;
	/** Who hears delivery's hand-offs and answers (the inspector); see DeliveryPorts.observer. */
	observer?: DeliveryPorts[ 'observer' ];
}

/**
 * Delivery for a web page: batches go by fetch (keepalive within the browser's quota) while the page
 * lives, hidden or not, so that the intake's answer is seen; when it goes away, new events go by
 * sendBeacon, and whatever is not acknowledged stays in storage for a later page to take over (see
 * restoreOutbox). Nothing here runs at page load but registering listeners.
 *
 * @param options intake URL and delivery limits
 * @param env the page's APIs
 */
export function createBrowserDelivery( options: BrowserDeliveryOptions, env: BrowserEnvironment ): Delivery {
	const delivery = createDelivery( options, {
		post: createFetchPost( options.intakeUrl, fetchOf( env.window ), options.timeoutMs || 10000 ),
		beacon: createBeacon( options.intakeUrl, env.window.navigator ),
		storage: env.storage,
		instanceId: env.instanceId,
		setTimer: ( fn, ms ) => setTimeout( fn, ms ),
		clearTimer: ( handle ) => clearTimeout( handle as ReturnType<typeof setTimeout> ),
		now: Date.now,
		random: Math.random,
		warn: env.warn,
		observer: env.observer,
	} );
	followPageLife( env.window, {
		hidden: () => delivery.hide(),
		shown: () => delivery.show(),
		left: () => delivery.leave(),
	} );
	if ( env.window.document.visibilityState === 'hidden' ) {
		delivery.hide();
	}
	return delivery;
}
