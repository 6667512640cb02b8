/**
 * Safe by default on the wiki (issue 10), the JavaScript side: no public call throws for any
 * argument (wiki and off-wiki), caller fields checked against the schema at call time, one privacy
 * rule shared with PHP, a refusing reader given no identifier, no experiment events without cookies.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import sinon from 'sinon';
import { createCoreClient, MetricsClient } from '../../../modules/src/core/client';
import { createIdGenerator, weakRandomFill } from '../../../modules/src/core/identifiers';
import type { MetricsEvent } from '../../../modules/src/core/types';
import { WEB_BASE_PROPERTIES } from '../../../modules/src/core/webBaseSchema';
import { createMetricsClient } from '../../../modules/src/entries/standalone';
import { createMwEnvironment } from '../../../modules/src/mw/mwEnvironment';
import { createExperimentsApi, ExperimentState, experimentsField } from '../../../modules/src/mw/mwExperiments';
import { CONFIG, createMwMetricsPlatform, fakeMw, page } from './mwFakes';

const ROOT = path.resolve( __dirname, '../../..' );
const WEB = '/analytics/product_metrics/web/base/1.3.0';

/** Values that break naive code: no toString, a throwing toString, symbols, proxies that throw on every trap. */
function hostile(): fc.Arbitrary<unknown> {
	const trap = (): never => {
		throw new Error( 'trap' );
	};
	// fast-check itself looks up its clone marker on generated values; every other lookup throws.
	const traps = {
		get: ( _t: object, key: PropertyKey ): unknown => key === fc.cloneMethod ? undefined : trap(),
		has: ( _t: object, key: PropertyKey ): boolean => key === fc.cloneMethod ? false : trap(),
		getOwnPropertyDescriptor: ( _t: object, key: PropertyKey ): undefined => key === fc.cloneMethod ? undefined : trap(),
		ownKeys: trap,
		getPrototypeOf: trap,
	};
	return fc.oneof(
		fc.anything(),
		fc.constant( undefined ),
		fc.constant( Symbol( 'name' ) ),
		fc.constant( Object.create( null ) ),
		fc.constant( { toString: trap, valueOf: trap } ),
		fc.constant( new Proxy( {}, traps ) ),
		fc.constant( new Proxy( [], traps ) ),
		fc.constantFrom( '__proto__', 'constructor', 'hasOwnProperty', 'toString', '' ),
		fc.func( fc.anything() ),
	);
}

/**
 * Calls every method of a client-like API (and of what its factories return) with arbitrary
 * arguments; returns what threw.
 *
 * @param api
 * @param args
 */
function callEverything( api: Record<string, unknown>, args: unknown[] ): string[] {
	const thrown: string[] = [];
	for ( const key of Object.keys( api ) ) {
		const fn = api[ key ];
		if ( typeof fn !== 'function' ) {
			continue;
		}
		try {
			const result = ( fn as ( ...a: unknown[] ) => unknown ).apply( api, args );
			if ( key === 'newInstrument' || key === 'getExperiment' || key === 'gadget' ) {
				if ( !result || typeof result !== 'object' ) {
					thrown.push( `${ key } returned ${ String( result ) }` );
					continue;
				}
				for ( const inner of Object.keys( result ) ) {
					const method = ( result as Record<string, unknown> )[ inner ];
					if ( typeof method === 'function' ) {
						( method as ( ...a: unknown[] ) => unknown ).apply( result, args );
					}
				}
			}
		} catch ( e ) {
			thrown.push( `${ key }: ${ e instanceof Error ? e.message : 'a non-error' }` );
		}
	}
	return thrown;
}

function coreClient( sent: MetricsEvent[], warnings: string[] ): MetricsClient {
	return createCoreClient( {
		streamConfigs: { 'web.x': {} },
		context: () => ( {} ),
		token: () => '0123456789abcdef0123',
		now: () => 0,
		ids: createIdGenerator( weakRandomFill( Math.random ) ),
		warn: ( m ) => warnings.push( m ),
		send: ( e ) => sent.push( e ),
	} );
}

const STATE: ExperimentState = {
	enrolled: [ 'sticky-header-2026' ],
	assigned: { 'sticky-header-2026': 'treatment' },
	overridden: [],
	flags: { 'new-toolbar': true },
	streams: {},
};

QUnit.module( 'wiki safety (issue 10)', () => {
	QUnit.test( 'no public call throws, for any argument: core, standalone, mw.metricsPlatform, mw.eventLog, experiments (property)', async ( assert ) => {
		const p = page();
		const mw = fakeMw( {} );
		const wiki = createMwMetricsPlatform( mw, p.window, CONFIG );
		const experiments = createExperimentsApi( STATE, { submitInteraction: () => undefined }, 'mediawiki.experiment_interaction', null );
		const standalone = createMetricsClient( { streamConfigs: { 'web.x': {} }, transport: () => undefined, warn: () => undefined } );
		const apis: Record<string, Record<string, unknown>> = {
			core: coreClient( [], [] ) as unknown as Record<string, unknown>,
			standalone: standalone as unknown as Record<string, unknown>,
			'mw.metricsPlatform': wiki as unknown as Record<string, unknown>,
			'mw.eventLog': mw.eventLog as Record<string, unknown>,
			experiments: experiments as unknown as Record<string, unknown>,
		};
		const thrown: string[] = [];
		try {
			fc.assert( fc.property( fc.array( hostile(), { maxLength: 4 } ), ( args ) => {
				for ( const [ name, api ] of Object.entries( apis ) ) {
					thrown.push( ...callEverything( api, args ).map( ( t ) => `${ name }.${ t }` ) );
				}
				return thrown.length === 0;
			} ), { numRuns: 300 } );
		} catch ( e ) {
			// A counterexample is in `thrown`; anything else is a failure of the test itself.
			if ( !thrown.length ) {
				thrown.push( 'the property could not run: ' + String( e ).slice( 0, 300 ) );
			}
		} finally {
			// Let the builder arrive and run what was queued before the page goes.
			await p.clock.tickAsync( 5000 );
			p.close();
		}
		assert.deepEqual( thrown.slice( 0, 5 ), [], 'nothing thrown, newInstrument/getExperiment/gadget always give an object' );
	} );

	QUnit.test( 'unknown or un-stringable names give harmless null objects', ( assert ) => {
		const experiments = createExperimentsApi( STATE, { submitInteraction: sinon.spy() }, 'x', null );
		for ( const name of [ Object.create( null ), Symbol( 'x' ), '__proto__', 'constructor', 'no-such-experiment' ] ) {
			const exp = experiments.getExperiment( name as string );
			assert.strictEqual( exp.getAssignedGroup(), null, String( typeof name ) );
			assert.false( exp.isAssignedGroup( 'treatment' ) );
			assert.strictEqual( experiments.getFlag( name as string, 7 ), 7 );
			assert.false( experiments.isEnabled( name as string ) );
		}
		const instrument = coreClient( [], [] ).newInstrument( Object.create( null ) );
		assert.strictEqual( typeof instrument.submitInteraction, 'function', 'newInstrument never returns null' );
		assert.false( instrument.isStreamInSample() );
	} );

	QUnit.test( 'caller fields are checked against the stream\'s schema at call time: name, type, length', ( assert ) => {
		const sent: MetricsEvent[] = [];
		const warnings: string[] = [];
		const client = coreClient( sent, warnings );
		client.submitClick( 'web.x', { element_idd: 'typo' } as never );
		client.submitInteraction( 'web.x', WEB, 'click', { element_id: 42 } as never );
		client.submitInteraction( 'web.x', WEB, 'click', { element_id: 'x'.repeat( 65 ) } );
		client.submitInteraction( 'web.x', '/analytics/product_metrics/web/base/1.2.0', 'click', { instrument_name: 'not in 1.2.0' } );
		client.submit( 'web.x', { $schema: WEB, action: 'x', custom: 1 } );
		assert.strictEqual( sent.length, 0, 'all refused' );
		assert.true( warnings.some( ( w ) => w.includes( '"element_idd" is not in the schema' ) ), warnings.join( ' | ' ) );
		assert.true( warnings.some( ( w ) => w.includes( 'element_id is not a string' ) ) );
		assert.true( warnings.some( ( w ) => w.includes( 'element_id is 65' ) ) );
		assert.true( warnings.some( ( w ) => w.includes( '"instrument_name" is not in the schema /analytics/product_metrics/web/base/1.2.0' ) ) );
		assert.true( warnings.some( ( w ) => w.includes( '"custom" is not in the schema' ) ) );
		client.submitInteraction( 'web.x', '/my/own/schema/1.0.0', 'click', { custom: 1 } );
		client.submitClick( 'web.x', { element_id: 'ok', funnel_event_sequence_position: 2 } );
		assert.strictEqual( sent.length, 2, 'a schema the client does not know is left to the intake; valid fields pass' );
	} );

	QUnit.test( 'every field name outside the web base schema is refused, every schema field is accepted (property)', ( assert ) => {
		const schema = yaml.load( readFileSync( path.join( ROOT, 'schemas/analytics/product_metrics/web/base/1.3.0.yaml' ), 'utf8' ) ) as { properties: Record<string, unknown> };
		const known = Object.keys( schema.properties );
		fc.assert( fc.property( fc.string( { maxLength: 20 } ).filter( ( k ) => !known.includes( k ) && k !== '__proto__' ), ( field ) => {
			const sent: MetricsEvent[] = [];
			const warnings: string[] = [];
			coreClient( sent, warnings ).submitClick( 'web.x', { [ field ]: 'x' } );
			return sent.length === 0 && warnings.some( ( w ) => w.includes( 'is not in the schema' ) );
		} ) );
		assert.true( true, 'unknown names refused' );
	} );

	QUnit.test( 'the client\'s field lists are the shipped schemas\' properties', ( assert ) => {
		for ( const version of Object.keys( WEB_BASE_PROPERTIES ) ) {
			const schema = yaml.load( readFileSync( path.join( ROOT, `schemas/analytics/product_metrics/web/base/${ version }.yaml` ), 'utf8' ) ) as { properties: Record<string, unknown>; additionalProperties: boolean };
			assert.deepEqual( [ ...WEB_BASE_PROPERTIES[ version ] ].sort(), Object.keys( schema.properties ).sort(), version );
			assert.false( schema.additionalProperties, `${ version } allows no other field` );
		}
	} );

	QUnit.test( 'one privacy rule: the wiki page\'s decision passes the shared vectors (PHP runs the same file)', ( assert ) => {
		const vectors = JSON.parse( readFileSync( path.join( ROOT, 'tests/fixtures/privacy.json' ), 'utf8' ) ).vectors as { note: string; dnt: string | null; gpc: boolean; opt_out: boolean; respect_signals: boolean; refuses: boolean }[];
		for ( const v of vectors ) {
			const p = page();
			Object.defineProperty( p.window.navigator, 'doNotTrack', { value: v.dnt } );
			Object.defineProperty( p.window.navigator, 'globalPrivacyControl', { value: v.gpc } );
			const env = createMwEnvironment( fakeMw( { wgMetricsPlatformUser: { optOut: v.opt_out } } ), p.window, Object.assign( {}, CONFIG, { respectDoNotTrack: v.respect_signals } ) );
			assert.strictEqual( env.refused, v.refuses, v.note );
			p.close();
		}
	} );

	QUnit.test( 'a refusing reader: no identifier cookie or storage, not in sample, nothing sent', async ( assert ) => {
		for ( const how of [ 'dnt', 'gpc', 'opt-out' ] ) {
			const p = page( how === 'dnt' );
			if ( how === 'gpc' ) {
				Object.defineProperty( p.window.navigator, 'globalPrivacyControl', { value: true } );
			}
			const mw = fakeMw( { wgMetricsPlatformUser: { optOut: how === 'opt-out' } } );
			const sessionId = sinon.spy( mw.user, 'sessionId' );
			const cookieSet = sinon.spy();
			const stored: string[] = [];
			mw.cookie = { get: () => null, set: cookieSet };
			mw.storage = { get: () => null, set: () => true, store: { getItem: () => null, setItem: ( k: string ) => stored.push( k ), removeItem: () => undefined, key: () => null, length: 0 } as never };
			const config = Object.assign( {}, CONFIG, { streams: { 'by.session': { sample: { rate: 1, unit: 'session' } }, 'by.device': { sample: { rate: 1, unit: 'device' } } } } );
			const env = createMwEnvironment( mw, p.window, config );
			env.token( 'session' );
			env.token( 'device' );
			const api = createMwMetricsPlatform( mw, p.window, config );
			const inSample = [ api.isStreamInSample( 'by.session' ), api.isStreamInSample( 'by.device' ) ];
			api.submitClick( 'by.session', { element_id: 'x' } );
			await p.clock.tickAsync( 5000 );
			assert.true( env.refused, `${ how }: refused` );
			assert.deepEqual( inSample, [ false, false ], `${ how }: not in sample` );
			assert.strictEqual( sessionId.callCount + cookieSet.callCount, 0, `${ how }: mw.user.sessionId() (which sets a cookie) and mw.cookie.set never called` );
			assert.strictEqual( p.window.document.cookie, '', `${ how }: no cookie` );
			const keys = Object.keys( p.window.localStorage ).filter( ( k ) => k.indexOf( 'mp-' ) === 0 );
			assert.deepEqual( stored.concat( keys ), [], `${ how }: nothing written to storage` );
			assert.strictEqual( p.fetch.callCount, 0, `${ how }: nothing sent` );
			p.close();
		}
	} );

	QUnit.test( 'no cookies: the assignment is readable, nothing is sent for the experiment', async ( assert ) => {
		const sender = { submitInteraction: sinon.spy() };
		const api = createExperimentsApi( STATE, sender, 'mediawiki.experiment_interaction', null, false );
		const exp = api.getExperiment( 'sticky-header-2026' );
		assert.strictEqual( exp.getAssignedGroup(), 'treatment', 'readable' );
		assert.true( exp.isAssignedGroup( 'treatment' ) );
		exp.sendExposure();
		exp.send( 'click' );
		assert.strictEqual( sender.submitInteraction.callCount, 0, 'no exposure, no experiment event' );
		assert.strictEqual( experimentsField( STATE, false ), null, 'other events carry no experiments field' );

		// Through the wiki's builder: a page without cookies sends its events without the experiments field.
		const p = page();
		Object.defineProperty( p.window.navigator, 'cookieEnabled', { value: false } );
		const mw = fakeMw( { wgMetricsPlatformExperiments: STATE } );
		const wiki = createMwMetricsPlatform( mw, p.window, CONFIG );
		wiki.submitClick( 'web.x', { element_id: 'no-cookies' } );
		await p.clock.tickAsync( 3000 );
		const events = p.bodies().flat();
		assert.strictEqual( events.length, 1 );
		assert.false( 'experiments' in events[ 0 ], 'no experiments field' );
		p.close();
	} );
} );
