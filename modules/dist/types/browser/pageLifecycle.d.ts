/** The subset of `document` and `window` used to notice that a page is going away. */
export interface LifecycleTargets {
    document: {
        visibilityState?: string;
        addEventListener(type: string, fn: () => void): void;
    };
    window: {
        addEventListener(type: string, fn: () => void): void;
    };
}
/**
 * Calls `fn` whenever the page becomes hidden and when it is unloaded (pagehide): the last moments
 * in which events can be handed to the browser. Hidden comes first on mobile, where pagehide may
 * never fire.
 *
 * @param targets document and window
 * @param fn what to do; it must be quick
 */
export declare function onPageHide(targets: LifecycleTargets, fn: () => void): void;
