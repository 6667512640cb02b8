<?php

use MediaWiki\Extension\MetricsPlatform\Core\Curation;
use PHPUnit\Framework\TestCase;

/**
 * What changed when the PHP 8.0 string functions were replaced for PHP 7.4.
 *
 * @covers \MediaWiki\Extension\MetricsPlatform\Core\Curation
 */
class CurationTest extends TestCase {

	public function provideContains(): array {
		// As JavaScript's String.prototype.includes and PHP 8's str_contains answer.
		return [
			[ 'contains', 'editing', 'dit', true ],
			[ 'contains', 'editing', 'x', false ],
			[ 'contains', 'editing', '', true ],
			[ 'contains', '', '', true ],
			[ 'does_not_contain', 'editing', 'dit', false ],
			[ 'does_not_contain', 'editing', 'x', true ],
			[ 'does_not_contain', 'editing', '', false ],
		];
	}

	/**
	 * @dataProvider provideContains
	 * @param string $operator
	 * @param string $value
	 * @param string $operand
	 * @param bool $passes
	 */
	public function testStringContains( string $operator, string $value, string $operand, bool $passes ): void {
		$this->assertSame( $passes, Curation::passes( $value, $operator, $operand ) );
	}
}
