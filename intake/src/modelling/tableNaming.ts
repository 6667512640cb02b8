/**
 * The major version of a schema id: `/analytics/product_metrics/web/base/1.3.0` → 1; null when the id
 * does not end in a semantic version. Events of schema versions with one major version are
 * compatible (minor versions only add optional fields), so they share a table.
 *
 * @param schemaId an event's `$schema`
 */
export function schemaMajorVersion( schemaId: string ): number | null {
	const match = /\/(\d{1,6})\.\d+\.\d+$/.exec( schemaId );
	return match ? Number( match[ 1 ] ) : null;
}

/**
 * The SQLite table a table definition is written to for events of one schema major version:
 * `<name>_v<major>` (`button_clicks_v1`). A new major version (an incompatible schema change) makes a
 * new table beside the old one, which keeps its rows.
 *
 * @param tableName the definition's name (already checked: `^[a-z][a-z0-9_]*$`)
 * @param major the schema's major version
 */
export function physicalTableName( tableName: string, major: number ): string {
	return `${ tableName }_v${ major }`;
}
