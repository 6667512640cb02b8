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
} );
