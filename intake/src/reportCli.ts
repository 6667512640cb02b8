import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { resolveDesign } from './experimentDesign';
import { buildReport, eventsFromJsonLines, eventsFromStore } from './experimentReport';
import { formatReport } from './experimentReportText';

const USAGE = 'Usage: mp-experiment-report --experiment NAME (--definitions experiments.json | --groups control,treatment --unit user|session) ' +
	'[--weights control=1,treatment=1] [--store events.sqlite | --jsonl events.jsonl] [--action click] [--json]';

/**
 * `mp-experiment-report`: the report of one experiment over the intake's store. Exit status 0 with a
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
	const events = values.jsonl ? eventsFromJsonLines( store, values.experiment ) : eventsFromStore( store, values.experiment );
	const report = buildReport( events, resolved.design, values.action as string );
	if ( report.empty ) {
		err( `mp-experiment-report: no subject of experiment ${ values.experiment } in ${ store } ` +
			`(${ report.eventsWithoutSubject } events without a ${ report.unit } identifier, ${ report.mixed.subjects } subjects in more than one group, ` +
			`${ report.undeclared.reduce( ( n, u ) => n + u.subjects, 0 ) } in undeclared groups): nothing to report.` );
		return 1;
	}
	out( values.json ? JSON.stringify( report, null, 2 ) : formatReport( report ) );
	return 0;
}
