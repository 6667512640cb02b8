/**
 * Two `mp-intake` processes over one PostgreSQL (a throwaway cluster on loopback), 4 clients posting
 * batches of 100 to both in turn; one process is killed with SIGKILL mid-load. A client whose request
 * was cut re-sends the same batch to the other process, as the browser client does. Then every event
 * answered 201 must be in the database, and none twice. Skipped (not passed) without PostgreSQL.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { STREAMS, WEB } from '../intakeHarness';
import { postgresBinDir, startThrowawayPostgres, throwawayPool } from '../throwawayPostgres';

const ROOT = path.resolve( __dirname, '../../..' );

function startCli( args: string[] ): Promise<{ child: ChildProcess; url: string }> {
	const child = spawn( process.execPath, [ path.join( ROOT, 'intake/bin/mp-intake.cjs' ), '--port', '0', ...args ], { stdio: [ 'ignore', 'pipe', 'inherit' ] } );
	// A test that timed out never reaches its clean-up: the process must not outlive the test run.
	const killOnExit = (): void => {
		child.kill( 'SIGKILL' );
	};
	process.on( 'exit', killOnExit );
	child.once( 'exit', () => process.off( 'exit', killOnExit ) );
	return new Promise( ( resolve, reject ) => {
		let out = '';
		child.stdout!.on( 'data', ( chunk ) => {
			out += chunk;
			const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec( out );
			if ( m ) {
				resolve( { child, url: m[ 1 ] } );
			}
		} );
		child.once( 'exit', ( code ) => reject( new Error( `mp-intake exited with ${ code } before listening: ${ out }` ) ) );
	} );
}

function postBatch( agent: http.Agent, url: string, body: string ): Promise<number> {
	return new Promise( ( resolve, reject ) => {
		const req = http.request( url + '/v1/events', { agent, method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength( body ) } }, ( res ) => {
			res.resume();
			res.on( 'end', () => resolve( res.statusCode || 0 ) );
			res.on( 'error', reject );
		} );
		req.on( 'error', reject );
		req.end( body );
	} );
}

const test = postgresBinDir() ? QUnit.test : QUnit.skip;
QUnit.module( 'intake faults: PostgreSQL', () => {
	test( 'kill -9 of one of 2 processes under load: every event answered 201 is stored, none twice', async ( assert ) => {
		// fsync off: the intake process is killed here, not the database or the machine.
		const cluster = ( await startThrowawayPostgres( { fsync: 'off' } ) )!;
		const dir = mkdtempSync( path.join( os.tmpdir(), 'mp-pgkill-' ) );
		try {
			const streamsFile = path.join( dir, 'streams.json' );
			writeFileSync( streamsFile, JSON.stringify( STREAMS ) );
			const admin = throwawayPool( { connectionString: cluster.url, max: 1 } );
			await admin.query( 'CREATE DATABASE mp_kill' );
			await admin.end();
			const store = cluster.baseUrl + 'mp_kill';
			const [ a, b ] = await Promise.all( [ startCli( [ '--streams', streamsFile, '--store', store, '--hash-secret-file', path.join( dir, 'hash-secret' ) ] ), startCli( [ '--streams', streamsFile, '--store', store, '--hash-secret-file', path.join( dir, 'hash-secret' ) ] ) ] );
			const exited = new Promise( ( resolve ) => a.child.once( 'exit', resolve ) );
			const agent = new http.Agent( { keepAlive: true, maxSockets: 8 } );
			const acknowledged: string[] = [];
			let cut = 0;
			let killed = false;
			// Kill once this many events are acknowledged; stop once as many more are, through b alone.
			const KILL_AFTER = 10000;
			const client = async ( first: number ): Promise<void> => {
				let turn = first;
				while ( acknowledged.length < 2 * KILL_AFTER ) {
					const dt = new Date().toISOString();
					const events = Array.from( { length: 100 }, () => ( {
						$schema: WEB,
						action: 'click',
						agent: { client_platform: 'mediawiki_js', client_platform_family: 'desktop_browser' },
						dt,
						meta: { stream: 'test.web', domain: 'test.wiki.local', id: randomUUID() },
					} ) );
					const body = JSON.stringify( events );
					let status = 0;
					for ( let attempt = 0; status !== 201 && attempt < 5; attempt++ ) {
						const target = killed || turn++ % 2 ? b.url : a.url;
						try {
							status = await postBatch( agent, target, body );
						} catch ( e ) {
							// Cut off by the kill: re-send the same batch (to the process still up).
							cut++;
						}
					}
					if ( status === 201 ) {
						acknowledged.push( ...events.map( ( e ) => e.meta.id ) );
						if ( !killed && acknowledged.length >= KILL_AFTER ) {
							killed = true;
							a.child.kill( 'SIGKILL' );
						}
					}
				}
			};
			await Promise.all( [ client( 0 ), client( 1 ), client( 0 ), client( 1 ) ] );
			await exited;
			agent.destroy();
			b.child.kill( 'SIGTERM' );
			await new Promise( ( resolve ) => b.child.once( 'exit', resolve ) );

			const db = throwawayPool( { connectionString: store, max: 1 } );
			const stored = new Set( ( await db.query<{ id: string }>( 'SELECT id FROM events' ) ).rows.map( ( r ) => r.id ) );
			const rows = ( await db.query<{ n: number }>( 'SELECT COUNT(*)::int AS n FROM events' ) ).rows[ 0 ].n;
			await db.end();
			const missing = acknowledged.filter( ( id ) => !stored.has( id ) );
			console.log( `# kill -9 of 1 of 2 processes after ${ KILL_AFTER } events answered 201 (${ acknowledged.length } in all): ${ rows } rows stored, ${ missing.length } answered but missing, ${ rows - stored.size } stored twice, ${ cut } requests cut off and re-sent` );
			assert.strictEqual( a.child.signalCode, 'SIGKILL', 'the intake was killed, not stopped' );
			assert.true( acknowledged.length >= 2 * KILL_AFTER, 'the other process went on answering' );
			assert.strictEqual( missing.length, 0, 'every event answered 201 is stored' );
			assert.strictEqual( stored.size, rows, 'no event stored twice' );
		} finally {
			cluster.stop();
			rmSync( dir, { recursive: true, force: true } );
		}
	} );
} );
