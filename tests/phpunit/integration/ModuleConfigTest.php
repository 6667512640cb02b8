<?php

use MediaWiki\Extension\MetricsPlatform\Core\StreamConfig;
use MediaWiki\Extension\MetricsPlatform\ModuleConfig;
use PHPUnit\Framework\TestCase;

/**
 * The streams a wiki serves: $wgMetricsPlatformStreams, or EventStreamConfig's $wgEventStreams when
 * ours is empty, plus the gadget stream's default.
 *
 * @covers \MediaWiki\Extension\MetricsPlatform\ModuleConfig
 */
class ModuleConfigTest extends TestCase {

	/**
	 * A stand-in for EventStreamConfig REL1_39's settings, in the shapes its README and Wikimedia's
	 * configuration use: entries keyed by stream name, entries listed with `stream`, a regex entry for
	 * a family of streams, and default settings that EventStreamConfig adds to every entry.
	 */
	private const EVENT_STREAMS = [
		'mywiki.clicks' => [
			'schema_title' => 'analytics/product_metrics/web/base',
			'destination_event_service' => 'eventgate-analytics-external',
			'sample' => [ 'rate' => 0.5, 'unit' => 'session' ],
			'producers' => [ 'metrics_platform_client' => [ 'provide_values' => [ 'page_id', 'performer_is_logged_in' ] ] ],
		],
		[
			'stream' => 'mywiki.saves',
			'schema_title' => 'analytics/product_metrics/web/base',
			'destination_event_service' => 'eventgate-analytics-external',
			'producers' => [ 'metrics_platform_client' => [ 'events' => [ 'save_' ] ] ],
		],
		'/^mediawiki\\.job\\..+/' => [
			'schema_title' => 'mediawiki/job',
			'destination_event_service' => 'eventgate-main',
		],
	];
	private const EVENT_STREAMS_DEFAULTS = [
		'topic_prefixes' => [ 'eqiad.', 'codfw.' ],
		'canary_events_enabled' => true,
		'sample' => [ 'rate' => 1, 'unit' => 'pageview' ],
	];

	protected function setUp(): void {
		if ( !defined( 'MW_VERSION' ) ) {
			$this->markTestSkipped( 'MediaWiki is not set up (MW_LOCALSETTINGS): run build/phpunit.mjs' );
		}
	}

	private static function config( array $settings ): Config {
		return new HashConfig( $settings + [
			'MetricsPlatformStreams' => self::extensionDefault( 'MetricsPlatformStreams' ),
			'MetricsPlatformGadgetStream' => self::extensionDefault( 'MetricsPlatformGadgetStream' ),
		] );
	}

	/**
	 * @param string $name a setting of extension.json
	 * @return mixed its default, as MediaWiki reads it
	 */
	private static function extensionDefault( string $name ) {
		$json = json_decode( file_get_contents( __DIR__ . '/../../../extension.json' ), true );
		return $json['config'][$name]['value'];
	}

	public function testTheExtensionDefaultLeavesRoomForEventStreamConfig(): void {
		// A default stream in $wgMetricsPlatformStreams would make the setting never empty.
		$this->assertSame( [], self::extensionDefault( 'MetricsPlatformStreams' ) );
	}

	public function testEventStreamsAreUsedWhenOursAreEmpty(): void {
		$streams = ModuleConfig::rawStreams( self::config( [
			'EventStreams' => self::EVENT_STREAMS,
			'EventStreamsDefaultSettings' => self::EVENT_STREAMS_DEFAULTS,
		] ) );
		$this->assertSame( [ 'mywiki.clicks', 'mywiki.saves', 'mediawiki.gadget_interaction' ], array_keys( $streams ),
			'named and listed entries, no regex family, and the gadget stream' );
		$this->assertSame( [ 'rate' => 0.5, 'unit' => 'session' ], $streams['mywiki.clicks']['sample'], 'its own settings win' );
		$this->assertSame( [ 'rate' => 1, 'unit' => 'pageview' ], $streams['mywiki.saves']['sample'], 'the default settings fill in' );
		$this->assertSame( ModuleConfig::DEFAULT_GADGET_STREAM, $streams['mediawiki.gadget_interaction'] );
		$parsed = StreamConfig::parse( $streams );
		$this->assertSame( [], $parsed['problems'], 'all usable by the client' );
		$this->assertSame( [ 'save_' ], StreamConfig::forBrowser( $parsed['streams'] )['mywiki.saves']['producers']['metrics_platform_client']['events'] );
	}

	public function testOursWinOverEventStreams(): void {
		$ours = [ 'ours.stream' => [ 'producers' => [ 'metrics_platform_client' => [ 'provide_values' => [ 'page_id' ] ] ] ] ];
		$streams = ModuleConfig::rawStreams( self::config( [ 'MetricsPlatformStreams' => $ours, 'EventStreams' => self::EVENT_STREAMS ] ) );
		$this->assertSame( [ 'ours.stream', 'mediawiki.gadget_interaction' ], array_keys( $streams ) );
	}

	public function testADeclaredGadgetStreamIsKept(): void {
		$gadget = [ 'sample' => [ 'rate' => 0.1, 'unit' => 'session' ] ];
		$streams = ModuleConfig::rawStreams( self::config( [ 'MetricsPlatformStreams' => [ 'mediawiki.gadget_interaction' => $gadget ] ] ) );
		$this->assertSame( [ 'mediawiki.gadget_interaction' => $gadget ], $streams );
	}

	public function testWithoutEventStreamConfigOnlyTheGadgetStream(): void {
		$this->assertSame( [ 'mediawiki.gadget_interaction' ], array_keys( ModuleConfig::rawStreams( self::config( [] ) ) ) );
	}
}
