/** The signals a browser may carry that a person does not want to be tracked. */
export interface PrivacySignals {
    doNotTrack?: string | null;
    globalPrivacyControl?: boolean;
}
/**
 * Whether the browser says "do not track me": Do Not Track (`1` or `yes`) or Global Privacy Control.
 *
 * @param nav `window.navigator`
 * @param win `window` (older browsers put doNotTrack there)
 * @param win.doNotTrack
 */
export declare function refusesTracking(nav: PrivacySignals, win?: {
    doNotTrack?: string | null;
}): boolean;
