import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createStreamRegistry } from '../../../modules/src/core/streamConfig';
import { createPostgresSink, isPostgresUrl } from '../postgres/postgresSink';
import { createSqliteSink } from '../sqliteSink';
import { loadOrCreateHashSecret, secretFromText } from './hashSecret';
import { createModelCatalog } from './modelCatalog';
import { readTablesFile } from './tablesFile';

const USAGE = `Usage: mp-intake purge --store FILE|URL (--streams FILE | --streams-url URL) [--tables FILE] [--now TIME]
Enforces retention once, as the intake does every --purge-every hours: deletes raw and failed events
older than their stream's retention_days (default 90) and empties the drop columns of older table rows.
Prints what it removed. For cron, e.g. hourly: 0 * * * * mp-intake purge --store /srv/events.sqlite --streams /srv/streams.json
  --store FILE|URL     the SQLite store, or the PostgreSQL one (postgres://…; whole day partitions dropped)
  --streams FILE       the stream configs (retention_days, tables), as mp-intake takes them
  --streams-url URL    or read them from the wiki's action API
  --tables FILE        the --tables file the intake uses, if any
  --now TIME           purge as of this earlier ISO 8601 time instead of now (never a later one)`;

/**
 * The hash secret for a store: MP_INTAKE_HASH_SECRET when set, else the secret file (given, or the
 * store's name + `.hash-secret`), made with mode 0600 when missing. A `:memory:` store gets none (a
 * random secret of the process).
 *
 * @param store the store's file
 * @param file the --hash-secret-file value
 * @param log notices
 */
export function hashSecretOf( store: string, file: string | undefined, log: ( message: string ) => void ): Buffer | undefined {
	const fromEnv = process.env.MP_INTAKE_HASH_SECRET;
	if ( fromEnv ) {
		return secretFromText( fromEnv, 'MP_INTAKE_HASH_SECRET' );
	}
	if ( !file && store === ':memory:' ) {
		return undefined;
	}
	return loadOrCreateHashSecret( file || `${ store }.hash-secret`, log );
}

/**
 * `mp-intake purge`: enforces retention on a store once and prints what it removed.
 *
 * @param argv the arguments after `purge`
 * @param fetchStreamConfigs reads stream configs from a wiki's action API
 * @return the exit code
 * @throws {Error} for an unreadable stream config or tables file
 */
export async function purgeMain( argv: string[], fetchStreamConfigs: ( url: string ) => Promise<unknown> ): Promise<number> {
	const { values } = parseArgs( {
		args: argv,
		options: {
			store: { type: 'string' },
			streams: { type: 'string' },
			'streams-url': { type: 'string' },
			tables: { type: 'string' },
			now: { type: 'string' },
			help: { type: 'boolean', default: false },
		},
	} );
	if ( values.help || !values.store || !values.streams === !values[ 'streams-url' ] ) {
		console.log( USAGE );
		return values.help ? 0 : 2;
	}
	const now = values.now === undefined ? Date.now() : Date.parse( values.now );
	if ( Number.isNaN( now ) ) {
		throw new Error( `--now ${ JSON.stringify( values.now ) } is not an ISO 8601 time` );
	}
	if ( now > Date.now() ) {
		throw new Error( `--now ${ values.now } is in the future: a purge as of a later time would delete data still within its retention` );
	}
	const configs: unknown = values.streams ? JSON.parse( readFileSync( values.streams, 'utf8' ) ) : await fetchStreamConfigs( values[ 'streams-url' ] as string );
	const tables = values.tables ? readTablesFile( values.tables ) : null;
	const catalog = createModelCatalog( createStreamRegistry( configs, ( m ) => console.warn( `mp-intake purge: ${ m }` ) ), tables );
	// A retention that cannot be read falls back to the default: say so, the purge then keeps data longer than meant.
	catalog.problems.forEach( ( m ) => console.warn( `mp-intake purge: ${ m }` ) );
	// A purge writes no row, so it needs no hash secret; it leaves a column turned to hash to the intake,
	// which rewrites its clear values with the installation's secret.
	const sink = isPostgresUrl( values.store ) ? await createPostgresSink( values.store, { log: ( m ) => console.log( m ) } ) :
		createSqliteSink( values.store, { log: ( m ) => console.log( m ), hashSecret: randomBytes( 32 ), rewriteClearValues: false } );
	try {
		// No schemas are needed: a purge makes no table.
		( sink.setModels as NonNullable<typeof sink.setModels> )( catalog, () => null );
		const report = await ( sink.purge as NonNullable<typeof sink.purge> )( now );
		const removed = report.streams.filter( ( s ) => s.rawDeleted || s.failedDeleted || s.dropped.some( ( d ) => d.rows ) );
		console.log( `purge as of ${ report.now }: ${ report.streams.length } stream(s) checked, ${ removed.length } had data past retention` );
	} finally {
		await sink.close();
	}
	return 0;
}
