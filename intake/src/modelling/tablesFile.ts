import { readFileSync } from 'node:fs';
import { ParsedTablesFile, parseTablesFile } from './parseTables';

/**
 * Reads and checks a `--tables` file (see TablesFile).
 *
 * @param file its path
 * @throws {Error} naming every problem (field by field), or when it is not readable JSON
 */
export function readTablesFile( file: string ): ParsedTablesFile {
	let value: unknown;
	try {
		value = JSON.parse( readFileSync( file, 'utf8' ) );
	} catch ( e ) {
		throw new Error( `--tables ${ file }: ${ ( e as Error ).message }` );
	}
	const parsed = parseTablesFile( value );
	if ( parsed.problems.length ) {
		throw new Error( `--tables ${ file } has ${ parsed.problems.length } problem(s):\n  ${ parsed.problems.join( '\n  ' ) }` );
	}
	return parsed;
}
