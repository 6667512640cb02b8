/**
 * Validation sees an event's own properties only, also for a schema that names a property every
 * plain object inherits.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSchemaRepository } from '../../../intake/src/schemaRepository';

QUnit.module( 'intake schema repository: own properties', () => {
	QUnit.test( 'a required "constructor" is not satisfied by the prototype', ( assert ) => {
		const dir = mkdtempSync( path.join( os.tmpdir(), 'mp-schemas-' ) );
		mkdirSync( path.join( dir, 'test/inherited' ), { recursive: true } );
		writeFileSync( path.join( dir, 'test/inherited/1.0.0.json' ), JSON.stringify( {
			title: 'test/inherited', type: 'object', required: [ 'constructor' ], properties: { constructor: {} },
		} ) );
		const validate = createSchemaRepository( dir ).validator( '/test/inherited/1.0.0' );
		assert.false( validate!( JSON.parse( '{}' ) ), 'missing: refused, though every object inherits a constructor' );
		assert.true( validate!( JSON.parse( '{"constructor":1}' ) ), 'its own: accepted' );
		rmSync( dir, { recursive: true, force: true } );
	} );
} );
