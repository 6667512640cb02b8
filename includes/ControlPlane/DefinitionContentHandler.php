<?php

namespace MediaWiki\Extension\MetricsPlatform\ControlPlane;

use Content;
use JsonContentHandler;
use MediaWiki\Content\ValidationParams;
use MediaWiki\MediaWikiServices;
use StatusValue;

/**
 * Definitions are refused on save when DefinitionValidator finds a problem; each problem becomes one
 * error message naming the field and the rule, in the user's language.
 */
class DefinitionContentHandler extends JsonContentHandler {

	/**
	 * @param string $modelId
	 */
	public function __construct( $modelId = DefinitionContent::MODEL ) {
		parent::__construct( $modelId );
	}

	/** @inheritDoc */
	protected function getContentClass() {
		return DefinitionContent::class;
	}

	/** @inheritDoc */
	public function makeEmptyContent() {
		return new DefinitionContent( '{}' );
	}

	/** @inheritDoc */
	public function validateSave( Content $content, ValidationParams $validationParams ) {
		$status = parent::validateSave( $content, $validationParams );
		if ( !$status->isOK() ) {
			return $status;
		}
		'@phan-var DefinitionContent $content';
		$validator = self::validator();
		$title = $validationParams->getPageIdentity()->getDBkey();
		foreach ( $validator->problems( $content->getData()->getValue(), $title ) as $problem ) {
			$status->fatal( self::messageKey( $problem ), $problem['field'], ...$problem['params'] );
		}
		return $status;
	}

	/**
	 * @param array $problem from DefinitionValidator
	 * @return string
	 */
	public static function messageKey( array $problem ): string {
		// Keys: metricsplatform-rule-required, -unknown-field, -type, -enum, -minimum,
		// -exclusive-minimum, -maximum, -min-length, -max-length, -min-items, -unique-items,
		// -date-time, -url, -pattern, -schema, -name-title, -end-before-start, -duration,
		// -sensitive-risk, -sensitive-review, -runtime, -sample-max
		return 'metricsplatform-rule-' . $problem['rule'];
	}

	/**
	 * The validator with this wiki's policy.
	 *
	 * @return DefinitionValidator
	 */
	public static function validator(): DefinitionValidator {
		$config = MediaWikiServices::getInstance()->getMainConfig();
		return new DefinitionValidator( [
			'sensitiveAttributes' => $config->get( 'MetricsPlatformSensitiveAttributes' ),
			'maxDurationDays' => $config->get( 'MetricsPlatformMaxDurationDays' ),
		] );
	}
}
