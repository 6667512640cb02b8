import type { OutboxStorage } from '../core/delivery';
/** The subset of the Web Storage API used here. */
export interface WebStorageLike extends OutboxStorage {
    readonly length: number;
    key(index: number): string | null;
}
/**
 * The keys of Web Storage that `match` accepts; none where reading them throws.
 *
 * @example storageKeys( localStorage, ( key ) => key.indexOf( 'mp-outbox:' ) === 0 )
 * @param storage `window.localStorage`
 * @param match decides which keys are wanted
 */
export declare function storageKeys(storage: WebStorageLike, match: (key: string) => boolean): string[];
/**
 * `window.localStorage`, or `undefined` where reading it throws (blocked cookies, sandboxed frames).
 *
 * @param win the window
 * @param win.localStorage
 */
export declare function localStorageOf(win: {
    localStorage?: WebStorageLike;
}): WebStorageLike | undefined;
