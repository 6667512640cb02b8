/* The demo's table of calls: one readable row per event (time of the call, stream, action, key
   attributes, outcome), its raw JSON one click away in a disclosure. Rows are keyed by meta.id, so an
   event seen twice (live feed, then trace) stays one row. */
( function () {
	'use strict';

	/** Interaction fields worth reading at a glance, with their labels. */
	const KEY_FIELDS = [
		[ 'element_id', 'element' ],
		[ 'element_friendly_name', 'name' ],
		[ 'action_source', 'source' ],
		[ 'action_context', 'context' ],
		[ 'action_subtype', 'subtype' ],
		[ 'funnel_event_sequence_position', 'position' ]
	];

	function pad( n ) {
		return ( n < 10 ? '0' : '' ) + n;
	}

	/**
	 * hh:mm:ss in the browser's time zone, or '' for a missing or bad time.
	 *
	 * @param {string|number|null} time RFC 3339 text or ms since the epoch
	 * @return {string}
	 */
	function clock( time ) {
		const d = new Date( time === null || time === undefined ? NaN : time );
		return isNaN( d.getTime() ) ? '' : pad( d.getHours() ) + ':' + pad( d.getMinutes() ) + ':' + pad( d.getSeconds() );
	}

	/**
	 * "element: ca-edit · name: Edit · logged in, 5-99 edits"
	 *
	 * @param {Object} event an accepted event
	 * @return {string}
	 */
	function keyAttributes( event ) {
		const parts = [];
		KEY_FIELDS.forEach( ( field ) => {
			const value = event[ field[ 0 ] ];
			if ( value !== undefined && value !== null && value !== '' ) {
				parts.push( field[ 1 ] + ': ' + String( value ) );
			}
		} );
		const performer = event.performer || {};
		if ( typeof performer.is_logged_in === 'boolean' ) {
			parts.push( ( performer.is_logged_in ? 'logged in' : 'anonymous' ) + ( performer.edit_count_bucket ? ', ' + performer.edit_count_bucket : '' ) );
		}
		if ( event.page && event.page.title ) {
			parts.push( 'page: ' + event.page.title );
		}
		return parts.join( ' · ' );
	}

	function cell( row, text, className ) {
		const td = document.createElement( 'td' );
		td.textContent = text;
		if ( className ) {
			td.className = className;
		}
		row.appendChild( td );
		return td;
	}

	/**
	 * @param {HTMLTableElement} table where rows go, newest first: one tbody per call (its row, and a
	 *  row with its raw JSON, hidden until its button is pressed)
	 * @param {HTMLElement} announce a polite live region: one short sentence per new row
	 * @param {number} maxRows calls kept (the oldest go first)
	 * @return {Object} accepted( event, mine ), refused( entry ), dropped( stream, action, reason ), has( id )
	 */
	function createCallTable( table, announce, maxRows ) {
		const byId = new Map();
		let serial = 0;

		/**
		 * Adds (or replaces) a call.
		 *
		 * @param {Object} r
		 * @param {string|null} r.id meta.id, when known
		 * @param {string} r.kind 'accepted', 'refused' or 'dropped'
		 * @param {string} r.time when the call happened (or, failing that, arrived)
		 * @param {string} r.stream
		 * @param {string} r.action
		 * @param {string} r.details key attributes
		 * @param {string} r.outcome in words
		 * @param {Object|string} r.raw what to show as JSON
		 * @param {boolean} [r.mine] whether this page made the call
		 */
		function put( r ) {
			const group = document.createElement( 'tbody' );
			group.className = 'mp-event mp-' + r.kind + ( r.mine ? ' mp-mine' : '' );
			if ( r.id ) {
				group.dataset.id = r.id;
			}
			const row = document.createElement( 'tr' );
			cell( row, clock( r.time ), 'mp-time' );
			cell( row, r.stream || '—', 'mp-stream' );
			cell( row, r.action || '—', 'mp-action' );
			const details = cell( row, r.details + ' ', 'mp-details' );
			cell( row, r.outcome, 'mp-outcome' );
			const rawRow = document.createElement( 'tr' );
			rawRow.className = 'mp-raw-row';
			rawRow.hidden = true;
			const rawCell = document.createElement( 'td' );
			rawCell.colSpan = 5;
			const pre = document.createElement( 'pre' );
			pre.className = 'mp-raw';
			pre.id = 'mp-raw-' + ( ++serial );
			pre.textContent = typeof r.raw === 'string' ? r.raw : JSON.stringify( r.raw, null, 2 );
			rawCell.appendChild( pre );
			rawRow.appendChild( rawCell );
			const toggle = document.createElement( 'button' );
			toggle.type = 'button';
			toggle.className = 'mp-json-toggle';
			toggle.textContent = 'JSON';
			toggle.setAttribute( 'aria-expanded', 'false' );
			toggle.setAttribute( 'aria-controls', pre.id );
			toggle.setAttribute( 'aria-label', 'Show the raw JSON of this ' + ( r.kind === 'accepted' ? 'event' : 'entry' ) );
			toggle.addEventListener( 'click', () => {
				rawRow.hidden = !rawRow.hidden;
				toggle.setAttribute( 'aria-expanded', String( !rawRow.hidden ) );
			} );
			details.appendChild( toggle );
			group.appendChild( row );
			group.appendChild( rawRow );

			const old = r.id ? byId.get( r.id ) : null;
			if ( old ) {
				table.replaceChild( group, old );
			} else {
				table.insertBefore( group, table.tBodies[ 0 ] || null );
				announce.textContent = r.outcome + ': ' + ( r.stream || '' ) + ' ' + ( r.action || '' );
			}
			if ( r.id ) {
				byId.set( r.id, group );
			}
			while ( table.tBodies.length > maxRows ) {
				const last = table.tBodies[ table.tBodies.length - 1 ];
				byId.delete( last.dataset.id );
				table.removeChild( last );
			}
		}

		return {
			/**
			 * An event the intake accepted (from the live feed).
			 *
			 * @param {Object} event
			 * @param {boolean} mine
			 */
			accepted( event, mine ) {
				put( {
					id: event.meta.id, kind: 'accepted', time: event.dt || event.meta.dt, stream: event.meta.stream, action: event.action,
					details: keyAttributes( event ), outcome: 'accepted ' + clock( event.meta.dt ), raw: event, mine
				} );
			},
			/**
			 * An event the intake refused (from the trace of this page view).
			 *
			 * @param {Object} entry a refused entry of GET /v1/trace
			 */
			refused( entry ) {
				if ( entry.id && byId.has( entry.id ) ) {
					return;
				}
				put( {
					id: entry.id, kind: 'refused', time: entry.received, stream: entry.stream, action: '',
					details: entry.kind === 'invalid' ? 'failed its schema at ' + entry.path : 'refused before validation',
					outcome: 'refused by the intake: ' + entry.reason, raw: entry, mine: true
				} );
			},
			/**
			 * A call the client dropped before sending anything.
			 *
			 * @param {string} stream
			 * @param {string} action
			 * @param {string} reason the client's words, or '' when it said nothing new
			 */
			dropped( stream, action, reason ) {
				put( {
					id: null, kind: 'dropped', time: Date.now(), stream, action, details: 'nothing was sent',
					outcome: 'dropped in the browser: ' + ( reason || 'as before (the client says each reason once per page)' ),
					raw: { stream, action, reason }, mine: true
				} );
			},
			/**
			 * @param {string} id meta.id
			 * @return {boolean} whether a row has this id
			 */
			has( id ) {
				return byId.has( id );
			}
		};
	}

	window.mpDemoRows = { createCallTable, clock };
}() );
