import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { DATE_TIME_FORMAT } from './dateTimeFormat';

/** Finds and compiles event schemas by their `$schema` id, as an EventGate schema repository does. */
export interface SchemaRepository {
	/** The validator for a schema id such as `/analytics/product_metrics/web/base/1.3.0`, or null when there is none. */
	validator( schemaId: string ): ValidateFunction | null;
	/** The title of a schema (`analytics/product_metrics/web/base`), or null. */
	title( schemaId: string ): string | null;
}

/** How many unknown schema ids are remembered (to spare the file system) before the list starts over. */
const MAX_REMEMBERED_MISSING = 1000;

/** Names every plain object inherits (`constructor`, `toString`, `__proto__`, …). */
const INHERITED = new Set( Object.getOwnPropertyNames( Object.prototype ) );

/**
 * Whether a schema uses, anywhere, a key or a `required` entry that plain objects inherit.
 *
 * @param schema a schema (plain JSON)
 */
export function namesInheritedProperty( schema: unknown ): boolean {
	const stack: unknown[] = [ schema ];
	while ( stack.length ) {
		const value = stack.pop();
		if ( Array.isArray( value ) ) {
			stack.push( ...value );
		} else if ( typeof value === 'string' ) {
			if ( INHERITED.has( value ) ) {
				return true;
			}
		} else if ( value && typeof value === 'object' ) {
			for ( const key of Object.keys( value ) ) {
				if ( INHERITED.has( key ) ) {
					return true;
				}
				const child = ( value as Record<string, unknown> )[ key ];
				// Strings count only in lists (`required`, `enum`): descriptions are prose.
				if ( typeof child !== 'string' ) {
					stack.push( child );
				}
			}
		}
	}
	return false;
}

/**
 * An ajv instance with the formats of ajv-formats, `date-time` with its fast path.
 *
 * @param ownProperties see compilerFor in {@link createSchemaRepository}
 */
function newAjv( ownProperties: boolean ): Ajv {
	const ajv = new Ajv( { allErrors: true, strict: false, ownProperties } );
	addFormats( ajv );
	ajv.addFormat( 'date-time', DATE_TIME_FORMAT );
	return ajv;
}

const SEGMENT = /^[a-z0-9_]+$/i;
const VERSION = /^\d+\.\d+\.\d+$/;

/**
 * `/a/b/c/1.2.0` → [ 'a/b/c', '1.2.0' ]; null for anything else (so no path can leave the folder).
 *
 * @param schemaId
 */
function parseSchemaId( schemaId: string ): [ string, string ] | null {
	const parts = schemaId.replace( /^\//, '' ).split( '/' );
	const version = parts.pop() || '';
	return parts.length && parts.every( ( p ) => SEGMENT.test( p ) ) && VERSION.test( version ) ? [ parts.join( '/' ), version ] : null;
}

/**
 * A schema repository over a folder laid out as `<title>/<version>.yaml` (or `.json`).
 * Schemas are read and compiled on first use, then kept.
 *
 * @param dir the repository folder
 */
export function createSchemaRepository( dir: string ): SchemaRepository {
	const ajv = newAjv( false );
	let ownPropertiesAjv: Ajv | null = null;
	/**
	 * The compiler for a schema. Events come from JSON.parse and keep Object.prototype, and keys that
	 * would change it are refused before validation, so the only properties a validator could find
	 * through the prototype are Object.prototype's own (`constructor`, `toString`, …). Schemas that
	 * name one of those are compiled with ajv's `ownProperties` (a property counts only when the event
	 * itself has it); the others do without its cost (about 15 % of validation).
	 *
	 * @param schema the schema
	 */
	function compilerFor( schema: unknown ): Ajv {
		if ( !namesInheritedProperty( schema ) ) {
			return ajv;
		}
		if ( !ownPropertiesAjv ) {
			ownPropertiesAjv = newAjv( true );
		}
		return ownPropertiesAjv;
	}
	// One validator per schema file, compiled on first use: `/a/b/1.0.0` and `a/b/1.0.0` name the same
	// file and share it (compiling is the expensive part, and ajv keeps what it compiled).
	const byFile = new Map<string, { validate: ValidateFunction; title: string }>();
	const compiled = new Map<string, { validate: ValidateFunction; title: string }>();
	// Ids with no schema come from clients: remember only a bounded number of them.
	const missing = new Set<string>();

	function load( schemaId: string ): { validate: ValidateFunction; title: string } | null {
		const known = compiled.get( schemaId );
		if ( known || missing.has( schemaId ) ) {
			return known || null;
		}
		let entry: { validate: ValidateFunction; title: string } | null = null;
		const match = parseSchemaId( schemaId );
		if ( match ) {
			const base = path.join( dir, match[ 0 ], match[ 1 ] );
			const file = [ base + '.yaml', base + '.json' ].find( ( f ) => existsSync( f ) );
			if ( file ) {
				entry = byFile.get( file ) || null;
				if ( !entry ) {
					const schema = yaml.load( readFileSync( file, 'utf8' ) ) as Record<string, unknown>;
					delete schema.examples;
					// ajv knows draft-07 by its http URI; schema repositories name it with https.
					schema.$schema = 'http://json-schema.org/draft-07/schema#';
					delete schema.$id;
					entry = { validate: compilerFor( schema ).compile( schema ), title: String( schema.title || match[ 0 ] ) };
					byFile.set( file, entry );
				}
			}
		}
		if ( entry ) {
			compiled.set( schemaId, entry );
		} else {
			if ( missing.size >= MAX_REMEMBERED_MISSING ) {
				missing.clear();
			}
			missing.add( schemaId );
		}
		return entry;
	}

	return {
		validator: ( schemaId ) => {
			const entry = load( schemaId );
			return entry ? entry.validate : null;
		},
		title: ( schemaId ) => {
			const entry = load( schemaId );
			return entry ? entry.title : null;
		},
	};
}
