<?php

namespace MediaWiki\Extension\MetricsPlatform\Core;

/**
 * The one string order of the project, in both clients: by code point. For UTF-8 text that is the
 * order of the bytes, so strcmp is exactly it (the TypeScript client's core/ordering.ts compares
 * code points; tests/fixtures/ordering.json decides both). No locale, no case folding.
 */
class Ordering {

	/**
	 * @param string $a
	 * @param string $b
	 * @return int -1, 0 or 1
	 */
	public static function compare( string $a, string $b ): int {
		return strcmp( $a, $b ) <=> 0;
	}
}
