<?php

namespace MediaWiki\Extension\MetricsPlatform;

use Config;
use ExtensionRegistry;
use MediaWiki\Extension\MetricsPlatform\Core\StreamConfig;
use MediaWiki\MediaWikiServices;
use MediaWiki\ResourceLoader\Context;

/**
 * The stream configs of this wiki, and the config.json of the ext.metricsPlatform module. Module
 * content is cached per wiki, not per user: nothing here may depend on the user.
 */
class ModuleConfig {

	/**
	 * $wgMetricsPlatformStreams, or EventStreamConfig's $wgEventStreams when ours is empty and that
	 * extension is installed; plus the active instruments of the wiki's definition pages.
	 *
	 * @param Config $config
	 * @return array
	 */
	public static function rawStreams( Config $config ): array {
		$streams = $config->get( 'MetricsPlatformStreams' ) ?: [];
		if ( !$streams && ExtensionRegistry::getInstance()->isLoaded( 'EventStreamConfig' ) && $config->has( 'EventStreams' ) ) {
			foreach ( $config->get( 'EventStreams' ) as $key => $stream ) {
				$name = is_string( $key ) ? $key : ( $stream['stream'] ?? null );
				if ( is_string( $name ) && is_array( $stream ) ) {
					$streams[$name] = $stream;
				}
			}
		}
		// Active definitions of the MetricsPlatform namespace, so that the module's version follows them.
		return ControlPlane\ServedDefinitions::streams( $streams );
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
	 * @return Config
	 */
	public static function mainConfig(): Config {
		return MediaWikiServices::getInstance()->getMainConfig();
	}
}
