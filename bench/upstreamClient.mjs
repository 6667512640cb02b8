/**
 * The upstream Metrics Platform JavaScript client (as EventLogging ships it in
 * modules/lib/metrics-platform), read at run time from a local git copy of
 * wikimedia/mediawiki-extensions-EventLogging, never committed here. Used by bench/run.mjs to time
 * one event through both clients in the same process.
 *
 * Where: $MP_UPSTREAM_EVENTLOGGING (a clone or git directory), else the copy that the session's
 * search tool fetches (github:wikimedia/mediawiki-extensions-EventLogging).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const FILES = [ 'MetricsClient', 'ContextController', 'SamplingController', 'DefaultEventSubmitter', 'Context', 'StreamConfig' ];
const CANDIDATES = [ process.env.MP_UPSTREAM_EVENTLOGGING, '/work/.mirror/wikimedia+mediawiki-extensions-EventLogging/repo' ].filter( Boolean );

/**
 * Copies the upstream client's files into the cache folder and loads its MetricsClient.
 *
 * @param {string} root the repository (files go to .cache/upstream-metrics-platform)
 * @return {{ MetricsClient: Function, commit: string } | { missing: string }}
 */
export function loadUpstreamClient( root ) {
	const gitDir = CANDIDATES.find( ( dir ) => existsSync( dir ) );
	if ( !gitDir ) {
		return { missing: 'no local copy of wikimedia/mediawiki-extensions-EventLogging (set MP_UPSTREAM_EVENTLOGGING)' };
	}
	const git = ( ...args ) => execFileSync( 'git', [ '--git-dir', existsSync( path.join( gitDir, '.git' ) ) ? path.join( gitDir, '.git' ) : gitDir, ...args ], { encoding: 'utf8' } );
	const out = path.join( root, '.cache/upstream-metrics-platform' );
	mkdirSync( out, { recursive: true } );
	for ( const name of FILES ) {
		writeFileSync( path.join( out, name + '.js' ), git( 'show', `HEAD:modules/lib/metrics-platform/${ name }.js` ) );
	}
	return { MetricsClient: createRequire( import.meta.url )( path.join( out, 'MetricsClient.js' ) ), commit: git( 'rev-parse', '--short', 'HEAD' ).trim() };
}

/**
 * One submitInteraction through the upstream client: the same stream configs and context as ours,
 * a static context (like its test integration), events handed to a no-op submitter.
 *
 * @param {Function} MetricsClient the upstream constructor
 * @param {Object} streamConfigs `{ streams: { … } }`
 * @param {Object} context contextual attributes
 * @param {string} hostname
 * @return {{ submit: Function, submitted: Function }} the call to time, and how many events it sent
 */
export function upstreamSubmit( MetricsClient, streamConfigs, context, hostname ) {
	let submitted = 0;
	const integration = { getHostname: () => hostname, getContextAttributes: () => context };
	const logger = { logWarning: () => undefined, error: () => undefined };
	const client = new MetricsClient( integration, logger, streamConfigs.streams, { submitEvent: () => {
		submitted++;
	} } );
	const data = { action_source: 'toolbar', element_id: 'save-button' };
	return {
		submit: () => client.submitInteraction( 'test.consistency', '/analytics/product_metrics/web/base/1.3.0', 'click', data ),
		submitted: () => submitted
	};
}
