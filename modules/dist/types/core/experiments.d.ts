import { Assignment, ExperimentGroup } from './assignment';
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
    groups: (string | ExperimentGroup)[];
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
    rules?: {
        when: CurationRules;
        value: JsonValue;
    }[];
    /** Then: this share of subjects gets `value`. */
    rollout?: {
        rate: number;
        unit: SubjectUnit;
        value: JsonValue;
    };
}
/** Identifiers of the subject; `user` only for logged-in users (the central user id). */
export interface Subjects {
    user?: string;
    session?: string;
    device?: string;
}
/** Experiment names, as the edge and upstream accept them. */
export declare const EXPERIMENT_NAME: RegExp;
/** Group names. */
export declare const GROUP_NAME: RegExp;
/**
 * Why an experiment definition is unusable (naming the field), or null.
 *
 * @param name the experiment's name
 * @param config its definition
 */
export declare function experimentProblem(name: string, config: unknown): string | null;
/**
 * Why a flag definition is unusable (naming the field), or null.
 *
 * @param key the flag's key
 * @param config its definition
 */
export declare function flagProblem(key: string, config: unknown): string | null;
/**
 * The attribute view that targeting rules read (with derived values such as the edit-count bucket).
 *
 * @param context nested contextual attributes
 */
export declare function targetingView(context: ContextAttributes): JsonObject;
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
export declare function evaluateExperiment(name: string, config: ExperimentConfig, view: JsonObject, subjects: Subjects, now: number): Assignment;
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
export declare function evaluateFlag(key: string, config: FlagConfig, view: JsonObject, subjects: Subjects): JsonValue;
/**
 * Parses `X-Experiment-Enrollments: exp=group;exp2=group2;` strictly: any malformed part makes the
 * whole header void (null).
 *
 * @param header the header's value
 */
export declare function parseEnrollmentHeader(header: string): Record<string, string> | null;
/**
 * Parses QA overrides `?mpo=exp:group;exp2:group2`; malformed parts are skipped.
 *
 * @param value the `mpo` query parameter
 */
export declare function parseOverrides(value: string): Record<string, string>;
