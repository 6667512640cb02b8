import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { createStreamExpiry } from '../../../intake/src/streamExpiry';
import { post, startIntake, validEvent } from '../intakeHarness';

const ROOT = path.resolve( __dirname, '../../..' );

/**
 * A control-plane stream config (action=metricsplatformconfig) ending at `end`.
 *
 * @param end
 * @param extra
 */
function planeStream( end: string, extra: Record<string, unknown> = {} ): Record<string, unknown> {
	return Object.assign( {
		schema_title: 'analytics/product_metrics/web/base',
		producers: { metrics_platform_client: { provide_values: [ 'page_id' ] } },
		control_plane: { definition: 'wiki.button', owner: 'Team', end, retention_days: 90 },
	}, extra );
}

/**
 * An ISO date `ms` from now, with an offset written as the wiki's definitions may write it.
 *
 * @param ms
 */
function fromNow( ms: number ): string {
	return new Date( Date.now() + ms ).toISOString().replace( /\.\d{3}Z$/, '+00:00' );
}

function messages( body: string ): string[] {
	return JSON.parse( body ).error.map( ( e: { context: { message: string } } ) => e.context.message );
}

QUnit.module( 'intake: streams that the wiki ended', ( hooks ) => {
	hooks.after( () => new Promise( ( resolve ) => setTimeout( resolve, 100 ) ) );

	QUnit.test( 'an event received at or after control_plane.end is refused with the end, before any refresh', async ( assert ) => {
		const past = fromNow( -1000 );
		const future = fromNow( 3600000 );
		const { intake, url, sink } = await startIntake( undefined, { streams: { 'wiki.ended': planeStream( past ), 'wiki.running': planeStream( future ) } } );
		const ended = await post( url, [ validEvent( 'wiki.ended' ) ] );
		assert.strictEqual( ended.status, 400 );
		assert.deepEqual( messages( ended.body ), [ `stream "wiki.ended" ended on ${ past } (definition "wiki.button"): its definition has expired; renew it on the wiki to collect again` ] );
		assert.strictEqual( ( await sink.recent( 'wiki.ended', 10 ) ).length, 0, 'nothing stored' );
		assert.strictEqual( ( await post( url, [ validEvent( 'wiki.running' ) ] ) ).status, 201, 'a stream inside its window is accepted' );
		await intake.close();
	} );

	QUnit.test( 'a stream listed as expired (no longer served) is refused with its end, not as undeclared; renewal accepts it again', async ( assert ) => {
		const { intake, url } = await startIntake( undefined, { streams: {}, expired: { 'wiki.past': { definition: 'wiki.past', end: '2025-02-01T00:00:00+01:00' } } } );
		const res = await post( url, [ validEvent( 'wiki.past' ), validEvent( 'wiki.unknown' ) ] );
		assert.deepEqual( messages( res.body ), [
			'stream "wiki.past" ended on 2025-02-01T00:00:00+01:00: its definition has expired; renew it on the wiki to collect again',
			'stream "wiki.unknown" is not declared',
		] );
		intake.setStreamConfigs( { streams: { 'wiki.past': planeStream( fromNow( 86400000 ) ) }, expired: {} } );
		assert.strictEqual( ( await post( url, [ validEvent( 'wiki.past' ) ] ) ).status, 201, 'renewed on the wiki: accepted after the refresh' );
		await intake.close();
	} );

	QUnit.test( 'streams sending under one stream_name end with the last of them; a stream without an end never ends', ( assert ) => {
		const at = new Date();
		const via = ( end: string | null ): Record<string, unknown> => {
			const config = planeStream( end || '', { producers: { metrics_platform_client: { stream_name: 'shared' } } } );
			if ( end === null ) {
				delete config.control_plane;
			}
			return config;
		};
		const later = fromNow( 60000 );
		assert.strictEqual( createStreamExpiry( { streams: { a: via( fromNow( -60000 ) ), b: via( later ) } } ).refusal( 'shared', at ), null, 'one still running' );
		assert.strictEqual( createStreamExpiry( { streams: { a: via( fromNow( -60000 ) ), b: via( null ) } } ).refusal( 'shared', at ), null, 'one without an end (LocalSettings.php)' );
		assert.true( ( createStreamExpiry( { streams: { a: via( fromNow( -60000 ) ), b: via( fromNow( -1000 ) ) } } ).refusal( 'shared', at ) || '' ).includes( 'ended on' ), 'both ended' );
		assert.strictEqual( createStreamExpiry( { 'plain.browser.form': planeStream( fromNow( -1000 ) ) } ).refusal( 'plain.browser.form', at ), null, 'the browser form carries no windows' );
	} );

	QUnit.test( 'any input: never throws, answers null or a reason naming an end', ( assert ) => {
		fc.assert( fc.property( fc.anything(), fc.string(), fc.date( { noInvalidDate: true } ), ( input, stream, at ) => {
			const r = createStreamExpiry( input ).refusal( stream, at );
			return r === null || ( typeof r === 'string' && r.includes( ' ended on ' ) );
		} ), { numRuns: 500 } );
		fc.assert( fc.property( fc.dictionary( fc.string(), fc.record( { control_plane: fc.record( { end: fc.oneof( fc.string(), fc.integer() ) } ) } ) ), ( streams ) => {
			const expiry = createStreamExpiry( { streams, expired: streams } );
			return Object.keys( streams ).every( ( name ) => {
				const r = expiry.refusal( name, new Date() );
				return r === null || r.includes( ' ended on ' );
			} );
		} ), { numRuns: 300 } );
		assert.true( true );
	} );

	QUnit.test( 'mp-intake --streams-url passes the wiki\'s expired list on: the refusal names the end', async ( assert ) => {
		const wiki = http.createServer( ( _req, res ) => {
			res.writeHead( 200, { 'Content-Type': 'application/json' } );
			res.end( JSON.stringify( { streams: { 'wiki.running': planeStream( fromNow( 3600000 ) ) }, experiments: {}, flags: {}, expired: { 'wiki.past': { definition: 'wiki.past', end: '2025-02-01T00:00:00Z' } } } ) );
		} );
		await new Promise<void>( ( resolve ) => wiki.listen( 0, '127.0.0.1', resolve ) );
		const api = `http://127.0.0.1:${ ( wiki.address() as AddressInfo ).port }/api.php`;
		const dir = mkdtempSync( path.join( os.tmpdir(), 'mp-expiry-' ) );
		const child = spawn( process.execPath, [ path.join( ROOT, 'intake/bin/mp-intake.cjs' ), '--port', '0', '--streams-url', api, '--store', path.join( dir, 'e.sqlite' ) ], { stdio: [ 'ignore', 'pipe', 'inherit' ] } );
		try {
			const url = await new Promise<string>( ( resolve, reject ) => {
				let out = '';
				child.stdout!.on( 'data', ( d ) => {
					out += d;
					const m = /listening on (http:\/\/\S+)/.exec( out );
					if ( m ) {
						resolve( m[ 1 ] );
					}
				} );
				child.once( 'exit', ( code ) => reject( new Error( `mp-intake exited ${ code }` ) ) );
			} );
			const res = await post( url, [ validEvent( 'wiki.past' ), validEvent( 'wiki.running' ) ] );
			assert.strictEqual( res.status, 207 );
			assert.true( res.body.includes( 'stream \\"wiki.past\\" ended on 2025-02-01T00:00:00Z' ) || res.body.includes( 'stream "wiki.past" ended on 2025-02-01T00:00:00Z' ), res.body );
		} finally {
			const exited = new Promise( ( resolve ) => child.once( 'exit', resolve ) );
			child.kill( 'SIGTERM' );
			await exited;
			wiki.close();
			rmSync( dir, { recursive: true, force: true } );
		}
	} );
} );
