import { attributePath, AttributePath, isKnownAttribute } from './contextAttributes';
import { compareCodePoints } from './ordering';
import type { CurationOperator, CurationRules, JsonObject, JsonValue } from './types';

/** The twelve operators, in the order of the Metrics Platform documentation. */
export const CURATION_OPERATORS: readonly CurationOperator[] = [
	'equals', 'not_equals',
	'greater_than', 'less_than', 'greater_than_or_equals', 'less_than_or_equals',
	'in', 'not_in',
	'contains', 'does_not_contain', 'contains_all', 'contains_any',
];

const OPERATOR_SET = new Set<string>( CURATION_OPERATORS );

/** Operators whose operand must be an array. */
const ARRAY_OPERAND = new Set<string>( [ 'in', 'not_in', 'contains_all', 'contains_any' ] );

/** Operators that order values; the operand must be a number or a string. */
const ORDERING = new Set<string>( [ 'greater_than', 'less_than', 'greater_than_or_equals', 'less_than_or_equals' ] );

/**
 * Why an operator/operand pair is unusable, or `null` when it is fine.
 *
 * @param operator e.g. `in`
 * @param operand the rule's value
 */
export function curationRuleProblem( operator: string, operand: unknown ): string | null {
	if ( !OPERATOR_SET.has( operator ) ) {
		return `unknown curation operator "${ operator }"`;
	}
	if ( ARRAY_OPERAND.has( operator ) && !Array.isArray( operand ) ) {
		return `curation operator "${ operator }" needs an array`;
	}
	if ( ORDERING.has( operator ) && typeof operand !== 'number' && typeof operand !== 'string' ) {
		return `curation operator "${ operator }" needs a number or a string`;
	}
	if ( operand === undefined || typeof operand === 'function' ) {
		return `curation operator "${ operator }" has no operand`;
	}
	return null;
}

function isObject( value: unknown ): value is Record<string, unknown> {
	return !!value && typeof value === 'object' && !Array.isArray( value );
}

/**
 * Why a set of rules `{ attribute: { operator: operand } }` is unusable, or null. Used for stream
 * curation, experiment targeting and flag rules alike.
 *
 * @param rules the rules
 * @param where how messages name them, e.g. `curation` or `rules[0].when`
 */
export function rulesProblem( rules: unknown, where: string ): string | null {
	if ( !isObject( rules ) ) {
		return `${ where } is not an object of attribute → { operator: operand }`;
	}
	for ( const name of Object.keys( rules ) ) {
		if ( !isKnownAttribute( name ) ) {
			return `${ where } names unknown attribute ${ name }`;
		}
		const ops = rules[ name ];
		if ( !isObject( ops ) || !Object.keys( ops ).length ) {
			return `${ where }.${ name } is not an object of operator → operand`;
		}
		for ( const operator of Object.keys( ops ) ) {
			const problem = curationRuleProblem( operator, ops[ operator ] );
			if ( problem ) {
				return `${ where }.${ name }: ${ problem }`;
			}
		}
	}
	return null;
}

function isPrimitive( value: unknown ): value is string | number | boolean {
	const type = typeof value;
	return type === 'string' || type === 'number' || type === 'boolean';
}

/**
 * Strict equality for primitives; element-wise for arrays (e.g. user groups).
 *
 * @param a
 * @param b
 */
function same( a: JsonValue, b: JsonValue ): boolean {
	if ( Array.isArray( a ) && Array.isArray( b ) ) {
		return a.length === b.length && a.every( ( item, i ) => same( item, b[ i ] ) );
	}
	return a === b;
}

function includes( list: JsonValue, item: JsonValue ): boolean {
	return Array.isArray( list ) && list.some( ( x ) => same( x, item ) );
}

function compare( value: JsonValue, operand: JsonValue ): number | null {
	if ( typeof value === 'number' && typeof operand === 'number' ) {
		return value - operand;
	}
	if ( typeof value === 'string' && typeof operand === 'string' ) {
		return compareCodePoints( value, operand );
	}
	return null;
}

/**
 * Whether one value passes one rule. A type mismatch (an array where a number is expected, a
 * number against a string, ...) fails the rule: curation never lets doubtful events through.
 *
 * @example passesRule( 12, 'greater_than', 10 ) // true
 * @param value the attribute's value in the event (never undefined)
 * @param operator one of {@link CURATION_OPERATORS}
 * @param operand the rule's value
 */
export function passesRule( value: JsonValue, operator: string, operand: JsonValue ): boolean {
	let order: number | null;
	switch ( operator ) {
		case 'equals':
			return same( value, operand );
		case 'not_equals':
			return !same( value, operand );
		case 'greater_than':
			order = compare( value, operand );
			return order !== null && order > 0;
		case 'less_than':
			order = compare( value, operand );
			return order !== null && order < 0;
		case 'greater_than_or_equals':
			order = compare( value, operand );
			return order !== null && order >= 0;
		case 'less_than_or_equals':
			order = compare( value, operand );
			return order !== null && order <= 0;
		case 'in':
			return isPrimitive( value ) && includes( operand, value );
		case 'not_in':
			return isPrimitive( value ) && Array.isArray( operand ) && !includes( operand, value );
		case 'contains':
			return Array.isArray( value ) ? includes( value, operand ) :
				typeof value === 'string' && typeof operand === 'string' && value.includes( operand );
		case 'does_not_contain':
			return Array.isArray( value ) ? !includes( value, operand ) :
				typeof value === 'string' && typeof operand === 'string' && !value.includes( operand );
		case 'contains_all':
			return Array.isArray( value ) && Array.isArray( operand ) && operand.every( ( x ) => includes( value, x ) );
		case 'contains_any':
			return Array.isArray( value ) && Array.isArray( operand ) && operand.some( ( x ) => includes( value, x ) );
		default:
			return false;
	}
}

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
export function compileCuration( rules: CurationRules | undefined ): CompiledRule[] {
	const compiled: CompiledRule[] = [];
	for ( const name of Object.keys( rules || {} ) ) {
		const ops = ( rules as CurationRules )[ name ];
		for ( const operator of Object.keys( ops ) ) {
			compiled.push( { path: attributePath( name ), operator, operand: ops[ operator as CurationOperator ] as JsonValue } );
		}
	}
	return compiled;
}

/**
 * The first rule that the event fails, or `null` when it passes all. An event whose curated
 * attribute is missing fails. Never throws, whatever the event holds.
 *
 * @param event an event with its contextual attributes
 * @param rules from {@link compileCuration}
 */
export function failedRule( event: JsonObject, rules: readonly CompiledRule[] ): CompiledRule | null {
	for ( const rule of rules ) {
		const group = event && typeof event === 'object' ? event[ rule.path.group ] : undefined;
		const value = group && typeof group === 'object' && !Array.isArray( group ) ? group[ rule.path.key ] : undefined;
		if ( value === undefined || value === null || !passesRule( value, rule.operator, rule.operand ) ) {
			return rule;
		}
	}
	return null;
}
