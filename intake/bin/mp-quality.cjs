#!/usr/bin/env node
'use strict';
const { qualityMain } = require( '../dist/intake.js' );

qualityMain( process.argv.slice( 2 ) ).then( ( status ) => {
	process.exitCode = status;
}, ( e ) => {
	console.error( `mp-quality: ${ e.message }` );
	process.exitCode = 1;
} );
