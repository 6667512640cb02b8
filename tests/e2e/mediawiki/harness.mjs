/**
 * What the MediaWiki e2e suites share: a free loopback port, one line per scenario ("ok - name (ms):
 * detail" or "not ok - name: reason"), and the closing "N passed, N failed" with the exit code.
 */
import net from 'node:net';

export function freePort() {
	return new Promise( ( resolve ) => {
		const s = net.createServer().listen( 0, '127.0.0.1', () => {
			const { port } = s.address();
			s.close( () => resolve( port ) );
		} );
	} );
}

export function expect( condition, message ) {
	if ( !condition ) {
		throw new Error( message );
	}
}

const results = [];

export async function scenario( name, fn ) {
	const t = Date.now();
	try {
		const detail = await fn();
		results.push( true );
		console.log( `ok - ${ name } (${ Date.now() - t } ms): ${ detail }` );
	} catch ( e ) {
		results.push( false );
		console.log( `not ok - ${ name }: ${ e.message }` );
	}
}

/** Prints the closing counts and sets the exit code: 1 when any scenario failed. */
export function finishScenarios() {
	const passed = results.filter( Boolean ).length;
	console.log( `${ passed } passed, ${ results.length - passed } failed` );
	process.exitCode = passed === results.length ? 0 : 1;
}
