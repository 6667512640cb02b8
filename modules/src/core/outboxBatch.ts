import type { MetricsEvent } from './types';

/** An event on its way: the event and its JSON (made when first needed). */
export interface OutboxItem {
	readonly event: MetricsEvent | null;
	json: string | null;
}

/**
 * The JSON of an item, made once.
 *
 * @param item
 */
export function jsonOf( item: OutboxItem ): string {
	if ( item.json === null ) {
		item.json = JSON.stringify( item.event );
	}
	return item.json;
}

/**
 * The body of a batch: a JSON array, built from each event's JSON.
 *
 * @param items events to send
 */
export function batchBody( items: readonly OutboxItem[] ): string {
	return '[' + items.map( jsonOf ).join( ',' ) + ']';
}

/**
 * Bytes of a string in UTF-8.
 *
 * @param text any string
 */
export function utf8Length( text: string ): number {
	let bytes = text.length;
	for ( let i = 0; i < text.length; i++ ) {
		const c = text.charCodeAt( i );
		if ( c > 0x7f ) {
			// Two bytes up to U+07FF, three above; a surrogate pair (4 bytes) counts 3 + 3 here, a safe overestimate.
			bytes += c > 0x7ff ? 2 : 1;
		}
	}
	return bytes;
}

/**
 * Splits items into batches of at most `maxEvents` events and `maxBytes` bytes of body (an event
 * larger than `maxBytes` travels alone).
 *
 * @param items in order
 * @param maxEvents events per batch
 * @param maxBytes body bytes per batch (UTF-8, see utf8Length); Infinity: no JSON is made
 */
export function chunkItems( items: readonly OutboxItem[], maxEvents: number, maxBytes: number ): OutboxItem[][] {
	const chunks: OutboxItem[][] = [];
	let current: OutboxItem[] = [];
	let bytes = 2;
	for ( const item of items ) {
		// An unlimited size (a custom transport) needs no JSON, so none is made.
		const size = maxBytes === Infinity ? 0 : utf8Length( jsonOf( item ) ) + 1;
		if ( current.length && ( current.length >= maxEvents || bytes + size > maxBytes ) ) {
			chunks.push( current );
			current = [];
			bytes = 2;
		}
		current.push( item );
		bytes += size;
	}
	if ( current.length ) {
		chunks.push( current );
	}
	return chunks;
}
