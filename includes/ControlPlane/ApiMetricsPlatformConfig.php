<?php

namespace MediaWiki\Extension\MetricsPlatform\ControlPlane;

use ApiBase;
use ApiResult;
use MediaWiki\Extension\MetricsPlatform\ModuleConfig;
use Wikimedia\ParamValidator\ParamValidator;

/**
 * action=metricsplatformconfig: what off-wiki clients and the intake read. "streams" has the shape of
 * EventStreamConfig's action=streamconfigs (stream name => config; the control plane adds each page
 * stream's owner, end and retention under "control_plane"); "experiments" and "flags" are the
 * $wgMetricsPlatformExperiments/Flags shapes; "expired" names the page streams past their end, with
 * the end, so that the intake can say why it refuses them. Each page stream also carries its
 * retention at the top level ("retention_days", what the intake's purge reads). Only active
 * definitions are served. Public and cacheable for 5 minutes (the propagation bound).
 *
 * CORS: only for the origins of $wgMetricsPlatformCorsOrigins (CorsOrigins), anonymously, without
 * the `origin` parameter; MediaWiki's own anonymous CORS (origin=*), which would open it to every
 * site, is refused here for any other origin.
 */
class ApiMetricsPlatformConfig extends ApiBase {

	private const MAX_AGE = 300;

	/** @inheritDoc */
	public function execute() {
		$params = $this->extractRequestParams();
		$request = $this->getRequest();
		$allowed = CorsOrigins::allowed( $request->getHeader( 'Origin' ), $this->getConfig()->get( 'MetricsPlatformCorsOrigins' ) ?: [] );
		if ( $this->getMain()->getVal( 'origin' ) === '*' && $request->getHeader( 'Origin' ) !== false && $allowed === null ) {
			$this->dieWithError( [ 'apierror-metricsplatformconfig-cors', $request->getHeader( 'Origin' ) ], 'cors-origin' );
		}
		// Cached answers differ by origin.
		$this->getOutput()->addVaryHeader( 'Origin' );
		if ( $allowed !== null && $this->getMain()->getVal( 'origin' ) === null ) {
			$request->response()->header( "Access-Control-Allow-Origin: $allowed" );
		}
		$now = time();
		$config = $this->getConfig();
		$streams = ModuleConfig::rawStreams( $config );
		if ( $params['streams'] ) {
			$streams = array_intersect_key( $streams, array_flip( $params['streams'] ) );
		}
		$expired = [];
		$store = \MediaWiki\MediaWikiServices::getInstance()->getService( 'MetricsPlatform.DefinitionStore' );
		foreach ( $store->valid() as $definition ) {
			$stream = $definition->stream();
			if ( $stream !== null && $definition->state( $now ) === 'expired' && !isset( $streams[$stream] ) ) {
				$expired[$stream] = [ 'definition' => $definition->name(), 'end' => $definition->data()['end'] ];
			}
		}
		$result = $this->getResult();
		foreach ( [
			'streams' => $streams,
			'experiments' => ServedDefinitions::experiments( $config->get( 'MetricsPlatformExperiments' ) ?: [], $now ),
			'flags' => ServedDefinitions::flags( $config->get( 'MetricsPlatformFlags' ) ?: [], $now ),
			'expired' => $expired,
		] as $key => $value ) {
			$value[ApiResult::META_TYPE] = 'assoc';
			$result->addValue( null, $key, $value, ApiResult::NO_SIZE_CHECK );
		}
		$this->getMain()->setCacheMode( 'public' );
		$this->getMain()->setCacheMaxAge( self::MAX_AGE );
	}

	/** @inheritDoc */
	public function getAllowedParams() {
		return [
			'streams' => [
				ParamValidator::PARAM_TYPE => 'string',
				ParamValidator::PARAM_ISMULTI => true,
			],
		];
	}

	/** @inheritDoc */
	protected function getExamplesMessages() {
		return [
			'action=metricsplatformconfig&formatversion=2' => 'apihelp-metricsplatformconfig-example-all',
			'action=metricsplatformconfig&streams=mediawiki.gadget_interaction&formatversion=2' => 'apihelp-metricsplatformconfig-example-streams',
		];
	}
}
