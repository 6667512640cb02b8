#!/usr/bin/env node
/**
 * Writes tests/fixtures/attributes.json: which contextual attributes an event carries for a
 * stream's provide_values and a page's context. The cases (a context and a provide_values list, with
 * a note) are declared below; the expected attributes are derived here from the rule and from the
 * event schema (schemas/analytics/product_metrics/web/base/1.3.0.yaml), not by any client's code:
 *  - the two agent platform fields always, then the names asked for, each once;
 *  - a name `group_key` is the event field `group.key` (split at the first underscore), written
 *    only when the schema has that field (so agent_ua_string, which the intake records from the
 *    request, and mediawiki_is_production / is_debug_mode are never written);
 *  - null and absent values are left out; the agent platform fields default to mediawiki_js and
 *    desktop_browser; performer.edit_count_bucket, when not given, is the schema's bucket (its enum
 *    labels, "1-4 edits", "1000+ edits"…, read as ranges) of a whole, non-negative edit_count.
 * Usage: node build/generate-attribute-vectors.mjs
 */
import { writeFileSync } from 'node:fs';
import { attributesOf } from './attributeRules.mjs';

/** The Metrics Platform's attribute catalogue: every name a stream may ask for. */
const CATALOGUE = [
	'agent_client_platform', 'agent_client_platform_family', 'agent_ua_string',
	'page_id', 'page_title', 'page_namespace_id', 'page_namespace_name', 'page_revision_id', 'page_wikidata_qid',
	'page_content_language', 'page_is_redirect', 'page_user_groups_allowed_to_move', 'page_user_groups_allowed_to_edit',
	'mediawiki_skin', 'mediawiki_version', 'mediawiki_is_production', 'mediawiki_is_debug_mode', 'mediawiki_database',
	'mediawiki_site_content_language', 'mediawiki_site_content_language_variant',
	'performer_is_logged_in', 'performer_id', 'performer_name', 'performer_session_id', 'performer_pageview_id',
	'performer_groups', 'performer_is_bot', 'performer_is_temp', 'performer_language', 'performer_language_variant',
	'performer_can_probably_edit_page', 'performer_edit_count', 'performer_edit_count_bucket', 'performer_registration_dt'
];

const ANONYMOUS = {
	agent: { client_platform: 'mediawiki_js', client_platform_family: 'desktop_browser', ua_string: 'Mozilla/5.0' },
	page: { id: 1, title: 'Main_Page', namespace_id: 0, namespace_name: '', revision_id: 3, content_language: 'en', is_redirect: false, user_groups_allowed_to_move: [], user_groups_allowed_to_edit: [] },
	mediawiki: { skin: 'vector', version: '1.39.17', is_production: false, is_debug_mode: false, database: 'e2ewiki', site_content_language: 'en' },
	performer: { is_logged_in: false, id: 0, session_id: '0123456789abcdef0123', pageview_id: 'fedcba9876543210fedc', groups: [ '*' ], is_bot: false, is_temp: false, language: 'en', can_probably_edit_page: true }
};
const changedIn = ( context, changes ) => Object.fromEntries( Object.entries( context ).map( ( [ group, fields ] ) => [ group, Object.assign( {}, fields, changes[ group ] ) ] ) );
const ALICE = changedIn( ANONYMOUS, { performer: { is_logged_in: true, id: 7, groups: [ '*', 'user', 'autoconfirmed' ], name: 'Alice', edit_count: 120, registration_dt: '2021-03-04T05:06:07.000Z', language_variant: 'en-gb' } } );

/** [ note, context, provide_values ] */
const CASES = [
	[ 'nothing asked: only the platform fields', ANONYMOUS, [] ],
	[ 'anonymous: a few fields', ANONYMOUS, [ 'page_id', 'performer_is_logged_in', 'performer_id' ] ],
	[ 'anonymous: everything asked, name/edit count/registration absent', ANONYMOUS, CATALOGUE ],
	[ 'logged in: everything asked, edit count bucket derived', ALICE, CATALOGUE ],
	[ 'logged in with null registration: registration omitted, 0 edits bucket', changedIn( ALICE, { performer: { edit_count: 0, registration_dt: null } } ), CATALOGUE ],
	[ 'mobile: platform family from context', changedIn( ANONYMOUS, { agent: { client_platform_family: 'mobile_browser' }, mediawiki: { skin: 'minerva' } } ), [ 'mediawiki_skin' ] ],
	[ 'no agent in context: platform defaults', { page: { title: 'X' } }, [ 'page_title' ] ],
	[ 'PHP platform kept from context', { agent: { client_platform: 'mediawiki_php', client_platform_family: 'desktop_browser' }, page: { id: 5 } }, [ 'page_id' ] ],
	[ 'falsy values are sent, nulls are not', { page: { id: 0, title: '', is_redirect: false, user_groups_allowed_to_edit: [], wikidata_qid: null } }, [ 'page_id', 'page_title', 'page_is_redirect', 'page_user_groups_allowed_to_edit', 'page_wikidata_qid' ] ],
	[ 'given bucket wins over derived', { performer: { edit_count: 3, edit_count_bucket: '1000+ edits' } }, [ 'performer_edit_count_bucket' ] ],
	[ 'unasked attributes never leave: name not asked', ALICE, [ 'performer_id' ] ]
];

writeFileSync( new URL( '../tests/fixtures/attributes.json', import.meta.url ), JSON.stringify( {
	description: 'Attribute selection (build/generate-attribute-vectors.mjs, from the event schema): only the attributes named in provide_values (plus agent.client_platform and agent.client_platform_family, always) are copied from the context, nested at the first underscore; null/absent values are omitted; performer.edit_count_bucket is derived from performer.edit_count when not given. agent_ua_string is recorded by the intake from the request (http.request_headers[\'user-agent\']), and mediawiki_is_production / mediawiki_is_debug_mode have no field in the event schema: no client writes them.',
	vectors: CASES.map( ( [ note, context, provideValues ] ) => ( { note, provide_values: provideValues, context, expected: attributesOf( context, provideValues ) } ) )
}, null, '\t' ) + '\n' );
console.log( `tests/fixtures/attributes.json: ${ CASES.length } vectors` );
