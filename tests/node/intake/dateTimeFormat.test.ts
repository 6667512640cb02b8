import fc from 'fast-check';
import { fullFormats } from 'ajv-formats/dist/formats';
import { isDateTime, isPlainUtcDateTime } from '../../../intake/src/dateTimeFormat';

const ajvDateTime = ( fullFormats[ 'date-time' ] as { validate: ( text: string ) => boolean } ).validate;

/** Characters date-times are made of, and their near misses. */
const PIECES = fc.constantFrom( ...'0123456789-:.TtZz+ \u00a0x'.split( '' ), '60', '23:59:60', '02-29', '02-30', '04-31', '00', '24' );

/** toISOString spellings of any instant a Date holds, some of them without their fraction. */
const ISO = fc.date( { noInvalidDate: true } ).chain( ( date ) => fc.boolean().map( ( cut ) => cut ? date.toISOString().replace( /\.\d+Z$/, 'Z' ) : date.toISOString() ) );

/** A valid date-time with a few characters replaced, inserted or removed. */
const MUTATED = fc.tuple( ISO, fc.array( fc.tuple( fc.nat( 30 ), PIECES, fc.constantFrom( 'replace', 'insert', 'remove' ) ), { minLength: 1, maxLength: 3 } ) )
	.map( ( [ text, edits ] ) => edits.reduce( ( t, [ at, piece, how ] ) => {
		const i = at % ( t.length + 1 );
		return how === 'insert' ? t.slice( 0, i ) + piece + t.slice( i ) : t.slice( 0, i ) + ( how === 'replace' ? piece : '' ) + t.slice( i + 1 );
	}, text ) );

QUnit.module( 'intake date-time format', () => {
	QUnit.test( 'answers exactly as ajv-formats does (fast-check: instants, their mutations, assembled pieces, any string)', ( assert ) => {
		const texts = fc.oneof( ISO, MUTATED, fc.array( PIECES, { maxLength: 24 } ).map( ( p ) => p.join( '' ) ), fc.string( { maxLength: 30 } ),
			fc.tuple( fc.integer( { min: 0, max: 9999 } ), fc.integer( { min: 0, max: 13 } ), fc.integer( { min: 0, max: 32 } ), fc.integer( { min: 0, max: 25 } ), fc.integer( { min: 0, max: 60 } ), fc.integer( { min: 0, max: 61 } ) )
				.map( ( n ) => `${ String( n[ 0 ] ).padStart( 4, '0' ) }-${ String( n[ 1 ] ).padStart( 2, '0' ) }-${ String( n[ 2 ] ).padStart( 2, '0' ) }T${ String( n[ 3 ] ).padStart( 2, '0' ) }:${ String( n[ 4 ] ).padStart( 2, '0' ) }:${ String( n[ 5 ] ).padStart( 2, '0' ) }.123Z` ) );
		let fast = 0;
		fc.assert( fc.property( texts, ( text ) => {
			fast += isPlainUtcDateTime( text ) ? 1 : 0;
			return isDateTime( text ) === ajvDateTime( text );
		} ), { numRuns: 20000, seed: 18 } );
		assert.true( fast > 2000, `${ fast } of the strings took the fast path` );
	} );

	QUnit.test( 'the fast path takes what clients send and leaves the rest to ajv-formats', ( assert ) => {
		assert.true( isPlainUtcDateTime( new Date( 1764547200123 ).toISOString() ) );
		assert.true( isPlainUtcDateTime( '2024-02-29T23:59:59Z' ) );
		for ( const text of [ '2023-02-29T00:00:00Z', '2026-04-31T00:00:00.000Z', '2026-12-01T24:00:00Z', '2026-12-01T00:00:00z', '2026-12-01t00:00:00Z',
			'2026-12-01T00:00:00.1234Z', '2026-12-01T00:00:00+00:00', '2016-12-31T23:59:60Z', '+02026-12-01T00:00:00Z', '2026-12-01 00:00:00Z' ] ) {
			assert.false( isPlainUtcDateTime( text ), text );
			assert.strictEqual( isDateTime( text ), ajvDateTime( text ), `${ text }: as ajv-formats` );
		}
		assert.true( isDateTime( '2016-12-31T23:59:60Z' ), 'a leap second, as ajv-formats allows' );
		assert.false( isDateTime( '2026-12-01T00:00:00' ), 'no offset' );
	} );
} );
