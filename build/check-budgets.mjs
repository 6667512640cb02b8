#!/usr/bin/env node
/**
 * Fails when a ResourceLoader module's built file is over its size budget (gzipped minified bytes,
 * measured as `npm run bench` does). A byte count, not a timing: the same on every machine.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUDGETS, bundleSizes } from './bundleSizes.mjs';

const root = path.resolve( path.dirname( fileURLToPath( import.meta.url ) ), '..' );
let over = 0;
for ( const row of bundleSizes( root ) ) {
	const budget = BUDGETS[ row.name ];
	if ( budget !== undefined ) {
		const ok = row.gzipped <= budget;
		over += ok ? 0 : 1;
		console.log( `${ ok ? 'ok' : 'OVER BUDGET' } ${ row.name }: ${ row.gzipped } B gzipped (budget ${ budget } B)` );
	}
}
process.exitCode = over ? 1 : 0;
