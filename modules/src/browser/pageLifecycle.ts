/** The subset of `window` used to follow a page's life. */
export interface LifecycleWindow {
	document: { visibilityState?: string; addEventListener( type: string, fn: () => void ): void };
	addEventListener( type: string, fn: ( event: { persisted?: boolean } ) => void ): void;
}

/** What to do at each turn of a page's life; each must be quick. */
export interface LifecycleHandlers {
	/** Hidden but alive (another tab, minimised): its timers still run, more slowly. */
	hidden(): void;
	/** Visible again, or back from the back-forward cache, or resumed after being frozen. */
	shown(): void;
	/** Going away (pagehide) or frozen: no code may run after this until `shown`. */
	left(): void;
}

/**
 * Follows the page's life: `visibilitychange` (hidden comes first on mobile, where pagehide may never
 * fire), `pagehide` / `pageshow` (unload and the back-forward cache) and `freeze` / `resume` (Chromium
 * freezes background pages).
 *
 * @param win the window
 * @param handlers what to do
 */
export function followPageLife( win: LifecycleWindow, handlers: LifecycleHandlers ): void {
	win.document.addEventListener( 'visibilitychange', () => {
		if ( win.document.visibilityState === 'hidden' ) {
			handlers.hidden();
		} else {
			handlers.shown();
		}
	} );
	win.addEventListener( 'pagehide', () => handlers.left() );
	win.addEventListener( 'pageshow', ( event ) => {
		if ( event && event.persisted ) {
			handlers.shown();
		}
	} );
	win.document.addEventListener( 'freeze', () => handlers.left() );
	win.document.addEventListener( 'resume', () => handlers.shown() );
}
