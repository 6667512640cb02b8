/** The subset of `window` used to notice that a page is going away. */
export interface LifecycleWindow {
	document: { visibilityState?: string; addEventListener( type: string, fn: () => void ): void };
	addEventListener( type: string, fn: () => void ): void;
}

/**
 * Calls `fn` whenever the page becomes hidden and when it is unloaded (pagehide): the last moments
 * in which events can be handed to the browser. Hidden comes first on mobile, where pagehide may
 * never fire.
 *
 * @param win the window
 * @param fn what to do; it must be quick
 */
export function onPageHide( win: LifecycleWindow, fn: () => void ): void {
	win.document.addEventListener( 'visibilitychange', () => {
		if ( win.document.visibilityState === 'hidden' ) {
			fn();
		}
	} );
	win.addEventListener( 'pagehide', fn );
}
