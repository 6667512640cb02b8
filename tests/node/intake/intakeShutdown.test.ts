/**
 * Graceful shutdown of the real mp-intake: SIGTERM with requests open.
 */
import Database from 'better-sqlite3';
import { post, STREAMS, validEvent } from '../intakeHarness';
import { startIntakeProcess } from './mpIntakeProcess';
import { rawRequest } from './rawHttp';

QUnit.module( 'intake shutdown', () => {
	QUnit.test( 'SIGTERM with half-sent requests: the finished one is answered and stored, the other cut at the deadline, exit 0', async ( assert ) => {
		const running = await startIntakeProcess( STREAMS, [ '--shutdown-timeout', '1' ] );
		const { host } = new URL( running.url );
		let answered = 0;
		for ( let i = 0; i < 3; i++ ) {
			const res = await post( running.url, Array.from( { length: 10 }, () => validEvent() ) );
			answered += res.status === 201 ? 10 : 0;
		}
		const late = JSON.stringify( [ validEvent() ] );
		const head = ( length: number ): string => `POST /v1/events HTTP/1.1\r\nHost: ${ host }\r\nContent-Type: application/json\r\nContent-Length: ${ length }\r\n\r\n`;
		// One request finishes its body after SIGTERM, within the deadline; one never does.
		const finishing = rawRequest( running.url, [ head( Buffer.byteLength( late ) ) + late.slice( 0, 10 ), late.slice( 10 ) ], { pauseMs: 300, timeoutMs: 8000 } );
		const neverFinished = rawRequest( running.url, [ head( 1000 ) + '[{"a":' ], { timeoutMs: 8000 } );
		await new Promise( ( r ) => setTimeout( r, 100 ) );
		const started = Date.now();
		running.child.kill( 'SIGTERM' );
		let timer: NodeJS.Timeout | undefined;
		const code = await Promise.race( [ running.exited, new Promise( ( r ) => {
			timer = setTimeout( () => r( 'still running after 6 s' ), 6000 );
		} ) ] );
		clearTimeout( timer );
		const elapsed = Date.now() - started;
		if ( code === 'still running after 6 s' ) {
			running.child.kill( 'SIGKILL' );
		}
		assert.strictEqual( code, 0, `exit code, ${ elapsed } ms after SIGTERM (deadline 1 s)` );
		assert.true( elapsed < 4000, `${ elapsed } ms: ${ running.output() }` );
		const finished = await finishing;
		assert.strictEqual( finished.status, 201, 'the request finished within the deadline is answered' );
		answered += finished.status === 201 ? 1 : 0;
		assert.strictEqual( ( await neverFinished ).status, 0, 'the unfinished one is cut off' );
		const db = new Database( running.store, { readonly: true } );
		const stored = ( db.prepare( 'SELECT COUNT(*) AS n FROM events' ).get() as { n: number } ).n;
		db.close();
		assert.strictEqual( stored, answered, `${ answered } events answered 201, all in the store` );
		running.cleanUp();
	} );
} );
