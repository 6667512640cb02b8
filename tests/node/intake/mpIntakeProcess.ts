/**
 * Runs the real `mp-intake` command (intake/bin, the built intake/dist) on a free loopback port,
 * with its SQLite store in a temporary folder.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve( __dirname, '../../..' );

/** A running mp-intake process. */
export interface IntakeProcess {
	child: ChildProcess;
	url: string;
	/** The SQLite store. */
	store: string;
	/** Everything it printed. */
	output: () => string;
	/** Resolves with the exit code (null when killed by a signal). */
	exited: Promise<number | null>;
	/** Removes the temporary folder (after the process has exited). */
	cleanUp: () => void;
}

/**
 * @param streams the stream configs
 * @param args more arguments
 * @param nodeArgs arguments for node itself (e.g. --max-old-space-size)
 */
export function startIntakeProcess( streams: unknown, args: string[] = [], nodeArgs: string[] = [] ): Promise<IntakeProcess> {
	const dir = mkdtempSync( path.join( os.tmpdir(), 'mp-intake-test-' ) );
	const streamsFile = path.join( dir, 'streams.json' );
	writeFileSync( streamsFile, JSON.stringify( streams ) );
	const store = path.join( dir, 'events.sqlite' );
	const child = spawn( process.execPath, [ ...nodeArgs, path.join( ROOT, 'intake/bin/mp-intake.cjs' ), '--port', '0', '--streams', streamsFile, '--store', store, ...args ], { stdio: [ 'ignore', 'pipe', 'pipe' ] } );
	let output = '';
	// A test that timed out never reaches its clean-up: the process must not outlive the test run.
	const killOnExit = (): void => {
		child.kill( 'SIGKILL' );
	};
	process.on( 'exit', killOnExit );
	const exited = new Promise<number | null>( ( resolve ) => {
		child.on( 'exit', ( code ) => {
			process.off( 'exit', killOnExit );
			resolve( code );
		} );
	} );
	return new Promise( ( resolve, reject ) => {
		const onData = ( chunk: Buffer ): void => {
			output += chunk;
			const m = /listening on (http:\/\/\S+)/.exec( output );
			if ( m ) {
				child.stdout!.off( 'data', onData );
				child.stdout!.on( 'data', ( c ) => {
					output += c;
				} );
				resolve( { child, url: m[ 1 ], store, output: () => output, exited, cleanUp: () => rmSync( dir, { recursive: true, force: true } ) } );
			}
		};
		child.stdout!.on( 'data', onData );
		child.stderr!.on( 'data', ( c ) => {
			output += c;
		} );
		exited.then( ( code ) => reject( new Error( `mp-intake exited with ${ code }: ${ output }` ) ) );
	} );
}
