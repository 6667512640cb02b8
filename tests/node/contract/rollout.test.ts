import rolloutVectors from '../../fixtures/rollout.json';
import { evaluateFlag, FlagConfig, flagProblem, SubjectUnit, targetingView } from '../../../modules/src/core/experiments';

QUnit.module( 'contract/flag rollouts', () => {
	QUnit.test( 'the shared rollout vectors, at many rates (the salt is "flag:" + key)', ( assert ) => {
		const vectors = rolloutVectors.vectors;
		assert.true( vectors.length >= 600 && new Set( vectors.map( ( v ) => v.rate ) ).size > 50, `${ vectors.length } vectors` );
		let wrong = 0;
		for ( const v of vectors ) {
			const config: FlagConfig = { type: 'boolean', default: false, rollout: { rate: v.rate, unit: v.unit as SubjectUnit, value: true } };
			if ( flagProblem( v.key, config ) !== null || evaluateFlag( v.key, config, targetingView( {} ), { [ v.unit ]: v.subject } ) !== v.rolled_out ) {
				wrong++;
				assert.true( false, `${ v.key } ${ v.unit } ${ v.subject } at ${ v.rate }: expected ${ v.rolled_out }` );
			}
		}
		assert.strictEqual( wrong, 0, `${ vectors.length } vectors` );
	} );
} );
