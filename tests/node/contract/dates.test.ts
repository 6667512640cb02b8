import fc from 'fast-check';
import dateVectors from '../../fixtures/dates.json';
import { evaluateExperiment, ExperimentConfig, experimentProblem, targetingView } from '../../../modules/src/core/experiments';
import { parseRfc3339 } from '../../../modules/src/core/rfc3339';

const NAME = 'dated-experiment-1';

/**
 * An experiment (rate 1, one group, unit session) with the given window.
 *
 * @param start
 * @param end
 */
function dated( start: unknown, end: unknown ): Record<string, unknown> {
	return { status: 'on', unit: 'session', rate: 1, groups: [ 'only' ], start, end };
}

// build/test.mjs runs this file again under several TZ values: the answers must not change.
QUnit.module( `contract/dates (TZ=${ process.env.TZ || 'unset' }, UTC offset now ${ -new Date().getTimezoneOffset() } min)`, () => {
	QUnit.test( 'RFC 3339 date-times with Z or an offset are the instant they name; everything else is refused', ( assert ) => {
		for ( const v of dateVectors.dates ) {
			assert.strictEqual( parseRfc3339( v.value ), v.epoch_ms, `${ JSON.stringify( v.value ) }: ${ v.note }` );
		}
	} );

	QUnit.test( 'definitions with a refused date are refused at load, naming the field', ( assert ) => {
		for ( const v of dateVectors.dates ) {
			for ( const field of [ 'start', 'end' ] ) {
				const problem = experimentProblem( NAME, Object.assign( dated( undefined, undefined ), { [ field ]: v.value } ) );
				if ( v.valid ) {
					assert.strictEqual( problem, null, `${ field } ${ JSON.stringify( v.value ) }` );
				} else {
					assert.true( !!problem && problem.indexOf( field + ' ' ) === 0 && problem.includes( 'RFC 3339' ), `${ field } ${ JSON.stringify( v.value ) }: ${ problem }` );
				}
			}
		}
		assert.strictEqual( experimentProblem( NAME, dated( null, null ) ), null, 'null is no bound, as absent' );
	} );

	QUnit.test( 'experiment windows: enrolled iff start ≤ now < end', ( assert ) => {
		for ( const v of dateVectors.windows ) {
			const config = dated( v.start, v.end );
			assert.strictEqual( experimentProblem( NAME, config ), null );
			const got = evaluateExperiment( NAME, config as unknown as ExperimentConfig, targetingView( {} ), { session: 'aaaaaaaaaaaaaaaaaaaa' }, v.now_ms );
			assert.strictEqual( got.enrolled, v.enrolled, v.note );
		}
	} );
} );

QUnit.module( 'core/rfc3339 (properties)', () => {
	QUnit.test( 'any instant from 0001 to 9999, written with any offset, reads back as itself', ( assert ) => {
		fc.assert( fc.property(
			fc.integer( { min: new Date( '0001-01-02T00:00:00Z' ).getTime(), max: new Date( '9999-12-30T00:00:00Z' ).getTime() } ),
			fc.integer( { min: -23 * 60 - 59, max: 23 * 60 + 59 } ),
			( ms, offsetMinutes ) => {
				// Written independently: the UTC fields of the local wall time, from Date's own ISO form.
				const wall = new Date( ms + offsetMinutes * 60000 ).toISOString().slice( 0, 23 );
				const abs = Math.abs( offsetMinutes );
				const offset = ( offsetMinutes < 0 ? '-' : '+' ) + String( Math.floor( abs / 60 ) ).padStart( 2, '0' ) + ':' + String( abs % 60 ).padStart( 2, '0' );
				return parseRfc3339( wall + offset ) === ms && parseRfc3339( new Date( ms ).toISOString() ) === ms;
			},
		), { numRuns: 5000 } );
		assert.true( true );
	} );

	QUnit.test( 'text without an offset is never accepted', ( assert ) => {
		fc.assert( fc.property( fc.date( { min: new Date( '1000-01-01T00:00:00Z' ), max: new Date( '9999-01-01T00:00:00Z' ), noInvalidDate: true } ), ( d ) => {
			const iso = d.toISOString();
			return parseRfc3339( iso.slice( 0, -1 ) ) === null && parseRfc3339( iso.slice( 0, 19 ) ) === null && parseRfc3339( iso.slice( 0, 10 ) ) === null;
		} ), { numRuns: 2000 } );
		assert.true( true );
	} );
} );
