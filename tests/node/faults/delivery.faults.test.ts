/**
 * Delivery against the real intake on loopback, through a proxy that fails on demand. Each scenario
 * ends with every valid event stored exactly once, and prints sent / stored / duplicates / lost.
 */
import { createFetchPost, FetchLike } from '../../../modules/src/browser/fetchPost';
import { MemoryStorage } from '../memoryStorage';
import { createCoreClient } from '../../../modules/src/core/client';
import { batchBody, createDelivery, Delivery, DeliveryOptions, OUTBOX_PREFIX, OutboxStorage } from '../../../modules/src/core/delivery';
import { restoreOutbox } from '../../../modules/src/core/outboxRestore';
import { warnOnce } from '../../../modules/src/core/warnOnce';
import { createIdGenerator } from '../../../modules/src/core/identifiers';
import { startIntake, RunningIntake, WEB } from '../intakeHarness';
import { startFaultProxy, FaultProxy } from './faultProxy';
import { randomFillSync } from 'node:crypto';

const STREAMS = {
	'test.web': {
		schema_title: 'analytics/product_metrics/web/base',
		producers: { metrics_platform_client: { provide_values: [ 'page_id', 'performer_is_logged_in' ] } },
	},
};

interface Page {
	client: ReturnType<typeof createCoreClient>;
	delivery: Delivery;
	sentIds: string[];
	warnings: string[];
}

const ids = createIdGenerator( ( b ) => {
	randomFillSync( b );
} );

/**
 * A page: the core client wired to delivery that posts to `url`, with a beacon that posts too.
 *
 * @param url
 * @param storage
 * @param options
 * @param beaconWorks
 */
function openPage( url: string, storage: OutboxStorage | undefined, options: DeliveryOptions = {}, beaconWorks = true ): Page {
	const sentIds: string[] = [];
	const warnings: string[] = [];
	const post = createFetchPost( url + '/v1/events', fetch as unknown as FetchLike, 300 );
	const delivery = createDelivery( Object.assign( { lingerMs: 20, retryBaseMs: 50, retryMaxMs: 400, maxAttempts: 8 }, options ), {
		post,
		// A beacon is fire-and-forget: the browser sends it after the page is gone.
		beacon: ( items ) => {
			if ( !beaconWorks ) {
				return false;
			}
			fetch( url + '/v1/events', { method: 'POST', headers: { 'Content-Type': 'text/plain;charset=UTF-8' }, body: batchBody( items ) } ).catch( () => undefined );
			return true;
		},
		storage,
		instanceId: ids.token(),
		setTimer: ( fn, ms ) => setTimeout( fn, ms ),
		clearTimer: ( h ) => clearTimeout( h as ReturnType<typeof setTimeout> ),
		now: Date.now,
		random: Math.random,
		warn: warnOnce( ( m ) => warnings.push( m ) ),
	} );
	const client = createCoreClient( {
		streamConfigs: STREAMS,
		domain: 'test.wiki.local',
		context: () => ( { page: { id: 1 }, performer: { is_logged_in: false } } ),
		token: () => 'eeeeeeeeeeeeeeeeeeee',
		now: Date.now,
		ids,
		warn: ( m ) => warnings.push( m ),
		send: ( e ) => {
			sentIds.push( e.meta.id );
			delivery.add( e );
		},
	} );
	return { client, delivery, sentIds, warnings };
}

function submit( page: Page, n: number ): void {
	for ( let i = 0; i < n; i++ ) {
		page.client.submitInteraction( 'test.web', WEB, 'click', { element_id: `e${ i }`, action_context: 'x'.repeat( 200 ) } );
	}
}

async function until( check: () => boolean | Promise<boolean>, ms = 8000 ): Promise<void> {
	const end = Date.now() + ms;
	while ( Date.now() < end ) {
		if ( await check() ) {
			return;
		}
		await new Promise( ( r ) => setTimeout( r, 25 ) );
	}
}

/**
 * Counts, prints and asserts: every expected id stored once, nothing else stored.
 *
 * @param assert
 * @param name
 * @param running
 * @param expected
 */
async function settle( assert: Assert, name: string, running: RunningIntake, expected: string[] ): Promise<void> {
	const storedIds = async (): Promise<string[]> => ( await running.sink.recent( 'test.web', 100000 ) ).map( ( e ) => e.id );
	await until( async () => ( await storedIds() ).length >= expected.length );
	await new Promise( ( r ) => setTimeout( r, 100 ) );
	const stored = await storedIds();
	const lost = expected.filter( ( id ) => !stored.includes( id ) ).length;
	const duplicates = stored.length - new Set( stored ).size;
	console.log( `# fault ${ name }: sent ${ expected.length } / stored ${ stored.length } / duplicates ${ duplicates } / lost ${ lost } (re-sends the intake de-duplicated: ${ running.intake.stats.duplicates })` );
	assert.strictEqual( lost, 0, `${ name }: 0 lost` );
	assert.strictEqual( stored.length, expected.length, `${ name }: every valid event stored exactly once` );
	assert.strictEqual( duplicates, 0, `${ name }: no duplicate in the store` );
}

QUnit.module( 'faults: delivery against the real intake', ( hooks ) => {
	let running: RunningIntake;
	let proxy: FaultProxy;
	hooks.beforeEach( async () => {
		running = await startIntake( undefined, STREAMS );
		proxy = await startFaultProxy( running.url );
	} );
	hooks.afterEach( async () => {
		await proxy.close();
		await running.intake.close();
	} );

	QUnit.test( 'intake down, then up', async ( assert ) => {
		proxy.mode = 'down';
		const page = openPage( proxy.url, new MemoryStorage() );
		submit( page, 30 );
		await until( () => proxy.seen.down >= 2 );
		proxy.mode = 'pass';
		await settle( assert, 'down-then-up', running, page.sentIds );
		assert.true( proxy.seen.down >= 2, `${ proxy.seen.down } refused attempts before` );
	} );

	QUnit.test( 'a run of 500s', async ( assert ) => {
		proxy.mode = 'error500';
		const page = openPage( proxy.url, new MemoryStorage() );
		submit( page, 25 );
		await until( () => proxy.seen.error500 >= 3 );
		proxy.mode = 'pass';
		await settle( assert, 'run-of-500s', running, page.sentIds );
	} );

	QUnit.test( 'slow answers past the timeout: re-sent, de-duplicated by the intake', async ( assert ) => {
		proxy.mode = 'slow';
		proxy.slowMs = 600;
		const page = openPage( proxy.url, new MemoryStorage() );
		submit( page, 20 );
		await until( () => proxy.seen.slow >= 2 );
		proxy.mode = 'pass';
		await settle( assert, 'slow-past-timeout', running, page.sentIds );
		assert.true( running.intake.stats.duplicates >= 1, 'the late answers had been stored: re-sending made duplicates the intake dropped' );
	} );

	QUnit.test( '207: valid events stored, invalid ones reported and not re-sent', async ( assert ) => {
		const page = openPage( proxy.url, new MemoryStorage() );
		submit( page, 10 );
		// Two events the schema refuses (a custom field under additionalProperties: false). The client
		// refuses such fields at call time now, so they are handed to delivery as another producer would.
		for ( const extra of [ { not_in_schema: 1 }, { also_not: 'x' } ] ) {
			const id = ids.uuid();
			page.sentIds.push( id );
			page.delivery.add( Object.assign( {
				$schema: WEB, action: 'click', dt: new Date().toISOString(),
				agent: { client_platform: 'mediawiki_js', client_platform_family: 'desktop_browser' },
				meta: { stream: 'test.web', domain: 'test.wiki.local', id },
			}, extra ) );
		}
		const invalid = page.sentIds.slice( -2 );
		await settle( assert, '207-partly-invalid', running, page.sentIds.filter( ( id ) => !invalid.includes( id ) ) );
		await until( () => page.delivery.pending() === 0 );
		assert.strictEqual( page.delivery.pending(), 0, 'nothing left to retry' );
		assert.true( page.warnings.some( ( w ) => w.includes( 'refused 2 of' ) && w.includes( 'must NOT have additional properties' ) ), page.warnings.join( ' | ' ) );
	} );

	QUnit.test( 'page hidden mid-batch: in-flight by fetch, the rest by beacon', async ( assert ) => {
		proxy.mode = 'slow';
		proxy.slowMs = 100;
		const storage = new MemoryStorage();
		const page = openPage( proxy.url, storage, { lingerMs: 10 } );
		submit( page, 10 );
		await new Promise( ( r ) => setTimeout( r, 30 ) );
		submit( page, 10 );
		page.delivery.hide();
		await settle( assert, 'hidden-mid-batch', running, page.sentIds );
		await until( () => storage.data.size === 0 );
		assert.strictEqual( storage.data.size, 0, 'storage emptied once the in-flight batch was acknowledged' );
	} );

	QUnit.test( 'storage missing or full: delivery goes on in memory', async ( assert ) => {
		const storage = new MemoryStorage();
		storage.disabled = true;
		proxy.mode = 'error500';
		const page = openPage( proxy.url, storage );
		submit( page, 15 );
		await until( () => proxy.seen.error500 >= 2 );
		proxy.mode = 'pass';
		const none = openPage( proxy.url, undefined );
		submit( none, 5 );
		await settle( assert, 'storage-full-or-missing', running, page.sentIds.concat( none.sentIds ) );
		assert.strictEqual( page.warnings.filter( ( w ) => w.includes( 'storage' ) ).length, 1, 'one warning' );
	} );

	QUnit.test( 'reload: a new page re-sends what the last one kept', async ( assert ) => {
		const storage = new MemoryStorage();
		proxy.mode = 'down';
		const first = openPage( proxy.url, storage, { maxAttempts: 2 }, false );
		submit( first, 12 );
		await until( () => first.warnings.some( ( w ) => w.includes( 'unreachable' ) ) );
		first.delivery.hide();
		assert.strictEqual( storage.data.size, 1, 'the unsent events wait in storage' );
		proxy.mode = 'pass';
		const second = openPage( proxy.url, storage );
		restoreOutbox( storage, storage.keys( OUTBOX_PREFIX ), second.delivery, ( m ) => second.warnings.push( m ) );
		submit( second, 3 );
		await settle( assert, 'reload-resends', running, first.sentIds.concat( second.sentIds ) );
		await until( () => storage.data.size === 0 );
		assert.deepEqual( Array.from( storage.data.keys() ), [], `pending ${ first.delivery.pending() } / ${ second.delivery.pending() }; ${ second.warnings.join( ' | ' ) }; first ${ first.warnings.join( ' | ' ) }` );
	} );
} );
