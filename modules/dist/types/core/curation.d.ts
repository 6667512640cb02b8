import { AttributePath } from './contextAttributes';
import type { CurationOperator, CurationRules, JsonObject, JsonValue } from './types';
/** The twelve operators, in the order of the Metrics Platform documentation. */
export declare const CURATION_OPERATORS: readonly CurationOperator[];
/**
 * Why an operator/operand pair is unusable, or `null` when it is fine.
 *
 * @param operator e.g. `in`
 * @param operand the rule's value
 */
export declare function curationRuleProblem(operator: string, operand: unknown): string | null;
/**
 * Why a set of rules `{ attribute: { operator: operand } }` is unusable, or null. Used for stream
 * curation, experiment targeting and flag rules alike.
 *
 * @param rules the rules
 * @param where how messages name them, e.g. `curation` or `rules[0].when`
 */
export declare function rulesProblem(rules: unknown, where: string): string | null;
/**
 * Whether one value passes one rule. A type mismatch (an array where a number is expected, a
 * number against a string, ...) fails the rule: curation never lets doubtful events through.
 *
 * @example passesRule( 12, 'greater_than', 10 ) // true
 * @param value the attribute's value in the event (never undefined)
 * @param operator one of {@link CURATION_OPERATORS}
 * @param operand the rule's value
 */
export declare function passesRule(value: JsonValue, operator: string, operand: JsonValue): boolean;
/** Curation rules compiled for fast checks. */
export interface CompiledRule {
    path: AttributePath;
    operator: string;
    operand: JsonValue;
}
/**
 * Flattens validated curation rules into a list.
 *
 * @param rules from a valid stream config
 */
export declare function compileCuration(rules: CurationRules | undefined): CompiledRule[];
/**
 * The first rule that the event fails, or `null` when it passes all. An event whose curated
 * attribute is missing fails. Never throws, whatever the event holds.
 *
 * @param event an event with its contextual attributes
 * @param rules from {@link compileCuration}
 */
export declare function failedRule(event: JsonObject, rules: readonly CompiledRule[]): CompiledRule | null;
