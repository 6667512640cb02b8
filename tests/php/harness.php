<?php
/**
 * What the plain-PHP test scripts share: the extension's class autoloader (no MediaWiki needed),
 * TAP output through check(), and the closing "1..N" and "N passed, N failed" lines of finish().
 */

spl_autoload_register( static function ( $class ) {
	$prefix = 'MediaWiki\\Extension\\MetricsPlatform\\';
	if ( strpos( $class, $prefix ) === 0 ) {
		require __DIR__ . '/../../includes/' . str_replace( '\\', '/', substr( $class, strlen( $prefix ) ) ) . '.php';
	}
} );

$passed = 0;
$failed = 0;
$n = 0;

/**
 * Records one TAP result; a failure's detail is printed on one comment line.
 *
 * @param bool $ok
 * @param string $name
 * @param string $detail
 */
function check( bool $ok, string $name, string $detail = '' ): void {
	global $passed, $failed, $n;
	$n++;
	if ( $ok ) {
		$passed++;
		echo "ok $n - $name\n";
	} else {
		$failed++;
		echo "not ok $n - $name\n" . ( $detail !== '' ? '  # ' . str_replace( "\n", ' ', $detail ) . "\n" : '' );
	}
}

/**
 * Prints the plan and the closing counts, and exits 1 when anything failed.
 */
function finish(): void {
	global $passed, $failed, $n;
	echo "1..$n\n$passed passed, $failed failed\n";
	exit( $failed ? 1 : 0 );
}
