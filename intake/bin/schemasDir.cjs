'use strict';
const fs = require( 'fs' );
const path = require( 'path' );

/**
 * The schema repository shipped with the intake: its own schemas/ when installed from a packed
 * tarball, the repository's schemas/ when run from a clone.
 *
 * @return {string} absolute path of the folder
 */
module.exports = function schemasDir() {
	const packed = path.join( __dirname, '../schemas' );
	return fs.existsSync( packed ) ? packed : path.join( __dirname, '../../schemas' );
};
