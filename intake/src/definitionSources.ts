import { readFileSync } from 'node:fs';
import { createStreamRegistry, StreamRegistry } from '../../modules/src/core/streamConfig';
import { fetchStreamConfigs, readTablesFile } from './cli';
import { createModelCatalog, ModelCatalog } from './modelling/modelCatalog';

/** Where the stream and table definitions come from: the same options as mp-intake's. */
export interface DefinitionOptions {
	/** `--streams FILE`: stream configs JSON. */
	streams?: string;
	/** `--streams-url URL`: a wiki's action=metricsplatformconfig (or action=streamconfigs). */
	streamsUrl?: string;
	/** `--tables FILE`: table definitions per stream. */
	tables?: string;
}

/** The definitions in force: the declared streams, and their modelling (tables, checks, retention). */
export interface Definitions {
	registry: StreamRegistry;
	catalog: ModelCatalog;
}

/**
 * Reads the stream configs and the tables file as mp-intake reads them (the same sources, the same
 * parsers), for the commands that work on the store beside it (mp-quality, mp-catalog).
 *
 * @param options the sources (none: no stream, no table)
 * @param warn receives each problem of the definitions
 * @throws {Error} when a source cannot be read, or the tables file is invalid
 */
export async function readDefinitions( options: DefinitionOptions, warn: ( message: string ) => void ): Promise<Definitions> {
	const configs = options.streams ? JSON.parse( readFileSync( options.streams, 'utf8' ) ) :
		options.streamsUrl ? await fetchStreamConfigs( options.streamsUrl ) : {};
	const registry = createStreamRegistry( configs, warn );
	const catalog = createModelCatalog( registry, options.tables ? readTablesFile( options.tables ) : null );
	catalog.problems.forEach( warn );
	return { registry, catalog };
}
