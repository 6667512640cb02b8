/* global mw, window */
/**
 * µs per submitInteraction in Chromium, in the steady state, on a real MediaWiki 1.39 page
 * (build/servedBytes.mjs's throwaway wiki): the page has loaded the every-page module, the first call
 * has brought the event builder and delivery, and events go to a local intake. A benchmark, not a
 * test: it prints what it measured. Debian's Chromium through playwright-core.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire( import.meta.url );
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const WEB = '/analytics/product_metrics/web/base/1.3.0';

/**
 * @param {string} wiki the wiki's base URL
 * @param {string} stream a configured, unsampled stream
 * @return {Promise<{ median: number, min: number, max: number, rounds: number, calls: number } | { missing: string }>}
 */
export async function chromiumPerCall( wiki, stream ) {
	if ( !existsSync( CHROMIUM ) ) {
		return { missing: CHROMIUM + ' not installed' };
	}
	const { chromium } = require( 'playwright-core' );
	const browser = await chromium.launch( { executablePath: CHROMIUM, args: [ '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking' ] } );
	try {
		const page = await ( await browser.newContext() ).newPage();
		await page.goto( `${ wiki }/index.php/Main_Page` );
		await page.waitForFunction( () => window.mw && mw.loader.getState( 'ext.metricsPlatform' ) === 'ready', null, { timeout: 30000 } );
		// The first call brings the builder; wait until it has run.
		await page.evaluate( ( [ s, schema ] ) => mw.metricsPlatform.submitInteraction( s, schema, 'warm_up' ), [ stream, WEB ] );
		await page.waitForFunction( () => mw.loader.getState( 'ext.metricsPlatform.builder' ) === 'ready', null, { timeout: 30000 } );
		const rounds = [];
		const CALLS = 100;
		for ( let r = 0; r < 25; r++ ) {
			rounds.push( await page.evaluate( ( [ s, schema, n ] ) => {
				const data = { action_source: 'toolbar', element_id: 'save-button' };
				const start = performance.now();
				for ( let i = 0; i < n; i++ ) {
					mw.metricsPlatform.submitInteraction( s, schema, 'click', data );
				}
				return ( performance.now() - start ) * 1000 / n;
			}, [ stream, WEB, CALLS ] ) );
			// Let delivery send between rounds, as a page would between bursts of clicks.
			await page.waitForTimeout( 250 );
		}
		// The first rounds warm the JIT up.
		const steady = rounds.slice( 5 ).sort( ( a, b ) => a - b );
		return { median: steady[ steady.length >> 1 ], min: steady[ 0 ], max: steady[ steady.length - 1 ], rounds: steady.length, calls: CALLS };
	} finally {
		await browser.close();
	}
}
