/**
 * The inspector's list and words: one row per call, delivery states and the intake's trace merged
 * into it by meta.id, the filter, and each reason in plain words with its facts.
 */
import { JSDOM } from 'jsdom';
import type { Outcome } from '../../../modules/src/core/outcome';
import { createInspectorModel, matchesFilter, rowState } from '../../../modules/src/mw/inspector/inspectorModel';
import { createInspectorPanel } from '../../../modules/src/mw/inspector/inspectorPanel';
import { attributeSource } from '../../../modules/src/mw/inspector/inspectorSources';
import { experimentWords, reasonWords } from '../../../modules/src/mw/inspector/inspectorWords';
import en from '../../../i18n/en.json';

/**
 * The English messages with $n filled in, as mw.message( key, …params ).text() gives them.
 *
 * @param key
 * @param params
 */
const msg = ( key: string, ...params: ( string | number )[] ): string => {
	const text = ( en as unknown as Record<string, string> )[ key ];
	if ( text === undefined ) {
		throw new Error( 'no message ' + key );
	}
	return text.replace( /\$(\d)/g, ( _m, n ) => String( params[ Number( n ) - 1 ] ) );
};

const o = ( code: Outcome[ 'code' ], extra: Partial<Outcome> = {} ): Outcome => Object.assign( { code, stream: 's', action: 'click', time: 0 }, extra );

QUnit.module( 'mw/inspector', () => {
	QUnit.test( 'one row per call; its delivery states and the trace join it by meta.id', ( assert ) => {
		const model = createInspectorModel();
		const a = model.add( o( 'queued', { id: 'a', event: { $schema: 'x', dt: 'd', meta: { stream: 's', id: 'a' }, performer: { pageview_id: 'pv1', session_id: 'se1' } } } ) );
		model.add( o( 'unknown_stream', { stream: 'nope' } ) );
		assert.strictEqual( model.add( o( 'sent', { id: 'a' } ) ), a );
		assert.strictEqual( rowState( a ), 'sent' );
		model.add( o( 'accepted', { id: 'a' } ) );
		assert.deepEqual( a.history.map( ( h ) => h.code ), [ 'queued', 'sent', 'accepted' ] );
		assert.deepEqual( model.subjects(), { pageview: [ 'pv1' ], session: [ 'se1' ] } );
		assert.deepEqual( model.awaitingTrace(), [ a ] );
		const changed = model.applyTrace( { accepted: [], refused: [ { id: 'a', reason: 'must NOT have more than 64 characters', path: '/action_source', received: '2026-11-30T12:01:03Z' } ] } );
		assert.deepEqual( changed, [ a ] );
		assert.strictEqual( rowState( a ), 'refused_by_intake' );
		assert.deepEqual( a.intake, { accepted: false, received: '2026-11-30T12:01:03Z', reason: '/action_source must NOT have more than 64 characters' } );
		assert.deepEqual( model.applyTrace( { refused: [ { id: 'a', reason: 'must NOT have more than 64 characters', path: '/action_source', received: '2026-11-30T12:01:03Z' } ] } ), [], 'the same verdict again changes nothing' );
		assert.deepEqual( model.awaitingTrace(), [] );
		assert.strictEqual( model.rows.length, 2 );
		assert.deepEqual( model.applyTrace( 'nonsense' as never ), [], 'a broken trace answer is ignored' );
	} );

	QUnit.test( 'the filter: every word in the stream, action, code or words', ( assert ) => {
		const model = createInspectorModel();
		const row = model.add( o( 'out_of_sample', { stream: 'web.clicks', action: 'save' } ) );
		assert.true( matchesFilter( row, 'Not sent: out of sample', '' ) );
		assert.true( matchesFilter( row, 'Not sent: out of sample', 'web.clicks SAVE' ) );
		assert.true( matchesFilter( row, '', 'out_of_sample' ) );
		assert.false( matchesFilter( row, 'Not sent', 'curated' ) );
	} );

	QUnit.test( 'each reason in plain words, with its facts', ( assert ) => {
		const words = [
			reasonWords( o( 'unknown_stream', { stream: 'e2e.nope' } ), msg ),
			reasonWords( o( 'out_of_sample', { detail: { unit: 'session', rate: 0.1, position: 0.5 } } ), msg ),
			reasonWords( o( 'curated_out', { detail: { attribute: 'performer_is_logged_in', operator: 'equals', operand: false, value: true } } ), msg ),
			reasonWords( o( 'invalid_data', { detail: { problem: 'action_source is 70 characters, more than 64' } } ), msg ),
			reasonWords( o( 'refused_privacy' ), msg, 'gpc' ),
			reasonWords( o( 'expired', { detail: { end: '2026-01-01T00:00:00Z', definition: 'web.old' } } ), msg ),
			reasonWords( o( 'refused_by_intake', { detail: { status: 207, message: '/action_source must NOT have more than 64 characters' } } ), msg ),
			reasonWords( o( 'overridden', { detail: { experiment: 'exp', group: 'control' } } ), msg ),
		];
		assert.deepEqual( words, [
			'Not sent: the stream "e2e.nope" is not configured on this wiki.',
			'Not sent: out of sample. This session is at position 0.5000; the stream takes those below 10 %.',
			'Not sent: filtered out by the stream\'s rule performer_is_logged_in equals false (the event had true).',
			'Not sent: invalid data in action_source (must be at most 64 characters). action_source is 70 characters, more than 64',
			'Not sent: you refuse usage data (Global Privacy Control).',
			'Not sent: the stream\'s definition web.old ended on 2026-01-01T00:00:00Z.',
			'The intake refused it: /action_source must NOT have more than 64 characters',
			'Not sent: the experiment exp is forced to group control by ?mpo=, and forced experiments send nothing.',
		] );
		assert.strictEqual( experimentWords( 'sticky', { unit: 'session', rate: 0.1, position: 0.42, group: null, why: 'out_of_rate' }, msg ),
			'sticky: not enrolled; this session is at position 0.4200, outside the rate 10 %.' );
	} );

	QUnit.test( 'every reason code and experiment explanation has its message', ( assert ) => {
		const codes: Outcome[ 'code' ][] = [ 'queued', 'sent', 'accepted', 'unknown_stream', 'expired', 'disabled', 'out_of_sample', 'curated_out', 'invalid_data', 'refused_privacy', 'not_opted_in', 'experiment_unenrolled', 'overridden', 'delivery_retrying', 'delivery_failed', 'refused_by_intake' ];
		codes.forEach( ( code ) => assert.true( reasonWords( o( code ), msg ).length > 0, code ) );
		[ 'enrolled', 'overridden', 'edge', 'refused', 'off', 'not_started', 'ended', 'not_targeted', 'no_subject', 'out_of_rate' ].forEach( ( why ) => assert.true( experimentWords( 'x', { unit: 'user', rate: 1, position: null, group: null, why: why as never }, msg ).length > 0, why ) );
	} );

	QUnit.test( 'where attributes come from', ( assert ) => {
		assert.deepEqual( [ attributeSource( 'page_title' ), attributeSource( 'performer_session_id' ), attributeSource( 'performer_edit_count_bucket' ) ],
			[ 'mw.config wgTitle', 'the session cookie mwuser-sessionId', 'logged in (wgUserName), mw.config wgUserEditCount' ] );
	} );

	QUnit.test( 'the panel: a labelled region; rows update in place; the filter hides; dropped calls announced', ( assert ) => {
		const dom = new JSDOM( '<!doctype html><body></body>' );
		const model = createInspectorModel();
		const panel = createInspectorPanel( model, {
			document: dom.window.document, msg,
			words: ( row ) => reasonWords( row.delivery || row.call, msg ),
			streamConfig: () => null,
			sourceOf: attributeSource,
		} );
		const doc = dom.window.document;
		const a = model.add( o( 'queued', { id: 'a', stream: 'web.a', event: { $schema: 'x', dt: 'd', meta: { stream: 'web.a', id: 'a' } } } ) );
		panel.render( a );
		panel.render( model.add( o( 'curated_out', { stream: 'web.b', detail: { attribute: 'page_id', operator: 'equals', operand: 1 } } ) ) );
		panel.render( model.add( o( 'sent', { id: 'a' } ) ) );
		const rows = [ ...doc.querySelectorAll( 'li' ) ];
		assert.deepEqual( rows.map( ( li ) => li.getAttribute( 'data-code' ) ), [ 'sent', 'curated_out' ] );
		assert.strictEqual( doc.getElementById( 'mp-inspector' )!.getAttribute( 'role' ), 'region' );
		assert.true( /rule page_id equals 1/.test( String( doc.querySelector( '[aria-live]' )!.textContent ) ), 'the dropped call announced' );
		const filter = doc.getElementById( 'mp-inspector-filter' ) as HTMLInputElement;
		filter.value = 'web.b';
		filter.dispatchEvent( new dom.window.Event( 'input' ) );
		assert.deepEqual( rows.map( ( li ) => li.hidden ), [ true, false ] );
		dom.window.close();
	} );
} );
