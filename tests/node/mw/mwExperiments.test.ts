import sinon from 'sinon';
import { createExperimentsApi, createFakeExperiments, experimentsField, ExperimentState } from '../../../modules/src/mw/mwExperiments';

const STATE: ExperimentState = {
	enrolled: [ 'sticky-header-2026', 'qa-only-experiment' ],
	assigned: { 'sticky-header-2026': 'treatment', 'qa-only-experiment': 'b' },
	overridden: [ 'qa-only-experiment' ],
	flags: { 'new-toolbar': true, 'max-results': 20, layout: { columns: 2 } },
	streams: { 'sticky-header-2026': { stream: 'exp.sticky', schema: null } },
};

function memory(): { get( k: string ): string | null; set( k: string, v: string ): void; data: Record<string, string> } {
	const data: Record<string, string> = {};
	return { data, get: ( k ) => data[ k ] || null, set: ( k, v ) => {
		data[ k ] = v;
	} };
}

QUnit.module( 'mw experiments API', () => {
	QUnit.test( 'groups, null objects for unknown experiments, flags with defaults', ( assert ) => {
		const api = createExperimentsApi( STATE, { submitInteraction: sinon.spy() }, 'mediawiki.experiment_interaction', null );
		const exp = api.getExperiment( 'sticky-header-2026' );
		assert.strictEqual( exp.getAssignedGroup(), 'treatment' );
		assert.true( exp.isAssignedGroup( 'a', 'treatment' ) );
		assert.false( exp.isAssignedGroup( 'control' ) );
		const unknown = api.getExperiment( 'no-such-experiment' );
		assert.strictEqual( unknown.getAssignedGroup(), null );
		assert.false( unknown.isAssignedGroup( 'treatment' ) );
		unknown.send( 'x' );
		unknown.sendExposure();
		assert.strictEqual( api.getFlag( 'max-results', 10 ), 20 );
		assert.strictEqual( api.getFlag( 'unknown', 'fallback' ), 'fallback' );
		assert.deepEqual( api.getFlag( 'layout', {} ), { columns: 2 } );
		assert.true( api.isEnabled( 'new-toolbar' ) );
		assert.false( api.isEnabled( 'max-results' ), 'only true is enabled' );
	} );

	QUnit.test( 'send and exposures: enrolled only, overridden never, exposure once per page and per session', ( assert ) => {
		const sender = { submitInteraction: sinon.spy() };
		const session = memory();
		const api = createExperimentsApi( STATE, sender, 'mediawiki.experiment_interaction', session );
		api.getExperiment( 'sticky-header-2026' ).send( 'click', { element_id: 'x' } );
		assert.deepEqual( sender.submitInteraction.firstCall.args, [ 'exp.sticky', '/analytics/product_metrics/web/base/1.3.0', 'click', { action_source: 'sticky-header-2026', element_id: 'x' } ] );
		api.getExperiment( 'qa-only-experiment' ).send( 'click' );
		api.getExperiment( 'qa-only-experiment' ).sendExposure();
		assert.strictEqual( sender.submitInteraction.callCount, 1, 'the QA-overridden experiment sent nothing' );
		api.getExperiment( 'sticky-header-2026' ).sendExposure();
		api.getExperiment( 'sticky-header-2026' ).sendExposure();
		assert.strictEqual( sender.submitInteraction.callCount, 2, 'one exposure on this page' );
		assert.strictEqual( sender.submitInteraction.secondCall.args[ 2 ], 'experiment_exposure' );
		const nextPage = createExperimentsApi( STATE, sender, 'mediawiki.experiment_interaction', session );
		nextPage.getExperiment( 'sticky-header-2026' ).sendExposure();
		assert.strictEqual( sender.submitInteraction.callCount, 2, 'and none again in the same session' );
	} );

	QUnit.test( 'the experiments field leaves out overridden experiments', ( assert ) => {
		assert.deepEqual( experimentsField( STATE ), { enrolled: [ 'sticky-header-2026' ], assigned: { 'sticky-header-2026': 'treatment' } } );
		assert.strictEqual( experimentsField( null ), null );
		assert.strictEqual( experimentsField( Object.assign( {}, STATE, { overridden: STATE.enrolled } ) ), null );
	} );

	QUnit.test( 'createFakeExperiments for consumers’ tests', ( assert ) => {
		const fake = createFakeExperiments( { assigned: { 'sticky-header-2026': 'control' }, flags: { 'new-toolbar': false } } );
		assert.true( fake.getExperiment( 'sticky-header-2026' ).isAssignedGroup( 'control' ) );
		assert.false( fake.isEnabled( 'new-toolbar' ) );
		fake.getExperiment( 'sticky-header-2026' ).sendExposure();
		assert.strictEqual( fake.getFlag( 'x', 1 ), 1 );
	} );
} );
