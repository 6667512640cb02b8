import { addedFields } from '../../core/outcome';
import type { MetricsEvent, StreamConfig } from '../../core/types';
import { InspectorModel, InspectorRow, isRowDropped, matchesFilter, rowState } from './inspectorModel';
import type { ExperimentExplanation, Messages } from './inspectorWords';
import { experimentWords } from './inspectorWords';

/** What the panel needs from the page. */
export interface PanelEnvironment {
	document: Document;
	msg: Messages;
	/** The plain words of a row's current state. */
	words( row: InspectorRow ): string;
	/** A stream's config as the page has it (for "added from where"), or null. */
	streamConfig( stream: string ): StreamConfig | null;
	/** Where each `provide_values` attribute is read on this wiki (mw.config keys, cookies…). */
	sourceOf( attribute: string ): string;
}

/** The panel: a region with a filter, the calls as they happen, and the experiments. */
export interface InspectorPanel {
	/** Shows a new row or the new state of a row. */
	render( row: InspectorRow ): void;
	/** The experiments and why (replaces what was shown). */
	experiments( explanations: Record<string, ExperimentExplanation> ): void;
	readonly root: HTMLElement;
}

const STYLE = `
.mp-inspector{position:fixed;right:8px;bottom:8px;z-index:1000;width:30em;max-width:calc(100vw - 16px);max-height:60vh;display:flex;flex-direction:column;
 background:#fff;color:#202122;border:1px solid #a2a9b1;border-radius:2px;box-shadow:0 2px 6px rgba(0,0,0,.25);font:13px/1.4 sans-serif}
.mp-inspector header{display:flex;gap:6px;align-items:center;padding:4px 6px;background:#eaecf0;border-bottom:1px solid #a2a9b1}
.mp-inspector h2{font-size:13px;margin:0;padding:0;border:0;font-family:sans-serif;flex:1}
.mp-inspector input{flex:1;min-width:6em}
.mp-inspector .mp-body{overflow:auto;padding:0 6px}
.mp-inspector[data-collapsed] .mp-body{display:none}
.mp-inspector ol{list-style:none;margin:0;padding:0}
.mp-inspector li{border-bottom:1px solid #eaecf0;padding:2px 0;margin:0}
.mp-inspector summary{cursor:pointer}
.mp-inspector summary:focus,.mp-inspector button:focus,.mp-inspector input:focus{outline:2px solid #36c}
.mp-inspector .mp-code{font-family:monospace;padding:0 3px;border-radius:2px;background:#d5fdf4}
.mp-inspector li[data-dropped] .mp-code{background:#fee7e6}
.mp-inspector pre{white-space:pre-wrap;word-break:break-all;max-height:15em;overflow:auto;background:#f8f9fa;margin:2px 0;font-size:12px}
.mp-inspector .mp-hidden{position:absolute;clip:rect(1px,1px,1px,1px);width:1px;height:1px;overflow:hidden}
`;

/**
 * Creates the panel and adds it to the page: a labelled region (`role=region`), a button that hides
 * and shows it (`aria-expanded`), a labelled filter, the calls as an ordered list whose rows are
 * native disclosure widgets (`details`/`summary`: Enter and Space open them), and an `aria-live`
 * note that announces calls that were not sent.
 *
 * @param model
 * @param env
 */
export function createInspectorPanel( model: InspectorModel, env: PanelEnvironment ): InspectorPanel {
	const doc = env.document;
	const msg = env.msg;
	const el = <K extends keyof HTMLElementTagNameMap>( tag: K, attrs?: Record<string, string>, text?: string ): HTMLElementTagNameMap[ K ] => {
		attrs = attrs || {};
		const node = doc.createElement( tag );
		Object.keys( attrs ).forEach( ( a ) => node.setAttribute( a, ( attrs as Record<string, string> )[ a ] ) );
		if ( text !== undefined ) {
			node.textContent = text;
		}
		return node;
	};
	const style = el( 'style', {}, STYLE );
	doc.head.appendChild( style );

	const root = el( 'section', { class: 'mp-inspector', role: 'region', 'aria-labelledby': 'mp-inspector-title', id: 'mp-inspector' } );
	const header = el( 'header' );
	const title = el( 'h2', { id: 'mp-inspector-title' }, msg( 'metricsplatform-inspector-title' ) );
	const count = el( 'span', { 'aria-hidden': 'true', class: 'mp-count' }, '0' );
	const filterId = 'mp-inspector-filter';
	const label = el( 'label', { for: filterId, class: 'mp-hidden' }, msg( 'metricsplatform-inspector-filter' ) );
	const filter = el( 'input', { type: 'search', id: filterId, placeholder: msg( 'metricsplatform-inspector-filter' ) } );
	const toggle = el( 'button', { type: 'button', 'aria-expanded': 'true', 'aria-controls': 'mp-inspector-body' }, msg( 'metricsplatform-inspector-hide' ) );
	header.append( title, count, label, filter, toggle );
	const body = el( 'div', { class: 'mp-body', id: 'mp-inspector-body' } );
	const empty = el( 'p', { class: 'mp-empty' }, msg( 'metricsplatform-inspector-empty' ) );
	const list = el( 'ol', { 'aria-label': msg( 'metricsplatform-inspector-calls' ) } );
	const expBox = el( 'details', { class: 'mp-experiments' } );
	const expList = el( 'ul' );
	expBox.append( el( 'summary', {}, msg( 'metricsplatform-inspector-experiments', 0 ) ), expList );
	const live = el( 'p', { class: 'mp-hidden', 'aria-live': 'polite' } );
	body.append( empty, list, expBox );
	root.append( header, body, live );
	doc.body.appendChild( root );

	toggle.addEventListener( 'click', () => {
		const open = toggle.getAttribute( 'aria-expanded' ) !== 'true';
		toggle.setAttribute( 'aria-expanded', String( open ) );
		toggle.textContent = msg( open ? 'metricsplatform-inspector-hide' : 'metricsplatform-inspector-show' );
		if ( open ) {
			root.removeAttribute( 'data-collapsed' );
		} else {
			root.setAttribute( 'data-collapsed', '' );
		}
	} );

	const items = new Map<InspectorRow, { li: HTMLLIElement; words: string }>();
	const applyFilter = ( row: InspectorRow ): void => {
		const item = items.get( row );
		if ( item ) {
			item.li.hidden = !matchesFilter( row, item.words, filter.value );
		}
	};
	filter.addEventListener( 'input', () => model.rows.forEach( applyFilter ) );

	/**
	 * The details of a row: the event as built, what was added from where, the delivery history.
	 *
	 * @param row
	 */
	function details( row: InspectorRow ): HTMLElement[] {
		const parts: HTMLElement[] = [];
		const event = row.call.event as MetricsEvent | undefined;
		if ( event ) {
			parts.push( el( 'div', {}, msg( 'metricsplatform-inspector-event' ) ), el( 'pre', { class: 'mp-event' }, JSON.stringify( event, null, 2 ) ) );
			const added = addedFields( event, env.streamConfig( row.call.stream ) ).map( ( a ) => a.name ?
				`${ a.field } ← ${ a.name } (${ env.sourceOf( a.name ) })` : `${ a.field } ← ${ a.from }` );
			parts.push( el( 'div', {}, msg( 'metricsplatform-inspector-added' ) ), el( 'pre', { class: 'mp-added' }, added.join( '\n' ) ) );
		} else if ( row.call.detail ) {
			parts.push( el( 'pre', { class: 'mp-detail' }, JSON.stringify( row.call.detail, null, 2 ) ) );
		}
		if ( row.history.length > 1 || row.intake ) {
			const steps = row.history.map( ( o ) => `${ new Date( o.time ).toISOString().slice( 11, 23 ) } ${ o.code }` );
			if ( row.intake ) {
				steps.push( row.intake.accepted ? msg( 'metricsplatform-inspector-trace-accepted', row.intake.received ) :
					msg( 'metricsplatform-inspector-trace-refused', row.intake.reason || '?' ) );
			}
			parts.push( el( 'div', {}, msg( 'metricsplatform-inspector-delivery' ) ), el( 'pre', { class: 'mp-history' }, steps.join( '\n' ) ) );
		}
		return parts;
	}

	return {
		root,
		render( row ) {
			let item = items.get( row );
			const isNew = !item;
			if ( !item ) {
				item = { li: el( 'li' ), words: '' };
				items.set( row, item );
				list.appendChild( item.li );
				empty.hidden = true;
			}
			const li = item.li;
			const state = rowState( row );
			item.words = env.words( row );
			const open = !!li.querySelector( 'details[open]' );
			li.textContent = '';
			li.setAttribute( 'data-code', state );
			li.setAttribute( 'data-call-code', row.call.code );
			li.setAttribute( 'data-stream', row.call.stream );
			if ( isRowDropped( row ) ) {
				li.setAttribute( 'data-dropped', '' );
			} else {
				li.removeAttribute( 'data-dropped' );
			}
			const box = el( 'details' );
			if ( open ) {
				box.setAttribute( 'open', '' );
			}
			const summary = el( 'summary' );
			summary.append(
				el( 'strong', { class: 'mp-stream' }, row.call.stream || '?' ), ' · ',
				el( 'span', { class: 'mp-action' }, row.call.action || '—' ), ' ',
				el( 'span', { class: 'mp-code' }, state ), ' ',
				el( 'span', { class: 'mp-reason' }, item.words ),
			);
			box.append( summary, ...details( row ) );
			li.appendChild( box );
			count.textContent = String( model.rows.length );
			applyFilter( row );
			if ( isNew && isRowDropped( row ) ) {
				live.textContent = `${ row.call.stream }: ${ item.words }`;
			}
		},
		experiments( explanations ) {
			const names = Object.keys( explanations || {} );
			( expBox.firstChild as HTMLElement ).textContent = msg( 'metricsplatform-inspector-experiments', names.length );
			expList.textContent = '';
			names.forEach( ( name ) => expList.appendChild( el( 'li', { 'data-experiment': name, 'data-why': explanations[ name ].why }, experimentWords( name, explanations[ name ], msg ) ) ) );
		},
	};
}
