<?php

namespace MediaWiki\Extension\MetricsPlatform\Core;

/**
 * Curation rules with the twelve operators. Same semantics as the TypeScript client
 * (tests/fixtures/curation.json): a missing or null attribute, or a value of the wrong type for the
 * operator, fails the rule.
 */
class Curation {

	public const OPERATORS = [
		'equals', 'not_equals', 'greater_than', 'less_than', 'greater_than_or_equals',
		'less_than_or_equals', 'in', 'not_in', 'contains', 'does_not_contain', 'contains_all', 'contains_any',
	];

	private const ARRAY_OPERAND = [ 'in', 'not_in', 'contains_all', 'contains_any' ];
	private const ORDERING = [ 'greater_than', 'less_than', 'greater_than_or_equals', 'less_than_or_equals' ];

	/**
	 * @param string $operator
	 * @param mixed $operand
	 * @return string|null why the rule is unusable
	 */
	public static function ruleProblem( string $operator, $operand ): ?string {
		if ( !in_array( $operator, self::OPERATORS, true ) ) {
			return "unknown curation operator \"$operator\"";
		}
		if ( in_array( $operator, self::ARRAY_OPERAND, true ) && !( is_array( $operand ) && JsonList::is( $operand ) ) ) {
			return "curation operator \"$operator\" needs an array";
		}
		if ( in_array( $operator, self::ORDERING, true ) && !is_int( $operand ) && !is_float( $operand ) && !is_string( $operand ) ) {
			return "curation operator \"$operator\" needs a number or a string";
		}
		return null;
	}

	/**
	 * Why a set of rules [ attribute => [ operator => operand ] ] is unusable, or null. Used for
	 * stream curation, experiment targeting and flag rules alike.
	 *
	 * @param mixed $rules
	 * @param string $where how messages name them
	 * @return string|null
	 */
	public static function rulesProblem( $rules, string $where ): ?string {
		if ( !is_array( $rules ) || ( $rules && JsonList::is( $rules ) ) ) {
			return "$where is not an object of attribute → { operator: operand }";
		}
		foreach ( $rules as $name => $ops ) {
			if ( !in_array( $name, ContextAttributes::NAMES, true ) ) {
				return "$where names unknown attribute $name";
			}
			if ( !is_array( $ops ) || !$ops || JsonList::is( $ops ) ) {
				return "$where.$name is not an object of operator → operand";
			}
			foreach ( $ops as $operator => $operand ) {
				$problem = self::ruleProblem( (string)$operator, $operand );
				if ( $problem !== null ) {
					return "$where.$name: $problem";
				}
			}
		}
		return null;
	}

	/** JSON equality: numbers by value (1 == 1.0), lists element by element, no type juggling. */
	private static function same( $a, $b ): bool {
		if ( is_array( $a ) && is_array( $b ) ) {
			if ( count( $a ) !== count( $b ) || !JsonList::is( $a ) || !JsonList::is( $b ) ) {
				return false;
			}
			foreach ( $a as $i => $item ) {
				if ( !self::same( $item, $b[$i] ) ) {
					return false;
				}
			}
			return true;
		}
		if ( ( is_int( $a ) || is_float( $a ) ) && ( is_int( $b ) || is_float( $b ) ) ) {
			return $a == $b;
		}
		return $a === $b;
	}

	private static function includes( $list, $item ): bool {
		if ( !is_array( $list ) || !JsonList::is( $list ) ) {
			return false;
		}
		foreach ( $list as $x ) {
			if ( self::same( $x, $item ) ) {
				return true;
			}
		}
		return false;
	}

	private static function compare( $value, $operand ): ?int {
		$numeric = static fn ( $x ) => is_int( $x ) || is_float( $x );
		if ( $numeric( $value ) && $numeric( $operand ) ) {
			return $value <=> $operand;
		}
		if ( is_string( $value ) && is_string( $operand ) ) {
			return Ordering::compare( $value, $operand );
		}
		return null;
	}

	private static function isList( $value ): bool {
		return is_array( $value ) && JsonList::is( $value );
	}

	/**
	 * @param mixed $value
	 * @param string $operator
	 * @param mixed $operand
	 * @return bool
	 */
	public static function passes( $value, string $operator, $operand ): bool {
		$primitive = is_string( $value ) || is_int( $value ) || is_float( $value ) || is_bool( $value );
		switch ( $operator ) {
			case 'equals':
				return self::same( $value, $operand );
			case 'not_equals':
				return !self::same( $value, $operand );
			case 'greater_than':
				$c = self::compare( $value, $operand );
				return $c !== null && $c > 0;
			case 'less_than':
				$c = self::compare( $value, $operand );
				return $c !== null && $c < 0;
			case 'greater_than_or_equals':
				$c = self::compare( $value, $operand );
				return $c !== null && $c >= 0;
			case 'less_than_or_equals':
				$c = self::compare( $value, $operand );
				return $c !== null && $c <= 0;
			case 'in':
				return $primitive && self::includes( $operand, $value );
			case 'not_in':
				return $primitive && self::isList( $operand ) && !self::includes( $operand, $value );
			case 'contains':
				return self::isList( $value ) ? self::includes( $value, $operand ) :
					is_string( $value ) && is_string( $operand ) && ( $operand === '' || strpos( $value, $operand ) !== false );
			case 'does_not_contain':
				return self::isList( $value ) ? !self::includes( $value, $operand ) :
					is_string( $value ) && is_string( $operand ) && $operand !== '' && strpos( $value, $operand ) === false;
			case 'contains_all':
				if ( !self::isList( $value ) || !self::isList( $operand ) ) {
					return false;
				}
				foreach ( $operand as $x ) {
					if ( !self::includes( $value, $x ) ) {
						return false;
					}
				}
				return true;
			case 'contains_any':
				if ( !self::isList( $value ) || !self::isList( $operand ) ) {
					return false;
				}
				foreach ( $operand as $x ) {
					if ( self::includes( $value, $x ) ) {
						return true;
					}
				}
				return false;
			default:
				return false;
		}
	}

	/**
	 * The first failing rule as "attribute operator", or null when the event passes all rules.
	 *
	 * @param array $event an event with its contextual attributes
	 * @param array $rules attribute => [ operator => operand ]
	 * @return string|null
	 */
	public static function failedRule( array $event, array $rules ): ?string {
		foreach ( $rules as $name => $ops ) {
			[ $group, $key ] = ContextAttributes::path( (string)$name );
			$value = $event[$group][$key] ?? null;
			foreach ( (array)$ops as $operator => $operand ) {
				if ( $value === null || !self::passes( $value, (string)$operator, $operand ) ) {
					return "$name $operator";
				}
			}
		}
		return null;
	}
}
