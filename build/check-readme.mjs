#!/usr/bin/env node
/**
 * Runs README.md's code blocks as written, so that the README cannot drift from the product:
 * in a fresh folder outside the repository (a copy of the working tree named MetricsPlatform, as a
 * clone would be, with nothing installed), every `bash` and `js` block runs in README order in one
 * shell (`cd` carries over; `js` blocks run with Node in the shell's current folder). Blocks that
 * cannot run here say so on the line before them, and are only checked for syntax:
 *
 *     <!-- readme-check: not run (why) -->                   bash -n, node --check
 *     <!-- readme-check: background until "some text" -->    runs in the background (another terminal),
 *                                                              the next block waits for that output
 *
 * `php` blocks are LocalSettings.php or extension code, checked with php -l; `json` blocks must
 * parse (a `"name": {…}` member alone is read inside braces). After the run, the off-wiki example's
 * events must be in the local intake's store, and the example must report nothing unsent.
 *
 * better-sqlite3 (the intake's SQLite) is installed from a prebuilt binary, as npm users get it:
 * here prebuild-install's documented local-prebuilds folder holds the binary built for this
 * repository's node_modules (the same version), instead of GitHub's download — nothing is compiled.
 * Runs take a lock, since the example's intake listens on the README's port.
 * Prints TAP and "N passed, N failed".
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve( path.dirname( fileURLToPath( import.meta.url ) ), '..' );
const require = createRequire( import.meta.url );
const MARK = /^<!-- readme-check: (not run|background until "([^"]*)").*-->$/;

/**
 * The fenced blocks of a Markdown text.
 *
 * @param {string} markdown
 * @return {{ line: number, lang: string, code: string, mode: string, ready: string|null }[]}
 */
export function codeBlocks( markdown ) {
	const lines = markdown.split( '\n' );
	const blocks = [];
	for ( let i = 0; i < lines.length; i++ ) {
		const open = /^```(\w*)/.exec( lines[ i ] );
		if ( !open ) {
			continue;
		}
		const end = lines.indexOf( '```', i + 1 );
		const mark = i > 0 ? MARK.exec( lines[ i - 1 ].trim() ) : null;
		blocks.push( {
			line: i + 1,
			lang: open[ 1 ],
			code: lines.slice( i + 1, end ).join( '\n' ) + '\n',
			mode: !mark ? 'run' : mark[ 1 ] === 'not run' ? 'syntax' : 'background',
			ready: mark && mark[ 2 ] ? mark[ 2 ] : null
		} );
		i = end;
	}
	return blocks;
}

const tmp = mkdtempSync( path.join( os.tmpdir(), 'mp-readme-' ) );
const results = [];
const report = ( ok, name, detail ) => {
	results.push( ok );
	console.log( `${ ok ? 'ok' : 'not ok' } ${ results.length } - ${ name }${ !ok && detail ? `\n  # ${ detail.trim().split( '\n' ).slice( -15 ).join( '\n  # ' ) }` : '' }` );
};

/**
 * @param {Object} block
 * @return {string|null} why the block's syntax is wrong, or null
 */
function syntaxProblem( block ) {
	const file = path.join( tmp, `syntax-${ block.line }` );
	const check = ( cmd, args ) => {
		const r = spawnSync( cmd, args, { encoding: 'utf8' } );
		return r.status === 0 ? null : ( r.stderr || r.stdout );
	};
	switch ( block.lang ) {
		case 'bash':
			writeFileSync( file, block.code );
			return check( 'bash', [ '-n', file ] );
		case 'js':
			writeFileSync( file + '.js', block.code );
			return check( process.execPath, [ '--check', file + '.js' ] );
		case 'php':
			writeFileSync( file, '<?php\n' + block.code );
			return check( 'php', [ '-l', file ] );
		case 'json':
			try {
				JSON.parse( block.code.trim().startsWith( '"' ) ? `{${ block.code }}` : block.code );
				return null;
			} catch ( e ) {
				return e.message;
			}
		default:
			return null;
	}
}

/**
 * The README's runnable blocks as one bash script; each block ends by printing its marker.
 *
 * @param {Object[]} blocks from codeBlocks(), in order
 * @param {string} clone the folder the script starts in
 * @return {string}
 */
function script( blocks, clone ) {
	const lines = [
		'set -euo pipefail',
		'exec 9>"${TMPDIR:-/tmp}/metrics-platform-readme.lock"',
		'flock -w 900 9',
		`trap 'for g in $(cat "${ tmp }/background" 2>/dev/null); do kill -- -"$g" 2>/dev/null || true; done' EXIT`,
		`cd ${ JSON.stringify( clone ) }`
	];
	for ( const b of blocks ) {
		const file = path.join( tmp, `block-${ b.line }` );
		writeFileSync( file, b.code );
		if ( b.lang === 'js' ) {
			// From stdin, so that require() resolves from the current folder, as in a project's script.
			lines.push( `node < ${ JSON.stringify( file ) }` );
		} else if ( b.mode === 'background' ) {
			const log = file + '.log';
			lines.push(
				`setsid bash ${ JSON.stringify( file ) } > ${ JSON.stringify( log ) } 2>&1 &`,
				`echo $! >> ${ JSON.stringify( path.join( tmp, 'background' ) ) }`,
				// Waiting for a server to be ready (not a proof that something did not happen).
				`for i in $(seq 600); do grep -qF ${ JSON.stringify( b.ready ) } ${ JSON.stringify( log ) } && break; sleep 0.1; done`,
				`grep -qF ${ JSON.stringify( b.ready ) } ${ JSON.stringify( log ) } || { cat ${ JSON.stringify( log ) }; exit 1; }`
			);
		} else {
			lines.push( `source ${ JSON.stringify( file ) }` );
		}
		lines.push( `echo "@@readme-block-done ${ b.line }"` );
	}
	return lines.join( '\n' ) + '\n';
}

/**
 * A copy of the working tree as a clone has it: tracked and new files, no node_modules.
 *
 * @param {string} clone
 */
function copyWorkingTree( clone ) {
	const files = execFileSync( 'git', [ 'ls-files', '-z', '--cached', '--others', '--exclude-standard' ], { cwd: root, encoding: 'utf8' } )
		.split( '\0' ).filter( ( f ) => f && existsSync( path.join( root, f ) ) );
	for ( const f of files ) {
		mkdirSync( path.dirname( path.join( clone, f ) ), { recursive: true } );
		copyFileSync( path.join( root, f ), path.join( clone, f ) );
	}
	return files.length;
}

/** prebuild-install's local-prebuilds folder with this repository's better-sqlite3 binary. */
function localPrebuilds() {
	const pkg = require( 'better-sqlite3/package.json' );
	const dir = path.join( tmp, 'prebuilds' );
	mkdirSync( dir );
	const name = `better-sqlite3-v${ pkg.version }-node-v${ process.versions.modules }-${ process.platform }-${ process.arch }.tar.gz`;
	execFileSync( 'tar', [ '-czf', path.join( dir, name ), '-C', path.dirname( require.resolve( 'better-sqlite3/package.json' ) ), 'build/Release/better_sqlite3.node' ] );
	return dir;
}

try {
	const blocks = codeBlocks( readFileSync( path.join( root, 'README.md' ), 'utf8' ) );
	for ( const b of blocks.filter( ( x ) => x.mode === 'syntax' || x.lang === 'php' || x.lang === 'json' ) ) {
		const problem = syntaxProblem( b );
		report( !problem, `README line ${ b.line }: ${ b.lang } block, syntax`, problem );
	}
	const runnable = blocks.filter( ( b ) => ( b.lang === 'bash' || b.lang === 'js' ) && b.mode !== 'syntax' );
	const clone = path.join( tmp, 'MetricsPlatform' );
	console.log( `# copied ${ copyWorkingTree( clone ) } files to ${ clone }; running ${ runnable.length } blocks there` );
	writeFileSync( path.join( tmp, 'run.sh' ), script( runnable, clone ) );
	const env = Object.assign( {}, process.env, {
		npm_config_better_sqlite3_local_prebuilds: localPrebuilds(),
		npm_config_audit: 'false',
		npm_config_fund: 'false',
		npm_config_update_notifier: 'false',
		npm_config_prefer_offline: 'true'
	} );
	const run = spawnSync( 'bash', [ path.join( tmp, 'run.sh' ) ], { cwd: tmp, env, encoding: 'utf8', timeout: 900000 } );
	const output = ( run.stdout || '' ) + ( run.stderr || '' );
	const done = new Set( [ ...output.matchAll( /^@@readme-block-done (\d+)$/gm ) ].map( ( m ) => Number( m[ 1 ] ) ) );
	for ( const b of runnable ) {
		report( done.has( b.line ), `README line ${ b.line }: ${ b.lang } block, run${ b.mode === 'background' ? ' (in the background)' : '' }`,
			done.has( b.line ) ? '' : output.replace( /^@@readme-block-done.*\n/gm, '' ) );
	}
	// What the off-wiki example must have done: every event stored by the local intake, none left.
	const store = path.join( tmp, 'my-app/events.sqlite' );
	let stored = 0;
	if ( existsSync( store ) ) {
		// Read through the intake's own store API (what `mp-intake` serves on its read side).
		const sink = require( path.join( root, 'intake/dist/intake.js' ) ).createSqliteSink( store );
		stored = ( await sink.recent( 'mywiki.clicks', 100 ) ).length;
		await sink.close();
	}
	report( stored === 5 && /^0 event\(s\) unsent$/m.test( output ), 'the off-wiki example: its 5 events are in the intake\'s store, 0 unsent',
		`${ stored } stored; output:\n${ output.replace( /^@@readme-block-done.*\n/gm, '' ) }` );
} finally {
	rmSync( tmp, { recursive: true, force: true } );
}
const passed = results.filter( Boolean ).length;
console.log( `${ passed } passed, ${ results.length - passed } failed` );
process.exitCode = passed === results.length ? 0 : 1;
