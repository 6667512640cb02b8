<?php
/**
 * The control plane's save rules (includes/ControlPlane/DefinitionValidator and Definition) in plain
 * PHP, with the JSON Schema library MediaWiki 1.39 ships (justinrainbow/json-schema from
 * /usr/share/mediawiki/vendor, or MW_VENDOR): `php tests/php/controlplane.php`. Prints TAP and a
 * closing line "N passed, N failed".
 */

use MediaWiki\Extension\MetricsPlatform\ControlPlane\CorsOrigins;
use MediaWiki\Extension\MetricsPlatform\ControlPlane\Definition;
use MediaWiki\Extension\MetricsPlatform\ControlPlane\DefinitionValidator;
use MediaWiki\Extension\MetricsPlatform\Core\ContextAttributes;
use MediaWiki\Extension\MetricsPlatform\IntakeReadClient;

require ( getenv( 'MW_VENDOR' ) ?: '/usr/share/mediawiki/vendor' ) . '/autoload.php';
require_once __DIR__ . '/harness.php';


$now = gmmktime( 12, 0, 0, 11, 30, 2026 );
$validator = new DefinitionValidator( [ 'sensitiveAttributes' => [ 'performer_name', 'agent_ua_string' ], 'maxDurationDays' => 365 ] );
$instrument = [
	'kind' => 'instrument', 'name' => 'edit.button', 'description' => 'Clicks.', 'owner' => 'Team', 'status' => 'on',
	'start' => '2026-11-01T00:00:00Z', 'end' => '2027-03-01T00:00:00+01:00', 'stream' => 'mediawiki.edit_button',
	'schema_id' => '/analytics/product_metrics/web/base/1.3.0', 'sample' => [ 'unit' => 'session', 'percent' => 12.5 ],
	'provide_values' => [ 'page_id', 'mediawiki_skin' ],
];
/** Problems as "field rule" strings. */
function summary( array $problems ): array {
	return array_map( static function ( $p ) {
		return $p['field'] . ' ' . $p['rule'];
	}, $problems );
}
function problemsOf( array $changes, array $remove = [] ): array {
	global $validator, $instrument, $now;
	$d = array_merge( $instrument, $changes );
	foreach ( $remove as $k ) {
		unset( $d[$k] );
	}
	return summary( $validator->problems( $d, 'edit.button', $now ) );
}

check( problemsOf( [] ) === [], 'a complete instrument is accepted', json_encode( problemsOf( [] ) ) );

// Each case: the change, and exactly the problems expected (written by hand from the schema's rules).
$cases = [
	[ 'no end', [], [ 'end' ], [ 'end required' ] ],
	[ 'no owner', [], [ 'owner' ], [ 'owner required' ] ],
	[ 'a misspelt field', [ 'sampel' => 1 ], [], [ 'sampel unknown-field' ] ],
	[ 'percent above 100', [ 'sample' => [ 'unit' => 'session', 'percent' => 100.5 ] ], [], [ 'sample.percent maximum' ] ],
	[ 'negative percent', [ 'sample' => [ 'unit' => 'session', 'percent' => -1 ] ], [], [ 'sample.percent minimum' ] ],
	[ 'percent as a string', [ 'sample' => [ 'unit' => 'session', 'percent' => '10' ] ], [], [ 'sample.percent type' ] ],
	[ 'an unknown unit', [ 'sample' => [ 'unit' => 'user', 'percent' => 1 ] ], [], [ 'sample.unit enum' ] ],
	[ 'an unknown attribute', [ 'provide_values' => [ 'page_id', 'performer_shoe_size' ] ], [], [ 'provide_values.1 enum' ] ],
	[ 'an attribute twice', [ 'provide_values' => [ 'page_id', 'page_id' ] ], [], [ 'provide_values unique-items' ] ],
	[ 'status yes', [ 'status' => 'yes' ], [], [ 'status enum' ] ],
	[ 'a date without offset', [ 'end' => '2027-01-01T00:00:00' ], [], [ 'end date-time' ] ],
	[ 'a date only', [ 'start' => '2026-11-01' ], [], [ 'start date-time' ] ],
	[ 'February 30', [ 'end' => '2027-02-30T00:00:00Z' ], [], [ 'end date-time' ] ],
	[ 'hour 24', [ 'end' => '2027-01-01T24:00:00Z' ], [], [ 'end date-time' ] ],
	[ 'end before start', [ 'end' => '2026-10-01T00:00:00Z' ], [], [ 'end end-before-start' ] ],
	[ 'end equal to start', [ 'end' => '2026-11-01T00:00:00Z' ], [], [ 'end end-before-start' ] ],
	[ 'longer than 365 days', [ 'end' => '2027-11-01T00:00:01Z' ], [], [ 'end duration' ] ],
	[ 'exactly 365 days', [ 'end' => '2027-11-01T00:00:00Z' ], [], [] ],
	[ 'no start: measured from now', [ 'end' => '2027-12-01T00:00:00Z' ], [ 'start' ], [ 'end duration' ] ],
	[ 'the name is not the title', [ 'name' => 'edit.buttons' ], [], [ 'name name-title' ] ],
	[ 'a review link that is not http', [ 'privacy_review' => 'javascript:alert(1)' ], [], [ 'privacy_review url' ] ],
	[ 'retention 0 days', [ 'retention_days' => 0 ], [], [ 'retention_days minimum' ] ],
	[ 'a table with a column tagged "secret"', [ 'tables' => [ [ 'name' => 'clicks', 'columns' => [ [ 'path' => 'page.id', 'privacy' => 'secret' ] ] ] ] ], [], [ 'tables.0.columns.0.privacy enum' ] ],
	[ 'a table without columns', [ 'tables' => [ [ 'name' => 'clicks', 'columns' => [] ] ] ], [], [ 'tables.0.columns min-items' ] ],
	[ 'a table column named like a system column', [ 'tables' => [ [ 'name' => 'clicks', 'columns' => [ [ 'path' => 'page.id', 'name' => 'day' ] ] ] ] ], [], [ 'tables.0.columns.0.name schema' ] ],
	[ 'a complete table', [ 'tables' => [ [ 'name' => 'clicks', 'description' => 'Clicks.', 'columns' => [ [ 'path' => 'page.id' ], [ 'path' => 'performer.session_id', 'privacy' => 'hash', 'type' => 'string' ] ], 'filter' => [ 'performer.is_bot' => [ 'not_equals' => true ], 'action' => [ 'in' => [ 'click' ] ] ], 'dedupe' => true, 'partition' => 'day' ] ] ], [], [] ],
	[ 'a table with data-quality checks', [ 'tables' => [ [ 'name' => 'clicks', 'columns' => [ [ 'path' => 'page.id' ] ], 'checks' => [ [ 'check' => 'not_null', 'column' => 'page_id', 'tolerated_share' => 0.01 ], [ 'check' => 'volume', 'max_ratio' => 3 ], [ 'check' => 'accepted_values', 'column' => 'page_id', 'values' => [ 1, 'x', true ] ] ] ] ] ], [], [] ],
	[ 'a check of an unknown kind', [ 'tables' => [ [ 'name' => 'clicks', 'columns' => [ [ 'path' => 'page.id' ] ], 'checks' => [ [ 'check' => 'looks_fine' ] ] ] ] ], [], [ 'tables.0.checks.0.check enum' ] ],
	[ 'a check with a field no check has', [ 'tables' => [ [ 'name' => 'clicks', 'columns' => [ [ 'path' => 'page.id' ] ], 'checks' => [ [ 'check' => 'unique', 'column' => 'page_id', 'strict' => true ] ] ] ] ], [], [ 'tables.0.checks.0.strict unknown-field' ] ],
	[ 'a stream name with spaces', [ 'stream' => 'my stream' ], [], [ 'stream pattern' ] ],
	[ 'curation on an unknown operator', [ 'curation' => [ 'page_id' => [ 'roughly' => 3 ] ] ], [], [ 'curation runtime' ] ],
	[ 'an experiment field on an instrument', [ 'traffic_percent' => 5 ], [], [ 'traffic_percent unknown-field' ] ],
	// The privacy gate.
	[ 'performer_name, no risk, no review', [ 'provide_values' => [ 'performer_name' ] ], [], [ 'risk sensitive-risk', 'privacy_review sensitive-review' ] ],
	[ 'performer_name, risk low, review', [ 'provide_values' => [ 'performer_name' ], 'risk' => 'low', 'privacy_review' => 'https://x.org/r' ], [], [ 'risk sensitive-risk' ] ],
	[ 'performer_name, risk medium, no review', [ 'provide_values' => [ 'performer_name' ], 'risk' => 'medium' ], [], [ 'privacy_review sensitive-review' ] ],
	[ 'performer_name, risk high, review', [ 'provide_values' => [ 'performer_name' ], 'risk' => 'high', 'privacy_review' => 'https://x.org/r' ], [], [] ],
	[ 'two sensitive attributes: one pair of errors each', [ 'provide_values' => [ 'agent_ua_string', 'performer_name' ] ], [], [ 'risk sensitive-risk', 'privacy_review sensitive-review', 'risk sensitive-risk', 'privacy_review sensitive-review' ] ],
];
foreach ( $cases as [ $name, $changes, $remove, $expected ] ) {
	$got = problemsOf( $changes, $remove );
	check( $got === $expected, "refused: $name", 'got ' . json_encode( $got ) );
}

check( summary( $validator->problems( [ 'kind' => 'stream' ] ) ) === [ 'kind enum' ], 'an unknown kind', json_encode( summary( $validator->problems( [ 'kind' => 'stream' ] ) ) ) );
check( summary( $validator->problems( [ 1, 2 ] ) ) === [ '(definition) type' ], 'a list is not a definition' );

$experiment = [
	'kind' => 'experiment', 'name' => 'sticky-header-2', 'description' => 'Sticky header.', 'owner' => 'Web', 'status' => 'on',
	'end' => '2027-01-01T00:00:00Z', 'unit' => 'user', 'traffic_percent' => 50, 'groups' => [ [ 'name' => 'control' ], [ 'name' => 'treatment', 'weight' => 3 ] ],
];
check( $validator->problems( $experiment, 'sticky-header-2', $now ) === [], 'a complete experiment is accepted', json_encode( $validator->problems( $experiment, null, $now ) ) );
$short = array_merge( $experiment, [ 'name' => 'short' ] );
check( summary( $validator->problems( $short, 'short', $now ) ) === [ 'experiment runtime' ], 'an experiment name the runtime refuses (under 8 characters)' );
$twice = array_merge( $experiment, [ 'groups' => [ [ 'name' => 'a' ], [ 'name' => 'a' ] ] ] );
check( summary( $validator->problems( $twice, null, $now ) ) === [ 'experiment runtime' ], 'a group named twice' );
$flag = [
	'kind' => 'flag', 'name' => 'new-toolbar', 'description' => 'Toolbar.', 'owner' => 'Editing', 'status' => 'on', 'end' => '2027-01-01T00:00:00Z',
	'type' => 'boolean', 'default' => false, 'rollout' => [ 'percent' => 5, 'unit' => 'session', 'value' => true ],
];
check( $validator->problems( $flag, 'new-toolbar', $now ) === [], 'a complete flag is accepted', json_encode( $validator->problems( $flag, null, $now ) ) );
check( summary( $validator->problems( array_merge( $flag, [ 'default' => 'no' ] ), null, $now ) ) === [ 'flag runtime' ], 'a flag default of the wrong type' );

// The schema's attribute list is the runtime's.
$schema = json_decode( file_get_contents( DefinitionValidator::SCHEMA_FILE ), true );
check( $schema['definitions']['attribute']['enum'] === ContextAttributes::NAMES, 'the schema lists exactly the contextual attributes of ContextAttributes::NAMES' );

// States and runtime forms.
$d = new Definition( $instrument );
$states = [
	$d->state( gmmktime( 0, 0, 0, 10, 31, 2026 ) ), $d->state( gmmktime( 0, 0, 0, 11, 1, 2026 ) ),
	$d->state( gmmktime( 22, 59, 59, 2, 28, 2027 ) ), $d->state( gmmktime( 23, 0, 0, 2, 28, 2027 ) ),
	( new Definition( array_merge( $instrument, [ 'status' => 'off' ] ) ) )->state( $now ),
];
check( $states === [ 'scheduled', 'active', 'active', 'expired', 'off' ], 'state: scheduled before the start, active from it, expired at the end (offset +01:00), off', json_encode( $states ) );
$config = $d->streamConfig();
check( $config['sample'] === [ 'unit' => 'session', 'rate' => 0.125 ] && $config['schema_title'] === 'analytics/product_metrics/web/base'
	&& $config['producers']['metrics_platform_client']['provide_values'] === [ 'page_id', 'mediawiki_skin' ] && $config['control_plane']['retention_days'] === 90,
	'stream config: 12.5 % → rate 0.125, schema title, attributes, retention 90 days by default', json_encode( $config ) );
check( $config['retention_days'] === 90, 'stream config: retention_days at the top level too (what the intake purge reads), 90 by default', json_encode( $config ) );
$kept = ( new Definition( array_merge( $instrument, [ 'retention_days' => 30 ] ) ) )->streamConfig();
check( $kept['retention_days'] === 30 && $kept['control_plane']['retention_days'] === 30, 'stream config: a declared retention_days is passed through', json_encode( $kept ) );
$tables = [ [ 'name' => 'clicks', 'columns' => [ [ 'path' => 'page.id' ] ] ] ];
$withTables = ( new Definition( array_merge( $instrument, [ 'tables' => $tables, 'retention_days' => 30 ] ) ) )->streamConfig();
check( $withTables['tables'] === $tables && $withTables['control_plane']['retention_days'] === 30 && !isset( $config['tables'] ),
	'stream config: the tables and the retention reach the intake as they are', json_encode( $withTables ) );
$f = ( new Definition( $flag ) )->flagConfig();
check( $f['rollout'] === [ 'rate' => 0.05, 'unit' => 'session', 'value' => true ] && $f['enabled'] === true, 'flag: rollout percent → rate, status on → enabled', json_encode( $f ) );

// The intake's activity for the detail page: events received (meta.dt) in the 24 hours before now.
$at = static function ( int $secondsAgo ) use ( $now ) {
	return [ 'action' => 'click', 'meta' => [ 'dt' => gmdate( 'Y-m-d\TH:i:s.000\Z', $now - $secondsAgo ) ] ];
};
$events = [ $at( 0 ), $at( 3600 ), $at( 86399 ), $at( 86400 ), $at( 90000 ), [ 'meta' => [] ], [ 'meta' => [ 'dt' => 'yesterday-ish' ] ] ];
$activity = IntakeReadClient::activityOf( $events, $now, 2 );
check( $activity['count'] === 3 && $activity['atLeast'] === false && count( $activity['last'] ) === 2,
	'intake activity: 3 of the events received within 24 h (one at 24 h exactly is not), the newest 2 kept; events without a time are not counted', json_encode( $activity ) );
$full = IntakeReadClient::activityOf( array_fill( 0, IntakeReadClient::COUNT_LIMIT, $at( 10 ) ), $now, 0 );
check( $full['count'] === 1000 && $full['atLeast'] === true && $full['last'] === [], 'intake activity: when every event read is recent, the count is a lower bound', json_encode( [ $full['count'], $full['atLeast'] ] ) );

// CORS of action=metricsplatformconfig: configured origins only.
$origins = [ 'https://tools.example.org', 'http://127.0.0.1:8000/' ];
$corsCases = [
	[ 'https://tools.example.org', $origins, 'https://tools.example.org' ],
	[ 'HTTPS://TOOLS.EXAMPLE.ORG', $origins, 'HTTPS://TOOLS.EXAMPLE.ORG' ],
	[ 'http://127.0.0.1:8000', $origins, 'http://127.0.0.1:8000' ],
	[ 'https://evil.example.org', $origins, null ],
	[ 'https://tools.example.org.evil.org', $origins, null ],
	[ 'http://tools.example.org', $origins, null ],
	[ 'https://tools.example.org https://evil.example.org', $origins, null ],
	[ 'null', $origins, null ],
	[ false, $origins, null ],
	[ 'https://tools.example.org', [], null ],
	[ 'https://anything.example', [ '*' ], '*' ],
	[ 'null', [ '*' ], null ],
];
foreach ( $corsCases as [ $header, $configured, $expected ] ) {
	$got = CorsOrigins::allowed( $header, $configured );
	check( $got === $expected, 'CORS: ' . json_encode( $header, JSON_UNESCAPED_SLASHES ) . ' with ' . json_encode( $configured, JSON_UNESCAPED_SLASHES ) . ' → ' . json_encode( $expected, JSON_UNESCAPED_SLASHES ), 'got ' . json_encode( $got ) );
}

finish();
