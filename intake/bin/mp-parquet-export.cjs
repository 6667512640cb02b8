#!/usr/bin/env node
'use strict';
const { parquetExportMain } = require( '../dist/intake.js' );

parquetExportMain( process.argv.slice( 2 ) ).then( ( code ) => {
	process.exitCode = code;
}, ( e ) => {
	console.error( `mp-parquet-export: ${ e.message }` );
	process.exitCode = 1;
} );
