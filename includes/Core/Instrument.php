<?php

namespace MediaWiki\Extension\MetricsPlatform\Core;

/**
 * Sends numbered interaction events for one instrument (funnel_event_sequence_position from 1).
 * Its methods take anything and never throw: bad calls are refused by the client with a warning.
 */
class Instrument {

	private int $position = 0;
	private Client $client;
	private string $streamName;
	private string $schemaId;
	private string $name;

	/**
	 * @param Client $client
	 * @param string $streamName
	 * @param string $schemaId
	 * @param string $name
	 */
	public function __construct( Client $client, string $streamName, string $schemaId, string $name ) {
		$this->client = $client;
		$this->streamName = $streamName;
		$this->schemaId = $schemaId;
		$this->name = $name;
	}

	/**
	 * An instrument that sends nothing and warns about nothing (a harmless stand-in).
	 *
	 * @return self
	 */
	public static function inert(): self {
		$none = static function () {
		};
		$client = new Client( [], null, static function () {
			return [];
		}, static function () {
			return null;
		}, static function () {
			return 0.0;
		}, static function () {
			return '';
		}, $none, $none );
		return new self( $client, '', StreamConfig::WEB_BASE_SCHEMA_ID, '' );
	}

	/**
	 * @param mixed $action
	 * @param mixed $data
	 */
	public function submitInteraction( $action, $data = [] ): void {
		if ( Client::hasDataProblem( $data ) ) {
			// Let the client report it; the position does not advance.
			$this->client->submitInteraction( $this->streamName, $this->schemaId, $action, $data );
			return;
		}
		$this->position++;
		$data = ( $data ?? [] );
		$data['funnel_event_sequence_position'] = $this->position;
		$data['instrument_name'] = $this->name;
		$this->client->submitInteraction( $this->streamName, $this->schemaId, $action, $data );
	}

	public function isStreamInSample(): bool {
		return $this->client->isStreamInSample( $this->streamName );
	}
}
