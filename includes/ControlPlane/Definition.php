<?php

namespace MediaWiki\Extension\MetricsPlatform\ControlPlane;

/**
 * One valid definition (the JSON of a MetricsPlatform page, as an associative array): its state at a
 * given time and its runtime forms (a stream config, an experiment, a flag) as the clients read them.
 * Percentages on the page become rates from 0 to 1 here.
 */
class Definition {

	public const DEFAULT_RETENTION_DAYS = 90;

	/** @var array */
	private $data;

	/**
	 * @param array $data a definition that DefinitionValidator accepted
	 */
	public function __construct( array $data ) {
		$this->data = $data;
	}

	/** @return array the page's JSON */
	public function data(): array {
		return $this->data;
	}

	/** @return string instrument, experiment or flag */
	public function kind(): string {
		return $this->data['kind'];
	}

	/** @return string */
	public function name(): string {
		return $this->data['name'];
	}

	/** @return int */
	public function retentionDays(): int {
		return $this->data['retention_days'] ?? self::DEFAULT_RETENTION_DAYS;
	}

	/** @return int|null Unix time of the end */
	public function end(): ?int {
		return isset( $this->data['end'] ) ? DefinitionValidator::parseTime( $this->data['end'] ) : null;
	}

	/**
	 * off (status off), scheduled (before its start), expired (at or past its end) or active.
	 *
	 * @param int $now Unix time
	 * @return string
	 */
	public function state( int $now ): string {
		if ( ( $this->data['status'] ?? 'off' ) !== 'on' ) {
			return 'off';
		}
		$start = isset( $this->data['start'] ) ? DefinitionValidator::parseTime( $this->data['start'] ) : null;
		if ( $start !== null && $now < $start ) {
			return 'scheduled';
		}
		$end = $this->end();
		return $end === null || $now >= $end ? 'expired' : 'active';
	}

	/**
	 * The stream name an instrument feeds, or null for other kinds.
	 *
	 * @return string|null
	 */
	public function stream(): ?string {
		return $this->kind() === 'instrument' ? $this->data['stream'] : null;
	}

	/**
	 * An instrument as a stream config (the action=streamconfigs shape, plus its retention in days as
	 * `retention_days`, and the control plane's definition, owner, end and retention under
	 * `control_plane` for the intake). Browsers receive none of these (StreamConfig::forBrowser).
	 *
	 * @return array
	 */
	public function streamConfig(): array {
		$d = $this->data;
		$producer = [ 'provide_values' => $d['provide_values'] ?? [] ];
		foreach ( [ 'curation', 'events' ] as $key ) {
			if ( isset( $d[$key] ) ) {
				$producer[$key] = $d[$key];
			}
		}
		$config = [];
		if ( isset( $d['schema_id'] ) ) {
			$config['schema_id'] = $d['schema_id'];
			$config['schema_title'] = preg_replace( '#^/(.*)/[^/]+$#', '$1', $d['schema_id'] );
		}
		if ( isset( $d['sample'] ) ) {
			$config['sample'] = [ 'unit' => $d['sample']['unit'], 'rate' => $d['sample']['percent'] / 100 ];
		}
		$config['producers'] = [ 'metrics_platform_client' => $producer ];
		// Top level too: where stream configs declare retention for the intake's purge.
		$config['retention_days'] = $this->retentionDays();
		if ( isset( $d['tables'] ) ) {
			// The intake's tables for this stream (its `tables` key; see the README, "Tables for analysts").
			$config['tables'] = $d['tables'];
		}
		$config['control_plane'] = [
			'definition' => $d['name'],
			'owner' => $d['owner'],
			'end' => $d['end'],
			'retention_days' => $this->retentionDays(),
		];
		return $config;
	}

	/**
	 * An experiment in the $wgMetricsPlatformExperiments shape.
	 *
	 * @return array
	 */
	public function experimentConfig(): array {
		$d = $this->data;
		$config = [
			'description' => $d['description'],
			'owner' => $d['owner'],
			'status' => $d['status'],
			'unit' => $d['unit'] ?? null,
			'rate' => isset( $d['traffic_percent'] ) ? $d['traffic_percent'] / 100 : null,
			'groups' => $d['groups'] ?? [],
		];
		foreach ( [ 'start', 'end', 'targeting', 'stream' ] as $key ) {
			if ( isset( $d[$key] ) ) {
				$config[$key] = $d[$key];
			}
		}
		if ( isset( $d['schema_id'] ) ) {
			$config['schema'] = $d['schema_id'];
		}
		return $config;
	}

	/**
	 * A flag in the $wgMetricsPlatformFlags shape; status "off" is the kill switch.
	 *
	 * @return array
	 */
	public function flagConfig(): array {
		$d = $this->data;
		$config = [
			'type' => $d['type'] ?? null,
			'default' => $d['default'] ?? null,
			'enabled' => ( $d['status'] ?? 'off' ) === 'on',
		];
		if ( isset( $d['rules'] ) ) {
			$config['rules'] = $d['rules'];
		}
		if ( isset( $d['rollout'] ) ) {
			$config['rollout'] = [ 'rate' => $d['rollout']['percent'] / 100, 'unit' => $d['rollout']['unit'], 'value' => $d['rollout']['value'] ];
		}
		return $config;
	}
}
