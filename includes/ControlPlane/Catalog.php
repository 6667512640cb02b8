<?php

namespace MediaWiki\Extension\MetricsPlatform\ControlPlane;

use Config;
use MediaWiki\Extension\MetricsPlatform\Core\Experiments;
use MediaWiki\Extension\MetricsPlatform\Core\StreamConfig;

/**
 * One row per definition for Special:MetricsPlatform: the pages of the MetricsPlatform namespace and,
 * read-only, the LocalSettings.php streams, experiments and flags. Status is one of active,
 * scheduled, expired, off, invalid.
 */
class Catalog {

	/** Definitions ending within this many days are highlighted. */
	public const SOON_DAYS = 14;

	/**
	 * @param Config $config
	 * @param DefinitionStore $store
	 * @param int $now
	 * @return array[] rows: name, kind, source (page|config), status, owner, percent, unit, start,
	 *  end (strings or null), attributes (string[]), stream, data (the page's JSON or the config entry),
	 *  problems (DefinitionValidator's, pages only)
	 */
	public static function rows( Config $config, DefinitionStore $store, int $now ): array {
		$rows = [];
		foreach ( $store->all() as $name => $entry ) {
			$data = $entry['data'] ?? [];
			$definition = new Definition( $data );
			$percent = $data['sample']['percent'] ?? $data['traffic_percent'] ?? $data['rollout']['percent'] ?? null;
			if ( ( $data['kind'] ?? null ) === 'instrument' && !isset( $data['sample'] ) ) {
				$percent = 100;
			}
			$rows[] = [
				'name' => $name,
				'kind' => is_string( $data['kind'] ?? null ) ? $data['kind'] : null,
				'source' => 'page',
				'status' => $entry['problems'] ? 'invalid' : $definition->state( $now ),
				'owner' => is_string( $data['owner'] ?? null ) ? $data['owner'] : null,
				'percent' => $percent,
				'unit' => $data['sample']['unit'] ?? $data['unit'] ?? $data['rollout']['unit'] ?? null,
				'start' => $data['start'] ?? null,
				'end' => $data['end'] ?? null,
				'attributes' => is_array( $data['provide_values'] ?? null ) ? $data['provide_values'] : [],
				'stream' => is_string( $data['stream'] ?? null ) ? $data['stream'] : null,
				'data' => $data,
				'problems' => $entry['problems'],
			];
		}
		foreach ( $config->get( 'MetricsPlatformStreams' ) ?: [] as $name => $stream ) {
			$valid = StreamConfig::problem( $stream ) === null;
			$rows[] = self::configRow( (string)$name, 'instrument', $valid ? 'active' : 'invalid', $stream, [
				'percent' => isset( $stream['sample']['rate'] ) && is_numeric( $stream['sample']['rate'] ) ? $stream['sample']['rate'] * 100 : 100,
				'unit' => $stream['sample']['unit'] ?? null,
				'attributes' => $stream['producers']['metrics_platform_client']['provide_values'] ?? [],
				'stream' => (string)$name,
			] );
		}
		foreach ( $config->get( 'MetricsPlatformExperiments' ) ?: [] as $name => $experiment ) {
			$status = Experiments::experimentProblem( (string)$name, $experiment ) === null ? self::configState( $experiment, $now ) : 'invalid';
			$rows[] = self::configRow( (string)$name, 'experiment', $status, $experiment, [
				'owner' => $experiment['owner'] ?? null,
				'percent' => is_numeric( $experiment['rate'] ?? null ) ? $experiment['rate'] * 100 : null,
				'unit' => $experiment['unit'] ?? null,
				'start' => $experiment['start'] ?? null,
				'end' => $experiment['end'] ?? null,
			] );
		}
		foreach ( $config->get( 'MetricsPlatformFlags' ) ?: [] as $key => $flag ) {
			$status = Experiments::flagProblem( (string)$key, $flag ) === null ? ( ( $flag['enabled'] ?? true ) ? 'active' : 'off' ) : 'invalid';
			$rows[] = self::configRow( (string)$key, 'flag', $status, $flag, [
				'percent' => is_numeric( $flag['rollout']['rate'] ?? null ) ? $flag['rollout']['rate'] * 100 : null,
				'unit' => $flag['rollout']['unit'] ?? null,
			] );
		}
		return $rows;
	}

	/**
	 * @param string $name
	 * @param string $kind
	 * @param string $status
	 * @param mixed $data
	 * @param array $fields
	 * @return array
	 */
	private static function configRow( string $name, string $kind, string $status, $data, array $fields ): array {
		return array_merge( [
			'name' => $name, 'kind' => $kind, 'source' => 'config', 'status' => $status, 'owner' => null, 'percent' => null,
			'unit' => null, 'start' => null, 'end' => null, 'attributes' => [], 'stream' => null,
			'data' => is_array( $data ) ? $data : [], 'problems' => [],
		], $fields );
	}

	/**
	 * A LocalSettings.php experiment's state (its dates may lack an offset; no end means open).
	 *
	 * @param array $experiment
	 * @param int $now
	 * @return string
	 */
	private static function configState( array $experiment, int $now ): string {
		if ( ( $experiment['status'] ?? 'off' ) !== 'on' ) {
			return 'off';
		}
		if ( isset( $experiment['start'] ) && strtotime( $experiment['start'] ) > $now ) {
			return 'scheduled';
		}
		return isset( $experiment['end'] ) && strtotime( $experiment['end'] ) <= $now ? 'expired' : 'active';
	}

	/**
	 * Days left before a row's end, when it is active and ends within SOON_DAYS.
	 *
	 * @param array $row
	 * @param int $now
	 * @return int|null
	 */
	public static function daysLeft( array $row, int $now ): ?int {
		if ( $row['status'] !== 'active' || !is_string( $row['end'] ) ) {
			return null;
		}
		$end = DefinitionValidator::parseTime( $row['end'] ) ?? strtotime( $row['end'] );
		if ( !$end || $end - $now > self::SOON_DAYS * 86400 ) {
			return null;
		}
		return (int)ceil( ( $end - $now ) / 86400 );
	}

	/**
	 * The field map: attribute => names of the rows that collect it (any status).
	 *
	 * @param array[] $rows
	 * @return array<string,string[]>
	 */
	public static function fieldMap( array $rows ): array {
		$map = [];
		foreach ( $rows as $row ) {
			foreach ( $row['attributes'] as $attribute ) {
				if ( is_string( $attribute ) ) {
					$map[$attribute][] = $row['name'];
				}
			}
		}
		ksort( $map );
		return $map;
	}
}
