#!/usr/bin/env node
'use strict';
const { reportMain } = require( '../dist/intake.js' );

try {
	process.exitCode = reportMain( process.argv.slice( 2 ) );
} catch ( e ) {
	console.error( `mp-experiment-report: ${ e.message }` );
	process.exitCode = 1;
}
