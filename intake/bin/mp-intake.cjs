#!/usr/bin/env node
'use strict';
const path = require( 'path' );
const { main } = require( '../dist/intake.js' );

main( process.argv.slice( 2 ), path.join( __dirname, '../../schemas' ) ).catch( ( e ) => {
	console.error( `mp-intake: ${ e.message }` );
	process.exitCode = 1;
} );
