#!/usr/bin/env node
'use strict';
const { queryMain } = require( '../dist/intake.js' );

try {
	process.exitCode = queryMain( process.argv.slice( 2 ) );
} catch ( e ) {
	console.error( `mp-query: ${ e.message }` );
	process.exitCode = 1;
}
