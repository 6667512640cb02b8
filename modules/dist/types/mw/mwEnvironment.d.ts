import { WebStorageLike } from '../browser/webStorage';
import type { Delivery } from '../core/delivery';
import type { SampleUnit } from '../core/types';
import type { MwModuleConfig, MwUserSettings } from './mwMetricsPlatform';
import type { Mw } from './mwTypes';
/** What the every-page module sets up once per page, and the event builder uses. */
export interface MwEnvironment {
    warn(message: string): void;
    user: MwUserSettings;
    /** localStorage (through mw.storage), or undefined where it is blocked. */
    store: WebStorageLike | undefined;
    /** Delivery to the intake; null when no intake is configured. */
    delivery: Delivery | null;
    /** The sampling token of each unit. */
    token(unit: SampleUnit): string;
    /** Opted out, or Do Not Track / Global Privacy Control (when respected). */
    refused: boolean;
}
/**
 * Sets up the page: warnings through mw.log.warn, storage through mw.storage, delivery (which only
 * registers its page-hide listeners and a timer), and the sampling tokens: mw.user's pageview and
 * session ids, and a device token kept in the cookie the server reads and in storage.
 *
 * @param mw the `mw` global
 * @param win the window
 * @param config the module's config.json
 */
export declare function createMwEnvironment(mw: Mw, win: Window, config: MwModuleConfig): MwEnvironment;
