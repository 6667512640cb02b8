import { experimentProblem, ExperimentConfig, GROUP_NAME, SubjectUnit } from '../../modules/src/core/experiments';

/** One declared group and its expected relative size (≥ 0; 0 means "designed empty"). */
export interface DesignGroup {
	name: string;
	weight: number;
}

/** What the report analyses against: the experiment as designed, not as the data happen to show it. */
export interface ExperimentDesign {
	experiment: string;
	/** Whose events make one subject: `user` (performer.id) or `session` (performer.session_id). */
	unit: SubjectUnit;
	/** Every declared group, in order; the first is the reference. */
	groups: DesignGroup[];
	/**
	 * The stream of the experiment's own events, when its definition names one (`stream`): the report
	 * reads that stream's modelled table when it has a usable one.
	 */
	stream?: string;
}

/** A design, or why none can be made (a sentence for the command line). */
export type DesignResult = { design: ExperimentDesign; problem?: undefined } | { design?: undefined; problem: string };

/** Where the design comes from: a definitions file's content and/or explicit options. */
export interface DesignSources {
	experiment: string;
	/** Parsed JSON: `{ name: definition }` as in $wgMetricsPlatformExperiments, or `{ experiments: { … } }`. */
	definitions?: unknown;
	/** `control,treatment` */
	groups?: string;
	/** `control=1,treatment=1`; a weight of 0 declares a group that should stay empty. */
	weights?: string;
	unit?: string;
}

const UNITS = [ 'user', 'session', 'device' ];

function isObject( value: unknown ): value is Record<string, unknown> {
	return !!value && typeof value === 'object' && !Array.isArray( value );
}

/**
 * The experiment's entry in a definitions file, or why there is none usable.
 *
 * @param definitions parsed JSON
 * @param experiment the name
 */
function definitionOf( definitions: unknown, experiment: string ): { config: ExperimentConfig; problem?: undefined } | { config?: undefined; problem: string } {
	if ( !isObject( definitions ) ) {
		return { problem: 'the definitions file is not a JSON object of experiment name → definition' };
	}
	const table = Object.prototype.hasOwnProperty.call( definitions, experiment ) || !isObject( definitions.experiments ) ? definitions : definitions.experiments as Record<string, unknown>;
	if ( !Object.prototype.hasOwnProperty.call( table, experiment ) ) {
		return { problem: `experiment "${ experiment }" is not in the definitions (they define: ${ Object.keys( table ).join( ', ' ) || 'nothing' })` };
	}
	const problem = experimentProblem( experiment, table[ experiment ] );
	return problem ? { problem: `the definition of "${ experiment }" is unusable: ${ problem }` } : { config: table[ experiment ] as ExperimentConfig };
}

/**
 * `a=1,b=0.5` as name → weight; weights must be finite numbers ≥ 0.
 *
 * @param text
 */
function parseWeights( text: string ): { weights: DesignGroup[]; problem?: undefined } | { weights?: undefined; problem: string } {
	const weights: DesignGroup[] = [];
	for ( const pair of text.split( ',' ).map( ( p ) => p.trim() ).filter( Boolean ) ) {
		const eq = pair.indexOf( '=' );
		const name = pair.slice( 0, eq ).trim();
		const value = pair.slice( eq + 1 ).trim();
		const weight = Number( value );
		if ( eq < 1 || value === '' || !isFinite( weight ) || weight < 0 ) {
			return { problem: `--weights: "${ pair }" is not group=weight with a number ≥ 0` };
		}
		if ( weights.some( ( w ) => w.name === name ) ) {
			return { problem: `--weights: group ${ name } appears twice` };
		}
		weights.push( { name, weight } );
	}
	return { weights };
}

/**
 * The design of the experiment: groups, weights and unit from its definition, each replaced by the
 * explicit option when one is given. Every group must be declared somewhere: groups are never taken
 * from the events, so a group that lost all its subjects still has a row and still counts in the
 * sample-ratio test.
 *
 * @example resolveDesign( { experiment: 'sticky-header-2026', groups: 'control,treatment', unit: 'session' } )
 * @param sources the definitions file's content and the options
 */
export function resolveDesign( sources: DesignSources ): DesignResult {
	let groups: DesignGroup[] | null = null;
	let unit: string | undefined = sources.unit;
	let stream: string | undefined;
	if ( sources.definitions !== undefined ) {
		const found = definitionOf( sources.definitions, sources.experiment );
		if ( !found.config ) {
			return { problem: found.problem };
		}
		groups = found.config.groups.map( ( g ) => typeof g === 'string' ? { name: g, weight: 1 } : { name: g.name, weight: g.weight === undefined ? 1 : g.weight } );
		unit = unit || found.config.unit;
		stream = typeof found.config.stream === 'string' && found.config.stream ? found.config.stream : undefined;
	}
	if ( sources.groups !== undefined ) {
		const names = sources.groups.split( ',' ).map( ( n ) => n.trim() ).filter( Boolean );
		const bad = names.find( ( n, i ) => !GROUP_NAME.test( n ) || names.indexOf( n ) !== i );
		if ( !names.length || bad !== undefined ) {
			return { problem: bad === undefined ? '--groups names no group' : `--groups: "${ bad }" is not a group name, or appears twice` };
		}
		groups = names.map( ( name ) => ( { name, weight: 1 } ) );
	}
	if ( sources.weights ) {
		const parsed = parseWeights( sources.weights );
		if ( !parsed.weights ) {
			return { problem: parsed.problem };
		}
		if ( !groups ) {
			groups = parsed.weights;
		} else {
			for ( const w of parsed.weights ) {
				const group = groups.find( ( g ) => g.name === w.name );
				if ( !group ) {
					return { problem: `--weights names group ${ w.name }, which the design does not declare (${ groups.map( ( g ) => g.name ).join( ', ' ) })` };
				}
				group.weight = w.weight;
			}
		}
	}
	if ( !groups ) {
		return { problem: 'the groups are unknown: give --definitions FILE (the experiment definitions), or --groups / --weights' };
	}
	if ( !groups.some( ( g ) => g.weight > 0 ) ) {
		return { problem: 'every group has weight 0: no subject is expected anywhere' };
	}
	if ( !unit || !UNITS.includes( unit ) ) {
		return { problem: unit ? `--unit must be user, session or device, not "${ unit }"` : 'the unit is unknown: give --definitions FILE or --unit user|session' };
	}
	if ( unit === 'device' ) {
		// Counting devices by another identifier would silently count something else.
		return { problem: 'the unit is device, but events carry no device identifier (web/base 1.3.0 has none): this report cannot count devices' };
	}
	const design: ExperimentDesign = { experiment: sources.experiment, unit: unit as SubjectUnit, groups };
	if ( stream !== undefined ) {
		design.stream = stream;
	}
	return { design };
}
