#!/usr/bin/env node
/**
 * `npm test`: everything a newcomer needs to trust a change, in order: the freshness of the
 * built files, their size budgets, the fixtures' sources, PHP 7.4 syntax, lint and banana, type
 * checks (the core without DOM types), the QUnit suites (core, adapters, intake, fault tests against
 * the real intake), the JSON contract in PHP, PHPUnit, the README's code blocks, and the end-to-end
 * runs (the demo, and a real MediaWiki 1.39) where PHP, MediaWiki and Chromium are installed.
 * Ends with one line "N passed, N failed, N skipped" (QUnit tests plus one per check stage; a suite
 * whose needs are not installed counts as skipped, and so does a skipped test), then the names of
 * the skipped suites. With E2E_REQUIRED set (.ci/run sets it), any skip fails the run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve( path.dirname( fileURLToPath( import.meta.url ) ), '..' );
const node = process.execPath;
const bin = ( p ) => path.join( root, 'node_modules', p );

const stages = [
	[ 'freshness of the built files', [ node, 'build/check-fresh.mjs' ] ],
	[ 'the fixtures are what their generators write', [ node, 'build/generate-fixtures.mjs', '--check' ] ],
	[ 'every fixture has a known source (a generator in build/, or hand-written / upstream)', [ node, 'build/check-fixtures.mjs' ] ],
	[ 'size budgets of the ResourceLoader modules', [ node, 'build/check-budgets.mjs' ] ],
	[ 'PHP syntax and functions of PHP 7.4.3, the version extension.json requires', [ node, 'build/check-php74.mjs' ] ],
	[ 'lint and banana (grunt test)', [ node, bin( 'grunt/bin/grunt' ), '--gruntfile', 'Gruntfile.cjs', 'test' ] ],
	[ 'type check', [ node, bin( 'typescript/bin/tsc' ), '-p', 'tsconfig.json' ] ],
	[ 'type check of the pure core (no DOM, no Node)', [ node, bin( 'typescript/bin/tsc' ), '-p', 'tsconfig.core.json' ] ]
];

/** A stage's exit status for "skipped: what it needs is not installed" (as automake's tests use it). */
const SKIPPED_STATUS = 77;
let passed = 0;
let failed = 0;
let skipped = 0;
/** Names of the suites skipped, for the closing lines. */
const skippedSuites = [];
/** A suite's closing line: "N passed, N failed" and optionally ", N skipped". */
const SUMMARY = /^(\d+) passed, (\d+) failed(, \d+ skipped|)$/m;
/**
 * @param {string[]} m a SUMMARY match
 * @return {number} its skipped count (0 when the suite does not say)
 */
const skippedOf = ( m ) => Number( m[ 3 ].replace( /\D/g, '' ) || 0 );
for ( const [ name, [ cmd, ...args ] ] of stages ) {
	process.stdout.write( `# ${ name }\n` );
	const r = spawnSync( cmd, args, { cwd: root, stdio: 'inherit' } );
	if ( r.status === 0 ) {
		passed++;
	} else if ( r.status === SKIPPED_STATUS ) {
		// The stage's needs are not installed (it said which); E2E_REQUIRED makes it fail instead.
		skipped++;
		skippedSuites.push( name );
	} else {
		failed++;
		console.log( `not ok - ${ name }` );
	}
}

process.stdout.write( '# QUnit suites\n' );
const q = spawnSync( node, [ 'tests/node/run.mjs' ], { cwd: root, encoding: 'utf8', stdio: [ 'inherit', 'pipe', 'inherit' ] } );
const out = q.stdout || '';
process.stdout.write( out.replace( SUMMARY, '' ) );
const summary = SUMMARY.exec( out );
if ( summary ) {
	passed += Number( summary[ 1 ] );
	failed += Number( summary[ 2 ] );
	skipped += skippedOf( summary );
	if ( skippedOf( summary ) ) {
		skippedSuites.push( `${ skippedOf( summary ) } QUnit test(s)` );
	}
}
if ( !summary || ( q.status !== 0 && !Number( summary[ 2 ] ) ) ) {
	// Where it stopped, as tests/node/run.mjs keeps it (a process killed by a signal cannot say).
	let where = '';
	try {
		const at = JSON.parse( readFileSync( path.join( root, '.cache/tests/progress.json' ), 'utf8' ) );
		where = `; ${ at.current ? `during "${ at.current }"` : 'between tests' }, last finished: "${ at.lastFinished }"`;
	} catch ( e ) {
		// No test had started.
	}
	console.log( `not ok - QUnit suites: ${ summary ? 'exit status ' + q.status + ' with no failed test' : 'no closing "N passed, N failed" line' } (exit status ${ q.status }, signal ${ q.signal || 'none' }${ where })` );
	failed++;
}

/**
 * Runs a suite that prints its own "N passed, N failed[, N skipped]" and adds its counts; a suite
 * whose needs are not installed is skipped (counted, and named at the end).
 *
 * @param name
 * @param needs
 * @param cmd
 * @param args
 * @param env variables to set for it
 */
function suite( name, needs, cmd, args, env = {} ) {
	const missing = needs.filter( ( p ) => !existsSync( p ) );
	if ( missing.length ) {
		console.log( `# ${ name } skipped: ${ missing.join( ', ' ) } not installed (see .ci/run for the apt packages)` );
		skipped++;
		skippedSuites.push( name );
		return;
	}
	process.stdout.write( `# ${ name }\n` );
	const r = spawnSync( cmd, args, { cwd: root, encoding: 'utf8', stdio: [ 'inherit', 'pipe', 'inherit' ], env: Object.assign( {}, process.env, env ) } );
	process.stdout.write( ( r.stdout || '' ).replace( SUMMARY, '' ) );
	const m = SUMMARY.exec( r.stdout || '' );
	passed += m ? Number( m[ 1 ] ) : 0;
	failed += m ? Number( m[ 2 ] ) : 0;
	if ( !m || ( r.status !== 0 && !Number( m[ 2 ] ) ) ) {
		// A suite that crashed, or failed without saying which test: one failure, named.
		console.log( `not ok - ${ name }: ${ m ? 'exit status ' + r.status + ' with no failed test' : 'no closing "N passed, N failed" line' } (signal ${ r.signal || 'none' })` );
		failed++;
	}
	if ( m && skippedOf( m ) ) {
		skipped += skippedOf( m );
		skippedSuites.push( `${ skippedOf( m ) } of ${ name }` );
	}
}

const chromium = process.env.CHROMIUM || '/usr/bin/chromium';
suite( 'the JSON contract in PHP', [ '/usr/bin/php' ], 'php', [ 'tests/php/contract.php' ] );
suite( 'wiki safety in PHP (enrolment parsers fuzzed, privacy rule, event encoding, POST deadline)', [ '/usr/bin/php' ], 'php', [ 'tests/php/safety.php' ] );
// Dates in definitions must name the same instant whatever the process time zone: the date vectors
// (tests/fixtures/dates.json) once more in each language under time zones from −08:00 to +13:45.
for ( const tz of [ 'UTC', 'America/Los_Angeles', 'Asia/Kolkata', 'Pacific/Chatham' ] ) {
	suite( `date vectors in TypeScript under TZ=${ tz }`, [], node, [ 'tests/node/run.mjs', 'contract/dates' ], { TZ: tz } );
	suite( `date vectors in PHP under date.timezone=${ tz }`, [ '/usr/bin/php' ], 'php', [ '-d', `date.timezone=${ tz }`, 'tests/php/dates.php' ], { TZ: tz } );
}
suite( 'PHPUnit (tests/phpunit; the MediaWiki suite in a throwaway MediaWiki 1.39)', [ '/usr/bin/php', '/usr/bin/phpunit' ], node, [ 'build/phpunit.mjs' ] );
suite( 'the README\'s code blocks, run as written in a fresh folder (build/check-readme.mjs)', [ '/usr/bin/php', '/usr/bin/flock', '/usr/bin/setsid' ], node, [ 'build/check-readme.mjs' ] );
suite( 'end to end: the demo in Chromium', [ chromium ], node, [ 'tests/e2e/demo.e2e.mjs' ] );
suite( 'end to end: MediaWiki 1.39 in Chromium', [ chromium, '/usr/bin/php', '/usr/share/mediawiki/maintenance/install.php' ], node, [ 'tests/e2e/mediawiki.e2e.mjs' ] );
suite( 'the control plane\'s save rules in PHP', [ '/usr/bin/php', '/usr/share/mediawiki/vendor/autoload.php' ], 'php', [ 'tests/php/controlplane.php' ] );
suite( 'end to end: the control plane in MediaWiki 1.39 and Chromium', [ chromium, '/usr/bin/php', '/usr/share/mediawiki/maintenance/install.php' ], node, [ 'tests/e2e/controlplane.e2e.mjs' ] );
suite( 'end to end: the inspector in MediaWiki 1.39 and Chromium', [ chromium, '/usr/bin/php', '/usr/share/mediawiki/maintenance/install.php' ], node, [ 'tests/e2e/inspector.e2e.mjs' ] );

if ( skippedSuites.length ) {
	console.log( `# skipped: ${ skippedSuites.join( '; ' ) }` );
	if ( process.env.E2E_REQUIRED ) {
		console.log( 'not ok - E2E_REQUIRED is set and something was skipped' );
		failed++;
	}
}
console.log( `${ passed } passed, ${ failed } failed, ${ skipped } skipped` );
process.exitCode = failed ? 1 : 0;
