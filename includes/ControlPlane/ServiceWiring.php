<?php

use MediaWiki\Extension\MetricsPlatform\ControlPlane\DefinitionSaver;
use MediaWiki\Extension\MetricsPlatform\ControlPlane\DefinitionStore;
use MediaWiki\MediaWikiServices;

return [
	'MetricsPlatform.DefinitionStore' => static function ( MediaWikiServices $services ): DefinitionStore {
		return new DefinitionStore( $services->getDBLoadBalancer(), $services->getRevisionLookup(), $services->getMainWANObjectCache() );
	},
	'MetricsPlatform.DefinitionSaver' => static function ( MediaWikiServices $services ): DefinitionSaver {
		return new DefinitionSaver( $services->getWikiPageFactory(), $services->getPermissionManager(), $services->getMainConfig() );
	},
];
