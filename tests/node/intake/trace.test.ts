/**
 * The intake's side of the inspector's trace (issue 16 item 3): `GET /v1/trace?pageview=…|session=…`
 * lists what arrived and what was refused for one page view or session, behind the read side's
 * access rules, bounded, newest first.
 */
import http from 'node:http';
import fc from 'fast-check';
import { createJsonLinesSink } from '../../../intake/src/jsonLinesSink';
import { createRefusalLog } from '../../../intake/src/refusalLog';
import { MAX_RECORDED_REFUSALS, RefusalRecord, RefusalReport } from '../../../intake/src/refusals';
import { createSqliteSink } from '../../../intake/src/sqliteSink';
import type { EventSink } from '../../../intake/src/sink';
import type { Trace, TraceRefused, TraceSubject } from '../../../intake/src/trace';
import { MAX_TRACE_LIMIT, mergeRefused } from '../../../intake/src/trace';
import { post, startIntake, validEvent } from '../intakeHarness';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const TOKEN = 'read-token-for-trace-tests-0123';
const STREAMS = {
	'trace.web': {
		schema_title: 'analytics/product_metrics/web/base',
		producers: { metrics_platform_client: { provide_values: [ 'performer_pageview_id', 'performer_session_id' ] } },
	},
};
const PV1 = 'aaaaaaaaaaaaaaaaaaa1';
const PV2 = 'aaaaaaaaaaaaaaaaaaa2';
const S1 = 'bbbbbbbbbbbbbbbbbbb1';
const S2 = 'bbbbbbbbbbbbbbbbbbb2';

function traced( pageview: string, session: string, extra: Record<string, unknown> = {} ): Record<string, unknown> {
	return validEvent( 'trace.web', Object.assign( { performer: { pageview_id: pageview, session_id: session } }, extra ) );
}

function idOf( event: Record<string, unknown> ): string {
	return ( event.meta as { id: string } ).id;
}

/**
 * GET with extra headers (node:http, so that Host and Origin can be set).
 *
 * @param url full URL
 * @param headers extra headers
 * @param method default GET
 */
function get( url: string, headers: Record<string, string> = {}, method = 'GET' ): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
	return new Promise( ( resolve, reject ) => {
		http.request( url, { method, headers, agent: false }, ( res ) => {
			let body = '';
			res.setEncoding( 'utf8' );
			res.on( 'data', ( c ) => {
				body += c;
			} );
			res.on( 'end', () => resolve( { status: res.statusCode || 0, body, headers: res.headers } ) );
		} ).on( 'error', reject ).end();
	} );
}

async function trace( url: string, query: string ): Promise<Trace> {
	const res = await get( `${ url }/v1/trace?${ query }`, { Authorization: 'Bearer ' + TOKEN } );
	if ( res.status !== 200 ) {
		throw new Error( `${ res.status } ${ res.body }` );
	}
	return JSON.parse( res.body ) as Trace;
}

QUnit.module( 'intake trace', () => {
	QUnit.test( 'access: closed by default; a token or loopback opens it; access is checked before the query', async ( assert ) => {
		const closed = await startIntake( undefined, STREAMS );
		assert.strictEqual( ( await get( `${ closed.url }/v1/trace?pageview=${ PV1 }` ) ).status, 403, 'off by default' );
		assert.strictEqual( ( await get( `${ closed.url }/v1/trace?nonsense` ) ).status, 403, 'a bad query does not tell a stranger anything' );
		await closed.intake.close();

		const withToken = await startIntake( undefined, STREAMS, { readAccess: { token: TOKEN } } );
		const none = await get( `${ withToken.url }/v1/trace?pageview=${ PV1 }` );
		assert.strictEqual( none.status, 401, 'no token' );
		assert.strictEqual( none.headers[ 'www-authenticate' ], 'Bearer' );
		assert.strictEqual( ( await get( `${ withToken.url }/v1/trace?pageview=${ PV1 }`, { Authorization: 'Bearer wrong-token-wrong-token' } ) ).status, 401, 'wrong token' );
		const ok = await get( `${ withToken.url }/v1/trace?pageview=${ PV1 }`, { Authorization: 'Bearer ' + TOKEN } );
		assert.strictEqual( ok.status, 200 );
		assert.deepEqual( JSON.parse( ok.body ), { accepted: [], refused: [] } );
		assert.strictEqual( ok.headers[ 'cache-control' ], 'no-store' );
		await withToken.intake.close();

		const loopback = await startIntake( undefined, STREAMS, { readAccess: { loopbackOnly: true } } );
		assert.strictEqual( ( await get( `${ loopback.url }/v1/trace?session=${ S1 }` ) ).status, 200, 'from this machine' );
		assert.strictEqual( ( await get( `${ loopback.url }/v1/trace?session=${ S1 }`, { Host: 'evil.example.org' } ) ).status, 403, 'not through another Host (DNS rebinding)' );
		await loopback.intake.close();
	} );

	QUnit.test( 'a bad query is a 400 naming the problem', async ( assert ) => {
		const { intake, url } = await startIntake( undefined, STREAMS, { readAccess: { token: TOKEN } } );
		for ( const query of [ '', `pageview=${ PV1 }&session=${ S1 }`, `pageview=${ PV1 }&pageview=${ PV2 }`, 'pageview=', 'pageview=a%20b', 'session=' + 'a'.repeat( 65 ), `pageview=${ PV1 }&limit=0`, `pageview=${ PV1 }&limit=x` ] ) {
			const res = await get( `${ url }/v1/trace?${ query }`, { Authorization: 'Bearer ' + TOKEN } );
			assert.strictEqual( res.status, 400, query );
			assert.true( /pageview|session|limit/.test( res.body ), `${ query }: ${ res.body }` );
		}
		await intake.close();
	} );

	QUnit.test( 'accepted events of the page view or session only, newest first, with id, stream, action, dt and received', async ( assert ) => {
		const { intake, url } = await startIntake( undefined, STREAMS, { readAccess: { token: TOKEN } } );
		const a = traced( PV1, S1, { action: 'first', dt: '2026-11-23T12:00:01.000Z' } );
		const b = traced( PV2, S1, { action: 'second' } );
		const c = traced( PV1, S1, { action: 'third' } );
		const other = traced( PV2, S2 );
		assert.strictEqual( ( await post( url, [ a, b ] ) ).status, 201 );
		assert.strictEqual( ( await post( url, [ c, other ] ) ).status, 201 );

		const byPageview = await trace( url, `pageview=${ PV1 }` );
		assert.deepEqual( byPageview.accepted.map( ( e ) => e.id ), [ idOf( c ), idOf( a ) ], 'page view 1: its two events, newest first' );
		const first = byPageview.accepted[ 1 ];
		assert.deepEqual( [ first.stream, first.action, first.dt ], [ 'trace.web', 'first', '2026-11-23T12:00:01.000Z' ] );
		assert.true( !Number.isNaN( Date.parse( first.received ) ) && Math.abs( Date.parse( first.received ) - Date.now() ) < 60000, 'received: the intake\'s time' );
		assert.deepEqual( Object.keys( first ).sort(), [ 'action', 'dt', 'id', 'received', 'stream' ], 'nothing else of the event' );
		assert.deepEqual( byPageview.refused, [] );

		assert.deepEqual( ( await trace( url, `session=${ S1 }` ) ).accepted.map( ( e ) => e.id ), [ idOf( c ), idOf( b ), idOf( a ) ], 'session 1: three events' );
		assert.deepEqual( ( await trace( url, `session=${ S2 }` ) ).accepted.map( ( e ) => e.id ), [ idOf( other ) ] );
		assert.deepEqual( ( await trace( url, `pageview=${ S1 }` ) ).accepted, [], 'a session id is not a page view id' );
		assert.deepEqual( ( await trace( url, `session=${ S1 }&limit=2` ) ).accepted.map( ( e ) => e.id ), [ idOf( c ), idOf( b ) ], 'limit' );
		await intake.close();
	} );

	QUnit.test( 'refused events carry the reason, the kind, the failing field, the stream and the id', async ( assert ) => {
		const { intake, url } = await startIntake( undefined, STREAMS, { readAccess: { token: TOKEN } } );
		const tooLong = traced( PV1, S1, { action_source: 'x'.repeat( 65 ) } );
		const unknown = traced( PV1, S1 );
		( unknown.meta as { stream: string } ).stream = 'not.declared';
		const fine = traced( PV1, S1 );
		const res = await post( url, [ tooLong, unknown, fine, traced( PV2, S2, { action_source: 'x'.repeat( 65 ) } ) ] );
		assert.strictEqual( res.status, 207 );

		const t = await trace( url, `pageview=${ PV1 }` );
		assert.deepEqual( t.accepted.map( ( e ) => e.id ), [ idOf( fine ) ] );
		assert.strictEqual( t.refused.length, 2, 'the other page view\'s refusal is not listed' );
		const [ second, first ] = t.refused;
		assert.deepEqual( [ first.kind, first.stream, first.id, first.path ], [ 'invalid', 'trace.web', idOf( tooLong ), '/action_source' ] );
		assert.true( /^\/action_source .*64/.test( first.reason ), first.reason );
		assert.deepEqual( [ second.kind, second.stream, second.id, second.path ], [ 'error', 'not.declared', idOf( unknown ), null ] );
		assert.true( /not\.declared.*not declared/.test( second.reason ), second.reason );
		assert.true( Math.abs( Date.parse( first.received ) - Date.now() ) < 60000 );
		assert.deepEqual( ( await trace( url, `session=${ S2 }` ) ).refused.map( ( e ) => e.path ), [ '/action_source' ] );
		await intake.close();
	} );

	QUnit.test( 'CORS: only origins named in corsOrigins may read the trace from a page (with Authorization)', async ( assert ) => {
		const { intake, url } = await startIntake( undefined, STREAMS, { readAccess: { token: TOKEN }, corsOrigins: [ 'https://wiki.example.org', '*' ] } );
		const headers = { Authorization: 'Bearer ' + TOKEN };
		const named = await get( `${ url }/v1/trace?pageview=${ PV1 }`, Object.assign( { Origin: 'https://wiki.example.org' }, headers ) );
		assert.strictEqual( named.headers[ 'access-control-allow-origin' ], 'https://wiki.example.org' );
		const any = await get( `${ url }/v1/trace?pageview=${ PV1 }`, Object.assign( { Origin: 'https://other.example.org' }, headers ) );
		assert.strictEqual( any.headers[ 'access-control-allow-origin' ], undefined, '"*" does not open the trace' );
		const local = await get( `${ url }/v1/trace?pageview=${ PV1 }`, Object.assign( { Origin: 'http://127.0.0.1:9999' }, headers ) );
		assert.strictEqual( local.headers[ 'access-control-allow-origin' ], undefined, 'nor does being a loopback origin' );
		const stats = await get( `${ url }/v1/stats`, Object.assign( { Origin: 'https://other.example.org' }, headers ) );
		assert.strictEqual( stats.headers[ 'access-control-allow-origin' ], undefined, 'nor the rest of the read side' );
		const preflight = await get( `${ url }/v1/trace?pageview=${ PV1 }`, { Origin: 'https://wiki.example.org', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' }, 'OPTIONS' );
		assert.strictEqual( preflight.status, 204 );
		assert.strictEqual( preflight.headers[ 'access-control-allow-origin' ], 'https://wiki.example.org' );
		assert.true( /Authorization/.test( String( preflight.headers[ 'access-control-allow-headers' ] ) ) );
		await intake.close();
	} );

	QUnit.test( 'bounded: the limit is capped, refusals kept are at most the log size, and old ones go first', async ( assert ) => {
		// A store that keeps no refusals: what the trace lists is the memory's.
		const memoryOnly: EventSink = Object.assign( {}, createSqliteSink( ':memory:' ), { refusals: undefined } );
		const { intake, url } = await startIntake( memoryOnly, STREAMS, { readAccess: { token: TOKEN }, refusalLogSize: 30 } );
		const batch = [];
		for ( let i = 0; i < 60; i++ ) {
			batch.push( traced( PV1, S1, { action_source: 'x'.repeat( 65 ) } ), traced( PV1, S1 ) );
		}
		assert.strictEqual( ( await post( url, batch ) ).status, 207 );
		const t = await trace( url, `pageview=${ PV1 }&limit=100000` );
		assert.strictEqual( t.accepted.length, 60 );
		assert.deepEqual( t.refused.map( ( e ) => e.id ), batch.filter( ( _e, i ) => i % 2 === 0 ).slice( -30 ).reverse().map( idOf ), 'the newest 30 refusals, newest first' );
		const capped = await trace( url, `pageview=${ PV1 }&limit=5` );
		assert.deepEqual( [ capped.accepted.length, capped.refused.length ], [ 5, 5 ] );
		await intake.close();
		assert.true( MAX_TRACE_LIMIT <= 1000, 'the answer is bounded' );
	} );

	QUnit.test( 'the refusal log stays within its size and string bounds whatever is recorded (property)', ( assert ) => {
		const record = fc.record( {
			kind: fc.constantFrom( 'invalid' as const, 'error' as const ),
			stream: fc.option( fc.string( { maxLength: 129 } ) ),
			id: fc.option( fc.string( { maxLength: 129 } ) ),
			path: fc.option( fc.string( { maxLength: 129 } ) ),
			reason: fc.string( { maxLength: 1000 } ),
			pageview: fc.constantFrom( PV1, PV2, 'x'.repeat( 65 ), 7 ),
		} );
		fc.assert( fc.property( fc.integer( { min: 1, max: 20 } ), fc.array( fc.array( record, { maxLength: 30 } ), { maxLength: 20 } ), ( size, requests ) => {
			const log = createRefusalLog( size );
			// The model: every refusal naming a usable page view, in order; the log keeps the last `size`.
			const kept: { pageview: unknown; reason: string }[] = [];
			for ( const request of requests ) {
				const records: RefusalRecord[] = request.map( ( r, index ) => ( { index, kind: r.kind, stream: r.stream, id: r.id, path: r.path, reason: r.reason } ) );
				log.record( records, request.map( ( r ) => ( { performer: { pageview_id: r.pageview } } ) ), '2026-11-30T00:00:00.000Z' );
				for ( const r of request ) {
					if ( r.pageview === PV1 || r.pageview === PV2 ) {
						kept.push( { pageview: r.pageview, reason: r.reason.slice( 0, 300 ) } );
					}
				}
				if ( log.size > size ) {
					return false;
				}
			}
			const expected = kept.slice( -size ).filter( ( e ) => e.pageview === PV1 ).reverse().map( ( e ) => e.reason );
			const found = log.find( { by: 'pageview', id: PV1 }, 1000 );
			return log.size === Math.min( size, kept.length ) &&
				JSON.stringify( found.map( ( e ) => e.reason ) ) === JSON.stringify( expected ) &&
				found.every( ( e ) => e.reason.length <= 300 && ( e.id === null || e.id.length <= 129 ) );
		} ) );
		assert.true( true, 'checked by fast-check' );
	} );

	QUnit.test( 'one request records at most MAX_RECORDED_REFUSALS refusals in brief, and counts all', ( assert ) => {
		const report = new RefusalReport();
		for ( let i = 0; i < MAX_RECORDED_REFUSALS + 500; i++ ) {
			report.addError( i, { id: 'x'.repeat( 500 ), stream: 's' }, null, 'why' );
		}
		assert.strictEqual( report.records.length, MAX_RECORDED_REFUSALS );
		assert.strictEqual( report.errorCount, MAX_RECORDED_REFUSALS + 500 );
		assert.strictEqual( report.records[ 0 ].id, 'x'.repeat( 128 ) + '…', 'strings from the request are cut' );
	} );

	QUnit.test( 'the SQLite store looks through its newest events only (TRACE window), at read time', async ( assert ) => {
		const sink = createSqliteSink( ':memory:', { traceWindow: 10 } );
		const old = traced( PV1, S1, { meta: { stream: 'trace.web', id: 'old', dt: '2026-11-30T00:00:00.000Z' } } );
		await sink.write( [ old ] );
		const filler = [];
		for ( let i = 0; i < 10; i++ ) {
			filler.push( traced( PV2, S2, { meta: { stream: 'trace.web', id: `f${ i }`, dt: '2026-11-30T00:00:00.000Z' } } ) );
		}
		await sink.write( filler );
		assert.deepEqual( await sink.trace!( { by: 'pageview', id: PV1 }, 10 ), [], 'older than the newest 10: not looked at' );
		assert.strictEqual( ( await sink.trace!( { by: 'pageview', id: PV2 }, 100 ) ).length, 10 );
		// A value that merely contains the id, or the id in another field, is not a match.
		await sink.write( [ validEvent( 'trace.web', { meta: { stream: 'trace.web', id: 'decoy', dt: '2026-11-30T00:00:00.000Z' }, action_context: `"pageview_id":"${ PV1 }"`, performer: { pageview_id: PV1 + 'x' } } ) ] );
		assert.deepEqual( await sink.trace!( { by: 'pageview', id: PV1 }, 10 ), [] );
		await sink.close();
	} );

	QUnit.test( 'refusals the store keeps and those kept in memory are merged, newest first, each once', async ( assert ) => {
		const sqlite = createSqliteSink( ':memory:' );
		const stored: TraceRefused[] = [
			{ stream: 'trace.web', reason: 'from the store, later', kind: 'invalid', path: '/x', received: '2999-01-01T00:00:00.000Z', id: 'later' },
			{ stream: 'trace.web', reason: 'from the store, earlier', kind: 'error', path: null, received: '2000-01-01T00:00:00.000Z', id: 'earlier' },
		];
		const asked: unknown[] = [];
		const sink: EventSink = Object.assign( {}, sqlite, {
			refusals: async ( subject: TraceSubject, limit: number ) => {
				asked.push( [ subject, limit ] );
				return stored;
			},
		} );
		const { intake, url } = await startIntake( sink, STREAMS, { readAccess: { token: TOKEN } } );
		const refusedNow = traced( PV1, S1, { action_source: 'x'.repeat( 65 ) } );
		await post( url, [ refusedNow ] );
		const t = await trace( url, `pageview=${ PV1 }&limit=7` );
		assert.deepEqual( asked, [ [ { by: 'pageview', id: PV1 }, 7 ] ] );
		assert.deepEqual( t.refused.map( ( e ) => e.id ), [ 'later', idOf( refusedNow ), 'earlier' ] );
		assert.deepEqual( mergeRefused( stored, stored.concat( t.refused ), 10 ).map( ( e ) => e.id ), [ 'later', idOf( refusedNow ), 'earlier' ], 'the same refusal from both sources is listed once' );
		assert.deepEqual( mergeRefused( stored, t.refused, 2 ).length, 2, 'limit' );
		const reworded = Object.assign( {}, t.refused[ 1 ], { reason: 'worded by the store' } );
		assert.deepEqual( mergeRefused( [ reworded ], t.refused, 10 ).map( ( e ) => e.reason ), [ 'from the store, later', 'worded by the store', 'from the store, earlier' ], 'the store\'s wording wins' );
		// One request's refusals share a time: memory's order (newest first) stands.
		const time = '2026-11-30T12:00:00.000Z';
		const one = { stream: 's', reason: 'first of the request', kind: 'invalid' as const, path: '/a', received: time, id: 'one' };
		const two = { stream: 's', reason: 'second of the request', kind: 'error' as const, path: null, received: time, id: 'two' };
		assert.deepEqual( mergeRefused( [ Object.assign( {}, one, { reason: 'stored' } ) ], [ two, one ], 10 ).map( ( e ) => e.reason ), [ 'second of the request', 'stored' ] );
		await intake.close();
	} );

	QUnit.test( 'with the SQLite store, refusals come from its failed-events table: they outlive a restart, each once, newest first', async ( assert ) => {
		const dir = mkdtempSync( path.join( os.tmpdir(), 'mp-trace-' ) );
		try {
			const file = path.join( dir, 'events.sqlite' );
			const first = await startIntake( createSqliteSink( file ), STREAMS, { readAccess: { token: TOKEN } } );
			const older = traced( PV1, S1, { action_source: 'x'.repeat( 65 ) } );
			assert.strictEqual( ( await post( first.url, [ older ] ) ).status, 400 );
			// Two schema errors in one event: the table has a row for each, the trace one entry.
			const twice = traced( PV1, S1, { action_source: 'x'.repeat( 65 ), action_subtype: 'y'.repeat( 65 ) } );
			const noAction = traced( PV2, S1 );
			delete noAction.action;
			assert.strictEqual( ( await post( first.url, [ twice, noAction ] ) ).status, 400 );
			const before = await trace( first.url, `session=${ S1 }` );
			// Newest first; within a request, the later event first (as memory keeps them).
			assert.deepEqual( before.refused.map( ( e ) => e.id ), [ idOf( noAction ), idOf( twice ), idOf( older ) ], 'before the restart: memory and table merged, each once' );
			await first.intake.close();

			const again = await startIntake( createSqliteSink( file ), STREAMS, { readAccess: { token: TOKEN } } );
			const t = await trace( again.url, `pageview=${ PV1 }` );
			assert.deepEqual( t.refused.map( ( e ) => e.id ), [ idOf( twice ), idOf( older ) ], 'after the restart (memory empty): from the table, each event once, newest first' );
			assert.deepEqual( [ t.refused[ 0 ].kind, t.refused[ 0 ].path, t.refused[ 0 ].stream ], [ 'invalid', '/action_source', 'trace.web' ], 'worded with the event\'s first error' );
			assert.true( /^\/action_source .*64/.test( t.refused[ 0 ].reason ), t.refused[ 0 ].reason );
			assert.strictEqual( t.refused[ 1 ].received, before.refused[ 2 ].received, 'the receive time the intake gave it' );
			const bySession = await trace( again.url, `session=${ S1 }` );
			assert.deepEqual( bySession.refused.map( ( e ) => e.id ), [ idOf( noAction ), idOf( twice ), idOf( older ) ], 'the same order as before the restart' );
			assert.deepEqual( [ bySession.refused[ 0 ].path, bySession.refused[ 0 ].reason ], [ '/action', 'the event must have required property \'action\'' ], 'a missing field: the validator\'s words, the missing field\'s path' );
			assert.deepEqual( ( await trace( again.url, `session=${ S1 }&limit=1` ) ).refused.map( ( e ) => e.id ), [ idOf( noAction ) ], 'limit' );
			assert.deepEqual( ( await trace( again.url, `pageview=${ PV1 }&limit=1` ) ).refused.map( ( e ) => e.id ), [ idOf( twice ) ], 'limit counts events, not rows' );
			assert.deepEqual( ( await trace( again.url, `session=${ S2 }` ) ).refused, [], 'another session: none' );
			await again.intake.close();
		} finally {
			rmSync( dir, { recursive: true, force: true } );
		}
	} );

	QUnit.test( 'the JSON-lines store answers from the events it keeps in memory', async ( assert ) => {
		const dir = mkdtempSync( path.join( os.tmpdir(), 'mp-trace-' ) );
		try {
			const { intake, url } = await startIntake( createJsonLinesSink( path.join( dir, 'events.jsonl' ) ), STREAMS, { readAccess: { token: TOKEN } } );
			const a = traced( PV1, S1 );
			const b = traced( PV2, S1 );
			assert.strictEqual( ( await post( url, [ a, b, traced( PV1, S1, { action_source: 'x'.repeat( 65 ) } ) ] ) ).status, 207 );
			const t = await trace( url, `session=${ S1 }` );
			assert.deepEqual( t.accepted.map( ( e ) => e.id ), [ idOf( b ), idOf( a ) ] );
			assert.strictEqual( t.refused.length, 1 );
			await intake.close();
		} finally {
			rmSync( dir, { recursive: true, force: true } );
		}
	} );
} );
