/**
 * Issue 12 item 5: identity tokens are read once per page view (they don't change within one), not
 * on every event: MediaWiki 1.39's mw.user.sessionId() reads and parses the session cookie each time.
 */
import { CONFIG, createMwMetricsPlatform, fakeMw, page } from './mwFakes';

const WEB = '/analytics/product_metrics/web/base/1.3.0';

QUnit.module( 'mw: tokens once per page view', () => {
	QUnit.test( 'the session cookie is read once for many events', async ( assert ) => {
		const p = page();
		p.window.document.cookie = 'wiki_mwuser-sessionId=0123456789abcdef0123';
		let cookieReads = 0;
		const cookie = Object.getOwnPropertyDescriptor( p.window.Document.prototype, 'cookie' ) as PropertyDescriptor;
		Object.defineProperty( p.window.document, 'cookie', {
			get() {
				cookieReads++;
				return cookie.get!.call( this );
			},
			set( value: string ) {
				cookie.set!.call( this, value );
			},
		} );
		const mw = fakeMw( {} );
		let sessionIdCalls = 0;
		mw.user.sessionId = () => {
			sessionIdCalls++;
			return '0123456789abcdef0123';
		};
		const streams = { 'web.s': { sample: { rate: 1, unit: 'session' }, producers: { metrics_platform_client: { provide_values: [ 'performer_session_id' ] } } } };
		const api = createMwMetricsPlatform( mw, p.window, Object.assign( {}, CONFIG, { streams, cookie: { prefix: 'wiki_', path: '/', domain: '' } } ) );
		for ( let i = 0; i < 20; i++ ) {
			api.submitInteraction( 'web.s', WEB, 'click' );
		}
		await p.clock.tickAsync( 1000 );
		const events = p.bodies().flat();
		assert.strictEqual( events.length, 20 );
		assert.true( events.every( ( e ) => ( e.performer as { session_id: string } ).session_id === '0123456789abcdef0123' ) );
		assert.strictEqual( cookieReads + sessionIdCalls, 1, `${ cookieReads } cookie read(s), ${ sessionIdCalls } mw.user.sessionId() call(s) for 20 events` );
		p.close();
	} );
} );
