import { parseArgs } from 'node:util';
import { buildReport, eventsFromStore, formatReport } from './experimentReport';

/**
 * `mp-experiment-report --experiment NAME [--store events.sqlite] [--action click]
 *  [--weights control=1,treatment=1] [--json]`
 *
 * @param argv arguments after the program name
 */
export function reportMain( argv: string[] ): number {
	const { values } = parseArgs( {
		args: argv,
		options: {
			experiment: { type: 'string' },
			store: { type: 'string', default: 'demo-events.sqlite' },
			action: { type: 'string', default: 'click' },
			weights: { type: 'string', default: '' },
			json: { type: 'boolean', default: false },
		},
	} );
	if ( !values.experiment ) {
		console.error( 'Usage: mp-experiment-report --experiment NAME [--store events.sqlite] [--action click] [--weights control=1,treatment=1] [--json]' );
		return 2;
	}
	const weights: Record<string, number> = {};
	const order: string[] = [];
	for ( const pair of ( values.weights as string ).split( ',' ).filter( Boolean ) ) {
		const [ group, weight ] = pair.split( '=' );
		weights[ group ] = Number( weight ) || 1;
		order.push( group );
	}
	const report = buildReport( eventsFromStore( values.store as string, values.experiment ), values.experiment, values.action as string, weights, order );
	console.log( values.json ? JSON.stringify( report, null, 2 ) : formatReport( report ) );
	return 0;
}
