import { checkLabel, CheckResult, CheckStatus } from './checkResult';

function plural( n: number, word: string ): string {
	return `${ n } ${ word }${ n === 1 ? '' : 's' }`;
}

const MARK: Record<CheckStatus, string> = { pass: 'pass ', warn: 'WARN ', fail: 'FAIL ', error: 'ERROR' };

/**
 * The counts of a run by status.
 *
 * @param results
 */
export function statusCounts( results: CheckResult[] ): Record<CheckStatus, number> {
	const counts: Record<CheckStatus, number> = { pass: 0, warn: 0, fail: 0, error: 0 };
	for ( const r of results ) {
		counts[ r.status ]++;
	}
	return counts;
}

/**
 * A run's results as text: a summary line, then per table one line per check (status, check,
 * observed value, threshold), with the sample of what failed indented under a check that did not pass.
 *
 * @param results one run's results, any number of tables
 */
export function formatQualityReport( results: CheckResult[] ): string {
	const counts = statusCounts( results );
	const tables = Array.from( new Set( results.map( ( r ) => r.table ) ) );
	const when = results.length ? results[ 0 ].checkedAt : '';
	const lines = [ `Data quality ${ when }: ${ plural( tables.length, 'table' ) }, ${ plural( results.length, 'check' ) } — ${ counts.pass } pass, ${ counts.warn } warn, ${ counts.fail } fail, ${ counts.error } error` ];
	const width = Math.max( 0, ...results.map( ( r ) => checkLabel( r ).length ) );
	for ( const table of tables ) {
		lines.push( '', table );
		for ( const r of results.filter( ( x ) => x.table === table ) ) {
			lines.push( `  ${ MARK[ r.status ] } ${ checkLabel( r ).padEnd( width ) }  ${ r.observed }${ r.threshold ? ` — expected ${ r.threshold }` : '' }` );
			if ( r.status !== 'pass' ) {
				for ( const f of r.failing ) {
					lines.push( `        ${ ''.padEnd( width ) }  e.g. ${ Object.entries( f ).map( ( [ k, v ] ) => `${ k }=${ JSON.stringify( v ) }` ).join( ' ' ) }` );
				}
			}
		}
	}
	return lines.join( '\n' );
}
