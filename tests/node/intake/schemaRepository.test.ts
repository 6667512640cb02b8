import { createSchemaRepository } from '../../../intake/src/schemaRepository';
import { SCHEMAS_DIR, WEB } from '../intakeHarness';

QUnit.module( 'intake schema repository', () => {
	QUnit.test( 'one validator per schema file, whichever way its id is written', ( assert ) => {
		const schemas = createSchemaRepository( SCHEMAS_DIR );
		const validate = schemas.validator( WEB );
		assert.strictEqual( typeof validate, 'function' );
		assert.strictEqual( schemas.validator( WEB ), validate, 'compiled once' );
		assert.strictEqual( schemas.validator( WEB.replace( /^\//, '' ) ), validate, 'the id without its leading slash names the same file: not compiled again' );
		assert.strictEqual( schemas.title( WEB.replace( /^\//, '' ) ), 'analytics/product_metrics/web/base' );
		assert.strictEqual( schemas.validator( '/analytics/product_metrics/web/base/9.9.9' ), null );
	} );
} );
