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

/** Bodies and sizes of batches already built: a batch's items never change once it is made. */
const bodies = new WeakMap<readonly OutboxItem[], string>();
const sizes = new WeakMap<readonly OutboxItem[], number>();

/**
 * The body of a batch: a JSON array, built from each event's JSON, once per batch (storage, fetch and
 * beacon take the same string).
 *
 * @param items events to send (not changed afterwards)
 */
export function batchBody( items: readonly OutboxItem[] ): string {
	let body = bodies.get( items );
	if ( body === undefined ) {
		body = '[' + items.map( jsonOf ).join( ',' ) + ']';
		bodies.set( items, body );
	}
	return body;
}

/**
 * Bytes of a batch's body in UTF-8 (see utf8Length), counted once per batch.
 *
 * @param items events to send (not changed afterwards)
 */
export function batchBytes( items: readonly OutboxItem[] ): number {
	let bytes = sizes.get( items );
	if ( bytes === undefined ) {
		bytes = utf8Length( batchBody( items ) );
		sizes.set( items, bytes );
	}
	return bytes;
}

/** Any character outside ASCII: a native scan, far quicker than a loop in JavaScript for the usual all-ASCII JSON. */
const NON_ASCII = /[\u0080-\uffff]/;

/**
 * Bytes of a string in UTF-8.
 *
 * @param text any string
 */
export function utf8Length( text: string ): number {
	let bytes = text.length;
	if ( !NON_ASCII.test( text ) ) {
		return bytes;
	}
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
