<?php

use MediaWiki\Extension\MetricsPlatform\EventSubmitter;
use MediaWiki\Extension\MetricsPlatform\ExperimentManager;
use MediaWiki\Extension\MetricsPlatform\RequestPrivacy;
use MediaWiki\Extension\MetricsPlatform\SubjectTokens;
use MediaWiki\MediaWikiServices;

return [
	'MetricsPlatform.RequestPrivacy' => static function ( MediaWikiServices $services ): RequestPrivacy {
		return new RequestPrivacy( $services->getMainConfig(), $services->getUserOptionsLookup() );
	},
	'MetricsPlatform.SubjectTokens' => static function (): SubjectTokens {
		return new SubjectTokens();
	},
	'MetricsPlatform.ExperimentManager' => static function ( MediaWikiServices $services ): ExperimentManager {
		return new ExperimentManager(
			$services->getMainConfig(),
			$services->getCentralIdLookup(),
			$services->getService( 'MetricsPlatform.RequestPrivacy' ),
			$services->getService( 'MetricsPlatform.SubjectTokens' )
		);
	},
	'MetricsPlatform.EventSubmitter' => static function ( MediaWikiServices $services ): EventSubmitter {
		return new EventSubmitter(
			$services->getMainConfig(),
			$services->getService( 'MetricsPlatform.RequestPrivacy' ),
			$services->getService( 'MetricsPlatform.SubjectTokens' )
		);
	},
];
