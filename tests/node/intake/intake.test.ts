import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { createJsonLinesSink } from '../../../intake/src/jsonLinesSink';
import { post, startIntake, validEvent, WEB } from '../intakeHarness';

QUnit.module( 'intake', ( hooks ) => {
	// Node's fetch closes its kept-alive sockets a moment after each intake stops; let that happen
	// before later modules install fake timers.
	hooks.after( () => new Promise( ( resolve ) => setTimeout( resolve, 100 ) ) );

	QUnit.test( '201 all valid; events are enriched and stored', async ( assert ) => {
		const { intake, url, sink } = await startIntake();
		const events = [ validEvent(), validEvent() ];
		const res = await post( url, events );
		assert.strictEqual( res.status, 201 );
		const stored = await sink.recent( 'test.web', 10 );
		assert.strictEqual( stored.length, 2 );
		const meta = stored[ 0 ].event.meta as { dt: string; id: string };
		assert.true( /^\d{4}-\d\d-\d\dT/.test( meta.dt ), 'meta.dt is the receive time' );
		assert.strictEqual( meta.id, ( events[ 1 ].meta as { id: string } ).id, 'newest first' );
		await intake.close();
	} );

	QUnit.test( '207 some invalid, 400 all invalid: EventGate-shaped bodies naming event and schema path', async ( assert ) => {
		const { intake, url } = await startIntake();
		const bad = validEvent( 'test.web', { action: 'x'.repeat( 65 ) } );
		const some = await post( url, [ validEvent(), bad ], { 'Content-Type': 'text/plain;charset=UTF-8' } );
		assert.strictEqual( some.status, 207 );
		const body = JSON.parse( some.body );
		assert.strictEqual( body.invalid.length, 1 );
		assert.deepEqual( body.invalid[ 0 ].event.meta, { id: ( bad.meta as { id: string } ).id, stream: 'test.web' }, 'names the event by meta.id and stream, without repeating it' );
		assert.strictEqual( body.invalid[ 0 ].index, 1, 'and by its index in the request' );
		assert.strictEqual( body.invalid[ 0 ].context.errors[ 0 ].instancePath, '/action' );
		assert.strictEqual( body.invalid[ 0 ].context.errors[ 0 ].schemaPath, '#/properties/action/maxLength' );
		const all = await post( url, [ bad, validEvent( 'no.such.stream' ), validEvent( 'test.web', { $schema: '/nope/1.0.0' } ), 5 ] );
		assert.strictEqual( all.status, 400 );
		const messages = JSON.parse( all.body ).error.map( ( e: { context: { message: string } } ) => e.context.message );
		assert.deepEqual( messages, [ 'stream "no.such.stream" is not declared', 'schema /nope/1.0.0 is not in the schema repository', 'the event is not a JSON object' ] );
		assert.deepEqual( intake.stats, Object.assign( {}, intake.stats, { accepted: 1, invalid: 2, errors: 3 } ) );
		await intake.close();
	} );

	QUnit.test( 'one object instead of an array; the stream schema title must match', async ( assert ) => {
		const { intake, url } = await startIntake();
		assert.strictEqual( ( await post( url, validEvent() ) ).status, 201 );
		const wrong = await post( url, validEvent( 'test.other_title' ) );
		assert.strictEqual( wrong.status, 400 );
		assert.true( wrong.body.includes( 'takes analytics/other events' ) );
		await intake.close();
	} );

	QUnit.test( 'de-duplicates on meta.id', async ( assert ) => {
		const { intake, url, sink } = await startIntake();
		const e = validEvent();
		await post( url, [ e ] );
		await post( url, [ e, e ] );
		assert.strictEqual( ( await sink.recent( 'test.web', 10 ) ).length, 1 );
		assert.strictEqual( intake.stats.duplicates, 2 );
		await intake.close();
	} );

	QUnit.test( 'hasty=true answers 202 and still stores', async ( assert ) => {
		const { intake, url, sink } = await startIntake();
		const res = await post( url, [ validEvent() ], {}, '?hasty=true' );
		assert.strictEqual( res.status, 202 );
		await new Promise( ( r ) => setTimeout( r, 20 ) );
		assert.strictEqual( ( await sink.recent( 'test.web', 10 ) ).length, 1 );
		await intake.close();
	} );

	QUnit.test( 'the user agent is added only when the stream asks for it', async ( assert ) => {
		const { intake, url, sink } = await startIntake();
		await post( url, [ validEvent( 'test.ua' ), validEvent( 'test.web' ) ], { 'User-Agent': 'TestAgent/1.0' } );
		const ua = ( await sink.recent( 'test.ua', 1 ) )[ 0 ].event as { http?: { request_headers: Record<string, string> } };
		const web = ( await sink.recent( 'test.web', 1 ) )[ 0 ].event as { http?: unknown };
		assert.strictEqual( ua.http && ua.http.request_headers[ 'user-agent' ], 'TestAgent/1.0' );
		assert.strictEqual( web.http, undefined );
		await intake.close();
	} );

	QUnit.test( 'bad requests get a clear 4xx; the intake keeps answering', async ( assert ) => {
		const { intake, url } = await startIntake();
		const deep = '{"d":'.repeat( 100000 ) + '1' + '}'.repeat( 100000 );
		const cases: [ string, number, string ][] = [
			[ 'not json {', 400, 'not JSON' ],
			[ JSON.stringify( validEvent( 'test.web', { page: { d: { d: 1 } } } ) ).replace( '{"d":{"d":1}}', deep ), 400, 'nested more than 33 levels' ],
			[ 'x'.repeat( 4 * 1024 * 1024 + 1 ), 413, 'more than' ],
		];
		for ( const [ body, status, text ] of cases ) {
			const res = await post( url, body );
			assert.strictEqual( res.status, status, text );
			assert.true( res.body.includes( text ), res.body.slice( 0, 200 ) );
		}
		assert.strictEqual( ( await post( url, '[]', { 'Content-Type': 'image/png' } ) ).status, 415 );
		assert.strictEqual( ( await fetch( url + '/v1/events' ) ).status, 405 );
		assert.strictEqual( ( await fetch( url + '/nothing' ) ).status, 404 );
		assert.strictEqual( ( await post( url, [ validEvent() ] ) ).status, 201, 'still answering' );
		await intake.close();
	} );

	QUnit.test( 'no body makes it crash (property)', async ( assert ) => {
		const { intake, url } = await startIntake();
		const bodies = fc.sample( fc.oneof( fc.string(), fc.json(), fc.jsonValue().map( ( v ) => JSON.stringify( [ v ] ) ),
			fc.record( { $schema: fc.constantFrom( WEB, 5, null ), meta: fc.oneof( fc.anything(), fc.record( { stream: fc.constantFrom( 'test.web', 'x' ) } ) ), action: fc.anything() } ).map( ( v ) => JSON.stringify( v ) ) ), { numRuns: 300, seed: 42 } );
		const statuses = new Set<number>();
		for ( const body of bodies ) {
			statuses.add( ( await post( url, body ) ).status );
		}
		assert.true( Array.from( statuses ).every( ( s ) => s === 201 || s === 207 || s === 400 ), `statuses: ${ Array.from( statuses ).join( ', ' ) }` );
		assert.strictEqual( ( await post( url, [ validEvent() ] ) ).status, 201 );
		await intake.close();
	} );

	QUnit.test( 'CORS: configured and loopback origins may read answers; others not', async ( assert ) => {
		const { intake, url } = await startIntake();
		for ( const [ origin, allowed ] of [ [ 'https://wiki.example.org', true ], [ 'http://127.0.0.1:8480', true ], [ 'https://evil.example', false ] ] as [ string, boolean ][] ) {
			const res = await post( url, [ validEvent() ], { Origin: origin } );
			assert.strictEqual( res.headers.get( 'access-control-allow-origin' ), allowed ? origin : null, origin );
		}
		const pre = await fetch( url + '/v1/events', { method: 'OPTIONS', headers: { Origin: 'https://wiki.example.org', 'Access-Control-Request-Method': 'POST' } } );
		assert.strictEqual( pre.status, 204 );
		assert.true( String( pre.headers.get( 'access-control-allow-methods' ) ).includes( 'POST' ) );
		await intake.close();
	} );

	QUnit.test( 'CORS: the read side answers only named origins, even with `*` and loopback read access', async ( assert ) => {
		const { intake, url } = await startIntake( undefined, undefined, { readAccess: { loopbackOnly: true }, corsOrigins: [ 'https://wiki.example.org', '*' ] } );
		const reads = [ '/v1/streams/test.web/events', '/v1/stats', '/v1/trace?pageview=abc', '/v1/streams/test.web/doc?format=json' ];
		for ( const readPath of reads ) {
			for ( const [ origin, allowed ] of [ [ 'https://wiki.example.org', true ], [ 'https://evil.example', false ], [ 'http://127.0.0.1:8480', false ] ] as [ string, boolean ][] ) {
				const res = await fetch( url + readPath, { headers: { Origin: origin } } );
				await res.arrayBuffer();
				assert.strictEqual( res.headers.get( 'access-control-allow-origin' ), allowed ? origin : null, `${ readPath } from ${ origin }` );
			}
		}
		const sent = await post( url, [ validEvent() ], { Origin: 'https://evil.example' } );
		assert.strictEqual( sent.headers.get( 'access-control-allow-origin' ), 'https://evil.example', 'sending stays open to `*`' );
		await intake.close();
	} );

	QUnit.test( 'live view: server-sent events of accepted events', async ( assert ) => {
		const { intake, url } = await startIntake( undefined, undefined, { readAccess: { loopbackOnly: true } } );
		const received = new Promise<string>( ( resolve ) => {
			http.get( url + '/v1/live?stream=test.web', ( res ) => {
				let text = '';
				res.on( 'data', ( chunk ) => {
					text += chunk;
					if ( text.includes( 'data: ' ) ) {
						resolve( text );
						res.destroy();
					}
				} );
			} );
		} );
		await new Promise( ( r ) => setTimeout( r, 50 ) );
		await post( url, [ validEvent( 'test.ua' ), validEvent( 'test.web', { action: 'live' } ) ] );
		const text = await received;
		const data = JSON.parse( text.slice( text.indexOf( 'data: ' ) + 6 ).split( '\n' )[ 0 ] );
		assert.strictEqual( data.action, 'live', 'only the asked stream' );
		await intake.close();
	} );

	QUnit.test( 'graceful close: requests in flight finish and are stored', async ( assert ) => {
		const { intake, url, sink } = await startIntake();
		const pending = Array.from( { length: 20 }, () => post( url, [ validEvent(), validEvent() ] ) );
		await new Promise( ( r ) => setTimeout( r, 1 ) );
		const stats = intake.stats;
		const closed = intake.close();
		const statuses = await Promise.allSettled( pending );
		await closed;
		const ok = statuses.filter( ( s ) => s.status === 'fulfilled' && s.value.status === 201 ).length;
		assert.strictEqual( stats.stored, ok * 2, `${ ok } requests answered 201, all of their events stored` );
		assert.rejects( sink.recent( 'test.web', 1 ), 'the store is closed' );
	} );

	QUnit.test( 'JSON-lines sink: appends, de-duplicates across restarts', async ( assert ) => {
		const dir = mkdtempSync( path.join( os.tmpdir(), 'mp-jsonl-' ) );
		const file = path.join( dir, 'events.jsonl' );
		const e = validEvent();
		let running = await startIntake( createJsonLinesSink( file ) );
		await post( running.url, [ e, validEvent() ] );
		await running.intake.close();
		running = await startIntake( createJsonLinesSink( file ) );
		await post( running.url, [ e ] );
		assert.strictEqual( running.intake.stats.duplicates, 1 );
		await running.intake.close();
		assert.strictEqual( readFileSync( file, 'utf8' ).trim().split( '\n' ).length, 2 );
		rmSync( dir, { recursive: true, force: true } );
	} );
} );
