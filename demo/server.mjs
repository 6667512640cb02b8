#!/usr/bin/env node
/**
 * `npm start`: the local intake with the embedded SQLite store (demo-events.sqlite), serving the demo
 * page that loads the built client. Prints the URL; Ctrl-C stops it cleanly.
 * PORT (default 8190; 0 for any free port) and HOST (default 127.0.0.1) may be set in the environment.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve( path.dirname( fileURLToPath( import.meta.url ) ), '..' );
const require = createRequire( import.meta.url );
const { createIntake, createSqliteSink } = require( path.join( root, 'intake/dist/intake.js' ) );

const store = path.join( root, 'demo-events.sqlite' );
const intake = createIntake( {
	streamConfigs: JSON.parse( readFileSync( path.join( root, 'demo/streams.json' ), 'utf8' ) ),
	schemasDir: path.join( root, 'schemas' ),
	sink: createSqliteSink( store ),
	// The page's live view reads /v1/live: open the read side to this machine only.
	readAccess: { loopbackOnly: true },
	staticDirs: { '/': path.join( root, 'demo' ), '/modules/dist/': path.join( root, 'modules/dist' ) }
} );
const port = process.env.PORT === undefined ? 8190 : Number( process.env.PORT );
let url;
try {
	url = await intake.listen( port, process.env.HOST || '127.0.0.1' );
} catch ( e ) {
	// The usual port is taken: any free one will do.
	url = await intake.listen( 0, process.env.HOST || '127.0.0.1' );
}
console.log( `MetricsPlatform demo: open ${ url }/ — events are stored in ${ path.relative( process.cwd(), store ) || store }. Ctrl-C stops.` );

let stopping = false;
function stop() {
	if ( stopping ) {
		return;
	}
	stopping = true;
	intake.close().then( () => {
		console.log( `Stopped. ${ intake.stats.stored } event(s) stored this run.` );
	} );
}
process.once( 'SIGINT', stop );
process.once( 'SIGTERM', stop );
