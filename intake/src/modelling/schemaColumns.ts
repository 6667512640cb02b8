import type { ColumnDefinition, ColumnType, PrivacyTag, TableDefinition } from './tableDefinition';

/** A column ready to be created: its type and description decided. */
export interface ResolvedColumn {
	name: string;
	path: string;
	/** The stored type (`string` for a hashed column: the hex HMAC). */
	type: ColumnType;
	/** The description (the schema's, or the definition's override); empty when neither says. */
	description: string;
	privacy: PrivacyTag;
	privacyTagged: boolean;
	/** Whether the schema has the path (false: the values will all be NULL, see `problems`). */
	inSchema: boolean;
}

type Json = Record<string, unknown>;

function isObject( value: unknown ): value is Json {
	return !!value && typeof value === 'object' && !Array.isArray( value );
}

/**
 * Follows a local `$ref` (`#/definitions/x`, `#/$defs/x`) inside the schema document; other refs are
 * left as they are (their node then says nothing).
 *
 * @param node
 * @param root the whole schema
 */
function deref( node: Json, root: Json ): Json {
	let current = node;
	for ( let hops = 0; hops < 10 && typeof current.$ref === 'string' && current.$ref.startsWith( '#/' ); hops++ ) {
		let target: unknown = root;
		for ( const part of current.$ref.slice( 2 ).split( '/' ) ) {
			target = isObject( target ) ? target[ part.replace( /~1/g, '/' ).replace( /~0/g, '~' ) ] : undefined;
		}
		if ( !isObject( target ) ) {
			break;
		}
		current = target;
	}
	return current;
}

/**
 * The schema node describing an event path, looking through `properties` (and those of `allOf`
 * parts, which some schema repositories use to include fragments); null when the schema has none.
 *
 * @param schema the event's JSON Schema
 * @param path a dotted event path
 */
export function schemaNodeAt( schema: Json, path: string ): Json | null {
	let nodes: Json[] = [ deref( schema, schema ) ];
	for ( const segment of path.split( '.' ) ) {
		const next: Json[] = [];
		const stack = nodes.slice();
		while ( stack.length ) {
			const node = stack.pop() as Json;
			if ( Array.isArray( node.allOf ) ) {
				stack.push( ...node.allOf.filter( isObject ).map( ( n ) => deref( n, schema ) ) );
			}
			const child = isObject( node.properties ) ? node.properties[ segment ] : undefined;
			if ( isObject( child ) && Object.prototype.hasOwnProperty.call( node.properties, segment ) ) {
				next.push( deref( child, schema ) );
			}
		}
		if ( !next.length ) {
			return null;
		}
		nodes = next;
	}
	return nodes[ 0 ];
}

/**
 * The column type a schema node's `type` maps to: string, integer, number, boolean as they are; a
 * list such as `[ "string", "null" ]` by its one non-null type; object, array, several types or
 * none: `json`.
 *
 * @param node a schema node
 */
export function columnTypeOf( node: Json ): ColumnType {
	const raw = node.type;
	const types = ( Array.isArray( raw ) ? raw : [ raw ] ).filter( ( t ) => t !== 'null' );
	const type = types.length === 1 ? types[ 0 ] : undefined;
	return type === 'string' || type === 'integer' || type === 'number' || type === 'boolean' ? type : 'json';
}

/**
 * Decides each column's type and description for events of one schema: the definition's `type` and
 * `description` when given, else the schema's. Hashed columns store text (the hex HMAC) whatever the
 * field's type. Never throws.
 *
 * @param table a parsed table definition
 * @param schema the JSON Schema of the events (null when it cannot be read: types become `json`
 *  unless given)
 * @param schemaId how messages name the schema
 * @return the columns, and one message per column whose path the schema does not have
 */
export function resolveColumns( table: TableDefinition, schema: Json | null, schemaId: string ): { columns: ResolvedColumn[]; problems: string[] } {
	const problems: string[] = [];
	const columns = table.columns.map( ( column: ColumnDefinition ): ResolvedColumn => {
		const node = schema ? schemaNodeAt( schema, column.path ) : null;
		if ( schema && !node ) {
			problems.push( `table ${ table.name }, column ${ column.name }: ${ schemaId } has no field ${ column.path }; the column stays empty` );
		}
		const description = column.description !== null ? column.description :
			node && typeof node.description === 'string' ? node.description.trim() : '';
		const fieldType = column.type || ( node ? columnTypeOf( node ) : 'json' );
		return {
			name: column.name,
			path: column.path,
			type: column.privacy === 'hash' ? 'string' : fieldType,
			description,
			privacy: column.privacy,
			privacyTagged: column.privacyTagged,
			inSchema: !!node,
		};
	} );
	return { columns, problems };
}
