import type { ContextAttributes, JsonObject, JsonValue } from './types';

/**
 * Every contextual attribute a stream may ask for in `provide_values`. The event field is the name
 * split at its first underscore: `page_user_groups_allowed_to_edit` → `page.user_groups_allowed_to_edit`.
 */
export const CONTEXT_ATTRIBUTE_NAMES: readonly string[] = [
	'agent_client_platform',
	'agent_client_platform_family',
	'agent_ua_string',
	'page_id',
	'page_title',
	'page_namespace_id',
	'page_namespace_name',
	'page_revision_id',
	'page_wikidata_qid',
	'page_content_language',
	'page_is_redirect',
	'page_user_groups_allowed_to_move',
	'page_user_groups_allowed_to_edit',
	'mediawiki_skin',
	'mediawiki_version',
	'mediawiki_is_production',
	'mediawiki_is_debug_mode',
	'mediawiki_database',
	'mediawiki_site_content_language',
	'mediawiki_site_content_language_variant',
	'performer_is_logged_in',
	'performer_id',
	'performer_name',
	'performer_session_id',
	'performer_pageview_id',
	'performer_groups',
	'performer_is_bot',
	'performer_is_temp',
	'performer_language',
	'performer_language_variant',
	'performer_can_probably_edit_page',
	'performer_edit_count',
	'performer_edit_count_bucket',
	'performer_registration_dt',
];

const KNOWN = new Set( CONTEXT_ATTRIBUTE_NAMES );

/**
 * Names of the catalogue that the event schema (analytics/product_metrics/web/base, as upstream
 * ships it) has no field for, with the reason. A stream asking for one is refused when its config
 * loads; no client ever writes them. (Upstream's clients offer them, and their events fail
 * validation — drift not copied.)
 */
export const ATTRIBUTES_WITHOUT_SCHEMA_FIELD: Readonly<Record<string, string>> = {
	mediawiki_is_production: 'the event schema has no mediawiki.is_production field',
	mediawiki_is_debug_mode: 'the event schema has no mediawiki.is_debug_mode field',
};

/**
 * Names the intake records from the request instead of the client writing them:
 * `agent_ua_string` is the request's User-Agent header, stored as
 * `http.request_headers['user-agent']` (the schema has no `agent.ua_string`).
 */
export const INTAKE_RECORDED_ATTRIBUTES: readonly string[] = [ 'agent_ua_string' ];

/**
 * Whether a known name puts a field into the event the client builds.
 *
 * @param name a known attribute name
 */
function writtenByClient( name: string ): boolean {
	return !INTAKE_RECORDED_ATTRIBUTES.includes( name ) && !Object.prototype.hasOwnProperty.call( ATTRIBUTES_WITHOUT_SCHEMA_FIELD, name );
}

/** The attribute groups, i.e. the top-level event fields that hold contextual attributes. */
export type AttributeGroup = 'agent' | 'page' | 'mediawiki' | 'performer';

/** An attribute name resolved to where it lives in the event. */
export interface AttributePath {
	name: string;
	group: AttributeGroup;
	key: string;
}

/**
 * Whether `name` is a contextual attribute that streams may ask for.
 *
 * @param name e.g. `page_id`
 */
export function isKnownAttribute( name: string ): boolean {
	return KNOWN.has( name );
}

/**
 * Splits an attribute name at its first underscore.
 *
 * @example attributePath( 'page_namespace_id' ) // { name, group: 'page', key: 'namespace_id' }
 * @param name a known attribute name
 */
export function attributePath( name: string ): AttributePath {
	const i = name.indexOf( '_' );
	return { name, group: name.slice( 0, i ) as AttributeGroup, key: name.slice( i + 1 ) };
}

/**
 * Reads one attribute from nested context; `undefined` when absent or null.
 *
 * @param context nested attributes
 * @param path where the attribute lives
 */
function readAttribute( context: ContextAttributes, path: AttributePath ): JsonValue | undefined {
	const group = context[ path.group ];
	const value = group ? group[ path.key ] : undefined;
	return value === null ? undefined : value;
}

/** The five edit-count buckets, with the exact labels of the monoschema. */
export const EDIT_COUNT_BUCKETS = [ '0 edits', '1-4 edits', '5-99 edits', '100-999 edits', '1000+ edits' ] as const;

/** One of {@link EDIT_COUNT_BUCKETS}. */
export type EditCountBucket = typeof EDIT_COUNT_BUCKETS[ number ];

/**
 * The low-granularity bucket for an edit count.
 *
 * @example editCountBucket( 4 ) // '1-4 edits'
 * @param editCount a whole number of edits; anything else gives `undefined`
 */
export function editCountBucket( editCount: unknown ): EditCountBucket | undefined {
	if ( typeof editCount !== 'number' || !Number.isInteger( editCount ) || editCount < 0 ) {
		return undefined;
	}
	if ( editCount === 0 ) {
		return '0 edits';
	}
	if ( editCount < 5 ) {
		return '1-4 edits';
	}
	if ( editCount < 100 ) {
		return '5-99 edits';
	}
	return editCount < 1000 ? '100-999 edits' : '1000+ edits';
}

/** The platform fields every event carries, whatever `provide_values` says. */
const ALWAYS: readonly AttributePath[] = [
	attributePath( 'agent_client_platform' ),
	attributePath( 'agent_client_platform_family' ),
];

/** Defaults for the platform fields when the context gives none. */
const PLATFORM_DEFAULTS: Record<string, string> = {
	client_platform: 'mediawiki_js',
	client_platform_family: 'desktop_browser',
};

/**
 * Compiles a `provide_values` list into the paths to copy, in order, without duplicates; the two
 * agent platform fields always come first. Names the client does not write
 * ({@link INTAKE_RECORDED_ATTRIBUTES}, {@link ATTRIBUTES_WITHOUT_SCHEMA_FIELD}) are left out.
 *
 * @param provideValues known attribute names (validated by the stream config)
 */
export function compileAttributeSelection( provideValues: readonly string[] ): AttributePath[] {
	const seen = new Set<string>( ALWAYS.map( ( p ) => p.name ) );
	const paths = ALWAYS.slice();
	for ( const name of provideValues ) {
		if ( !seen.has( name ) && KNOWN.has( name ) && writtenByClient( name ) ) {
			seen.add( name );
			paths.push( attributePath( name ) );
		}
	}
	return paths;
}

function attributeValue( context: ContextAttributes, path: AttributePath ): JsonValue | undefined {
	let value = readAttribute( context, path );
	if ( value === undefined ) {
		if ( path.group === 'agent' ) {
			value = PLATFORM_DEFAULTS[ path.key ];
		} else if ( path.name === 'performer_edit_count_bucket' ) {
			value = editCountBucket( context.performer && context.performer.edit_count );
		}
	}
	return value;
}

/**
 * Copies the selected attributes from `context` into `target`, nested by group. Null and absent
 * values are omitted; `0`, `false`, `''` and `[]` are kept. Arrays are copied, so later changes to the
 * context do not reach a queued event.
 *
 * @param context nested attributes from the environment
 * @param paths from {@link compileAttributeSelection}
 * @param target the event being built
 */
export function addContextAttributes( context: ContextAttributes, paths: readonly AttributePath[], target: JsonObject ): void {
	for ( const path of paths ) {
		const value = attributeValue( context, path );
		if ( value === undefined ) {
			continue;
		}
		let group = target[ path.group ] as JsonObject | undefined;
		if ( !group ) {
			group = target[ path.group ] = {};
		}
		group[ path.key ] = Array.isArray( value ) ? value.slice() : value;
	}
}
