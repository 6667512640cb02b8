import { createStreamRegistry, streamConfigProblem, WEB_BASE_SCHEMA_ID } from '../../../modules/src/core/streamConfig';

function registry( input: unknown ): { warnings: string[]; r: ReturnType<typeof createStreamRegistry> } {
	const warnings: string[] = [];
	return { warnings, r: createStreamRegistry( input, ( m ) => warnings.push( m ) ) };
}

QUnit.module( 'core/streamConfig', () => {
	QUnit.test( 'browser form and action=streamconfigs form', ( assert ) => {
		const config = { sample: { rate: 0.5, unit: 'session' }, producers: { metrics_platform_client: { provide_values: [ 'page_id' ] } } };
		for ( const input of [ { 'a.b': config }, { streams: { 'a.b': config } } ] ) {
			const { r, warnings } = registry( input );
			const s = r.get( 'a.b' );
			assert.true( !!s, 'stream found' );
			assert.deepEqual( s && s.sample, { rate: 0.5, unit: 'session' } );
			assert.deepEqual( s && s.attributes.map( ( p ) => p.name ), [ 'agent_client_platform', 'agent_client_platform_family', 'page_id' ] );
			assert.deepEqual( warnings, [] );
		}
	} );

	QUnit.test( 'false: any stream, unsampled, platform fields only', ( assert ) => {
		const { r } = registry( false );
		const s = r.get( 'whatever' );
		assert.strictEqual( s && s.sample, undefined );
		assert.strictEqual( s && s.schemaId, WEB_BASE_SCHEMA_ID );
		assert.strictEqual( s && s.attributes.length, 2 );
	} );

	QUnit.test( 'each invalid stream is disabled with one warning naming it and the field', ( assert ) => {
		const bad: Record<string, unknown> = {
			'bad.rate': { sample: { rate: 1.5, unit: 'session' } },
			'bad.unit': { sample: { rate: 0.5, unit: 'user' } },
			'bad.attr': { producers: { metrics_platform_client: { provide_values: [ 'page_id', 'performer_password' ] } } },
			'bad.op': { producers: { metrics_platform_client: { provide_values: [ 'page_id' ], curation: { page_id: { bigger: 1 } } } } },
			'bad.curated': { producers: { metrics_platform_client: { provide_values: [], curation: { page_id: { equals: 1 } } } } },
			'bad.events': { producers: { metrics_platform_client: { events: 'click' } } },
			'bad.type': 'nope',
			'good.one': {},
		};
		const expectations: Record<string, string> = {
			'bad.rate': 'sample.rate', 'bad.unit': 'sample.unit', 'bad.attr': 'performer_password',
			'bad.op': '"bigger"', 'bad.curated': 'provide_values does not ask', 'bad.events': 'events', 'bad.type': 'not an object',
		};
		const { r, warnings } = registry( bad );
		assert.strictEqual( warnings.length, 7, 'one warning per bad stream' );
		for ( const name of Object.keys( expectations ) ) {
			assert.strictEqual( r.get( name ), null, `${ name } disabled` );
			const w = warnings.find( ( m ) => m.includes( `"${ name }"` ) );
			assert.true( !!w && w.includes( expectations[ name ] ), `${ name }: ${ w }` );
		}
		assert.notStrictEqual( r.get( 'good.one' ), null, 'the valid stream still works' );
	} );

	QUnit.test( 'streamConfigProblem accepts every valid shape', ( assert ) => {
		assert.strictEqual( streamConfigProblem( {} ), null );
		assert.strictEqual( streamConfigProblem( { schema_title: 'x', destination_event_service: 'y' } ), null, 'unknown keys are kept' );
		assert.strictEqual( streamConfigProblem( { producers: { other_client: {} } } ), null );
		assert.strictEqual( streamConfigProblem( { producers: { metrics_platform_client: {
			events: [ 'a' ], provide_values: [ 'performer_groups' ], stream_name: 'x',
			curation: { performer_groups: { contains_any: [ 'sysop' ] }, agent_client_platform_family: { equals: 'mobile_browser' } },
		} } } ), null, 'curation on the always-present platform fields needs no provide_values' );
	} );

	QUnit.test( 'configs that are not objects disable everything with one warning', ( assert ) => {
		for ( const input of [ 'x', 42, [ 1 ] ] ) {
			const { r, warnings } = registry( input );
			assert.strictEqual( r.all().length, 0, JSON.stringify( input ) );
			assert.strictEqual( warnings.length, 1, warnings[ 0 ] );
		}
		const { r, warnings } = registry( undefined );
		assert.strictEqual( r.get( 'x' ), null );
		assert.deepEqual( warnings, [], 'no configs at all is not an error' );
	} );

	QUnit.test( 'a config that cannot be cloned (circular) disables that stream only', ( assert ) => {
		const circular: Record<string, unknown> = {};
		circular.self = circular;
		const { r, warnings } = registry( { 'c.s': circular, 'ok.s': {} } );
		assert.strictEqual( r.get( 'c.s' ), null );
		assert.notStrictEqual( r.get( 'ok.s' ), null );
		assert.strictEqual( warnings.length, 1 );
	} );
} );
