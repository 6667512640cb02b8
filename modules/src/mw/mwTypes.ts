/**
 * The parts of MediaWiki 1.39's client API that the adapters use (mediawiki.base, mediawiki.user,
 * mediawiki.storage). Declared here so that the adapters type-check without @wikimedia/types.
 */
import type { WebStorageLike } from '../browser/webStorage';

export interface MwConfig {
	/** One value; without a key, all values (mw.Map). */
	get( key?: string ): unknown;
}

export interface MwUser {
	isAnon(): boolean;
	getId(): number;
	getName(): string | null;
	sessionId(): string;
	getPageviewToken(): string;
	generateRandomSessionId(): string;
}

export interface MwHook {
	add( ...fns: ( ( ...args: unknown[] ) => void )[] ): MwHook;
	fire( ...args: unknown[] ): MwHook;
}

export interface Mw {
	config: MwConfig;
	user: MwUser;
	storage?: { get( key: string ): string | null | false; set( key: string, value: string ): boolean; store?: WebStorageLike };
	log: { warn( ...args: unknown[] ): void; ( ...args: unknown[] ): void };
	hook( name: string ): MwHook;
	loader: { using( modules: string | string[] ): PromiseLike<( name: string ) => unknown> };
	cookie?: { get( name: string ): string | null; set( name: string, value: string, options?: { expires?: number | null } ): void };
	track( topic: string, data?: unknown ): void;
	trackSubscribe( prefix: string, fn: ( topic: string, data: unknown ) => void ): void;
	metricsPlatform?: unknown;
	eventLog?: unknown;
}
