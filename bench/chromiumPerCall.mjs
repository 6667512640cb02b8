/* global mw, window */
/**
 * µs per submitInteraction in Chromium, in the steady state, on a real MediaWiki 1.39 page
 * (build/servedBytes.mjs's throwaway wiki): the page has loaded the every-page module, the first call
 * has brought the event builder and delivery, and events go to a local intake. A benchmark, not a
 * test: it prints what it measured. Debian's Chromium through playwright-core.
 *
 * Figures per round of 100 calls, medians over the rounds after the JIT has warmed up:
 *  - wall (`median`): the calls' own time (performance.now around the loop), what a caller waits;
 *  - cpuWithDelivery: the main thread's CPU time (DevTools' Performance metrics in thread ticks, which
 *    a busy machine does not inflate the way it inflates wall time) from the calls until the batch
 *    has been sent (the work delivery does in a task of its own: serialising, the fetch), per event;
 *  - cpu: the same until DevTools answered after the calls; the full batch's task has usually run by
 *    then, so it is not the calls' CPU alone.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire( import.meta.url );
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const WEB = '/analytics/product_metrics/web/base/1.3.0';

const median = ( list ) => list.slice().sort( ( a, b ) => a - b )[ list.length >> 1 ];

/**
 * @param {string} wiki the wiki's base URL
 * @param {string} stream a configured, unsampled stream
 * @param {Object} [options] `profile`: write a V8 CPU profile of the
 *  measured rounds there; `debug`: load the page with debug=1
 * @return {Promise<{ median: number, min: number, max: number, cpu: number, cpuWithDelivery: number, rounds: number, calls: number } | { missing: string }>}
 */
export async function chromiumPerCall( wiki, stream, options = {} ) {
	if ( !existsSync( CHROMIUM ) ) {
		return { missing: CHROMIUM + ' not installed' };
	}
	const { chromium } = require( 'playwright-core' );
	const browser = await chromium.launch( { executablePath: CHROMIUM, args: [ '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking' ] } );
	try {
		const page = await ( await browser.newContext() ).newPage();
		const cdp = await page.context().newCDPSession( page );
		await cdp.send( 'Performance.enable', { timeDomain: 'threadTicks' } );
		const taskSeconds = async () => ( await cdp.send( 'Performance.getMetrics' ) ).metrics.find( ( m ) => m.name === 'TaskDuration' ).value;
		// debug=1 (readable module code) only to read a profile: ResourceLoader serves other files then.
		await page.goto( `${ wiki }/index.php/Main_Page${ options.debug ? '?debug=1' : '' }` );
		await page.waitForFunction( () => window.mw && mw.loader.getState( 'ext.metricsPlatform' ) === 'ready', null, { timeout: 30000 } );
		// The first call brings the builder; wait until it has run.
		await page.evaluate( ( [ s, schema ] ) => mw.metricsPlatform.submitInteraction( s, schema, 'warm_up' ), [ stream, WEB ] );
		await page.waitForFunction( () => mw.loader.getState( 'ext.metricsPlatform.builder' ) === 'ready', null, { timeout: 30000 } );
		const rounds = [];
		const CALLS = 100;
		const WARM_UP = 5;
		for ( let r = 0; r < 25; r++ ) {
			if ( r === WARM_UP && options.profile ) {
				await cdp.send( 'Profiler.enable' );
				await cdp.send( 'Profiler.setSamplingInterval', { interval: 50 } );
				await cdp.send( 'Profiler.start' );
			}
			const calls = ( n ) => page.evaluate( ( [ s, schema, count ] ) => {
				const data = { action_source: 'toolbar', element_id: 'save-button' };
				const start = performance.now();
				for ( let i = 0; i < count; i++ ) {
					mw.metricsPlatform.submitInteraction( s, schema, 'click', data );
				}
				return ( performance.now() - start ) * 1000 / count;
			}, [ stream, WEB, n ] );
			// The same round trip without calls: what DevTools itself costs the page, taken off below.
			const idle = await taskSeconds();
			await calls( 0 );
			const before = await taskSeconds();
			const wall = await calls( CALLS );
			const afterCalls = await taskSeconds();
			// Let delivery send between rounds, as a page would between bursts of clicks.
			await page.waitForTimeout( 250 );
			const afterDelivery = await taskSeconds();
			const overhead = before - idle;
			rounds.push( { wall, cpu: ( afterCalls - before - overhead ) * 1e6 / CALLS, cpuWithDelivery: ( afterDelivery - before - overhead ) * 1e6 / CALLS } );
		}
		if ( options.profile ) {
			const { profile } = await cdp.send( 'Profiler.stop' );
			writeFileSync( options.profile, JSON.stringify( profile ) );
		}
		// The first rounds warm the JIT up.
		const steady = rounds.slice( WARM_UP );
		const walls = steady.map( ( r ) => r.wall ).sort( ( a, b ) => a - b );
		return {
			median: median( walls ), min: walls[ 0 ], max: walls[ walls.length - 1 ],
			cpu: median( steady.map( ( r ) => r.cpu ) ),
			cpuWithDelivery: median( steady.map( ( r ) => r.cpuWithDelivery ) ),
			rounds: steady.length, calls: CALLS
		};
	} finally {
		await browser.close();
	}
}

/**
 * The time localStorage.setItem takes, in total, for the extension's writes over 3,000 calls in one
 * page view (30 rounds of 100, 50 ms apart, each with a 100-character field) and its pagehide: issue
 * 12's figure (target ≤ 10 ms). A benchmark: wall time, which a busy machine inflates; the writes'
 * number and bytes, which it does not, are checked by the MediaWiki e2e. A healthy intake answers
 * before the save timer (2 s), so nothing needs writing; with `answerAfterMs`, every answer comes
 * that late (the page's requests are answered by playwright), and what is unanswered is written.
 * Timed with performance.now (0.1 ms resolution in Chromium without cross-origin isolation).
 *
 * @param {string} wiki the wiki's base URL
 * @param {string} stream a configured, unsampled stream
 * @param {number} [answerAfterMs] delay of the intake's answers (0: the wiki's intake answers)
 * @return {Promise<{ ms: number, writes: number, chars: number, largest: number } | { missing: string }>}
 */
export async function chromiumStorageCost( wiki, stream, answerAfterMs = 0 ) {
	if ( !existsSync( CHROMIUM ) ) {
		return { missing: CHROMIUM + ' not installed' };
	}
	const { chromium } = require( 'playwright-core' );
	const browser = await chromium.launch( { executablePath: CHROMIUM, args: [ '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking' ] } );
	try {
		const page = await ( await browser.newContext() ).newPage();
		if ( answerAfterMs ) {
			await page.route( '**/v1/events', ( route ) => setTimeout( () => route.fulfill( { status: 201, headers: { 'Access-Control-Allow-Origin': '*' }, body: '' } ).catch( () => {} ), answerAfterMs ) );
		}
		await page.goto( `${ wiki }/index.php/Main_Page` );
		await page.waitForFunction( () => window.mw && mw.loader.getState( 'ext.metricsPlatform' ) === 'ready', null, { timeout: 30000 } );
		await page.evaluate( ( [ s, schema ] ) => mw.metricsPlatform.submitInteraction( s, schema, 'warm_up' ), [ stream, WEB ] );
		await page.waitForFunction( () => mw.loader.getState( 'ext.metricsPlatform.builder' ) === 'ready', null, { timeout: 30000 } );
		await page.evaluate( () => {
			const measured = window.benchStorage = { ms: 0, writes: 0, chars: 0, largest: 0 };
			// eslint-disable-next-line no-undef
			const original = Storage.prototype.setItem;
			// eslint-disable-next-line no-undef
			Storage.prototype.setItem = function ( key, value ) {
				const start = performance.now();
				try {
					return original.call( this, key, value );
				} finally {
					if ( String( key ).indexOf( 'mp-' ) === 0 ) {
						measured.ms += performance.now() - start;
						measured.writes++;
						measured.chars += String( value ).length;
						measured.largest = Math.max( measured.largest, String( value ).length );
					}
				}
			};
		} );
		for ( let round = 0; round < 30; round++ ) {
			await page.evaluate( ( [ s, schema ] ) => {
				for ( let i = 0; i < 100; i++ ) {
					mw.metricsPlatform.submitInteraction( s, schema, 'bench_storage', { element_id: 'e' + i, action_context: 'x'.repeat( 100 ) } );
				}
			}, [ stream, WEB ] );
			await page.waitForTimeout( 50 );
		}
		// The save timer (2 s) runs, then the page goes away.
		await page.waitForTimeout( 2500 );
		return await page.evaluate( () => {
			// eslint-disable-next-line no-undef
			window.dispatchEvent( new PageTransitionEvent( 'pagehide', { persisted: false } ) );
			return window.benchStorage;
		} );
	} finally {
		await browser.close();
	}
}
