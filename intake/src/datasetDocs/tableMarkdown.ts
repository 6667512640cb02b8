import { checkLabel } from '../quality/checkResult';
import type { DocumentedTable } from './documentedTable';

/**
 * Text for one Markdown table cell: `&`, `<` and `>` as entities (a description, an owner or a value
 * an event sent is never HTML where the Markdown is rendered: DataHub, a code host), `|` escaped, line
 * breaks as spaces.
 *
 * @param text
 */
function cell( text: string ): string {
	return text.replace( /&/g, '&amp;' ).replace( /</g, '&lt;' ).replace( />/g, '&gt;' )
		.replace( /\\/g, '\\\\' ).replace( /\|/g, '\\|' ).replace( /\s*[\r\n]+\s*/g, ' ' );
}

/**
 * Inline code: backticks in the text are left out (names here never need them); `|` escaped, as a
 * table cell splits at it even inside code.
 *
 * @param text
 */
function code( text: string ): string {
	return '`' + text.replace( /`/g, '' ).replace( /\|/g, '\\|' ) + '`';
}

const PRIVACY_WORDS = {
	keep: 'keep',
	hash: 'hash (keyed HMAC; never stored in clear)',
	drop: 'drop (nulled after retention)',
};

/**
 * The retention in words.
 *
 * @param days
 * @param drops the `drop` columns, as code
 */
function retention( days: number | null, drops: string[] ): string {
	if ( days === null ) {
		return 'not known here (the stream definitions were not given)';
	}
	return `raw events ${ days } days${ drops.length ? `; ${ drops.join( ', ' ) } nulled after ${ days } days` : '' }`;
}

/**
 * The dataset documentation of one table, in Markdown: purpose, owner, lineage (stream → raw store
 * → table), retention, the fields (type, source path, privacy tag, description) and the latest
 * check results. Generated from the definitions, the schema and the results table, never by hand.
 *
 * @param doc the table
 */
export function tableMarkdown( doc: DocumentedTable ): string {
	const drops = doc.columns.filter( ( c ) => c.privacy === 'drop' ).map( ( c ) => code( c.name ) );
	const hashes = doc.columns.filter( ( c ) => c.privacy === 'hash' ).map( ( c ) => code( c.name ) );
	const lines = [
		`# ${ doc.table }`,
		'',
		doc.purpose ? cell( doc.purpose ) : '_No purpose given in the table definition._',
		'',
		'| | |',
		'| --- | --- |',
		`| Owner | ${ doc.owner ? cell( doc.owner ) : 'not given' } |`,
		`| Lineage | stream ${ code( doc.stream ) } (schema ${ code( doc.schemaId ) }) → raw events (${ code( 'events' ) }) → table ${ code( doc.table ) }, written in the same transaction as each accepted event |`,
		`| Retention | ${ retention( doc.retentionDays, drops ) }${ hashes.length ? `; ${ hashes.join( ', ' ) } stored only as keyed hashes` : '' } |`,
		`| Rows | ${ doc.dedupe ? 'one per meta.id' : 'one per event received (not de-duplicated)' }${ doc.partition === 'day' ? ', partitioned by day (UTC)' : '' } |`,
		'',
		'## Fields',
		'',
		'| column | type | from | privacy | description |',
		'| --- | --- | --- | --- | --- |',
	];
	for ( const c of doc.columns ) {
		lines.push( `| ${ code( c.name ) } | ${ c.type } | ${ c.path ? code( c.path ) : '—' } | ${ c.privacy ? PRIVACY_WORDS[ c.privacy ] : 'system' } | ${ cell( c.description ) } |` );
	}
	lines.push( '', '## Latest checks', '' );
	if ( !doc.checks.length ) {
		lines.push( '_Not checked yet (run `mp-quality`, or start mp-intake with `--quality-every`)._' );
	} else {
		lines.push( `Run at ${ doc.checks[ 0 ].checkedAt }.`, '', '| status | check | observed | expected |', '| --- | --- | --- | --- |' );
		for ( const r of doc.checks ) {
			lines.push( `| ${ r.status } | ${ code( checkLabel( r ) ) } | ${ cell( r.observed ) } | ${ cell( r.threshold ) } |` );
		}
	}
	return lines.join( '\n' ) + '\n';
}
