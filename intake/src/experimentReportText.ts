import type { ExperimentReport, ReportSource } from './experimentReport';

function pct( x: number ): string {
	return ( x * 100 ).toFixed( 2 ) + '%';
}

function signed( x: number ): string {
	return ( x >= 0 ? '+' : '' ) + pct( x );
}

/**
 * What the report read, in one line: `table clicks_v1 (stream mywiki.button)`, or `raw events` with
 * why no table was read.
 *
 * @param source the report's source
 */
export function sourceLine( source: ReportSource ): string {
	if ( source.kind === 'table' ) {
		return `read from table ${ source.tables.join( ' + ' ) } (stream ${ source.stream })`;
	}
	return source.reason ? `read from raw events: ${ source.reason }` : 'read from raw events';
}

/**
 * The report as text: what it read, one row per declared group, then the subjects left out (seen in two groups,
 * in undeclared groups, without an identifier), then the sample-ratio test.
 *
 * @param report from buildReport
 */
export function formatReport( report: ExperimentReport ): string {
	const reference = report.groups[ 0 ].group;
	const lines = [
		`Experiment ${ report.experiment } (unit: ${ report.unit }) — rate of "${ report.action }" per subject`,
		`Source: ${ sourceLine( report.source ) }`,
		'group'.padEnd( 14 ) + 'weight'.padStart( 8 ) + 'subjects'.padStart( 10 ) + 'exposed'.padStart( 10 ) + 'events'.padStart( 10 ) + 'rate'.padStart( 10 ) + '   95% CI'.padEnd( 22 ) + `vs ${ reference } (95% CI)`,
	];
	for ( const g of report.groups ) {
		const versus = g.group === reference ? 'reference' : g.difference ? `${ signed( g.difference.difference ) } [${ signed( g.difference.low ) }, ${ signed( g.difference.high ) }]` : 'no comparison (a group without subjects)';
		lines.push( g.group.padEnd( 14 ) + String( g.weight ).padStart( 8 ) + String( g.subjects ).padStart( 10 ) + String( g.exposures ).padStart( 10 ) + String( g.events ).padStart( 10 ) +
			( g.subjects ? pct( g.rate ) : '-' ).padStart( 10 ) + ( g.subjects ? `   [${ pct( g.rateInterval[ 0 ] ) }, ${ pct( g.rateInterval[ 1 ] ) }]` : '' ).padEnd( 22 ) + versus );
	}
	const m = report.mixed;
	lines.push( `Seen in more than one group: ${ m.subjects } subjects (${ pct( m.share ) } of ${ report.unit }s), excluded from every group` +
		( m.warning ? ` — WARNING: more than ${ pct( 0.01 ) }; assignment leaks (logins mid-session, lost cookies, QA overrides?) and the comparison is doubtful.` : '.' ) );
	for ( const u of report.undeclared ) {
		lines.push( `WARNING: ${ u.subjects } subjects only in group "${ u.group }", which the design does not declare: excluded.` );
	}
	if ( report.eventsWithoutSubject ) {
		lines.push( `${ report.eventsWithoutSubject } events of the experiment carry no ${ report.unit === 'user' ? 'logged-in performer.id' : 'performer.session_id' }: not counted (does the stream provide ${ report.unit === 'user' ? 'performer_id' : 'performer_session_id' }?).` );
	}
	const srm = report.srm;
	if ( srm.df === 0 && srm.statistic !== Infinity ) {
		lines.push( 'Sample ratio: not testable, the design has one group with a weight above 0.' );
		return lines.join( '\n' );
	}
	const statistic = srm.statistic === Infinity ? '∞ (subjects in a group of weight 0)' : srm.statistic.toFixed( 2 );
	lines.push( `Sample ratio over the ${ report.groups.length } declared groups: chi-square ${ statistic } (df ${ srm.df }), p = ${ srm.p < 1e-4 ? srm.p.toExponential( 2 ) : srm.p.toFixed( 4 ) }` +
		( srm.mismatch ? ' — SAMPLE RATIO MISMATCH (p < 0.001): the groups are not the sizes they should be; do not trust the comparison.' : ' — no mismatch.' ) );
	return lines.join( '\n' );
}
