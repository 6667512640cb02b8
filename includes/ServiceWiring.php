<?php

use MediaWiki\Extension\MetricsPlatform\EventSubmitter;
use MediaWiki\MediaWikiServices;

use MediaWiki\Extension\MetricsPlatform\ExperimentManager;

return [
	'MetricsPlatform.ExperimentManager' => static function ( MediaWikiServices $services ): ExperimentManager {
		return new ExperimentManager( $services->getMainConfig(), $services->getCentralIdLookup() );
	},
	'MetricsPlatform.EventSubmitter' => static function ( MediaWikiServices $services ): EventSubmitter {
		return new EventSubmitter( $services->getMainConfig(), $services->getHttpRequestFactory() );
	},
];
