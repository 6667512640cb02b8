<?php

use MediaWiki\Extension\MetricsPlatform\ControlPlane\DefinitionSaver;
use MediaWiki\Extension\MetricsPlatform\ControlPlane\DefinitionStore;
use MediaWiki\Extension\MetricsPlatform\IntakeReadClient;
use MediaWiki\Logger\LoggerFactory;
use MediaWiki\MediaWikiServices;

return [
	'MetricsPlatform.DefinitionStore' => static function ( MediaWikiServices $services ): DefinitionStore {
		return new DefinitionStore( $services->getDBLoadBalancer(), $services->getRevisionLookup(), $services->getMainWANObjectCache() );
	},
	'MetricsPlatform.IntakeReadClient' => static function ( MediaWikiServices $services ): IntakeReadClient {
		$config = $services->getMainConfig();
		return new IntakeReadClient( $services->getHttpRequestFactory(), (string)$config->get( 'MetricsPlatformIntakeReadUrl' ),
			(string)$config->get( 'MetricsPlatformIntakeReadToken' ), (float)$config->get( 'MetricsPlatformIntakeReadTimeout' ),
			LoggerFactory::getInstance( 'MetricsPlatform' ) );
	},
	'MetricsPlatform.DefinitionSaver' => static function ( MediaWikiServices $services ): DefinitionSaver {
		return new DefinitionSaver( $services->getWikiPageFactory(), $services->getPermissionManager(), $services->getMainConfig() );
	},
];
