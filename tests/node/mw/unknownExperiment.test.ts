import sinon from 'sinon';
import { createExperimentsApi, ExperimentState } from '../../../modules/src/mw/mwExperiments';

const STATE: ExperimentState = {
	enrolled: [ 'sticky-header-2026' ],
	assigned: { 'sticky-header-2026': 'treatment' },
	overridden: [],
	flags: {},
	streams: {},
};

QUnit.module( 'mw experiments API: experiments the subject is not in send nothing', () => {
	QUnit.test( 'unknown names and names not assigned give null objects that never send', ( assert ) => {
		const sender = { submitInteraction: sinon.spy() };
		const api = createExperimentsApi( STATE, sender, 'mediawiki.experiment_interaction', null );
		for ( const name of [ 'no-such-experiment', 'another-unknown-1' ] ) {
			const unknown = api.getExperiment( name );
			unknown.send( 'click', { element_id: 'x' } );
			unknown.sendExposure();
			assert.strictEqual( unknown.getAssignedGroup(), null, `${ name }: no group` );
		}
		assert.strictEqual( sender.submitInteraction.callCount, 0, 'nothing sent for experiments the subject is not in' );
		api.getExperiment( 'sticky-header-2026' ).send( 'click' );
		assert.strictEqual( sender.submitInteraction.callCount, 1, 'the enrolled one does send (the spy works)' );
	} );
} );
