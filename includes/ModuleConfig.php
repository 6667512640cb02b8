<?php

namespace MediaWiki\Extension\MetricsPlatform;

use Config;
use MediaWiki\Extension\MetricsPlatform\Core\StreamConfig;
use MediaWiki\MediaWikiServices;
use MediaWiki\ResourceLoader\Context;

/**
 * The stream configs of this wiki, and the config.json of the ext.metricsPlatform module. Module
 * content is cached per wiki, not per user: nothing here may depend on the user.
 */
class ModuleConfig {

	/** The gadget stream's config when $wgMetricsPlatformStreams (or $wgEventStreams) does not declare it. */
	public const DEFAULT_GADGET_STREAM = [
		'schema_title' => 'analytics/product_metrics/web/base',
		'producers' => [
			'metrics_platform_client' => [
				'provide_values' => [
					'page_namespace_id',
					'mediawiki_skin',
					'mediawiki_database',
					'performer_is_logged_in',
					'performer_edit_count_bucket',
				],
			],
		],
	];

	/**
	 * $wgMetricsPlatformStreams, or EventStreamConfig's $wgEventStreams when ours is empty and that
	 * setting exists; the gadget stream ($wgMetricsPlatformGadgetStream) with a default config where
	 * neither declares it; plus the active instruments of the wiki's definition pages.
	 *
	 * @param Config $config
	 * @return array stream name => config
	 */
	public static function rawStreams( Config $config ): array {
		$streams = $config->get( 'MetricsPlatformStreams' ) ?: [];
		if ( !$streams && $config->has( 'EventStreams' ) ) {
			$streams = self::fromEventStreams(
				(array)$config->get( 'EventStreams' ),
				$config->has( 'EventStreamsDefaultSettings' ) ? (array)$config->get( 'EventStreamsDefaultSettings' ) : []
			);
		}
		$gadgetStream = (string)$config->get( 'MetricsPlatformGadgetStream' );
		if ( $gadgetStream !== '' && !isset( $streams[$gadgetStream] ) ) {
			$streams[$gadgetStream] = self::DEFAULT_GADGET_STREAM;
		}
		// Active definitions of the MetricsPlatform namespace, so that the module's version follows them.
		return ControlPlane\ServedDefinitions::streams( $streams );
	}

	/**
	 * Stream configs from EventStreamConfig's settings, read as that extension reads them (REL1_39):
	 * entries keyed by stream name or listed with a `stream` field; a name that is a regex (`/…/`,
	 * for families of streams such as jobs) is no stream a client can send to and is skipped; each
	 * entry's own settings win over $wgEventStreamsDefaultSettings.
	 *
	 * @param array $eventStreams $wgEventStreams
	 * @param array $defaults $wgEventStreamsDefaultSettings
	 * @return array stream name => config
	 */
	public static function fromEventStreams( array $eventStreams, array $defaults ): array {
		$streams = [];
		foreach ( $eventStreams as $key => $stream ) {
			$name = is_string( $key ) ? $key : ( $stream['stream'] ?? null );
			if ( is_string( $name ) && $name !== '' && $name[0] !== '/' && is_array( $stream ) ) {
				unset( $stream['stream'] );
				$streams[$name] = $stream + $defaults;
			}
		}
		return $streams;
	}

	/**
	 * packageFiles callback for config.json.
	 *
	 * @param Context $context
	 * @param Config $config
	 * @return array
	 */
	public static function forResourceLoader( Context $context, Config $config ): array {
		$parsed = StreamConfig::parse( self::rawStreams( $config ) );
		if ( $parsed['problems'] ) {
			$logger = \MediaWiki\Logger\LoggerFactory::getInstance( 'MetricsPlatform' );
			foreach ( $parsed['problems'] as $name => $problem ) {
				$logger->warning( 'Stream {stream} is disabled: {problem}', [ 'stream' => $name, 'problem' => $problem ] );
			}
		}
		return [
			'streams' => StreamConfig::forBrowser( $parsed['streams'] ) ?: (object)[],
			'respectDoNotTrack' => (bool)$config->get( 'MetricsPlatformRespectDoNotTrack' ),
			'gadgetStream' => (string)$config->get( 'MetricsPlatformGadgetStream' ),
			'experimentStream' => (string)$config->get( 'MetricsPlatformExperimentStream' ),
			// Where the token cookies live, so that the every-page module reads them without mediawiki.cookie.
			'cookie' => [
				'prefix' => (string)$config->get( 'CookiePrefix' ),
				'path' => (string)$config->get( 'CookiePath' ),
				'domain' => (string)$config->get( 'CookieDomain' ),
			],
		];
	}

	/**
	 * packageFiles callback for the config.json of ext.metricsPlatform.builder: what only delivery
	 * needs, so that the every-page module does not carry it.
	 *
	 * @param Context $context
	 * @param Config $config
	 * @return array
	 */
	public static function forBuilder( Context $context, Config $config ): array {
		return [
			'intakeUrl' => (string)$config->get( 'MetricsPlatformIntakeUrl' ),
			'lingerMs' => (int)$config->get( 'MetricsPlatformLingerMs' ),
		];
	}

	/**
	 * packageFiles callback for the config.json of ext.metricsPlatform.inspector: the intake's trace
	 * URL ($wgMetricsPlatformIntakeTraceUrl, empty: no trace), whether DNT/GPC are respected, the
	 * page streams past their end (so that a call to one says "expired", not "unknown"), the streams.
	 *
	 * @param Context $context
	 * @param Config $config
	 * @return array
	 */
	public static function forInspector( Context $context, Config $config ): array {
		$expired = [];
		$services = MediaWikiServices::getInstance();
		if ( $services->hasService( 'MetricsPlatform.DefinitionStore' ) ) {
			$now = time();
			$streams = self::rawStreams( $config );
			foreach ( $services->getService( 'MetricsPlatform.DefinitionStore' )->valid() as $definition ) {
				$stream = $definition->stream();
				if ( $stream !== null && $definition->state( $now ) === 'expired' && !isset( $streams[$stream] ) ) {
					$expired[$stream] = [ 'definition' => $definition->name(), 'end' => $definition->data()['end'] ];
				}
			}
		}
		return [
			'traceUrl' => (string)$config->get( 'MetricsPlatformIntakeTraceUrl' ),
			'respectDoNotTrack' => (bool)$config->get( 'MetricsPlatformRespectDoNotTrack' ),
			'expired' => $expired ?: (object)[],
			// As the every-page module has them (without logging their problems again), so that a call
			// stopped there is shown for each stream it was for.
			'streams' => StreamConfig::forBrowser( StreamConfig::parse( self::rawStreams( $config ) )['streams'] ) ?: (object)[],
			'gadgetStream' => (string)$config->get( 'MetricsPlatformGadgetStream' ),
		];
	}

	/**
	 * @return Config
	 */
	public static function mainConfig(): Config {
		return MediaWikiServices::getInstance()->getMainConfig();
	}
}
