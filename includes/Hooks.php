<?php

namespace MediaWiki\Extension\MetricsPlatform;

use Config;
use MediaWiki\Hook\BeforePageDisplayHook;
use MediaWiki\Preferences\Hook\GetPreferencesHook;
use MediaWiki\User\UserOptionsLookup;
use OutputPage;
use Skin;

/**
 * Loads the client on every page (it only registers listeners), passes the user's own settings
 * through mw.config, and adds the two preferences.
 */
class Hooks implements BeforePageDisplayHook, GetPreferencesHook {

	public const PREF_GADGET_OPT_IN = 'metricsplatform-gadget-optin';
	public const PREF_DEBUG = 'metricsplatform-debug';

	public function __construct(
		private UserOptionsLookup $userOptionsLookup,
		private Config $config
	) {
	}

	/**
	 * @param OutputPage $out
	 * @param Skin $skin
	 */
	public function onBeforePageDisplay( $out, $skin ): void {
		$user = $out->getUser();
		$out->addJsConfigVars( 'wgMetricsPlatformUser', [
			'gadgetOptIn' => $user->isRegistered() && $this->userOptionsLookup->getBoolOption( $user, self::PREF_GADGET_OPT_IN ),
			'debug' => $user->isRegistered() && $this->userOptionsLookup->getBoolOption( $user, self::PREF_DEBUG ),
		] );
		$out->addModules( 'ext.metricsPlatform' );
	}

	/**
	 * @param \User $user
	 * @param array &$preferences
	 */
	public function onGetPreferences( $user, &$preferences ): void {
		$preferences[self::PREF_GADGET_OPT_IN] = [
			'type' => 'toggle',
			'label-message' => 'metricsplatform-pref-gadget-optin',
			'help-message' => 'metricsplatform-pref-gadget-optin-help',
			'section' => 'personal/metricsplatform',
		];
		$preferences[self::PREF_DEBUG] = [
			'type' => 'toggle',
			'label-message' => 'metricsplatform-pref-debug',
			'section' => 'personal/metricsplatform',
		];
	}
}
