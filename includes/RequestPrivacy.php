<?php

namespace MediaWiki\Extension\MetricsPlatform;

use Config;
use IContextSource;
use MediaWiki\Extension\MetricsPlatform\Core\PrivacyDecision;
use MediaWiki\User\UserOptionsLookup;
use SplObjectStorage;

/**
 * The privacy decision of a request (service MetricsPlatform.RequestPrivacy), made once per request
 * and read by the experiment manager (no enrolment, no identifier cookie) and the server-side event
 * submitter (no event about the reader). The rule is Core\PrivacyDecision, which the browser client
 * applies to the same signals.
 */
class RequestPrivacy {

	private Config $config;
	private UserOptionsLookup $userOptionsLookup;
	/** @var SplObjectStorage decisions by WebRequest */
	private SplObjectStorage $decisions;

	/**
	 * @param Config $config
	 * @param UserOptionsLookup $userOptionsLookup
	 */
	public function __construct( Config $config, UserOptionsLookup $userOptionsLookup ) {
		$this->config = $config;
		$this->userOptionsLookup = $userOptionsLookup;
		$this->decisions = new SplObjectStorage();
	}

	/**
	 * Whether the reader of this request refuses usage data (opt-out preference, DNT, GPC).
	 *
	 * @param IContextSource $context
	 * @return bool
	 */
	public function refuses( IContextSource $context ): bool {
		$request = $context->getRequest();
		if ( !$this->decisions->contains( $request ) ) {
			$user = $context->getUser();
			$this->decisions[$request] = PrivacyDecision::refuses(
				$request->getHeader( 'DNT' ),
				$request->getHeader( 'Sec-GPC' ),
				$user->isRegistered() && $this->userOptionsLookup->getBoolOption( $user, Hooks::PREF_OPT_OUT ),
				(bool)$this->config->get( 'MetricsPlatformRespectDoNotTrack' )
			);
		}
		return $this->decisions[$request];
	}
}
