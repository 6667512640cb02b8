import { ExperimentConfig, FlagConfig, Subjects } from './experiments';
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
    streams: Record<string, {
        stream: string | null;
        schema: string | null;
    }>;
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
export declare function evaluateDefinitions(definitions: Definitions, context: ContextAttributes, subjects: Subjects, now: number, warn: (message: string) => void): EvaluatedDefinitions;
