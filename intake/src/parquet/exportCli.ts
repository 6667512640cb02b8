import { parseArgs } from 'node:util';
import { createPostgresSink, isPostgresUrl } from '../postgres/postgresSink';
import { createSqliteSink } from '../sqliteSink';
import { exportEventsToParquet } from './exportParquet';
import { exportModelledTables } from './exportTables';
import { createPostgresTableSource } from './postgresTableSource';
import { createSqliteTableSource } from './sqliteTableSource';
import type { ModelledTableSource } from './tableSource';

const USAGE = `Usage: mp-parquet-export --store FILE|URL --out DIR [--until YYYY-MM-DD] [--only events|tables]
  --store FILE|URL  the intake's store: a SQLite file or postgres://user@host/database
  --out DIR         the lake folder: DIR/events/dt=YYYY-MM-DD/part-NNNNN.parquet (raw events, by the
                    day of their own dt) and DIR/<table>/dt=YYYY-MM-DD/part-NNNNN.parquet (each modelled
                    table, by the day received), zstd
  --until DAY       export the days before DAY (default: today, UTC: only days that are over)
  --only WHAT       only the raw events, or only the modelled tables (default: both)
Raw events: days already exported are kept as they are. Modelled tables: days already exported are
written again only when the store's day differs (late rows, purged drop columns). Run it daily.`;

/**
 * The modelled tables of a store.
 *
 * @param store the --store value
 */
async function tableSourceOf( store: string ): Promise<ModelledTableSource> {
	return isPostgresUrl( store ) ? createPostgresTableSource( store ) : createSqliteTableSource( store );
}

/**
 * `mp-parquet-export`: exports the store's events and modelled tables to Parquet, one Hive partition
 * per day.
 *
 * @param argv arguments after the program name
 * @param print where output goes (default console.log)
 * @return the exit code
 * @throws {Error} for an unreadable store or a failed write
 */
export async function parquetExportMain( argv: string[], print: ( line: string ) => void = console.log ): Promise<number> {
	const { values } = parseArgs( { args: argv, options: {
		store: { type: 'string' },
		out: { type: 'string' },
		until: { type: 'string' },
		only: { type: 'string' },
		help: { type: 'boolean', default: false },
	} } );
	if ( values.help || !values.store || !values.out || ( values.until !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test( values.until ) ) ||
		( values.only !== undefined && values.only !== 'events' && values.only !== 'tables' ) ) {
		print( USAGE );
		return values.help ? 0 : 2;
	}
	if ( values.only !== 'tables' ) {
		const sink = isPostgresUrl( values.store ) ? await createPostgresSink( values.store, { poolSize: 1 } ) : createSqliteSink( values.store );
		try {
			const result = await exportEventsToParquet( sink, { out: values.out, until: values.until } );
			for ( const w of result.written ) {
				print( `events dt=${ w.day }: ${ w.rows } events in ${ w.files } file(s)` );
			}
			print( `events: ${ result.written.length } day(s) written, ${ result.kept.length } already there` );
		} finally {
			await sink.close();
		}
	}
	if ( values.only !== 'events' ) {
		const source = await tableSourceOf( values.store );
		try {
			const result = await exportModelledTables( source, { out: values.out, until: values.until } );
			for ( const w of result.written ) {
				print( `${ w.table } dt=${ w.day }: ${ w.rows } rows in ${ w.files } file(s)${ w.rewritten ? ` (written again: ${ w.rewritten })` : '' }` );
			}
			for ( const k of result.kept ) {
				print( `${ k.table }: ${ result.written.filter( ( w ) => w.table === k.table ).length } day(s) written, ${ k.days.length } unchanged` );
			}
			if ( !result.kept.length ) {
				print( 'modelled tables: none in this store' );
			}
		} finally {
			await source.close();
		}
	}
	return 0;
}
