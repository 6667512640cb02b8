#!/usr/bin/env node
/**
 * Runs the PHPUnit suites (tests/phpunit, Debian's `phpunit`): the core suite in plain PHP, and the
 * MediaWiki suite in a throwaway MediaWiki 1.39 wiki made by tests/e2e/mediawiki/setup-wiki.sh (no
 * web server needed). Without MediaWiki installed, the MediaWiki suite's tests are skipped, and
 * counted as skipped. Prints PHPUnit's output and a closing line "N passed, N failed, N skipped".
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve( path.dirname( fileURLToPath( import.meta.url ) ), '..' );
const tmp = mkdtempSync( path.join( os.tmpdir(), 'mp-phpunit-' ) );
try {
	const env = Object.assign( {}, process.env );
	if ( existsSync( '/usr/share/mediawiki/maintenance/install.php' ) ) {
		const started = Date.now();
		// Ports are not used: nothing is served, the wiki is only set up.
		const setup = spawnSync( 'bash', [ path.join( root, 'tests/e2e/mediawiki/setup-wiki.sh' ), tmp, '1', '1' ], { encoding: 'utf8' } );
		if ( setup.status !== 0 ) {
			throw new Error( `setting up the wiki failed: ${ setup.stderr }` );
		}
		env.MW_LOCALSETTINGS = setup.stdout.trim().split( '\n' ).pop();
		console.log( `# wiki set up in ${ Date.now() - started } ms` );
	}
	const junit = path.join( tmp, 'junit.xml' );
	const run = spawnSync( 'phpunit', [ '-c', path.join( root, 'tests/phpunit/phpunit.xml' ), '--log-junit', junit ], { cwd: root, env, encoding: 'utf8' } );
	process.stdout.write( ( run.stdout || '' ).replace( /^/gm, '# ' ) + '\n' );
	process.stderr.write( run.stderr || '' );
	const top = existsSync( junit ) ? /<testsuite [^>]*>/.exec( readFileSync( junit, 'utf8' ) ) : null;
	const attributes = {};
	for ( const [ , name, value ] of top ? top[ 0 ].matchAll( / (\w+)="(\d+)"/g ) : [] ) {
		attributes[ name ] = Number( value );
	}
	const count = ( name ) => attributes[ name ] || 0;
	// No report at all (PHPUnit did not run) is one failure.
	const failed = top ? count( 'failures' ) + count( 'errors' ) : 1;
	const skipped = count( 'skipped' );
	console.log( `${ count( 'tests' ) - failed - skipped + ( top ? 0 : 1 ) } passed, ${ failed } failed, ${ skipped } skipped` );
	process.exitCode = failed || run.status !== 0 ? 1 : 0;
} finally {
	rmSync( tmp, { recursive: true, force: true } );
}
