/**
 * Intake throughput: the mp-intake command (SQLite store in a temporary folder) pinned to one core,
 * loaded from this process on the other core by 4 concurrent clients over keep-alive connections.
 * Batches of 100 events, then single-event requests. Every event has a fresh meta.id.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

const STREAMS = { 'bench.web': { schema_title: 'analytics/product_metrics/web/base', producers: { metrics_platform_client: { provide_values: [ 'page_id' ] } } } };

function event( i ) {
	return {
		$schema: '/analytics/product_metrics/web/base/1.3.0',
		action: 'click',
		action_source: 'toolbar',
		element_id: 'save-button',
		agent: { client_platform: 'mediawiki_js', client_platform_family: 'desktop_browser' },
		page: { id: 30715282, title: 'Dark_Souls', namespace_id: 0, revision_id: 1084793259 },
		mediawiki: { skin: 'vector', version: '1.39.17', database: 'enwiki' },
		performer: { is_logged_in: false, session_id: 'eeeeeeeeeeeeeeeeeeee', pageview_id: 'eeeeeeeeeeeeeeeeeeee' },
		dt: '2026-11-23T12:00:00.000Z',
		meta: { stream: 'bench.web', domain: 'en.wikipedia.org', id: `b${ process.pid }-${ i }` }
	};
}

function startIntake( root, dir ) {
	const streams = path.join( dir, 'streams.json' );
	writeFileSync( streams, JSON.stringify( STREAMS ) );
	const pin = os.cpus().length > 1 ? [ 'taskset', [ '-c', '0', process.execPath ] ] : [ process.execPath, [] ];
	const child = spawn( pin[ 0 ], [ ...pin[ 1 ], path.join( root, 'intake/bin/mp-intake.cjs' ), '--port', '0', '--streams', streams, '--store', path.join( dir, 'events.sqlite' ) ], { stdio: [ 'ignore', 'pipe', 'inherit' ] } );
	return new Promise( ( resolve, reject ) => {
		child.stdout.on( 'data', ( chunk ) => {
			const m = /listening on (http:\/\/[^\s]+)/.exec( String( chunk ) );
			if ( m ) {
				resolve( { child, url: m[ 1 ] } );
			}
		} );
		child.on( 'exit', ( code ) => reject( new Error( `mp-intake exited with ${ code }` ) ) );
	} );
}

async function load( url, batchSize, seconds, clients ) {
	const agent = new http.Agent( { keepAlive: true, maxSockets: clients } );
	let next = 0;
	let events = 0;
	let requests = 0;
	let failures = 0;
	const end = Date.now() + seconds * 1000;
	const target = new URL( url + '/v1/events' );
	function send() {
		const batch = [];
		for ( let i = 0; i < batchSize; i++ ) {
			batch.push( event( next++ ) );
		}
		const body = JSON.stringify( batch );
		return new Promise( ( resolve ) => {
			const req = http.request( { agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength( body ) } }, ( res ) => {
				res.resume();
				res.on( 'end', () => {
					requests++;
					if ( res.statusCode === 201 ) {
						events += batchSize;
					} else {
						failures++;
					}
					resolve();
				} );
			} );
			req.on( 'error', () => {
				failures++;
				resolve();
			} );
			req.end( body );
		} );
	}
	const start = Date.now();
	await Promise.all( Array.from( { length: clients }, async () => {
		while ( Date.now() < end ) {
			await send();
		}
	} ) );
	const elapsed = ( Date.now() - start ) / 1000;
	agent.destroy();
	return { eventsPerSecond: events / elapsed, requestsPerSecond: requests / elapsed, failures };
}

/**
 * @param {string} root the repository
 */
export async function intakeThroughput( root ) {
	const dir = mkdtempSync( path.join( os.tmpdir(), 'mp-bench-' ) );
	const { child, url } = await startIntake( root, dir );
	try {
		await load( url, 100, 1, 4 );
		const batches = await load( url, 100, 5, 4 );
		const singles = await load( url, 1, 5, 4 );
		return { batches, singles };
	} finally {
		child.kill( 'SIGTERM' );
		await new Promise( ( r ) => {
			child.on( 'exit', r );
		} );
		rmSync( dir, { recursive: true, force: true } );
	}
}
