<?php

namespace MediaWiki\Extension\MetricsPlatform\ControlPlane;

/**
 * Which browser origins may read action=metricsplatformconfig across sites: exactly those listed in
 * $wgMetricsPlatformCorsOrigins (scheme://host[:port], compared as browsers send them, case-blind),
 * or any with "*". The answer is anonymous (no credentials), like the public configs it carries.
 * Pure: no MediaWiki needed.
 */
class CorsOrigins {

	/**
	 * The origin to name in Access-Control-Allow-Origin, or null when this request's origin is not
	 * allowed (or it sent none).
	 *
	 * @param string|false|null $originHeader the request's Origin header
	 * @param string[] $configured $wgMetricsPlatformCorsOrigins
	 * @return string|null the request's origin, or "*" when any is allowed
	 */
	public static function allowed( $originHeader, array $configured ): ?string {
		if ( !is_string( $originHeader ) ) {
			return null;
		}
		$origin = trim( $originHeader );
		// One origin (no list, no "null" from sandboxed frames or file:), as a browser's fetch sends it.
		if ( !preg_match( '#^https?://[^\s/?\#]+$#i', $origin ) ) {
			return null;
		}
		foreach ( $configured as $allowed ) {
			if ( $allowed === '*' ) {
				return '*';
			}
			if ( is_string( $allowed ) && strcasecmp( rtrim( $allowed, '/' ), $origin ) === 0 ) {
				return $origin;
			}
		}
		return null;
	}
}
