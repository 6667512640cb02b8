<?php

namespace MediaWiki\Extension\MetricsPlatform\Core;

/**
 * Experiments and feature flags: validation, assignment and evaluation, with exactly the rules of the
 * TypeScript client (tests/fixtures/assignment.json and experiments.json).
 */
class Experiments {

	// "D": "$" must not match before a final newline (a name with a newline breaks headers).
	public const EXPERIMENT_NAME = '/^[A-Za-z0-9][-_.A-Za-z0-9]{7,62}$/D';
	public const GROUP_NAME = '/^[A-Za-z0-9][-_.A-Za-z0-9]{0,62}$/D';
	private const UNITS = [ 'user', 'session', 'device' ];

	/**
	 * First six hex digits of sha256( subject . experiment ) over 2^24.
	 *
	 * @param string $subject
	 * @param string $experiment
	 * @return float
	 */
	public static function position( string $subject, string $experiment ): float {
		return hexdec( substr( hash( 'sha256', $subject . $experiment ), 0, 6 ) ) / 16777216;
	}

	/**
	 * @param array $groups names or [ 'name' => ..., 'weight' => ... ]
	 * @return array[] [ [ 'name' => string, 'weight' => int|float ] ]
	 */
	public static function normalizeGroups( array $groups ): array {
		return array_map( static fn ( $g ) => is_string( $g ) ? [ 'name' => $g, 'weight' => 1 ] :
			[ 'name' => $g['name'], 'weight' => $g['weight'] ?? 1 ], $groups );
	}

	/**
	 * @param float $position
	 * @param int|float $rate
	 * @param array $groups normalized
	 * @return array{enrolled:bool,group:?string}
	 */
	public static function assignFromPosition( float $position, $rate, array $groups ): array {
		$none = [ 'enrolled' => false, 'group' => null ];
		if ( !$groups || !( $rate > 0 ) || $position < 0 || $position >= 1 ) {
			return $none;
		}
		$total = 0;
		foreach ( $groups as $g ) {
			$total += $g['weight'];
		}
		$scaled = $position * $total;
		$start = 0;
		$last = count( $groups ) - 1;
		foreach ( $groups as $i => $g ) {
			$end = $start + $g['weight'];
			if ( $scaled < $end || $i === $last ) {
				return ( $scaled - $start ) / $g['weight'] < $rate ? [ 'enrolled' => true, 'group' => $g['name'] ] : $none;
			}
			$start = $end;
		}
		return $none;
	}

	/**
	 * @param string $subject
	 * @param string $experiment
	 * @param int|float $rate
	 * @param array $groups names or [ name, weight ]
	 * @return array{enrolled:bool,group:?string}
	 */
	public static function assign( string $subject, string $experiment, $rate, array $groups ): array {
		return self::assignFromPosition( self::position( $subject, $experiment ), $rate, self::normalizeGroups( $groups ) );
	}

	private static function isRate( $v ): bool {
		return ( is_int( $v ) || is_float( $v ) ) && $v >= 0 && $v <= 1;
	}

	/**
	 * @param string $name
	 * @param mixed $c
	 * @return string|null why the definition is unusable
	 */
	public static function experimentProblem( string $name, $c ): ?string {
		if ( !preg_match( self::EXPERIMENT_NAME, $name ) ) {
			return 'the name must be 8 to 63 letters, digits, "-", "_" or "."';
		}
		if ( !is_array( $c ) ) {
			return 'the definition is not an object';
		}
		if ( !in_array( $c['status'] ?? null, [ 'on', 'off' ], true ) ) {
			return 'status must be "on" or "off"';
		}
		foreach ( [ 'start', 'end' ] as $field ) {
			// Absent or null: no bound. Anything else must name one instant, whatever the server's time zone.
			if ( isset( $c[$field] ) && Rfc3339::parse( $c[$field] ) === null ) {
				return "$field " . json_encode( $c[$field], JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE ) .
					' is not an RFC 3339 date-time with Z or an offset (e.g. 2026-12-01T00:00:00Z)';
			}
		}
		if ( !in_array( $c['unit'] ?? null, self::UNITS, true ) ) {
			return 'unit must be "user", "session" or "device"';
		}
		if ( !self::isRate( $c['rate'] ?? null ) ) {
			return 'rate is not a number from 0 to 1';
		}
		if ( !is_array( $c['groups'] ?? null ) || !$c['groups'] || !JsonList::is( $c['groups'] ) ) {
			return 'groups is not a non-empty list';
		}
		$seen = [];
		foreach ( $c['groups'] as $g ) {
			$group = is_string( $g ) ? [ 'name' => $g ] : $g;
			if ( !is_array( $group ) || !is_string( $group['name'] ?? null ) || !preg_match( self::GROUP_NAME, $group['name'] ) ) {
				return 'group ' . json_encode( $g ) . ' has no valid name';
			}
			$w = $group['weight'] ?? null;
			if ( $w !== null && !( ( is_int( $w ) || is_float( $w ) ) && $w > 0 && is_finite( $w ) ) ) {
				return "group {$group['name']} has a weight that is not a positive number";
			}
			if ( in_array( $group['name'], $seen, true ) ) {
				return "group {$group['name']} appears twice";
			}
			$seen[] = $group['name'];
		}
		return isset( $c['targeting'] ) ? Curation::rulesProblem( $c['targeting'], 'targeting' ) : null;
	}

	private static function valueMatches( string $type, $value ): bool {
		switch ( $type ) {
			case 'boolean':
				return is_bool( $value );
			case 'string':
				return is_string( $value );
			case 'number':
				return is_int( $value ) || is_float( $value );
			default:
				return $value !== null || $type === 'json';
		}
	}

	/**
	 * @param string $key
	 * @param mixed $c
	 * @return string|null why the definition is unusable
	 */
	public static function flagProblem( string $key, $c ): ?string {
		if ( !preg_match( self::GROUP_NAME, $key ) ) {
			return 'the key must be 1 to 63 letters, digits, "-", "_" or "."';
		}
		if ( !is_array( $c ) ) {
			return 'the definition is not an object';
		}
		$type = $c['type'] ?? null;
		if ( !in_array( $type, [ 'boolean', 'string', 'number', 'json' ], true ) ) {
			return 'type must be boolean, string, number or json';
		}
		if ( !array_key_exists( 'default', $c ) || !self::valueMatches( $type, $c['default'] ) ) {
			return "default is not a $type";
		}
		if ( isset( $c['enabled'] ) && !is_bool( $c['enabled'] ) ) {
			return 'enabled is not true or false';
		}
		foreach ( $c['rules'] ?? [] as $i => $rule ) {
			$problem = is_array( $rule ) ? Curation::rulesProblem( $rule['when'] ?? null, "rules[$i].when" ) : "rules[$i] is not an object";
			if ( $problem !== null ) {
				return $problem;
			}
			if ( !array_key_exists( 'value', $rule ) || !self::valueMatches( $type, $rule['value'] ) ) {
				return "rules[$i].value is not a $type";
			}
		}
		if ( isset( $c['rollout'] ) ) {
			$r = $c['rollout'];
			if ( !is_array( $r ) || !self::isRate( $r['rate'] ?? null ) ) {
				return 'rollout.rate is not a number from 0 to 1';
			}
			if ( !in_array( $r['unit'] ?? null, self::UNITS, true ) ) {
				return 'rollout.unit must be "user", "session" or "device"';
			}
			if ( !array_key_exists( 'value', $r ) || !self::valueMatches( $type, $r['value'] ) ) {
				return "rollout.value is not a $type";
			}
		}
		return null;
	}

	/**
	 * The attribute view targeting reads: every contextual attribute, nested, with derived values.
	 *
	 * @param array $context
	 * @return array
	 */
	public static function targetingView( array $context ): array {
		$view = [];
		ContextAttributes::addTo( $context, ContextAttributes::NAMES, $view, $context['agent']['client_platform'] ?? 'mediawiki_php' );
		return $view;
	}

	/**
	 * @param string $name
	 * @param array $c a valid definition
	 * @param array $view from targetingView()
	 * @param array $subjects [ 'user' => ?, 'session' => ?, 'device' => ? ]
	 * @param float $now milliseconds since the epoch
	 * @return array{enrolled:bool,group:?string}
	 */
	public static function evaluateExperiment( string $name, array $c, array $view, array $subjects, float $now ): array {
		$subject = $subjects[$c['unit']] ?? null;
		$start = Rfc3339::parse( $c['start'] ?? null );
		$end = Rfc3339::parse( $c['end'] ?? null );
		if ( $c['status'] !== 'on' || !$subject || ( $start !== null && $now < $start ) || ( $end !== null && $now >= $end ) ||
			( isset( $c['targeting'] ) && Curation::failedRule( $view, $c['targeting'] ) !== null )
		) {
			return [ 'enrolled' => false, 'group' => null ];
		}
		return self::assign( (string)$subject, $name, $c['rate'], $c['groups'] );
	}

	/**
	 * @param string $key
	 * @param array $c a valid definition
	 * @param array $view
	 * @param array $subjects
	 * @return mixed the flag's value
	 */
	public static function evaluateFlag( string $key, array $c, array $view, array $subjects ) {
		if ( ( $c['enabled'] ?? true ) === false ) {
			return $c['default'];
		}
		foreach ( $c['rules'] ?? [] as $rule ) {
			if ( Curation::failedRule( $view, $rule['when'] ) === null ) {
				return $rule['value'];
			}
		}
		$r = $c['rollout'] ?? null;
		$subject = $r ? ( $subjects[$r['unit']] ?? null ) : null;
		if ( $r && $subject && self::position( (string)$subject, 'flag:' . $key ) < $r['rate'] ) {
			return $r['value'];
		}
		return $c['default'];
	}

	/**
	 * Strict parse of X-Experiment-Enrollments; null when any part is malformed.
	 *
	 * @param string $header
	 * @return array<string,string>|null
	 */
	public static function parseEnrollmentHeader( string $header ): ?array {
		$header = trim( $header );
		if ( $header === '' ) {
			return null;
		}
		$out = [];
		foreach ( explode( ';', preg_replace( '/;$/', '', $header ) ) as $part ) {
			$eq = strpos( $part, '=' );
			if ( $eq === false || $eq < 1 ) {
				return null;
			}
			$name = trim( substr( $part, 0, $eq ) );
			$group = trim( substr( $part, $eq + 1 ) );
			if ( !preg_match( self::EXPERIMENT_NAME, $name ) || !preg_match( self::GROUP_NAME, $group ) || isset( $out[$name] ) ) {
				return null;
			}
			$out[$name] = $group;
		}
		return $out;
	}

	/**
	 * QA overrides ?mpo=exp:group;exp2:group2 (malformed parts skipped).
	 *
	 * @param string $value
	 * @return array<string,string>
	 */
	public static function parseOverrides( string $value ): array {
		$out = [];
		foreach ( explode( ';', $value ) as $part ) {
			$bits = explode( ':', $part );
			if ( count( $bits ) >= 2 && preg_match( self::EXPERIMENT_NAME, $bits[0] ) && preg_match( self::GROUP_NAME, $bits[1] ) ) {
				$out[$bits[0]] = $bits[1];
			}
		}
		return $out;
	}
}
