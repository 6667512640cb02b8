import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createJsonLinesSink } from './jsonLinesSink';
import { createIntake, Intake } from './server';
import { createSqliteSink } from './sqliteSink';

const USAGE = `Usage: mp-intake [options]
  --host HOST          address to listen on (default 127.0.0.1)
  --port PORT          port (default 8192; 0 picks a free one)
  --streams FILE       stream configs JSON, the same the client receives (required)
  --store FILE         SQLite database for accepted events (default events.sqlite)
  --jsonl FILE         write JSON lines to FILE instead of SQLite
  --schemas DIR        schema repository (default: the schemas this package ships)
  --cors-origin LIST   comma-separated origins allowed to read answers ('*' for any; loopback always)
  --static PREFIX=DIR  also serve files from DIR under URL PREFIX (repeatable)
  --help               this text`;

/**
 * Starts the intake from command-line arguments; stops cleanly on SIGINT and SIGTERM.
 *
 * @param argv arguments after the program name
 * @param schemasDefault the schema folder shipped with the package
 */
export async function main( argv: string[], schemasDefault: string ): Promise<Intake | null> {
	const { values } = parseArgs( {
		args: argv,
		options: {
			host: { type: 'string', default: '127.0.0.1' },
			port: { type: 'string', default: '8192' },
			streams: { type: 'string' },
			store: { type: 'string', default: 'events.sqlite' },
			jsonl: { type: 'string' },
			schemas: { type: 'string', default: schemasDefault },
			'cors-origin': { type: 'string', default: '' },
			static: { type: 'string', multiple: true, default: [] },
			help: { type: 'boolean', default: false },
		},
	} );
	if ( values.help || !values.streams ) {
		console.log( USAGE );
		process.exitCode = values.help ? 0 : 2;
		return null;
	}
	const staticDirs: Record<string, string> = {};
	for ( const mount of values.static as string[] ) {
		const [ prefix, dir ] = mount.split( '=' );
		staticDirs[ prefix ] = path.resolve( dir );
	}
	const sink = values.jsonl ? createJsonLinesSink( values.jsonl ) : createSqliteSink( values.store as string );
	const intake = createIntake( {
		streamConfigs: JSON.parse( readFileSync( values.streams, 'utf8' ) ),
		schemasDir: path.resolve( values.schemas as string ),
		sink,
		corsOrigins: ( values[ 'cors-origin' ] as string ).split( ',' ).filter( Boolean ),
		staticDirs,
	} );
	const url = await intake.listen( Number( values.port ), values.host );
	console.log( `mp-intake listening on ${ url } (POST ${ url }/v1/events; store: ${ values.jsonl || values.store })` );
	let stopping = false;
	const stop = (): void => {
		if ( stopping ) {
			return;
		}
		stopping = true;
		intake.close().then( () => {
			console.log( `mp-intake stopped: ${ JSON.stringify( intake.stats ) }` );
		} );
	};
	process.once( 'SIGINT', stop );
	process.once( 'SIGTERM', stop );
	return intake;
}
