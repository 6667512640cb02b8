import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';

/** Reads event schemas as documents (for column types and descriptions), by `$schema` id. */
export type SchemaDocuments = ( schemaId: string ) => Record<string, unknown> | null;

const SEGMENT = /^[a-z0-9_]+$/i;
const VERSION = /^\d+\.\d+\.\d+$/;

/**
 * The schema documents of a repository folder laid out as `<title>/<version>.yaml` (or `.json`), the
 * layout the intake validates against. Each is read once; ids that are not `/<title>/<x.y.z>` with
 * plain segments (so no path leaves the folder), and unreadable files, give null.
 *
 * @param dir the schema repository
 */
export function createSchemaDocuments( dir: string ): SchemaDocuments {
	const cache = new Map<string, Record<string, unknown> | null>();
	return ( schemaId ) => {
		if ( cache.has( schemaId ) ) {
			return cache.get( schemaId ) || null;
		}
		const parts = schemaId.replace( /^\//, '' ).split( '/' );
		const version = parts.pop() || '';
		let doc: Record<string, unknown> | null = null;
		if ( parts.length && parts.every( ( p ) => SEGMENT.test( p ) ) && VERSION.test( version ) ) {
			const base = path.join( dir, ...parts, version );
			const file = [ base + '.yaml', base + '.json' ].find( ( f ) => existsSync( f ) );
			try {
				const loaded: unknown = file ? yaml.load( readFileSync( file, 'utf8' ) ) : null;
				doc = loaded && typeof loaded === 'object' && !Array.isArray( loaded ) ? loaded as Record<string, unknown> : null;
			} catch ( e ) {
				doc = null;
			}
		}
		if ( cache.size < 1000 ) {
			cache.set( schemaId, doc );
		}
		return doc;
	};
}
