/* The demo page: a MediaWiki-like page environment, the standalone client against the local intake,
   a few instrumented elements, and a live view of what became of each call: readable rows, a chart of
   accepted events per stream, refusals from the intake's trace, and calls dropped in the browser. */
( function () {
	'use strict';
	const loggedIn = document.getElementById( 'logged-in' );
	// What mw.config would hold on a real wiki.
	const config = {
		wgArticleId: 30715282, wgTitle: 'Dark_Souls', wgNamespaceNumber: 0, wgDBname: 'demowiki', skin: 'vector-2022'
	};
	/**
	 * 20 hex digits, as mw.user makes page view and session ids.
	 *
	 * @return {string}
	 */
	function token() {
		const bytes = crypto.getRandomValues( new Uint8Array( 10 ) );
		return Array.from( bytes, ( b ) => ( b < 16 ? '0' : '' ) + b.toString( 16 ) ).join( '' );
	}
	const pageviewId = token();
	const sessionId = sessionStorage.getItem( 'mp-demo-session' ) || token();
	sessionStorage.setItem( 'mp-demo-session', sessionId );
	document.getElementById( 'mp-trace-link' ).href = '/v1/trace?pageview=' + pageviewId;

	const table = window.mpDemoRows.createCallTable( document.getElementById( 'mp-calls' ), document.getElementById( 'mp-announce' ), 200 );
	const chart = window.mpDemoChart.createStreamChart( document.getElementById( 'mp-chart' ), document.getElementById( 'mp-chart-summary' ) );
	chart.render();
	setInterval( chart.render, 5000 );

	/** meta.id of the events counted in the chart (the stored ones and the live feed may overlap). */
	const counted = new Set();
	function count( stream, id, receivedAt ) {
		if ( !counted.has( id ) ) {
			counted.add( id );
			chart.add( stream, Date.parse( receivedAt ) );
		}
	}

	/** The last warning the client gave (it says each distinct problem once per page). */
	let lastWarning = '';

	/** Asks the intake what it refused of this page view's events (its accepted ones come live). */
	function readTrace() {
		fetch( '/v1/trace?pageview=' + pageviewId ).then( ( r ) => r.ok ? r.json() : null ).then( ( trace ) => {
			if ( trace ) {
				trace.refused.slice().reverse().forEach( table.refused );
			}
		} ).catch( () => {} );
	}
	let traceTimers = [];
	/** After a call: look at the trace once the client's linger (1 s) and the request are over. */
	function traceSoon() {
		traceTimers.forEach( clearTimeout );
		traceTimers = [ 2000, 5000 ].map( ( ms ) => setTimeout( readTrace, ms ) );
	}

	fetch( 'streams.json' ).then( ( r ) => r.json() ).then( ( streamConfigs ) => {
		const client = window.MetricsPlatform.createMetricsClient( {
			// The intake's streams, and one it does not declare: its events are refused there.
			streamConfigs: Object.assign( {}, streamConfigs, {
				'demo.preview': {
					schema_title: 'analytics/product_metrics/web/base',
					producers: { metrics_platform_client: { provide_values: [ 'performer_pageview_id', 'performer_session_id' ] } }
				}
			} ),
			domain: location.hostname,
			intakeUrl: '/v1/events',
			// Read for every event, so the checkbox takes effect at once.
			context: () => ( {
				page: { id: config.wgArticleId, title: config.wgTitle, namespace_id: config.wgNamespaceNumber },
				mediawiki: { skin: config.skin, database: config.wgDBname },
				performer: Object.assign( { pageview_id: pageviewId, session_id: sessionId }, loggedIn.checked ? { is_logged_in: true, edit_count: 12 } : { is_logged_in: false } )
			} ),
			warn: ( message ) => {
				// eslint-disable-next-line no-console
				console.warn( '[MetricsPlatform] ' + message );
				lastWarning = message;
			}
		} );

		/**
		 * Makes a call and notes it as dropped when nothing was queued for the intake.
		 *
		 * @param {string} stream
		 * @param {string} action
		 * @param {Function} call
		 */
		function track( stream, action, call ) {
			const before = client.pending();
			lastWarning = '';
			call();
			if ( client.pending() > before ) {
				traceSoon();
			} else {
				table.dropped( stream, action, lastWarning.replace( /^Event for stream "[^"]*" not sent: /, '' ) );
			}
		}

		document.addEventListener( 'click', ( e ) => {
			const el = e.target.closest( '[data-mp-click], [data-mp-editor], [data-mp-dispatch], [data-mp-preview]' );
			if ( !el ) {
				return;
			}
			e.preventDefault();
			if ( el.dataset.mpClick ) {
				track( 'demo.clicks', 'click', () => client.submitClick( 'demo.clicks', { element_id: el.id, element_friendly_name: el.dataset.mpClick } ) );
			} else if ( el.dataset.mpEditor ) {
				track( 'demo.editors', el.dataset.mpEditor, () => client.submitInteraction( 'demo.editors', '/analytics/product_metrics/web/base/1.3.0', el.dataset.mpEditor, { element_id: el.id } ) );
			} else if ( el.dataset.mpPreview ) {
				track( 'demo.preview', 'click', () => client.submitClick( 'demo.preview', { element_id: el.id } ) );
			} else {
				track( 'demo_search', 'dispatch', () => client.dispatch( el.dataset.mpDispatch, { action_source: 'header', action_context: document.getElementById( 'searchInput' ).value.slice( 0, 100 ) } ) );
			}
		} );
		window.demoClient = client;
	} );

	// What the intake stored before this page opened, for the chart.
	[ 'demo.clicks', 'demo.editors' ].forEach( ( stream ) => {
		fetch( '/v1/streams/' + stream + '/events?limit=500' ).then( ( r ) => r.ok ? r.json() : [] ).then( ( stored ) => {
			stored.forEach( ( s ) => count( s.stream, s.id, s.event.meta.dt ) );
			chart.render();
		} ).catch( () => {} );
	} );

	const live = new EventSource( '/v1/live' );
	live.onopen = () => {
		document.getElementById( 'mp-status' ).textContent = '(live)';
	};
	live.onmessage = ( e ) => {
		const event = JSON.parse( e.data );
		table.accepted( event, !!event.performer && event.performer.pageview_id === pageviewId );
		count( event.meta.stream, event.meta.id, event.meta.dt );
		chart.render();
	};
}() );
