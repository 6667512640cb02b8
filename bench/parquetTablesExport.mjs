/**
 * The cost of exporting a modelled table to Parquet (issue 17): a table of 8 columns (integers, strings,
 * a boolean, a `hash` and a `drop` column) filled with ROWS rows over two days, exported by
 * `exportModelledTables` (zstd), from SQLite (filled through the intake's own materialiser, with
 * web/base events) and from PostgreSQL (the same layout and values filled by SQL). Prints CPU µs per
 * row of this process (reading, Arrow, Parquet) and, for PostgreSQL, of its server processes; wall µs
 * per row; bytes on disk (MB per million rows); and the cost of a re-run with nothing new (it reads
 * each day's summary: rows, latest receive time, drop values held).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const ROWS = 100000;
const DAY_MS = 86400000;
const START = Date.parse( '2026-11-01T00:00:00Z' );

const TABLES = { 'bench.lake': { tables: [ {
	name: 'clicks',
	columns: [
		{ path: 'page.id', type: 'integer' }, { path: 'page.namespace_id', type: 'integer' }, { path: 'page.revision_id', type: 'integer' },
		{ path: 'action', type: 'string' }, { path: 'mediawiki.skin', type: 'string' }, { path: 'performer.is_logged_in', type: 'boolean' },
		{ path: 'performer.session_id', name: 'session', privacy: 'hash' }, { path: 'page.title', type: 'string', privacy: 'drop' }
	]
} ] } };

const PG_LAYOUT = `
CREATE TABLE mp_tables (physical text PRIMARY KEY, stream text NOT NULL, name text NOT NULL, major integer NOT NULL, schema_id text NOT NULL,
	description text NOT NULL, dedupe integer NOT NULL, partition_by text NOT NULL, created_at text NOT NULL, dropped_until text NOT NULL DEFAULT '');
CREATE TABLE mp_columns (physical text NOT NULL, name text NOT NULL, position integer NOT NULL, path text NOT NULL, type text NOT NULL,
	privacy text NOT NULL, privacy_tagged integer NOT NULL, description text NOT NULL, PRIMARY KEY (physical, name));
CREATE TABLE clicks_v1 (event_id text NOT NULL, received_at timestamptz NOT NULL, day date NOT NULL, page_id bigint, page_namespace_id bigint,
	page_revision_id bigint, action text, mediawiki_skin text, performer_is_logged_in boolean, session text, page_title text) PARTITION BY RANGE (day);
CREATE TABLE clicks_v1_other PARTITION OF clicks_v1 DEFAULT;
CREATE TABLE clicks_v1_20261101 PARTITION OF clicks_v1 FOR VALUES FROM ('2026-11-01') TO ('2026-11-02');
CREATE TABLE clicks_v1_20261102 PARTITION OF clicks_v1 FOR VALUES FROM ('2026-11-02') TO ('2026-11-03');
INSERT INTO mp_tables VALUES ('clicks_v1', 'bench.lake', 'clicks', 1, '/analytics/product_metrics/web/base/1.3.0', '', 1, 'day', '2026-11-01T00:00:00.000Z', '');
INSERT INTO mp_columns VALUES ('clicks_v1', 'page_id', 0, 'page.id', 'integer', 'keep', 0, ''), ('clicks_v1', 'page_namespace_id', 1, 'page.namespace_id', 'integer', 'keep', 0, ''),
	('clicks_v1', 'page_revision_id', 2, 'page.revision_id', 'integer', 'keep', 0, ''), ('clicks_v1', 'action', 3, 'action', 'string', 'keep', 0, ''),
	('clicks_v1', 'mediawiki_skin', 4, 'mediawiki.skin', 'string', 'keep', 0, ''), ('clicks_v1', 'performer_is_logged_in', 5, 'performer.is_logged_in', 'boolean', 'keep', 0, ''),
	('clicks_v1', 'session', 6, 'performer.session_id', 'string', 'hash', 1, ''), ('clicks_v1', 'page_title', 7, 'page.title', 'string', 'drop', 1, '');
INSERT INTO clicks_v1 SELECT 'bench-' || i, to_timestamp((${ START } + i * (172800000.0 / ${ ROWS })) / 1000.0),
	(to_timestamp((${ START } + i * (172800000.0 / ${ ROWS })) / 1000.0) AT TIME ZONE 'UTC')::date,
	30715282 + i % 5000, i % 4, 1084793259 + i, 'click', 'vector', i % 3 = 0, md5('s' || (i % 20000)) || md5('t' || (i % 20000)), 'Page_' || (i % 5000)
	FROM generate_series(0, ${ ROWS - 1 }) AS i;
ANALYZE clicks_v1;`;

function folderBytes( dir ) {
	let bytes = 0;
	for ( const e of readdirSync( dir, { withFileTypes: true } ) ) {
		const p = path.join( dir, e.name );
		bytes += e.isDirectory() ? folderBytes( p ) : e.name.endsWith( '.parquet' ) ? statSync( p ).size : 0;
	}
	return bytes;
}

async function measure( intake, source, out, serverCpu ) {
	const cpu = process.cpuUsage();
	const server = serverCpu();
	const started = process.hrtime.bigint();
	const r = await intake.exportModelledTables( source, { out, until: '2026-11-03' } );
	const wallMs = Number( process.hrtime.bigint() - started ) / 1e6;
	const used = process.cpuUsage( cpu );
	const serverUsed = serverCpu() - server;
	const rows = r.written.reduce( ( n, w ) => n + w.rows, 0 );
	const rerunStarted = process.hrtime.bigint();
	const again = await intake.exportModelledTables( source, { out, until: '2026-11-03' } );
	const rerunMs = Number( process.hrtime.bigint() - rerunStarted ) / 1e6;
	return {
		rows,
		cpuMicrosPerRow: ( used.user + used.system ) / rows,
		serverCpuMicrosPerRow: serverUsed * 1e6 / rows,
		wallMicrosPerRow: wallMs * 1000 / rows,
		mbPerMillionRows: folderBytes( out ) / rows,
		rerunMs,
		rerunWritten: again.written.length
	};
}

/**
 * Measures the export of a modelled table from SQLite and (given a URL) PostgreSQL.
 *
 * @param {string} root the repository
 * @param {string} dir a scratch folder
 * @param {Object} options
 * @param {string|null} options.pgUrl an empty PostgreSQL database, or null
 * @param {function(): number} options.pgCpuSeconds CPU seconds of the PostgreSQL server so far
 * @return {Promise<Object[]>} one result per store
 */
export async function measureTableExport( root, dir, { pgUrl, pgCpuSeconds } ) {
	const require = ( await import( 'node:module' ) ).createRequire( import.meta.url );
	const intake = require( path.join( root, 'intake/dist/intake.js' ) );
	const results = [];
	const file = path.join( dir, 'tables.sqlite' );
	const sink = intake.createSqliteSink( file, { hashSecret: Buffer.alloc( 32, 7 ), log: () => undefined } );
	sink.setModels( intake.createModelCatalog( null, intake.parseTablesFile( TABLES ) ), () => null );
	const template = JSON.parse( readFileSync( path.join( root, 'bench/intakeEvent.json' ), 'utf8' ) );
	for ( let i = 0; i < ROWS; i += 100 ) {
		const batch = [];
		for ( let j = i; j < i + 100; j++ ) {
			const dt = new Date( START + j * ( 2 * DAY_MS / ROWS ) ).toISOString();
			batch.push( Object.assign( {}, template, {
				dt,
				meta: Object.assign( {}, template.meta, { stream: 'bench.lake', id: `bench-${ j }`, dt } ),
				page: { id: 30715282 + j % 5000, namespace_id: j % 4, revision_id: 1084793259 + j, title: `Page_${ j % 5000 }` },
				performer: { is_logged_in: j % 3 === 0, session_id: `s${ j % 20000 }`, pageview_id: `p${ j }` }
			} ) );
		}
		await sink.write( batch );
	}
	await sink.close();
	const sqlite = intake.createSqliteTableSource( file );
	results.push( Object.assign( { store: 'SQLite' }, await measure( intake, sqlite, path.join( dir, 'lake-tables-sqlite' ), () => 0 ) ) );
	await sqlite.close();
	if ( pgUrl ) {
		const { Pool } = require( 'pg' );
		const pool = new Pool( { connectionString: pgUrl, max: 1 } );
		// A connection still closing when the cluster stops reports an error: not a reason to die.
		pool.on( 'error', () => undefined );
		await pool.query( PG_LAYOUT );
		await pool.end();
		const pg = intake.createPostgresTableSource( pgUrl );
		results.push( Object.assign( { store: 'PostgreSQL' }, await measure( intake, pg, path.join( dir, 'lake-tables-pg' ), pgCpuSeconds ) ) );
		await pg.close();
	}
	return results;
}

/**
 * Prints {@link measureTableExport}'s results.
 *
 * @param {Object[]} results
 */
export function printTableExport( results ) {
	for ( const r of results ) {
		const server = r.store === 'PostgreSQL' ? ` + PostgreSQL ${ r.serverCpuMicrosPerRow.toFixed( 1 ) }` : '';
		console.log( `  Parquet export of a modelled table (8 columns, zstd) from ${ r.store.padEnd( 10 ) } ${ r.rows } rows: ${ r.cpuMicrosPerRow.toFixed( 1 ) } µs CPU/row (this process)${ server }, ` +
			`${ r.wallMicrosPerRow.toFixed( 1 ) } µs wall/row, ${ r.mbPerMillionRows.toFixed( 1 ) } MB per million rows; a re-run with nothing new: ${ r.rerunMs.toFixed( 0 ) } ms, ${ r.rerunWritten } day(s) written` );
	}
}
