/**
 * `new Date( ms ).toISOString()`, made quicker for the times events have: the date part
 * (`YYYY-MM-DDT`) is made once per UTC day, and the time of day by arithmetic. The same text as
 * toISOString for every instant (a property test compares them); years outside 0–9999, which
 * toISOString writes with six digits and a sign, and anything that is not a finite number of
 * milliseconds, go to toISOString itself (which throws for invalid times, as before).
 */

const DAY_MS = 86400000;

/** '00' … '99' */
const TWO: string[] = [];
for ( let i = 0; i < 100; i++ ) {
	TWO.push( i < 10 ? '0' + i : String( i ) );
}

/** The formatter of one client: it keeps the day it saw last. */
export type IsoTime = ( ms: number ) => string;

/**
 * Creates a formatter.
 *
 * @example createIsoTime()( 0 ) // '1970-01-01T00:00:00.000Z'
 */
export function createIsoTime(): IsoTime {
	let dayStart = NaN;
	let dayPrefix = '';
	return ( ms ) => {
		let t = ms - dayStart;
		if ( !( t >= 0 && t < DAY_MS && ms % 1 === 0 ) ) {
			const text = new Date( ms ).toISOString();
			if ( text.length !== 24 || ms !== Math.floor( ms ) ) {
				// Six-digit years, or fractions of a millisecond (toISOString truncates them).
				return text;
			}
			dayStart = ms - ms % DAY_MS - ( ms % DAY_MS < 0 ? DAY_MS : 0 );
			dayPrefix = text.slice( 0, 11 );
			t = ms - dayStart;
		}
		const millis = t % 1000;
		const seconds = ( t - millis ) / 1000;
		return dayPrefix + TWO[ Math.floor( seconds / 3600 ) ] + ':' + TWO[ Math.floor( seconds / 60 ) % 60 ] + ':' + TWO[ seconds % 60 ] + '.' +
			( millis < 10 ? '00' : millis < 100 ? '0' : '' ) + millis + 'Z';
	};
}
