import fc from 'fast-check';
import orderingVectors from '../../fixtures/ordering.json';
import { passesRule } from '../../../modules/src/core/curation';
import { compareCodePoints } from '../../../modules/src/core/ordering';

QUnit.module( 'contract/string ordering (code points)', () => {
	QUnit.test( 'compareCodePoints gives the order of the shared vectors', ( assert ) => {
		for ( const v of orderingVectors.vectors ) {
			assert.strictEqual( compareCodePoints( v.a, v.b ), v.order, `${ JSON.stringify( v.a ) } vs ${ JSON.stringify( v.b ) }: ${ v.note }` );
		}
	} );

	QUnit.test( 'curation\'s ordering operators on strings follow it', ( assert ) => {
		for ( const v of orderingVectors.vectors ) {
			const expected = { less_than: v.order < 0, greater_than: v.order > 0, less_than_or_equals: v.order <= 0, greater_than_or_equals: v.order >= 0 };
			for ( const [ operator, passes ] of Object.entries( expected ) ) {
				assert.strictEqual( passesRule( v.a, operator, v.b ), passes, `${ JSON.stringify( v.a ) } ${ operator } ${ JSON.stringify( v.b ) }` );
			}
		}
	} );

	QUnit.test( 'compareCodePoints is the order of UTF-8 bytes, for any text (property)', ( assert ) => {
		const text = fc.string( { unit: fc.oneof( fc.constantFrom( 'a', 'B', '\uff5e', '\ue000', '\u{1F600}', '\u{10000}', 'é' ), fc.string( { unit: 'binary', minLength: 1, maxLength: 1 } ) ), maxLength: 8 } );
		fc.assert( fc.property( text, text, ( a, b ) => {
			const bytes = Math.sign( Buffer.compare( Buffer.from( a, 'utf8' ), Buffer.from( b, 'utf8' ) ) );
			return compareCodePoints( a, b ) === bytes && compareCodePoints( b, a ) === -bytes;
		} ), { numRuns: 5000 } );
		assert.true( true );
	} );
} );
