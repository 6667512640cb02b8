/**
 * Fakes for the MediaWiki adapter tests: `mw` as 1.39 exposes it, a jsdom page with a stubbed fetch
 * and fake timers, and the every-page module with its builder loaded from here.
 */
import { JSDOM } from 'jsdom';
import sinon from 'sinon';
import { fakeTimers } from '../fakeTimers';
import { attachBuilder } from '../../../modules/src/mw/mwAttach';
import { BuilderModule, createMwFacade } from '../../../modules/src/mw/mwFacade';
import type { MwMetricsPlatform, MwModuleConfig } from '../../../modules/src/mw/mwMetricsPlatform';
import type { Mw } from '../../../modules/src/mw/mwTypes';

/**
 * A fake `mw` over a map of config values, as MediaWiki 1.39 exposes them.
 *
 * @param config
 * @param user
 * @param user.id
 * @param user.name
 */
export function fakeMw( config: Record<string, unknown>, user: { id?: number; name?: string | null } = {} ): Mw & { tracked: ( ( t: string, d: unknown ) => void )[]; warnings: string[]; logged: unknown[][] } {
	const values = new Map( Object.entries( Object.assign( {
		skin: 'vector', wgVersion: '1.39.17', wgDBname: 'e2ewiki', wgServerName: 'wiki.example.org', wgContentLanguage: 'en',
		wgArticleId: 1, wgTitle: 'Main Page', wgNamespaceNumber: 0, wgCanonicalNamespace: '', wgRevisionId: 3,
		wgPageContentLanguage: 'en', wgIsRedirect: false, wgRestrictionEdit: [], wgRestrictionMove: [],
		wgUserGroups: [ '*' ], wgUserLanguage: 'en', wgIsProbablyEditable: true, debug: false,
		// What mw.user answers from in MediaWiki 1.39.
		wgUserName: user.name === undefined ? null : user.name, wgUserId: user.id || null,
	}, config ) ) );
	const warnings: string[] = [];
	const logged: unknown[][] = [];
	const tracked: ( ( t: string, d: unknown ) => void )[] = [];
	const log = Object.assign( ( ...args: unknown[] ) => {
		logged.push( args );
	}, { warn: ( m: string ) => warnings.push( m ) } );
	return {
		config: { get: ( key?: string ) => key === undefined ? Object.fromEntries( values ) : values.get( key ) === undefined ? null : values.get( key ) },
		user: {
			isAnon: () => !user.id,
			getId: () => user.id || 0,
			getName: () => user.name === undefined ? null : user.name,
			sessionId: () => '0123456789abcdef0123',
			getPageviewToken: () => 'fedcba9876543210fedc',
			generateRandomSessionId: () => 'aaaaaaaaaaaaaaaaaaaa',
		},
		log: log as Mw[ 'log' ],
		hook: () => ( { add() {
			return this;
		}, fire() {
			return this;
		} } ),
		track: () => undefined,
		loader: { using: () => Promise.resolve( () => undefined ) },
		trackSubscribe: ( _prefix: string, fn: ( t: string, d: unknown ) => void ) => {
			tracked.push( fn );
		},
		tracked,
		warnings,
		logged,
	};
}

export const CONFIG: MwModuleConfig = {
	streams: {
		'web.x': { producers: { metrics_platform_client: { provide_values: [ 'page_title', 'performer_is_logged_in', 'performer_edit_count_bucket' ] } } },
		'mediawiki.gadget_interaction': { producers: { metrics_platform_client: { provide_values: [ 'performer_is_logged_in' ] } } },
	},
	intakeUrl: 'https://intake.example.org/v1/events',
	lingerMs: 1000,
	respectDoNotTrack: true,
	gadgetStream: 'mediawiki.gadget_interaction',
	experimentStream: 'mediawiki.experiment_interaction',
};

/** What the ext.metricsPlatform.builder module exports. */
export const BUILDER_MODULE: BuilderModule = { attach: attachBuilder };

/**
 * mw.metricsPlatform as the every-page module makes it, with the builder loaded from here.
 *
 * @param mw
 * @param win
 * @param config
 */
export function createMwMetricsPlatform( mw: Mw, win: Window, config: MwModuleConfig ): MwMetricsPlatform {
	return createMwFacade( mw, win, config, () => Promise.resolve( BUILDER_MODULE ) );
}

export interface Page {
	window: Window & typeof globalThis;
	fetch: sinon.SinonStub;
	clock: sinon.SinonFakeTimers;
	bodies(): Record<string, unknown>[][];
	close(): void;
}

export function page( dnt = false ): Page {
	const dom = new JSDOM( '<!doctype html><p>wiki</p>', { url: 'https://wiki.example.org/wiki/Main_Page' } );
	const window = dom.window as unknown as Window & typeof globalThis;
	if ( dnt ) {
		Object.defineProperty( window.navigator, 'doNotTrack', { value: '1' } );
	}
	const fetch = sinon.stub().resolves( { status: 201, text: () => Promise.resolve( '' ) } );
	( window as unknown as { fetch: unknown } ).fetch = fetch;
	const clock = fakeTimers( { toFake: [ 'setTimeout', 'clearTimeout', 'Date' ] } );
	return {
		window, fetch, clock,
		bodies: () => fetch.getCalls().map( ( c ) => JSON.parse( c.args[ 1 ].body ) ),
		close: () => {
			clock.restore();
			dom.window.close();
		},
	};
}
