<?php
/**
 * Safety of the wiki side in plain PHP (no MediaWiki needed): `php tests/php/safety.php [seed]`.
 * - the enrolment parsers (edge header, ?mpo=) and the header/class writers, fuzzed with generated
 *   input: never a PHP warning, only defined experiment/group pairs, never an unsafe header;
 * - the privacy rule against the shared vectors (tests/fixtures/privacy.json, also run by QUnit);
 * - server-side events encoded one by one and packed within the intake's body limit;
 * - the POST's total deadline against a local intake that trickles, one that never reads, one that answers;
 * - the PHP client's public calls for any argument.
 * Prints TAP and a closing line "N passed, N failed".
 */

use MediaWiki\Extension\MetricsPlatform\Core\Client;
use MediaWiki\Extension\MetricsPlatform\Core\Enrollment;
use MediaWiki\Extension\MetricsPlatform\Core\EventBatches;
use MediaWiki\Extension\MetricsPlatform\Core\Instrument;
use MediaWiki\Extension\MetricsPlatform\Core\PrivacyDecision;
use MediaWiki\Extension\MetricsPlatform\Core\WebBaseSchema;
use MediaWiki\Extension\MetricsPlatform\DeadlinePost;

spl_autoload_register( static function ( $class ) {
	$prefix = 'MediaWiki\\Extension\\MetricsPlatform\\';
	if ( strpos( $class, $prefix ) === 0 ) {
		require __DIR__ . '/../../includes/' . str_replace( '\\', '/', substr( $class, strlen( $prefix ) ) ) . '.php';
	}
} );

$passed = 0;
$failed = 0;
$n = 0;
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

/** Runs $fn and returns [ result, warnings, exception message ]. */
function observe( callable $fn ): array {
	$warnings = [];
	set_error_handler( static function ( $no, $message ) use ( &$warnings ) {
		$warnings[] = $message;
		return true;
	} );
	try {
		return [ $fn(), $warnings, null ];
	} catch ( \Throwable $e ) {
		return [ null, $warnings, get_class( $e ) . ': ' . $e->getMessage() ];
	} finally {
		restore_error_handler();
	}
}

$seed = isset( $argv[1] ) ? (int)$argv[1] : random_int( 1, PHP_INT_MAX >> 1 );
mt_srand( $seed );
echo "# seed $seed (php tests/php/safety.php $seed repeats this run)\n";

// --- The enrolment parsers, fuzzed.
$experiments = [
	'sticky-header-2026' => [ 'status' => 'on', 'unit' => 'session', 'rate' => 1, 'groups' => [ 'control', [ 'name' => 'treatment', 'weight' => 2 ] ] ],
	'search-suggestions-v2' => [ 'status' => 'off', 'unit' => 'user', 'rate' => 0.5, 'groups' => [ 'a', 'b', 'c' ] ],
	'12345678' => [ 'status' => 'on', 'unit' => 'device', 'rate' => 1, 'groups' => [ '0', '1' ] ],
];
$names = array_merge( array_map( 'strval', array_keys( $experiments ) ), [ 'unknown-experiment', 'short', 'sticky-header-2026 ', "sticky-header-2026\n", 'STICKY-HEADER-2026' ] );
$groups = [ 'control', 'treatment', 'a', 'b', 'c', '0', '1', 'ghost', '', 'treatment ', "treatment\n", "treat\rment", "\0", 'tre;atment', 'a=b', 'a:b', "\xC3\x28", 'é' ];
$alphabet = array_merge( str_split( 'abcdefgh-_.0123456789ABZ' ), [ ';', ';', '=', '=', ':', ':', ' ', "\t", "\r", "\n", "\0", "\xFF", "\xC3", "\xA9", ',', '%0A', '"', '\\', '[]' ] );

/** A random input: free text from the alphabet, or a (mostly) well-formed list of pairs, or both. */
function generated( array $alphabet, array $names, array $groups, string $separator ): string {
	$kind = mt_rand( 0, 2 );
	$text = '';
	if ( $kind !== 1 ) {
		$length = mt_rand( 0, 1 ) ? mt_rand( 0, 40 ) : mt_rand( 0, 9000 );
		for ( $i = 0; $i < $length; $i++ ) {
			$text .= $alphabet[mt_rand( 0, count( $alphabet ) - 1 )];
		}
	}
	if ( $kind !== 0 ) {
		$parts = [];
		for ( $i = mt_rand( 0, 5 ); $i > 0; $i-- ) {
			$parts[] = $names[mt_rand( 0, count( $names ) - 1 )] . ( mt_rand( 0, 9 ) ? $separator : ( $separator === '=' ? ':' : '=' ) ) . $groups[mt_rand( 0, count( $groups ) - 1 )];
		}
		$text = implode( mt_rand( 0, 9 ) ? ';' : ';;', $parts ) . ( mt_rand( 0, 1 ) ? ';' : '' ) . ( $kind === 2 ? $text : '' );
	}
	return $text;
}

$safeToken = '/^[A-Za-z0-9][-_.A-Za-z0-9]{0,62}\z/';
$problems = [];
$accepted = [ 'edge' => 0, 'mpo' => 0 ];
$runs = 3000;
for ( $i = 0; $i < $runs; $i++ ) {
	foreach ( [ 'edge' => '=', 'mpo' => ':' ] as $parser => $separator ) {
		$input = generated( $alphabet, $names, $groups, $separator );
		[ $result, $warnings, $error ] = observe( static function () use ( $parser, $input, $experiments ) {
			return $parser === 'edge' ? Enrollment::parseEdgeHeader( $input, $experiments ) : Enrollment::parseOverrides( $input, $experiments );
		} );
		$bad = $error ?? ( $warnings ? 'warning: ' . $warnings[0] : null );
		if ( $bad === null && !( $result === null && $parser === 'edge' ) ) {
			if ( !is_array( $result ) ) {
				$bad = 'not an array';
			} else {
				foreach ( $result as $name => $group ) {
					if ( !isset( $experiments[(string)$name] ) || !Enrollment::hasGroup( $experiments[(string)$name], $group ) ) {
						$bad = "accepted $name=$group";
					}
				}
				$accepted[$parser] += count( $result );
			}
		}
		if ( $bad !== null && count( $problems ) < 5 ) {
			$problems[] = "$parser " . json_encode( substr( $input, 0, 80 ), JSON_INVALID_UTF8_SUBSTITUTE ) . ": $bad";
		}
	}
}
check( !$problems, "enrolment parsers: $runs generated edge headers and $runs ?mpo= values, no warning, no exception, only defined pairs ({$accepted['edge']} and {$accepted['mpo']} pairs accepted)", implode( ' | ', $problems ) );
check( $accepted['edge'] > 0 && $accepted['mpo'] > 0, 'the generator reaches well-formed input too' );

// Well-formed input of known pairs round-trips exactly.
$roundTrips = [];
for ( $i = 0; $i < 500; $i++ ) {
	$want = [];
	foreach ( $experiments as $name => $def ) {
		if ( mt_rand( 0, 1 ) ) {
			$g = $def['groups'][mt_rand( 0, count( $def['groups'] ) - 1 )];
			$want[(string)$name] = is_array( $g ) ? $g['name'] : $g;
		}
	}
	if ( !$want ) {
		continue;
	}
	$header = '';
	$mpo = [];
	foreach ( $want as $name => $group ) {
		$header .= "$name=$group;";
		$mpo[] = "$name:$group";
	}
	$edge = Enrollment::parseEdgeHeader( $header, $experiments );
	$over = Enrollment::parseOverrides( implode( ';', $mpo ), $experiments );
	$norm = static function ( $m ) {
		$o = [];
		foreach ( (array)$m as $k => $v ) {
			$o[(string)$k] = $v;
		}
		ksort( $o );
		return $o;
	};
	if ( $norm( $edge ) !== $norm( $want ) || $norm( $over ) !== $norm( $want ) ) {
		$roundTrips[] = $header;
	}
}
check( !$roundTrips, 'well-formed lists of defined pairs are read exactly (500 generated)', implode( ' | ', array_slice( $roundTrips, 0, 3 ) ) );

// The cases that used to slip through.
check( Enrollment::parseOverrides( 'sticky-header-2026:ghost', $experiments ) === [], '?mpo= with a group the experiment does not have: no override' );
check( Enrollment::parseOverrides( "sticky-header-2026:treatment\n", $experiments ) === [], '?mpo= whose group ends in a newline: no override (it would break the response header)' );
check( Enrollment::parseOverrides( 'unknown-experiment:control', $experiments ) === [], '?mpo= naming an undefined experiment: no override' );
check( Enrollment::parseOverrides( 'sticky-header-2026:treatment:extra', $experiments ) === [], '?mpo= with a third field: no override (strict)' );
check( Enrollment::parseOverrides( [ 'sticky-header-2026:treatment' ], $experiments ) === [], '?mpo[]= (an array): no override, no warning' );
check( Enrollment::parseEdgeHeader( 'sticky-header-2026=ghost;', $experiments ) === [], 'edge header naming an unknown group: that pair is left out' );
check( Enrollment::parseEdgeHeader( 'sticky-header-2026=treatment;bad name=x;', $experiments ) === null, 'edge header with one malformed part: void as a whole' );
check( Enrollment::parseEdgeHeader( ' sticky-header-2026=treatment ; 12345678=1; ', $experiments ) === [ 'sticky-header-2026' => 'treatment', '12345678' => '1' ], 'edge header with spaces around parts and a numeric name' );
$extension = json_decode( file_get_contents( __DIR__ . '/../../extension.json' ), true );
check( ( $extension['config']['MetricsPlatformTrustEdgeEnrollments']['value'] ?? null ) === false, 'edge enrolment is not trusted unless configured ($wgMetricsPlatformTrustEdgeEnrollments defaults to false)' );

// The writers: whatever names and values, the header is one safe line and classes are safe.
$headerProblems = [];
for ( $i = 0; $i < 2000; $i++ ) {
	$assigned = [];
	$flags = [];
	for ( $k = mt_rand( 0, 4 ); $k > 0; $k-- ) {
		$assigned[generated( $alphabet, $names, $groups, '=' )] = mt_rand( 0, 1 ) ? $groups[mt_rand( 0, count( $groups ) - 1 )] : generated( $alphabet, $names, $groups, '=' );
		$values = [ true, false, 0, 1.5, -3, 'on', "x\ny", null, [ 'a' => 1 ], 'ok-value', NAN, INF ];
		$flags[mt_rand( 0, 1 ) ? 'flag' . $k : generated( $alphabet, $names, $groups, '=' )] = $values[mt_rand( 0, count( $values ) - 1 )];
	}
	[ $header, $warnings, $error ] = observe( static function () use ( $assigned, $flags ) {
		return Enrollment::headerValue( $assigned, $flags );
	} );
	[ $classes, $w2, $e2 ] = observe( static function () use ( $assigned ) {
		return Enrollment::bodyClasses( $assigned );
	} );
	$ok = $error === null && $e2 === null && !$warnings && !$w2 && is_string( $header ) &&
		preg_match( '/^(?:[A-Za-z0-9][-_.A-Za-z0-9]{0,62}=[-_.A-Za-z0-9]+;)*\z/', $header ) === 1;
	foreach ( (array)$classes as $class ) {
		$ok = $ok && preg_match( '/^metricsplatform-experiment-[-_.A-Za-z0-9]+\z/', $class ) === 1;
	}
	if ( !$ok && count( $headerProblems ) < 3 ) {
		$headerProblems[] = json_encode( [ $header, $classes, $error, $warnings ], JSON_INVALID_UTF8_SUBSTITUTE | JSON_PARTIAL_OUTPUT_ON_ERROR );
	}
}
check( !$headerProblems, 'X-Experiment-Enrollments and body classes: 2000 generated states give one safe header line and safe classes', implode( ' | ', $headerProblems ) );

// --- One privacy rule, the same vectors as the browser's.
$privacy = json_decode( file_get_contents( __DIR__ . '/../fixtures/privacy.json' ), true );
foreach ( $privacy['vectors'] as $v ) {
	$got = PrivacyDecision::refuses( $v['dnt'], $v['gpc'] ? '1' : null, $v['opt_out'], $v['respect_signals'] );
	check( $got === $v['refuses'], "privacy: {$v['note']}", 'got ' . json_encode( $got ) );
}

// --- Server-side events: each encoded alone, bodies within the limit.
$good = [ '$schema' => '/analytics/product_metrics/web/base/1.3.0', 'action' => 'save', 'meta' => [ 'stream' => 's', 'id' => 'x' ], 'element_id' => 'é' ];
$deep = 'leaf';
for ( $i = 0; $i < 600; $i++ ) {
	$deep = [ 'd' => $deep ];
}
$cases = [
	'a string cut mid-character' => $good + [ 'action_context' => substr( 'aé', 0, 2 ) ],
	'data nested 600 deep' => $good + [ 'custom' => $deep ],
	'a 5 MB field' => $good + [ 'action_context' => str_repeat( 'x', 5 * 1024 * 1024 ) ],
];
foreach ( $cases as $what => $event ) {
	[ $result, $warnings, $error ] = observe( static function () use ( $event ) {
		return EventBatches::encode( $event );
	} );
	check( $error === null && !$warnings && isset( $result['problem'] ) && !isset( $result['json'] ), "server-side event with $what is refused alone with a reason", json_encode( [ $result['problem'] ?? null, $error, $warnings ] ) );
	echo '#   reason: ' . ( $result['problem'] ?? '' ) . "\n";
}
$encoded = EventBatches::encode( $good );
check( isset( $encoded['json'] ) && json_decode( $encoded['json'], true ) === $good, 'a good event is encoded as is (unescaped UTF-8)' );

$packProblems = [];
foreach ( [ 100, 1000, 65536 ] as $limit ) {
	$events = [];
	for ( $i = mt_rand( 0, 60 ); $i > 0; $i-- ) {
		$events[] = json_encode( [ 'n' => $i, 'pad' => str_repeat( 'p', mt_rand( 0, $limit - 20 ) ) ] );
	}
	$events = array_values( array_filter( $events, static function ( $j ) use ( $limit ) {
		return strlen( $j ) + 2 <= $limit;
	} ) );
	$bodies = EventBatches::pack( $events, $limit );
	$back = [];
	foreach ( $bodies as $b ) {
		if ( strlen( $b['body'] ) > $limit ) {
			$packProblems[] = "a body of " . strlen( $b['body'] ) . " bytes over $limit";
		}
		$decoded = json_decode( $b['body'], true );
		if ( !is_array( $decoded ) || count( $decoded ) !== $b['count'] ) {
			$packProblems[] = 'a body is not a JSON array of its count';
		}
		foreach ( (array)$decoded as $e ) {
			$back[] = json_encode( $e );
		}
	}
	if ( $back !== $events ) {
		$packProblems[] = "limit $limit: events lost or reordered";
	}
}
check( !$packProblems, 'packing: every body within the limit, a JSON array, all events in order (limits 100, 1000, 65536 B)', implode( ' | ', $packProblems ) );
check( EventBatches::MAX_BODY_BYTES === 4 * 1024 * 1024, 'the body limit is the intake\'s 4 MiB' );

// --- The POST's total deadline.
/** Starts a one-connection server in a child PHP process; returns [ process, port ]. */
function server( string $behaviour ): array {
	$code = <<<'PHP'
$s = stream_socket_server( 'tcp://127.0.0.1:0', $no, $str );
echo stream_socket_get_name( $s, false ), "\n";
fflush( STDOUT );
$c = stream_socket_accept( $s, 30 );
$mode = $argv[1];
if ( $mode === 'deaf' ) {
	sleep( 30 );
	exit;
}
$req = '';
while ( strpos( $req, "\r\n\r\n" ) === false ) {
	$req .= fread( $c, 8192 );
}
preg_match( '/content-length: (\d+)/i', $req, $m );
$body = substr( $req, strpos( $req, "\r\n\r\n" ) + 4 );
while ( strlen( $body ) < (int)$m[1] ) {
	$body .= fread( $c, 8192 );
}
$answer = "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: " . ( strlen( $body ) + 12 ) . "\r\n\r\n" . '{"received":' . $body . '}';
if ( $mode === 'trickle' ) {
	foreach ( str_split( $answer ) as $byte ) {
		fwrite( $c, $byte );
		usleep( 200000 );
	}
} else {
	fwrite( $c, $answer );
}
sleep( 1 );
PHP;
	$process = proc_open( [ PHP_BINARY, '-r', $code, $behaviour ], [ 1 => [ 'pipe', 'w' ], 2 => [ 'file', '/dev/null', 'w' ] ], $pipes );
	$address = trim( (string)fgets( $pipes[1] ) );
	return [ $process, (int)substr( $address, strrpos( $address, ':' ) + 1 ) ];
}

[ $process, $port ] = server( 'answer' );
$t = microtime( true );
$result = DeadlinePost::post( "http://127.0.0.1:$port/v1/events", '[{"a":1}]', [ 'Content-Type' => 'application/json' ], 3.0 );
check( $result['status'] === 201 && $result['body'] === '{"received":[{"a":1}]}' && $result['error'] === null, 'an intake that answers: status 201 and its body', json_encode( $result ) );
proc_terminate( $process );

foreach ( [ 'trickle' => 'answers one byte every 200 ms', 'deaf' => 'never reads a 3 MB body nor answers' ] as $mode => $what ) {
	[ $process, $port ] = server( $mode );
	$t = microtime( true );
	$result = DeadlinePost::post( "http://127.0.0.1:$port/v1/events", $mode === 'deaf' ? str_repeat( 'x', 3 * 1024 * 1024 ) : '[]', [], 1.0 );
	$took = microtime( true ) - $t;
	check( $took < 1.5 && $result['error'] !== null, sprintf( 'an intake that %s: the POST gives up after %.2f s (deadline 1 s): %s', $what, $took, $result['error'] ), json_encode( $result ) );
	proc_terminate( $process );
}
$result = DeadlinePost::post( 'ftp://example.org/x', '', [], 1.0 );
check( $result['status'] === 0 && $result['error'] !== null, 'a URL that is not http(s) is refused, not thrown' );

// --- The PHP client's public calls take anything.
$sent = [];
$client = new Client( [ 's' => [] ], 'example.org', static function () {
	return [];
}, static function () {
	return null;
}, static function () {
	return 0.0;
}, static function () {
	return 'id';
}, static function ( $e ) use ( &$sent ) {
	$sent[] = $e;
}, static function () {
} );
$odd = [ null, 1, 1.5, true, [], [ 'a' ], new \stdClass(), "\xFF", '', 's' ];
$callProblems = [];
foreach ( $odd as $a ) {
	foreach ( $odd as $b ) {
		[ , $warnings, $error ] = observe( static function () use ( $client, $a, $b ) {
			$instrument = $client->newInstrument( $a, null, $b );
			$instrument->submitInteraction( $b, $a );
			$instrument->isStreamInSample();
			$client->submitInteraction( $a, $b, $a, $b );
			$client->submitClick( $a, $b );
			$client->dispatch( $a, $b );
			$client->submit( $a, $b );
			$client->isStreamInSample( $a );
			Instrument::inert()->submitInteraction( $a, $b );
			return $instrument instanceof Instrument;
		} );
		if ( ( $error !== null || $warnings ) && count( $callProblems ) < 3 ) {
			$callProblems[] = json_encode( [ gettype( $a ), gettype( $b ), $error, $warnings ] );
		}
	}
}
check( !$callProblems, 'PHP client: newInstrument, its submitInteraction and the client calls take any of ' . count( $odd ) . '² argument pairs without throwing or warning', implode( ' | ', $callProblems ) );

// --- Caller fields against the web base schema, as the browser client checks them.
foreach ( WebBaseSchema::properties() as $version => $properties ) {
	$yaml = (string)file_get_contents( __DIR__ . "/../../schemas/analytics/product_metrics/web/base/$version.yaml" );
	// The top-level properties: the keys indented by two spaces under "properties:".
	preg_match( '/^properties:\n((?:  .*\n|\n)*)/m', $yaml, $block );
	preg_match_all( '/^  ([^\s:]+):\s*$/m', $block[1] ?? '', $keys );
	$fromSchema = $keys[1];
	$ours = $properties;
	sort( $fromSchema );
	sort( $ours );
	check( $ours === $fromSchema, "web base $version: the PHP client's field list is the schema's properties", json_encode( [ $ours, $fromSchema ] ) );
	$ts = (string)file_get_contents( __DIR__ . '/../../modules/src/core/webBaseSchema.ts' );
	check( strpos( $ts, "'$version'" ) !== false, "web base $version is known to the browser client too" );
}
$warnings = [];
$sent = [];
$checked = new Client( [ 's' => [] ], null, static function () {
	return [];
}, static function () {
	return null;
}, static function () {
	return 0.0;
}, static function () {
	return 'id';
}, static function ( $e ) use ( &$sent ) {
	$sent[] = $e;
}, static function ( $m ) use ( &$warnings ) {
	$warnings[] = $m;
} );
$checked->submitClick( 's', [ 'element_idd' => 'typo' ] );
$checked->submitInteraction( 's', '/analytics/product_metrics/web/base/1.2.0', 'x', [ 'instrument_name' => 'not in 1.2.0' ] );
$checked->submit( 's', [ '$schema' => '/analytics/product_metrics/web/base/1.3.0', 'custom' => 1 ] );
check( !$sent && count( array_filter( $warnings, static function ( $w ) {
	return strpos( $w, 'is not in the schema' ) !== false;
} ) ) === 3, 'PHP client: fields the web base schema lacks are refused at call time with a warning', implode( ' | ', $warnings ) );
$checked->submitInteraction( 's', '/my/own/schema/1.0.0', 'x', [ 'custom' => 1 ] );
check( count( $sent ) === 1, 'PHP client: a schema it does not know is left to the intake' );

echo "1..$n\n";
echo "$passed passed, $failed failed\n";
exit( $failed ? 1 : 0 );
