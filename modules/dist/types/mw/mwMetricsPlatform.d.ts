import { MetricsClient } from '../core/client';
import type { InteractionData, StreamConfigsInput } from '../core/types';
import type { InspectorHooks, MwEnvironment } from './mwEnvironment';
import type { Mw } from './mwTypes';
/** What the extension ships in the module's config.json (the same for every user of the wiki). */
export interface MwModuleConfig {
    /** Stream configs reduced to what the browser needs (the server has left out invalid ones). */
    streams: StreamConfigsInput;
    /**
     * The EventGate-compatible intake; empty: events are not sent (one warning). On a wiki, this and
     * `lingerMs` come in the builder module's config.json (only delivery needs them).
     */
    intakeUrl?: string;
    lingerMs?: number;
    respectDoNotTrack: boolean;
    /** The stream that gadget events go to. */
    gadgetStream: string;
    /** The stream of experiment events when an experiment names none. */
    experimentStream: string;
    /** $wgCookiePrefix, $wgCookiePath and $wgCookieDomain: where the token cookies live. */
    cookie?: {
        prefix: string;
        path: string;
        domain: string;
    };
}
/** Per-user settings, from mw.config `wgMetricsPlatformUser` (never in cached module content). */
export interface MwUserSettings {
    /** The user shares usage data from gadgets and tools (a preference). */
    gadgetOptIn?: boolean;
    /**
     * Debug: the preference "show analytics events", or `?mpdebug=1`. The server loads the inspector
     * (ext.metricsPlatform.inspector) then; warnings reach the console only then (or in ResourceLoader's debug mode).
     */
    debug?: boolean;
    /** The user refuses all usage data from their browser (a preference). */
    optOut?: boolean;
}
/** A gadget's handle: harmless no-ops unless the user opted in to sharing gadget usage data. */
export interface GadgetInstrument {
    /** Whether this user's gadget events are sent at all. */
    readonly enabled: boolean;
    /** Sends an interaction, e.g. `submitInteraction( 'open', { action_source: 'toolbar' } )`. */
    submitInteraction(action: string, data?: InteractionData): void;
    /** Sends a click, e.g. `submitClick( { element_id: 'my-gadget-button' } )`. */
    submitClick(data?: InteractionData): void;
}
/** `mw.metricsPlatform`: the client API, delivery control and the gadget toolkit. */
export interface MwMetricsPlatform extends MetricsClient {
    /** Sends every waiting event now. */
    flush(): void;
    /**
     * The instrument of one gadget or user script, named `name` in its events.
     *
     * @example mw.metricsPlatform.gadget( 'HotCat' ).submitClick( { element_id: 'hotcat-add' } )
     */
    gadget(name: string): GadgetInstrument;
    /** The stream of experiment events when an experiment names none. */
    readonly experimentStream: string;
    /** Where the inspector listens (ext.metricsPlatform.inspector sets these). */
    readonly inspector?: InspectorHooks;
}
/** A call made before the event builder was loaded: method, arguments, time (ms). */
export interface QueuedCall {
    m: string;
    a: unknown[];
    t: number;
}
/**
 * A page's calls that its event builder never ran, with only what their streams need from that page.
 */
export interface PageSnapshot {
    /**
     * What the calls need, by the source names of mw/mwContextSources.ts: some mw.config values, and
     * only when asked for, `@ua` (the user agent), `@in` (logged in), `@session` etc. (tokens).
     */
    config: Record<string, unknown>;
    calls: QueuedCall[];
}
/** Runs calls on a full client: the every-page module's queue, or an earlier page's snapshot. */
export interface EventBuilder {
    client: MwMetricsPlatform;
    run(calls: QueuedCall[]): void;
}
/**
 * The event builder: the core client wired to MediaWiki (context from mw.config and mw.user, the
 * page's tokens and delivery), with the gadget toolkit. With a snapshot it builds an earlier page's
 * calls with that page's context, tokens and experiments.
 *
 * @param mw the `mw` global
 * @param win the window
 * @param config the module's config.json
 * @param env the page set-up of the every-page module
 * @param snapshot an earlier page's calls and context
 */
export declare function createEventBuilder(mw: Mw, win: Window, config: MwModuleConfig, env: MwEnvironment, snapshot?: PageSnapshot): EventBuilder;
