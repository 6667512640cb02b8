#!/usr/bin/env node
/**
 * Fails unless every file in tests/fixtures has a known source, and every generated one is exactly
 * what its generator (in build/) writes: the generators run in a temporary copy of the working tree
 * and their output is compared byte for byte. A new fixture needs an entry in FIXTURES.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve( path.dirname( fileURLToPath( import.meta.url ) ), '..' );

/**
 * Where each fixture comes from (paths under tests/fixtures): `generator`, a script in build/ that
 * writes it, computing expected values independently of the clients; or `source`, for vectors that
 * are the source themselves (each case and its expected value written by hand, with a note) or are
 * copied from upstream.
 */
export const FIXTURES = {
	'assignment.json': { generator: 'build/generate-assignment-vectors.mjs' },
	'sampling.json': { generator: 'build/generate-sampling-vectors.mjs' },
	'string-lengths.json': { generator: 'build/generate-string-length-vectors.mjs' },
	'attributes.json': { source: 'hand-written cases, each with its note and expected attributes' },
	'curation.json': { source: 'hand-written cases, each with its note and expected verdict' },
	'events.json': { source: 'hand-written call sequences, each with its note and expected events' },
	'experiments.json': { source: 'hand-written cases, each with its note and expected outcome' },
	'upstream-consistency/README.md': { source: 'describes the upstream files beside it' },
	'upstream-consistency/expected_event.json': { source: 'copied from the Wikimedia metrics-platform library, tests/consistency/' },
	'upstream-consistency/integration_data.json': { source: 'copied from the Wikimedia metrics-platform library, tests/consistency/' },
	'upstream-consistency/stream_configs.json': { source: 'copied from the Wikimedia metrics-platform library, tests/consistency/' }
};

function listFiles( dir, prefix = '' ) {
	return readdirSync( path.join( dir, prefix ), { withFileTypes: true } ).flatMap( ( e ) => {
		const rel = prefix ? `${ prefix }/${ e.name }` : e.name;
		return e.isDirectory() ? listFiles( dir, rel ) : [ rel ];
	} ).sort();
}

const problems = [];
const fixturesDir = path.join( root, 'tests/fixtures' );
const present = listFiles( fixturesDir );
for ( const f of present.filter( ( x ) => !FIXTURES[ x ] ) ) {
	problems.push( `tests/fixtures/${ f }: no known source (add its generator, in build/, to FIXTURES in build/check-fixtures.mjs)` );
}
for ( const f of Object.keys( FIXTURES ).filter( ( x ) => !present.includes( x ) ) ) {
	problems.push( `tests/fixtures/${ f }: listed in build/check-fixtures.mjs but missing` );
}

const generators = [ ...new Set( Object.values( FIXTURES ).map( ( s ) => s.generator ).filter( Boolean ) ) ];
const tmp = mkdtempSync( path.join( os.tmpdir(), 'mp-fixtures-' ) );
try {
	const files = execFileSync( 'git', [ 'ls-files', '-z', '--cached', '--others', '--exclude-standard' ], { cwd: root, encoding: 'utf8' } )
		.split( '\0' ).filter( ( f ) => f && existsSync( path.join( root, f ) ) );
	for ( const f of files ) {
		mkdirSync( path.dirname( path.join( tmp, f ) ), { recursive: true } );
		copyFileSync( path.join( root, f ), path.join( tmp, f ) );
	}
	// The generators' own dependencies (js-yaml…), as in the repository.
	symlinkSync( path.join( root, 'node_modules' ), path.join( tmp, 'node_modules' ) );
	for ( const g of generators ) {
		const outputs = Object.keys( FIXTURES ).filter( ( f ) => FIXTURES[ f ].generator === g );
		// The copy's fixtures go, so that a generator that writes nothing is caught too.
		outputs.forEach( ( f ) => rmSync( path.join( tmp, 'tests/fixtures', f ), { force: true } ) );
		const r = spawnSync( process.execPath, [ path.join( tmp, g ) ], { cwd: tmp, encoding: 'utf8' } );
		if ( r.status !== 0 ) {
			problems.push( `${ g } failed: ${ r.stderr }` );
			continue;
		}
		for ( const f of outputs ) {
			const made = path.join( tmp, 'tests/fixtures', f );
			if ( !existsSync( made ) || !readFileSync( made ).equals( readFileSync( path.join( fixturesDir, f ) ) ) ) {
				problems.push( `tests/fixtures/${ f } is not what ${ g } writes: run it and commit the result` );
			}
		}
	}
} finally {
	rmSync( tmp, { recursive: true, force: true } );
}
if ( problems.length ) {
	console.error( problems.join( '\n' ) );
	process.exitCode = 1;
} else {
	console.log( `Fixtures: ${ present.length } files, each with a known source; ${ generators.length } generators reproduce theirs exactly.` );
}
