import { addContextAttributes } from './contextAttributes';
import { failedRule } from './curation';
import type { OutcomeDetail, ReasonCode } from './outcome';
import { copyEventData, interactionProblem } from './eventData';
import type { CorePorts } from './ports';
import { safeName } from './safeName';
import { isTokenInSample, tokenPosition } from './sampling';
import { CompiledStream, createStreamRegistry, WEB_BASE_SCHEMA_ID } from './streamConfig';
import type { ContextAttributes, InteractionData, JsonObject, JsonValue, MetricsEvent, SampleConfig, StreamConfig } from './types';
import { warnOnce } from './warnOnce';
import { schemaFieldProblem } from './webBaseSchema';

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
	submitInteraction( action: string, interactionData?: InteractionData ): void;
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
	submit( streamName: string, event: JsonObject ): void;
	/**
	 * Submits an interaction event with the contextual attributes the stream asks for.
	 *
	 * @example client.submitInteraction( 'my.stream', '/analytics/product_metrics/web/base/1.3.0', 'click', { element_id: 'save' } )
	 */
	submitInteraction( streamName: string, schemaID: string, action: string, interactionData?: InteractionData ): void;
	/** Submits a `click` interaction with the web base schema. */
	submitClick( streamName: string, interactionData: InteractionData ): void;
	/**
	 * Submits an interaction named `eventName` to every stream whose `events` prefixes match it,
	 * each built with that stream's schema, attributes, curation and sampling.
	 *
	 * @example client.dispatch( 'editor_save', { action_source: 'toolbar' } )
	 */
	dispatch( eventName: string, customData?: InteractionData ): void;
	/** Creates an instrument whose events are numbered from 1 and stamped with its name. */
	newInstrument( streamName: string, schemaID?: string, instrumentName?: string ): Instrument;
	/** Whether the stream is enabled and the current subject is in its sample. */
	isStreamInSample( streamName: string ): boolean;
	/** A copy of the stream's config, or `null` for an unknown or disabled stream. */
	getStreamConfig( streamName: string ): StreamConfig | null;
}

/** What a failed newInstrument() gives: an instrument that sends nothing (never null). */
const NULL_INSTRUMENT: Instrument = Object.freeze( {
	name: '',
	submitInteraction: (): void => undefined,
	isStreamInSample: (): boolean => false,
} );

/** Fields a caller's interaction data cannot set: the client owns them. */
const RESERVED = [ '$schema', 'action', 'meta', 'dt', 'sample', 'agent', 'page', 'mediawiki', 'performer', 'experiments' ];

/**
 * Creates the core client over the environment's ports.
 *
 * @param ports what the environment supplies
 */
export function createCoreClient( ports: CorePorts ): MetricsClient {
	const warn = warnOnce( ports.warn );
	const registry = createStreamRegistry( ports.streamConfigs, warn );

	/**
	 * Tells the observer, if any, what became of a call; a listener that throws changes nothing.
	 *
	 * @param code
	 * @param stream
	 * @param action
	 * @param detail made only when someone listens
	 * @param event
	 */
	function tell( code: ReasonCode, stream: unknown, action: unknown, detail?: () => OutcomeDetail, event?: MetricsEvent ): void {
		const listener = ports.observer && ports.observer();
		if ( listener ) {
			try {
				listener( {
					code,
					stream: typeof stream === 'string' ? stream : '',
					action: typeof action === 'string' ? action : undefined,
					time: ports.now(),
					id: event && event.meta.id,
					detail: detail && detail(),
					event: event && JSON.parse( JSON.stringify( event ) ),
				} );
			} catch ( e ) {
				// The inspector's problem, not the caller's.
			}
		}
	}

	/**
	 * Drops a call: a warning, and the outcome.
	 *
	 * @param streamName
	 * @param reason the warning's words
	 * @param code
	 * @param action
	 * @param detail
	 */
	function drop( streamName: string, reason: string, code: ReasonCode, action?: unknown, detail?: () => OutcomeDetail ): void {
		warn( `Event for stream "${ streamName }" not sent: ${ reason }.` );
		tell( code, streamName, action, detail || ( () => ( { problem: reason } ) ) );
	}

	/**
	 * The usable stream of a call, else null (warned, told); null too when the reader refuses.
	 *
	 * @param streamName
	 * @param action
	 */
	function lookup( streamName: unknown, action?: unknown ): CompiledStream | null {
		if ( typeof streamName !== 'string' || !streamName ) {
			warn( `Event not sent: the stream name ${ JSON.stringify( safeName( streamName ) ) } is not a non-empty string.` );
			tell( 'unknown_stream', streamName, action );
			return null;
		}
		const stream = registry.get( streamName );
		if ( !stream ) {
			const problem = registry.problem( streamName );
			drop( streamName, problem ? `the stream is disabled (${ problem })` : 'the stream is not configured', problem ? 'disabled' : 'unknown_stream', action );
		} else if ( !enabled() ) {
			tell( 'refused_privacy', streamName, action );
			return null;
		}
		return stream;
	}

	function readContext(): ContextAttributes {
		try {
			return ports.context() || {};
		} catch ( e ) {
			warn( `Contextual attributes could not be read (${ safeName( e ) }); events are sent without them.` );
			return {};
		}
	}

	function inSample( stream: CompiledStream, context: ContextAttributes ): boolean {
		return !stream.sample || isTokenInSample( ports.token( stream.sample.unit, context ), stream.sample );
	}

	function outOfSample( stream: CompiledStream, context: ContextAttributes, action?: unknown ): void {
		const sample = stream.sample as SampleConfig;
		drop( stream.name, 'this subject is out of the stream\'s sample', 'out_of_sample', action, () => ( {
			unit: sample.unit, rate: sample.rate, position: tokenPosition( ports.token( sample.unit, context ) || '' ),
		} ) );
	}

	function enabled(): boolean {
		return !ports.isEnabled || ports.isEnabled();
	}

	/**
	 * Stamps the client-owned fields, decorates and hands the event to delivery.
	 *
	 * @param stream
	 * @param event
	 * @param context
	 */
	function finish( stream: CompiledStream, event: MetricsEvent, context: ContextAttributes ): void {
		event.dt = new Date( ports.now() ).toISOString();
		event.meta = ports.domain ?
			{ stream: stream.destination, domain: ports.domain, id: ports.ids.uuid() } :
			{ stream: stream.destination, id: ports.ids.uuid() };
		if ( stream.sample ) {
			event.sample = { rate: stream.sample.rate, unit: stream.sample.unit };
		}
		if ( ports.decorate ) {
			ports.decorate( event, context );
		}
		ports.send( event );
		tell( 'queued', stream.name, event.action, undefined, event );
	}

	function interaction( streamName: string, schemaID: unknown, action: unknown, data: unknown ): void {
		const stream = lookup( streamName, action );
		if ( !stream ) {
			return;
		}
		if ( typeof schemaID !== 'string' || !schemaID ) {
			return drop( streamName, 'the schema ID is not a non-empty string', 'invalid_data', action );
		}
		if ( typeof action !== 'string' || !action ) {
			return drop( streamName, 'the action is missing or empty', 'invalid_data' );
		}
		const copy = copyEventData( data );
		if ( copy.problem !== undefined ) {
			return drop( streamName, copy.problem, 'invalid_data', action );
		}
		const context = readContext();
		if ( !inSample( stream, context ) ) {
			return outOfSample( stream, context, action );
		}
		const fields = copy.value;
		for ( const key of RESERVED ) {
			if ( key in fields ) {
				warn( `Stream "${ streamName }": the event data cannot set "${ key }"; it was ignored.` );
				delete fields[ key ];
			}
		}
		const event = Object.assign( { $schema: schemaID, action } as MetricsEvent, fields );
		const problem = schemaFieldProblem( schemaID, fields ) || interactionProblem( event );
		if ( problem ) {
			return drop( streamName, problem, 'invalid_data', action );
		}
		addContextAttributes( context, stream.attributes, event );
		const rule = failedRule( event, stream.curation );
		if ( rule ) {
			return drop( streamName, `filtered by the curation rule ${ rule.path.name } ${ rule.operator } ${ JSON.stringify( rule.operand ) }`, 'curated_out', action, () => {
				const group = event[ rule.path.group ] as Record<string, JsonValue> | undefined;
				return { attribute: rule.path.name, operator: rule.operator, operand: rule.operand, value: group ? group[ rule.path.key ] : undefined };
			} );
		}
		finish( stream, event, context );
	}

	/**
	 * Runs a public call so that nothing escapes into the caller's code.
	 *
	 * @param name
	 * @param fallback
	 * @param fn
	 */
	function guard<A extends unknown[], R>( name: string, fallback: R, fn: ( ...args: A ) => R ): ( ...args: A ) => R {
		return ( ...args: A ): R => {
			try {
				return fn( ...args );
			} catch ( e ) {
				warn( `${ name } failed unexpectedly: ${ safeName( e ) }.` );
				return fallback;
			}
		};
	}

	const client: MetricsClient = {
		submit: guard( 'submit', undefined, ( streamName: string, event: JsonObject ): void => {
			const stream = lookup( streamName );
			if ( !stream ) {
				return;
			}
			const copy = copyEventData( event );
			if ( copy.problem !== undefined ) {
				return drop( streamName, copy.problem, 'invalid_data' );
			}
			const built = copy.value as MetricsEvent;
			if ( typeof built.$schema !== 'string' || !built.$schema ) {
				return drop( streamName, 'the event has no $schema', 'invalid_data' );
			}
			const fieldProblem = schemaFieldProblem( built.$schema, built );
			if ( fieldProblem ) {
				return drop( streamName, fieldProblem, 'invalid_data' );
			}
			const context = readContext();
			if ( !inSample( stream, context ) ) {
				return outOfSample( stream, context );
			}
			finish( stream, built, context );
		} ),

		submitInteraction: guard( 'submitInteraction', undefined, interaction ),

		submitClick: guard( 'submitClick', undefined, ( streamName: string, interactionData: InteractionData ): void => {
			interaction( streamName, WEB_BASE_SCHEMA_ID, 'click', interactionData );
		} ),

		dispatch: guard( 'dispatch', undefined, ( eventName: string, customData?: InteractionData ): void => {
			if ( typeof eventName !== 'string' || !eventName ) {
				warn( 'dispatch: the event name is missing or empty.' );
				return;
			}
			for ( const stream of registry.all() ) {
				if ( stream.events.some( ( prefix ) => eventName.indexOf( prefix ) === 0 ) ) {
					interaction( stream.name, stream.schemaId, eventName, customData );
				}
			}
		} ),

		newInstrument: guard( 'newInstrument', NULL_INSTRUMENT, ( streamName: string, schemaID?: string, instrumentName?: string ): Instrument => {
			const name = typeof instrumentName === 'string' && instrumentName ? instrumentName : safeName( streamName );
			let position = 0;
			return {
				name,
				submitInteraction: guard( 'submitInteraction', undefined, ( action: string, interactionData?: InteractionData ): void => {
					const copy = copyEventData( interactionData );
					if ( copy.problem !== undefined ) {
						return drop( streamName, copy.problem, 'invalid_data', action );
					}
					position++;
					copy.value.funnel_event_sequence_position = position;
					copy.value.instrument_name = name;
					interaction( streamName, schemaID === undefined ? WEB_BASE_SCHEMA_ID : schemaID, action, copy.value );
				} ),
				isStreamInSample: () => client.isStreamInSample( streamName ),
			};
		} ),

		isStreamInSample: guard( 'isStreamInSample', false, ( streamName: string ): boolean => {
			// Nothing is sent for a reader who refuses, so nobody is "in sample" then.
			const stream = typeof streamName === 'string' && enabled() ? registry.get( streamName ) : null;
			return !!stream && inSample( stream, readContext() );
		} ),

		getStreamConfig: guard( 'getStreamConfig', null, ( streamName: string ): StreamConfig | null => {
			const stream = typeof streamName === 'string' ? registry.get( streamName ) : null;
			return stream ? JSON.parse( JSON.stringify( stream.config ) ) : null;
		} ),
	};
	return client;
}
