<?php

namespace MediaWiki\Extension\MetricsPlatform\Core;

/**
 * Sends numbered interaction events for one instrument (funnel_event_sequence_position from 1).
 */
class Instrument {

	private int $position = 0;

	private Client $client;
	private string $streamName;
	private string $schemaId;
	private string $name;

	public function __construct(
		Client $client,
		string $streamName,
		string $schemaId,
		string $name
	) {
		$this->client = $client;
		$this->streamName = $streamName;
		$this->schemaId = $schemaId;
		$this->name = $name;
	}

	/**
	 * @param string $action
	 * @param array|null $data
	 */
	public function submitInteraction( string $action, ?array $data = [] ): void {
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
