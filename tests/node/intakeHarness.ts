/**
 * Starts the real intake on a free loopback port for a test, with an in-memory SQLite store.
 */
import path from 'node:path';
import { createIntake, Intake, IntakeOptions } from '../../intake/src/server';
import { createSqliteSink } from '../../intake/src/sqliteSink';
import type { EventSink } from '../../intake/src/sink';

export const SCHEMAS_DIR = path.resolve( __dirname, '../../../schemas' );
export const WEB = '/analytics/product_metrics/web/base/1.3.0';

export const STREAMS = {
	'test.web': {
		schema_title: 'analytics/product_metrics/web/base',
		producers: { metrics_platform_client: { provide_values: [ 'page_id' ] } },
	},
	'test.ua': {
		producers: { metrics_platform_client: { provide_values: [ 'agent_ua_string' ] } },
	},
	'test.other_title': { schema_title: 'analytics/other' },
};

export interface RunningIntake {
	intake: Intake;
	url: string;
	sink: EventSink;
	logs: string[];
}

/**
 * @param sink the store (default: SQLite in memory)
 * @param streamConfigs declared streams
 * @param options more intake options (e.g. readAccess)
 */
export async function startIntake( sink: EventSink = createSqliteSink( ':memory:' ), streamConfigs: unknown = STREAMS, options: Partial<IntakeOptions> = {} ): Promise<RunningIntake> {
	const logs: string[] = [];
	const intake = createIntake( Object.assign( { streamConfigs, schemasDir: SCHEMAS_DIR, sink, log: ( m: string ) => logs.push( m ), corsOrigins: [ 'https://wiki.example.org' ] }, options ) );
	const url = await intake.listen( 0 );
	return { intake, url, sink, logs };
}

let n = 0;
/**
 * A valid web base event for `stream`.
 *
 * @param stream a declared stream
 * @param extra fields to add or replace
 */
export function validEvent( stream = 'test.web', extra: Record<string, unknown> = {} ): Record<string, unknown> {
	n++;
	return Object.assign( {
		$schema: WEB,
		action: 'click',
		agent: { client_platform: 'mediawiki_js', client_platform_family: 'desktop_browser' },
		dt: '2026-11-23T12:00:00.000Z',
		meta: { stream, domain: 'test.wiki.local', id: `00000000-0000-4000-8000-${ String( n ).padStart( 12, '0' ) }-${ Math.random().toString( 16 ).slice( 2, 8 ) }` },
	}, extra );
}

/**
 * POSTs a body to the intake.
 *
 * @param url base URL
 * @param body a string, or a value to serialize
 * @param headers extra headers
 * @param query e.g. `?hasty=true`
 */
export async function post( url: string, body: unknown, headers: Record<string, string> = {}, query = '' ): Promise<{ status: number; body: string; headers: Headers }> {
	const res = await fetch( `${ url }/v1/events${ query }`, {
		method: 'POST',
		headers: Object.assign( { 'Content-Type': 'application/json' }, headers ),
		body: typeof body === 'string' ? body : JSON.stringify( body ),
	} );
	return { status: res.status, body: await res.text(), headers: res.headers };
}
