#!/usr/bin/env node
/**
 * Fails when PHP in includes/ or tests/phpunit/ needs more than PHP 7.4.3, the oldest PHP that
 * MediaWiki 1.39 supports (extension.json declares it). Debian ships only PHP 8.2, whose `php -l`
 * accepts 8.x syntax, so the check parses each file with php-parser (glayzzle) set to PHP 7.4 — it
 * refuses match, nullsafe `?->`, named arguments, throw expressions, catch without a variable,
 * trailing commas in parameter lists, enums, first-class callables — and walks the tree for what
 * that parser still accepts: union types, constructor property promotion, readonly, the types
 * mixed/static/never, `new` in initializers, `::class` on an object. Functions that PHP 8 added
 * are refused by name: includes/Core also runs without MediaWiki's polyfills.
 * Prints one line per file with a problem and "PHP 7.4: N files, N problems".
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire( import.meta.url );
const PhpParser = require( 'php-parser' );
const root = path.resolve( path.dirname( fileURLToPath( import.meta.url ) ), '..' );
const DIRS = [ 'includes', 'tests/phpunit', 'tests/php' ];

/** Functions added after PHP 7.4 (php.net's "new functions" lists of 8.0–8.4). */
const NEWER_FUNCTIONS = new Set( [
	'str_contains', 'str_starts_with', 'str_ends_with', 'get_debug_type', 'get_resource_id', 'fdiv',
	'preg_last_error_msg', 'array_is_list', 'enum_exists', 'fsync', 'fdatasync', 'array_find',
	'array_find_key', 'array_any', 'array_all', 'json_validate', 'mb_str_pad', 'str_increment',
	'str_decrement', 'mb_trim', 'mb_ltrim', 'mb_rtrim', 'mb_ucfirst', 'mb_lcfirst'
] );
const NEWER_TYPES = new Set( [ 'mixed', 'static', 'never', 'null', 'false', 'true' ] );

function phpFiles( dir ) {
	let entries;
	try {
		entries = readdirSync( path.join( root, dir ), { withFileTypes: true } );
	} catch {
		return [];
	}
	return entries.flatMap( ( e ) => {
		const rel = path.join( dir, e.name );
		return e.isDirectory() ? phpFiles( rel ) : e.name.endsWith( '.php' ) ? [ rel ] : [];
	} );
}

/**
 * What PHP 7.4 cannot run in one syntax tree node (the parser accepted it).
 *
 * @param {Object} node a php-parser node
 * @return {string|null}
 */
function problemOf( node ) {
	switch ( node.kind ) {
		case 'uniontype':
		case 'intersectiontype':
			return 'a union or intersection type (PHP 8.0)';
		case 'typereference':
			return NEWER_TYPES.has( String( node.name ).toLowerCase() ) && node.raw !== undefined ?
				`the type ${ node.name } (PHP 8)` : null;
		case 'parameter':
			if ( node.flags || node.readonly ) {
				return `constructor property promotion of $${ node.name.name } (PHP 8.0)`;
			}
			if ( node.value && node.value.kind === 'new' ) {
				return '`new` in an initializer (PHP 8.1)';
			}
			return null;
		case 'property':
			return node.readonly ? 'a readonly property (PHP 8.1)' : null;
		case 'staticlookup':
			return node.offset && node.offset.name === 'class' && node.what && node.what.kind !== 'name' &&
				node.what.kind !== 'selfreference' && node.what.kind !== 'staticreference' && node.what.kind !== 'parentreference' ?
				'`::class` on an object (PHP 8.0)' : null;
		case 'call':
			return node.what && node.what.kind === 'name' && NEWER_FUNCTIONS.has( String( node.what.name ).replace( /^\\/, '' ).toLowerCase() ) ?
				`${ node.what.name }() (added after PHP 7.4)` : null;
		default:
			return null;
	}
}

function walk( node, visit ) {
	if ( Array.isArray( node ) ) {
		node.forEach( ( n ) => walk( n, visit ) );
	} else if ( node && typeof node === 'object' ) {
		if ( typeof node.kind === 'string' ) {
			visit( node );
		}
		for ( const [ key, value ] of Object.entries( node ) ) {
			if ( key !== 'loc' && value && typeof value === 'object' ) {
				walk( value, visit );
			}
		}
	}
}

/**
 * @param {string} code PHP source
 * @param {string} name its file name, for messages
 * @return {string[]} problems, each with its line
 */
export function php74Problems( code, name ) {
	const parser = new PhpParser( { parser: { version: '7.4', extractDoc: false }, ast: { withPositions: true } } );
	let ast;
	try {
		ast = parser.parseCode( code, name );
	} catch ( e ) {
		return [ `${ name }: ${ e.message }` ];
	}
	const problems = [];
	walk( ast, ( node ) => {
		const problem = problemOf( node );
		if ( problem ) {
			problems.push( `${ name }:${ node.loc ? node.loc.start.line : '?' }: ${ problem }` );
		}
	} );
	return problems;
}

if ( process.argv[ 1 ] === fileURLToPath( import.meta.url ) ) {
	const files = DIRS.flatMap( phpFiles ).sort();
	const problems = files.flatMap( ( f ) => php74Problems( readFileSync( path.join( root, f ), 'utf8' ), f ) );
	problems.forEach( ( p ) => console.error( p ) );
	console.log( `PHP 7.4: ${ files.length } files, ${ problems.length } problems` );
	process.exitCode = problems.length ? 1 : 0;
}
