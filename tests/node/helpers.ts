/**
 * Test helpers: a core client over fake ports that records what it sends and warns.
 */
import { createCoreClient, MetricsClient } from '../../modules/src/core/client';
import { createIdGenerator } from '../../modules/src/core/identifiers';
import type { CorePorts } from '../../modules/src/core/ports';
import type { ContextAttributes, MetricsEvent, SampleUnit } from '../../modules/src/core/types';

export interface Harness {
	client: MetricsClient;
	sent: MetricsEvent[];
	warnings: string[];
}

let seed = 1;
/**
 * Deterministic bytes, so a failing run can be replayed.
 *
 * @param bytes
 */
export function seededFill( bytes: Uint8Array ): void {
	for ( let i = 0; i < bytes.length; i++ ) {
		seed = ( Math.imul( seed, 1103515245 ) + 12345 ) >>> 0;
		bytes[ i ] = seed >>> 24;
	}
}

/**
 * A core client whose ports record into arrays.
 *
 * @param streamConfigs stream configs in any form
 * @param context nested contextual attributes
 * @param overrides other ports to replace
 */
export function harness( streamConfigs: unknown, context: ContextAttributes = {}, overrides: Partial<CorePorts> = {} ): Harness {
	const sent: MetricsEvent[] = [];
	const warnings: string[] = [];
	const client = createCoreClient( Object.assign( {
		streamConfigs,
		domain: 'test.wiki.local',
		context: () => context,
		token: ( unit: SampleUnit, ctx: ContextAttributes ) => {
			const value = ctx.performer && ctx.performer[ unit + '_id' ];
			return typeof value === 'string' ? value : 'eeeeeeeeeeeeeeeeeeee';
		},
		now: () => Date.UTC( 2026, 10, 23, 12, 0, 0, 5 ),
		ids: createIdGenerator( seededFill ),
		warn: ( m: string ) => warnings.push( m ),
		send: ( e: MetricsEvent ) => sent.push( e ),
	}, overrides ) );
	return { client, sent, warnings };
}

/**
 * A copy of an event without the fields that differ on every run.
 *
 * @param event a sent event
 */
export function stable( event: MetricsEvent ): Record<string, unknown> {
	const copy = JSON.parse( JSON.stringify( event ) );
	delete copy.dt;
	delete copy.meta.id;
	return copy;
}

/** One call of a contract vector; `calls` are made on what the call returned (an instrument). */
export interface Call {
	method: string;
	args: unknown[];
	calls?: Call[];
}

/**
 * Replays a fixture's calls on a client (or on an instrument).
 *
 * @param target the client
 * @param calls from the vector
 */
export function replay( target: unknown, calls: Call[] ): void {
	for ( const call of calls ) {
		const result = ( target as Record<string, ( ...a: unknown[] ) => unknown> )[ call.method ]( ...call.args );
		if ( call.calls ) {
			replay( result, call.calls );
		}
	}
}
