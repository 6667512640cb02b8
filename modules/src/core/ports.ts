import type { IdGenerator } from './identifiers';
import type { OutcomeListener } from './outcome';
import type { ContextAttributes, MetricsEvent, SampleUnit, StreamConfigsInput } from './types';

/**
 * What the environment (MediaWiki, a plain browser page, Node) gives the core. The core reads no
 * globals: everything it needs from outside comes through here.
 */
export interface CorePorts {
	/** Stream configs in any accepted form. */
	streamConfigs: StreamConfigsInput | unknown;
	/** `meta.domain` of every event, e.g. `en.wikipedia.org`. */
	domain?: string;
	/** The contextual attributes now. Called once per submitted event. */
	context(): ContextAttributes;
	/** The identifier that sampling hashes for a unit, or `undefined` when there is none. */
	token( unit: SampleUnit, context: ContextAttributes ): string | undefined;
	/** Milliseconds since the epoch. */
	now(): number;
	ids: IdGenerator;
	/** Reports a problem to developers (mw.log.warn, console.warn). */
	warn( message: string ): void;
	/** Receives each finished event: the delivery queue. */
	send( event: MetricsEvent ): void;
	/** Adds fields to every event just before it is sent (e.g. the experiments field). */
	decorate?( event: MetricsEvent, context: ContextAttributes ): void;
	/** When this returns false (opted out, Do Not Track), nothing is sent. */
	isEnabled?(): boolean;
	/**
	 * Who hears each call's outcome (core/outcome.ts), asked at each call: null or absent (the
	 * default) means nobody, and then no outcome is made.
	 */
	observer?(): OutcomeListener | null | undefined;
}
