/**
 * Every name of the attribute catalogue, asked for alone by a stream: either the client's event is
 * accepted by the intake and its stored row validates against the shipped schema, or the stream is
 * refused when its config loads, with a warning naming the stream and the attribute.
 */
import { CONTEXT_ATTRIBUTE_NAMES } from '../../../modules/src/core/contextAttributes';
import { createMetricsClient } from '../../../modules/src/entries/standalone';
import type { ContextAttributes, MetricsEvent } from '../../../modules/src/core/types';
import { post, startIntake, WEB } from '../intakeHarness';
import { schemaValidator } from '../schemaValidator';

/** A value for every attribute of the catalogue, as a logged-in reader's page would give them. */
const CONTEXT: ContextAttributes = {
	agent: { client_platform: 'mediawiki_js', client_platform_family: 'desktop_browser', ua_string: 'Mozilla/5.0 (catalogue test)' },
	page: { id: 1, title: 'Main_Page', namespace_id: 0, namespace_name: '', revision_id: 3, wikidata_qid: 'Q42', content_language: 'en', is_redirect: false, user_groups_allowed_to_move: [ 'sysop' ], user_groups_allowed_to_edit: [] },
	mediawiki: { skin: 'vector', version: '1.39.17', is_production: false, is_debug_mode: false, database: 'e2ewiki', site_content_language: 'en', site_content_language_variant: 'en-gb' },
	performer: {
		is_logged_in: true, id: 7, name: 'Alice', session_id: '0123456789abcdef0123', pageview_id: 'fedcba9876543210fedc', groups: [ '*', 'user' ],
		is_bot: false, is_temp: false, language: 'en', language_variant: 'en-gb', can_probably_edit_page: true, edit_count: 120, edit_count_bucket: '100-999 edits',
		registration_dt: '2021-03-04T05:06:07.000Z',
	},
};

QUnit.module( 'intake: the attribute catalogue against the shipped schema', () => {
	QUnit.test( 'every attribute name gives a stored, schema-valid event or is refused at config load', async ( assert ) => {
		const validate = schemaValidator( WEB );
		const outcome: Record<string, string> = {};
		for ( const name of CONTEXT_ATTRIBUTE_NAMES ) {
			const stream = `catalogue.${ name }`;
			const configs = { [ stream ]: { schema_title: 'analytics/product_metrics/web/base', producers: { metrics_platform_client: { provide_values: [ name ] } } } };
			const warnings: string[] = [];
			const batches: MetricsEvent[][] = [];
			const client = createMetricsClient( { streamConfigs: configs, domain: 'test.wiki.local', context: CONTEXT, warn: ( m ) => warnings.push( m ), transport: ( batch ) => {
				batches.push( batch );
			} } );
			client.submitInteraction( stream, WEB, 'click' );
			await client.flush();
			const { intake, url, sink, logs } = await startIntake( undefined, configs );
			const events = ( [] as MetricsEvent[] ).concat( ...batches );
			if ( !events.length ) {
				const named = ( m: string ): boolean => m.includes( stream ) && m.includes( name );
				assert.true( warnings.some( named ), `${ name }: the client refuses the stream, naming it and the attribute: ${ warnings.join( ' | ' ) }` );
				assert.true( logs.some( named ), `${ name }: so does the intake when it loads the configs: ${ logs.join( ' | ' ) }` );
				outcome[ name ] = 'refused at load';
			} else {
				const res = await post( url, events, { 'User-Agent': 'Mozilla/5.0 (catalogue test)' } );
				const stored = await sink.recent( stream, 10 );
				const errors = stored.map( ( row ) => validate( row.event ) ).flat();
				assert.true( res.status === 201 && stored.length === 1 && !errors.length, `${ name }: ${ res.status } ${ res.body } ${ errors.join( '; ' ) }` );
				outcome[ name ] = 'valid';
			}
			await intake.close();
		}
		assert.deepEqual(
			Object.keys( outcome ).filter( ( n ) => outcome[ n ] === 'refused at load' ),
			[ 'mediawiki_is_production', 'mediawiki_is_debug_mode' ],
			'refused: exactly the names the schema has no field for',
		);
	} );

	QUnit.test( 'agent_ua_string: the intake records the user agent; the client writes no agent.ua_string', async ( assert ) => {
		const configs = { 'catalogue.ua': { producers: { metrics_platform_client: { provide_values: [ 'agent_ua_string' ] } } } };
		const batches: MetricsEvent[][] = [];
		const client = createMetricsClient( { streamConfigs: configs, context: CONTEXT, transport: ( batch ) => {
			batches.push( batch );
		} } );
		client.submitInteraction( 'catalogue.ua', WEB, 'click' );
		await client.flush();
		const event = batches[ 0 ][ 0 ] as unknown as { agent: Record<string, unknown> };
		assert.deepEqual( event.agent, { client_platform: 'mediawiki_js', client_platform_family: 'desktop_browser' } );
		const { intake, url, sink } = await startIntake( undefined, configs );
		await post( url, batches[ 0 ], { 'User-Agent': 'Mozilla/5.0 (catalogue test)' } );
		const stored = ( await sink.recent( 'catalogue.ua', 1 ) )[ 0 ].event as { http: unknown };
		assert.deepEqual( stored.http, { request_headers: { 'user-agent': 'Mozilla/5.0 (catalogue test)' } } );
		await intake.close();
	} );
} );
