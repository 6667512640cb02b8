#!/usr/bin/env node
'use strict';
const { catalogMain } = require( '../dist/intake.js' );

catalogMain( process.argv.slice( 2 ) ).then( ( status ) => {
	process.exitCode = status;
}, ( e ) => {
	console.error( `mp-catalog: ${ e.message }` );
	process.exitCode = 1;
} );
