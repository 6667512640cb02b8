/**
 * The promise of a 201 under kill -9: the `mp-intake` command (the built intake) with its SQLite store
 * is killed with SIGKILL while 4 clients keep posting batches of 100; every event answered 201 must
 * then be in the store, and none twice.
 */
import Database from 'better-sqlite3';
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { STREAMS, WEB } from '../intakeHarness';

const ROOT = path.resolve( __dirname, '../../..' );

function startCli( streamsFile: string, store: string ): Promise<{ child: ChildProcess; url: string }> {
	const child = spawn( process.execPath, [ path.join( ROOT, 'intake/bin/mp-intake.cjs' ), '--port', '0', '--streams', streamsFile, '--store', store ], { stdio: [ 'ignore', 'pipe', 'inherit' ] } );
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

QUnit.module( 'intake faults', () => {
	QUnit.test( 'kill -9 under load: every event answered 201 is in the store, none twice', async ( assert ) => {
		const dir = mkdtempSync( path.join( os.tmpdir(), 'mp-kill-' ) );
		const streamsFile = path.join( dir, 'streams.json' );
		writeFileSync( streamsFile, JSON.stringify( STREAMS ) );
		const store = path.join( dir, 'events.sqlite' );
		const { child, url } = await startCli( streamsFile, store );
		const exited = new Promise( ( resolve ) => child.once( 'exit', resolve ) );
		const agent = new http.Agent( { keepAlive: true, maxSockets: 4 } );
		const acknowledged: string[] = [];
		let unanswered = 0;
		let killed = false;
		// Kill once this many events are acknowledged: the other clients' requests are then in flight.
		const KILL_AFTER = 20000;
		const client = async (): Promise<void> => {
			while ( !killed ) {
				const dt = new Date().toISOString();
				const events = Array.from( { length: 100 }, () => ( {
					$schema: WEB,
					action: 'click',
					agent: { client_platform: 'mediawiki_js', client_platform_family: 'desktop_browser' },
					dt,
					meta: { stream: 'test.web', domain: 'test.wiki.local', id: randomUUID() },
				} ) );
				let status = 0;
				try {
					status = await postBatch( agent, url, JSON.stringify( events ) );
				} catch ( e ) {
					unanswered++;
					continue;
				}
				if ( status === 201 && !killed ) {
					acknowledged.push( ...events.map( ( e ) => e.meta.id ) );
					if ( acknowledged.length >= KILL_AFTER ) {
						killed = true;
						child.kill( 'SIGKILL' );
					}
				}
			}
		};
		await Promise.all( [ client(), client(), client(), client() ] );
		await exited;
		agent.destroy();

		const db = new Database( store );
		const stored = new Set( ( db.prepare( 'SELECT id FROM events' ).pluck().all() as string[] ) );
		const rows = db.prepare( 'SELECT COUNT(*) FROM events' ).pluck().get() as number;
		db.close();
		const missing = acknowledged.filter( ( id ) => !stored.has( id ) );
		console.log( `# kill -9 after ${ acknowledged.length } events answered 201: ${ rows } rows stored, ${ missing.length } answered but missing, ${ stored.size === rows ? 0 : rows - stored.size } stored twice, ${ unanswered } requests cut off` );
		assert.strictEqual( child.signalCode, 'SIGKILL', 'the intake was killed, not stopped' );
		assert.true( acknowledged.length >= KILL_AFTER );
		assert.strictEqual( missing.length, 0, 'every event answered 201 is stored' );
		assert.strictEqual( stored.size, rows, 'no event stored twice' );
		rmSync( dir, { recursive: true, force: true } );
	} );
} );
