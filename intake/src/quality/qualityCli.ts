import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Pool } from 'pg';
import { readDefinitions } from '../definitionSources';
import { formatQualityReport, statusCounts } from './qualityReport';
import { QualityRun, runQuality, tablesWithChecks } from './qualityRun';
import { redactedUrl } from '../postgres/clusterMode';
import { isPostgresUrl, READ_TYPES } from '../postgres/postgresSink';
import { runPgQuality } from '../postgres/quality';

const USAGE = `Usage: mp-quality --store events.sqlite|postgres://… (--streams FILE | --streams-url URL) [--tables FILE] [--json]
Runs the data-quality checks of the table definitions (each table's "checks") against the store's
tables (a SQLite file, or the PostgreSQL database the intake writes), writes the results to its
mp_quality_results table and prints the report.
Exit status: 0 when no check failed (warnings allowed), 1 when one failed or could not run, 2 for
unusable arguments or definitions.`;

/**
 * `mp-quality`: one run of every declared check, for cron or by hand (mp-intake also runs them on its
 * own, see --quality-every).
 *
 * @param argv arguments after the program name
 * @param out where the report goes
 * @param err where problems go
 * @param now the run's time (a fake clock in tests)
 */
export async function qualityMain( argv: string[], out: ( text: string ) => void = console.log, err: ( text: string ) => void = console.error, now = new Date() ): Promise<number> {
	let values;
	try {
		values = parseArgs( {
			args: argv,
			options: {
				store: { type: 'string' },
				streams: { type: 'string' },
				'streams-url': { type: 'string' },
				tables: { type: 'string' },
				json: { type: 'boolean', default: false },
			},
		} ).values;
	} catch ( e ) {
		err( `${ ( e as Error ).message }\n${ USAGE }` );
		return 2;
	}
	if ( !values.store || !( values.streams || values[ 'streams-url' ] || values.tables ) ) {
		err( USAGE );
		return 2;
	}
	const postgres = isPostgresUrl( values.store );
	if ( !postgres && !existsSync( values.store ) ) {
		err( `mp-quality: the store ${ values.store } does not exist.` );
		return 2;
	}
	let definitions;
	try {
		definitions = await readDefinitions( { streams: values.streams, streamsUrl: values[ 'streams-url' ], tables: values.tables }, ( m ) => err( `mp-quality: ${ m }` ) );
	} catch ( e ) {
		err( `mp-quality: ${ ( e as Error ).message }` );
		return 2;
	}
	const tables = tablesWithChecks( definitions.catalog );
	const report = ( run: QualityRun ): number => {
		for ( const t of run.notYetMade ) {
			err( `mp-quality: table ${ t } has no rows yet (no event since it was defined): not checked.` );
		}
		if ( !run.results.length ) {
			err( tables.length ? 'mp-quality: no defined table with checks exists in the store yet: nothing checked.' : 'mp-quality: no table definition declares "checks": nothing to check.' );
			return 0;
		}
		out( values.json ? JSON.stringify( run.results, null, 2 ) : formatQualityReport( run.results ) );
		const counts = statusCounts( run.results );
		return counts.fail || counts.error ? 1 : 0;
	};
	if ( postgres ) {
		const pool = new Pool( { connectionString: values.store, max: 2, types: READ_TYPES } );
		pool.on( 'error', () => undefined );
		try {
			return report( await runPgQuality( pool, tables, now ) );
		} catch ( e ) {
			err( `mp-quality: ${ redactedUrl( values.store ) }: ${ ( e as Error ).message }` );
			return 2;
		} finally {
			await pool.end();
		}
	}
	const db = new Database( values.store );
	try {
		db.pragma( 'busy_timeout = 5000' );
		return report( runQuality( db, tables, now ) );
	} finally {
		db.close();
	}
}
