import Database from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ExperimentDesign, resolveDesign } from './experimentDesign';
import { buildReport, buildReportFromFacts, eventsFromJsonLines, eventsFromStore, ExperimentReport } from './experimentReport';
import { chooseReportTable, factsFromTable, TableRequest } from './experimentReportTable';
import { formatReport, sourceLine } from './experimentReportText';

const USAGE = 'Usage: mp-experiment-report --experiment NAME (--definitions experiments.json | --groups control,treatment --unit user|session) ' +
	'[--weights control=1,treatment=1] [--store events.sqlite | --jsonl events.jsonl] [--stream NAME | --table NAME | --raw] [--action click] [--json]';

/**
 * The report over a SQLite store: from a modelled table of the experiment's stream when one is usable
 * (see chooseReportTable), else from the raw events, the report's `source` saying which and why.
 *
 * @param file the store
 * @param design the experiment
 * @param action the compared action
 * @param request `--stream` / `--table`; null: raw events (`--raw`)
 */
function reportFromStore( file: string, design: ExperimentDesign, action: string, request: TableRequest | null ): ExperimentReport {
	if ( request ) {
		const db = new Database( file, { readonly: true, fileMustExist: true } );
		try {
			const choice = chooseReportTable( db, design, request );
			if ( choice.plan ) {
				return buildReportFromFacts( factsFromTable( db, choice.plan ), design, action, { kind: 'table', stream: choice.plan.stream, tables: choice.plan.tables.map( ( t ) => t.physical ) } );
			}
			return buildReport( eventsFromStore( file, design.experiment ), design, action, { kind: 'raw', reason: choice.reason } );
		} finally {
			db.close();
		}
	}
	return buildReport( eventsFromStore( file, design.experiment ), design, action, { kind: 'raw', reason: 'asked for with --raw' } );
}

/**
 * `mp-experiment-report`: the report of one experiment over the intake's store (a modelled table of the
 * experiment's stream when one can serve, else the raw events; the report says which). Exit status 0 with a
 * report, 1 when there is nothing to report (no subject in any declared group), 2 for unusable
 * arguments or definitions.
 *
 * @param argv arguments after the program name
 * @param out where the report goes (console.log)
 * @param err where problems go (console.error)
 */
export function reportMain( argv: string[], out: ( text: string ) => void = console.log, err: ( text: string ) => void = console.error ): number {
	let values;
	try {
		values = parseArgs( {
			args: argv,
			options: {
				experiment: { type: 'string' },
				definitions: { type: 'string' },
				groups: { type: 'string' },
				weights: { type: 'string' },
				unit: { type: 'string' },
				store: { type: 'string' },
				jsonl: { type: 'string' },
				stream: { type: 'string' },
				table: { type: 'string' },
				raw: { type: 'boolean', default: false },
				action: { type: 'string', default: 'click' },
				json: { type: 'boolean', default: false },
			},
		} ).values;
	} catch ( e ) {
		err( `${ ( e as Error ).message }\n${ USAGE }` );
		return 2;
	}
	if ( !values.experiment ) {
		err( USAGE );
		return 2;
	}
	let definitions: unknown;
	if ( values.definitions ) {
		try {
			definitions = JSON.parse( readFileSync( values.definitions, 'utf8' ) );
		} catch ( e ) {
			err( `mp-experiment-report: the definitions file ${ values.definitions } cannot be read as JSON (${ ( e as Error ).message })` );
			return 2;
		}
	}
	const resolved = resolveDesign( { experiment: values.experiment, definitions, groups: values.groups, weights: values.weights, unit: values.unit } );
	if ( !resolved.design ) {
		err( `mp-experiment-report: ${ resolved.problem }\n${ USAGE }` );
		return 2;
	}
	if ( values.store && values.jsonl ) {
		err( `mp-experiment-report: give --store or --jsonl, not both\n${ USAGE }` );
		return 2;
	}
	const store = values.jsonl || values.store || 'demo-events.sqlite';
	if ( !existsSync( store ) ) {
		err( `mp-experiment-report: the store ${ store } does not exist: nothing to report.` );
		return 1;
	}
	if ( values.jsonl && ( values.stream || values.table ) ) {
		err( `mp-experiment-report: --stream and --table read the SQLite store's modelled tables; a JSON lines store has none\n${ USAGE }` );
		return 2;
	}
	if ( values.raw && ( values.stream || values.table ) ) {
		err( `mp-experiment-report: give --raw or --stream / --table, not both\n${ USAGE }` );
		return 2;
	}
	const action = values.action as string;
	const report = values.jsonl ?
		buildReport( eventsFromJsonLines( store, values.experiment ), resolved.design, action, { kind: 'raw', reason: null } ) :
		reportFromStore( store, resolved.design, action, values.raw ? null : { stream: values.stream, table: values.table } );
	if ( report.empty ) {
		err( `mp-experiment-report: no subject of experiment ${ values.experiment } in ${ store } (${ sourceLine( report.source ) }) ` +
			`(${ report.eventsWithoutSubject } events without a ${ report.unit } identifier, ${ report.mixed.subjects } subjects in more than one group, ` +
			`${ report.undeclared.reduce( ( n, u ) => n + u.subjects, 0 ) } in undeclared groups): nothing to report.` );
		return 1;
	}
	out( values.json ? JSON.stringify( report, null, 2 ) : formatReport( report ) );
	return 0;
}
