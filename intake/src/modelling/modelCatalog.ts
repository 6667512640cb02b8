import type { StreamRegistry } from '../../../modules/src/core/streamConfig';
import { ParsedTablesFile, parseStreamModel } from './parseTables';
import { DEFAULT_RETENTION_DAYS, StreamModel, TableDefinition } from './tableDefinition';

/**
 * The modelling of every stream the intake knows, by the name its events arrive under (`meta.stream`,
 * the `events.stream` column of the store).
 */
export interface ModelCatalog {
	/** The stream's modelling; a stream nobody declared gets {@link DEFAULT_RETENTION_DAYS} and no tables. */
	get( metaStream: string ): StreamModel;
	/** The streams that are declared or have tables, with their modelling. */
	entries(): [ string, StreamModel ][];
	/** Every problem found, one message each, naming the stream and the field. */
	readonly problems: readonly string[];
}

const NO_MODEL: StreamModel = Object.freeze( { retentionDays: DEFAULT_RETENTION_DAYS, tables: [] } ) as StreamModel;

/**
 * Builds the catalog from the declared streams (each config's `tables`, `retention_days` or
 * `control_plane.retention_days`) and a tables file. Streams arriving under one `meta.stream` (through
 * `stream_name`) share it: their tables are pooled and the shortest retention applies (a retention is a
 * promise not to keep data longer). The file's entry for a `meta.stream` replaces the configs' tables
 * (and their retention when it gives one). Table names are one namespace in the store: a table whose
 * name another stream already uses is left out, with a problem.
 *
 * @param registry the declared streams
 * @param file the parsed tables file, if any (its problems are not repeated here)
 */
export function createModelCatalog( registry: StreamRegistry | null, file?: ParsedTablesFile | null ): ModelCatalog {
	const problems: string[] = [];
	const models = new Map<string, StreamModel>();
	for ( const stream of registry ? registry.all() : [] ) {
		const parsed = parseStreamModel( stream.config );
		problems.push( ...parsed.problems.map( ( p ) => `stream ${ JSON.stringify( stream.name ) }: ${ p }` ) );
		const known = models.get( stream.destination );
		models.set( stream.destination, known ? {
			retentionDays: Math.min( known.retentionDays, parsed.model.retentionDays ),
			tables: known.tables.concat( parsed.model.tables ),
		} : parsed.model );
	}
	for ( const [ stream, model ] of file ? file.streams : [] ) {
		const known = models.get( stream );
		models.set( stream, {
			retentionDays: known && !( file as ParsedTablesFile ).retentionGiven.has( stream ) ? known.retentionDays : model.retentionDays,
			tables: model.tables,
		} );
	}
	const owners = new Map<string, string>();
	for ( const [ stream, model ] of models ) {
		model.tables = model.tables.filter( ( table: TableDefinition ) => {
			const owner = owners.get( table.name );
			if ( owner !== undefined ) {
				problems.push( `stream ${ JSON.stringify( stream ) }: table ${ table.name } is already a table of stream ${ JSON.stringify( owner ) }; left out (table names are shared by all streams of a store)` );
				return false;
			}
			owners.set( table.name, stream );
			return true;
		} );
	}
	return {
		get: ( metaStream ) => models.get( metaStream ) || NO_MODEL,
		entries: () => Array.from( models ),
		problems,
	};
}
