import type { OutcomeListener } from '../core/outcome';
import type { InteractionData, JsonValue } from '../core/types';
/** What the server computed for this request (mw.config `wgMetricsPlatformExperiments`). */
export interface ExperimentState {
    enrolled: string[];
    assigned: Record<string, string>;
    /** Experiments whose group came from `?mpo=` (QA): they never send events. */
    overridden: string[];
    flags: Record<string, JsonValue>;
    /** Where each experiment's own events go. */
    streams: Record<string, {
        stream: string | null;
        schema: string | null;
    }>;
}
/** One experiment, for the current subject. Unknown experiments give a harmless null object. */
export interface Experiment {
    readonly name: string;
    /** The assigned group, or null when not enrolled. */
    getAssignedGroup(): string | null;
    /** Whether the subject is in one of these groups. */
    isAssignedGroup(...groups: string[]): boolean;
    /** Sends an event of this experiment (enrolled, not overridden subjects only). */
    send(action: string, data?: InteractionData): void;
    /** Records that the subject saw its variant: at most once per page view and once per session. */
    sendExposure(): void;
}
/** The experiments and flags API (`mw.metricsPlatform.getExperiment` and friends). */
export interface ExperimentsApi {
    getExperiment(name: string): Experiment;
    /** A flag's value, or `defaultValue` for an unknown flag. */
    getFlag<T extends JsonValue>(key: string, defaultValue: T): T;
    /** Whether a boolean flag is on. */
    isEnabled(key: string): boolean;
}
/** How experiment events are sent. */
export interface ExperimentSender {
    submitInteraction(stream: string, schemaID: string, action: string, data?: InteractionData): void;
}
/** Where "already exposed this session" is remembered. */
export interface SessionMemory {
    get(key: string): string | null | false;
    set(key: string, value: string): unknown;
}
/**
 * The experiments API over the server's state. Every call after set-up is a lookup: no hashing, no
 * allocation for known names. No call throws, whatever it is given: a name that is not a string (or
 * cannot become one) gives the harmless null object, a flag lookup the default.
 *
 * Without cookies (`navigator.cookieEnabled` false) every page view is a new subject, possibly in
 * the other group: the assignment can still be read, but nothing is sent for the experiment.
 *
 * @param state from mw.config
 * @param sender the client
 * @param defaultStream experiment events' stream when the experiment names none
 * @param session per-session memory for exposure de-duplication (mw.storage.session)
 * @param cookiesEnabled whether the browser keeps cookies (`navigator.cookieEnabled !== false`)
 * @param observer who hears why an experiment's event was not sent (`experiment_unenrolled`,
 *  `overridden`), asked at each such call; absent or null: nobody
 */
export declare function createExperimentsApi(state: ExperimentState, sender: ExperimentSender | null, defaultStream: string, session: SessionMemory | null, cookiesEnabled?: boolean, observer?: () => OutcomeListener | null): ExperimentsApi;
/**
 * For consumers' QUnit tests: an experiments API with chosen groups and flag values that sends
 * nothing.
 *
 * @example const fake = createFakeExperiments( { assigned: { 'sticky-header-2026': 'treatment' }, flags: { 'new-toolbar': true } } );
 * @param values the groups and flags to pretend
 * @param values.assigned experiment name → group
 * @param values.flags flag key → value
 */
export declare function createFakeExperiments(values: {
    assigned?: Record<string, string>;
    flags?: Record<string, JsonValue>;
}): ExperimentsApi;
/**
 * The `experiments` field of events: enrolled experiments and groups, without QA-overridden ones.
 * Null when there is nothing to say, or when the browser keeps no cookies.
 *
 * @param state from mw.config
 * @param cookiesEnabled whether the browser keeps cookies
 */
export declare function experimentsField(state: ExperimentState | null, cookiesEnabled?: boolean): {
    enrolled: string[];
    assigned: Record<string, string>;
} | null;
