import { parseArgs } from 'node:util';
import { createPostgresSink, isPostgresUrl } from '../postgres/postgresSink';
import { createSqliteSink } from '../sqliteSink';
import { exportEventsToParquet } from './exportParquet';

const USAGE = `Usage: mp-parquet-export --store FILE|URL --out DIR [--until YYYY-MM-DD]
  --store FILE|URL  the intake's store: a SQLite file or postgres://user@host/database
  --out DIR         the lake folder: DIR/events/dt=YYYY-MM-DD/part-NNNNN.parquet (zstd)
  --until DAY       export the days before DAY (default: today, UTC: only days that are over)
Days already exported are kept as they are; run it daily (cron, a systemd timer).`;

/**
 * `mp-parquet-export`: exports the store's events to Parquet, one Hive partition per day.
 *
 * @param argv arguments after the program name
 * @return the exit code
 * @throws {Error} for an unreadable store or a failed write
 */
export async function parquetExportMain( argv: string[] ): Promise<number> {
	const { values } = parseArgs( { args: argv, options: {
		store: { type: 'string' },
		out: { type: 'string' },
		until: { type: 'string' },
		help: { type: 'boolean', default: false },
	} } );
	if ( values.help || !values.store || !values.out || ( values.until !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test( values.until ) ) ) {
		console.log( USAGE );
		return values.help ? 0 : 2;
	}
	const sink = isPostgresUrl( values.store ) ? await createPostgresSink( values.store, { poolSize: 1 } ) : createSqliteSink( values.store );
	try {
		const result = await exportEventsToParquet( sink, { out: values.out, until: values.until } );
		for ( const w of result.written ) {
			console.log( `dt=${ w.day }: ${ w.rows } events in ${ w.files } file(s)` );
		}
		console.log( `${ result.written.length } day(s) written, ${ result.kept.length } already there` );
	} finally {
		await sink.close();
	}
	return 0;
}
