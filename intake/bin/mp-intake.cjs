#!/usr/bin/env node
'use strict';
const { main } = require( '../dist/intake.js' );
const schemasDir = require( './schemasDir.cjs' );

main( process.argv.slice( 2 ), schemasDir() ).catch( ( e ) => {
	console.error( `mp-intake: ${ e.message }` );
	process.exitCode = 1;
} );
