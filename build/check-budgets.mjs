#!/usr/bin/env node
/**
 * Fails when a ResourceLoader module is over its size budget, measured as a wiki serves it
 * (build/servedBytes.mjs: MediaWiki 1.39's load.php, gzip -9, with every module it adds to a plain
 * page). A byte count, not a timing: the same on every machine. Needs PHP and Debian's MediaWiki;
 * without them it says so and exits 77 (skipped), or 1 where E2E_REQUIRED is set (.ci/run).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EVENTLOGGING_SERVED, SERVED_BUDGETS, servedBytes, servedBytesMissing } from './servedBytes.mjs';

const root = path.resolve( path.dirname( fileURLToPath( import.meta.url ) ), '..' );
const missing = servedBytesMissing();
if ( missing.length ) {
	console.log( `# size budgets skipped: ${ missing.join( ', ' ) } not installed (see .ci/run for the apt packages)` );
	// 77: skipped (build/test.mjs counts and names it).
	process.exitCode = process.env.E2E_REQUIRED ? 1 : 77;
} else {
	let over = 0;
	const { rows } = await servedBytes( root );
	for ( const row of rows ) {
		const budget = SERVED_BUDGETS[ row.name ];
		const ok = row.gainedGzipped <= budget;
		over += ok ? 0 : 1;
		console.log( `${ ok ? 'ok' : 'OVER BUDGET' } ${ row.name }: a page gains ${ row.gainedGzipped } B gzipped (budget ${ budget } B; ` +
			`${ row.gained.join( ' + ' ) }; the module alone ${ row.gzipped } B)` );
	}
	console.log( `# EventLogging, measured the same way: ${ EVENTLOGGING_SERVED } B` );
	process.exitCode = over ? 1 : 0;
}
