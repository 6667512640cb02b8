import type { StreamConfig } from '../core/types';
import type { MwModuleConfig, QueuedCall } from './mwMetricsPlatform';

/**
 * Where mwContext reads the contextual attributes: mw.config keys, `@ua` (the user agent),
 * `@session` / `@pageview` (those tokens), or `@in` (whether the user is logged in: mw.user answers
 * it from `wgUserName` in MediaWiki 1.39, so a kept page keeps the name only when a stream asks for
 * it). A kept page's snapshot holds exactly these, under these names. Space-separated, by group for the page and the wiki attributes (public facts of the page), by
 * the name after the group for the agent and performer ones. A test checks that every attribute comes out the same
 * from only these sources.
 */
export const CONTEXT_SOURCES: Record<string, string> = Object.assign( Object.create( null ), {
	page: 'wgArticleId wgTitle wgNamespaceNumber wgCanonicalNamespace wgRevisionId wgWikibaseItemId wgPageContentLanguage wgIsRedirect wgRestrictionMove wgRestrictionEdit',
	mediawiki: 'skin wgVersion debug wgDBname wgContentLanguage',
	ua_string: '@ua',
	is_logged_in: '@in',
	id: 'wgUserId',
	name: '@in wgUserName',
	session_id: '@session',
	pageview_id: '@pageview',
	groups: 'wgUserGroups',
	is_bot: 'wgUserGroups',
	is_temp: 'wgUserIsTemp',
	language: 'wgUserLanguage',
	language_variant: 'wgUserVariant',
	can_probably_edit_page: 'wgIsProbablyEditable',
	edit_count: '@in wgUserEditCount',
	edit_count_bucket: '@in wgUserEditCount',
	registration_dt: '@in wgUserRegistration',
} );

/**
 * The sources of one attribute: its group's (page, mediawiki), else its own by the name after the
 * group (agent, performer).
 *
 * @param attribute e.g. `performer_name`
 */
export function sourcesOf( attribute: string ): string[] {
	const i = attribute.indexOf( '_' );
	return ( CONTEXT_SOURCES[ attribute.slice( 0, i ) ] || CONTEXT_SOURCES[ attribute.slice( i + 1 ) ] || '' ).split( ' ' );
}

/**
 * A caller's stream name for a warning; String() would throw for some objects.
 *
 * @param value
 */
function nameOf( value: unknown ): string {
	return typeof value === 'string' ? value : typeof value;
}

/**
 * The streams a call goes to (dispatch: every stream whose `events` prefixes match its name).
 *
 * @param call a recorded call
 * @param config the module's config.json
 */
export function streamsOfCall( call: QueuedCall, config: MwModuleConfig ): string[] {
	const a = call.a;
	const streams = config.streams as Record<string, StreamConfig>;
	return call.m === 'dispatch' ? Object.keys( streams ).filter( ( name ) => {
		const mp = ( streams[ name ].producers || {} ).metrics_platform_client;
		return typeof a[ 0 ] === 'string' && ( ( mp && mp.events ) || [] ).some( ( prefix: string ) => ( a[ 0 ] as string ).indexOf( prefix ) === 0 );
	} ) : [ nameOf( call.m === 'gadget' ? config.gadgetStream : a[ call.m === 'instrument' ? 1 : 0 ] ) ];
}

/**
 * The sources (see {@link CONTEXT_SOURCES}) that building these calls reads: their streams' sample
 * units and `provide_values` (a `submit` call adds no attributes), and what every event needs: the
 * domain, the platform family and the reader's experiment enrolment.
 *
 * @example neededSources( [ { m: 'submitClick', a: [ 's', {} ], t: 0 } ], config ) // Set { 'wgServerName', …, 'wgTitle', '@session' }
 * @param calls recorded calls
 * @param config the module's config.json
 */
export function neededSources( calls: readonly QueuedCall[], config: MwModuleConfig ): Set<string> {
	const needed = new Set( [ 'wgServerName', 'wgMFMode', 'wgMetricsPlatformExperiments' ] );
	const streams = config.streams as Record<string, StreamConfig>;
	for ( const call of calls ) {
		for ( const name of streamsOfCall( call, config ) ) {
			// The server sent only valid streams; a name like "constructor" finds no producers or sample.
			const stream = streams[ name ];
			const mp = stream && ( stream.producers || {} ).metrics_platform_client;
			if ( stream && stream.sample ) {
				needed.add( '@' + stream.sample.unit );
			}
			for ( const attribute of ( call.m !== 'submit' && mp && mp.provide_values ) || [] ) {
				sourcesOf( attribute ).forEach( ( source ) => source && needed.add( source ) );
			}
		}
	}
	return needed;
}
