/** After this many distinct messages a page stops reporting, so a broken loop cannot flood the console. */
export declare const MAX_DISTINCT_WARNINGS = 100;
/**
 * Wraps a warning function so that each distinct message is reported once.
 *
 * @param warn the underlying logger
 */
export declare function warnOnce(warn: (message: string) => void): (message: string) => void;
