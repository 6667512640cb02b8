import { Instrument, MetricsClient } from '../core/client';
import { DeliveryOptions } from '../core/delivery';
import type { ExperimentConfig, FlagConfig } from '../core/experiments';
import type { ContextAttributes, MetricsEvent, StreamConfigsInput } from '../core/types';
import type { Outcome } from '../core/outcome';
import { Experiment, ExperimentsApi } from '../mw/mwExperiments';
export type { Outcome, OutcomeDetail, ReasonCode } from '../core/outcome';
export type { ContextAttributes, Experiment, ExperimentConfig, ExperimentsApi, FlagConfig, Instrument, MetricsClient, MetricsEvent, StreamConfigsInput };
export { editCountBucket } from '../core/contextAttributes';
export { isTokenInSample, isTokenOneInN } from '../core/sampling';
/** Receives each batch of finished events: exactly what would be sent to an intake. */
export type Transport = (batch: MetricsEvent[]) => void | Promise<unknown>;
/** Options of {@link createMetricsClient}. */
export interface MetricsClientOptions {
    /** Stream configs: browser form, action=streamconfigs form, or `false` for any stream unsampled. */
    streamConfigs: StreamConfigsInput;
    /** `meta.domain` of every event, e.g. `en.wikipedia.org`. */
    domain?: string;
    /**
     * Contextual attributes `{ agent, page, mediawiki, performer }`, or a function returning them for
     * each event. `performer.pageview_id` and `performer.session_id` are the sampling tokens when given.
     */
    context?: ContextAttributes | (() => ContextAttributes);
    /**
     * The EventGate-compatible intake (`…/v1/events`). In a browser, batches go by fetch while the page
     * is visible and by sendBeacon when it is hidden, and unsent events wait in localStorage.
     */
    intakeUrl?: string;
    /** Instead of an intake: a function that receives each batch. Throwing or rejecting means "retry later". */
    transport?: Transport;
    /** Receives problem reports. Default: `console.warn`. */
    warn?: (message: string) => void;
    /** Delivery limits: linger (default 1000 ms), batch size (100 events, 60000 bytes), retries. */
    delivery?: DeliveryOptions;
    /** Send nothing when the browser asks not to be tracked (Do Not Track, Global Privacy Control). Default true. */
    respectDoNotTrack?: boolean;
    /** Return false to send nothing (an opt-out). Checked for every event. */
    enabled?: () => boolean;
    /** The clock. Default `Date.now`. */
    now?: () => number;
    /** A token for the `device` sample unit; default: a random one per client. */
    deviceId?: string;
    /**
     * A/B experiments by name, defined as on the wiki (`$wgMetricsPlatformExperiments`) and assigned
     * by the same rules (the shared vectors of tests/fixtures/assignment.json). Subjects: unit `user`
     * is `performer.id` of a logged-in context, `session` is `performer.session_id` (else the
     * client's), `device` is `deviceId`. Evaluated once, at the first use, from the context then.
     */
    experiments?: Record<string, ExperimentConfig>;
    /** Feature flags by key, defined as on the wiki (`$wgMetricsPlatformFlags`). */
    flags?: Record<string, FlagConfig>;
    /** Where experiment events go when an experiment names no stream. Default `mediawiki.experiment_interaction`. */
    experimentStream?: string;
    /**
     * Hears what became of each call: one outcome with a reason code per call (`queued`,
     * `unknown_stream`, `out_of_sample` with unit, rate and position, …), then its delivery by
     * `meta.id` (`sent`, `accepted`, `refused_by_intake` with the intake's message, …). The codes are
     * those of the wiki's inspector (README, "Why is my event missing?"). Nothing is made without it.
     *
     * @example onOutcome: ( o ) => console.log( o.stream, o.code, o.detail )
     */
    onOutcome?: (outcome: Outcome) => void;
}
/** A client for off-wiki use: the core API, experiments and flags, and delivery control. */
export interface StandaloneMetricsClient extends MetricsClient, ExperimentsApi {
    /**
     * Sends every waiting event now (retries too, without waiting for their backoff; not those given
     * up on after the last attempt). Resolves when every request to the intake or the transport that
     * is open has its answer, with the number of events still unsent (0: each was accepted, or refused
     * as invalid with a warning). On a web page with `intakeUrl`, where delivery also uses
     * `sendBeacon` and storage, it resolves at once.
     */
    flush(): Promise<number>;
    /**
     * Flushes until nothing more can be sent (each retry at once, up to the delivery's last attempt),
     * then closes the client: later calls send nothing and warn once. In Node, call it before the
     * process exits — there is no later page to send what is left. Resolves with the number of events
     * that could not be sent.
     */
    close(): Promise<number>;
    /** Events not yet accepted by the intake or the transport. */
    pending(): number;
}
/**
 * Creates a Metrics Platform client outside MediaWiki.
 *
 * @example
 * const { createMetricsClient } = require( 'metrics-platform' );
 * const client = createMetricsClient( {
 *     streamConfigs: { 'my.stream': { producers: { metrics_platform_client: { provide_values: [ 'page_id' ] } } } },
 *     domain: 'example.org',
 *     context: { page: { id: 42 } },
 *     intakeUrl: 'https://intake.example.org/v1/events'
 * } );
 * client.submitClick( 'my.stream', { element_id: 'save' } );
 * await client.close();   // in Node: before the process ends
 * @param options the environment and delivery settings
 */
export declare function createMetricsClient(options: MetricsClientOptions): StandaloneMetricsClient;
