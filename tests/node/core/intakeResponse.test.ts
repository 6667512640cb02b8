import fc from 'fast-check';
import { classifyResponse, retryDelay } from '../../../modules/src/core/intakeResponse';

QUnit.module( 'core/intakeResponse', () => {
	QUnit.test( 'status classes', ( assert ) => {
		for ( const status of [ 200, 201, 202, 204 ] ) {
			assert.deepEqual( classifyResponse( status, '', 1 ), { retry: false, problem: '' }, String( status ) );
		}
		for ( const status of [ 0, 408, 429, 500, 502, 503 ] ) {
			assert.deepEqual( classifyResponse( status, '', 1 ), { retry: true, problem: status ? `HTTP ${ status }` : 'network error or timeout' }, String( status ) );
		}
		for ( const status of [ 404, 405, 413, 415 ] ) {
			assert.deepEqual( classifyResponse( status, '', 4 ), { retry: false, problem: `The intake refused 4 event(s) (HTTP ${ status }); they are dropped.` }, String( status ) );
		}
		assert.deepEqual( classifyResponse( 207, 'garbage', 2 ), { retry: false, problem: 'The intake refused some of 2 event(s) as invalid: HTTP 207' } );
		assert.false( classifyResponse( 400, '', 2 ).retry );
	} );

	QUnit.test( 'EventGate bodies: how many were refused, and the validator’s messages', ( assert ) => {
		const outcome = classifyResponse( 400, JSON.stringify( {
			invalid: [ { event: { meta: { id: 'a', stream: 's1' } }, context: { errors: [ { instancePath: '/x', message: 'bad' } ] } } ],
			error: [ { event: { meta: { id: 'b', stream: 's2' } }, context: { message: 'unknown stream' } }, null ],
		} ), 5 );
		assert.deepEqual( outcome, { retry: false, problem: 'The intake refused 3 of 5 event(s) as invalid: s1: /x bad | s2: unknown stream | ?: invalid' } );
	} );

	QUnit.test( 'classifyResponse never throws (property)', ( assert ) => {
		fc.assert( fc.property( fc.integer( { min: -1, max: 999 } ), fc.oneof( fc.string(), fc.json(), fc.constant( undefined ) ), ( status, body ) => {
			const outcome = classifyResponse( status, body, 1 );
			// Only an accepted request has nothing to say.
			return typeof outcome.retry === 'boolean' && ( outcome.problem === '' ) === ( status >= 200 && status < 300 && status !== 207 );
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
