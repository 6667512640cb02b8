<?php

namespace MediaWiki\Extension\MetricsPlatform\Core;

/**
 * Contextual attributes: the names streams may ask for, the edit-count buckets, and the selection
 * of what an event carries. Same rules as the TypeScript client (tests/fixtures/attributes.json).
 */
class ContextAttributes {

	public const NAMES = [
		'agent_client_platform', 'agent_client_platform_family', 'agent_ua_string',
		'page_id', 'page_title', 'page_namespace_id', 'page_namespace_name', 'page_revision_id',
		'page_wikidata_qid', 'page_content_language', 'page_is_redirect',
		'page_user_groups_allowed_to_move', 'page_user_groups_allowed_to_edit',
		'mediawiki_skin', 'mediawiki_version', 'mediawiki_is_production', 'mediawiki_is_debug_mode',
		'mediawiki_database', 'mediawiki_site_content_language', 'mediawiki_site_content_language_variant',
		'performer_is_logged_in', 'performer_id', 'performer_name', 'performer_session_id',
		'performer_pageview_id', 'performer_groups', 'performer_is_bot', 'performer_is_temp',
		'performer_language', 'performer_language_variant', 'performer_can_probably_edit_page',
		'performer_edit_count', 'performer_edit_count_bucket', 'performer_registration_dt',
	];

	/**
	 * Names the event schema (web/base, as upstream ships it) has no field for: a stream asking for
	 * one is refused when its config loads, and no event carries them. Same as the TypeScript client.
	 */
	public const WITHOUT_SCHEMA_FIELD = [
		'mediawiki_is_production' => 'the event schema has no mediawiki.is_production field',
		'mediawiki_is_debug_mode' => 'the event schema has no mediawiki.is_debug_mode field',
	];

	/**
	 * Names the intake records from the request instead of the client writing them: agent_ua_string
	 * is the User-Agent header, stored as http.request_headers['user-agent'].
	 */
	public const RECORDED_BY_INTAKE = [ 'agent_ua_string' ];

	/** The platform fields every event carries, and their defaults for this (PHP) client. */
	private const ALWAYS = [
		'agent_client_platform' => 'mediawiki_php',
		'agent_client_platform_family' => 'desktop_browser',
	];

	/**
	 * @param string $name
	 * @return array{0:string,1:string} group and key
	 */
	public static function path( string $name ): array {
		$i = strpos( $name, '_' );
		return [ substr( $name, 0, $i ), substr( $name, $i + 1 ) ];
	}

	/**
	 * @param mixed $editCount
	 * @return string|null
	 */
	public static function editCountBucket( $editCount ): ?string {
		if ( !is_int( $editCount ) || $editCount < 0 ) {
			return null;
		}
		if ( $editCount === 0 ) {
			return '0 edits';
		}
		if ( $editCount < 5 ) {
			return '1-4 edits';
		}
		if ( $editCount < 100 ) {
			return '5-99 edits';
		}
		return $editCount < 1000 ? '100-999 edits' : '1000+ edits';
	}

	/**
	 * Copies the attributes named in $provideValues (and the two platform fields) from $context
	 * into $event, nested by group. Null and absent values are left out.
	 *
	 * @param array $context nested attributes: agent, page, mediawiki, performer
	 * @param string[] $provideValues
	 * @param array &$event
	 * @param string $platformDefault agent.client_platform when the context has none
	 */
	public static function addTo( array $context, array $provideValues, array &$event, string $platformDefault = 'mediawiki_php' ): void {
		$names = array_keys( self::ALWAYS );
		foreach ( $provideValues as $name ) {
			if ( in_array( $name, self::NAMES, true ) && !in_array( $name, $names, true )
				&& !in_array( $name, self::RECORDED_BY_INTAKE, true ) && !isset( self::WITHOUT_SCHEMA_FIELD[$name] )
			) {
				$names[] = $name;
			}
		}
		foreach ( $names as $name ) {
			[ $group, $key ] = self::path( $name );
			$value = $context[$group][$key] ?? null;
			if ( $value === null ) {
				if ( $name === 'agent_client_platform' ) {
					$value = $platformDefault;
				} elseif ( $name === 'agent_client_platform_family' ) {
					$value = self::ALWAYS[$name];
				} elseif ( $name === 'performer_edit_count_bucket' ) {
					$value = self::editCountBucket( $context['performer']['edit_count'] ?? null );
				}
			}
			if ( $value !== null ) {
				$event[$group][$key] = $value;
			}
		}
	}
}
