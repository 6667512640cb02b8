import { invalidDataDetail, Outcome, OutcomeDetail, PrivacySignal } from '../../core/outcome';
import type { JsonValue } from '../../core/types';

/** Message text by key and parameters (mw.message( key, ...params ).text() on a wiki). */
export type Messages = ( key: string, ...params: ( string | number )[] ) => string;

/** Why the reader is or is not in an experiment (ExperimentManager::explain on the server). */
export interface ExperimentExplanation {
	unit: string;
	rate: number;
	/** The subject's position in [0, 1), or null without a subject for the unit. */
	position: number | null;
	group: string | null;
	why: 'enrolled' | 'overridden' | 'edge' | 'refused' | 'off' | 'not_started' | 'ended' | 'not_targeted' | 'no_subject' | 'out_of_rate';
}

const json = ( value: JsonValue | undefined ): string => value === undefined ? '—' : JSON.stringify( value );

/**
 * A share as people read it: 0.25 → "25 %", 0.3333 → "33.33 %".
 *
 * @param rate 0–1
 */
export function percent( rate: number ): string {
	return `${ Math.round( rate * 10000 ) / 100 } %`;
}

/**
 * A position in [0, 1] with enough digits to compare with a rate.
 *
 * @param place
 */
export function position( place: number | undefined | null ): string {
	return typeof place === 'number' && !isNaN( place ) ? place.toFixed( 4 ) : '—';
}

/**
 * The plain words for an outcome's reason (messages `metricsplatform-inspector-reason-<code>`).
 *
 * @param outcome
 * @param msg
 * @param signal for `refused_privacy`: which signal refuses, as the inspector sees it
 */
export function reasonWords( outcome: Outcome, msg: Messages, signal?: PrivacySignal | null ): string {
	const d: OutcomeDetail = outcome.detail || {};
	const key = 'metricsplatform-inspector-reason-' + outcome.code.replace( /_/g, '-' );
	switch ( outcome.code ) {
		case 'unknown_stream':
			return msg( key, outcome.stream || '?' );
		case 'expired':
			return msg( key, d.end || '?', d.definition || outcome.stream );
		case 'disabled':
			return msg( key, d.problem || '?' );
		case 'out_of_sample':
			return msg( key, d.unit || '?', position( d.position ), percent( d.rate || 0 ) );
		case 'curated_out':
			return msg( key, d.attribute || '?', d.operator || '?', json( d.operand ), json( d.value ) );
		case 'invalid_data': {
			const facts = d.field ? d : invalidDataDetail( d.problem || '' );
			return msg( key, facts.field || '?', facts.limit || '?', d.problem || '' );
		}
		case 'refused_privacy':
			return msg( key, msg( 'metricsplatform-inspector-signal-' + ( signal || 'unknown' ).replace( /_/g, '-' ) ) );
		case 'experiment_unenrolled':
		case 'overridden':
			return msg( key, d.experiment || '?', d.group || '?' );
		case 'delivery_retrying':
		case 'delivery_failed':
		case 'refused_by_intake':
			return msg( key, d.message || ( d.status ? 'HTTP ' + d.status : '?' ) );
		default:
			return msg( key );
	}
}

/**
 * One experiment in plain words: the group or why not, with unit, position and rate.
 *
 * @param name
 * @param e
 * @param msg
 */
export function experimentWords( name: string, e: ExperimentExplanation, msg: Messages ): string {
	return msg( 'metricsplatform-inspector-exp-' + e.why.replace( /_/g, '-' ), name, e.group || '—', e.unit, position( e.position ), percent( e.rate ) );
}
