import type { InteractionData, JsonValue } from '../core/types';

/** What the server computed for this request (mw.config `wgMetricsPlatformExperiments`). */
export interface ExperimentState {
	enrolled: string[];
	assigned: Record<string, string>;
	/** Experiments whose group came from `?mpo=` (QA): they never send events. */
	overridden: string[];
	flags: Record<string, JsonValue>;
	/** Where each experiment's own events go. */
	streams: Record<string, { stream: string | null; schema: string | null }>;
}

/** One experiment, for the current subject. Unknown experiments give a harmless null object. */
export interface Experiment {
	readonly name: string;
	/** The assigned group, or null when not enrolled. */
	getAssignedGroup(): string | null;
	/** Whether the subject is in one of these groups. */
	isAssignedGroup( ...groups: string[] ): boolean;
	/** Sends an event of this experiment (enrolled, not overridden subjects only). */
	send( action: string, data?: InteractionData ): void;
	/** Records that the subject saw its variant: at most once per page view and once per session. */
	sendExposure(): void;
}

/** The experiments and flags API (`mw.metricsPlatform.getExperiment` and friends). */
export interface ExperimentsApi {
	getExperiment( name: string ): Experiment;
	/** A flag's value, or `defaultValue` for an unknown flag. */
	getFlag<T extends JsonValue>( key: string, defaultValue: T ): T;
	/** Whether a boolean flag is on. */
	isEnabled( key: string ): boolean;
}

/** How experiment events are sent. */
export interface ExperimentSender {
	submitInteraction( stream: string, schemaID: string, action: string, data?: InteractionData ): void;
}

/** Where "already exposed this session" is remembered. */
export interface SessionMemory {
	get( key: string ): string | null | false;
	set( key: string, value: string ): unknown;
}

const WEB_BASE = '/analytics/product_metrics/web/base/1.3.0';

/**
 * The experiments API over the server's state. Every call after set-up is a lookup: no hashing, no
 * allocation for known names.
 *
 * @param state from mw.config
 * @param sender the client
 * @param defaultStream experiment events' stream when the experiment names none
 * @param session per-session memory for exposure de-duplication (mw.storage.session)
 */
export function createExperimentsApi( state: ExperimentState, sender: ExperimentSender | null, defaultStream: string, session: SessionMemory | null ): ExperimentsApi {
	const experiments: Record<string, Experiment> = {};
	const exposedThisPage: Record<string, boolean> = {};
	const flags = state.flags || {};

	function make( name: string ): Experiment {
		const group = ( state.assigned || {} )[ name ] || null;
		const live = !!group && !!sender && !( state.overridden || [] ).includes( name );
		const target = ( state.streams || {} )[ name ] || { stream: null, schema: null };
		const send = ( action: string, data?: InteractionData ): void => {
			if ( live ) {
				sender!.submitInteraction( target.stream || defaultStream, target.schema || WEB_BASE, action, Object.assign( { action_source: name }, data ) );
			}
		};
		return {
			name,
			getAssignedGroup: () => group,
			isAssignedGroup: ( ...groups ) => !!group && groups.includes( group ),
			send,
			sendExposure() {
				const key = 'mp-exposed:' + name + ':' + group;
				if ( !live || exposedThisPage[ key ] ) {
					return;
				}
				exposedThisPage[ key ] = true;
				try {
					if ( session && session.get( key ) ) {
						return;
					}
					if ( session ) {
						session.set( key, '1' );
					}
				} catch ( e ) {
					// No session storage: once per page view still holds.
				}
				send( 'experiment_exposure', { action_context: String( group ) } );
			},
		};
	}

	return {
		getExperiment( name ) {
			return experiments[ name ] || ( experiments[ name ] = make( String( name ) ) );
		},
		getFlag<T extends JsonValue>( key: string, defaultValue: T ): T {
			return Object.prototype.hasOwnProperty.call( flags, key ) ? flags[ key ] as T : defaultValue;
		},
		isEnabled: ( key ) => flags[ key ] === true,
	};
}

/**
 * For consumers' QUnit tests: an experiments API with chosen groups and flag values that sends
 * nothing.
 *
 * @example const fake = createFakeExperiments( { assigned: { 'sticky-header-2026': 'treatment' }, flags: { 'new-toolbar': true } } );
 * @param values the groups and flags to pretend
 * @param values.assigned experiment name → group
 * @param values.flags flag key → value
 */
export function createFakeExperiments( values: { assigned?: Record<string, string>; flags?: Record<string, JsonValue> } ): ExperimentsApi {
	const assigned = values.assigned || {};
	return createExperimentsApi( { enrolled: Object.keys( assigned ), assigned, overridden: [], flags: values.flags || {}, streams: {} }, null, '', null );
}

/**
 * The `experiments` field of events: enrolled experiments and groups, without QA-overridden ones.
 * Null when there is nothing to say.
 *
 * @param state from mw.config
 */
export function experimentsField( state: ExperimentState | null ): { enrolled: string[]; assigned: Record<string, string> } | null {
	if ( !state || !state.enrolled || !state.enrolled.length ) {
		return null;
	}
	const overridden = state.overridden || [];
	const enrolled = state.enrolled.filter( ( name ) => !overridden.includes( name ) );
	if ( !enrolled.length ) {
		return null;
	}
	const assigned: Record<string, string> = {};
	for ( const name of enrolled ) {
		assigned[ name ] = state.assigned[ name ];
	}
	return { enrolled, assigned };
}
