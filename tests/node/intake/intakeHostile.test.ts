/**
 * The hostile-input suite: a corpus and fast-check–generated requests against the real mp-intake
 * on loopback (run under a 256 MB heap limit). Every answer must be a 2xx or 4xx, the process must
 * stay up within a memory bound, and nothing invalid may be stored. Prints its counts.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { deflateSync, gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { STREAMS, validEvent, WEB } from '../intakeHarness';
import { schemaValidator } from '../schemaValidator';
import { startIntakeProcess } from './mpIntakeProcess';
import { rawRequest, RawAnswer } from './rawHttp';

const TOKEN = 'hostile-suite-read-token-0123456789';
const MB = 1024 * 1024;
/** The bound: heap in use (sampled through /v1/stats) and resident memory, for a 256 MB heap limit. */
const MAX_HEAP_MB = 200;
const MAX_RSS_MB = 400;

/** One hostile request: raw bytes, sent in parts, optionally slowly. */
interface Attempt {
	name: string;
	parts: ( string | Buffer )[];
	pauseMs?: number;
	/** The status it must get, when one is certain. */
	expect?: number;
}

QUnit.module( 'intake hostile-input suite', () => {
	QUnit.test( 'corpus + generated requests against mp-intake: only 2xx/4xx, bounded memory, nothing invalid stored', async ( assert ) => {
		const started = Date.now();
		const streams = Object.assign( {}, STREAMS, { 'test.all': { producers: { metrics_platform_client: { provide_values: [ 'page_id', 'performer_name', 'mediawiki_skin' ] } } } } );
		const running = await startIntakeProcess( streams, [ '--read-token', TOKEN, '--body-timeout', '5', '--shutdown-timeout', '2' ], [ '--max-old-space-size=256' ] );
		const { host } = new URL( running.url );
		const head = ( line: string, headers: Record<string, string | number> = {} ): string => `${ line }\r\nHost: ${ host }\r\nConnection: close\r\n${ Object.entries( headers ).map( ( [ k, v ] ) => `${ k }: ${ v }\r\n` ).join( '' ) }\r\n`;
		const postParts = ( body: string | Buffer, headers: Record<string, string | number> = {} ): ( string | Buffer )[] => [
			head( 'POST /v1/events HTTP/1.1', Object.assign( { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength( body ) }, headers ) ), body,
		];
		const postJson = ( name: string, body: string | Buffer, expect?: number, headers: Record<string, string | number> = {} ): Attempt => ( { name, parts: postParts( body, headers ), expect } );
		const event = ( extra: Record<string, unknown> = {} ): string => JSON.stringify( validEvent( 'test.web', extra ) );
		const chunked = ( total: number ): ( string | Buffer )[] => {
			const chunk = 'x'.repeat( 256 * 1024 );
			const parts: string[] = [ head( 'POST /v1/events HTTP/1.1', { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' } ) ];
			for ( let sent = 0; sent < total; sent += chunk.length ) {
				parts.push( `${ chunk.length.toString( 16 ) }\r\n${ chunk }\r\n` );
			}
			return parts.concat( '0\r\n\r\n' );
		};

		const corpus: Attempt[] = [
			postJson( 'valid batch', `[${ event() },${ event() }]`, 201 ),
			postJson( 'array nested a million deep', '['.repeat( 1e6 ) + ']'.repeat( 1e6 ), 400 ),
			postJson( 'object nested 100 000 deep', '{"a":'.repeat( 1e5 ) + '1' + '}'.repeat( 1e5 ), 400 ),
			postJson( 'event nested 40 deep', event( { page: JSON.parse( '{"a":'.repeat( 40 ) + '1' + '}'.repeat( 40 ) ) } ), 400 ),
			postJson( '4 MB of non-objects', '[' + '1,'.repeat( 2e6 - 2 ) + '1]', 400 ),
			postJson( '4 MB of empty objects', '[' + '{},'.repeat( 1.3e6 ) + '{}]', 400 ),
			postJson( '4 MB of one string', JSON.stringify( [ validEvent( 'test.web', { action: 'A'.repeat( 4 * MB - 400 ) } ) ] ), 400 ),
			postJson( 'invalid UTF-8', Buffer.concat( [ Buffer.from( '[{"action":"' ), Buffer.from( [ 0xc3, 0x28, 0xff ] ), Buffer.from( '"}]' ) ] ), 400 ),
			postJson( 'lone surrogate escape', event( { action: '\ud800' } ) ),
			postJson( 'duplicate keys', event().replace( /}$/, ',"action":"second","action":"third"}' ), 201 ),
			postJson( '__proto__ member', event().replace( /}$/, ',"__proto__":{"x":1}}' ), 400 ),
			postJson( 'constructor.prototype member', event().replace( /}$/, ',"constructor":{"prototype":{"x":1}}}' ), 400 ),
			postJson( 'number too large', event().replace( /}$/, ',"funnel_event_sequence_position":1e400}' ), 400 ),
			postJson( 'tiny number', event().replace( /}$/, ',"funnel_event_sequence_position":1e-400}' ), 400 ),
			postJson( 'NaN literal', '[{"a":NaN}]', 400 ),
			postJson( 'long integer', event().replace( /}$/, ',"funnel_event_sequence_position":123456789012345678901234567890}' ) ),
			postJson( '$schema path traversal', event( { $schema: '/../../../etc/passwd/1.0.0' } ), 400 ),
			postJson( '$schema __proto__', event( { $schema: '/__proto__/1.0.0' } ), 400 ),
			postJson( '$schema long', event( { $schema: '/a'.repeat( 50000 ) + '/1.0.0' } ), 400 ),
			postJson( '$schema not a string', event( { $schema: { $ref: '#' } } ), 400 ),
			postJson( '$schema 2000 distinct versions', '[' + Array.from( { length: 2000 }, ( _, i ) => event( { $schema: `/analytics/product_metrics/web/base/9.${ i }.0` } ) ).join( ',' ) + ']', 400 ),
			postJson( 'stream __proto__', event( { meta: { stream: '__proto__', domain: 'x' } } ), 400 ),
			postJson( 'attributes not asked for', event( { performer: { name: 'Alice' }, http: { request_headers: { cookie: 'x' } } } ), 201 ),
			postJson( 'content type image/png', '[]', 415, { 'Content-Type': 'image/png' } ),
			postJson( 'content type multipart', '[]', 415, { 'Content-Type': 'multipart/form-data; boundary=x' } ),
			postJson( 'content type UTF-16', Buffer.from( `[${ event() }]`, 'utf16le' ), 400, { 'Content-Type': 'application/json; charset=utf-16' } ),
			postJson( 'gzip', gzipSync( `[${ event() }]` ), 415, { 'Content-Encoding': 'gzip' } ),
			postJson( 'deflate', deflateSync( `[${ event() }]` ), 415, { 'Content-Encoding': 'deflate' } ),
			{ name: 'declared 5 MB', parts: [ head( 'POST /v1/events HTTP/1.1', { 'Content-Type': 'application/json', 'Content-Length': 5 * MB } ), '[' ], expect: 413 },
			{ name: 'chunked 5 MB', parts: chunked( 5 * MB ), expect: 413 },
			{ name: 'unfinished body', parts: [ head( 'POST /v1/events HTTP/1.1', { 'Content-Type': 'application/json', 'Content-Length': 1000 } ), '[{"a":' ], expect: 408 },
			{ name: 'slow body, in time', parts: [ head( 'POST /v1/events HTTP/1.1', { 'Content-Type': 'application/json', 'Content-Length': event().length + 2 } ), '[', ...event().match( /.{1,40}/g ) as string[], ']' ], pauseMs: 20, expect: 201 },
			{ name: 'malformed percent-escape', parts: [ head( 'GET /v1/streams/%E0%A4%A/events HTTP/1.1', { Authorization: 'Bearer ' + TOKEN } ) ], expect: 400 },
			{ name: 'percent-escape without token', parts: [ head( 'GET /v1/streams/%zz/events HTTP/1.1' ) ], expect: 401 },
			{ name: 'live without token', parts: [ head( 'GET /v1/live HTTP/1.1' ) ], expect: 401 },
			{ name: 'stats with a wrong token', parts: [ head( 'GET /v1/stats HTTP/1.1', { Authorization: 'Bearer nope' } ) ], expect: 401 },
			{ name: 'URL too long for the headers', parts: [ head( 'GET /' + 'a'.repeat( 20000 ) + ' HTTP/1.1' ) ], expect: 431 },
			{ name: 'not HTTP', parts: [ 'HELLO\r\n\r\n' ], expect: 400 },
			{ name: 'bad header', parts: [ 'GET / HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n' ], expect: 400 },
			{ name: 'DELETE', parts: [ head( 'DELETE /v1/events HTTP/1.1' ) ], expect: 405 },
			{ name: 'absolute-form target', parts: [ head( 'GET http://evil.example/v1/stats HTTP/1.1' ) ], expect: 401 },
		];

		// Generated: JSON values, mutated events, arrays of them, random bytes, deep nesting, huge arrays.
		const key = fc.constantFrom( '__proto__', 'constructor', 'prototype', 'action', 'agent', 'meta', 'page', 'performer', 'http', '$schema', 'dt' );
		const mutated = fc.tuple( fc.constantFrom( 'test.web', 'test.ua', 'test.all', 'nope' ), fc.array( fc.tuple( key, fc.jsonValue( { maxDepth: 3 } ) ), { maxLength: 3 } ) )
			.map( ( [ stream, edits ] ) => edits.reduce( ( text, [ k, v ] ) => text.replace( /}$/, `,"${ k }":${ JSON.stringify( v ) }}` ), JSON.stringify( validEvent( stream ) ) ) );
		const nested = fc.tuple( fc.integer( { min: 20, max: 20000 } ), fc.constantFrom( '[', '{"a":' ) ).map( ( [ depth, open ] ) => open.repeat( depth ) + '0' + ( open === '[' ? ']' : '}' ).repeat( depth ) );
		const huge = fc.tuple( fc.integer( { min: 1000, max: 200000 } ), fc.constantFrom( '0', '"x"', '{}', 'null', '[]' ) ).map( ( [ n, item ] ) => '[' + Array( n ).fill( item ).join( ',' ) + ']' );
		const generated: Attempt[] = fc.sample( fc.oneof(
			fc.json().map( ( b ) => postJson( 'fc.json', b ) ),
			mutated.map( ( b ) => postJson( 'mutated event', b ) ),
			fc.array( mutated, { minLength: 1, maxLength: 20 } ).map( ( a ) => postJson( 'mutated batch', `[${ a.join( ',' ) }]` ) ),
			fc.uint8Array( { maxLength: 200 } ).map( ( b ) => postJson( 'random bytes', Buffer.from( b ) ) ),
			nested.map( ( b ) => postJson( 'deep nesting', b ) ),
			huge.map( ( b ) => postJson( 'huge array', b ) ),
			fc.constantFrom( 'application/json', 'text/plain', 'application/x-www-form-urlencoded', 'text/plain;charset=UTF-8', 'APPLICATION/JSON', '' ).map( ( type ) => postJson( 'content type', `[${ event() }]`, undefined, { 'Content-Type': type } ) ),
		), { numRuns: 300, seed: 20261130 } );

		const counts = { tried: 0, ok: 0, clientErrors: 0, serverErrors: 0, noAnswer: 0 };
		const unexpected: string[] = [];
		let peakHeap = 0;
		const sampleHeap = async (): Promise<void> => {
			const res = await fetch( running.url + '/v1/stats', { headers: { Authorization: 'Bearer ' + TOKEN } } );
			peakHeap = Math.max( peakHeap, ( await res.json() as { heap_used_bytes: number } ).heap_used_bytes );
		};
		const tally = ( attempt: Attempt, answer: RawAnswer ): void => {
			counts.tried++;
			if ( answer.status >= 500 ) {
				counts.serverErrors++;
			} else if ( answer.status >= 400 ) {
				counts.clientErrors++;
			} else if ( answer.status >= 200 ) {
				counts.ok++;
			} else {
				counts.noAnswer++;
			}
			if ( answer.status === 0 || answer.status >= 500 || ( attempt.expect && answer.status !== attempt.expect ) ) {
				unexpected.push( `${ attempt.name }: ${ answer.status || ( answer.reset ? 'reset' : 'no answer' ) }${ attempt.expect ? ` (expected ${ attempt.expect })` : '' }` );
			}
		};

		// A live-feed subscriber that never reads, for the whole run (a slow reader).
		const stalled = http.get( running.url + '/v1/live', { headers: { Authorization: 'Bearer ' + TOKEN }, agent: false }, ( res ) => res.pause() );
		stalled.on( 'error', () => undefined );
		const all = corpus.concat( generated );
		for ( let i = 0; i < all.length; i++ ) {
			tally( all[ i ], await rawRequest( running.url, all[ i ].parts, { pauseMs: all[ i ].pauseMs, timeoutMs: 15000 } ) );
			if ( i % 10 === 0 ) {
				await sampleHeap();
			}
		}
		// Three 4 MB refusals at once, and 30 MB of accepted events past the stalled subscriber.
		const big = postParts( '[' + '1,'.repeat( 2e6 - 2 ) + '1]' );
		( await Promise.all( [ 0, 1, 2 ].map( () => rawRequest( running.url, big, { timeoutMs: 30000 } ) ) ) ).forEach( ( a ) => tally( { name: '3 × 4 MB at once', parts: [], expect: 400 }, a ) );
		await sampleHeap();
		for ( let i = 0; i < 15; i++ ) {
			const batch = JSON.stringify( Array.from( { length: 1000 }, () => validEvent( 'test.web', { action_context: 'c'.repeat( 2000 ) } ) ) );
			tally( { name: '2 MB of accepted events', parts: [], expect: 201 }, await rawRequest( running.url, postParts( batch ), { timeoutMs: 30000 } ) );
			await sampleHeap();
		}
		const stats = await ( await fetch( running.url + '/v1/stats', { headers: { Authorization: 'Bearer ' + TOKEN } } ) ).json() as { heap_used_bytes: number; live_dropped: number };
		const status = readFileSync( `/proc/${ running.child.pid }/status`, 'utf8' );
		const peakRss = Number( ( /VmHWM:\s+(\d+) kB/.exec( status ) || [ '', '0' ] )[ 1 ] ) / 1024;
		stalled.destroy();

		running.child.kill( 'SIGTERM' );
		const code = await running.exited;
		const db = new Database( running.store, { readonly: true } );
		const validate = schemaValidator( WEB );
		const rows = db.prepare( 'SELECT body FROM events' ).all() as { body: string }[];
		db.close();
		const invalidRows = rows.filter( ( r ) => validate( JSON.parse( r.body ) ).length ).length;
		running.cleanUp();

		console.log( `# hostile-input suite: requests tried ${ counts.tried } / 4xx ${ counts.clientErrors } / 5xx ${ counts.serverErrors } / invalid rows stored ${ invalidRows } / peak heap ${ ( peakHeap / MB ).toFixed( 1 ) } MB (peak RSS ${ peakRss.toFixed( 0 ) } MB; 2xx ${ counts.ok }, no answer ${ counts.noAnswer }, ${ rows.length } rows stored, ${ ( ( Date.now() - started ) / 1000 ).toFixed( 1 ) } s)` );
		assert.deepEqual( unexpected, [], 'every request got the answer it should, never a 5xx or a reset' );
		assert.strictEqual( counts.serverErrors, 0, '5xx' );
		assert.strictEqual( invalidRows, 0, 'invalid rows stored' );
		assert.true( rows.length > 20, `${ rows.length } rows stored` );
		assert.strictEqual( stats.live_dropped, 1, 'the subscriber that did not read was dropped' );
		assert.true( peakHeap < MAX_HEAP_MB * MB, `peak heap ${ ( peakHeap / MB ).toFixed( 1 ) } MB < ${ MAX_HEAP_MB } MB` );
		assert.true( stats.heap_used_bytes < MAX_HEAP_MB * MB, `heap after the hostile sequence ${ ( stats.heap_used_bytes / MB ).toFixed( 1 ) } MB < ${ MAX_HEAP_MB } MB` );
		assert.true( peakRss < MAX_RSS_MB, `peak RSS ${ peakRss.toFixed( 0 ) } MB < ${ MAX_RSS_MB } MB` );
		assert.strictEqual( code, 0, 'the intake stayed up and stopped cleanly on SIGTERM' );
	} );
} );
