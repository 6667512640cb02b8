<?php
/**
 * The JSON contract, run against the PHP client (includes/Core): the same vectors as the TypeScript
 * suites. Plain PHP, no MediaWiki needed: `php tests/php/contract.php`. Prints TAP and a closing
 * line "N passed, N failed".
 */

use MediaWiki\Extension\MetricsPlatform\Core\Client;
use MediaWiki\Extension\MetricsPlatform\Core\ContextAttributes;
use MediaWiki\Extension\MetricsPlatform\Core\Curation;
use MediaWiki\Extension\MetricsPlatform\Core\Experiments;
use MediaWiki\Extension\MetricsPlatform\Core\Ordering;
use MediaWiki\Extension\MetricsPlatform\Core\Sampling;
use MediaWiki\Extension\MetricsPlatform\Core\StreamConfig;

require_once __DIR__ . '/harness.php';

$fixtures = __DIR__ . '/../fixtures/';
$load = static fn ( $name ) => json_decode( file_get_contents( $fixtures . $name ), true, 512, JSON_THROW_ON_ERROR );

/** JSON objects as assoc arrays, compared as JSON: key order does not matter, types do. */
function canonical( $value ) {
	if ( is_array( $value ) ) {
		if ( !\MediaWiki\Extension\MetricsPlatform\Core\JsonList::is( $value ) ) {
			ksort( $value );
		}
		return array_map( 'canonical', $value );
	}
	return is_float( $value ) && floor( $value ) === $value && abs( $value ) < 1e15 ? (int)$value : $value;
}
function same( $a, $b ): bool {
	return json_encode( canonical( $a ) ) === json_encode( canonical( $b ) );
}

// Sampling.
foreach ( $load( 'sampling.json' )['vectors'] as $v ) {
	$got = Sampling::isTokenInSample( $v['token'], $v['sample'] ?? null );
	check( $got === $v['in_sample'], "sampling: {$v['note']} {$v['token']}", 'got ' . json_encode( $got ) );
}

// Curation.
foreach ( $load( 'curation.json' )['vectors'] as $v ) {
	$got = Curation::failedRule( $v['event'], $v['curation'] ) === null;
	check( $got === $v['passes'], "curation: {$v['note']}" );
}

// Attribute selection (the vectors describe the browser client, whose platform default is mediawiki_js).
foreach ( $load( 'attributes.json' )['vectors'] as $v ) {
	$event = [];
	ContextAttributes::addTo( $v['context'], $v['provide_values'], $event, 'mediawiki_js' );
	check( same( $event, $v['expected'] ), "attributes: {$v['note']}", json_encode( $event ) );
}

// Edit-count buckets at the boundaries.
foreach ( [ 0 => '0 edits', 1 => '1-4 edits', 4 => '1-4 edits', 5 => '5-99 edits', 99 => '5-99 edits', 100 => '100-999 edits', 999 => '100-999 edits', 1000 => '1000+ edits' ] as $count => $label ) {
	check( ContextAttributes::editCountBucket( $count ) === $label, "edit count bucket of $count" );
}

// Whole events, replayed call by call.
function replay( $target, array $calls ): void {
	foreach ( $calls as $call ) {
		$result = $target->{$call['method']}( ...$call['args'] );
		if ( isset( $call['calls'] ) ) {
			replay( $result, $call['calls'] );
		}
	}
}
foreach ( $load( 'events.json' )['vectors'] as $v ) {
	$sent = [];
	$context = $v['context'];
	$client = new Client(
		$v['stream_configs'],
		$v['domain'],
		static fn () => $context,
		static fn ( $unit, $ctx ) => $ctx['performer'][$unit . '_id'] ?? 'eeeeeeeeeeeeeeeeeeee',
		static fn () => 1795435200005.0,
		static fn () => '00000000-0000-4000-8000-000000000000',
		static function ( $event ) use ( &$sent ) {
			unset( $event['dt'], $event['meta']['id'] );
			$sent[] = $event;
		},
		static fn ( $message ) => null,
		'mediawiki_js'
	);
	replay( $client, $v['calls'] );
	check( same( $sent, $v['expected_events'] ), "events: {$v['note']}", json_encode( $sent ) );
}

// String limits in code points (as JSON Schema's maxLength counts), for every limited field.
$lengths = $load( 'string-lengths.json' );
foreach ( $lengths['vectors'] as $v ) {
	$value = implode( '', array_map( static fn ( $part ) => str_repeat( $part[0], $part[1] ), $v['parts'] ) );
	$sent = [];
	$client = new Client( false, null, static fn () => [], static fn () => null, static fn () => 0.0, static fn () => 'id',
		static function ( $e ) use ( &$sent ) {
			$sent[] = $e;
		}, static fn ( $m ) => null );
	if ( $v['field'] === 'action' ) {
		$client->submitInteraction( 's', $lengths['schema'], $value, [ 'action_source' => 'x' ] );
	} else {
		$client->submitInteraction( 's', $lengths['schema'], 'click', [ $v['field'] => $value ] );
	}
	check( count( $sent ) === ( $v['valid'] ? 1 : 0 ), "string length: {$v['field']} {$v['note']}" );
}

// String order: code points (the order of UTF-8 bytes), in curation's ordering operators too.
foreach ( $load( 'ordering.json' )['vectors'] as $v ) {
	$label = json_encode( $v['a'], JSON_UNESCAPED_UNICODE ) . ' vs ' . json_encode( $v['b'], JSON_UNESCAPED_UNICODE );
	check( Ordering::compare( $v['a'], $v['b'] ) === $v['order'], "ordering: $label {$v['note']}" );
	$expected = [ 'less_than' => $v['order'] < 0, 'greater_than' => $v['order'] > 0, 'less_than_or_equals' => $v['order'] <= 0, 'greater_than_or_equals' => $v['order'] >= 0 ];
	$agree = true;
	foreach ( $expected as $operator => $passes ) {
		$agree = $agree && Curation::passes( $v['a'], $operator, $v['b'] ) === $passes;
	}
	check( $agree, "ordering: curation operators on $label" );
}

// Flag rollouts at many rates: sha256( subject . "flag:" . key ).
$wrong = 0;
$rollouts = $load( 'rollout.json' )['vectors'];
foreach ( $rollouts as $v ) {
	$flag = [ 'type' => 'boolean', 'default' => false, 'rollout' => [ 'rate' => $v['rate'], 'unit' => $v['unit'], 'value' => true ] ];
	$got = Experiments::evaluateFlag( $v['key'], $flag, [], [ $v['unit'] => $v['subject'] ] );
	if ( Experiments::flagProblem( $v['key'], $flag ) !== null || $got !== $v['rolled_out'] ) {
		$wrong++;
		check( false, "rollout: {$v['key']} {$v['unit']} {$v['subject']} at {$v['rate']}", json_encode( $got ) );
	}
}
check( $wrong === 0 && count( $rollouts ) >= 600, 'rollout: ' . count( $rollouts ) . ' shared vectors, all equal' );

// Upstream consistency scenario, without mediawiki_is_production and mediawiki_is_debug_mode, which
// the web/base schema has no field for (a stream asking for them is refused: drift not copied).
$integration = $load( 'upstream-consistency/integration_data.json' );
$domain = $integration['hostname'];
unset( $integration['hostname'] );
$consistencyConfigs = $load( 'upstream-consistency/stream_configs.json' );
$consistencyProvided = &$consistencyConfigs['streams']['test.consistency']['producers']['metrics_platform_client']['provide_values'];
$consistencyProvided = array_values( array_diff( $consistencyProvided, [ 'mediawiki_is_production', 'mediawiki_is_debug_mode' ] ) );
unset( $consistencyProvided );
$consistencyExpected = $load( 'upstream-consistency/expected_event.json' );
unset( $consistencyExpected['mediawiki']['is_production'], $consistencyExpected['mediawiki']['is_debug_mode'] );
$sent = [];
$client = new Client(
	$consistencyConfigs, $domain, static fn () => $integration,
	static fn ( $unit, $ctx ) => $ctx['performer'][$unit . '_id'] ?? null, static fn () => 0.0,
	static fn () => 'id', static function ( $e ) use ( &$sent ) {
		$sent[] = $e;
	}, static fn ( $m ) => null, 'mediawiki_js'
);
$client->submitInteraction( 'test.consistency', '/analytics/product_metrics/web/base/1.5.0', 'test_consistency_event', [ 'test' => 'consistency' ] );
$event = $sent[0] ?? [];
check( ( $event['dt'] ?? '' ) === '1970-01-01T00:00:00.000Z', 'consistency: dt is ISO-8601 with milliseconds' );
unset( $event['dt'], $event['sample'], $event['meta']['id'] );
check( same( $event, $consistencyExpected ), 'consistency: the upstream expected event', json_encode( $event ) );
$refusing = StreamConfig::parse( [ 's' => [ 'producers' => [ 'metrics_platform_client' => [ 'provide_values' => [ 'page_id', 'mediawiki_is_production' ] ] ] ] ] );
check( strpos( $refusing['problems']['s'] ?? '', 'mediawiki_is_production' ) !== false, 'a stream asking for an attribute the schema has no field for is refused, naming it' );

// Browser reduction of stream configs: only sample, producers.metrics_platform_client, schema_id.
$reduced = StreamConfig::forBrowser( [ 's' => [ 'sample' => [ 'rate' => 1, 'unit' => 'session' ], 'schema_title' => 'x', 'destination_event_service' => 'y', 'producers' => [ 'metrics_platform_client' => [ 'events' => [ 'a' ] ], 'eventgate' => [ 'x' => 1 ] ] ] ] );
check( same( $reduced, [ 's' => [ 'sample' => [ 'rate' => 1, 'unit' => 'session' ], 'producers' => [ 'metrics_platform_client' => [ 'events' => [ 'a' ] ] ] ] ] ), 'stream configs reduced for browsers' );

// Invalid streams are disabled with a reason naming the field.
$parsed = StreamConfig::parse( [ 'bad' => [ 'sample' => [ 'rate' => 2, 'unit' => 'session' ] ], 'good' => [] ] );
check( isset( $parsed['streams']['good'] ) && strpos( $parsed['problems']['bad'] ?? '', 'sample.rate' ) !== false, 'invalid stream disabled, valid one kept' );

// Experiment assignment: the shared vectors (≥ 1,000, with weights and rates).
$wrong = 0;
$vectors = $load( 'assignment.json' )['vectors'];
foreach ( $vectors as $v ) {
	$got = Experiments::assign( $v['subject'], $v['experiment'], $v['rate'], $v['groups'] );
	if ( $got['enrolled'] !== $v['enrolled'] || $got['group'] !== $v['group'] ) {
		$wrong++;
		check( false, "assignment: {$v['subject']} {$v['experiment']} {$v['rate']}", json_encode( $got ) );
	}
}
check( $wrong === 0 && count( $vectors ) >= 1000, 'assignment: ' . count( $vectors ) . ' shared vectors, all equal' );

// Monotone rollouts: raising the rate never removes a subject nor changes its group.
$moved = 0;
for ( $i = 0; $i < 2000; $i++ ) {
	$groups = [ [ 'name' => 'a', 'weight' => 1 ], [ 'name' => 'b', 'weight' => 2.5 ], [ 'name' => 'c', 'weight' => 0.5 ] ];
	$low = Experiments::assign( (string)$i, 'monotone-check-1', 0.3, $groups );
	$high = Experiments::assign( (string)$i, 'monotone-check-1', 0.7, $groups );
	$moved += $low['enrolled'] && ( !$high['enrolled'] || $high['group'] !== $low['group'] ) ? 1 : 0;
}
check( $moved === 0, 'assignment: monotone from rate 0.3 to 0.7 over 2,000 subjects' );

// Experiment and flag evaluation, enrollment headers.
$ex = $load( 'experiments.json' );
foreach ( $ex['experiments'] as $v ) {
	check( Experiments::experimentProblem( $v['name'], $v['config'] ) === null, "experiment valid: {$v['note']}" );
	$got = Experiments::evaluateExperiment( $v['name'], $v['config'], Experiments::targetingView( $v['context'] ), $v['subjects'], strtotime( $v['now'] ) * 1000.0 );
	check( $got['enrolled'] === $v['enrolled'], "experiment: {$v['note']}" );
}
foreach ( $ex['flags'] as $v ) {
	check( Experiments::flagProblem( $v['key'], $v['config'] ) === null, "flag valid: {$v['note']}" );
	check( same( Experiments::evaluateFlag( $v['key'], $v['config'], Experiments::targetingView( $v['context'] ), $v['subjects'] ), $v['value'] ), "flag: {$v['note']}" );
}
foreach ( $ex['enrollment_headers'] as $v ) {
	check( same( Experiments::parseEnrollmentHeader( $v['header'] ), $v['parsed'] ), 'enrollment header: ' . json_encode( $v['header'] ) );
}

finish();
