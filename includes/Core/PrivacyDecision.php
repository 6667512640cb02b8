<?php

namespace MediaWiki\Extension\MetricsPlatform\Core;

/**
 * The one rule for "this reader refuses usage data", shared by every tier: the opt-out preference,
 * or, where the wiki respects them ($wgMetricsPlatformRespectDoNotTrack, default true), Do Not Track
 * (`DNT: 1`) or Global Privacy Control (`Sec-GPC: 1`). The browser applies the same rule to the same
 * signals (navigator.doNotTrack, navigator.globalPrivacyControl, which browsers send as these
 * headers); tests/fixtures/privacy.json holds the vectors both sides pass. Pure.
 */
class PrivacyDecision {

	/**
	 * @param mixed $doNotTrack the DNT header (or navigator.doNotTrack): "1" or "yes" refuse
	 * @param mixed $globalPrivacyControl the Sec-GPC header: "1" refuses (true, from navigator, too)
	 * @param bool $optedOut the user's opt-out preference
	 * @param bool $respectSignals whether DNT and GPC are honoured
	 * @return bool true: send nothing about this reader, store no identifier, enrol in nothing
	 */
	public static function refuses( $doNotTrack, $globalPrivacyControl, bool $optedOut, bool $respectSignals ): bool {
		if ( $optedOut ) {
			return true;
		}
		if ( !$respectSignals ) {
			return false;
		}
		$dnt = is_string( $doNotTrack ) ? trim( $doNotTrack ) : $doNotTrack;
		$gpc = is_string( $globalPrivacyControl ) ? trim( $globalPrivacyControl ) : $globalPrivacyControl;
		return $dnt === '1' || $dnt === 'yes' || $gpc === '1' || $gpc === true;
	}
}
