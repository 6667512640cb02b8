import type { ContextAttributes, SampleUnit } from '../core/types';
import type { Mw } from './mwTypes';
/**
 * The contextual attributes of this page view, read from mw.config and mw.user exactly as the Metrics
 * Platform defines them. Values that are absent or null are left out (the core omits them);
 * performer name, edit count, its bucket and registration are given for logged-in users only.
 * The session and pageview ids are read only when an attribute asks for them (the page's tokens,
 * each read once per page view). mw/mwContextSources.ts lists what each attribute reads.
 *
 * @param mw the `mw` global
 * @param userAgent `navigator.userAgent`
 * @param token the page's sampling token of a unit
 */
export declare function mwContext(mw: Mw, userAgent: string, token: (unit: SampleUnit) => string): ContextAttributes;
/**
 * The page's contextual attributes as the core's context port wants them: the same object for as
 * long as the mw.config values that mwContext read are the same (each compared by identity, as
 * mw.config.set replaces them), a new one when one changed — e.g. wgRevisionId after a
 * VisualEditor save. So an event costs ~25 mw.config.get, not a new context.
 *
 * @param mw the `mw` global
 * @param userAgent `navigator.userAgent`
 * @param token the page's sampling token of a unit
 */
export declare function mwPageContext(mw: Mw, userAgent: string, token: (unit: SampleUnit) => string): () => ContextAttributes;
