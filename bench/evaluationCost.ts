/**
 * Cost of flag and experiment evaluation after page set-up (the calls feature code makes):
 * getFlag, isEnabled and getExperiment( name ).isAssignedGroup( … ) over a state with 10 experiments
 * and 20 flags. Also the one-time server-equivalent work in JS: assigning a subject to 10 experiments.
 */
import { assign } from '../modules/src/core/assignment';
import { createExperimentsApi, ExperimentState } from '../modules/src/mw/mwExperiments';

function median( rounds: number[] ): number {
	return rounds.sort( ( a, b ) => a - b )[ Math.floor( rounds.length / 2 ) ];
}

function nsPerCall( fn: ( i: number ) => unknown, calls: number ): number {
	const rounds: number[] = [];
	let sink = 0;
	for ( let r = 0; r < 15; r++ ) {
		const start = process.hrtime.bigint();
		for ( let i = 0; i < calls; i++ ) {
			sink += fn( i ) ? 1 : 0;
		}
		rounds.push( Number( process.hrtime.bigint() - start ) / calls );
	}
	return sink >= 0 ? median( rounds ) : NaN;
}

/** Runs the measurements. */
export function evaluationCost(): [ string, number ][] {
	const names = Array.from( { length: 10 }, ( _, i ) => `experiment-number-${ i }` );
	const state: ExperimentState = { enrolled: names, assigned: {}, overridden: [], flags: {}, streams: {} };
	names.forEach( ( n, i ) => {
		state.assigned[ n ] = i % 2 ? 'treatment' : 'control';
	} );
	for ( let i = 0; i < 20; i++ ) {
		state.flags[ `flag-${ i }` ] = i % 3 === 0 ? true : i;
	}
	const api = createExperimentsApi( state, null, 's', null );
	return [
		[ 'getFlag( key, default )', nsPerCall( ( i ) => api.getFlag( `flag-${ i % 20 }`, 0 ), 1e6 ) ],
		[ 'isEnabled( key )', nsPerCall( ( i ) => api.isEnabled( `flag-${ i % 20 }` ), 1e6 ) ],
		[ 'getExperiment( name ).isAssignedGroup( g )', nsPerCall( ( i ) => api.getExperiment( names[ i % 10 ] ).isAssignedGroup( 'treatment' ), 1e6 ) ],
		[ 'assign( subject, experiment ) (sha256; PHP does this per request)', nsPerCall( ( i ) => assign( String( i ), names[ i % 10 ], 0.5, [ { name: 'control' }, { name: 'treatment' } ] ).enrolled, 2e4 ) ],
	];
}
