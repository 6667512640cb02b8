import fc from 'fast-check';
import vectors from '../../fixtures/curation.json';
import { compileCuration, CURATION_OPERATORS, curationRuleProblem, failedRule, passesRule } from '../../../modules/src/core/curation';
import type { CurationRules, JsonObject, JsonValue } from '../../../modules/src/core/types';

QUnit.module( 'core/curation', () => {
	QUnit.test( 'the contract vectors cover every operator', ( assert ) => {
		const used = new Set<string>();
		for ( const v of vectors.vectors ) {
			const rules = v.curation as CurationRules;
			Object.keys( rules ).forEach( ( k ) => Object.keys( rules[ k ] ).forEach( ( op ) => used.add( op ) ) );
			assert.strictEqual( failedRule( v.event as JsonObject, compileCuration( rules ) ) === null, v.passes, v.note );
		}
		assert.deepEqual( CURATION_OPERATORS.filter( ( op ) => !used.has( op ) ), [], 'no operator without a vector' );
	} );

	QUnit.test( 'never throws, whatever the value and operand', ( assert ) => {
		fc.assert( fc.property( fc.jsonValue(), fc.constantFrom( ...CURATION_OPERATORS, 'bogus' ), fc.jsonValue(), ( value, op, operand ) => {
			const result = passesRule( value as JsonValue, op, operand as JsonValue );
			return typeof result === 'boolean';
		} ), { numRuns: 3000 } );
		fc.assert( fc.property( fc.jsonValue(), fc.dictionary( fc.string(), fc.dictionary( fc.string(), fc.jsonValue() ) ), ( event, rules ) => {
			failedRule( event as JsonObject, compileCuration( rules as CurationRules ) );
			return true;
		} ), { numRuns: 1000 } );
		assert.true( true, 'no input threw' );
	} );

	QUnit.test( 'negations are exact complements when the value is present and well typed', ( assert ) => {
		fc.assert( fc.property( fc.oneof( fc.string(), fc.integer() ), fc.array( fc.oneof( fc.string(), fc.integer() ) ), ( value, list ) => passesRule( value, 'in', list ) !== passesRule( value, 'not_in', list ) &&
			passesRule( value, 'equals', list[ 0 ] === undefined ? null : list[ 0 ] ) !== passesRule( value, 'not_equals', list[ 0 ] === undefined ? null : list[ 0 ] ),
		) );
		fc.assert( fc.property( fc.array( fc.string() ), fc.string(), ( value, item ) => passesRule( value, 'contains', item ) !== passesRule( value, 'does_not_contain', item ),
		) );
		assert.true( true );
	} );

	QUnit.test( 'ordering operators agree with < and > on numbers', ( assert ) => {
		fc.assert( fc.property( fc.double( { noNaN: true } ), fc.double( { noNaN: true } ), ( a, b ) => passesRule( a, 'greater_than', b ) === ( a > b ) && passesRule( a, 'less_than', b ) === ( a < b ) &&
			passesRule( a, 'greater_than_or_equals', b ) === ( a >= b ) && passesRule( a, 'less_than_or_equals', b ) === ( a <= b ),
		) );
		assert.true( true );
	} );

	QUnit.test( 'rule problems name the operator', ( assert ) => {
		assert.strictEqual( curationRuleProblem( 'equals', 1 ), null );
		assert.true( String( curationRuleProblem( 'equal', 1 ) ).includes( '"equal"' ), 'unknown operator' );
		assert.true( String( curationRuleProblem( 'in', 'en' ) ).includes( 'array' ), 'in needs an array' );
		assert.true( String( curationRuleProblem( 'greater_than', [ 1 ] ) ).includes( 'number' ), 'ordering needs a number' );
	} );
} );
