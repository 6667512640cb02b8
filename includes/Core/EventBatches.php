<?php

namespace MediaWiki\Extension\MetricsPlatform\Core;

/**
 * Server-side events are encoded one by one, so that one bad event (a string cut mid-character,
 * data nested too deep, a field too large for any request) is dropped alone with its reason while
 * the others go; then packed into request bodies that stay within the intake's limit. Pure.
 */
class EventBatches {

	/** The intake's body limit (EventGate's and mp-intake's): 4 MiB. */
	public const MAX_BODY_BYTES = 4194304;

	/** Deeper events are refused (the caller's data is limited to 16 levels in the browser). */
	public const MAX_DEPTH = 64;

	/**
	 * @param mixed $event
	 * @return array{json:string}|array{problem:string}
	 */
	public static function encode( $event ): array {
		try {
			$json = json_encode( $event, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_THROW_ON_ERROR, self::MAX_DEPTH );
		} catch ( \JsonException $e ) {
			$reason = $e->getCode() === JSON_ERROR_DEPTH ? 'it is nested more than ' . self::MAX_DEPTH . ' levels deep' : 'it cannot be encoded as JSON (' . $e->getMessage() . ')';
			return [ 'problem' => $reason ];
		}
		// One event must fit in a body of its own: "[" . $json . "]".
		if ( strlen( $json ) + 2 > self::MAX_BODY_BYTES ) {
			return [ 'problem' => 'it is ' . strlen( $json ) . ' bytes of JSON, more than the intake accepts in one request (' . self::MAX_BODY_BYTES . ')' ];
		}
		return [ 'json' => $json ];
	}

	/**
	 * Packs encoded events, in order, into JSON array bodies of at most $maxBytes each.
	 *
	 * @param string[] $encoded from encode(), each at most $maxBytes - 2 long
	 * @param int $maxBytes
	 * @return array<int,array{body:string,count:int}>
	 */
	public static function pack( array $encoded, int $maxBytes = self::MAX_BODY_BYTES ): array {
		$bodies = [];
		$current = [];
		$size = 2;
		foreach ( $encoded as $json ) {
			$add = strlen( $json ) + ( $current ? 1 : 0 );
			if ( $current && $size + $add > $maxBytes ) {
				$bodies[] = [ 'body' => '[' . implode( ',', $current ) . ']', 'count' => count( $current ) ];
				$current = [];
				$size = 2;
				$add = strlen( $json );
			}
			$current[] = $json;
			$size += $add;
		}
		if ( $current ) {
			$bodies[] = [ 'body' => '[' . implode( ',', $current ) . ']', 'count' => count( $current ) ];
		}
		return $bodies;
	}
}
