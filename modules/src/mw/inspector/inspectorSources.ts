import { sourcesOf } from '../mwContextSources';

/** The page and wiki attributes, one mw.config key each (mw/mwContext.ts reads them so). */
const OWN_KEY: Record<string, string> = {
	page_id: 'wgArticleId', page_title: 'wgTitle', page_namespace_id: 'wgNamespaceNumber',
	page_namespace_name: 'wgCanonicalNamespace', page_revision_id: 'wgRevisionId',
	page_wikidata_qid: 'wgWikibaseItemId', page_content_language: 'wgPageContentLanguage',
	page_is_redirect: 'wgIsRedirect', page_user_groups_allowed_to_move: 'wgRestrictionMove',
	page_user_groups_allowed_to_edit: 'wgRestrictionEdit', mediawiki_skin: 'skin',
	mediawiki_version: 'wgVersion', mediawiki_database: 'wgDBname', mediawiki_site_content_language: 'wgContentLanguage',
};

/** The sources that are not mw.config keys, in words. */
const SPECIAL: Record<string, string> = {
	'@pageview': 'the page view token',
	'@session': 'the session cookie mwuser-sessionId',
	'@ua': 'navigator.userAgent',
	'@in': 'logged in (wgUserName)',
};

/**
 * Where the wiki's browser client reads a contextual attribute, for people: the mw.config key(s),
 * or the token, cookie or browser property.
 *
 * @example attributeSource( 'page_title' ) // 'mw.config wgTitle'
 * @example attributeSource( 'performer_session_id' ) // 'the session cookie mwuser-sessionId'
 * @param attribute e.g. `page_title`
 */
export function attributeSource( attribute: string ): string {
	const keys = Object.prototype.hasOwnProperty.call( OWN_KEY, attribute ) ? [ OWN_KEY[ attribute ] ] : sourcesOf( attribute ).filter( Boolean );
	return keys.map( ( k ) => SPECIAL[ k ] || 'mw.config ' + k ).join( ', ' ) || '—';
}
