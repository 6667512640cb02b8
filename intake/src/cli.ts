import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createDocsSource } from './datasetDocs/docsSource';
import { createJsonLinesSink } from './jsonLinesSink';
import { hashSecretOf, purgeMain } from './modelling/purgeCli';
import { readTablesFile } from './modelling/tablesFile';
import { tablesWithChecks } from './quality/qualityRun';
import { scheduleQuality } from './quality/qualitySchedule';
import type { ReadAccess } from './readAccess';
import { createIntake, DEFAULT_SHUTDOWN_TIMEOUT_MS, Intake } from './server';
import { isClusterWorker, redactedUrl, runPrimary } from './postgres/clusterMode';
import { createPostgresSink, isPostgresUrl, POSTGRES_HASH_SECRET_FILE, PostgresSink } from './postgres/postgresSink';
import { schedulePgQuality } from './postgres/qualitySchedule';

export { readTablesFile } from './modelling/tablesFile';
import { createSqliteSink } from './sqliteSink';

const USAGE = `Usage: mp-intake [options]
  --host HOST          address to listen on (default 127.0.0.1)
  --port PORT          port (default 8192; 0 picks a free one)
  --streams FILE       stream configs JSON, the same the client receives (this or --streams-url)
  --streams-url URL    read the stream configs from a wiki's action API instead, e.g.
                       https://wiki.example.org/api.php?action=metricsplatformconfig&format=json&formatversion=2
                       (or action=streamconfigs), and refresh them every --streams-refresh seconds
  --streams-refresh S  seconds between refreshes of --streams-url (default 60)
  --store FILE|URL     SQLite database for accepted events (default events.sqlite), or a PostgreSQL
                       database: postgres://user[:password]@host[:port]/database (shared by processes)
  --processes N        run N intake processes on one port (Node's cluster module; needs a PostgreSQL --store)
  --jsonl FILE         write JSON lines to FILE instead of SQLite
  --tables FILE        table definitions per stream (JSON, see the README's "Tables for analysts"),
                       besides the \`tables\` of the stream configs; refused at start when invalid
  --hash-secret-file F the secret of hash columns (default: the store's name + .hash-secret, made
                       with mode 0600 when missing; or set MP_INTAKE_HASH_SECRET); with a PostgreSQL
                       store the default is ./mp-intake.hash-secret, and every process needs the same
  --purge-every H      enforce retention on start and every H hours (default 1; 0: never, e.g. when
                       cron runs "mp-intake purge")
  --schemas DIR        schema repository (default: the schemas this package ships)
  --cors-origin LIST   comma-separated origins allowed to read answers ('*' for any; loopback always;
                       the read side — stored events, live feed, stats, trace, docs — only to
                       origins named here)
  --static PREFIX=DIR  also serve files from DIR under URL PREFIX (repeatable)
  --read-token TOKEN   open the read side (stored events, /v1/live, /v1/stats, /v1/trace) to requests with
                       "Authorization: Bearer TOKEN" (16+ characters; or set MP_INTAKE_READ_TOKEN)
  --read loopback      open the read side to requests from this machine only (needs a loopback --host)
  --quality-every M    run the tables' data-quality checks every M minutes (default 60; 0: never),
                       when tables with checks exist in the store (see mp-quality); on PostgreSQL
                       once per M-minute slot however many processes share it
  --body-timeout S     answer 408 to a request body not received within S seconds (default 30)
  --shutdown-timeout S on SIGTERM/SIGINT, wait this many seconds for requests in flight (default ${ DEFAULT_SHUTDOWN_TIMEOUT_MS / 1000 })
  --help               this text
The read side is off unless --read-token or --read loopback opens it.
"mp-intake purge --help": enforce retention once (for cron).`;

/**
 * The read access from the command line: a token (flag or MP_INTAKE_READ_TOKEN), loopback, or off.
 *
 * @param read the --read value
 * @param token the --read-token value
 * @throws {Error} for an unknown --read value
 */
function readAccessOf( read: string | undefined, token: string | undefined ): ReadAccess {
	const secret = token || process.env.MP_INTAKE_READ_TOKEN;
	if ( read !== undefined && read !== 'loopback' && read !== 'off' ) {
		throw new Error( `--read takes "loopback" or "off", not ${ JSON.stringify( read ) }` );
	}
	if ( secret ) {
		return { token: secret };
	}
	return read === 'loopback' ? { loopbackOnly: true } : false;
}

/**
 * The stream configs a wiki's action API serves: the `streams` of action=metricsplatformconfig or
 * action=streamconfigs (formatversion=2), and the former's `expired` (see streamExpiry.ts).
 *
 * @param url the API request
 * @throws {Error} when the wiki does not answer 200 with a `streams` object
 */
export async function fetchStreamConfigs( url: string ): Promise<{ streams: unknown; expired: unknown }> {
	const res = await fetch( url, { signal: AbortSignal.timeout( 10000 ) } );
	const body: unknown = res.ok ? await res.json() : null;
	const { streams, expired } = body && typeof body === 'object' ? body as { streams?: unknown; expired?: unknown } : { streams: undefined, expired: undefined };
	if ( !streams || typeof streams !== 'object' ) {
		throw new Error( `--streams-url ${ url }: no stream configs (HTTP ${ res.status })` );
	}
	// `expired` (action=metricsplatformconfig): streams past their end, refused with that end.
	return { streams, expired };
}

/**
 * Re-reads the stream configs every `intervalMs`; a failed read keeps the previous ones (one line
 * on the console), so a wiki outage never closes streams.
 *
 * @param intake
 * @param url
 * @param intervalMs
 */
function refreshStreams( intake: Intake, url: string, intervalMs: number ): void {
	const timer = setInterval( () => {
		fetchStreamConfigs( url ).then( ( configs ) => intake.setStreamConfigs( configs ), ( e: Error ) => {
			console.warn( `mp-intake: keeping the previous stream configs: ${ e.message }` );
		} );
	}, intervalMs );
	timer.unref();
	intake.server.once( 'close', () => clearInterval( timer ) );
}

/**
 * Starts the intake from command-line arguments. On SIGINT or SIGTERM it stops accepting, lets
 * requests in flight finish for at most --shutdown-timeout seconds, closes the store and exits 0.
 *
 * @param argv arguments after the program name
 * @param schemasDefault the schema folder shipped with the package
 * @throws {Error} for bad arguments, an unreadable stream config, or an address in use
 */
export async function main( argv: string[], schemasDefault: string ): Promise<Intake | null> {
	if ( argv[ 0 ] === 'purge' ) {
		process.exitCode = await purgeMain( argv.slice( 1 ), fetchStreamConfigs );
		return null;
	}
	const { values } = parseArgs( {
		args: argv,
		options: {
			host: { type: 'string', default: '127.0.0.1' },
			port: { type: 'string', default: '8192' },
			streams: { type: 'string' },
			'streams-url': { type: 'string' },
			'streams-refresh': { type: 'string', default: '60' },
			store: { type: 'string', default: 'events.sqlite' },
			jsonl: { type: 'string' },
			tables: { type: 'string' },
			'hash-secret-file': { type: 'string' },
			'purge-every': { type: 'string', default: '1' },
			schemas: { type: 'string', default: schemasDefault },
			'cors-origin': { type: 'string', default: '' },
			static: { type: 'string', multiple: true, default: [] },
			'read-token': { type: 'string' },
			read: { type: 'string' },
			'shutdown-timeout': { type: 'string', default: String( DEFAULT_SHUTDOWN_TIMEOUT_MS / 1000 ) },
			'body-timeout': { type: 'string', default: '30' },
			processes: { type: 'string', default: '1' },
			'quality-every': { type: 'string', default: '60' },
			help: { type: 'boolean', default: false },
		},
	} );
	if ( values.help || !values.streams === !values[ 'streams-url' ] ) {
		console.log( USAGE );
		process.exitCode = values.help ? 0 : 2;
		return null;
	}
	const shutdownSeconds = Number( values[ 'shutdown-timeout' ] );
	const bodySeconds = Number( values[ 'body-timeout' ] );
	if ( !Number.isFinite( shutdownSeconds ) || shutdownSeconds < 0 || !Number.isFinite( bodySeconds ) || bodySeconds <= 0 ) {
		throw new Error( '--shutdown-timeout and --body-timeout take a number of seconds' );
	}
	const processes = Number( values.processes );
	const store = values.store as string;
	if ( !Number.isInteger( processes ) || processes < 1 || ( processes > 1 && ( values.jsonl || !isPostgresUrl( store ) ) ) ) {
		throw new Error( '--processes takes a whole number ≥ 1, and more than 1 needs a PostgreSQL --store (one SQLite file has one writer process)' );
	}
	const log = ( m: string ): void => console.warn( '[mp-intake] ' + m );
	// On PostgreSQL the secret file is read (or made) before the workers start, so that they share it.
	const hashSecret = values.jsonl ? undefined : hashSecretOf( store, values[ 'hash-secret-file' ] || ( isPostgresUrl( store ) ? POSTGRES_HASH_SECRET_FILE : undefined ), log );
	if ( processes > 1 && !isClusterWorker() ) {
		runPrimary( processes );
		return null;
	}
	const readAccess = readAccessOf( values.read, values[ 'read-token' ] );
	const staticDirs: Record<string, string> = {};
	for ( const mount of values.static as string[] ) {
		const [ prefix, dir ] = mount.split( '=' );
		staticDirs[ prefix ] = path.resolve( dir );
	}
	const tables = values.tables ? readTablesFile( values.tables ) : null;
	const purgeHours = Number( values[ 'purge-every' ] );
	if ( !Number.isFinite( purgeHours ) || purgeHours < 0 ) {
		throw new Error( '--purge-every takes a number of hours (0: never)' );
	}
	const sink = values.jsonl ? createJsonLinesSink( values.jsonl ) : isPostgresUrl( store ) ? await createPostgresSink( store, { hashSecret, log, purgeEveryMs: purgeHours * 3600000 } ) :
		createSqliteSink( store, { hashSecret, log } );
	const qualityMinutes = Number( values[ 'quality-every' ] );
	if ( !Number.isFinite( qualityMinutes ) || qualityMinutes < 0 ) {
		throw new Error( '--quality-every takes a number of minutes (0: never)' );
	}
	const intake = createIntake( {
		streamConfigs: values.streams ? JSON.parse( readFileSync( values.streams, 'utf8' ) ) : await fetchStreamConfigs( values[ 'streams-url' ] as string ),
		schemasDir: path.resolve( values.schemas as string ),
		sink,
		readAccess,
		bodyTimeoutMs: bodySeconds * 1000,
		corsOrigins: ( values[ 'cors-origin' ] as string ).split( ',' ).filter( Boolean ),
		staticDirs,
		tables,
		purgeEveryMs: purgeHours * 3600000,
		log,
		docs: values.jsonl ? null : createDocsSource( store ),
	} );
	if ( values[ 'streams-url' ] ) {
		const refreshSeconds = Number( values[ 'streams-refresh' ] );
		if ( !Number.isFinite( refreshSeconds ) || refreshSeconds <= 0 ) {
			throw new Error( '--streams-refresh takes a number of seconds' );
		}
		refreshStreams( intake, values[ 'streams-url' ] as string, refreshSeconds * 1000 );
	}
	// On PostgreSQL every process has the schedule, and one of them runs it per slot (an advisory lock).
	if ( !values.jsonl && isPostgresUrl( store ) && qualityMinutes > 0 ) {
		const schedule = schedulePgQuality( {
			sink: sink as PostgresSink,
			everyMs: qualityMinutes * 60000,
			tables: () => tablesWithChecks( intake.definitions.catalog ),
			log: ( m ) => console.log( `mp-intake: ${ m }` ),
		} );
		intake.server.once( 'close', () => {
			schedule.stop().catch( () => undefined );
		} );
	}
	if ( !values.jsonl && !isPostgresUrl( store ) && qualityMinutes > 0 ) {
		const schedule = scheduleQuality( {
			store: values.store as string,
			everyMs: qualityMinutes * 60000,
			tables: () => tablesWithChecks( intake.definitions.catalog ),
			log: ( m ) => console.log( `mp-intake: ${ m }` ),
		} );
		intake.server.once( 'close', () => schedule.stop() );
	}
	const url = await intake.listen( Number( values.port ), values.host );
	const reading = !readAccess ? 'read side off' : 'token' in readAccess ? 'read side: bearer token' : 'read side: loopback only';
	console.log( `mp-intake listening on ${ url } (POST ${ url }/v1/events; store: ${ values.jsonl || ( isPostgresUrl( store ) ? redactedUrl( store ) : store ) }; ${ reading }${ isClusterWorker() ? `; process ${ process.pid }` : '' })` );
	let stopping = false;
	const stop = ( signal: string ): void => {
		if ( stopping ) {
			return;
		}
		stopping = true;
		console.log( `mp-intake: ${ signal }, stopping (at most ${ shutdownSeconds } s for requests in flight)` );
		intake.close( shutdownSeconds * 1000 ).then( () => {
			console.log( `mp-intake stopped: ${ JSON.stringify( intake.stats ) }` );
			process.exitCode = 0;
		}, ( e: Error ) => {
			console.error( `mp-intake: stopping failed: ${ e.message }` );
			process.exitCode = 1;
		} ).finally( () => {
			// Everything is closed; leave even if some library still holds a handle.
			// eslint-disable-next-line n/no-process-exit
			process.exit();
		} );
	};
	process.once( 'SIGINT', () => stop( 'SIGINT' ) );
	process.once( 'SIGTERM', () => stop( 'SIGTERM' ) );
	return intake;
}
