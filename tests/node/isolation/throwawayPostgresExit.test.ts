/**
 * A throwaway PostgreSQL cluster does not outlive the process that started it. pg_ctl starts the
 * server detached, so a test that timed out or crashed before its stop() left servers running after
 * the test run (five were found on the development machine in one afternoon).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { processAlive } from '../../../intake/src/processAlive';
import { postgresBinDir } from '../throwawayPostgres';

const test = postgresBinDir() ? QUnit.test : QUnit.skip;

/**
 * Whether a process still exists after waiting up to `ms` for it to end (pg_ctl stop returns once the
 * pid file is gone, the process ends a moment later).
 *
 * @param pid the process
 * @param ms how long to wait for it, in milliseconds
 * @return whether it is still there
 */
function aliveAfter( pid: number, ms: number ): boolean {
	const until = Date.now() + ms;
	while ( processAlive( pid ) && Date.now() < until ) {
		spawnSync( 'sleep', [ '0.05' ] );
	}
	return processAlive( pid );
}

QUnit.module( 'throwaway PostgreSQL', () => {
	test( 'a process that ends without calling stop() takes its cluster with it', ( assert ) => {
		const work = mkdtempSync( path.join( os.tmpdir(), 'mp-pg-exit-' ) );
		const script = path.join( work, 'leave.cjs' );
		// The child starts a cluster, prints where it is and the server's pid, and exits without stop().
		buildSync( {
			stdin: {
				contents: `import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startThrowawayPostgres } from ${ JSON.stringify( path.resolve( 'tests/node/throwawayPostgres.ts' ) ) };
startThrowawayPostgres( { fsync: 'off' } ).then( ( pg ) => {
	const pid = readFileSync( path.join( pg.dataDir, 'postmaster.pid' ), 'utf8' ).split( '\\n' )[ 0 ];
	process.stdout.write( JSON.stringify( { dataDir: pg.dataDir, pid: Number( pid ) } ) );
	process.exit( 0 );
} );`,
				resolveDir: process.cwd(),
				loader: 'ts',
			},
			bundle: true,
			packages: 'external',
			platform: 'node',
			format: 'cjs',
			outfile: script,
			logLevel: 'silent',
		} );
		const child = spawnSync( process.execPath, [ script ], {
			encoding: 'utf8', timeout: 90000, env: Object.assign( {}, process.env, { NODE_PATH: path.resolve( 'node_modules' ) } ),
		} );
		let started: { dataDir: string; pid: number } | null = null;
		try {
			started = JSON.parse( child.stdout );
		} catch ( e ) {
			assert.pushResult( { result: false, actual: child.stdout + child.stderr, expected: 'the cluster\'s data folder and pid', message: 'the child started a cluster' } );
		}
		if ( started ) {
			assert.true( started.pid > 0, 'the child read the server\'s pid' );
			assert.false( aliveAfter( started.pid, 10000 ), 'the server process is gone once the child has exited' );
			assert.false( existsSync( started.dataDir ), 'its folder is removed' );
			if ( processAlive( started.pid ) ) {
				process.kill( started.pid, 'SIGQUIT' );
			}
		}
		rmSync( work, { recursive: true, force: true } );
	} );
} );
