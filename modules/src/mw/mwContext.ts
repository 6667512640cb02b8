import type { ContextAttributes, SampleUnit } from '../core/types';
import type { Mw } from './mwTypes';

/**
 * wgUserRegistration (milliseconds since the epoch, or null for old accounts) as ISO-8601.
 *
 * @param value
 */
function registrationDt( value: unknown ): string | undefined {
	return typeof value === 'number' && isFinite( value ) ? new Date( value ).toISOString() : undefined;
}

/**
 * The contextual attributes of this page view, read from mw.config and mw.user exactly as the Metrics
 * Platform defines them. Values that are absent or null are left out (the core omits them);
 * performer name, edit count, its bucket and registration are given for logged-in users only.
 * The session and pageview ids are read only when an attribute asks for them (the page's tokens,
 * each read once per page view). mw/mwContextSources.ts lists what each attribute reads.
 *
 * @param mw the `mw` global
 * @param userAgent `navigator.userAgent`
 * @param token the page's sampling token of a unit
 */
export function mwContext( mw: Mw, userAgent: string, token: ( unit: SampleUnit ) => string ): ContextAttributes {
	const c = ( key: string ): unknown => mw.config.get( key );
	const anon = mw.user.isAnon();
	const groups = c( 'wgUserGroups' );
	const version = c( 'wgVersion' );
	const context: ContextAttributes = {
		agent: {
			client_platform: 'mediawiki_js',
			client_platform_family: c( 'wgMFMode' ) ? 'mobile_browser' : 'desktop_browser',
			ua_string: userAgent,
		},
		page: {
			id: c( 'wgArticleId' ) as number,
			// Without the namespace and with underscores, as the schema defines it (and the PHP side sends).
			title: typeof c( 'wgTitle' ) === 'string' ? ( c( 'wgTitle' ) as string ).replace( / /g, '_' ) : undefined,
			namespace_id: c( 'wgNamespaceNumber' ) as number,
			namespace_name: c( 'wgCanonicalNamespace' ) as string,
			revision_id: c( 'wgRevisionId' ) as number,
			wikidata_qid: c( 'wgWikibaseItemId' ) as string,
			content_language: c( 'wgPageContentLanguage' ) as string,
			is_redirect: c( 'wgIsRedirect' ) as boolean,
			user_groups_allowed_to_move: c( 'wgRestrictionMove' ) as string[],
			user_groups_allowed_to_edit: c( 'wgRestrictionEdit' ) as string[],
		},
		mediawiki: {
			skin: c( 'skin' ) as string,
			version: version as string,
			is_production: typeof version === 'string' && version.includes( 'wmf' ),
			is_debug_mode: !!c( 'debug' ),
			database: c( 'wgDBname' ) as string,
			site_content_language: c( 'wgContentLanguage' ) as string,
		},
		performer: {
			is_logged_in: !anon,
			id: mw.user.getId(),
			get session_id() {
				return token( 'session' );
			},
			get pageview_id() {
				return token( 'pageview' );
			},
			groups: groups as string[],
			is_bot: Array.isArray( groups ) && groups.includes( 'bot' ),
			is_temp: c( 'wgUserIsTemp' ) as boolean,
			language: c( 'wgUserLanguage' ) as string,
			language_variant: c( 'wgUserVariant' ) as string,
			can_probably_edit_page: c( 'wgIsProbablyEditable' ) as boolean,
		},
	};
	if ( !anon ) {
		const performer = context.performer as Record<string, unknown>;
		performer.name = mw.user.getName();
		performer.edit_count = c( 'wgUserEditCount' );
		performer.registration_dt = registrationDt( c( 'wgUserRegistration' ) );
	}
	return context;
}

/**
 * The page's contextual attributes as the core's context port wants them: the same object for as
 * long as the mw.config values that mwContext read are the same (each compared by identity, as
 * mw.config.set replaces them), a new one when one changed — e.g. wgRevisionId after a
 * VisualEditor save. So an event costs ~25 mw.config.get, not a new context.
 *
 * @param mw the `mw` global
 * @param userAgent `navigator.userAgent`
 * @param token the page's sampling token of a unit
 */
export function mwPageContext( mw: Mw, userAgent: string, token: ( unit: SampleUnit ) => string ): () => ContextAttributes {
	let read: [ string, unknown ][] = [];
	let context: ContextAttributes | null = null;
	const get = ( key: string ): unknown => {
		const value = mw.config.get( key );
		read.push( [ key, value ] );
		return value;
	};
	// mw.user answers from wgUserName and wgUserId in MediaWiki 1.39: they are watched too.
	const recording = { config: { get }, user: mw.user } as unknown as Mw;
	return () => {
		if ( !context || read.some( ( [ key, value ] ) => mw.config.get( key ) !== value ) ) {
			read = [];
			get( 'wgUserName' );
			get( 'wgUserId' );
			context = mwContext( recording, userAgent, token );
		}
		return context;
	};
}
