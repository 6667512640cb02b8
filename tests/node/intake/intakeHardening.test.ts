/**
 * The intake against what an attacker would send (issue 9): a closed read side, exactly what is
 * validated being stored, the stream contract enforced, bounded answers and buffers, a clear 4xx for
 * every malformed request.
 */
import http from 'node:http';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { createIntake, STORE_RETRY_AFTER_SECONDS } from '../../../intake/src/server';
import type { EventSink } from '../../../intake/src/sink';
import { createSqliteSink } from '../../../intake/src/sqliteSink';
import { post, SCHEMAS_DIR, startIntake, validEvent, STREAMS, WEB } from '../intakeHarness';
import { schemaValidator } from '../schemaValidator';
import { hasJsonReason, rawRequest } from './rawHttp';

const TOKEN = 'read-token-for-tests-0123456789';

/** Stands for a number too large for a double (written as 1e400 in the JSON text). */
const HUGE = 'HUGE-NUMBER';

/**
 * GET with extra headers (node:http, so that Host can be set).
 *
 * @param url full URL
 * @param headers extra headers
 */
function get( url: string, headers: Record<string, string> = {} ): Promise<{ status: number; body: string }> {
	return new Promise( ( resolve, reject ) => {
		http.get( url, { headers, agent: false }, ( res ) => {
			let body = '';
			res.setEncoding( 'utf8' );
			res.on( 'data', ( c ) => {
				body += c;
			} );
			res.on( 'end', () => resolve( { status: res.statusCode || 0, body } ) );
		} ).on( 'error', reject );
	} );
}

QUnit.module( 'intake hardening', ( hooks ) => {
	hooks.after( () => new Promise( ( resolve ) => setTimeout( resolve, 100 ) ) );

	QUnit.test( 'the read side is closed by default', async ( assert ) => {
		const { intake, url } = await startIntake();
		assert.strictEqual( ( await post( url, [ validEvent() ] ) ).status, 201 );
		for ( const p of [ '/v1/streams/test.web/events', '/v1/live', '/v1/stats' ] ) {
			const res = await get( url + p );
			assert.strictEqual( res.status, 403, p );
			assert.true( res.body.includes( 'the read side is off' ) && !res.body.includes( 'test.wiki.local' ), `${ p }: a reason, no data` );
		}
		assert.strictEqual( ( await get( url + '/healthz' ) ).status, 200, 'health stays open' );
		await intake.close();
	} );

	QUnit.test( 'read token: only with the bearer header; a short token is refused at start', async ( assert ) => {
		const { intake, url } = await startIntake( undefined, undefined, { readAccess: { token: TOKEN } } );
		await post( url, [ validEvent() ] );
		assert.strictEqual( ( await get( url + '/v1/stats' ) ).status, 401, 'no header' );
		assert.strictEqual( ( await get( url + '/v1/stats', { Authorization: 'Bearer ' + TOKEN + 'x' } ) ).status, 401, 'wrong token' );
		const events = await get( url + '/v1/streams/test.web/events', { Authorization: 'Bearer ' + TOKEN } );
		assert.strictEqual( events.status, 200 );
		assert.strictEqual( JSON.parse( events.body ).length, 1 );
		await intake.close();
		const short = await startIntake( undefined, undefined, { readAccess: { token: 'short' } } ).catch( ( e: Error ) => e );
		assert.true( short instanceof Error && /at least 16 characters/.test( short.message ), String( short ) );
	} );

	QUnit.test( 'loopback-only reading: not for another Host (DNS rebinding), not on a public address', async ( assert ) => {
		const { intake, url } = await startIntake( undefined, undefined, { readAccess: { loopbackOnly: true } } );
		assert.strictEqual( ( await get( url + '/v1/stats' ) ).status, 200 );
		assert.strictEqual( ( await get( url + '/v1/stats', { Host: 'evil.example:80' } ) ).status, 403 );
		await intake.close();
		const open = createIntake( { streamConfigs: STREAMS, schemasDir: SCHEMAS_DIR, sink: createSqliteSink( ':memory:' ), readAccess: { loopbackOnly: true }, log: () => undefined } );
		await assert.rejects( open.listen( 0, '0.0.0.0' ), /loopback only/ );
	} );

	QUnit.test( 'a store that cannot take a write: 503 with Retry-After, its reason in the log once per 10 s and not in the answer; 201 once it recovers', async ( assert ) => {
		const inner = createSqliteSink( ':memory:' );
		let failing = true;
		const sink: EventSink = Object.assign( {}, inner, {
			write: ( events: Record<string, unknown>[], serialized?: readonly string[] ) => ( failing ? Promise.reject( new Error( 'SQLITE_FULL: database or disk is full (/var/lib/mp/events.sqlite)' ) ) : inner.write( events, serialized ) ),
		} );
		let now = Date.parse( '2026-11-30T12:00:00.000Z' );
		const running = await startIntake( sink, STREAMS, { clock: () => now } );
		try {
			const first = await post( running.url, [ validEvent() ] );
			assert.deepEqual( [ first.status, first.headers.get( 'retry-after' ) ], [ 503, String( STORE_RETRY_AFTER_SECONDS ) ] );
			assert.true( first.body.includes( 'the store cannot take events now' ) && !first.body.includes( 'SQLITE_FULL' ) && !first.body.includes( '/var/lib' ), first.body );
			assert.strictEqual( ( await post( running.url, [ validEvent() ] ) ).status, 503 );
			now += 10000;
			assert.strictEqual( ( await post( running.url, [ validEvent() ] ) ).status, 503 );
			const messages = running.logs.filter( ( m ) => m.startsWith( 'The store could not take a write' ) );
			assert.deepEqual( messages, [
				'The store could not take a write; answered 503: SQLITE_FULL: database or disk is full (/var/lib/mp/events.sqlite)',
				'The store could not take a write (nor 1 other(s) since the last message); answered 503: SQLITE_FULL: database or disk is full (/var/lib/mp/events.sqlite)',
			] );
			assert.false( running.logs.some( ( m ) => m.startsWith( 'Internal error' ) ), 'not an internal error with a stack' );
			failing = false;
			assert.strictEqual( ( await post( running.url, [ validEvent() ] ) ).status, 201 );
		} finally {
			await running.intake.close();
		}
	} );

	QUnit.test( 'what is validated is stored: "__proto__" members are refused', async ( assert ) => {
		const { intake, url, sink } = await startIntake();
		const e = validEvent();
		const body = JSON.stringify( { $schema: WEB, dt: e.dt, meta: e.meta } ).replace( /}$/, `,"__proto__":{"action":"click","agent":${ JSON.stringify( e.agent ) }}}` );
		const res = await post( url, body );
		assert.strictEqual( res.status, 400, res.body );
		assert.true( res.body.includes( '__proto__' ) );
		assert.strictEqual( ( await sink.recent( 'test.web', 10 ) ).length, 0, 'nothing stored' );
		assert.strictEqual( Object.getPrototypeOf( {} ).action, undefined, 'no prototype changed' );
		await intake.close();
	} );

	QUnit.test( 'for any JSON input: refused, or the stored row re-read is valid (property)', async ( assert ) => {
		const { intake, url, sink } = await startIntake( undefined, Object.assign( {}, STREAMS, { 'test.all': { producers: { metrics_platform_client: { provide_values: [ 'page_id', 'performer_name', 'performer_id', 'mediawiki_skin' ] } } } } ) );
		const key = fc.constantFrom( '__proto__', 'constructor', 'prototype', 'toString', 'action', 'agent', 'meta', 'page', 'performer', 'http', 'dt', 'mediawiki', 'id', 'name' );
		const value = fc.oneof( fc.jsonValue( { maxDepth: 3 } ), fc.constantFrom( HUGE, -0, 2 ** 53 + 1, 'x'.repeat( 70 ) ), fc.dictionary( key, fc.jsonValue( { maxDepth: 2 } ), { maxKeys: 3 } ) );
		// Some required fields may move into a "__proto__" or "constructor" member.
		const moved = fc.tuple( fc.constantFrom( '__proto__', 'constructor' ), fc.subarray( [ 'action', 'agent', 'dt' ] ) );
		const mutated = fc.tuple( fc.constantFrom( 'test.web', 'test.ua', 'test.all' ), fc.array( fc.tuple( key, key, value, fc.boolean() ), { maxLength: 4 } ), moved ).map( ( [ stream, edits, [ holder, fields ] ] ) => {
			const event = validEvent( stream );
			const inner: Record<string, unknown> = {};
			for ( const field of fields ) {
				inner[ field ] = event[ field ];
				delete event[ field ];
			}
			let text = JSON.stringify( event );
			if ( fields.length ) {
				text = text.replace( /}$/, `,"${ holder }":${ JSON.stringify( inner ) }}` );
			}
			for ( const [ k1, k2, v, nested ] of edits ) {
				// Written as text, so that "__proto__" becomes a member, as a hostile sender would.
				const json = v === HUGE ? '1e400' : JSON.stringify( v );
				const member = `"${ k1 }":${ nested ? `{"${ k2 }":${ json }}` : json }`;
				text = text.replace( /}$/, `,${ member }}` );
			}
			return text;
		} );
		const bodies = fc.sample( fc.oneof( mutated, mutated.map( ( t ) => `[${ t },${ t }]` ), fc.json() ), { numRuns: 250, seed: 9 } );
		let accepted = 0;
		for ( const body of bodies ) {
			const res = await post( url, body );
			assert.true( res.status < 500, `${ res.status }` );
			if ( res.status === 201 || res.status === 207 ) {
				accepted++;
			}
		}
		const validate = schemaValidator( WEB );
		const rows = ( await sink.recent( 'test.web', 1000 ) ).concat( await sink.recent( 'test.ua', 1000 ), await sink.recent( 'test.all', 1000 ) );
		const invalid = rows.map( ( r ) => validate( r.event ) ).filter( ( errors ) => errors.length );
		assert.deepEqual( invalid, [], `${ rows.length } stored rows, re-read and re-validated` );
		assert.true( accepted > 5 && rows.length > 5, `some were accepted (${ accepted } answers, ${ rows.length } rows)` );
		await intake.close();
	} );

	QUnit.test( 'the stream contract: attributes not asked for are removed with a warning; no request headers', async ( assert ) => {
		const { intake, url, sink } = await startIntake();
		const res = await post( url, [ validEvent( 'test.web', {
			page: { id: 5, title: 'Secret' },
			performer: { name: 'Alice', id: 7 },
			http: { request_headers: { cookie: 'session=1' } },
		} ) ], { 'User-Agent': 'TestAgent/1.0' } );
		assert.strictEqual( res.status, 201 );
		const warning = JSON.parse( res.body ).warnings[ 0 ];
		assert.true( [ 'page.title', 'performer.name', 'performer.id', 'http' ].every( ( f ) => warning.includes( f ) ), warning );
		const stored = ( await sink.recent( 'test.web', 1 ) )[ 0 ].event;
		assert.deepEqual( stored.page, { id: 5 } );
		assert.strictEqual( stored.performer, undefined );
		assert.strictEqual( stored.http, undefined );
		await post( url, [ validEvent( 'test.ua', { http: { request_headers: { cookie: 'session=1', 'x-forwarded-for': '10.0.0.1' } } } ) ], { 'User-Agent': 'TestAgent/1.0', Cookie: 'a=b' } );
		const ua = ( await sink.recent( 'test.ua', 1 ) )[ 0 ].event;
		assert.deepEqual( ua.http, { request_headers: { 'user-agent': 'TestAgent/1.0' } }, 'only the user agent, for a stream that asks for it' );
		await intake.close();
	} );

	QUnit.test( 'a stream_name target of a declared stream is accepted (README "Adding a stream")', async ( assert ) => {
		const streams = { 'mywiki.editing': { schema_title: 'analytics/product_metrics/web/base', producers: { metrics_platform_client: { provide_values: [ 'page_id' ], stream_name: 'mywiki.editing.v2' } } } };
		const { intake, url, sink, logs } = await startIntake( undefined, streams );
		const res = await post( url, [ validEvent( 'mywiki.editing.v2', { page: { id: 3 } } ) ] );
		assert.strictEqual( res.status, 201, res.body );
		assert.strictEqual( ( await sink.recent( 'mywiki.editing.v2', 1 ) ).length, 1 );
		assert.deepEqual( logs, [] );
		await intake.close();
	} );

	QUnit.test( 'refusals are capped, name events by index and meta.id, and never repeat the input', async ( assert ) => {
		const { intake, url } = await startIntake();
		const junk = '[' + '1,'.repeat( 1.9e6 ) + '1]';
		const res = await post( url, junk );
		assert.strictEqual( res.status, 400 );
		assert.true( res.body.length < 20000, `${ res.body.length } bytes for 1.9 million refused events` );
		const body = JSON.parse( res.body );
		assert.strictEqual( body.not_listed, 1.9e6 + 1 - body.error.length );
		assert.deepEqual( body.error[ 1 ], { status: 'error', index: 1, event: { meta: {} }, context: { message: 'the event is not a JSON object' } } );
		const long = validEvent( 'test.web', { action: 'A'.repeat( 100000 ) } );
		const invalid = await post( url, [ validEvent(), long ] );
		assert.strictEqual( invalid.status, 207 );
		assert.false( invalid.body.includes( 'AAAAAAAAAA' ), 'the value is not repeated' );
		const entry = JSON.parse( invalid.body ).invalid[ 0 ];
		assert.deepEqual( [ entry.index, entry.event.meta.id, entry.context.errors[ 0 ].schemaPath ], [ 1, ( long.meta as { id: string } ).id, '#/properties/action/maxLength' ] );
		const deep = await post( url, '['.repeat( 1e6 ) + ']'.repeat( 1e6 ) );
		assert.strictEqual( deep.status, 400, 'an array nested a million levels deep' );
		assert.true( deep.body.includes( 'nested more than' ) );
		await intake.close();
	} );

	QUnit.test( 'live feed: a subscriber that does not read is dropped; subscribers are capped', async ( assert ) => {
		const { intake, url } = await startIntake( undefined, undefined, { readAccess: { loopbackOnly: true }, liveFeed: { maxSubscribers: 2, maxBufferedBytes: 256 * 1024 } } );
		const { port } = new URL( url );
		// Resolves with the request once the answer's head is here: the feed sends it as it adds the
		// subscriber (not a fixed wait, which a loaded machine overran: the third one was then taken, and
		// reading its endless answer hung the test).
		const subscribe = ( then: ( res: http.IncomingMessage ) => void ): Promise<http.ClientRequest> => new Promise( ( resolve, reject ) => {
			const req = http.get( { port, path: '/v1/live', agent: false }, ( res ) => {
				then( res );
				resolve( req );
			} );
			req.on( 'error', reject );
		} );
		// A subscriber that never reads: its socket is paused.
		const stalled = await subscribe( ( res ) => res.pause() );
		const reader = await subscribe( ( res ) => res.resume() );
		let third = 0;
		( await subscribe( ( res ) => {
			third = res.statusCode || 0;
			res.resume();
		} ) ).destroy();
		assert.strictEqual( third, 429, 'a third subscriber is refused' );
		const stats = async (): Promise<{ live_dropped: number; live_subscribers: number }> => JSON.parse( ( await get( url + '/v1/stats' ) ).body );
		let sent = 0;
		while ( ( await stats() ).live_dropped === 0 && sent < 200 ) {
			await post( url, Array.from( { length: 500 }, () => validEvent( 'test.web', { action_context: 'c'.repeat( 2000 ) } ) ) );
			sent++;
		}
		const after = await stats();
		assert.strictEqual( after.live_dropped, 1, `dropped after ${ sent } requests of 500 events` );
		assert.strictEqual( after.live_subscribers, 1, 'the reading subscriber stays' );
		stalled.destroy();
		reader.destroy();
		await intake.close();
	} );

	QUnit.test( 'every malformed or over-limit request gets a clear 4xx with a JSON reason', async ( assert ) => {
		const { intake, url } = await startIntake( undefined, undefined, { readAccess: { loopbackOnly: true }, bodyTimeoutMs: 500 } );
		const host = new URL( url ).host;
		const head = ( first: string, extra = '' ): string => `${ first }\r\nHost: ${ host }\r\nConnection: close\r\n${ extra }\r\n`;
		const cases: [ string, ( string | Buffer )[], number ][] = [
			[ 'malformed percent-escape', [ head( 'GET /v1/streams/%E0%A4%A/events HTTP/1.1' ) ], 400 ],
			[ 'not HTTP', [ 'GARBAGE\r\n\r\n' ], 400 ],
			[ 'invalid UTF-8', [ head( 'POST /v1/events HTTP/1.1', 'Content-Type: application/json\r\nContent-Length: 9\r\n' ), Buffer.from( [ 0x5b, 0x22, 0xff, 0xfe, 0x22, 0x5d, 0x20, 0x20, 0x20 ] ) ], 400 ],
			[ 'gzip', [ head( 'POST /v1/events HTTP/1.1', `Content-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: ${ gzipSync( '[]' ).length }\r\n` ), gzipSync( '[]' ) ], 415 ],
			[ 'unfinished body', [ head( 'POST /v1/events HTTP/1.1', 'Content-Type: application/json\r\nContent-Length: 100\r\n' ), '[{"a":' ], 408 ],
			[ 'declared too large', [ head( 'POST /v1/events HTTP/1.1', 'Content-Type: application/json\r\nContent-Length: 5000000\r\n' ), '[' ], 413 ],
			[ 'odd content type', [ head( 'POST /v1/events HTTP/1.1', 'Content-Type: image/png\r\nContent-Length: 2\r\n' ), '[]' ], 415 ],
		];
		for ( const [ name, parts, status ] of cases ) {
			const answer = await rawRequest( url, parts, { timeoutMs: 5000 } );
			assert.strictEqual( answer.status, status, `${ name }: ${ answer.headers.split( '\r\n' )[ 0 ] } ${ answer.body.slice( 0, 120 ) }` );
			assert.true( hasJsonReason( answer ), `${ name }: a JSON reason` );
		}
		// A chunked body past 4 MB, still being sent when the answer comes.
		const chunk = Buffer.alloc( 64 * 1024, 0x20 );
		const chunked = [ head( 'POST /v1/events HTTP/1.1', 'Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n' ) ];
		for ( let i = 0; i < 80; i++ ) {
			chunked.push( `${ chunk.length.toString( 16 ) }\r\n` + chunk.toString() + '\r\n' );
		}
		const big = await rawRequest( url, chunked.concat( '0\r\n\r\n' ), { timeoutMs: 10000 } );
		assert.strictEqual( big.status, 413, `chunked 5 MB: ${ big.headers.split( '\r\n' )[ 0 ] }${ big.reset ? ' (reset)' : '' }` );
		assert.strictEqual( ( await post( url, [ validEvent() ] ) ).status, 201, 'still answering' );
		await intake.close();
	} );
} );
