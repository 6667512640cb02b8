/**
 * Experiments and flags off-wiki: the built Node client evaluates the wiki's definitions by the same
 * rules, decided by the shared vectors.
 */
import path from 'node:path';
import sinon from 'sinon';
import assignmentVectors from '../../fixtures/assignment.json';
import experimentVectors from '../../fixtures/experiments.json';
import type { MetricsClientOptions, StandaloneMetricsClient } from '../../../modules/src/entries/standalone';
import type { ContextAttributes, JsonValue, MetricsEvent } from '../../../modules/src/core/types';

// The built file, as an installed package would give it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createMetricsClient } = require( path.resolve( __dirname, '../../../modules/dist/node/metricsPlatform.js' ) ) as { createMetricsClient( o: MetricsClientOptions ): StandaloneMetricsClient };

type Vector = { experiment: string; subject: string; rate: number; groups: unknown[]; enrolled: boolean; group: string | null };

/**
 * A client whose subject is `subject`: a logged-in user id (unit user) or a session token.
 *
 * @param v
 */
function clientFor( v: Vector ): StandaloneMetricsClient {
	const isUser = /^[1-9][0-9]*$/.test( v.subject );
	return createMetricsClient( {
		streamConfigs: false,
		transport: () => undefined,
		context: { performer: isUser ? { is_logged_in: true, id: Number( v.subject ) } : { is_logged_in: false, session_id: v.subject } },
		experiments: { [ v.experiment ]: { status: 'on', unit: isUser ? 'user' : 'session', rate: v.rate, groups: v.groups as string[] } },
	} );
}

QUnit.module( 'Node client: experiments and flags', () => {
	QUnit.test( 'the shared assignment vectors, through the client', ( assert ) => {
		let wrong = 0;
		for ( const v of assignmentVectors.vectors as Vector[] ) {
			const got = clientFor( v ).getExperiment( v.experiment ).getAssignedGroup();
			if ( got !== ( v.enrolled ? v.group : null ) ) {
				wrong++;
				assert.strictEqual( got, v.group, `${ v.subject } ${ v.experiment } ${ v.rate }` );
			}
		}
		assert.strictEqual( wrong, 0, `${ assignmentVectors.vectors.length } vectors` );
	} );

	QUnit.test( 'the shared experiment and flag vectors (status, dates, units, targeting, rules, rollouts), through the client', ( assert ) => {
		for ( const v of experimentVectors.experiments ) {
			const subjects = v.subjects as { user?: string; session?: string; device?: string };
			const context = JSON.parse( JSON.stringify( v.context ) ) as ContextAttributes;
			const performer = context.performer = context.performer || {};
			// The vector's subjects, given as the client reads them.
			if ( subjects.user === undefined ) {
				performer.is_logged_in = false;
			}
			if ( subjects.session !== undefined ) {
				performer.session_id = subjects.session;
			}
			assert.true( subjects.user === undefined || String( performer.id ) === subjects.user, `consistent vector: ${ v.note }` );
			const client = createMetricsClient( { streamConfigs: false, transport: () => undefined, context, deviceId: subjects.device, now: () => Date.parse( v.now ), experiments: { [ v.name ]: v.config as never } } );
			assert.strictEqual( client.getExperiment( v.name ).getAssignedGroup() !== null, v.enrolled, v.note );
		}
		for ( const v of experimentVectors.flags ) {
			const subjects = v.subjects as { user?: string; session?: string; device?: string };
			const context = JSON.parse( JSON.stringify( v.context ) ) as ContextAttributes;
			const performer = context.performer = context.performer || {};
			if ( subjects.session !== undefined ) {
				performer.session_id = subjects.session;
			}
			const client = createMetricsClient( { streamConfigs: false, transport: () => undefined, context, deviceId: subjects.device, flags: { [ v.key ]: v.config as never } } );
			assert.deepEqual( client.getFlag( v.key, '(unknown)' as JsonValue ), v.value as JsonValue, v.note );
		}
	} );

	QUnit.test( 'an enrolled subject: events carry the experiment; one exposure per client; invalid definitions warned about and ignored', ( assert ) => {
		const batches: MetricsEvent[][] = [];
		const warn = sinon.spy();
		const client = createMetricsClient( {
			streamConfigs: false,
			transport: ( batch ) => {
				batches.push( batch );
			},
			warn,
			context: { performer: { is_logged_in: true, id: 42 } },
			experiments: {
				'everyone-2026': { status: 'on', unit: 'user', rate: 1, groups: [ 'only' ] },
				broken: { status: 'on', unit: 'user', rate: 1, groups: [ 'a' ] },
			},
			flags: { 'new-toolbar': { type: 'boolean', default: false, rollout: { rate: 1, unit: 'user', value: true } } },
		} );
		const exp = client.getExperiment( 'everyone-2026' );
		assert.true( exp.isAssignedGroup( 'only' ) );
		exp.sendExposure();
		exp.sendExposure();
		client.submitClick( 'any.stream', { element_id: 'x' } );
		client.flush();
		const events = batches.flat();
		assert.deepEqual( events.map( ( e ) => [ e.meta.stream, e.action ] ), [ [ 'mediawiki.experiment_interaction', 'experiment_exposure' ], [ 'any.stream', 'click' ] ] );
		assert.deepEqual( events[ 1 ].experiments, { enrolled: [ 'everyone-2026' ], assigned: { 'everyone-2026': 'only' } } );
		assert.strictEqual( client.getExperiment( 'broken' ).getAssignedGroup(), null );
		assert.true( warn.calledWithMatch( 'Experiment broken is ignored' ), 'the name is too short: warned' );
		assert.true( client.isEnabled( 'new-toolbar' ) );
		assert.strictEqual( client.getFlag( 'unknown', 7 ), 7 );
	} );

	QUnit.test( 'without definitions: harmless null objects, nothing sent, nothing added to events', ( assert ) => {
		const batches: MetricsEvent[][] = [];
		const client = createMetricsClient( { streamConfigs: false, transport: ( b ) => {
			batches.push( b );
		} } );
		const exp = client.getExperiment( 'sticky-header-2026' );
		exp.sendExposure();
		exp.send( 'click' );
		client.submitClick( 'any.stream', {} );
		client.flush();
		assert.strictEqual( exp.getAssignedGroup(), null );
		assert.strictEqual( batches.flat().length, 1 );
		assert.strictEqual( batches.flat()[ 0 ].experiments, undefined );
		assert.false( client.isEnabled( 'x' ) );
	} );
} );
