<?php

use MediaWiki\Extension\MetricsPlatform\Core\JsonList;
use PHPUnit\Framework\TestCase;

/**
 * @covers \MediaWiki\Extension\MetricsPlatform\Core\JsonList
 */
class JsonListTest extends TestCase {

	public function provideArrays(): array {
		return [
			'empty' => [ [], true ],
			'list' => [ [ 'a', 'b' ], true ],
			'keys out of order' => [ [ 1 => 'b', 0 => 'a' ], false ],
			'a gap' => [ [ 0 => 'a', 2 => 'b' ], false ],
			'string keys' => [ [ 'a' => 1 ], false ],
			'numeric-string key' => [ [ '0' => 'a', '1' => 'b' ], true ],
			'starts at 1' => [ [ 1 => 'a' ], false ],
		];
	}

	/**
	 * @dataProvider provideArrays
	 * @param array $value
	 * @param bool $expected what PHP 8.1's array_is_list() answers
	 */
	public function testIsLikeArrayIsList( array $value, bool $expected ): void {
		$this->assertSame( $expected, JsonList::is( $value ) );
	}
}
