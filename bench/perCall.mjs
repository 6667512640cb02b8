#!/usr/bin/env node
/**
 * The per-call cost alone (issue 12 item 5), for measuring on a shared machine: alternating runs of
 * the Chromium figure (bench/chromiumPerCall.mjs, on a throwaway wiki) and the Node ratio
 * (bench/nodePerCall.mjs), each for every repository given, with the load average at each run, and
 * the medians over the runs.
 *
 * Usage: node bench/perCall.mjs [--runs N] [--node-only] [--chromium-only] [--profile DIR (debug=1 pages, for reading)] [ROOT …]
 * (ROOT: a checkout with built modules; default this one. Several roots compare builds side by side.)
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.resolve( path.dirname( fileURLToPath( import.meta.url ) ), '..' );
const args = process.argv.slice( 2 );
const flag = ( name ) => args.includes( name );
const value = ( name, fallback ) => args.includes( name ) ? args[ args.indexOf( name ) + 1 ] : fallback;
const runs = Number( value( '--runs', 3 ) );
const profileDir = value( '--profile', null );
const roots = args.filter( ( a, i ) => !a.startsWith( '--' ) && ![ '--runs', '--profile' ].includes( args[ i - 1 ] ) ).map( ( r ) => path.resolve( r ) );
if ( !roots.length ) {
	roots.push( here );
}
const load = () => os.loadavg().map( ( l ) => l.toFixed( 2 ) ).join( ' ' );
const median = ( list ) => list.slice().sort( ( a, b ) => a - b )[ list.length >> 1 ];

// Each measurement runs in its own process, so that one root's modules never meet another's.
function child( kind, root, run ) {
	const script = kind === 'node' ?
		`import { nodePerCall } from ${ JSON.stringify( path.join( here, 'bench/nodePerCall.mjs' ) ) }; console.log( JSON.stringify( nodePerCall( ${ JSON.stringify( root ) } ) ) );` :
		`import { withThrowawayWiki } from ${ JSON.stringify( path.join( here, 'build/servedBytes.mjs' ) ) };
		import { chromiumPerCall } from ${ JSON.stringify( path.join( here, 'bench/chromiumPerCall.mjs' ) ) };
		console.log( JSON.stringify( await withThrowawayWiki( ${ JSON.stringify( root ) }, ( wiki ) => chromiumPerCall( wiki, 'e2e.pageview', ${ JSON.stringify( profileDir ? { debug: true, profile: path.join( profileDir, `chromium-${ path.basename( root ) }-${ run }.cpuprofile` ) } : {} ) } ) ) ) );`;
	const out = spawnSync( process.execPath, [ '--input-type=module', '-e', script ], { encoding: 'utf8', cwd: root } );
	if ( out.status !== 0 ) {
		throw new Error( out.stderr );
	}
	return JSON.parse( out.stdout.trim().split( '\n' ).pop() );
}

const results = roots.map( () => ( { chromium: [], node: [] } ) );
for ( let run = 0; run < runs; run++ ) {
	roots.forEach( ( root, i ) => {
		if ( !flag( '--node-only' ) ) {
			const before = load();
			const c = child( 'chromium', root, run );
			results[ i ].chromium.push( c );
			console.log( `run ${ run + 1 } ${ root }: Chromium wall ${ c.median.toFixed( 1 ) } µs/call, main-thread CPU with delivery ${ c.cpuWithDelivery.toFixed( 1 ) } µs/event (load ${ before })` );
		}
		if ( !flag( '--chromium-only' ) ) {
			const before = load();
			const n = child( 'node', root, run );
			results[ i ].node.push( n );
			console.log( `run ${ run + 1 } ${ root }: Node ours ${ n.ours.wall.toFixed( 2 ) } µs (CPU ${ n.ours.cpu.toFixed( 2 ) }), upstream ${ n.theirs ? n.theirs.wall.toFixed( 2 ) : '-' } µs (CPU ${ n.theirs ? n.theirs.cpu.toFixed( 2 ) : '-' }), ratio ${ n.theirs ? ( n.ours.wall / n.theirs.wall ).toFixed( 3 ) : '-' } (load ${ before })` );
		}
	} );
}
console.log( '\nMedians over runs' );
roots.forEach( ( root, i ) => {
	const { chromium, node } = results[ i ];
	if ( chromium.length ) {
		console.log( `${ root }: Chromium wall ${ median( chromium.map( ( c ) => c.median ) ).toFixed( 1 ) } µs/call, main-thread CPU with delivery ${ median( chromium.map( ( c ) => c.cpuWithDelivery ) ).toFixed( 1 ) } µs/event` );
	}
	if ( node.length && node[ 0 ].theirs ) {
		console.log( `${ root }: Node ratio wall ${ median( node.map( ( n ) => n.ours.wall / n.theirs.wall ) ).toFixed( 3 ) }, CPU ${ median( node.map( ( n ) => n.ours.cpu / n.theirs.cpu ) ).toFixed( 3 ) } (ours ${ median( node.map( ( n ) => n.ours.wall ) ).toFixed( 2 ) } µs, upstream ${ median( node.map( ( n ) => n.theirs.wall ) ).toFixed( 2 ) } µs)` );
	}
} );
console.log( `load average at the end: ${ load() }` );
