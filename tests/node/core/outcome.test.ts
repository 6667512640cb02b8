/**
 * Every reason code of core/outcome.ts, each from the place that decides it, with its facts. Each
 * test names its code, and fails when that code is not made (or made with other facts).
 */
import fc from 'fast-check';
import { createDelivery, DeliveryPorts, SendResult } from '../../../modules/src/core/delivery';
import { addedFields, invalidDataDetail, isDropped, Outcome, privacySignal, REASON_CODES, withExpiry } from '../../../modules/src/core/outcome';
import { deliveryOutcomes, DeliveryReport } from '../../../modules/src/core/outcomeDelivery';
import type { ContextAttributes, MetricsEvent } from '../../../modules/src/core/types';
import { createExperimentsApi } from '../../../modules/src/mw/mwExperiments';
import { stoppedCallOutcomes } from '../../../modules/src/mw/mwStoppedCall';
import type { MwModuleConfig } from '../../../modules/src/mw/mwMetricsPlatform';
import { harness } from '../helpers';

const WEB = '/analytics/product_metrics/web/base/1.3.0';
// Session token 0x80000000… : position 2147483648 / 4294967295, written out here (not computed by the code).
const HALF_TOKEN = '80000000aaaaaaaaaaaa';
const HALF_POSITION = 2147483648 / 4294967295;
const CONTEXT: ContextAttributes = { page: { namespace_id: 0 }, performer: { is_logged_in: false, session_id: HALF_TOKEN, pageview_id: '00000000bbbbbbbbbbbb' } };
const STREAMS = {
	'web.open': { producers: { metrics_platform_client: { provide_values: [ 'page_namespace_id', 'performer_is_logged_in' ] } } },
	'web.sampled': { sample: { rate: 0.25, unit: 'session' } },
	'web.curated': { producers: { metrics_platform_client: { provide_values: [ 'performer_is_logged_in' ], curation: { performer_is_logged_in: { equals: true } } } } },
	'web.broken': { sample: { rate: 2, unit: 'session' } },
};

/**
 * A core client whose outcomes are collected.
 *
 * @param overrides other ports
 */
function observed( overrides: Record<string, unknown> = {} ): { outcomes: Outcome[]; h: ReturnType<typeof harness> } {
	const outcomes: Outcome[] = [];
	const h = harness( STREAMS, CONTEXT, Object.assign( { observer: () => ( o: Outcome ) => outcomes.push( o ) }, overrides ) );
	return { outcomes, h };
}

QUnit.module( 'core/outcome: every call gets an outcome with a reason code', () => {
	QUnit.test( 'queued: the event as built, and what was added from where', ( assert ) => {
		const { outcomes, h } = observed();
		h.client.submitInteraction( 'web.open', WEB, 'click', { element_id: 'x' } );
		assert.strictEqual( outcomes.length, 1 );
		const o = outcomes[ 0 ];
		assert.deepEqual( [ o.code, o.stream, o.action, o.id ], [ 'queued', 'web.open', 'click', h.sent[ 0 ].meta.id ] );
		assert.deepEqual( o.event, h.sent[ 0 ], 'the event that went to delivery' );
		assert.notStrictEqual( o.event, h.sent[ 0 ], 'a copy: the inspector cannot change what is sent' );
		assert.deepEqual( addedFields( o.event as MetricsEvent, STREAMS[ 'web.open' ] ), [
			{ field: 'dt', from: 'client' }, { field: 'meta.stream', from: 'client' }, { field: 'meta.domain', from: 'client' }, { field: 'meta.id', from: 'client' },
			{ field: 'agent.client_platform', from: 'client' }, { field: 'agent.client_platform_family', from: 'client' },
			{ field: 'page.namespace_id', from: 'provide_values', name: 'page_namespace_id' },
			{ field: 'performer.is_logged_in', from: 'provide_values', name: 'performer_is_logged_in' },
		] );
	} );

	QUnit.test( 'unknown_stream: a stream that is not configured, or a name that is not a string', ( assert ) => {
		const { outcomes, h } = observed();
		h.client.submitClick( 'web.nope', {} );
		h.client.submitInteraction( 42 as unknown as string, WEB, 'click' );
		assert.deepEqual( outcomes.map( ( o ) => [ o.code, o.stream, o.action ] ), [ [ 'unknown_stream', 'web.nope', 'click' ], [ 'unknown_stream', '', 'click' ] ] );
		assert.deepEqual( h.sent, [], 'nothing sent' );
	} );

	QUnit.test( 'disabled: a stream whose config is invalid, with why', ( assert ) => {
		const { outcomes, h } = observed();
		h.client.submitClick( 'web.broken', {} );
		assert.strictEqual( outcomes[ 0 ].code, 'disabled' );
		assert.true( /sample\.rate/.test( String( outcomes[ 0 ].detail && outcomes[ 0 ].detail.problem ) ), JSON.stringify( outcomes[ 0 ].detail ) );
	} );

	QUnit.test( 'expired: an unknown stream that the control plane lists as past its end', ( assert ) => {
		const { outcomes, h } = observed();
		h.client.submitClick( 'web.old', {} );
		h.client.submitClick( 'web.nope', {} );
		const expired = { 'web.old': { end: '2026-01-01T00:00:00Z', definition: 'web.old' } };
		assert.deepEqual( outcomes.map( ( o ) => withExpiry( o, expired ).code ), [ 'expired', 'unknown_stream' ] );
		assert.deepEqual( withExpiry( outcomes[ 0 ], expired ).detail, { end: '2026-01-01T00:00:00Z', definition: 'web.old' } );
	} );

	QUnit.test( 'out_of_sample: unit, rate and the subject’s position', ( assert ) => {
		const { outcomes, h } = observed();
		h.client.submitClick( 'web.sampled', {} );
		h.client.submit( 'web.sampled', { $schema: WEB, action: 'x' } );
		assert.deepEqual( outcomes.map( ( o ) => o.code ), [ 'out_of_sample', 'out_of_sample' ] );
		assert.deepEqual( outcomes[ 0 ].detail, { unit: 'session', rate: 0.25, position: HALF_POSITION } );
		assert.deepEqual( h.sent, [] );
	} );

	QUnit.test( 'out_of_sample, for any token and rate: exactly the calls not sent, position below the rate never', ( assert ) => {
		fc.assert( fc.property( fc.stringMatching( /^[0-9a-f]{20}$/ ), fc.double( { min: 0, max: 1, noNaN: true } ), ( token, rate ) => {
			const outcomes: Outcome[] = [];
			const h = harness( { s: { sample: { rate, unit: 'session' } } }, { performer: { session_id: token } }, { observer: () => ( o: Outcome ) => outcomes.push( o ) } );
			h.client.submitClick( 's', {} );
			const position = parseInt( token.slice( 0, 8 ), 16 ) / 4294967295;
			return outcomes.length === 1 && ( h.sent.length ? outcomes[ 0 ].code === 'queued' && position < rate :
				outcomes[ 0 ].code === 'out_of_sample' && outcomes[ 0 ].detail!.position === position && position >= rate );
		} ) );
		assert.true( true );
	} );

	QUnit.test( 'curated_out: the rule, and the value the event had', ( assert ) => {
		const { outcomes, h } = observed();
		h.client.submitClick( 'web.curated', {} );
		assert.deepEqual( [ outcomes[ 0 ].code, outcomes[ 0 ].detail ], [ 'curated_out', { attribute: 'performer_is_logged_in', operator: 'equals', operand: true, value: false } ] );
		assert.deepEqual( h.sent, [] );
	} );

	QUnit.test( 'invalid_data: the field and the limit', ( assert ) => {
		const { outcomes, h } = observed();
		h.client.submitInteraction( 'web.open', WEB, 'click', { action_context: 'c'.repeat( 8193 ) } );
		h.client.submitInteraction( 'web.open', WEB, 'click', { element_idd: 'typo' } );
		h.client.submitInteraction( 'web.open', WEB, 'a'.repeat( 65 ) );
		h.client.submitInteraction( 'web.open', WEB, 'click', { n: NaN } );
		h.client.newInstrument( 'web.open' ).submitInteraction( 'click', { element_id: 'e'.repeat( 65 ) } );
		assert.deepEqual( outcomes.map( ( o ) => o.code ), [ 'invalid_data', 'invalid_data', 'invalid_data', 'invalid_data', 'invalid_data' ] );
		const facts = outcomes.map( ( o ) => {
			const d = invalidDataDetail( String( o.detail && o.detail.problem ) );
			return [ d.field, d.limit ];
		} );
		assert.deepEqual( facts, [
			[ 'action_context', 'at most 8192 characters' ],
			[ 'element_idd', `a field of ${ WEB }` ],
			[ 'action', 'at most 64 characters' ],
			[ 'n', 'JSON: plain objects, arrays, strings, finite numbers, booleans, null' ],
			[ 'element_id', 'at most 64 characters' ],
		] );
		assert.deepEqual( h.sent, [] );
	} );

	QUnit.test( 'refused_privacy: the reader refuses (opt-out, Do Not Track, Global Privacy Control)', ( assert ) => {
		const { outcomes, h } = observed( { isEnabled: () => false } );
		h.client.submitClick( 'web.open', {} );
		h.client.submit( 'web.open', { $schema: WEB } );
		assert.deepEqual( outcomes.map( ( o ) => o.code ), [ 'refused_privacy', 'refused_privacy' ] );
		assert.deepEqual( [
			privacySignal( true, { doNotTrack: '1' }, true ),
			privacySignal( false, { doNotTrack: '1', globalPrivacyControl: true }, true ),
			privacySignal( false, { doNotTrack: 'yes' }, true ),
			privacySignal( false, { globalPrivacyControl: true }, true ),
			privacySignal( false, { doNotTrack: '1', globalPrivacyControl: true }, false ),
			privacySignal( false, { doNotTrack: '0' }, true ),
		], [ 'opt_out', 'dnt', 'dnt', 'gpc', null, null ] );
	} );

	QUnit.test( 'not_opted_in, refused_privacy and invalid_data of calls the every-page module stopped', ( assert ) => {
		const config = { streams: { 'web.a': { producers: { metrics_platform_client: { events: [ 'ev.' ] } } }, 'web.b': { producers: { metrics_platform_client: { events: [ 'ev.' ] } } } }, gadgetStream: 'mediawiki.gadget_interaction' } as unknown as MwModuleConfig;
		const codes = ( list: Outcome[] ): unknown[][] => list.map( ( o ) => [ o.code, o.stream, o.action ] );
		assert.deepEqual( codes( stoppedCallOutcomes( { m: 'gadget', a: [ 'G', 'open', {} ], t: 1 }, undefined, config, {} ) ), [ [ 'not_opted_in', 'mediawiki.gadget_interaction', 'open' ] ] );
		assert.deepEqual( codes( stoppedCallOutcomes( { m: 'gadget', a: [ 'G', 'open', {} ], t: 1 }, undefined, config, { gadgetOptIn: true } ) ), [ [ 'refused_privacy', 'mediawiki.gadget_interaction', 'open' ] ] );
		assert.deepEqual( codes( stoppedCallOutcomes( { m: 'dispatch', a: [ 'ev.save' ], t: 1 }, undefined, config, {} ) ), [ [ 'refused_privacy', 'web.a', 'ev.save' ], [ 'refused_privacy', 'web.b', 'ev.save' ] ] );
		const bad = stoppedCallOutcomes( { m: 'submitClick', a: [ 'web.a', {} ], t: 1 }, 'fn is a function', config, {} );
		assert.deepEqual( [ bad[ 0 ].code, bad[ 0 ].action, bad[ 0 ].detail ], [ 'invalid_data', 'click', { problem: 'fn is a function' } ] );
	} );

	QUnit.test( 'experiment_unenrolled and overridden: why an experiment event was not sent', ( assert ) => {
		const outcomes: Outcome[] = [];
		const sent: string[] = [];
		const api = createExperimentsApi( {
			enrolled: [ 'exp-a', 'exp-qa' ], assigned: { 'exp-a': 'treatment', 'exp-qa': 'control' }, overridden: [ 'exp-qa' ], flags: {}, streams: {},
		}, { submitInteraction: ( _s, _i, action ) => sent.push( action ) }, 'mediawiki.experiment_interaction', null, true, () => ( o ) => outcomes.push( o ) );
		api.getExperiment( 'exp-a' ).send( 'click' );
		api.getExperiment( 'exp-none' ).send( 'click' );
		api.getExperiment( 'exp-qa' ).sendExposure();
		assert.deepEqual( sent, [ 'click' ] );
		assert.deepEqual( outcomes.map( ( o ) => [ o.code, o.stream, o.detail ] ), [
			[ 'experiment_unenrolled', 'mediawiki.experiment_interaction', { experiment: 'exp-none', group: undefined, problem: undefined } ],
			[ 'overridden', 'mediawiki.experiment_interaction', { experiment: 'exp-qa', group: 'control', problem: undefined } ],
		] );
	} );

	QUnit.test( 'nobody listening: no outcome is made (no second token read, no copy), and a throwing listener changes nothing', ( assert ) => {
		let tokens = 0;
		const token = (): string => {
			tokens++;
			return HALF_TOKEN;
		};
		const silent = harness( STREAMS, CONTEXT, { token, observer: () => null } );
		silent.client.submitClick( 'web.sampled', {} );
		assert.strictEqual( tokens, 1, 'the sampling decision alone' );
		const listened = harness( STREAMS, CONTEXT, { token, observer: () => () => undefined } );
		tokens = 0;
		listened.client.submitClick( 'web.sampled', {} );
		assert.strictEqual( tokens, 2, 'the position for the inspector (so the count above can fail)' );
		const throwing = harness( STREAMS, CONTEXT, { observer: () => () => {
			throw new Error( 'broken inspector' );
		} } );
		throwing.client.submitClick( 'web.open', {} );
		assert.strictEqual( throwing.sent.length, 1, 'still sent' );
		assert.deepEqual( throwing.warnings.filter( ( w ) => /unexpectedly/.test( w ) ), [], 'and nothing to warn about' );
	} );

	QUnit.test( 'isDropped: which codes mean the event will not reach the intake', ( assert ) => {
		assert.deepEqual( REASON_CODES.filter( ( c ) => !isDropped( c ) ), [ 'queued', 'sent', 'accepted', 'delivery_retrying' ] );
	} );
} );

/**
 * Delivery over a post port answering with `answers` in turn, its reports collected.
 *
 * @param answers
 * @param maxAttempts
 */
function delivered( answers: SendResult[], maxAttempts = 5 ): { reports: DeliveryReport[]; add( e: MetricsEvent ): void; flush(): void } {
	const reports: DeliveryReport[] = [];
	let i = 0;
	const ports: DeliveryPorts = {
		post: () => answers[ Math.min( i++, answers.length - 1 ) ],
		instanceId: 'p',
		setTimer: () => 0,
		clearTimer: () => undefined,
		now: () => 1000,
		random: () => 0.5,
		warn: () => undefined,
		observer: () => ( r ) => reports.push( r ),
	};
	const d = createDelivery( { maxAttempts }, ports );
	return { reports, add: ( e ) => d.add( e ), flush: () => d.flush() };
}

const event = ( id: string ): MetricsEvent => ( { $schema: WEB, action: 'click', dt: '2026-11-30T00:00:00.000Z', meta: { stream: 'web.open', id } } );
const codesOf = ( reports: DeliveryReport[] ): string[] => reports.map( ( r ) => deliveryOutcomes( r, 0 ).map( ( o ) => `${ o.id }:${ o.code }` ).join( ',' ) );

QUnit.module( 'core/outcomeDelivery: delivery states by meta.id', () => {
	QUnit.test( 'sent, then accepted', ( assert ) => {
		const d = delivered( [ { status: 201 } ] );
		d.add( event( 'a' ) );
		d.add( event( 'b' ) );
		d.flush();
		assert.deepEqual( codesOf( d.reports ), [ 'a:sent,b:sent', 'a:accepted,b:accepted' ] );
	} );

	QUnit.test( 'refused_by_intake: the intake’s message for each refused event (207), the others accepted', ( assert ) => {
		const body = JSON.stringify( { invalid: [ { index: 1, meta: { id: 'b' }, context: { errors: [ { instancePath: '/action_source', message: 'must NOT have more than 64 characters' } ] } } ], error: [] } );
		const d = delivered( [ { status: 207, body } ] );
		d.add( event( 'a' ) );
		d.add( event( 'b' ) );
		d.flush();
		assert.deepEqual( codesOf( d.reports ), [ 'a:sent,b:sent', 'a:accepted,b:refused_by_intake' ] );
		assert.strictEqual( deliveryOutcomes( d.reports[ 1 ], 0 )[ 1 ].detail!.message, '/action_source must NOT have more than 64 characters' );
		const whole = deliveryOutcomes( { items: [ { event: event( 'c' ), json: null } ], status: 413, body: '{"error":"body larger than 4 MB"}', attempts: 0 }, 0 )[ 0 ];
		assert.deepEqual( [ whole.code, whole.detail!.message ], [ 'refused_by_intake', 'HTTP 413: body larger than 4 MB' ] );
	} );

	QUnit.test( 'delivery_retrying, then delivery_failed when this page has no attempt left', ( assert ) => {
		const d = delivered( [ { status: 503 } ], 2 );
		d.add( event( 'a' ) );
		d.flush();
		d.flush();
		assert.deepEqual( codesOf( d.reports ), [ 'a:sent', 'a:delivery_retrying', 'a:sent', 'a:delivery_failed' ] );
		assert.deepEqual( deliveryOutcomes( d.reports[ 3 ], 0 )[ 0 ].detail, { status: 503, attempts: 2, message: 'HTTP 503; kept for a later page' } );
	} );

	QUnit.test( 'a batch restored from storage (only its JSON) is still told apart by meta.id', ( assert ) => {
		const outcome = deliveryOutcomes( { items: [ { event: null, json: JSON.stringify( event( 'stored' ) ) } ], status: 0, attempts: 1 }, 0 )[ 0 ];
		assert.deepEqual( [ outcome.id, outcome.code, outcome.stream ], [ 'stored', 'delivery_retrying', 'web.open' ] );
	} );
} );
