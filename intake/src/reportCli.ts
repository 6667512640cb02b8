import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { resolveDesign } from './experimentDesign';
import { buildReport, eventsFromStore } from './experimentReport';
import { formatReport } from './experimentReportText';

const USAGE = 'Usage: mp-experiment-report --experiment NAME (--definitions experiments.json | --groups control,treatment --unit user|session) ' +
	'[--weights control=1,treatment=1] [--store events.sqlite] [--action click] [--json]';

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
				store: { type: 'string', default: 'demo-events.sqlite' },
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
	if ( !existsSync( values.store as string ) ) {
		err( `mp-experiment-report: the store ${ values.store } does not exist: nothing to report.` );
		return 1;
	}
	const report = buildReport( eventsFromStore( values.store as string, values.experiment ), resolved.design, values.action as string );
	if ( report.empty ) {
		err( `mp-experiment-report: no subject of experiment ${ values.experiment } in ${ values.store } ` +
			`(${ report.eventsWithoutSubject } events without a ${ report.unit } identifier, ${ report.mixed.subjects } subjects in more than one group, ` +
			`${ report.undeclared.reduce( ( n, u ) => n + u.subjects, 0 ) } in undeclared groups): nothing to report.` );
		return 1;
	}
	out( values.json ? JSON.stringify( report, null, 2 ) : formatReport( report ) );
	return 0;
}
