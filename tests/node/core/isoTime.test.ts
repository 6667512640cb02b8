import fc from 'fast-check';
import { createIsoTime } from '../../../modules/src/core/isoTime';

QUnit.module( 'core/isoTime', () => {
	QUnit.test( 'the same text as Date#toISOString for any instant, in any order (property)', ( assert ) => {
		const isoTime = createIsoTime();
		const instant = fc.oneof(
			fc.integer( { min: -8.64e15, max: 8.64e15 } ),
			// Around today, where events are: many in one day, and across midnight.
			fc.integer( { min: 1.7e12, max: 1.9e12 } ),
			fc.double( { min: -8.64e15, max: 8.64e15, noNaN: true } ),
			fc.constantFrom( 0, -1, 86399999, 86400000, -86400001, 253402300799999, 253402300800000, -62167219200001 ),
		);
		fc.assert( fc.property( fc.array( instant, { minLength: 1, maxLength: 20 } ), ( times ) => times.every( ( ms ) => isoTime( ms ) === new Date( ms ).toISOString() ) ), { numRuns: 2000 } );
		assert.strictEqual( isoTime( Date.UTC( 2026, 10, 23, 12, 0, 0, 5 ) ), '2026-11-23T12:00:00.005Z' );
	} );

	QUnit.test( 'an invalid time throws as toISOString does (the client guards its calls)', ( assert ) => {
		assert.throws( () => createIsoTime()( NaN ), RangeError );
	} );
} );
