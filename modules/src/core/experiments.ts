import { assign, Assignment, ExperimentGroup, subjectPosition } from './assignment';
import { addContextAttributes, compileAttributeSelection, CONTEXT_ATTRIBUTE_NAMES } from './contextAttributes';
import { compileCuration, failedRule, rulesProblem } from './curation';
import { parseRfc3339 } from './rfc3339';
import type { ContextAttributes, CurationRules, JsonObject, JsonValue } from './types';

/** Who an experiment or a rollout is about. */
export type SubjectUnit = 'user' | 'session' | 'device';

/** An A/B experiment, as defined in $wgMetricsPlatformExperiments. */
export interface ExperimentConfig {
	description?: string;
	owner?: string;
	/** `off` is the kill switch: nobody is enrolled. */
	status: 'on' | 'off';
	/** RFC 3339 date-time with `Z` or an offset, e.g. `2026-12-01T00:00:00Z`; before it nobody is enrolled. */
	start?: string;
	/** RFC 3339 date-time with `Z` or an offset; from it nobody is enrolled. */
	end?: string;
	/** `user`: logged-in users by id; `session` / `device`: by token. */
	unit: SubjectUnit;
	/** Share of subjects enrolled, 0 to 1 (raising it only adds subjects). */
	rate: number;
	/** Group names, or `{ name, weight }`. */
	groups: ( string | ExperimentGroup )[];
	/** Who may take part, as curation rules on the contextual attributes. */
	targeting?: CurationRules;
	/** Where the experiment's own events go. */
	stream?: string;
	schema?: string;
}

/** A feature flag, as defined in $wgMetricsPlatformFlags. */
export interface FlagConfig {
	type: 'boolean' | 'string' | 'number' | 'json';
	default: JsonValue;
	/** false is the kill switch: the default for everyone. */
	enabled?: boolean;
	/** In order: the first rule whose `when` holds gives the value. */
	rules?: { when: CurationRules; value: JsonValue }[];
	/** Then: this share of subjects gets `value`. */
	rollout?: { rate: number; unit: SubjectUnit; value: JsonValue };
}

/** Identifiers of the subject; `user` only for logged-in users (the central user id). */
export interface Subjects {
	user?: string;
	session?: string;
	device?: string;
}

/** Experiment names, as the edge and upstream accept them. */
export const EXPERIMENT_NAME = /^[A-Za-z0-9][-_.A-Za-z0-9]{7,62}$/;
/** Group names. */
export const GROUP_NAME = /^[A-Za-z0-9][-_.A-Za-z0-9]{0,62}$/;

const UNITS: readonly string[] = [ 'user', 'session', 'device' ];

/** The date fields of an experiment definition (flags have none). */
const DATE_FIELDS = [ 'start', 'end' ];

/**
 * Groups as `{ name, weight }`.
 *
 * @param groups
 */
function normalizeGroups( groups: ( string | ExperimentGroup )[] ): ExperimentGroup[] {
	return groups.map( ( g ) => typeof g === 'string' ? { name: g } : g );
}

function isRate( value: unknown ): boolean {
	return typeof value === 'number' && value >= 0 && value <= 1;
}

/**
 * Why an experiment definition is unusable (naming the field), or null.
 *
 * @param name the experiment's name
 * @param config its definition
 */
export function experimentProblem( name: string, config: unknown ): string | null {
	if ( !EXPERIMENT_NAME.test( name ) ) {
		return 'the name must be 8 to 63 letters, digits, "-", "_" or "."';
	}
	if ( !config || typeof config !== 'object' || Array.isArray( config ) ) {
		return 'the definition is not an object';
	}
	const c = config as Record<string, unknown>;
	if ( c.status !== 'on' && c.status !== 'off' ) {
		return 'status must be "on" or "off"';
	}
	for ( const field of DATE_FIELDS ) {
		// Absent or null: no bound. Anything else must name one instant, whatever the server's time zone.
		if ( c[ field ] !== undefined && c[ field ] !== null && parseRfc3339( c[ field ] ) === null ) {
			return `${ field } ${ JSON.stringify( c[ field ] ) } is not an RFC 3339 date-time with Z or an offset (e.g. 2026-12-01T00:00:00Z)`;
		}
	}
	if ( typeof c.unit !== 'string' || !UNITS.includes( c.unit ) ) {
		return 'unit must be "user", "session" or "device"';
	}
	if ( !isRate( c.rate ) ) {
		return 'rate is not a number from 0 to 1';
	}
	if ( !Array.isArray( c.groups ) || !c.groups.length ) {
		return 'groups is not a non-empty list';
	}
	const seen: string[] = [];
	for ( const g of c.groups ) {
		const group = typeof g === 'string' ? { name: g } : g as Record<string, unknown>;
		if ( !group || typeof group.name !== 'string' || !GROUP_NAME.test( group.name ) ) {
			return `group ${ JSON.stringify( g ) } has no valid name`;
		}
		if ( group.weight !== undefined && !( typeof group.weight === 'number' && group.weight > 0 && isFinite( group.weight ) ) ) {
			return `group ${ group.name } has a weight that is not a positive number`;
		}
		if ( seen.includes( group.name ) ) {
			return `group ${ group.name } appears twice`;
		}
		seen.push( group.name );
	}
	return c.targeting === undefined ? null : rulesProblem( c.targeting, 'targeting' );
}

function valueMatches( type: string, value: unknown ): boolean {
	return type === 'json' ? value !== undefined : type === 'boolean' || type === 'string' || type === 'number' ? typeof value === type : false;
}

/**
 * Why a flag definition is unusable (naming the field), or null.
 *
 * @param key the flag's key
 * @param config its definition
 */
export function flagProblem( key: string, config: unknown ): string | null {
	if ( !GROUP_NAME.test( key ) ) {
		return 'the key must be 1 to 63 letters, digits, "-", "_" or "."';
	}
	if ( !config || typeof config !== 'object' || Array.isArray( config ) ) {
		return 'the definition is not an object';
	}
	const c = config as Record<string, unknown>;
	if ( ![ 'boolean', 'string', 'number', 'json' ].includes( c.type as string ) ) {
		return 'type must be boolean, string, number or json';
	}
	if ( !valueMatches( c.type as string, c.default ) ) {
		return `default is not a ${ c.type }`;
	}
	if ( c.enabled !== undefined && typeof c.enabled !== 'boolean' ) {
		return 'enabled is not true or false';
	}
	if ( c.rules !== undefined ) {
		if ( !Array.isArray( c.rules ) ) {
			return 'rules is not a list';
		}
		for ( let i = 0; i < c.rules.length; i++ ) {
			const rule = c.rules[ i ] as Record<string, unknown>;
			const problem = rule && typeof rule === 'object' ? rulesProblem( rule.when, `rules[${ i }].when` ) : `rules[${ i }] is not an object`;
			if ( problem ) {
				return problem;
			}
			if ( !valueMatches( c.type as string, rule.value ) ) {
				return `rules[${ i }].value is not a ${ c.type }`;
			}
		}
	}
	if ( c.rollout !== undefined ) {
		const r = c.rollout as Record<string, unknown>;
		if ( !r || typeof r !== 'object' || !isRate( r.rate ) ) {
			return 'rollout.rate is not a number from 0 to 1';
		}
		if ( !UNITS.includes( r.unit as string ) ) {
			return 'rollout.unit must be "user", "session" or "device"';
		}
		if ( !valueMatches( c.type as string, r.value ) ) {
			return `rollout.value is not a ${ c.type }`;
		}
	}
	return null;
}

/** Every contextual attribute, nested as events carry them (targeting reads from this). */
const ALL_ATTRIBUTES = compileAttributeSelection( CONTEXT_ATTRIBUTE_NAMES );

/**
 * The attribute view that targeting rules read (with derived values such as the edit-count bucket).
 *
 * @param context nested contextual attributes
 */
export function targetingView( context: ContextAttributes ): JsonObject {
	const view: JsonObject = {};
	addContextAttributes( context, ALL_ATTRIBUTES, view );
	return view;
}

function targets( rules: CurationRules | undefined, view: JsonObject ): boolean {
	return !rules || failedRule( view, compileCuration( rules ) ) === null;
}

/**
 * Assigns the subject to an experiment: off, outside its dates, not targeted or without a subject
 * for its unit (e.g. a logged-out user for unit `user`) means not enrolled.
 *
 * @param name experiment name
 * @param config a valid definition
 * @param view from {@link targetingView}
 * @param subjects the subject's identifiers
 * @param now milliseconds since the epoch
 */
export function evaluateExperiment( name: string, config: ExperimentConfig, view: JsonObject, subjects: Subjects, now: number ): Assignment {
	const out: Assignment = { enrolled: false, group: null };
	const subject = subjects[ config.unit ];
	const start = parseRfc3339( config.start );
	const end = parseRfc3339( config.end );
	if ( config.status !== 'on' || !subject || ( start !== null && now < start ) || ( end !== null && now >= end ) ||
		!targets( config.targeting, view ) ) {
		return out;
	}
	return assign( subject, name, config.rate, normalizeGroups( config.groups ) );
}

/**
 * A flag's value for the subject: the default when switched off; else the first matching rule's
 * value; else the rollout value for subjects inside the rollout; else the default. Rollouts are
 * monotone: raising the rate only adds subjects.
 *
 * @param key the flag's key
 * @param config a valid definition
 * @param view from {@link targetingView}
 * @param subjects the subject's identifiers
 */
export function evaluateFlag( key: string, config: FlagConfig, view: JsonObject, subjects: Subjects ): JsonValue {
	if ( config.enabled === false ) {
		return config.default;
	}
	for ( const rule of config.rules || [] ) {
		if ( targets( rule.when, view ) ) {
			return rule.value;
		}
	}
	const rollout = config.rollout;
	const subject = rollout && subjects[ rollout.unit ];
	if ( rollout && subject && subjectPosition( subject, 'flag:' + key ) < rollout.rate ) {
		return rollout.value;
	}
	return config.default;
}

/**
 * Parses `X-Experiment-Enrollments: exp=group;exp2=group2;` strictly: any malformed part makes the
 * whole header void (null).
 *
 * @param header the header's value
 */
export function parseEnrollmentHeader( header: string ): Record<string, string> | null {
	const out: Record<string, string> = {};
	const parts = header.trim().replace( /;$/, '' ).split( ';' );
	for ( const part of parts ) {
		const eq = part.indexOf( '=' );
		const name = part.slice( 0, eq ).trim();
		const group = part.slice( eq + 1 ).trim();
		if ( eq < 1 || !EXPERIMENT_NAME.test( name ) || !GROUP_NAME.test( group ) || out[ name ] !== undefined ) {
			return null;
		}
		out[ name ] = group;
	}
	return parts.length && header.trim() ? out : null;
}

/**
 * Parses QA overrides `?mpo=exp:group;exp2:group2`; malformed parts are skipped.
 *
 * @param value the `mpo` query parameter
 */
export function parseOverrides( value: string ): Record<string, string> {
	const out: Record<string, string> = {};
	for ( const part of value.split( ';' ) ) {
		const [ name, group ] = part.split( ':' );
		if ( name && group && EXPERIMENT_NAME.test( name ) && GROUP_NAME.test( group ) ) {
			out[ name ] = group;
		}
	}
	return out;
}
