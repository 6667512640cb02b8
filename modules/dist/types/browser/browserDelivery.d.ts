import { Delivery, DeliveryOptions, DeliveryPorts, OutboxStorage } from '../core/delivery';
import { BeaconNavigator } from './beacon';
import { LifecycleWindow } from './pageLifecycle';
/** Options of browser delivery. */
export interface BrowserDeliveryOptions extends DeliveryOptions {
    /** The EventGate-compatible intake, e.g. `https://intake.example.org/v1/events`. */
    intakeUrl: string;
    /** Give up on an answer after this long, in ms. Default 10000. */
    timeoutMs?: number;
}
/** What browser delivery takes from the page. */
export interface BrowserEnvironment {
    window: LifecycleWindow & {
        navigator: BeaconNavigator;
        fetch?: unknown;
    };
    /** Where unsent events wait for the next page; absent → memory only. */
    storage?: OutboxStorage;
    /** Tells this page's stored events apart from other tabs'. */
    instanceId: string;
    warn(message: string): void;
    /** Who hears delivery's hand-offs and answers (the inspector); see DeliveryPorts.observer. */
    observer?: DeliveryPorts['observer'];
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
export declare function createBrowserDelivery(options: BrowserDeliveryOptions, env: BrowserEnvironment): Delivery;
