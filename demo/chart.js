/* The demo's chart: accepted events per stream over the last 5 minutes, in 10-second buckets, as
   stacked SVG bars, with a legend that is also the chart's text alternative. */
( function () {
	'use strict';

	const SVG = 'http://www.w3.org/2000/svg';
	const BUCKET_MS = 10000;
	const BUCKETS = 30;
	const WIDTH = 300;
	const HEIGHT = 84;
	/** Room at the bottom for the axis labels. */
	const AXIS = 12;
	const COLOURS = [ '#36c', '#14866d', '#ac6600', '#795cb2', '#d73333' ];

	function element( name, attributes, text ) {
		const el = document.createElementNS( SVG, name );
		Object.keys( attributes ).forEach( ( key ) => el.setAttribute( key, String( attributes[ key ] ) ) );
		if ( text !== undefined ) {
			el.textContent = text;
		}
		return el;
	}

	/**
	 * @param {SVGSVGElement} svg
	 * @param {HTMLElement} legend the text summary (the svg is labelled by it)
	 * @return {{add: Function, render: Function}}
	 */
	function createStreamChart( svg, legend ) {
		/** stream → times (ms) of its events within the window */
		const times = new Map();
		const colours = new Map();

		function colourOf( stream ) {
			if ( !colours.has( stream ) ) {
				colours.set( stream, COLOURS[ colours.size % COLOURS.length ] );
			}
			return colours.get( stream );
		}

		function render() {
			const now = Date.now();
			const start = now - BUCKETS * BUCKET_MS;
			const counts = [];
			let max = 1;
			const streams = Array.from( times.keys() ).sort();
			streams.forEach( ( stream ) => {
				const list = times.get( stream ).filter( ( t ) => t > start && t <= now );
				times.set( stream, list );
				const buckets = new Array( BUCKETS ).fill( 0 );
				list.forEach( ( t ) => {
					buckets[ Math.min( BUCKETS - 1, Math.floor( ( t - start ) / BUCKET_MS ) ) ]++;
				} );
				counts.push( { stream, buckets, total: list.length } );
			} );
			for ( let b = 0; b < BUCKETS; b++ ) {
				max = Math.max( max, counts.reduce( ( sum, c ) => sum + c.buckets[ b ], 0 ) );
			}
			while ( svg.firstChild ) {
				svg.removeChild( svg.firstChild );
			}
			const barWidth = WIDTH / BUCKETS;
			const scale = ( HEIGHT - AXIS ) / max;
			for ( let b = 0; b < BUCKETS; b++ ) {
				let y = HEIGHT - AXIS;
				counts.forEach( ( c ) => {
					const n = c.buckets[ b ];
					if ( n ) {
						y -= n * scale;
						svg.appendChild( element( 'rect', {
							x: b * barWidth + 1, y, width: barWidth - 2, height: n * scale, fill: colourOf( c.stream ),
							class: 'mp-bar', 'data-stream': c.stream, 'data-count': n
						} ) );
					}
				} );
			}
			svg.appendChild( element( 'line', { x1: 0, y1: HEIGHT - AXIS, x2: WIDTH, y2: HEIGHT - AXIS, stroke: '#a2a9b1' } ) );
			svg.appendChild( element( 'text', { x: 0, y: HEIGHT - 2, 'font-size': 9, fill: '#54595d' }, '−5 min' ) );
			svg.appendChild( element( 'text', { x: WIDTH, y: HEIGHT - 2, 'font-size': 9, fill: '#54595d', 'text-anchor': 'end' }, 'now' ) );
			svg.appendChild( element( 'text', { x: 2, y: 9, 'font-size': 9, fill: '#54595d' }, 'max ' + max + ' per 10 s' ) );

			while ( legend.firstChild ) {
				legend.removeChild( legend.firstChild );
			}
			if ( !counts.length ) {
				legend.textContent = 'No events in the last 5 minutes.';
				return;
			}
			counts.forEach( ( c ) => {
				const item = document.createElement( 'span' );
				item.className = 'mp-legend-item';
				item.dataset.stream = c.stream;
				const swatch = document.createElement( 'span' );
				swatch.className = 'mp-swatch';
				swatch.style.background = colourOf( c.stream );
				swatch.setAttribute( 'aria-hidden', 'true' );
				item.appendChild( swatch );
				item.appendChild( document.createTextNode( c.stream + ': ' + c.total + ' event' + ( c.total === 1 ? '' : 's' ) ) );
				legend.appendChild( item );
			} );
		}

		return {
			/**
			 * Counts one accepted event.
			 *
			 * @param {string} stream
			 * @param {number} time its receive time, ms since the epoch
			 */
			add( stream, time ) {
				if ( !times.has( stream ) ) {
					times.set( stream, [] );
				}
				times.get( stream ).push( time );
			},
			render
		};
	}

	window.mpDemoChart = { createStreamChart };
}() );
