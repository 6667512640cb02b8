import type { ContextAttributes } from '../core/types';
import type { Mw } from './mwTypes';
/**
 * The contextual attributes of this page view, read from mw.config and mw.user exactly as the Metrics
 * Platform defines them. Values that are absent or null are left out (the core omits them);
 * performer name, edit count, its bucket and registration are given for logged-in users only.
 *
 * @param mw the `mw` global
 * @param userAgent `navigator.userAgent`
 */
export declare function mwContext(mw: Mw, userAgent: string): ContextAttributes;
