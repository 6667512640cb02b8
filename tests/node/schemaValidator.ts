/**
 * Validates events against the schema repository in schemas/ with ajv (draft-07, formats), as the
 * intake does.
 */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';

const SCHEMAS = path.resolve( __dirname, '../../../schemas' );

/**
 * A validator for one schema of the repository.
 *
 * @param schemaId e.g. `/analytics/product_metrics/web/base/1.3.0`
 */
export function schemaValidator( schemaId: string ): ( event: unknown ) => string[] {
	const schema = yaml.load( readFileSync( path.join( SCHEMAS, schemaId + '.yaml' ), 'utf8' ) ) as Record<string, unknown>;
	delete schema.examples;
	// ajv knows draft-07 by its http URI; the schemas name it with https.
	schema.$schema = 'http://json-schema.org/draft-07/schema#';
	const ajv = new Ajv( { allErrors: true, strict: false } );
	addFormats( ajv );
	const validate = ajv.compile( schema );
	return ( event ) => validate( event ) ? [] : ( validate.errors || [] ).map( ( e ) => `${ e.instancePath } ${ e.message }` );
}
