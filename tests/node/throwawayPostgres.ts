/**
 * A throwaway PostgreSQL cluster for tests and the bench: Debian's `postgresql` package
 * (/usr/lib/postgresql/<version>/bin), initdb into a temporary folder, the server on a free loopback
 * port (and a Unix socket in that folder), trust authentication for the one user `mp`. PostgreSQL
 * refuses to run as root, so as root (CI) the cluster belongs to the package's `postgres` user.
 * `stop()` shuts the server down (fast) and removes the folder.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Pool, PoolConfig } from 'pg';
import { surviveConnectionLoss } from '../../intake/src/postgres/connectionLoss';

/** A running throwaway cluster. */
export interface ThrowawayPostgres {
	/** `postgres://mp@127.0.0.1:PORT/` + a database name gives a connection URL. */
	baseUrl: string;
	/** `postgres://mp@127.0.0.1:PORT/postgres`. */
	url: string;
	/** The server programs' folder. */
	binDir: string;
	/** The data folder (postmaster.pid holds the server's pid). */
	dataDir: string;
	/** Stops the server and removes its folder. */
	stop: () => void;
}

/** The folder of the newest installed PostgreSQL's programs, or null when none is installed. */
export function postgresBinDir(): string | null {
	const base = '/usr/lib/postgresql';
	if ( !existsSync( base ) ) {
		return null;
	}
	const versions = readdirSync( base ).filter( ( v ) => existsSync( path.join( base, v, 'bin/pg_ctl' ) ) )
		.sort( ( a, b ) => Number( b ) - Number( a ) );
	return versions.length ? path.join( base, versions[ 0 ], 'bin' ) : null;
}

/** A free TCP port on loopback. */
function freePort(): Promise<number> {
	return new Promise( ( resolve, reject ) => {
		const s = net.createServer();
		s.once( 'error', reject );
		s.listen( 0, '127.0.0.1', () => {
			const port = ( s.address() as net.AddressInfo ).port;
			s.close( () => resolve( port ) );
		} );
	} );
}

/**
 * Starts a cluster; resolves null when PostgreSQL is not installed.
 *
 * @param settings more server settings (`-c name=value`), e.g. { fsync: 'off' } for tests that do not
 *  cut the machine's power
 * @throws {Error} when it is installed but does not start (with its log)
 */
export async function startThrowawayPostgres( settings: Record<string, string> = {} ): Promise<ThrowawayPostgres | null> {
	const bin = postgresBinDir();
	if ( !bin ) {
		return null;
	}
	const dir = mkdtempSync( path.join( os.tmpdir(), 'mp-pg-' ) );
	const data = path.join( dir, 'data' );
	const asRoot = process.getuid !== undefined && process.getuid() === 0;
	let owner: { uid: number; gid: number } | null = null;
	if ( asRoot ) {
		const id = ( flag: string ): number => Number( spawnSync( 'id', [ flag, 'postgres' ], { encoding: 'utf8' } ).stdout.trim() );
		owner = { uid: id( '-u' ), gid: id( '-g' ) };
		if ( !Number.isInteger( owner.uid ) || owner.uid <= 0 ) {
			throw new Error( 'running as root and there is no "postgres" user to own the throwaway cluster' );
		}
		chownSync( dir, owner.uid, owner.gid );
		chmodSync( dir, 0o700 );
	}
	const run = ( program: string, args: string[] ): { status: number | null; output: string } => {
		const r = spawnSync( path.join( bin, program ), args, Object.assign( { encoding: 'utf8' as const, cwd: dir }, owner || {} ) );
		return { status: r.status, output: `${ r.stdout }${ r.stderr }${ r.error ? r.error.message : '' }` };
	};
	const init = run( 'initdb', [ '-D', data, '-U', 'mp', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync' ] );
	if ( init.status !== 0 ) {
		rmSync( dir, { recursive: true, force: true } );
		throw new Error( `initdb failed: ${ init.output }` );
	}
	const port = await freePort();
	const options = [ `-p ${ port }`, '-c listen_addresses=127.0.0.1', `-k ${ dir }`, '-c max_connections=200', '-c shared_buffers=128MB' ]
		.concat( Object.entries( settings ).map( ( [ k, v ] ) => `-c ${ k }=${ v }` ) ).join( ' ' );
	const start = run( 'pg_ctl', [ '-D', data, '-l', path.join( dir, 'log' ), '-o', options, '-w', '-t', '60', 'start' ] );
	if ( start.status !== 0 ) {
		const log = spawnSync( 'cat', [ path.join( dir, 'log' ) ], { encoding: 'utf8' } ).stdout;
		rmSync( dir, { recursive: true, force: true } );
		throw new Error( `pg_ctl start failed: ${ start.output } ${ log }` );
	}
	let stopped = false;
	// A test that timed out or crashed never reaches its stop(): the server (pg_ctl starts it detached)
	// must not outlive the test process. An 'exit' listener may only do synchronous work, as stop() does.
	const stopCluster = (): void => {
		if ( stopped ) {
			return;
		}
		stopped = true;
		process.off( 'exit', stopCluster );
		run( 'pg_ctl', [ '-D', data, '-m', 'fast', '-w', 'stop' ] );
		rmSync( dir, { recursive: true, force: true } );
	};
	process.on( 'exit', stopCluster );
	return {
		baseUrl: `postgres://mp@127.0.0.1:${ port }/`,
		url: `postgres://mp@127.0.0.1:${ port }/postgres`,
		binDir: bin,
		dataDir: data,
		stop: stopCluster,
	};
}

/**
 * A pool for a test's own queries on a throwaway cluster. `stop()` ends every connection still open
 * with an error, and `pool.end()` resolves before its connections have closed; without a listener
 * that error ends the whole test process (seen once, in the teardown of the PostgreSQL fault test).
 *
 * @param config pg's pool options (connectionString, max…)
 */
export function throwawayPool( config: PoolConfig ): Pool {
	return surviveConnectionLoss( new Pool( config ), () => undefined );
}
