import type { OutboxStorage } from '../core/delivery';

/** The subset of the Web Storage API used here. */
export interface WebStorageLike extends OutboxStorage {
	readonly length: number;
	key( index: number ): string | null;
}

/**
 * The keys of Web Storage that `match` accepts; none where reading them throws.
 *
 * @example storageKeys( localStorage, ( key ) => key.indexOf( 'mp-outbox:' ) === 0 )
 * @param storage `window.localStorage`
 * @param match decides which keys are wanted
 */
export function storageKeys( storage: WebStorageLike, match: ( key: string ) => boolean ): string[] {
	const keys: string[] = [];
	try {
		for ( let i = 0; i < storage.length; i++ ) {
			const key = storage.key( i );
			if ( key !== null && match( key ) ) {
				keys.push( key );
			}
		}
	} catch ( e ) {
		// Storage went away meanwhile: nothing to take over.
	}
	return keys;
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
