import type { CorePorts } from './ports';
import type { InteractionData, JsonObject, StreamConfig } from './types';
/** Sends numbered interaction events for one instrument. */
export interface Instrument {
    /** The `instrument_name` stamped on its events. */
    readonly name: string;
    /**
     * Submits an interaction event; `funnel_event_sequence_position` counts from 1.
     *
     * @param action what happened, e.g. `click`
     * @param interactionData other interaction fields
     */
    submitInteraction(action: string, interactionData?: InteractionData): void;
    /** Whether the instrument's stream is enabled and the current subject is in sample. */
    isStreamInSample(): boolean;
}
/** The public client API. No method throws, whatever it is given; `newInstrument` never returns null. */
export interface MetricsClient {
    /**
     * Submits an event that the caller built, with its own `$schema`. The client adds `dt`,
     * `meta` (stream, domain, id) and `sample`, and applies sampling; it adds no contextual
     * attributes.
     *
     * @example client.submit( 'my.stream', { $schema: '/my/schema/1.0.0', foo: 'bar' } )
     */
    submit(streamName: string, event: JsonObject): void;
    /**
     * Submits an interaction event with the contextual attributes the stream asks for.
     *
     * @example client.submitInteraction( 'my.stream', '/analytics/product_metrics/web/base/1.3.0', 'click', { element_id: 'save' } )
     */
    submitInteraction(streamName: string, schemaID: string, action: string, interactionData?: InteractionData): void;
    /** Submits a `click` interaction with the web base schema. */
    submitClick(streamName: string, interactionData: InteractionData): void;
    /**
     * Submits an interaction named `eventName` to every stream whose `events` prefixes match it,
     * each built with that stream's schema, attributes, curation and sampling.
     *
     * @example client.dispatch( 'editor_save', { action_source: 'toolbar' } )
     */
    dispatch(eventName: string, customData?: InteractionData): void;
    /** Creates an instrument whose events are numbered from 1 and stamped with its name. */
    newInstrument(streamName: string, schemaID?: string, instrumentName?: string): Instrument;
    /** Whether the stream is enabled and the current subject is in its sample. */
    isStreamInSample(streamName: string): boolean;
    /** A copy of the stream's config, or `null` for an unknown or disabled stream. */
    getStreamConfig(streamName: string): StreamConfig | null;
}
/**
 * Creates the core client over the environment's ports.
 *
 * @param ports what the environment supplies
 */
export declare function createCoreClient(ports: CorePorts): MetricsClient;
