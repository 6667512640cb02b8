/* The demo page: a MediaWiki-like page environment, the standalone client against the local intake,
   a few instrumented elements, and a live view of what the intake stores. */
( function () {
	'use strict';
	const loggedIn = document.getElementById( 'logged-in' );
	// What mw.config would hold on a real wiki.
	const config = {
		wgArticleId: 30715282, wgTitle: 'Dark_Souls', wgNamespaceNumber: 0, wgDBname: 'demowiki', skin: 'vector-2022'
	};

	fetch( 'streams.json' ).then( ( r ) => r.json() ).then( ( streamConfigs ) => {
		const client = window.MetricsPlatform.createMetricsClient( {
			streamConfigs,
			domain: location.hostname,
			intakeUrl: '/v1/events',
			// Read for every event, so the checkbox takes effect at once.
			context: () => ( {
				page: { id: config.wgArticleId, title: config.wgTitle, namespace_id: config.wgNamespaceNumber },
				mediawiki: { skin: config.skin, database: config.wgDBname },
				performer: loggedIn.checked ? { is_logged_in: true, edit_count: 12 } : { is_logged_in: false }
			} ),
			warn: ( message ) => {
				// eslint-disable-next-line no-console
				console.warn( '[MetricsPlatform] ' + message );
				show( { warning: message } );
			}
		} );
		document.addEventListener( 'click', ( e ) => {
			const el = e.target.closest( '[data-mp-click], [data-mp-editor], [data-mp-dispatch]' );
			if ( !el ) {
				return;
			}
			e.preventDefault();
			if ( el.dataset.mpClick ) {
				client.submitClick( 'demo.clicks', { element_id: el.id, element_friendly_name: el.dataset.mpClick } );
			} else if ( el.dataset.mpEditor ) {
				client.submitInteraction( 'demo.editors', '/analytics/product_metrics/web/base/1.3.0', el.dataset.mpEditor, { element_id: el.id } );
			} else {
				client.dispatch( el.dataset.mpDispatch, { action_source: 'header', action_context: document.getElementById( 'searchInput' ).value.slice( 0, 100 ) } );
			}
		} );
		window.demoClient = client;
	} );

	const list = document.getElementById( 'mp-events' );
	function show( item ) {
		const li = document.createElement( 'li' );
		const code = document.createElement( 'code' );
		if ( item.warning ) {
			li.textContent = 'client warning: ';
			code.textContent = item.warning;
		} else {
			li.textContent = item.meta.stream + ' — ' + item.action + ' (' + item.meta.dt + ')';
			li.className = 'mp-event';
			li.dataset.id = item.meta.id;
			code.textContent = JSON.stringify( item );
		}
		li.appendChild( code );
		list.insertBefore( li, list.firstChild );
	}
	const live = new EventSource( '/v1/live' );
	live.onopen = () => {
		document.getElementById( 'mp-status' ).textContent = '(live)';
	};
	live.onmessage = ( e ) => show( JSON.parse( e.data ) );
}() );
