import { evaluateExperiment, evaluateFlag, ExperimentConfig, experimentProblem, FlagConfig, flagProblem, Subjects, targetingView } from './experiments';
import type { ContextAttributes, JsonValue } from './types';

/** Experiment and flag definitions, in the form of $wgMetricsPlatformExperiments and $wgMetricsPlatformFlags. */
export interface Definitions {
	experiments?: Record<string, ExperimentConfig>;
	flags?: Record<string, FlagConfig>;
}

/** What the definitions give one subject (the shape of the wiki's `wgMetricsPlatformExperiments`, without QA overrides). */
export interface EvaluatedDefinitions {
	/** Experiments the subject is enrolled in. */
	enrolled: string[];
	/** Experiment name → group, for enrolled experiments. */
	assigned: Record<string, string>;
	/** Flag key → value, for every valid flag. */
	flags: Record<string, JsonValue>;
	/** Where each valid experiment's own events go (null: the default stream and schema). */
	streams: Record<string, { stream: string | null; schema: string | null }>;
}

/**
 * Evaluates every definition for one subject, as the wiki does for each request (includes/
 * ExperimentManager.php): invalid entries are reported (naming the entry and the field) and left out.
 *
 * @param definitions experiments and flags
 * @param context the subject's contextual attributes, nested (targeting and flag rules read them)
 * @param subjects the subject's identifiers per unit
 * @param now milliseconds since the epoch (experiment windows)
 * @param warn receives one message per invalid entry
 */
export function evaluateDefinitions( definitions: Definitions, context: ContextAttributes, subjects: Subjects, now: number, warn: ( message: string ) => void ): EvaluatedDefinitions {
	const out: EvaluatedDefinitions = { enrolled: [], assigned: {}, flags: {}, streams: {} };
	const experiments = definitions.experiments && typeof definitions.experiments === 'object' ? definitions.experiments : {};
	const flags = definitions.flags && typeof definitions.flags === 'object' ? definitions.flags : {};
	const view = targetingView( context );
	for ( const name of Object.keys( experiments ) ) {
		const config = experiments[ name ];
		const problem = experimentProblem( name, config );
		if ( problem ) {
			warn( `Experiment ${ name } is ignored: ${ problem }.` );
			continue;
		}
		out.streams[ name ] = { stream: config.stream || null, schema: config.schema || null };
		const assignment = evaluateExperiment( name, config, view, subjects, now );
		if ( assignment.enrolled && assignment.group !== null ) {
			out.enrolled.push( name );
			out.assigned[ name ] = assignment.group;
		}
	}
	for ( const key of Object.keys( flags ) ) {
		const problem = flagProblem( key, flags[ key ] );
		if ( problem ) {
			warn( `Flag ${ key } is ignored: ${ problem }.` );
			continue;
		}
		out.flags[ key ] = evaluateFlag( key, flags[ key ], view, subjects );
	}
	return out;
}
