<?php

use MediaWiki\Extension\MetricsPlatform\EventSubmitter;
use MediaWiki\MediaWikiServices;

return [
	'MetricsPlatform.EventSubmitter' => static function ( MediaWikiServices $services ): EventSubmitter {
		return new EventSubmitter( $services->getMainConfig(), $services->getHttpRequestFactory() );
	},
];
