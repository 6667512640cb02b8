import Database from 'better-sqlite3';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Pool } from 'pg';
import { Definitions, readDefinitions } from '../definitionSources';
import { postgresCatalogue } from '../postgres/catalogue';
import { redactedUrl } from '../postgres/clusterMode';
import { isPostgresUrl } from '../postgres/postgresSink';
import type { DocumentedTable } from './documentedTable';
import { streamFacts } from './streamFacts';
import { datahubProposals } from './datahubProposals';
import { documentedTables, sqliteCatalogue, StreamFacts } from './tablesFromStore';
import { tableMarkdown } from './tableMarkdown';

const USAGE = `Usage: mp-catalog export --store events.sqlite|postgres://… [--streams FILE | --streams-url URL] [--tables FILE]
         [--markdown DIR] [--datahub out.json] [--platform sqlite|postgres] [--stream-platform metricsplatform] [--database NAME] [--env PROD] [--now TIME]
Writes the dataset documentation of every modelled table of the store (SQLite, or PostgreSQL by its
URL), generated from the table definitions, the event schema and the latest check results: one
Markdown file per table in DIR (<table>.md), and/or a DataHub file of metadata change proposals
(ingest it with DataHub's "file" source; --platform defaults to the store's kind; --now fixes the time
it stamps, so that the same store gives the same file). The stream
definitions give each table's owner and retention (without them: "not known").`;

/**
 * The documented tables of a store.
 *
 * @param store a SQLite file or a PostgreSQL URL
 * @param facts the stream definitions' facts
 * @throws {Error} when the store cannot be read
 */
async function documentedTablesOf( store: string, facts: ( stream: string ) => StreamFacts ): Promise<DocumentedTable[]> {
	if ( isPostgresUrl( store ) ) {
		const pool = new Pool( { connectionString: store, max: 1 } );
		pool.on( 'error', () => undefined );
		try {
			return await documentedTables( postgresCatalogue( pool ), facts );
		} finally {
			await pool.end();
		}
	}
	const db = new Database( store, { readonly: true } );
	try {
		return await documentedTables( sqliteCatalogue( db ), facts );
	} finally {
		db.close();
	}
}

/**
 * `mp-catalog export`: the dataset documentation as files.
 *
 * @param argv arguments after the program name
 * @param out where the summary goes
 * @param err where problems go
 * @param now the export's time
 */
export async function catalogMain( argv: string[], out: ( text: string ) => void = console.log, err: ( text: string ) => void = console.error, now = new Date() ): Promise<number> {
	let parsed;
	try {
		parsed = parseArgs( {
			args: argv,
			allowPositionals: true,
			options: {
				store: { type: 'string' },
				streams: { type: 'string' },
				'streams-url': { type: 'string' },
				tables: { type: 'string' },
				markdown: { type: 'string' },
				datahub: { type: 'string' },
				platform: { type: 'string' },
				'stream-platform': { type: 'string', default: 'metricsplatform' },
				database: { type: 'string' },
				env: { type: 'string', default: 'PROD' },
				now: { type: 'string' },
			},
		} );
	} catch ( e ) {
		err( `${ ( e as Error ).message }\n${ USAGE }` );
		return 2;
	}
	const values = parsed.values;
	if ( parsed.positionals.join( ' ' ) !== 'export' || !values.store || !( values.markdown || values.datahub ) ) {
		err( USAGE );
		return 2;
	}
	if ( values.now !== undefined ) {
		// The time the DataHub file stamps (created, lastModified): a fixed one makes the same file from the same store.
		const fixed = new Date( values.now );
		if ( Number.isNaN( fixed.getTime() ) ) {
			err( `mp-catalog: --now ${ JSON.stringify( values.now ) } is not an ISO 8601 time` );
			return 2;
		}
		now = fixed;
	}
	const postgres = isPostgresUrl( values.store );
	if ( !postgres && !existsSync( values.store ) ) {
		err( `mp-catalog: the store ${ values.store } does not exist.` );
		return 2;
	}
	let definitions: Definitions | null = null;
	if ( values.streams || values[ 'streams-url' ] || values.tables ) {
		try {
			definitions = await readDefinitions( { streams: values.streams, streamsUrl: values[ 'streams-url' ], tables: values.tables }, ( m ) => err( `mp-catalog: ${ m }` ) );
		} catch ( e ) {
			err( `mp-catalog: ${ ( e as Error ).message }` );
			return 2;
		}
	}
	let docs;
	try {
		docs = await documentedTablesOf( values.store, streamFacts( definitions ) );
	} catch ( e ) {
		err( `mp-catalog: ${ postgres ? redactedUrl( values.store ) : values.store }: ${ ( e as Error ).message }` );
		return 2;
	}
	if ( !docs.length ) {
		err( `mp-catalog: ${ values.store } has no modelled table yet (define tables, and let events arrive).` );
		return 1;
	}
	const written: string[] = [];
	if ( values.markdown ) {
		mkdirSync( values.markdown, { recursive: true } );
		for ( const doc of docs ) {
			writeFileSync( path.join( values.markdown, `${ doc.table }.md` ), tableMarkdown( doc ) );
		}
		written.push( `${ docs.length } Markdown file(s) in ${ values.markdown }` );
	}
	if ( values.datahub ) {
		const mcps = datahubProposals( docs, { now, platform: values.platform || ( postgres ? 'postgres' : 'sqlite' ), streamPlatform: values[ 'stream-platform' ], database: values.database, env: values.env } );
		writeFileSync( values.datahub, JSON.stringify( mcps, null, 2 ) + '\n' );
		written.push( `${ mcps.length } metadata change proposals in ${ values.datahub }` );
	}
	out( `mp-catalog: ${ docs.length } table(s) documented: ${ written.join( '; ' ) }` );
	return 0;
}
