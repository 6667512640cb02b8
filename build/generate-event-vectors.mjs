#!/usr/bin/env node
/**
 * Writes tests/fixtures/events.json: whole events, replayed call by call. The cases (stream configs,
 * a context, calls) are declared below with their notes; the events each client must hand to
 * delivery are built here by the rules as the README and the Metrics Platform state them, with the
 * schema (schemas/analytics/product_metrics/web/base/<version>.yaml) for the fields and limits, and
 * the attribute and curation rules of build/attributeRules.mjs and build/curationRules.mjs — not by
 * either client's code:
 *  - stream configs: `false` is any stream, unsampled, no attributes; `{ streams: … }` is the
 *    action=streamconfigs form; a stream whose sample block is not a rate in [0, 1] and a unit of
 *    pageview, session or device is disabled; an unknown or disabled stream sends nothing;
 *  - sampling: in sample when the first 8 hex digits of the unit's token (performer.<unit>_id), over
 *    0xffffffff, are below the rate;
 *  - an interaction event is `$schema`, `action`, the caller's fields (never the client-owned
 *    `$schema`, `action`, `meta`, `dt`, `sample`, `experiments` or the attribute groups), the stream's
 *    attributes, `meta` (stream: `stream_name` if the producer redirects, domain) and the stream's
 *    `sample`; it is dropped when a field is not in its (known) schema, a string is longer than the
 *    schema's maxLength (in code points), or curation fails;
 *  - submitClick is action `click` with web/base 1.3.0; dispatch goes to every stream whose `events`
 *    prefixes match, each with its `schema_id` (default web/base 1.3.0); an instrument numbers its
 *    events from 1 (`funnel_event_sequence_position`) and stamps `instrument_name`; submit sends the
 *    caller's event with `meta` and `sample` only.
 * `dt` and `meta.id` differ on every run and are not part of the vectors.
 * Usage: node build/generate-event-vectors.mjs
 */
import { readFileSync, writeFileSync } from 'node:fs';
import yaml from 'js-yaml';
import { attributesOf } from './attributeRules.mjs';
import { passes } from './curationRules.mjs';

const WEB = '/analytics/product_metrics/web/base/1.3.0';
const DOMAIN = 'test.wiki.local';
const schemas = {};
/** The schema of an ID, or null when it is not one of the web base schemas in this repository. */
function schemaOf( id ) {
	const m = /^\/analytics\/product_metrics\/web\/base\/(\d+\.\d+\.\d+)$/.exec( id );
	if ( !m ) {
		return null;
	}
	try {
		schemas[ id ] = schemas[ id ] || yaml.load( readFileSync( new URL( `../schemas${ id }.yaml`, import.meta.url ), 'utf8' ) );
	} catch ( e ) {
		return null;
	}
	return schemas[ id ];
}
const RESERVED = [ '$schema', 'action', 'meta', 'dt', 'sample', 'experiments', 'agent', 'page', 'mediawiki', 'performer' ];
const UNITS = [ 'pageview', 'session', 'device' ];

const ANONYMOUS = {
	agent: { client_platform: 'mediawiki_js', client_platform_family: 'desktop_browser', ua_string: 'Mozilla/5.0' },
	page: { id: 1, title: 'Main_Page', namespace_id: 0, namespace_name: '', revision_id: 3, content_language: 'en', is_redirect: false, user_groups_allowed_to_move: [], user_groups_allowed_to_edit: [] },
	mediawiki: { skin: 'vector', version: '1.39.17', is_production: false, is_debug_mode: false, database: 'e2ewiki', site_content_language: 'en' },
	performer: { is_logged_in: false, id: 0, session_id: '0123456789abcdef0123', pageview_id: 'fedcba9876543210fedc', groups: [ '*' ], is_bot: false, is_temp: false, language: 'en', can_probably_edit_page: true }
};
const ALICE = Object.assign( {}, ANONYMOUS, { performer: Object.assign( {}, ANONYMOUS.performer, { is_logged_in: true, id: 7, groups: [ '*', 'user', 'autoconfirmed' ], name: 'Alice', edit_count: 120, registration_dt: '2021-03-04T05:06:07.000Z', language_variant: 'en-gb' } ) } );
const OUT_OF_SAMPLE = Object.assign( {}, ANONYMOUS, { performer: Object.assign( {}, ANONYMOUS.performer, { pageview_id: 'ffffffffffffffffffff' } ) } );
/** Every attribute web/base 1.3.0 has a field for. */
const EVERY_1_3_0 = [ 'page_id', 'page_title', 'page_namespace_id', 'page_namespace_name', 'page_revision_id', 'page_content_language', 'page_is_redirect', 'page_user_groups_allowed_to_move', 'page_user_groups_allowed_to_edit', 'mediawiki_skin', 'mediawiki_version', 'mediawiki_database', 'mediawiki_site_content_language', 'performer_is_logged_in', 'performer_id', 'performer_name', 'performer_session_id', 'performer_pageview_id', 'performer_groups', 'performer_is_bot', 'performer_is_temp', 'performer_language', 'performer_language_variant', 'performer_can_probably_edit_page', 'performer_edit_count', 'performer_edit_count_bucket', 'performer_registration_dt' ];

/** [ note, stream configs, context, calls, whether the events validate against their schema ] */
const CASES = [
	[ 'anonymous page view with every 1.3.0 attribute', { 'web.pageview': { sample: { rate: 1, unit: 'session' }, producers: { metrics_platform_client: { provide_values: EVERY_1_3_0 } } } }, ANONYMOUS, [ { method: 'submitInteraction', args: [ 'web.pageview', '/analytics/product_metrics/web/base/1.3.0', 'page_view' ] } ], true ],
	[ 'logged-in interaction with every interaction field (session token 0123… is in at rate 0.5)', { 'web.edit': { sample: { rate: 0.5, unit: 'session' }, producers: { metrics_platform_client: { provide_values: EVERY_1_3_0 } } } }, ALICE, [ { method: 'submitInteraction', args: [ 'web.edit', '/analytics/product_metrics/web/base/1.3.0', 'click', { action_subtype: 'toolbar', action_source: 'editor', action_context: '{"tool":"bold"}', element_id: 'save-button', element_friendly_name: 'Save', funnel_name: 'edit', funnel_entry_token: 'abc123', funnel_event_sequence_position: 3 } ] } ], true ],
	[ 'submitClick writes action click and the web base schema', { 'web.click': { producers: { metrics_platform_client: { provide_values: [ 'page_title' ] } } } }, ANONYMOUS, [ { method: 'submitClick', args: [ 'web.click', { element_id: 'cta' } ] } ], true ],
	[ 'dispatch reaches every stream whose prefix matches, each with its own schema, attributes and redirect', { 'a.stream': { producers: { metrics_platform_client: { provide_values: [ 'page_id' ], events: [ 'editor_' ] } } }, 'b.stream': { producers: { metrics_platform_client: { provide_values: [ 'performer_is_logged_in' ], events: [ 'editor_save' ], stream_name: 'b.redirected' } }, schema_id: '/analytics/product_metrics/web/base/1.2.0' }, 'c.stream': { producers: { metrics_platform_client: { provide_values: [ 'page_id' ], events: [ 'reader_' ] } } } }, ANONYMOUS, [ { method: 'dispatch', args: [ 'editor_save', { action_source: 'toolbar' } ] } ], false ],
	[ 'out of sample: nothing is sent (pageview token ffff… at rate 0.5)', { 'web.edit': { sample: { rate: 0.5, unit: 'pageview' }, producers: { metrics_platform_client: { provide_values: EVERY_1_3_0 } } } }, OUT_OF_SAMPLE, [ { method: 'submitInteraction', args: [ 'web.edit', '/analytics/product_metrics/web/base/1.3.0', 'click' ] } ], true ],
	[ 'curation filters an anonymous user from a logged-in stream', { 'web.loggedin': { producers: { metrics_platform_client: { provide_values: [ 'performer_is_logged_in' ], curation: { performer_is_logged_in: { equals: true } } } } } }, ANONYMOUS, [ { method: 'submitInteraction', args: [ 'web.loggedin', '/analytics/product_metrics/web/base/1.3.0', 'click' ] } ], true ],
	[ 'curation lets a logged-in user with 100+ edits through', { 'web.loggedin': { producers: { metrics_platform_client: { provide_values: [ 'performer_is_logged_in', 'performer_edit_count_bucket' ], curation: { performer_is_logged_in: { equals: true }, performer_edit_count_bucket: { in: [ '100-999 edits', '1000+ edits' ] } } } } } }, ALICE, [ { method: 'submitInteraction', args: [ 'web.loggedin', '/analytics/product_metrics/web/base/1.3.0', 'click' ] } ], true ],
	[ 'an action over 64 characters is dropped', { 'web.x': { producers: { metrics_platform_client: { provide_values: EVERY_1_3_0 } } } }, ANONYMOUS, [ { method: 'submitInteraction', args: [ 'web.x', '/analytics/product_metrics/web/base/1.3.0', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' ] } ], true ],
	[ 'an action of exactly 64 characters is sent', { 'web.x': { producers: { metrics_platform_client: { provide_values: [] } } } }, ANONYMOUS, [ { method: 'submitInteraction', args: [ 'web.x', '/analytics/product_metrics/web/base/1.3.0', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' ] } ], true ],
	[ 'an unknown stream sends nothing', { 'web.x': { producers: { metrics_platform_client: { provide_values: EVERY_1_3_0 } } } }, ANONYMOUS, [ { method: 'submitInteraction', args: [ 'web.unknown', '/analytics/product_metrics/web/base/1.3.0', 'click' ] } ], true ],
	[ 'a stream with an invalid config sends nothing; its valid neighbour still does', { 'web.bad': { sample: { rate: 2, unit: 'session' } }, 'web.good': { producers: { metrics_platform_client: { provide_values: [] } } } }, ANONYMOUS, [ { method: 'submitInteraction', args: [ 'web.bad', '/analytics/product_metrics/web/base/1.3.0', 'click' ] }, { method: 'submitInteraction', args: [ 'web.good', '/analytics/product_metrics/web/base/1.3.0', 'click' ] } ], true ],
	[ 'caller data cannot override $schema, meta or contextual attributes', { 'web.x': { producers: { metrics_platform_client: { provide_values: [ 'page_id' ] } } } }, ANONYMOUS, [ { method: 'submitInteraction', args: [ 'web.x', '/analytics/product_metrics/web/base/1.3.0', 'click', { $schema: '/evil/1.0.0', meta: { stream: 'other' }, page: { id: 999 }, element_id: 'ok' } ] } ], true ],
	[ 'caller data cannot set experiments, performer, agent, mediawiki, dt, sample or action', { 'web.x': { producers: { metrics_platform_client: { provide_values: [ 'page_id' ] } } } }, ANONYMOUS, [ { method: 'submitInteraction', args: [ 'web.x', '/analytics/product_metrics/web/base/1.3.0', 'click', { experiments: { enrolled: [ 'fake-experiment-1' ], assigned: { 'fake-experiment-1': 'treatment' } }, performer: { id: 7 }, agent: { client_platform: 'evil' }, mediawiki: { skin: 'evil' }, dt: '2000-01-01T00:00:00.000Z', sample: { rate: 1, unit: 'session' }, action: 'evil', element_id: 'ok' } ] } ], true ],
	[ 'an instrument numbers its events from 1 and stamps its name', { 'web.funnel': { producers: { metrics_platform_client: { provide_values: [] } } } }, ANONYMOUS, [ { method: 'newInstrument', args: [ 'web.funnel', '/analytics/product_metrics/web/base/1.3.0', 'signup-funnel' ], calls: [ { method: 'submitInteraction', args: [ 'start' ] }, { method: 'submitInteraction', args: [ 'finish', { action_source: 'form' } ] } ] } ], true ],
	[ "submit sends the caller's event with meta and sample but no contextual attributes", { 'legacy.stream': { sample: { rate: 1, unit: 'pageview' } } }, ANONYMOUS, [ { method: 'submit', args: [ 'legacy.stream', { $schema: '/analytics/product_metrics/web/base/1.3.0', action: 'legacy' } ] } ], false ],
	[ 'stream configs false: any stream, unsampled, platform fields only', false, ANONYMOUS, [ { method: 'submitInteraction', args: [ 'anything.goes', '/analytics/product_metrics/web/base/1.3.0', 'click' ] } ], true ],
	[ 'the action=streamconfigs form is accepted', { streams: { 'web.x': { producers: { metrics_platform_client: { provide_values: [ 'page_id' ] } } } } }, ANONYMOUS, [ { method: 'submitInteraction', args: [ 'web.x', '/analytics/product_metrics/web/base/1.3.0', 'click' ] } ], true ]
];

/** Usable streams by name, in config order. */
function streamsOf( configs ) {
	if ( configs === false ) {
		return null;
	}
	const raw = configs.streams || configs;
	const usable = new Map();
	for ( const [ name, config ] of Object.entries( raw ) ) {
		const sample = config.sample;
		if ( sample === undefined || ( typeof sample.rate === 'number' && sample.rate >= 0 && sample.rate <= 1 && UNITS.includes( sample.unit ) ) ) {
			usable.set( name, config );
		}
	}
	return usable;
}

function build( configs, context ) {
	const streams = streamsOf( configs );
	const events = [];
	const stream = ( name ) => streams === null ? {} : streams.get( name );
	const inSample = ( config ) => !config.sample || Number.parseInt( String( context.performer[ config.sample.unit + '_id' ] ).slice( 0, 8 ), 16 ) / 0xffffffff < config.sample.rate;
	const mp = ( config ) => ( config.producers && config.producers.metrics_platform_client ) || {};
	const finish = ( name, config, event ) => {
		event.meta = { stream: mp( config ).stream_name || name, domain: DOMAIN };
		if ( config.sample ) {
			event.sample = config.sample;
		}
		events.push( event );
	};
	const fits = ( schemaId, event ) => {
		const schema = schemaOf( schemaId );
		return !schema || Object.entries( event ).every( ( [ field, value ] ) => schema.properties[ field ] &&
			( typeof value !== 'string' || schema.properties[ field ].maxLength === undefined || [ ...value ].length <= schema.properties[ field ].maxLength ) );
	};
	const interaction = ( name, schemaId, action, data = {} ) => {
		const config = stream( name );
		if ( !config || !inSample( config ) ) {
			return;
		}
		const event = { $schema: schemaId, action };
		for ( const [ field, value ] of Object.entries( data ) ) {
			if ( !RESERVED.includes( field ) ) {
				event[ field ] = value;
			}
		}
		if ( !fits( schemaId, event ) ) {
			return;
		}
		Object.assign( event, attributesOf( context, mp( config ).provide_values || [] ) );
		if ( passes( mp( config ).curation || {}, event ) ) {
			finish( name, config, event );
		}
	};
	const run = ( call ) => {
		const a = call.args;
		if ( call.method === 'submitInteraction' ) {
			interaction( ...a );
		} else if ( call.method === 'submitClick' ) {
			interaction( a[ 0 ], WEB, 'click', a[ 1 ] );
		} else if ( call.method === 'dispatch' ) {
			for ( const [ name, config ] of streams ) {
				if ( ( mp( config ).events || [] ).some( ( prefix ) => a[ 0 ].startsWith( prefix ) ) ) {
					interaction( name, config.schema_id || WEB, a[ 0 ], a[ 1 ] );
				}
			}
		} else if ( call.method === 'newInstrument' ) {
			call.calls.forEach( ( inner, i ) => interaction( a[ 0 ], a[ 1 ] || WEB, inner.args[ 0 ],
				Object.assign( {}, inner.args[ 1 ], { funnel_event_sequence_position: i + 1, instrument_name: a[ 2 ] } ) ) );
		} else if ( call.method === 'submit' ) {
			const config = stream( a[ 0 ] );
			if ( config && inSample( config ) && fits( a[ 1 ].$schema, a[ 1 ] ) ) {
				finish( a[ 0 ], config, Object.assign( {}, a[ 1 ] ) );
			}
		}
	};
	return { run, events };
}

writeFileSync( new URL( '../tests/fixtures/events.json', import.meta.url ), JSON.stringify( {
	description: `Whole events (build/generate-event-vectors.mjs): replay \`calls\` against a client built from stream_configs, domain and context; the events handed to delivery, without dt and meta.id, must equal expected_events in order. When schema_valid is true, every event (with meta.dt as the intake adds it) validates against ${ WEB }.`,
	vectors: CASES.map( ( [ note, streamConfigs, context, calls, schemaValid ] ) => {
		const b = build( streamConfigs, context );
		calls.forEach( b.run );
		return { note, stream_configs: streamConfigs, domain: DOMAIN, context, calls, expected_events: b.events, schema_valid: schemaValid };
	} )
}, null, '\t' ) + '\n' );
console.log( `tests/fixtures/events.json: ${ CASES.length } vectors` );
