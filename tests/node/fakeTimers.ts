/**
 * Fake timers for tests, as sinon makes them, with one difference: clearing a timer that is not
 * fake clears the real one (`shouldClearNativeTimers`). Node's fetch (undici) keeps a real
 * keep-alive timer per idle socket and clears it, through the global clearTimeout, when the
 * socket closes; if that happens while a test has faked clearTimeout, sinon ignores the call, the
 * real timer fires later on a parser already collected, and the whole run dies with "Cannot
 * destructure property 'socket' of 'parser.deref(...)'" (seen once: an intake test's socket closing
 * during a MediaWiki-module test). Every suite that fakes timers takes them from here.
 */
import sinon from 'sinon';

/** What sinon.useFakeTimers takes. */
export type FakeTimerConfig = Exclude<Parameters<typeof sinon.useFakeTimers>[ 0 ], number | Date | undefined>;

/**
 * Installs fake timers (restore them with `clock.restore()`, in an afterEach or a finally; the
 * runner fails a test that leaves them installed).
 *
 * @param config sinon's options (toFake, now, global…)
 */
export function fakeTimers( config: FakeTimerConfig = {} ): sinon.SinonFakeTimers {
	return sinon.useFakeTimers( Object.assign( {}, config, { shouldClearNativeTimers: true } ) as FakeTimerConfig );
}
