import { hasOwn, safeName } from '../core/safeName';
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
export function createExperimentsApi( state: ExperimentState, sender: ExperimentSender | null, defaultStream: string, session: SessionMemory | null, cookiesEnabled?: boolean, observer?: () => OutcomeListener | null ): ExperimentsApi {
	cookiesEnabled = cookiesEnabled !== false;
	const experiments: Record<string, Experiment> = Object.create( null );
	const exposedThisPage: Record<string, boolean> = Object.create( null );
	const flags = ( state && state.flags ) || {};
	const assigned = ( state && state.assigned ) || {};
	const overridden = ( state && state.overridden ) || [];
	const streams = ( state && state.streams ) || {};

	function make( name: string ): Experiment {
		const group = hasOwn( assigned, name ) && typeof assigned[ name ] === 'string' ? assigned[ name ] : null;
		const live = !!group && !!sender && cookiesEnabled && !overridden.includes( name );
		const target = hasOwn( streams, name ) ? streams[ name ] : { stream: null, schema: null };
		const send = ( action: string, data?: InteractionData ): void => {
			if ( live ) {
				sender!.submitInteraction( target.stream || defaultStream, target.schema || WEB_BASE, action, Object.assign( { action_source: name }, data ) );
				return;
			}
			const listener = observer && observer();
			if ( listener && sender ) {
				// Overridden (?mpo=): never sent; else not enrolled, or no cookies (a new subject on every page).
				const isOverridden = !!group && overridden.includes( name );
				listener( {
					code: isOverridden ? 'overridden' : 'experiment_unenrolled',
					stream: target.stream || defaultStream,
					action: typeof action === 'string' ? action : undefined,
					time: Date.now(),
					detail: { experiment: name, group: group || undefined, problem: isOverridden || !group ? undefined : 'the browser keeps no cookies' },
				} );
			}
		};
		return {
			name,
			getAssignedGroup: () => group,
			isAssignedGroup: ( ...groups ) => !!group && groups.includes( group ),
			send,
			sendExposure() {
				const key = 'mp-exposed:' + name + ':' + group;
				if ( !live ) {
					// Not sent; the inspector hears why.
					return send( 'experiment_exposure' );
				}
				if ( exposedThisPage[ key ] ) {
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
			const key = safeName( name );
			return experiments[ key ] || ( experiments[ key ] = make( key ) );
		},
		getFlag<T extends JsonValue>( key: string, defaultValue: T ): T {
			return hasOwn( flags, key ) ? flags[ key ] as T : defaultValue;
		},
		isEnabled: ( key ) => hasOwn( flags, key ) && flags[ key ] === true,
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
 * Null when there is nothing to say, or when the browser keeps no cookies.
 *
 * @param state from mw.config
 * @param cookiesEnabled whether the browser keeps cookies
 */
export function experimentsField( state: ExperimentState | null, cookiesEnabled = true ): { enrolled: string[]; assigned: Record<string, string> } | null {
	// Without cookies the subject is new on every page: its events say nothing about an experiment.
	if ( !cookiesEnabled || !state || !state.enrolled || !state.enrolled.length ) {
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
