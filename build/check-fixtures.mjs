#!/usr/bin/env node
/**
 * Fails unless every file in tests/fixtures has a known source: a generator in build/
 * (generate-*-vectors.mjs, which names the file it writes; `generate-fixtures.mjs --check` compares
 * its output with the committed file), or an entry in SOURCES below for vectors that are their own
 * source (each case and its expected value written by hand, with a note) or are copied from upstream.
 * So a fixture made by a script that is not in the repository cannot be added unnoticed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve( path.dirname( fileURLToPath( import.meta.url ) ), '..' );

/** Fixtures that no script writes (paths under tests/fixtures), and where they come from. */
export const SOURCES = {
	'attributes.json': 'hand-written cases, each with its note and expected attributes',
	'curation.json': 'hand-written cases, each with its note and expected verdict',
	'datahub-mcp.schema.json': 'hand-written JSON Schema of DataHub\'s metadata change proposal file, from DataHub\'s PDL models (its $comment names them)',
	'events.json': 'hand-written call sequences, each with its note and expected events',
	'experiments.json': 'hand-written cases, each with its note and expected outcome',
	'privacy.json': 'hand-written from the rule (its description says so), each case with its note',
	'upstream-consistency/README.md': 'describes the upstream files beside it',
	'upstream-consistency/expected_event.json': 'copied from the Wikimedia metrics-platform library, tests/consistency/',
	'upstream-consistency/integration_data.json': 'copied from the Wikimedia metrics-platform library, tests/consistency/',
	'upstream-consistency/stream_configs.json': 'copied from the Wikimedia metrics-platform library, tests/consistency/'
};

function listFiles( dir, prefix = '' ) {
	return readdirSync( path.join( dir, prefix ), { withFileTypes: true } ).flatMap( ( e ) => {
		const rel = prefix ? `${ prefix }/${ e.name }` : e.name;
		return e.isDirectory() ? listFiles( dir, rel ) : [ rel ];
	} ).sort();
}

const generated = {};
for ( const g of readdirSync( path.join( root, 'build' ) ).filter( ( f ) => /^generate-.+-vectors\.mjs$/.test( f ) ) ) {
	for ( const m of readFileSync( path.join( root, 'build', g ), 'utf8' ).matchAll( /tests\/fixtures\/([\w./-]+\.json)/g ) ) {
		generated[ m[ 1 ] ] = `build/${ g }`;
	}
}
const present = listFiles( path.join( root, 'tests/fixtures' ) );
const problems = [
	...present.filter( ( f ) => !generated[ f ] && !SOURCES[ f ] )
		.map( ( f ) => `tests/fixtures/${ f }: no known source (a build/generate-*-vectors.mjs that writes it, or an entry in SOURCES of build/check-fixtures.mjs)` ),
	...Object.keys( SOURCES ).filter( ( f ) => !present.includes( f ) )
		.map( ( f ) => `tests/fixtures/${ f }: listed in build/check-fixtures.mjs but missing` ),
	...Object.keys( SOURCES ).filter( ( f ) => generated[ f ] )
		.map( ( f ) => `tests/fixtures/${ f }: written by ${ generated[ f ] }, so not hand-written: remove it from SOURCES` )
];
if ( problems.length ) {
	console.error( problems.join( '\n' ) );
	process.exitCode = 1;
} else {
	const count = present.filter( ( f ) => generated[ f ] ).length;
	console.log( `Fixtures: ${ present.length } files, each with a known source (${ count } written by generators in build/, ${ present.length - count } hand-written or from upstream).` );
}
