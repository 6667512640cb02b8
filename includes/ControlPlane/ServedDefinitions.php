<?php

namespace MediaWiki\Extension\MetricsPlatform\ControlPlane;

use MediaWiki\Logger\LoggerFactory;
use MediaWiki\MediaWikiServices;
use Throwable;

/**
 * What is served: the active definitions of the wiki's pages (on, inside their window) added to the
 * LocalSettings.php ones ($wgMetricsPlatformStreams/Experiments/Flags), which win on a name both
 * define. A definition past its end is not served. A failure to read the pages serves LocalSettings only.
 */
class ServedDefinitions {

	/**
	 * @param int|null $now
	 * @return Definition[] the active definitions of the pages
	 */
	public static function active( ?int $now = null ): array {
		$now = $now ?? time();
		try {
			$store = MediaWikiServices::getInstance()->getService( 'MetricsPlatform.DefinitionStore' );
			return array_filter( $store->valid(), static function ( Definition $d ) use ( $now ) {
				return $d->state( $now ) === 'active';
			} );
		} catch ( Throwable $e ) {
			LoggerFactory::getInstance( 'MetricsPlatform' )->error( 'Definition pages unreadable: {message}', [ 'message' => $e->getMessage(), 'exception' => $e ] );
			return [];
		}
	}

	/**
	 * @param array $configStreams stream name => config, from LocalSettings.php
	 * @param int|null $now
	 * @return array stream name => config
	 */
	public static function streams( array $configStreams, ?int $now = null ): array {
		foreach ( self::active( $now ) as $definition ) {
			$stream = $definition->stream();
			if ( $stream !== null && !isset( $configStreams[$stream] ) ) {
				$configStreams[$stream] = $definition->streamConfig();
			}
		}
		return $configStreams;
	}

	/**
	 * @param array $configExperiments name => experiment, from LocalSettings.php
	 * @param int|null $now
	 * @return array
	 */
	public static function experiments( array $configExperiments, ?int $now = null ): array {
		foreach ( self::active( $now ) as $name => $definition ) {
			if ( $definition->kind() === 'experiment' && !isset( $configExperiments[$name] ) ) {
				$configExperiments[$name] = $definition->experimentConfig();
			}
		}
		return $configExperiments;
	}

	/**
	 * @param array $configFlags key => flag, from LocalSettings.php
	 * @param int|null $now
	 * @return array
	 */
	public static function flags( array $configFlags, ?int $now = null ): array {
		foreach ( self::active( $now ) as $name => $definition ) {
			if ( $definition->kind() === 'flag' && !isset( $configFlags[$name] ) ) {
				$configFlags[$name] = $definition->flagConfig();
			}
		}
		return $configFlags;
	}
}
