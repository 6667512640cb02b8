/**
 * The built Node client (modules/dist/node) against the real intake: close() sends what waits and
 * waits for the answers, and a process that exits with events unsent says so.
 */
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import sinon from 'sinon';
import type { MetricsClientOptions, StandaloneMetricsClient } from '../../../modules/src/entries/standalone';
import { startIntake } from '../intakeHarness';

const BUNDLE = path.resolve( __dirname, '../../../modules/dist/node/metricsPlatform.js' );
// The built file, as an installed package would give it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createMetricsClient } = require( BUNDLE ) as { createMetricsClient( o: MetricsClientOptions ): StandaloneMetricsClient };
const SESSION = { performer: { session_id: '0123456789abcdef0123' }, page: { id: 7 } };

/**
 * A server that answers every request with `status` and counts them.
 *
 * @param status
 */
async function answering( status: number ): Promise<{ url: string; requests: () => number; close: () => void }> {
	let requests = 0;
	const server = http.createServer( ( req, res ) => {
		requests++;
		req.resume();
		req.on( 'end', () => res.writeHead( status ).end() );
	} );
	await new Promise<void>( ( resolve ) => server.listen( 0, '127.0.0.1', resolve ) );
	return {
		url: `http://127.0.0.1:${ ( server.address() as AddressInfo ).port }/v1/events`,
		requests: () => requests,
		close: () => {
			server.closeAllConnections();
			server.close();
		},
	};
}

QUnit.module( 'Node client (built bundle)', () => {
	QUnit.test( 'close() sends what waits (no linger) and resolves once the intake has stored it', async ( assert ) => {
		const { intake, url, sink } = await startIntake();
		try {
			const warn = sinon.spy();
			// A linger far longer than the test: only close() can make these leave.
			const client = createMetricsClient( { streamConfigs: { 'test.web': { producers: { metrics_platform_client: { provide_values: [ 'page_id' ] } } } }, domain: 'node.example', context: SESSION, intakeUrl: url + '/v1/events', warn, delivery: { lingerMs: 600000 } } );
			client.submitClick( 'test.web', { element_id: 'a' } );
			client.submitClick( 'test.web', { element_id: 'b' } );
			assert.strictEqual( client.pending(), 2 );
			assert.strictEqual( await client.close(), 0, 'nothing left' );
			const stored = await sink.recent( 'test.web', 10 );
			assert.deepEqual( stored.map( ( s ) => s.event.element_id ).sort(), [ 'a', 'b' ], 'both stored when close() resolved' );
			client.submitClick( 'test.web', { element_id: 'late' } );
			assert.strictEqual( client.pending(), 0, 'a closed client takes nothing' );
			assert.true( warn.calledWithMatch( 'closed' ), 'and says so' );
		} finally {
			await intake.close();
		}
	} );

	QUnit.test( 'flush() resolves after the answer, with what is left; an intake that keeps failing: close() retries, then reports', async ( assert ) => {
		const failing = await answering( 503 );
		try {
			const warn = sinon.spy();
			const client = createMetricsClient( { streamConfigs: false, context: SESSION, intakeUrl: failing.url, warn, delivery: { lingerMs: 600000, maxAttempts: 3, retryBaseMs: 600000 } } );
			client.submitClick( 'any.stream', {} );
			assert.strictEqual( await client.flush(), 1, 'flush: answered 503, one event left' );
			assert.strictEqual( failing.requests(), 1 );
			assert.strictEqual( await client.close(), 1, 'close: still unsent' );
			assert.strictEqual( failing.requests(), 3, 'close() made the remaining attempts at once (maxAttempts 3)' );
			const messages = warn.getCalls().map( ( c ) => String( c.args[ 0 ] ) );
			assert.true( messages.some( ( m ) => m.includes( 'could not be sent before close()' ) ), messages.join( ' | ' ) );
			assert.false( messages.some( ( m ) => m.includes( 'later page' ) ), 'no "later page" in Node' );
		} finally {
			failing.close();
		}
	} );

	QUnit.test( 'a process that exits with events unsent warns once; one that awaits close() does not', ( assert ) => {
		const script = ( ending: string ): string => `
			const { createMetricsClient } = require( ${ JSON.stringify( BUNDLE ) } );
			const client = createMetricsClient( { streamConfigs: false, context: ${ JSON.stringify( SESSION ) }, transport: () => undefined, delivery: { lingerMs: 600000 } } );
			client.submitClick( 'any.stream', {} );
			client.submitClick( 'any.stream', {} );
			${ ending }`;
		const exiting = spawnSync( process.execPath, [ '-e', script( 'process.exit( 0 );' ) ], { encoding: 'utf8' } );
		assert.strictEqual( exiting.stderr.match( /were not sent/g )?.length, 1, exiting.stderr );
		assert.true( exiting.stderr.includes( '2 event(s) were not sent' ), exiting.stderr );
		// No process.exit(): after close() the process ends by itself, though the linger is 10 minutes.
		const closing = spawnSync( process.execPath, [ '-e', script( 'client.close().then( ( left ) => console.log( "left " + left ) );' ) ], { encoding: 'utf8', timeout: 30000 } );
		assert.strictEqual( closing.signal, null, 'ended by itself, not by the 30 s timeout' );
		assert.strictEqual( closing.stdout.trim(), 'left 0' );
		assert.strictEqual( closing.stderr, '', 'no warning' );
	} );
} );
