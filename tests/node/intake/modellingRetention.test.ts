import Database from 'better-sqlite3';
import fc from 'fast-check';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadOrCreateHashSecret } from '../../../intake/src/modelling/hashSecret';
import { createModelCatalog } from '../../../intake/src/modelling/modelCatalog';
import { parseTablesFile } from '../../../intake/src/modelling/parseTables';
import { keyedHash, projectRow } from '../../../intake/src/modelling/projection';
import { resolveColumns } from '../../../intake/src/modelling/schemaColumns';
import { createSchemaDocuments } from '../../../intake/src/modelling/schemaDocuments';
import { createSqliteSink } from '../../../intake/src/sqliteSink';
import { SCHEMAS_DIR, startIntake } from '../intakeHarness';

const DAY = 86400000;
const NOW = Date.parse( '2026-11-30T12:00:00.000Z' );
const SECRET = Buffer.alloc( 32, 7 );

const FILE = {
	'test.keep': {
		retention_days: 30,
		tables: [
			{ name: 'visits', columns: [ { path: 'page.id' }, { path: 'page.title', privacy: 'drop' }, { path: 'performer.session_id', name: 'session', privacy: 'hash' } ] },
			{ name: 'visits_flat', partition: 'none', columns: [ { path: 'page.title', privacy: 'drop' } ] },
		],
	},
};

/**
 * An accepted event as the intake stores it.
 *
 * @param ageMs received this long before NOW
 * @param id its meta.id
 * @param stream its meta.stream
 */
function received( ageMs: number, id: string, stream = 'test.keep' ): Record<string, unknown> {
	const dt = new Date( NOW - ageMs ).toISOString();
	return {
		$schema: '/analytics/product_metrics/web/base/1.3.0',
		action: 'view',
		dt,
		page: { id: 7, title: 'Secret_Page' },
		performer: { session_id: 'ssssssssssssssssssss' },
		meta: { stream, id, dt },
	};
}

QUnit.module( 'modelling: retention and purge (fake clock)', ( hooks ) => {
	let dir: string;
	hooks.beforeEach( () => {
		dir = mkdtempSync( path.join( os.tmpdir(), 'mp-purge-' ) );
	} );
	hooks.afterEach( () => {
		rmSync( dir, { recursive: true, force: true } );
	} );

	QUnit.test( 'older than retention: raw event deleted, drop column emptied; younger: untouched; hash never in clear', async ( assert ) => {
		const file = path.join( dir, 'events.sqlite' );
		const logs: string[] = [];
		const sink = createSqliteSink( file, { hashSecret: SECRET, log: ( m ) => logs.push( m ) } );
		const setModels = sink.setModels as NonNullable<typeof sink.setModels>;
		setModels( createModelCatalog( null, parseTablesFile( FILE ) ), createSchemaDocuments( SCHEMAS_DIR ) );
		await sink.write( [
			received( 30 * DAY + 1, 'old' ),
			received( 30 * DAY, 'at-the-cutoff' ),
			received( 30 * DAY - 1, 'young' ),
			received( 100 * DAY, 'undeclared-old', 'test.other' ),
			received( 89 * DAY, 'undeclared-young', 'test.other' ),
		] );
		const failures = sink.recordFailures as NonNullable<typeof sink.recordFailures>;
		await failures( [
			{ stream: 'test.keep', received_at: new Date( NOW - 31 * DAY ).toISOString(), meta_id: 'f-old', pageview_id: null, session_id: null, kind: 'unplanned_event', path: '', schema_path: '', message: 'm' },
			{ stream: 'test.keep', received_at: new Date( NOW - 29 * DAY ).toISOString(), meta_id: 'f-young', pageview_id: null, session_id: null, kind: 'unplanned_event', path: '', schema_path: '', message: 'm' },
		] );
		const report = await ( sink.purge as NonNullable<typeof sink.purge> )( NOW );
		const db = new Database( file, { readonly: true } );
		try {
			assert.deepEqual( ( db.prepare( 'SELECT id FROM events ORDER BY seq' ).all() as { id: string }[] ).map( ( r ) => r.id ), [ 'at-the-cutoff', 'young', 'undeclared-young' ],
				'30-day stream: older than 30 days gone, the one exactly at the cut-off and younger stay; undeclared stream: 90 days' );
			assert.deepEqual( db.prepare( 'SELECT event_id, page_id, page_title, session FROM visits_v1 ORDER BY rowid' ).all(), [
				{ event_id: 'old', page_id: 7, page_title: null, session: keyedHash( 'ssssssssssssssssssss', SECRET ) },
				{ event_id: 'at-the-cutoff', page_id: 7, page_title: 'Secret_Page', session: keyedHash( 'ssssssssssssssssssss', SECRET ) },
				{ event_id: 'young', page_id: 7, page_title: 'Secret_Page', session: keyedHash( 'ssssssssssssssssssss', SECRET ) },
			], 'table rows stay; only the drop column of the old row is emptied' );
			assert.deepEqual( db.prepare( 'SELECT event_id, page_title FROM visits_flat_v1 ORDER BY rowid' ).all(), [
				{ event_id: 'old', page_title: null }, { event_id: 'at-the-cutoff', page_title: 'Secret_Page' }, { event_id: 'young', page_title: 'Secret_Page' },
			], 'the same in a table without day partition' );
			assert.deepEqual( ( db.prepare( 'SELECT meta_id FROM failed_events' ).all() as { meta_id: string }[] ).map( ( r ) => r.meta_id ), [ 'f-young' ] );
			const session = db.prepare( "SELECT COUNT(*) AS n FROM visits_v1 WHERE session LIKE '%ssss%'" ).get() as { n: number };
			assert.strictEqual( session.n, 0, 'the session id is in no table row' );
		} finally {
			db.close();
		}
		assert.deepEqual( report.streams.map( ( s ) => [ s.stream, s.retentionDays, s.rawDeleted, s.failedDeleted, s.dropped.map( ( d ) => d.rows ) ] ).sort(), [
			[ 'test.keep', 30, 1, 1, [ 1, 1 ] ],
			[ 'test.other', 90, 1, 0, [] ],
		] );
		assert.true( logs.includes( 'purge: stream "test.keep" (retention 30 days, received before 2026-10-31T12:00:00.000Z): 1 raw events and 1 failed events deleted; visits_v1: page_title emptied in 1 rows; visits_flat_v1: page_title emptied in 1 rows' ), logs.join( '\n' ) );
		// A day later, the two 30-day-old rows are past retention too; the 89-day-old row of the other stream is not.
		const later = await ( sink.purge as NonNullable<typeof sink.purge> )( NOW + DAY );
		assert.deepEqual( later.streams.map( ( s ) => [ s.stream, s.rawDeleted ] ).sort(), [ [ 'test.keep', 2 ], [ 'test.other', 0 ] ], JSON.stringify( later ) );
		await sink.close();
	} );

	QUnit.test( 'a column newly tagged drop is emptied in rows the purge passed already; a purge ahead of the clock skips no row', async ( assert ) => {
		const file = path.join( dir, 'events.sqlite' );
		const sink = createSqliteSink( file, { hashSecret: SECRET, log: () => undefined } );
		const setModels = ( titlePrivacy: string ): void => ( sink.setModels as NonNullable<typeof sink.setModels> )( createModelCatalog( null, parseTablesFile( {
			'test.keep': { retention_days: 30, tables: [
				{ name: 'pages', columns: [ { path: 'page.id', privacy: 'drop' }, { path: 'page.title', privacy: titlePrivacy } ] },
				{ name: 'pages_flat', partition: 'none', columns: [ { path: 'page.id', privacy: 'drop' }, { path: 'page.title', privacy: titlePrivacy } ] },
			] },
		} ) ), createSchemaDocuments( SCHEMAS_DIR ) );
		const purge = sink.purge as NonNullable<typeof sink.purge>;
		const rows = ( table: string ): unknown[] => {
			const db = new Database( file, { readonly: true } );
			try {
				return db.prepare( `SELECT event_id, page_id, page_title FROM ${ table } ORDER BY rowid` ).all();
			} finally {
				db.close();
			}
		};
		setModels( 'keep' );
		await sink.write( [ received( 40 * DAY, 'old' ), received( DAY, 'young' ) ] );
		await purge( NOW );
		for ( const table of [ 'pages_v1', 'pages_flat_v1' ] ) {
			assert.deepEqual( rows( table ), [ { event_id: 'old', page_id: null, page_title: 'Secret_Page' }, { event_id: 'young', page_id: 7, page_title: 'Secret_Page' } ],
				`${ table }: the drop column emptied past retention, the keep column kept` );
		}
		setModels( 'drop' );
		await sink.write( [ received( 0, 'new' ) ] );
		await purge( NOW + 3600000 );
		for ( const table of [ 'pages_v1', 'pages_flat_v1' ] ) {
			assert.deepEqual( rows( table ), [ { event_id: 'old', page_id: null, page_title: null }, { event_id: 'young', page_id: 7, page_title: 'Secret_Page' }, { event_id: 'new', page_id: 7, page_title: 'Secret_Page' } ],
				`${ table }: the title, now drop, emptied in the 40-day-old row (behind the purge's watermark); the rows within retention untouched` );
		}
		// A purge as of 60 days ahead (a clock ahead), then an event stamped by the right clock, purged when past retention.
		await purge( NOW + 60 * DAY );
		await sink.write( [ received( -DAY, 'after' ) ] );
		await purge( NOW + 32 * DAY );
		for ( const table of [ 'pages_v1', 'pages_flat_v1' ] ) {
			assert.deepEqual( rows( table ).slice( -1 ), [ { event_id: 'after', page_id: null, page_title: null } ], `${ table }: the row received after the purge ahead is emptied once past retention` );
		}
		await sink.close();
	} );

	QUnit.test( 'after a purge, the store\'s files hold no byte of what it deleted or emptied', async ( assert ) => {
		const file = path.join( dir, 'events.sqlite' );
		const sink = createSqliteSink( file, { hashSecret: SECRET, log: () => undefined } );
		( sink.setModels as NonNullable<typeof sink.setModels> )( createModelCatalog( null, parseTablesFile( FILE ) ), createSchemaDocuments( SCHEMAS_DIR ) );
		const events = Array.from( { length: 200 }, ( _, i ) => Object.assign( received( 40 * DAY, `old-${ i }` ), {
			page: { id: i, title: `TITLE-SECRET-${ i }` }, performer: { session_id: `sess${ String( i ).padStart( 16, '0' ) }` },
		} ) );
		await sink.write( events );
		await sink.write( [ received( DAY, 'young' ) ] );
		const files = (): Buffer[] => [ file, file + '-wal' ].filter( ( f ) => existsSync( f ) ).map( ( f ) => readFileSync( f ) );
		assert.true( files().some( ( b ) => b.includes( 'TITLE-SECRET-17' ) ), 'stored before the purge' );
		await ( sink.purge as NonNullable<typeof sink.purge> )( NOW );
		// (Table rows stay, with their event_id; the raw events and the drop column's values go.)
		for ( const needle of [ 'TITLE-SECRET-17', 'sess0000000000000017' ] ) {
			assert.false( files().some( ( b ) => b.includes( needle ) ), `${ needle } is in no file of the store` );
		}
		assert.true( files().some( ( b ) => b.includes( 'Secret_Page' ) ), 'what is within retention stays' );
		await sink.close();
	} );

	QUnit.test( 'mp-intake purge says when a stream\'s retention cannot be read (the default then applies)', ( assert ) => {
		const file = path.join( dir, 'events.sqlite' );
		writeFileSync( path.join( dir, 'streams.json' ), JSON.stringify( { 'test.keep': { retention_days: '7' } } ) );
		const run = spawnSync( process.execPath, [ path.resolve( __dirname, '../../../intake/bin/mp-intake.cjs' ), 'purge', '--store', file, '--streams', path.join( dir, 'streams.json' ) ], { encoding: 'utf8' } );
		assert.strictEqual( run.status, 0 );
		assert.true( run.stderr.includes( 'mp-intake purge: stream "test.keep": retention_days: "7" is not a whole number of days' ), run.stderr );
	} );

	QUnit.test( 'mp-intake purge refuses a --now in the future (it would delete data within retention)', ( assert ) => {
		const file = path.join( dir, 'events.sqlite' );
		writeFileSync( path.join( dir, 'streams.json' ), JSON.stringify( { 'test.keep': { retention_days: 30 } } ) );
		const future = new Date( Date.now() + DAY ).toISOString();
		try {
			execFileSync( process.execPath, [ path.resolve( __dirname, '../../../intake/bin/mp-intake.cjs' ), 'purge', '--store', file, '--streams', path.join( dir, 'streams.json' ), '--now', future ], { encoding: 'utf8', stdio: 'pipe' } );
			assert.true( false, 'a purge ran' );
		} catch ( e ) {
			const error = e as { status: number; stderr: string };
			assert.notStrictEqual( error.status, 0 );
			assert.true( error.stderr.includes( `--now ${ future } is in the future` ), error.stderr );
		}
	} );

	QUnit.test( 'the intake purges on its own, on start and on its timer, by its clock', async ( assert ) => {
		const file = path.join( dir, 'events.sqlite' );
		const seed = createSqliteSink( file, { hashSecret: SECRET, log: () => undefined } );
		await seed.write( [ received( 40 * DAY, 'old' ), received( DAY, 'young' ) ] );
		await seed.close();
		let clock = NOW;
		const running = await startIntake( createSqliteSink( file, { hashSecret: SECRET, log: () => undefined } ), { 'test.keep': { retention_days: 30 } }, { purgeEveryMs: 20, clock: () => clock } );
		const ids = (): string[] => {
			const db = new Database( file, { readonly: true } );
			const rows = ( db.prepare( 'SELECT id FROM events ORDER BY seq' ).all() as { id: string }[] ).map( ( r ) => r.id );
			db.close();
			return rows;
		};
		try {
			// The first purge runs at start; wait for its effect (not a fixed sleep: poll until it shows).
			for ( let i = 0; i < 200 && ids().length !== 1; i++ ) {
				await new Promise( ( r ) => setTimeout( r, 10 ) );
			}
			assert.deepEqual( ids(), [ 'young' ] );
			clock = NOW + 29 * DAY + 1;
			for ( let i = 0; i < 200 && ids().length; i++ ) {
				await new Promise( ( r ) => setTimeout( r, 10 ) );
			}
			assert.deepEqual( ids(), [], 'once the clock moves past its retention, the timer purges the young one too' );
		} finally {
			await running.intake.close();
		}
	} );

	QUnit.test( 'mp-intake purge (for cron) purges as of --now and says what it removed', async ( assert ) => {
		const file = path.join( dir, 'events.sqlite' );
		const seed = createSqliteSink( file, { hashSecret: SECRET, log: () => undefined } );
		await seed.write( [ received( 40 * DAY, 'old' ), received( DAY, 'young' ) ] );
		await seed.close();
		writeFileSync( path.join( dir, 'streams.json' ), JSON.stringify( { 'test.keep': { retention_days: 30 } } ) );
		const out = execFileSync( process.execPath, [ path.resolve( __dirname, '../../../intake/bin/mp-intake.cjs' ), 'purge', '--store', file, '--streams', path.join( dir, 'streams.json' ), '--now', new Date( NOW ).toISOString() ], { encoding: 'utf8' } );
		assert.strictEqual( out, 'purge: stream "test.keep" (retention 30 days, received before 2026-10-31T12:00:00.000Z): 1 raw events and 0 failed events deleted\n' +
			'purge as of 2026-11-30T12:00:00.000Z: 1 stream(s) checked, 1 had data past retention\n' );
	} );

	QUnit.test( 'the hash secret file is made with mode 0600, then read back unchanged', ( assert ) => {
		const file = path.join( dir, 'store.hash-secret' );
		const notes: string[] = [];
		const first = loadOrCreateHashSecret( file, ( m ) => notes.push( m ) );
		assert.strictEqual( statSync( file ).mode & 0o777, 0o600 );
		assert.strictEqual( first.length, 32 );
		assert.true( loadOrCreateHashSecret( file, ( m ) => notes.push( m ) ).equals( first ) );
		assert.deepEqual( notes, [ `Made a new hash secret in ${ file } (mode 0600); keep it with the store.` ] );
	} );
} );

QUnit.module( 'modelling: projection of arbitrary events', () => {
	const parsed = parseTablesFile( { s: { tables: [ { name: 't', columns: [
		{ path: 'a' }, { path: 'a.b', type: 'integer' }, { path: 'a.c', type: 'boolean' }, { path: 'n', type: 'number' }, { path: 'j', type: 'json' },
		{ path: 'secret', privacy: 'hash' }, { path: 'a.secret', name: 'nested_secret', privacy: 'hash', type: 'integer' },
	] } ] } } );
	const table = ( parsed.streams.get( 's' ) as NonNullable<ReturnType<typeof parsed.streams.get>> ).tables[ 0 ];
	const { columns } = resolveColumns( table, null, 'none' );

	QUnit.test( 'never throws and stores only SQLite values, whatever the event', ( assert ) => {
		fc.assert( fc.property( fc.anything(), ( event ) => {
			const row = projectRow( event, columns, SECRET );
			return row.length === columns.length && row.every( ( v ) => v === null || typeof v === 'string' || typeof v === 'number' );
		} ), { numRuns: 1000 } );
		assert.true( true );
	} );

	QUnit.test( 'a hash-tagged value is never stored in clear: only its 64-hex HMAC, or NULL when absent', ( assert ) => {
		fc.assert( fc.property( fc.jsonValue(), fc.jsonValue(), fc.dictionary( fc.string(), fc.jsonValue() ), ( secret, nested, rest ) => {
			const event = Object.assign( {}, rest, { secret, a: { secret: nested } } );
			const row = projectRow( event, columns, SECRET );
			return [ [ row[ 5 ], secret ], [ row[ 6 ], nested ] ].every( ( [ stored, clear ] ) => clear === null ? stored === null :
				typeof stored === 'string' && /^[0-9a-f]{64}$/.test( stored ) && stored !== clear && stored !== JSON.stringify( clear ) );
		} ), { numRuns: 1000 } );
		assert.true( true );
	} );

	QUnit.test( 'arbitrary events through the store never throw and never leave a hashed value in a table', async ( assert ) => {
		const sink = createSqliteSink( ':memory:', { hashSecret: SECRET, log: () => undefined } );
		( sink.setModels as NonNullable<typeof sink.setModels> )( createModelCatalog( null, parseTablesFile( { s: { tables: [ { name: 't', columns: table.columns.map( ( c ) => ( { path: c.path, name: c.name, privacy: c.privacy, ...( c.type ? { type: c.type } : {} ) } ) ) } ] } } ) ), () => null );
		let n = 0;
		await fc.assert( fc.asyncProperty( fc.dictionary( fc.constantFrom( 'a', 'n', 'j', 'secret', 'x' ), fc.jsonValue() ), async ( fields ) => {
			n++;
			const event = Object.assign( {}, fields, { $schema: '/x/1.0.0', dt: '2026-11-30T00:00:00.000Z', meta: { stream: 's', id: `id-${ n }`, dt: '2026-11-30T00:00:00.000Z' } } );
			const result = await sink.write( [ event ] );
			return result.stored === 1;
		} ), { numRuns: 300 } );
		assert.strictEqual( n, 300 );
		await sink.close();
	} );
} );
