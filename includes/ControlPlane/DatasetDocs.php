<?php

namespace MediaWiki\Extension\MetricsPlatform\ControlPlane;

/**
 * The dataset documentation of a stream's tables, as the intake's read side serves it
 * (`GET /v1/streams/<stream>/doc?format=json`: `{ "tables": [ { "table", "markdown" } ] }`, generated
 * by the intake from the table definitions, the event schema and the latest data-quality checks).
 * Pure: the detail page of Special:MetricsPlatform shows what this returns, escaped, as preformatted
 * text (nothing in it is rendered as HTML or wikitext).
 */
class DatasetDocs {

	/**
	 * The Markdown of each table in an answer; anything else in it is ignored.
	 *
	 * @param array|null $answer the decoded answer (null: the intake could not be read)
	 * @return array<string,string> table name => Markdown, in the intake's order
	 */
	public static function fromAnswer( ?array $answer ): array {
		$docs = [];
		$tables = is_array( $answer ) && is_array( $answer['tables'] ?? null ) ? $answer['tables'] : [];
		foreach ( $tables as $entry ) {
			if ( is_array( $entry ) && is_string( $entry['table'] ?? null ) && is_string( $entry['markdown'] ?? null ) ) {
				$docs[$entry['table']] = $entry['markdown'];
			}
		}
		return $docs;
	}
}
