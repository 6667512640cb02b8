<?php
/**
 * The date vectors (tests/fixtures/dates.json) against the PHP client: which definition dates are
 * refused, the instant each valid one names, and experiment windows. build/test.mjs runs this under
 * several date.timezone values; the answers must not change. Prints TAP and "N passed, N failed".
 * Usage: php -d date.timezone=Asia/Kolkata tests/php/dates.php
 */

use MediaWiki\Extension\MetricsPlatform\ControlPlane\DefinitionValidator;
use MediaWiki\Extension\MetricsPlatform\Core\Experiments;
use MediaWiki\Extension\MetricsPlatform\Core\Rfc3339;

require_once __DIR__ . '/harness.php';

$vectors = json_decode( file_get_contents( __DIR__ . '/../fixtures/dates.json' ), true, 512, JSON_THROW_ON_ERROR );
$zone = date_default_timezone_get();

$dated = static fn ( $start, $end ) => [ 'status' => 'on', 'unit' => 'session', 'rate' => 1, 'groups' => [ 'only' ], 'start' => $start, 'end' => $end ];
echo "# date.timezone $zone\n";
foreach ( $vectors['dates'] as $v ) {
	$label = json_encode( $v['value'], JSON_UNESCAPED_UNICODE );
	$got = Rfc3339::parse( $v['value'] );
	check( $got === $v['epoch_ms'], "dates ($zone): $label {$v['note']}", 'got ' . json_encode( $got ) );
	if ( is_string( $v['value'] ) ) {
		// Definition pages (the control plane) read their dates by the same rule, in Unix seconds.
		$seconds = DefinitionValidator::parseTime( $v['value'] );
		check( $seconds === ( $v['valid'] ? (int)floor( $v['epoch_ms'] / 1000 ) : null ), "dates ($zone): definition page $label", 'got ' . json_encode( $seconds ) );
	}
	foreach ( [ 'start', 'end' ] as $field ) {
		$definition = $dated( null, null );
		$definition[$field] = $v['value'];
		$problem = Experiments::experimentProblem( 'dated-experiment-1', $definition );
		check( $v['valid'] ? $problem === null : ( $problem !== null && strpos( $problem, "$field " ) === 0 && strpos( $problem, 'RFC 3339' ) !== false ),
			"dates ($zone): $field $label " . ( $v['valid'] ? 'accepted' : 'refused, naming the field' ), (string)$problem );
	}
}
foreach ( $vectors['windows'] as $v ) {
	$definition = $dated( $v['start'], $v['end'] );
	check( Experiments::experimentProblem( 'dated-experiment-1', $definition ) === null, "window ($zone) valid: {$v['note']}" );
	$got = Experiments::evaluateExperiment( 'dated-experiment-1', $definition, [], [ 'session' => 'aaaaaaaaaaaaaaaaaaaa' ], (float)$v['now_ms'] );
	check( $got['enrolled'] === $v['enrolled'], "window ($zone): {$v['note']}" );
}

finish();
