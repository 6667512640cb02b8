<?php

namespace MediaWiki\Extension\MetricsPlatform\ControlPlane;

use JsonContent;

/**
 * The content of a page in the MetricsPlatform namespace: one definition as JSON.
 */
class DefinitionContent extends JsonContent {

	public const MODEL = 'MetricsPlatformDefinition';

	/**
	 * @param string $text
	 * @param string $modelId
	 */
	public function __construct( $text, $modelId = self::MODEL ) {
		parent::__construct( $text, $modelId );
	}
}
