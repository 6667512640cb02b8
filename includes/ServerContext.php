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
				'is_temp' => method_exists( $user, 'isTemp' ) ? $user->isTemp() : false,
				'language' => $context->getLanguage()->getCode(),
			],
		];
		if ( $title ) {
			$restrictions = $services->getRestrictionStore();
			$attributes['page'] = [
				'id' => $title->getArticleID(),
				'title' => $title->getDBkey(),
				'namespace_id' => $title->getNamespace(),
				'namespace_name' => $services->getNamespaceInfo()->getCanonicalName( $title->getNamespace() ) ?: '',
				'revision_id' => $title->getLatestRevID() ?: null,
				'content_language' => $title->getPageLanguage()->getCode(),
				'is_redirect' => $title->isRedirect(),
				'user_groups_allowed_to_move' => $title->canExist() ? $restrictions->getRestrictions( $title, 'move' ) : [],
				'user_groups_allowed_to_edit' => $title->canExist() ? $restrictions->getRestrictions( $title, 'edit' ) : [],
			];
			$attributes['performer']['can_probably_edit_page'] = $title->canExist() &&
				$services->getPermissionManager()->quickUserCan( 'edit', $user, $title );
		}
		if ( $user->isRegistered() ) {
			$attributes['performer']['name'] = $user->getName();
			$attributes['performer']['edit_count'] = $user->getEditCount();
			$registration = $user->getRegistration();
			// Old accounts have no registration date: leave it out rather than send 1970.
			$attributes['performer']['registration_dt'] = $registration ? wfTimestamp( TS_ISO_8601, $registration ) : null;
		}
		return $attributes;
	}
}
