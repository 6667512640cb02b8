import { MetricsClient } from '../core/client';
import type { InteractionData, StreamConfigsInput } from '../core/types';
import type { Mw } from './mwTypes';
/** What the extension ships in the module's config.json (the same for every user of the wiki). */
export interface MwModuleConfig {
    /** Stream configs reduced to what the browser needs. */
    streams: StreamConfigsInput;
    /** The EventGate-compatible intake; empty: events are not sent (one warning). */
    intakeUrl: string;
    lingerMs: number;
    respectDoNotTrack: boolean;
    /** The stream that gadget events go to. */
    gadgetStream: string;
    /** The stream of experiment events when an experiment names none. */
    experimentStream: string;
}
/** Per-user settings, from mw.config `wgMetricsPlatformUser` (never in cached module content). */
export interface MwUserSettings {
    /** The user shares usage data from gadgets and tools (a preference). */
    gadgetOptIn?: boolean;
    /** The user wants every event shown in the browser console (a preference). */
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
}
/**
 * Wires the core to MediaWiki: context from mw.config and mw.user, sampling tokens from
 * `mw.user.getPageviewToken()` / `mw.user.sessionId()` (and a device token kept in storage), storage
 * through mw.storage, warnings through mw.log.warn, delivery to the configured intake.
 *
 * @param mw the `mw` global
 * @param win the window
 * @param config the module's config.json
 */
export declare function createMwMetricsPlatform(mw: Mw, win: Window, config: MwModuleConfig): MwMetricsPlatform;
/**
 * Routes `mw.track( 'metricsplatform.gadget.<name>', { action, ...data } )` to that gadget's
 * instrument, so a gadget can record an event in one line without waiting for this module.
 *
 * @param mw the `mw` global
 * @param api `mw.metricsPlatform`
 */
export declare function subscribeGadgetTopics(mw: Mw, api: MwMetricsPlatform): void;
