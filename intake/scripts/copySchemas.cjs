#!/usr/bin/env node
'use strict';
/**
 * `npm pack` of this package (prepack/postpack): a packed intake carries the repository's schemas/
 * in its own schemas/ folder, since npm packs only what is inside the package folder. In a clone the
 * intake reads ../schemas directly (see bin/schemasDir.cjs); the copy exists only while packing.
 */
const fs = require( 'fs' );
const path = require( 'path' );

const target = path.join( __dirname, '../schemas' );
fs.rmSync( target, { recursive: true, force: true } );
if ( process.argv[ 2 ] !== '--remove' ) {
	fs.cpSync( path.join( __dirname, '../../schemas' ), target, { recursive: true } );
}
