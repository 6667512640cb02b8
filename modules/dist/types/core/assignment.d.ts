/** One group (variant) of an experiment; `weight` defaults to 1. */
export interface ExperimentGroup {
    name: string;
    weight?: number;
}
/** The outcome of assigning one subject to one experiment. */
export interface Assignment {
    /** In the experiment's sample (enrolled). */
    enrolled: boolean;
    /** The group, or null when not enrolled. */
    group: string | null;
}
/**
 * The subject's position in [0, 1) for an experiment: the first six hex digits of
 * sha256( subject + experiment name ) over 2^24 — the upstream Metrics Platform rule.
 *
 * @param subject the user id (as a decimal string) or the session/device token
 * @param experiment the experiment name
 */
export declare function subjectPosition(subject: string, experiment: string): number;
/**
 * Assigns a subject from its position. The groups split [0, 1) by weight, in order; the subject's
 * group is the one whose span holds the position, and it is enrolled when its place within that
 * span is below `rate`. With equal weights this is the upstream rule (s = h × n; group = groups[⌊s⌋];
 * enrolled iff frac(s) < rate). Raising the rate only adds subjects, and nobody changes group when
 * the rate changes.
 *
 * @example assignFromPosition( 0.7, 1, [ { name: 'control' }, { name: 'b' } ] ) // { enrolled: true, group: 'b' }
 * @param position from {@link subjectPosition}
 * @param rate share of each group's span that is enrolled, 0 to 1
 * @param groups at least one group; weights > 0
 */
export declare function assignFromPosition(position: number, rate: number, groups: readonly ExperimentGroup[]): Assignment;
/**
 * Assigns a subject to an experiment.
 *
 * @example assign( '42', 'my-experiment-2026', 0.5, [ { name: 'control' }, { name: 'treatment' } ] )
 * @param subject the user id (decimal) or the session/device token
 * @param experiment the experiment name
 * @param rate enrolled share, 0 to 1
 * @param groups in order, with optional weights
 */
export declare function assign(subject: string, experiment: string, rate: number, groups: readonly ExperimentGroup[]): Assignment;
