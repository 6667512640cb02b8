/**
 * Connections to a throwaway PostgreSQL that the server ends (as on a restart, a failover or
 * `pg_terminate_backend`) must never end the process: `mp-intake`'s idle ones and one in use (its
 * INSERT waiting on a lock), the next POST stored on new connections; the Parquet export's, checked
 * out between two pages of a day (no query running, so `pg` emits the error on the client, which
 * the pool does not listen to while it is lent); and a pool ended just before its server stops, as
 * tests do in their teardown (`pool.end()` resolves before its connection has closed). Skipped (not
 * passed) without PostgreSQL.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { createPostgresTableSource } from '../../../intake/src/parquet/postgresTableSource';
import { surviveConnectionLoss } from '../../../intake/src/postgres/connectionLoss';
import { STREAMS, WEB } from '../intakeHarness';
import { IntakeProcess, startIntakeProcess } from '../intake/mpIntakeProcess';
import { postgresBinDir, startThrowawayPostgres, throwawayPool } from '../throwawayPostgres';

function batch(): { id: string; body: string } {
	const id = randomUUID();
	return {
		id,
		body: JSON.stringify( [ {
			$schema: WEB, action: 'click', dt: new Date().toISOString(),
			agent: { client_platform: 'mediawiki_js', client_platform_family: 'desktop_browser' },
			meta: { stream: 'test.web', domain: 'test.wiki.local', id },
		} ] ),
	};
}

/**
 * Posts a batch; resolves with the status, or with the network error's text when the process did not answer.
 *
 * @param intake
 * @param body
 */
async function post( intake: IntakeProcess, body: string ): Promise<number | string> {
	try {
		const res = await fetch( intake.url + '/v1/events', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body } );
		await res.arrayBuffer();
		return res.status;
	} catch ( e ) {
		return `no answer (${ String( ( e as { cause?: unknown } ).cause || e ) }); the process ${ intake.child.exitCode === null && !intake.child.signalCode ? 'runs' : `ended (${ intake.child.exitCode ?? intake.child.signalCode })` }`;
	}
}

/**
 * How many lost connections the intake has logged.
 *
 * @param intake
 */
function lost( intake: IntakeProcess ): number {
	return intake.output().split( '\n' ).filter( ( l ) => l.includes( 'PostgreSQL connection lost' ) ).length;
}

/**
 * Resolves once `done()` holds (asked every 50 ms); fails after 20 s.
 *
 * @param done
 * @param what what is awaited, for the failure
 */
async function until( done: () => boolean | Promise<boolean>, what: string ): Promise<void> {
	const giveUp = Date.now() + 20000;
	while ( !await done() ) {
		if ( Date.now() > giveUp ) {
			throw new Error( `waited 20 s for ${ what }` );
		}
		await new Promise( ( resolve ) => setTimeout( resolve, 50 ) );
	}
}

/**
 * Posts a batch as the client does: a 5xx is retried (twice, at once).
 *
 * @param intake
 * @param body
 */
async function postRetried( intake: IntakeProcess, body: string ): Promise<number | string> {
	let status: number | string = 0;
	for ( let attempt = 0; attempt < 3 && ( attempt === 0 || typeof status === 'number' && status >= 500 ); attempt++ ) {
		status = await post( intake, body );
	}
	return status;
}

/**
 * Ends the connections of the database `db`, but `except`'s; resolves with how many.
 *
 * @param admin
 * @param db
 * @param filter more conditions on pg_stat_activity
 * @param except a backend pid to spare
 */
async function terminate( admin: Pool, db: string, filter = 'true', except = 0 ): Promise<number> {
	const r = await admin.query<{ n: number }>( `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> $2 AND ${ filter }`, [ db, except ] );
	return r.rows[ 0 ].n;
}

const test = postgresBinDir() ? QUnit.test : QUnit.skip;
QUnit.module( 'intake faults: PostgreSQL connections lost', () => {
	test( 'connections ended by the server, idle or in use: the intake logs it, lives on, and stores the next POST', async ( assert ) => {
		const cluster = ( await startThrowawayPostgres( { fsync: 'off' } ) )!;
		const dir = mkdtempSync( path.join( os.tmpdir(), 'mp-pglost-' ) );
		const admin = throwawayPool( { connectionString: cluster.url, max: 1 } );
		let intake: IntakeProcess | null = null;
		try {
			await admin.query( 'CREATE DATABASE mp_lost' );
			const store = cluster.baseUrl + 'mp_lost';
			intake = await startIntakeProcess( STREAMS, [ '--store', store, '--hash-secret-file', path.join( dir, 'hash-secret' ) ] );
			const first = batch();
			assert.strictEqual( await post( intake, first.body ), 201, 'stored before' );

			// Idle connections, ended by the server. A request in the moment before the intake has read the
			// server's word may get such a connection and fail with a 5xx: clients retry it.
			const idle = await terminate( admin, 'mp_lost', "state = 'idle'" );
			assert.true( idle >= 1, 'the intake\'s idle connections ended' );
			await until( () => lost( intake! ) >= 1, 'the loss to be logged' );
			const second = batch();
			assert.strictEqual( await postRetried( intake, second.body ), 201, `stored after its idle connections were ended: ${ intake.output() }` );

			// A connection in use: the INSERT waits on a lock held here, and its connection is ended.
			const lockPool = throwawayPool( { connectionString: store, max: 1 } );
			const locker = await lockPool.connect();
			try {
				await locker.query( 'BEGIN' );
				await locker.query( 'LOCK TABLE events IN ACCESS EXCLUSIVE MODE' );
				const lockerPid = ( await locker.query<{ pid: number }>( 'SELECT pg_backend_pid() AS pid' ) ).rows[ 0 ].pid;
				const third = batch();
				const answer = post( intake, third.body );
				// Until the intake's INSERT waits on that lock.
				await until( async () => !!( await admin.query( "SELECT 1 FROM pg_stat_activity WHERE datname = 'mp_lost' AND wait_event_type = 'Lock'" ) ).rowCount, 'the INSERT to wait on the lock' );
				assert.true( await terminate( admin, 'mp_lost', "wait_event_type = 'Lock'", lockerPid ) >= 1, 'the connection in use ended' );
				const status = await answer;
				assert.true( typeof status === 'number' && status >= 500, `the POST whose connection was lost is answered with a failure, to be retried (${ status })` );
				await locker.query( 'ROLLBACK' );
			} finally {
				locker.release();
				await lockPool.end();
			}

			const fourth = batch();
			assert.strictEqual( await postRetried( intake, fourth.body ), 201, `stored after a connection in use was ended: ${ intake.output() }` );
			const stored = ( await throwawayQuery( store, 'SELECT id FROM events ORDER BY id' ) ).map( ( r ) => r.id );
			assert.deepEqual( stored, [ first.id, second.id, fourth.id ].sort(), 'each batch answered 201 is stored' );
			assert.strictEqual( intake.child.exitCode, null, 'the process lives' );
			const logged = lost( intake );
			assert.true( logged >= 1 && logged <= idle, `an idle connection lost is logged once (one in a query: by its request's failure); ${ logged } of ${ idle }: ${ intake.output() }` );
		} finally {
			if ( intake ) {
				intake.child.kill( 'SIGTERM' );
				await intake.exited;
				intake.cleanUp();
			}
			await admin.end();
			cluster.stop();
			rmSync( dir, { recursive: true, force: true } );
		}
	} );

	test( 'the Parquet export\'s connection ended between two pages of a day: the read fails, the loss is logged once, the process lives', async ( assert ) => {
		const cluster = ( await startThrowawayPostgres( { fsync: 'off' } ) )!;
		const admin = throwawayPool( { connectionString: cluster.url, max: 1 } );
		const warn = console.warn;
		const warned: string[] = [];
		try {
			await admin.query( `CREATE TABLE clicks_v1 (event_id text, received_at timestamptz, day date, page_id bigint);
				INSERT INTO clicks_v1 VALUES ('id-1', '2026-11-28T01:00:00Z', '2026-11-28', 1), ('id-2', '2026-11-28T02:00:00Z', '2026-11-28', 2)` );
			console.warn = ( m: string ) => warned.push( m );
			const source = createPostgresTableSource( cluster.url );
			const pages = source.rowsOfDay( { physical: 'clicks_v1', stream: 's', partitioned: true, columns: [ { name: 'page_id', type: 'integer', privacy: 'keep' } ] }, '2026-11-28', 1 )[ Symbol.asyncIterator ]();
			assert.strictEqual( ( await pages.next() ).value.length, 1, 'the first page' );
			assert.strictEqual( await terminate( admin, 'postgres', "state = 'idle in transaction'" ), 1, 'the export\'s connection, lent out between two pages, ended' );
			await until( () => warned.length > 0, 'the loss to be logged' );
			await assert.rejects( pages.next(), /not queryable|terminat/, 'the next page fails: the export stops with an error' );
			await source.close();
			assert.deepEqual( warned, [ '[mp-intake] PostgreSQL connection lost (terminating connection due to administrator command); a new one is opened on next use' ] );
		} finally {
			console.warn = warn;
			await admin.end();
			cluster.stop();
		}
	} );

	// Seen twice as a crash of the whole test run ("terminating connection due to administrator
	// command", an 'error' event on a pool without listener) in the teardown of tests that end their
	// pool and then stop their throwaway cluster, on a loaded machine.
	test( 'a pool ended just before its server stops, the server slow to read the goodbye: logged once, the process lives', async ( assert ) => {
		const cluster = ( await startThrowawayPostgres( { fsync: 'off' } ) )!;
		try {
			const lines: string[] = [];
			const pool = surviveConnectionLoss( new Pool( { connectionString: cluster.url, max: 1 } ), ( m ) => lines.push( m ) );
			const pid = ( await pool.query<{ pid: number }>( 'SELECT pg_backend_pid() AS pid' ) ).rows[ 0 ].pid;
			const removed = new Promise( ( resolve ) => pool.on( 'remove', resolve ) );
			// The backend does not run (a loaded machine) until after the server was told to stop: it
			// then ends the connection with an error instead of reading the pool's Terminate message.
			process.kill( pid, 'SIGSTOP' );
			spawn( 'sh', [ '-c', `sleep 1; kill -CONT ${ pid }` ], { stdio: 'ignore' } );
			await pool.end();
			cluster.stop();
			// The connection's end comes after its error.
			await removed;
			assert.deepEqual( lines, [ 'PostgreSQL connection lost (terminating connection due to administrator command); a new one is opened on next use' ] );
		} finally {
			cluster.stop();
		}
	} );
} );

/**
 * One query on a pool of its own.
 *
 * @param url
 * @param sql
 */
async function throwawayQuery( url: string, sql: string ): Promise<{ id: string }[]> {
	const pool = throwawayPool( { connectionString: url, max: 1 } );
	try {
		return ( await pool.query<{ id: string }>( sql ) ).rows;
	} finally {
		await pool.end();
	}
}
