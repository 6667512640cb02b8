#!/usr/bin/env node
'use strict';
const { queryMain } = require( '../dist/intake.js' );

queryMain( process.argv.slice( 2 ) ).then( ( status ) => {
	process.exitCode = status;
}, ( e ) => {
	console.error( `mp-query: ${ e.message }` );
	process.exitCode = 1;
} );
