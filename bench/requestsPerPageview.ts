/**
 * Requests per 100 events in one pageview: the core client and delivery, on a virtual clock, with a
 * post port that only counts. Three pageviews: a burst of 100 events; 100 events spread over a minute
 * (one every 0.6 s on average) with the default linger; the same with a 30 s linger. Each ends with
 * the page going away (pagehide).
 */
import sinon from 'sinon';
import { createCoreClient } from '../modules/src/core/client';
import { createDelivery, DeliveryOptions } from '../modules/src/core/delivery';
import { createIdGenerator } from '../modules/src/core/identifiers';
import streamConfigs from '../tests/fixtures/upstream-consistency/stream_configs.json';
import integration from '../tests/fixtures/upstream-consistency/integration_data.json';

interface Result {
	name: string;
	requests: number;
	beacons: number;
	events: number;
}

async function pageview( name: string, options: DeliveryOptions, gapsMs: number[] ): Promise<Result> {
	const clock = sinon.useFakeTimers();
	let requests = 0;
	let beacons = 0;
	let events = 0;
	let seed = 3;
	const delivery = createDelivery( options, {
		post: ( items ) => {
			requests++;
			events += items.length;
			return Promise.resolve( { status: 201 } );
		},
		beacon: ( items ) => {
			beacons++;
			events += items.length;
			return true;
		},
		instanceId: 'bench',
		setTimer: ( fn, ms ) => setTimeout( fn, ms ),
		clearTimer: ( h ) => clearTimeout( h as ReturnType<typeof setTimeout> ),
		now: () => Date.now(),
		random: () => 0.5,
		warn: () => undefined,
	} );
	const { hostname, ...context } = integration;
	const client = createCoreClient( {
		streamConfigs, domain: hostname, context: () => context,
		token: () => 'eeeeeeeeeeeeeeeeeeee', now: () => Date.now(),
		ids: createIdGenerator( ( b ) => {
			for ( let i = 0; i < b.length; i++ ) {
				seed = ( Math.imul( seed, 1103515245 ) + 12345 ) >>> 0;
				b[ i ] = seed >>> 24;
			}
		} ),
		warn: () => undefined, send: ( e ) => delivery.add( e ),
	} );
	for ( const gap of gapsMs ) {
		await clock.tickAsync( gap );
		client.submitInteraction( 'test.consistency', '/analytics/product_metrics/web/base/1.3.0', 'click', { element_id: 'button', action_source: 'toolbar' } );
	}
	await clock.tickAsync( 500 );
	delivery.leave();
	await clock.tickAsync( 1 );
	clock.restore();
	return { name, requests, beacons, events };
}

/** Runs the three pageviews. */
export async function requestsPerPageview(): Promise<Result[]> {
	let s = 11;
	const spread = Array.from( { length: 100 }, () => {
		s = ( Math.imul( s, 1664525 ) + 1013904223 ) >>> 0;
		return Math.round( -Math.log( ( s + 1 ) / 4294967297 ) * 600 );
	} );
	return [
		await pageview( 'burst of 100 events, default linger (1 s)', {}, new Array( 100 ).fill( 0 ) ),
		await pageview( '100 events over ~1 min, default linger (1 s)', {}, spread ),
		await pageview( '100 events over ~1 min, linger 30 s', { lingerMs: 30000 }, spread ),
	];
}
