<?php

namespace MediaWiki\Extension\MetricsPlatform;

use Config;
use MediaWiki\Cache\Hook\HTMLFileCache__useFileCacheHook;
use MediaWiki\Extension\MetricsPlatform\Core\Enrollment;
use MediaWiki\Hook\BeforePageDisplayHook;
use MediaWiki\Hook\OutputPageBodyAttributesHook;
use MediaWiki\Hook\OutputPageCheckLastModifiedHook;
use MediaWiki\Preferences\Hook\GetPreferencesHook;
use MediaWiki\User\UserOptionsLookup;
use OutputPage;
use Skin;

/**
 * Loads the client on every page (it only registers listeners), passes the user's own settings
 * through mw.config, adds the preferences, and keeps pages with per-reader experiment state out of
 * every shared cache: not served from or stored in the file cache, answered with
 * "Cache-Control: no-cache, no-store, max-age=0, must-revalidate" (so no CDN or browser keeps them)
 * and never answered 304 from an older copy.
 */
class Hooks implements
	BeforePageDisplayHook,
	GetPreferencesHook,
	OutputPageBodyAttributesHook,
	HTMLFileCache__useFileCacheHook,
	OutputPageCheckLastModifiedHook
{

	public const PREF_GADGET_OPT_IN = 'metricsplatform-gadget-optin';
	public const PREF_DEBUG = 'metricsplatform-debug';
	public const PREF_OPT_OUT = 'metricsplatform-optout';

	private UserOptionsLookup $userOptionsLookup;
	private Config $config;
	private ExperimentManager $experimentManager;

	/**
	 * @param UserOptionsLookup $userOptionsLookup
	 * @param Config $config
	 * @param ExperimentManager $experimentManager
	 */
	public function __construct( UserOptionsLookup $userOptionsLookup, Config $config, ExperimentManager $experimentManager ) {
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
		// Debug: the preference, or ?mpdebug=1 for this page view. Only then does the inspector load
		// (everyone else gets none of its bytes) and do warnings reach the console.
		$debug = ( $user->isRegistered() && $this->userOptionsLookup->getBoolOption( $user, self::PREF_DEBUG ) ) ||
			$out->getRequest()->getRawVal( 'mpdebug' ) === '1';
		$out->addJsConfigVars( 'wgMetricsPlatformUser', [
			'gadgetOptIn' => $user->isRegistered() && $this->userOptionsLookup->getBoolOption( $user, self::PREF_GADGET_OPT_IN ),
			'debug' => $debug,
			'optOut' => $user->isRegistered() && $this->userOptionsLookup->getBoolOption( $user, self::PREF_OPT_OUT ),
		] );
		$out->addModules( 'ext.metricsPlatform' );
		if ( $debug ) {
			// Per user, so in mw.config: why the reader is or is not in each experiment.
			$out->addJsConfigVars( 'wgMetricsPlatformInspector', [ 'experiments' => $this->experimentManager->explain( $out->getContext() ) ] );
			$out->addModules( 'ext.metricsPlatform.inspector' );
		}

		// Experiments and flags: per reader, so in mw.config, never in cached module content; and the
		// page itself is then kept out of shared caches.
		$state = $this->experimentManager->forRequest( $out->getContext() );
		if ( $this->experimentManager->hasReaderState( $out->getContext() ) ) {
			$out->disableClientCache();
		}
		if ( $state['enrolled'] || $state['flags'] ) {
			$out->addJsConfigVars( 'wgMetricsPlatformExperiments', $state );
			$out->addModules( 'ext.metricsPlatform.experiments' );
			$header = Enrollment::headerValue( $state['assigned'], $state['flags'] );
			if ( $header !== '' ) {
				$out->getRequest()->response()->header( 'X-Experiment-Enrollments: ' . $header );
			}
		}
	}

	/**
	 * A reader with per-reader state is neither served from nor stored in the file cache (called
	 * before serving a cached copy and before storing one).
	 *
	 * @param \IContextSource $context
	 * @return bool
	 */
	public function onHTMLFileCache__useFileCache( $context ) {
		return !$this->experimentManager->hasReaderState( $context );
	}

	/**
	 * A page with per-reader state is new on every request: later than any If-Modified-Since a
	 * browser can hold, so it is never answered 304 from a copy made for another state.
	 *
	 * @param array &$modifiedTimes
	 * @param OutputPage $out
	 * @return void
	 */
	public function onOutputPageCheckLastModified( &$modifiedTimes, $out ) {
		if ( $this->experimentManager->hasReaderState( $out->getContext() ) ) {
			$out->disableClientCache();
			$modifiedTimes['metricsplatform'] = wfTimestamp( TS_MW, time() + 1 );
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
		$classes = Enrollment::bodyClasses( $this->experimentManager->forRequest( $out->getContext() )['assigned'] );
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
