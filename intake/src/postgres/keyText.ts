/** Marks a key stored in its JSON form (see {@link keyText}). */
const ENCODED = '\u0001';

/**
 * A key (meta.id, stream) as PostgreSQL text can hold it. Text cannot hold U+0000 or a lone surrogate,
 * both of which a client may send in `meta.id`; such a key is stored as ENCODED + its JSON form (ASCII),
 * and so is one that starts with ENCODED, which keeps the mapping one-to-one (de-duplication unchanged).
 *
 * @param key the key as the event has it
 */
export function keyText( key: string ): string {
	// U+0000 is exactly what is looked for here.
	// eslint-disable-next-line no-control-regex
	return /[\u0000\ud800-\udfff]/.test( key ) || key.startsWith( ENCODED ) ? ENCODED + JSON.stringify( key ) : key;
}

/**
 * The key as the event had it.
 *
 * @param text a stored key
 */
export function keyOf( text: string ): string {
	return text.startsWith( ENCODED ) ? JSON.parse( text.slice( 1 ) ) : text;
}
