import type { StreamRegistry } from '../../../modules/src/core/streamConfig';
import type { Definitions } from '../definitionSources';
import type { StreamFacts } from './tablesFromStore';

/**
 * The owner a stream's definition names (`control_plane.owner`, what the wiki serves), or null.
 *
 * @param registry
 * @param metaStream the stream its events arrive under
 */
export function ownerOf( registry: StreamRegistry, metaStream: string ): string | null {
	for ( const s of registry.all() ) {
		const plane = ( s.config as { control_plane?: { owner?: unknown } } ).control_plane;
		// An owner of blanks is no owner (it would make an empty DataHub group URN).
		if ( s.destination === metaStream && plane && typeof plane.owner === 'string' && plane.owner.trim() ) {
			return plane.owner.trim();
		}
	}
	return null;
}

/**
 * What the definitions say of a stream (owner, retention), or "not known" without definitions.
 *
 * @param definitions
 */
export function streamFacts( definitions: Definitions | null ): ( stream: string ) => StreamFacts {
	return ( stream ) => definitions ?
		{ owner: ownerOf( definitions.registry, stream ), retentionDays: definitions.catalog.get( stream ).retentionDays } :
		{ owner: null, retentionDays: null };
}
