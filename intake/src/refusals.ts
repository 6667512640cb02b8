import type { ErrorObject } from 'ajv';

/** At most this many refused events are described in one answer; the rest are only counted. */
export const MAX_REPORTED_EVENTS = 50;
/** At most this many schema errors are listed per refused event. */
export const MAX_ERRORS_PER_EVENT = 5;
/** Strings taken from the request (meta.id, a JSON path) are cut to this many characters. */
export const MAX_QUOTED_CHARS = 128;

/**
 * At most this many refusals of one request are recorded for the trace (see {@link RefusalRecord});
 * the rest are only counted.
 */
export const MAX_RECORDED_REFUSALS = 1000;

/**
 * One refused event in brief, kept for every refusal of a request up to
 * {@link MAX_RECORDED_REFUSALS} (the answer describes only {@link MAX_REPORTED_EVENTS}): what the
 * trace (`GET /v1/trace`) and a failed-events store need. Strings from the request are cut by
 * {@link quote}.
 */
export interface RefusalRecord {
	/** Position in the request (0 for a single-object body). */
	index: number;
	kind: 'invalid' | 'error';
	/** `meta.stream` as sent, declared or not; null when it is not a string. */
	stream: string | null;
	/** `meta.id` as sent; null when it is not a string. */
	id: string | null;
	/** The first failing field as a JSON pointer, for `invalid`; null otherwise. */
	path: string | null;
	/** Why, in words (for `invalid`: the first schema error, after the field). */
	reason: string;
	/** For `invalid`: the first schema error's rule (`#/properties/page/properties/id/type`) and message (`must be integer`). */
	schemaError?: { schemaPath: string; message: string };
}

/**
 * The property an ajv error is about, when the error is about a property the event lacks
 * (`required`: `missingProperty`) or has but must not (`additionalProperties`: `additionalProperty`).
 * Its name comes from the schema or the request: cut by {@link quote}.
 */
export interface SchemaErrorParams {
	missingProperty?: string;
	additionalProperty?: string;
}

/**
 * One schema error of a refused event, as ajv reports it; `params` only for `required` and
 * `additionalProperties` errors (the property's name, which `instancePath` leaves out: it points to the
 * object that lacks or has the property).
 */
export type SchemaError = Pick<ErrorObject, 'instancePath' | 'schemaPath' | 'message'> & { params?: SchemaErrorParams };

/**
 * `segment` as one reference token of a JSON pointer (RFC 6901: `~` → `~0`, `/` → `~1`).
 *
 * @param segment a property name
 */
function pointerToken( segment: string ): string {
	return segment.replace( /~/g, '~0' ).replace( /\//g, '~1' );
}

/**
 * The field a schema error is about, as a JSON pointer into the event: ajv's `instancePath`, and for
 * a missing or additional property the property itself (`/page` + `extra_field` → `/page/extra_field`;
 * `''` + `action` → `/action`), since ajv points at the object holding it. Cut by {@link quote}.
 *
 * @example fieldOfError( { instancePath: '/page', schemaPath: '#/properties/page/additionalProperties', params: { additionalProperty: 'extra' } } ) // '/page/extra'
 * @param error one schema error (ajv's, or as listed in an answer)
 */
export function fieldOfError( error: Pick<ErrorObject, 'instancePath'> & { params?: unknown } ): string {
	const params = error.params && typeof error.params === 'object' ? error.params as Record<string, unknown> : {};
	const named = typeof params.missingProperty === 'string' ? params.missingProperty :
		typeof params.additionalProperty === 'string' ? params.additionalProperty : null;
	return quote( named === null ? error.instancePath : `${ error.instancePath }/${ pointerToken( named ) }` );
}

/**
 * The `params` an answer lists for an ajv error (see {@link SchemaError}), or undefined.
 *
 * @param error an ajv error
 */
function paramsOf( error: ErrorObject ): SchemaErrorParams | undefined {
	const params = error.params as Record<string, unknown> | undefined;
	if ( !params ) {
		return undefined;
	}
	if ( typeof params.missingProperty === 'string' ) {
		return { missingProperty: quote( params.missingProperty ) };
	}
	if ( typeof params.additionalProperty === 'string' ) {
		return { additionalProperty: quote( params.additionalProperty ) };
	}
	return undefined;
}

/**
 * An EventGate-shaped report of one refused event. It never repeats the event: `index` is its
 * position in the request (0 for a single-object body) and `event.meta` names it by `id` (when it
 * has a short string one) and by `stream` (when that is a declared stream), which is what clients
 * read from EventGate's `event` field.
 */
export interface RefusedEvent {
	status: 'invalid' | 'error';
	index: number;
	event: { meta: { id?: string; stream?: string } };
	context: { message: string; errors?: SchemaError[]; more_errors?: number };
}

/**
 * `text` cut to {@link MAX_QUOTED_CHARS} characters, marked with `…` when cut.
 *
 * @param text a string from the request
 */
export function quote( text: string ): string {
	return text.length > MAX_QUOTED_CHARS ? text.slice( 0, MAX_QUOTED_CHARS ) + '…' : text;
}

/** Collects the refusals of one request: all are counted, the first {@link MAX_REPORTED_EVENTS} described. */
export class RefusalReport {
	public readonly invalid: RefusedEvent[] = [];

	public readonly error: RefusedEvent[] = [];

	public invalidCount = 0;

	public errorCount = 0;

	/** Every refusal in brief, up to {@link MAX_RECORDED_REFUSALS}. */
	public readonly records: RefusalRecord[] = [];

	private get full(): boolean {
		return this.invalid.length + this.error.length >= MAX_REPORTED_EVENTS;
	}

	/**
	 * Records an event refused before validation (not an object, unknown stream, no schema, …).
	 *
	 * @param index its position in the request
	 * @param meta the event's `meta` when it has one
	 * @param stream its declared stream, when known
	 * @param message why
	 */
	public addError( index: number, meta: unknown, stream: string | null, message: string ): void {
		this.errorCount++;
		this.record( index, 'error', meta, null, message );
		if ( !this.full ) {
			this.error.push( { status: 'error', index, event: identify( meta, stream ), context: { message } } );
		}
	}

	/**
	 * Records an event that failed schema validation.
	 *
	 * @param index its position in the request
	 * @param meta the event's `meta`
	 * @param stream its declared stream
	 * @param errors ajv's errors
	 */
	public addInvalid( index: number, meta: unknown, stream: string, errors: readonly ErrorObject[] ): void {
		this.invalidCount++;
		const first = errors[ 0 ];
		this.record( index, 'invalid', meta, first ? fieldOfError( first ) : null, first ? `${ quote( first.instancePath ) || 'the event' } ${ first.message || 'is invalid' }` : 'the event does not match its schema',
			first ? { schemaPath: first.schemaPath, message: first.message || '' } : undefined );
		if ( this.full ) {
			return;
		}
		const listed = errors.slice( 0, MAX_ERRORS_PER_EVENT ).map( ( x ): SchemaError => {
			const listedError: SchemaError = { instancePath: quote( x.instancePath ), schemaPath: x.schemaPath, message: x.message };
			const params = paramsOf( x );
			if ( params ) {
				listedError.params = params;
			}
			return listedError;
		} );
		const context: RefusedEvent[ 'context' ] = { message: 'the event does not match its schema', errors: listed };
		if ( errors.length > listed.length ) {
			context.more_errors = errors.length - listed.length;
		}
		this.invalid.push( { status: 'invalid', index, event: identify( meta, stream ), context } );
	}

	private record( index: number, kind: RefusalRecord[ 'kind' ], meta: unknown, path: string | null, reason: string, schemaError?: RefusalRecord[ 'schemaError' ] ): void {
		if ( this.records.length >= MAX_RECORDED_REFUSALS ) {
			return;
		}
		const m = meta && typeof meta === 'object' ? meta as { id?: unknown; stream?: unknown } : {};
		const record: RefusalRecord = {
			index,
			kind,
			stream: typeof m.stream === 'string' ? quote( m.stream ) : null,
			id: typeof m.id === 'string' ? quote( m.id ) : null,
			path,
			reason,
		};
		if ( schemaError ) {
			record.schemaError = schemaError;
		}
		this.records.push( record );
	}

	/** The answer body: EventGate's `invalid` and `error` lists, plus how many were left out. */
	public toJSON(): { invalid: RefusedEvent[]; error: RefusedEvent[]; not_listed?: number } {
		const notListed = this.invalidCount + this.errorCount - this.invalid.length - this.error.length;
		return notListed ? { invalid: this.invalid, error: this.error, not_listed: notListed } : { invalid: this.invalid, error: this.error };
	}
}

function identify( meta: unknown, stream: string | null ): RefusedEvent[ 'event' ] {
	const out: RefusedEvent[ 'event' ] = { meta: {} };
	const id = meta && typeof meta === 'object' ? ( meta as { id?: unknown } ).id : undefined;
	if ( typeof id === 'string' && id.length <= MAX_QUOTED_CHARS ) {
		out.meta.id = id;
	}
	if ( stream ) {
		out.meta.stream = stream;
	}
	return out;
}
