<?php

namespace MediaWiki\Extension\MetricsPlatform;

use Config;
use MediaWiki\Hook\BeforePageDisplayHook;
use MediaWiki\Hook\OutputPageBodyAttributesHook;
use MediaWiki\Preferences\Hook\GetPreferencesHook;
use MediaWiki\User\UserOptionsLookup;
use OutputPage;
use Skin;

/**
 * Loads the client on every page (it only registers listeners), passes the user's own settings
 * through mw.config, and adds the two preferences.
 */
class Hooks implements BeforePageDisplayHook, GetPreferencesHook, OutputPageBodyAttributesHook {

	public const PREF_GADGET_OPT_IN = 'metricsplatform-gadget-optin';
	public const PREF_DEBUG = 'metricsplatform-debug';
	public const PREF_OPT_OUT = 'metricsplatform-optout';

	private UserOptionsLookup $userOptionsLookup;
	private Config $config;
	private ExperimentManager $experimentManager;

	public function __construct(
		UserOptionsLookup $userOptionsLookup,
		Config $config,
		ExperimentManager $experimentManager
	) {
		$this->userOptionsLookup = $userOptionsLookup;
		$this->config = $config;
		$this->experimentManager = $experimentManager;
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
			'optOut' => $user->isRegistered() && $this->userOptionsLookup->getBoolOption( $user, self::PREF_OPT_OUT ),
		] );
		$out->addModules( 'ext.metricsPlatform' );

		// Experiments and flags: per user, so in mw.config, never in cached module content.
		$state = $this->experimentManager->forRequest( $out->getContext() );
		if ( $state['enrolled'] || $state['flags'] ) {
			$out->addJsConfigVars( 'wgMetricsPlatformExperiments', $state );
			$out->addModules( 'ext.metricsPlatform.experiments' );
			$pairs = [];
			foreach ( $state['assigned'] as $name => $group ) {
				$pairs[] = "$name=$group";
			}
			foreach ( $state['flags'] as $key => $value ) {
				// Flags with a simple value are named too; JSON values are not header material.
				$text = is_bool( $value ) ? ( $value ? 'on' : 'off' ) : ( is_scalar( $value ) ? (string)$value : null );
				if ( $text !== null && preg_match( '/^[-_.A-Za-z0-9]{1,63}$/', $text ) ) {
					$pairs[] = "$key=$text";
				}
			}
			if ( $pairs ) {
				$out->getRequest()->response()->header( 'X-Experiment-Enrollments: ' . implode( ';', $pairs ) . ';' );
			}
		}
	}

	/**
	 * Body classes metricsplatform-experiment-<name> and metricsplatform-experiment-<name>-<group>,
	 * so that CSS-only variants show in the first paint.
	 *
	 * @param OutputPage $out
	 * @param Skin $sk
	 * @param array &$bodyAttrs
	 */
	public function onOutputPageBodyAttributes( $out, $sk, &$bodyAttrs ): void {
		$classes = [];
		foreach ( $this->experimentManager->forRequest( $out->getContext() )['assigned'] as $name => $group ) {
			$classes[] = "metricsplatform-experiment-$name";
			$classes[] = "metricsplatform-experiment-$name-$group";
		}
		if ( $classes ) {
			$bodyAttrs['class'] = trim( ( $bodyAttrs['class'] ?? '' ) . ' ' . implode( ' ', $classes ) );
		}
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
		$preferences[self::PREF_OPT_OUT] = [
			'type' => 'toggle',
			'label-message' => 'metricsplatform-pref-optout',
			'help-message' => 'metricsplatform-pref-optout-help',
			'section' => 'personal/metricsplatform',
		];
		$preferences[self::PREF_DEBUG] = [
			'type' => 'toggle',
			'label-message' => 'metricsplatform-pref-debug',
			'section' => 'personal/metricsplatform',
		];
	}
}
