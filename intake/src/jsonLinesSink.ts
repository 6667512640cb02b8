import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { EventSink, metaOf, StoredEvent } from './sink';
import { TraceAccepted, traceEntryOf } from './trace';

/** How many recent events the JSON-lines sink keeps in memory for the read side. */
const RECENT = 1000;

/**
 * Appends each accepted event as one JSON line. De-duplicates on meta.id against the ids already in
 * the file (read at start) and those written since.
 *
 * @param file the .jsonl file
 */
export function createJsonLinesSink( file: string ): EventSink {
	const seen = new Set<string>();
	const recent: StoredEvent[] = [];
	if ( existsSync( file ) ) {
		for ( const line of readFileSync( file, 'utf8' ).split( '\n' ) ) {
			try {
				seen.add( metaOf( JSON.parse( line ) ).id );
			} catch ( e ) {
				// A torn last line after a crash: skip it.
			}
		}
	}
	const out = createWriteStream( file, { flags: 'a' } );
	return {
		async write( events, serialized ) {
			let stored = 0;
			let text = '';
			for ( let i = 0; i < events.length; i++ ) {
				const event = events[ i ];
				const meta = metaOf( event );
				if ( seen.has( meta.id ) ) {
					continue;
				}
				seen.add( meta.id );
				stored++;
				text += ( serialized ? serialized[ i ] : JSON.stringify( event ) ) + '\n';
				recent.push( { id: meta.id, stream: meta.stream, event } );
			}
			if ( recent.length > RECENT ) {
				recent.splice( 0, recent.length - RECENT );
			}
			if ( text ) {
				await new Promise<void>( ( resolve, reject ) => {
					out.write( text, ( e ) => e ? reject( e ) : resolve() );
				} );
			}
			return { stored, duplicates: events.length - stored };
		},
		async recent( stream, limit ) {
			return recent.filter( ( e ) => e.stream === stream ).reverse().slice( 0, limit );
		},
		async trace( subject, limit ) {
			// Among the events kept in memory for the read side: the file is not read back.
			const found: TraceAccepted[] = [];
			for ( let i = recent.length - 1; i >= 0 && found.length < limit; i-- ) {
				const entry = traceEntryOf( recent[ i ].event, subject );
				if ( entry ) {
					found.push( entry );
				}
			}
			return found;
		},
		close: () => new Promise<void>( ( resolve ) => {
			out.end( resolve );
		} ),
	};
}
