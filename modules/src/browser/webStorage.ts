import type { OutboxStorage } from '../core/delivery';

/** The subset of the Web Storage API used here. */
export interface WebStorageLike {
	readonly length: number;
	key( index: number ): string | null;
	getItem( key: string ): string | null;
	setItem( key: string, value: string ): void;
	removeItem( key: string ): void;
}

/**
 * Adapts Web Storage (localStorage) to the outbox storage port. Errors (full, disabled) are thrown
 * to delivery, which reports them once and keeps working in memory.
 *
 * @param storage `window.localStorage`
 */
export function webStorageOutbox( storage: WebStorageLike ): OutboxStorage {
	return {
		get: ( key ) => storage.getItem( key ),
		set: ( key, value ) => storage.setItem( key, value ),
		remove: ( key ) => storage.removeItem( key ),
		keys( prefix ) {
			const keys: string[] = [];
			for ( let i = 0; i < storage.length; i++ ) {
				const key = storage.key( i );
				if ( key !== null && key.indexOf( prefix ) === 0 ) {
					keys.push( key );
				}
			}
			return keys;
		},
	};
}

/**
 * `window.localStorage`, or `undefined` where reading it throws (blocked cookies, sandboxed frames).
 *
 * @param win the window
 * @param win.localStorage
 */
export function localStorageOf( win: { localStorage?: WebStorageLike } ): WebStorageLike | undefined {
	try {
		return win.localStorage || undefined;
	} catch ( e ) {
		return undefined;
	}
}
