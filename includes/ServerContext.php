<?php

namespace MediaWiki\Extension\MetricsPlatform;

use IContextSource;
use MediaWiki\MediaWikiServices;

/**
 * The contextual attributes of a request, named and shaped exactly as the browser client's
 * (page_user_groups_allowed_to_*, not upstream's page_groups_allowed_to_*; is_debug_mode is the
 * ResourceLoader debug flag in both).
 */
class ServerContext {

	/**
	 * @param IContextSource $context
	 * @param string $sessionId 20 hex digits identifying the session
	 * @param string $pageviewId 20 hex digits identifying this request
	 * @return array nested attributes: agent, page, mediawiki, performer
	 */
	public static function attributes( IContextSource $context, string $sessionId, string $pageviewId ): array {
		$services = MediaWikiServices::getInstance();
		$config = $context->getConfig();
		$user = $context->getUser();
		$title = $context->getTitle();
		$request = $context->getRequest();
		$version = MW_VERSION;
		$groups = $services->getUserGroupManager()->getUserEffectiveGroups( $user );
		$attributes = [
			'agent' => [
				'client_platform' => 'mediawiki_php',
				'client_platform_family' => 'desktop_browser',
				'ua_string' => $request->getHeader( 'User-Agent' ) ?: null,
			],
			'mediawiki' => [
				'skin' => $context->getSkin()->getSkinName(),
				'version' => $version,
				'is_production' => strpos( $version, 'wmf' ) !== false,
				'is_debug_mode' => (bool)$request->getFuzzyBool( 'debug' ),
				'database' => $config->get( 'DBname' ),
				'site_content_language' => $services->getContentLanguage()->getCode(),
			],
			'performer' => [
				'is_logged_in' => $user->isRegistered(),
				'id' => $user->getId(),
				'session_id' => $sessionId,
				'pageview_id' => $pageviewId,
				'groups' => array_values( $groups ),
				'is_bot' => in_array( 'bot', $groups, true ),
				'language' => $context->getLanguage()->getCode(),
			],
		];
		if ( method_exists( $user, 'isTemp' ) && version_compare( MW_VERSION, '1.40', '>=' ) ) {
			// MediaWiki 1.39 gives pages no wgUserIsTemp, so the browser leaves is_temp out: so does the server there.
			$attributes['performer']['is_temp'] = $user->isTemp();
		}
		if ( $title ) {
			$restrictions = $services->getRestrictionStore();
			$attributes['page'] = [
				'id' => $title->getArticleID(),
				'title' => $title->getDBkey(),
				'namespace_id' => $title->getNamespace(),
				'namespace_name' => $services->getNamespaceInfo()->getCanonicalName( $title->getNamespace() ) ?: '',
				// 0 where there is none, like the browser's wgRevisionId.
				'revision_id' => $title->getLatestRevID(),
				'content_language' => $title->getPageLanguage()->getCode(),
				'is_redirect' => $title->isRedirect(),
			];
			// As OutputPage gives them to the browser (wgRestrictionEdit, wgRestrictionMove): only the
			// restriction types that apply to the page (a page that does not exist has only "create").
			$applicable = $title->canExist() ? $restrictions->listApplicableRestrictionTypes( $title ) : [];
			foreach ( [ 'move', 'edit' ] as $type ) {
				if ( in_array( $type, $applicable, true ) ) {
					$attributes['page']["user_groups_allowed_to_$type"] = $restrictions->getRestrictions( $title, $type );
				}
			}
			$attributes['performer']['can_probably_edit_page'] = $title->canExist() &&
				$services->getPermissionManager()->quickUserCan( 'edit', $user, $title );
		}
		if ( $user->isRegistered() ) {
			$attributes['performer']['name'] = $user->getName();
			$attributes['performer']['edit_count'] = $user->getEditCount();
			$registration = $user->getRegistration();
			// Old accounts have no registration date: leave it out rather than send 1970.
			// With milliseconds, as the browser writes it (Date.prototype.toISOString).
			$attributes['performer']['registration_dt'] = $registration ?
				gmdate( 'Y-m-d\\TH:i:s.000\\Z', (int)wfTimestamp( TS_UNIX, $registration ) ) : null;
		}
		return $attributes;
	}
}
