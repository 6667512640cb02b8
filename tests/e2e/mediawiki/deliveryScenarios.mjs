/* global window, mw, localStorage, Storage, PageTransitionEvent, navigator */
/**
 * Delivery faults in the real wiki (issue 12), each in a fresh browser profile, through the fault
 * proxy in front of the intake: two tabs, a slow intake and a reader who leaves, intake 500 and
 * leave at once, 100 large events and the keepalive quota, and the storage writes after 3,000 calls.
 */

const WEB = '/analytics/product_metrics/web/base/1.3.0';

/**
 * @param {Object} t what the suite offers
 * @param {string} [t.only] run only the scenarios whose name contains this (debugging)
 * @param {Object} t.browser playwright browser
 * @param {Object} t.proxy the fault proxy (see faultProxy.mjs)
 * @param {Object} t.sink the intake's store
 * @param {Function} t.scenario runs and reports one scenario
 * @param {Function} t.expect throws with a message when false
 * @param {Function} t.open opens a wiki page and waits for the every-page module
 */
export async function deliveryScenarios( { only, browser, proxy, sink, scenario: run, expect, open } ) {
	const scenario = ( name, fn ) => !only || name.includes( only ) ? run( name, fn ) : undefined;
	async function waitFor( check, timeout, what ) {
		const end = Date.now() + timeout;
		while ( Date.now() < end ) {
			if ( await check() ) {
				return;
			}
			await new Promise( ( r ) => setTimeout( r, 100 ) );
		}
		throw new Error( `timed out after ${ timeout } ms waiting for ${ what }` );
	}
	async function stored( action ) {
		return ( await sink.recent( 'e2e.pageview', 100000 ) ).filter( ( e ) => e.event.action === action ).map( ( e ) => e.event.meta.id );
	}
	/**
	 * @param {Object} page a playwright page
	 * @return {Promise<string[]>} its origin's outbox keys
	 */
	const leftovers = ( page ) => page.evaluate( () => Object.keys( localStorage ).filter( ( k ) => /^mp-(outbox|batch):/.test( k ) ) );
	const builderReady = ( page ) => page.waitForFunction( () => mw.loader.getState( 'ext.metricsPlatform.builder' ) === 'ready', null, { timeout: 20000 } );
	/**
	 * Loads the event builder first, so that the calls become events at once (delivery's path, not the kept-calls path).
	 *
	 * @param {Object} page a playwright page
	 * @return {Promise<void>}
	 */
	const warm = ( page ) => page.evaluate( () => Promise.race( [ mw.loader.using( 'ext.metricsPlatform.builder' ), new Promise( ( r ) => setTimeout( r, 15000 ) ) ] ) );
	const submit = ( page, action, count, pad = 0 ) => page.evaluate( ( [ schema, a, n, p ] ) => {
		for ( let i = 0; i < n; i++ ) {
			mw.metricsPlatform.submitInteraction( 'e2e.pageview', schema, a, { element_id: 'e' + i, action_context: 'x'.repeat( p ) } );
		}
	}, [ WEB, action, count, pad ] );
	const sum = ( list ) => list.reduce( ( a, b ) => a + b, 0 );

	await scenario( 'two tabs, intake failing: the second tab never takes over the live tab’s events (10 copies, not 20)', async () => {
		const context = await browser.newContext();
		try {
			proxy.mode = 'error500';
			const a = await context.newPage();
			await open( a, 'Main_Page' );
			await warm( a );
			await submit( a, 'e2e_two_tabs', 10 );
			await waitFor( async () => ( proxy.refused.get( 'e2e_two_tabs' ) || 0 ) >= 2 && ( await leftovers( a ) ).length > 0, 20000, 'tab A retrying with its events in storage' );
			const b = await context.newPage();
			await open( b, 'Main_Page' );
			// Tab B finds A's keys once idle and loads the builder to look at them.
			await builderReady( b );
			await b.waitForTimeout( 1500 );
			proxy.mode = 'pass';
			await waitFor( async () => ( await stored( 'e2e_two_tabs' ) ).length >= 10, 30000, '10 events stored' );
			await waitFor( async () => ( await leftovers( a ) ).length === 0, 30000, 'both tabs done (storage empty)' );
			const copies = proxy.copies( 'e2e_two_tabs' );
			expect( copies.length === 10 && sum( copies ) === 10, `copies that reached the intake: ${ sum( copies ) } of ${ copies.length } ids` );
			return `A retried against 500s; B opened, looked and left A's live outbox alone; ${ sum( copies ) } copies of 10 ids reached the intake`;
		} finally {
			proxy.mode = 'pass';
			await context.close();
		}
	} );

	await scenario( 'slow intake, reader leaves 1.6 s after 10 calls: the next page does not re-send what is in flight', async () => {
		const context = await browser.newContext();
		try {
			proxy.mode = 'slow';
			proxy.slowMs = 3000;
			const p = await context.newPage();
			await open( p, 'Main_Page' );
			await warm( p );
			await submit( p, 'e2e_slow_leave', 10 );
			await p.waitForTimeout( 1600 );
			await open( p, 'Special:BlankPage' );
			proxy.mode = 'pass';
			await builderReady( p );
			// A marker from the next page: when it has arrived, whatever that page sent before it has too.
			await p.waitForTimeout( 500 );
			await submit( p, 'e2e_slow_leave_marker', 1 );
			await p.evaluate( () => mw.metricsPlatform.flush() );
			await waitFor( async () => ( await stored( 'e2e_slow_leave_marker' ) ).length === 1, 20000, 'the marker' );
			await waitFor( async () => ( await stored( 'e2e_slow_leave' ) ).length === 10, 20000, 'the 10 events (the slow request)' );
			const copies = proxy.copies( 'e2e_slow_leave' );
			expect( sum( copies ) === 10, `${ sum( copies ) } copies reached the intake by the time the next page's marker arrived` );
			return `10 stored from the request in flight; the next page held the batch (it may still be in flight) and sent only its marker: ${ sum( copies ) } copies`;
		} finally {
			proxy.mode = 'pass';
			await context.close();
		}
	} );

	await scenario( 'intake 500, reader leaves at once: nothing lost once the intake recovers and the reader is on a later page', async () => {
		const context = await browser.newContext();
		try {
			proxy.mode = 'error500';
			const p = await context.newPage();
			await open( p, 'Main_Page' );
			await warm( p );
			await submit( p, 'e2e_500_leave', 10 );
			await open( p, 'Special:BlankPage' );
			await waitFor( () => ( proxy.refused.get( 'e2e_500_leave' ) || 0 ) >= 1, 10000, 'the beacon answered 500' );
			proxy.mode = 'pass';
			await waitFor( async () => ( await stored( 'e2e_500_leave' ) ).length === 10, 30000, 'the 10 events, re-sent by the later page' );
			const copies = proxy.copies( 'e2e_500_leave' );
			expect( sum( copies ) === 10, `${ sum( copies ) } copies` );
			return `the beacon got a 500; the later page re-sent the 10 events once the answer window passed: 10 stored, ${ sum( copies ) } copies`;
		} finally {
			proxy.mode = 'pass';
			await context.close();
		}
	} );

	await scenario( 'intake busy (503, Retry-After: 3): the retry waits at least 3 s', async () => {
		const context = await browser.newContext();
		try {
			proxy.mode = 'busy';
			proxy.retryAfter = '3';
			const p = await context.newPage();
			await open( p, 'Main_Page' );
			await warm( p );
			await submit( p, 'e2e_retry_after', 3 );
			await waitFor( () => ( proxy.refused.get( 'e2e_retry_after' ) || 0 ) >= 2, 20000, 'a retry' );
			proxy.mode = 'pass';
			await waitFor( async () => ( await stored( 'e2e_retry_after' ) ).length === 3, 20000, 'the 3 events' );
			const at = proxy.refusedAt.get( 'e2e_retry_after' );
			const gap = at[ 1 ] - at[ 0 ];
			expect( gap >= 2900, `retried ${ gap } ms after the 503` );
			return `503 with Retry-After: 3 (readable across origins through Access-Control-Expose-Headers); retried after ${ gap } ms`;
		} finally {
			proxy.mode = 'pass';
			await context.close();
		}
	} );

	await scenario( '100 large calls (~900 B each, more than 64 KiB in all): every batch accepted by the browser on the first try, 0 refused', async () => {
		const context = await browser.newContext();
		try {
			const p = await context.newPage();
			await open( p, 'Main_Page' );
			await warm( p );
			await p.evaluate( () => {
				const seen = window.e2eFetches = [];
				const original = window.fetch;
				window.fetch = function ( url, init ) {
					const entry = { keepalive: !!( init && init.keepalive ), bytes: init && typeof init.body === 'string' ? new Blob( [ init.body ] ).size : 0, refused: false };
					seen.push( entry );
					return original.apply( this, arguments ).catch( ( e ) => {
						entry.refused = true;
						throw e;
					} );
				};
			} );
			await submit( p, 'e2e_quota', 100 );
			await waitFor( async () => ( await stored( 'e2e_quota' ) ).length === 100, 20000, '100 events stored' );
			const fetches = await p.evaluate( () => window.e2eFetches );
			const copies = proxy.copies( 'e2e_quota' );
			const refused = fetches.filter( ( f ) => f.refused ).length;
			const bytes = fetches.map( ( f ) => f.bytes );
			expect( refused === 0, `${ refused } of ${ fetches.length } requests refused by the browser` );
			expect( sum( copies ) === 100, `${ sum( copies ) } copies: each event on its first try` );
			const average = Math.round( sum( bytes ) / 100 );
			expect( sum( bytes ) > 65536, `${ sum( bytes ) } B in all: more than one keepalive quota` );
			return `${ fetches.length } requests (${ fetches.map( ( f ) => `${ f.bytes } B${ f.keepalive ? ' keepalive' : '' }` ).join( ', ' ) }), ~${ average } B per event, ${ refused } refused, 100 copies for 100 events`;
		} finally {
			await context.close();
		}
	} );

	// What storage costs after 3,000 calls, in what load cannot change: the writes and their bytes
	// (their time is a benchmark figure: bench/chromiumPerCall.mjs, `npm run bench`). The design's
	// bounds: a batch body is written at most once and never rewritten (append-only), so bodies add up
	// to no more than what was sent; the index (small) is written at most once per save delay (2 s)
	// while something changes, once per lease renewal (30 s), and at hide and pagehide.
	await scenario( '3,000 calls in one page view: storage written append-only, on a bounded timer (setItem calls and bytes)', async () => {
		const context = await browser.newContext();
		try {
			const p = await context.newPage();
			await open( p, 'Main_Page' );
			await warm( p );
			await p.evaluate( () => {
				const measured = window.e2eStorage = { writes: [], sent: 0, start: window.performance.now() };
				const original = Storage.prototype.setItem;
				Storage.prototype.setItem = function ( key, value ) {
					if ( String( key ).indexOf( 'mp-' ) === 0 ) {
						measured.writes.push( { key: String( key ), chars: String( value ).length } );
					}
					return original.call( this, key, value );
				};
				const fetch = window.fetch;
				window.fetch = function ( url, init ) {
					if ( String( url ).includes( '/v1/events' ) && init && typeof init.body === 'string' ) {
						measured.sent += init.body.length;
					}
					return fetch.apply( this, arguments );
				};
				const beacon = navigator.sendBeacon.bind( navigator );
				navigator.sendBeacon = ( url, data ) => {
					measured.sent += String( data ).length;
					return beacon( url, data );
				};
			} );
			for ( let round = 0; round < 30; round++ ) {
				await submit( p, 'e2e_storage_cost', 100, 100 );
				await p.waitForTimeout( 50 );
			}
			const arrived = await waitFor( async () => ( await stored( 'e2e_storage_cost' ) ).length === 3000, 30000, '3,000 events stored' ).then( () => '', ( e ) => e.message );
			// The page goes away: what it writes then counts too.
			const t = await p.evaluate( () => {
				window.dispatchEvent( new PageTransitionEvent( 'pagehide', { persisted: false } ) );
				return Object.assign( { ms: window.performance.now() - window.e2eStorage.start }, window.e2eStorage );
			} );
			const bodies = t.writes.filter( ( w ) => w.key.startsWith( 'mp-batch:' ) );
			const indexes = t.writes.filter( ( w ) => w.key.startsWith( 'mp-outbox:' ) );
			const others = t.writes.filter( ( w ) => !bodies.includes( w ) && !indexes.includes( w ) );
			const bodyChars = sum( bodies.map( ( w ) => w.chars ) );
			const indexChars = sum( indexes.map( ( w ) => w.chars ) );
			const indexBound = Math.ceil( t.ms / 2000 ) + Math.ceil( t.ms / 30000 ) + 2;
			expect( new Set( bodies.map( ( w ) => w.key ) ).size === bodies.length, `a batch body written twice: ${ bodies.map( ( w ) => w.key ).join( ', ' ) }` );
			expect( bodyChars <= t.sent, `batch bodies of ${ bodyChars } chars written for ${ t.sent } chars sent: something was written twice` );
			expect( indexes.length <= indexBound, `${ indexes.length } index writes in ${ Math.round( t.ms ) } ms (at most ${ indexBound })` );
			// An entry of the index is ~30 chars; it lists the batches kept (at most one per body written).
			expect( indexes.every( ( w ) => w.chars <= 100 + 40 * bodies.length ), `an index of ${ Math.max( 0, ...indexes.map( ( w ) => w.chars ) ) } chars` );
			expect( others.length === 0, `other writes: ${ others.map( ( w ) => w.key ).join( ', ' ) }` );
			expect( !arrived, arrived );
			return `${ t.writes.length } localStorage.setItem calls of the extension for 3,000 calls and a pagehide in ${ ( t.ms / 1000 ).toFixed( 1 ) } s: ${ bodies.length } batch bodies (${ bodyChars } chars, each written once; ${ t.sent } chars sent), ${ indexes.length } index writes (≤ ${ indexBound }; ${ indexChars } chars); the time is in npm run bench`;
		} finally {
			await context.close();
		}
	} );
}
