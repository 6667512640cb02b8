<?php

namespace MediaWiki\Extension\MetricsPlatform\Core;

/**
 * Whether a PHP array is a JSON list (keys 0, 1, 2, … in order): PHP 8.1's array_is_list(), for
 * PHP 7.4, which MediaWiki 1.39 supports and where includes/Core also runs without MediaWiki's
 * polyfills.
 */
final class JsonList {

	/**
	 * @param array $value
	 * @return bool
	 */
	public static function is( array $value ): bool {
		$i = 0;
		foreach ( $value as $key => $_ ) {
			if ( $key !== $i++ ) {
				return false;
			}
		}
		return true;
	}
}
