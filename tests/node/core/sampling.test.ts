import fc from 'fast-check';
import vectors from '../../fixtures/sampling.json';
import { isTokenInSample, isTokenOneInN, sampleConfigProblem, tokenPosition } from '../../../modules/src/core/sampling';
import type { SampleConfig } from '../../../modules/src/core/types';

const hexToken = fc.stringMatching( /^[0-9a-f]{20}$/ );

QUnit.module( 'core/sampling', () => {
	QUnit.test( 'the contract vectors (≥ 200)', ( assert ) => {
		assert.true( vectors.vectors.length >= 200, `${ vectors.vectors.length } vectors` );
		for ( const v of vectors.vectors ) {
			assert.strictEqual( isTokenInSample( v.token, v.sample as SampleConfig | undefined ), v.in_sample, `${ v.note }: ${ v.token } ${ JSON.stringify( v.sample ) }` );
		}
	} );

	QUnit.test( 'monotone in the rate: in at r means in at every r2 > r', ( assert ) => {
		fc.assert( fc.property( hexToken, fc.double( { min: 0, max: 1, noNaN: true } ), fc.double( { min: 0, max: 1, noNaN: true } ), fc.constantFrom( 'pageview', 'session', 'device' ), ( token, a, b, unit ) => {
			const [ low, high ] = a < b ? [ a, b ] : [ b, a ];
			const u = unit as SampleConfig[ 'unit' ];
			return !isTokenInSample( token, { rate: low, unit: u } ) || isTokenInSample( token, { rate: high, unit: u } );
		} ), { numRuns: 2000 } );
		assert.true( true, 'property held for 2000 runs' );
	} );

	QUnit.test( 'rate 0 is always out, no block always in, whatever the token', ( assert ) => {
		fc.assert( fc.property( fc.string(), ( token ) => !isTokenInSample( token, { rate: 0, unit: 'session' } ) && isTokenInSample( token, undefined ),
		) );
		assert.false( isTokenInSample( undefined, { rate: 1, unit: 'session' } ), 'a missing token is out' );
		assert.false( isTokenInSample( 'not-hex-at-all', { rate: 1, unit: 'session' } ), 'a non-hex token is out' );
	} );

	QUnit.test( 'the share in sample follows the rate', ( assert ) => {
		// Uniform tokens (fast-check's generators favour edge values on purpose, so they are not used here).
		let state = 7;
		const tokens = Array.from( { length: 20000 }, () => {
			state = ( Math.imul( state, 1664525 ) + 1013904223 ) >>> 0;
			return state.toString( 16 ).padStart( 8, '0' ) + '000000000000';
		} );
		for ( const rate of [ 0.01, 0.1, 0.5, 0.9 ] ) {
			const share = tokens.filter( ( t ) => isTokenInSample( t, { rate, unit: 'session' } ) ).length / tokens.length;
			assert.true( Math.abs( share - rate ) < 0.02, `rate ${ rate }: share ${ share.toFixed( 4 ) }` );
		}
	} );

	QUnit.test( 'tokenPosition reads the first eight hex digits', ( assert ) => {
		assert.strictEqual( tokenPosition( 'ffffffff' + 'x'.repeat( 12 ) ), 1 );
		assert.strictEqual( tokenPosition( '00000000ffffffffffff' ), 0 );
		assert.true( Number.isNaN( tokenPosition( 'fffffff' ) ), 'seven digits are not enough' );
	} );

	QUnit.test( 'sample block problems name the field', ( assert ) => {
		assert.strictEqual( sampleConfigProblem( undefined ), null );
		assert.strictEqual( sampleConfigProblem( { rate: 0.5, unit: 'device' } ), null );
		assert.true( String( sampleConfigProblem( { rate: 1.01, unit: 'session' } ) ).includes( 'sample.rate' ) );
		assert.true( String( sampleConfigProblem( { rate: NaN, unit: 'session' } ) ).includes( 'sample.rate' ) );
		assert.true( String( sampleConfigProblem( { rate: 0.5, unit: 'user' } ) ).includes( 'sample.unit' ) );
		assert.true( String( sampleConfigProblem( [] ) ).includes( 'object' ) );
	} );

	QUnit.test( 'legacy 1 in N', ( assert ) => {
		assert.true( isTokenOneInN( 'eeeeeeeeeeeeeeeeeeee', 1 ), 'N = 1 is always in' );
		assert.true( isTokenOneInN( '00000000ffffffffffff', 1000 ), '0 is divisible by everything' );
		assert.false( isTokenOneInN( '00000001ffffffffffff', 2 ) );
		assert.false( isTokenOneInN( 'eeeeeeeeeeeeeeeeeeee', 0 ), 'N = 0 is out' );
		assert.false( isTokenOneInN( 'eeeeeeeeeeeeeeeeeeee', 2.5 ), 'a fraction is out' );
		fc.assert( fc.property( hexToken, fc.integer( { min: 1, max: 1e6 } ), ( token, n ) => isTokenOneInN( token, n ) === ( parseInt( token.slice( 0, 8 ), 16 ) % n === 0 ),
		) );
	} );
} );
