<?php

namespace MediaWiki\Extension\MetricsPlatform\Core;

/**
 * Enrolment that comes from outside the server's own assignment: the X-Experiment-Enrollments header
 * of a trusted edge, and QA overrides (?mpo=). Both are parsed strictly and only pairs naming a
 * defined experiment and one of its groups survive, so nothing a browser sends can invent a group.
 * Also writes the response header and body classes from an assignment, with only safe characters
 * (a newline in a header makes PHP drop the header with a warning). Pure; never warns, never throws.
 */
class Enrollment {

	/** A name or group as it may appear in a header or class: no whitespace, no control characters. */
	private const TOKEN = '/^[A-Za-z0-9][-_.A-Za-z0-9]{0,62}\z/';

	/** Longer input is not parsed at all (a header of 100 experiments is about 8 KB). */
	private const MAX_INPUT = 8192;

	/**
	 * Whether $group is one of the groups of the definition $def.
	 *
	 * @param mixed $def an experiment definition
	 * @param string $group
	 * @return bool
	 */
	public static function hasGroup( $def, string $group ): bool {
		if ( !is_array( $def ) || !is_array( $def['groups'] ?? null ) ) {
			return false;
		}
		foreach ( $def['groups'] as $g ) {
			$name = is_array( $g ) ? ( $g['name'] ?? null ) : $g;
			if ( $name === $group ) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Splits "a<pair>b;c<pair>d;" strictly: every part must be exactly name<sep>group with safe
	 * tokens, no name twice; one trailing ";" is allowed. Null when anything is malformed.
	 *
	 * @param mixed $value
	 * @param string $separator "=" or ":"
	 * @return array<string,string>|null
	 */
	private static function pairs( $value, string $separator ): ?array {
		if ( !is_string( $value ) || $value === '' || strlen( $value ) > self::MAX_INPUT ) {
			return null;
		}
		$value = trim( $value, " \t" );
		if ( substr( $value, -1 ) === ';' ) {
			$value = substr( $value, 0, -1 );
		}
		$out = [];
		foreach ( explode( ';', $value ) as $part ) {
			$bits = explode( $separator, trim( $part, " \t" ) );
			if ( count( $bits ) !== 2 ) {
				return null;
			}
			$name = trim( $bits[0], " \t" );
			$group = trim( $bits[1], " \t" );
			if ( !preg_match( self::TOKEN, $name ) || !preg_match( self::TOKEN, $group ) || isset( $out[$name] ) ) {
				return null;
			}
			$out[$name] = $group;
		}
		return $out;
	}

	/**
	 * Keeps the pairs whose experiment is defined and whose group is one of its groups.
	 *
	 * @param array<string,string> $pairs
	 * @param array<string,array> $experiments valid definitions by name
	 * @return array<string,string>
	 */
	private static function known( array $pairs, array $experiments ): array {
		$out = [];
		foreach ( $pairs as $name => $group ) {
			$name = (string)$name;
			if ( isset( $experiments[$name] ) && self::hasGroup( $experiments[$name], $group ) ) {
				$out[$name] = $group;
			}
		}
		return $out;
	}

	/**
	 * X-Experiment-Enrollments: "exp=group;exp2=group2;". Null when the header is malformed (then
	 * it is void as a whole); otherwise the pairs naming defined experiments and their groups.
	 * Window and targeting are the caller's to check.
	 *
	 * @param mixed $header
	 * @param array<string,array> $experiments valid definitions by name
	 * @return array<string,string>|null
	 */
	public static function parseEdgeHeader( $header, array $experiments ): ?array {
		$pairs = self::pairs( $header, '=' );
		return $pairs === null ? null : self::known( $pairs, $experiments );
	}

	/**
	 * ?mpo=exp:group;exp2:group2 (QA). Malformed input gives no override at all; pairs naming an
	 * unknown experiment or group are left out.
	 *
	 * @param mixed $value
	 * @param array<string,array> $experiments valid definitions by name
	 * @return array<string,string>
	 */
	public static function parseOverrides( $value, array $experiments ): array {
		$pairs = self::pairs( $value, ':' );
		return $pairs === null ? [] : self::known( $pairs, $experiments );
	}

	/**
	 * The value of the X-Experiment-Enrollments response header: "name=group;" per assignment and
	 * "key=value;" per flag whose value is a boolean (on/off) or a short safe scalar. Anything that
	 * is not a safe token is left out, so the header can never be refused.
	 *
	 * @param array $assigned experiment name => group
	 * @param array $flags flag key => value
	 * @return string empty when there is nothing to say
	 */
	public static function headerValue( array $assigned, array $flags ): string {
		$out = '';
		foreach ( $assigned as $name => $group ) {
			if ( self::isToken( $name ) && self::isToken( $group ) ) {
				$out .= "$name=$group;";
			}
		}
		foreach ( $flags as $key => $value ) {
			$text = is_bool( $value ) ? ( $value ? 'on' : 'off' ) : ( is_int( $value ) || is_float( $value ) || is_string( $value ) ? (string)$value : null );
			if ( self::isToken( $key ) && $text !== null && self::isToken( $text ) ) {
				$out .= "$key=$text;";
			}
		}
		return $out;
	}

	/**
	 * Body classes for CSS-only variants: metricsplatform-experiment-<name> and -<name>-<group>.
	 *
	 * @param array $assigned experiment name => group
	 * @return string[]
	 */
	public static function bodyClasses( array $assigned ): array {
		$classes = [];
		foreach ( $assigned as $name => $group ) {
			if ( self::isToken( $name ) && self::isToken( $group ) ) {
				$classes[] = "metricsplatform-experiment-$name";
				$classes[] = "metricsplatform-experiment-$name-$group";
			}
		}
		return $classes;
	}

	/**
	 * @param mixed $value
	 * @return bool
	 */
	private static function isToken( $value ): bool {
		return ( is_string( $value ) || is_int( $value ) ) && preg_match( self::TOKEN, (string)$value ) === 1;
	}
}
