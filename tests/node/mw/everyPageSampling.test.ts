/**
 * The every-page module answers isStreamInSample() itself, without the event builder, so it has its
 * own copy of the sampling rule. This runs the shared sampling vectors through that module as
 * ResourceLoader serves it (modules/dist/ext.metricsPlatform/index.js, evaluated in a jsdom page
 * with a fake mw), so the test holds however the module is organised inside.
 */
import { JSDOM } from 'jsdom';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import samplingVectors from '../../fixtures/sampling.json';
import { fakeMw } from './mwFakes';

const BUILT = path.resolve( __dirname, '../../../modules/dist/ext.metricsPlatform/index.js' );
const UNITS = [ 'pageview', 'session', 'device' ];

interface Vector {
	note: string;
	token: string;
	sample?: { rate?: unknown; unit?: unknown };
	in_sample: boolean;
}

/**
 * Streams the server would send: it leaves out streams whose sample block is invalid.
 *
 * @param v
 */
function servable( v: Vector ): boolean {
	const s = v.sample;
	return !s || ( typeof s.rate === 'number' && s.rate >= 0 && s.rate <= 1 && UNITS.includes( s.unit as string ) );
}

QUnit.module( 'mw every-page module: its own sampling answers', () => {
	QUnit.test( 'the built ext.metricsPlatform answers isStreamInSample exactly as the shared vectors say', ( assert ) => {
		const code = readFileSync( BUILT, 'utf8' );
		const dom = new JSDOM( '<!doctype html><p>wiki</p>', { url: 'https://wiki.example.org/wiki/Main_Page', runScripts: 'outside-only' } );
		const window = dom.window as unknown as Window & typeof globalThis & { mw: unknown };
		const vectors = ( samplingVectors.vectors as Vector[] ).filter( servable );
		assert.true( vectors.length > 250 && vectors.some( ( v ) => v.sample && v.sample.rate === 1 && !v.in_sample ), `${ vectors.length } vectors, with the edge token ffffffff at rate 1` );
		let wrong = 0;
		for ( const v of vectors ) {
			const mw = fakeMw( {} ) as ReturnType<typeof fakeMw> & { metricsPlatform?: { isStreamInSample( s: string ): boolean } };
			// Every identifier is the vector's token: mw.user's pageview token, the session and device cookies.
			mw.user.getPageviewToken = () => v.token;
			window.document.cookie = `mwuser-sessionId=${ v.token }`;
			window.document.cookie = `mpDeviceId=${ v.token }`;
			window.localStorage.clear();
			window.mw = mw;
			const config = { streams: { 'vector.stream': v.sample ? { sample: v.sample } : {} }, intakeUrl: '', lingerMs: 1000, respectDoNotTrack: false, gadgetStream: 'g', experimentStream: 'e' };
			const module = { exports: {} };
			// The page's own Function: the module runs with the page's globals (window, mw, timers).
			const wrapped = new dom.window.Function( 'require', 'module', 'exports', code ) as ( r: ( n: string ) => unknown, m: { exports: unknown }, e: unknown ) => void;
			wrapped( ( name: string ) => name === './config.json' ? config : undefined, module, module.exports );
			const got = mw.metricsPlatform!.isStreamInSample( 'vector.stream' );
			if ( got !== v.in_sample ) {
				wrong++;
				assert.strictEqual( got, v.in_sample, `${ v.note }: ${ v.token } ${ JSON.stringify( v.sample ) }` );
			}
		}
		assert.strictEqual( wrong, 0, `${ vectors.length } vectors` );
		dom.window.close();
	} );
} );
