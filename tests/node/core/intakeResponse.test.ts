import fc from 'fast-check';
import { classifyResponse, retryDelay } from '../../../modules/src/core/intakeResponse';

QUnit.module( 'core/intakeResponse', () => {
	QUnit.test( 'status classes', ( assert ) => {
		for ( const status of [ 200, 201, 202, 204 ] ) {
			assert.strictEqual( classifyResponse( status, '' ).kind, 'accepted', String( status ) );
		}
		for ( const status of [ 0, 408, 429, 500, 502, 503 ] ) {
			assert.strictEqual( classifyResponse( status, '' ).kind, 'retry', String( status ) );
		}
		for ( const status of [ 404, 405, 413, 415 ] ) {
			assert.strictEqual( classifyResponse( status, '' ).kind, 'refused', String( status ) );
		}
		assert.strictEqual( classifyResponse( 207, 'garbage' ).kind, 'partly-invalid' );
		assert.strictEqual( classifyResponse( 400, '' ).kind, 'partly-invalid' );
	} );

	QUnit.test( 'EventGate bodies: ids and messages of the invalid events', ( assert ) => {
		const outcome = classifyResponse( 400, JSON.stringify( {
			invalid: [ { event: { meta: { id: 'a', stream: 's1' } }, context: { errors: [ { instancePath: '/x', message: 'bad' } ] } } ],
			error: [ { event: { meta: { id: 'b', stream: 's2' } }, context: { message: 'unknown stream' } } ],
		} ) );
		assert.deepEqual( outcome, { kind: 'partly-invalid', invalidIds: [ 'a', 'b' ], messages: [ 's1: /x bad', 's2: unknown stream' ] } );
	} );

	QUnit.test( 'classifyResponse never throws (property)', ( assert ) => {
		fc.assert( fc.property( fc.integer( { min: -1, max: 999 } ), fc.oneof( fc.string(), fc.json(), fc.constant( undefined ) ), ( status, body ) => {
			const kind = classifyResponse( status, body ).kind;
			return [ 'accepted', 'partly-invalid', 'retry', 'refused' ].includes( kind );
		} ) );
		assert.true( true );
	} );

	QUnit.test( 'retry delays: within [half, all] of a doubling, capped delay (property)', ( assert ) => {
		fc.assert( fc.property( fc.integer( { min: 0, max: 40 } ), fc.double( { min: 0, max: 0.9999, noNaN: true } ), ( attempt, r ) => {
			const full = Math.min( 30000, 1000 * Math.pow( 2, attempt ) );
			const d = retryDelay( attempt, 1000, 30000, () => r );
			return d >= Math.floor( full / 2 ) && d <= full;
		} ) );
		assert.strictEqual( retryDelay( 0, 1000, 30000, () => 0 ), 500 );
		assert.strictEqual( retryDelay( 10, 1000, 30000, () => 0.999999 ), 30000 );
	} );
} );
