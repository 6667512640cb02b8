/**
 * ResourceLoader module `ext.metricsPlatform.inspector`: the in-page inspector, loaded by the server
 * only for users who asked for it (the preference "show analytics events", or `?mpdebug=1`); nobody
 * else receives a byte of it. It listens on `mw.metricsPlatform.inspector`, takes what happened
 * before it arrived, and shows each call as it happens: stream, action, outcome and the reason in
 * plain words, the event as built, its delivery state live, and, with `$wgMetricsPlatformIntakeTraceUrl`,
 * what the intake's trace says (accepted at …, refused: …). It also prints the events built and the
 * calls stopped to the console.
 */
import { invalidDataDetail, Outcome, privacySignal, withExpiry } from '../core/outcome';
import { deliveryOutcomes, DeliveryReport } from '../core/outcomeDelivery';
import { createInspectorPanel } from '../mw/inspector/inspectorPanel';
import { attributeSource } from '../mw/inspector/inspectorSources';
import { createInspectorModel, InspectorRow, TraceAnswer } from '../mw/inspector/inspectorModel';
import { ExperimentExplanation, reasonWords } from '../mw/inspector/inspectorWords';
import type { InspectorHooks } from '../mw/mwEnvironment';
import type { MwMetricsPlatform, MwModuleConfig, MwUserSettings, QueuedCall } from '../mw/mwMetricsPlatform';
import { stoppedCallOutcomes } from '../mw/mwStoppedCall';
import type { Mw } from '../mw/mwTypes';

declare const mw: Mw & { message( key: string, ...params: ( string | number )[] ): { text(): string } };
declare const module: { exports: unknown };
declare function require( name: string ): unknown;

/** The module's config.json (ModuleConfig::forInspector). */
interface InspectorConfig {
	traceUrl: string;
	respectDoNotTrack: boolean;
	expired: Record<string, { end: string; definition?: string }>;
	streams: MwModuleConfig[ 'streams' ];
	gadgetStream: string;
}

const config = require( './config.json' ) as InspectorConfig;
const user = ( mw.config.get( 'wgMetricsPlatformUser' ) || {} ) as MwUserSettings;
const perUser = ( mw.config.get( 'wgMetricsPlatformInspector' ) || {} ) as { experiments?: Record<string, ExperimentExplanation> };
const api = mw.metricsPlatform as MwMetricsPlatform;
const hooks = api.inspector as InspectorHooks;
const nav = navigator as Navigator & { globalPrivacyControl?: boolean };
const signal = privacySignal( !!user.optOut, { doNotTrack: nav.doNotTrack || ( window as { doNotTrack?: string } ).doNotTrack, globalPrivacyControl: nav.globalPrivacyControl }, config.respectDoNotTrack );
const msg = ( key: string, ...params: ( string | number )[] ): string => mw.message( key, ...params ).text();
const model = createInspectorModel();

const words = ( row: InspectorRow ): string => row.intake ?
	( row.intake.accepted ? msg( 'metricsplatform-inspector-trace-accepted', row.intake.received ) : msg( 'metricsplatform-inspector-trace-refused', row.intake.reason || '?' ) ) :
	reasonWords( row.delivery || row.call, msg, signal );

const panel = createInspectorPanel( model, {
	document,
	msg,
	words,
	streamConfig: ( stream ) => api.getStreamConfig( stream ),
	sourceOf: attributeSource,
} );
panel.experiments( perUser.experiments || {} );

let traceTimer: ReturnType<typeof setTimeout> | null = null;
let traceTries = 0;

/** Asks the intake's trace about this page's events, until each has a verdict (at most 10 times). */
function askTrace(): void {
	traceTimer = null;
	const subjects = model.subjects();
	const queries = subjects.pageview.map( ( id ) => 'pageview=' + encodeURIComponent( id ) )
		.concat( subjects.session.map( ( id ) => 'session=' + encodeURIComponent( id ) ) );
	if ( !queries.length ) {
		return;
	}
	traceTries++;
	Promise.all( queries.map( ( q ) => fetch( config.traceUrl + ( !config.traceUrl.includes( '?' ) ? '?' : '&' ) + q, { credentials: 'omit' } )
		.then( ( r ) => r.ok ? r.json() as Promise<TraceAnswer> : {} ).catch( () => ( {} ) ) ) )
		.then( ( answers ) => {
			answers.forEach( ( answer ) => model.applyTrace( answer ).forEach( ( row ) => panel.render( row ) ) );
			scheduleTrace( 2000 );
		} );
}

/**
 * @param ms
 */
function scheduleTrace( ms: number ): void {
	if ( config.traceUrl && !traceTimer && traceTries < 10 && model.awaitingTrace().length ) {
		traceTimer = setTimeout( askTrace, ms );
	}
}

/**
 * Shows an outcome (and prints the events built and the calls the every-page module stopped).
 *
 * @param outcome
 * @param print
 */
function take( outcome: Outcome, print?: boolean ): void {
	let o = withExpiry( outcome, config.expired || {} );
	if ( o.code === 'invalid_data' && o.detail && o.detail.problem && !o.detail.field ) {
		o = Object.assign( {}, o, { detail: invalidDataDetail( o.detail.problem ) } );
	}
	const row = model.add( o );
	panel.render( row );
	if ( print || o.code === 'queued' ) {
		// eslint-disable-next-line no-console
		console.info( `[MetricsPlatform] ${ o.stream } ${ o.action || '' }: ${ words( row ) }`, o.event || o.detail || '' );
	}
	if ( o.code === 'sent' || o.code === 'accepted' ) {
		traceTries = 0;
		scheduleTrace( 1500 );
	}
}

const fromDelivery = ( report: DeliveryReport ): void => deliveryOutcomes( report, Date.now() ).forEach( ( o ) => take( o ) );
const stopped = ( call: QueuedCall, problem?: string ): void => stoppedCallOutcomes( call, problem, config as unknown as MwModuleConfig, user ).forEach( ( o ) => take( o, true ) );

// What happened before this module arrived, in order; then listen.
for ( const entry of hooks.early.splice( 0 ) ) {
	if ( entry[ 1 ] === 'delivery' ) {
		fromDelivery( entry[ 0 ] as DeliveryReport );
	} else if ( entry.length === 1 ) {
		take( entry[ 0 ] as Outcome );
	} else {
		stopped( entry[ 0 ] as QueuedCall, entry[ 1 ] as string | undefined );
	}
}
hooks.outcome = ( o ) => take( o );
hooks.delivery = fromDelivery;
hooks.call = stopped;

module.exports = { model, panel };
