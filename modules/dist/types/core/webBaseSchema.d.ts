/**
 * The top-level fields of the Metrics Platform web base schema, by version
 * (schemas/analytics/product_metrics/web/base/<version>.yaml; a QUnit test compares them). The schema
 * allows no other field, so the client refuses one at call time with a warning instead of letting
 * the intake refuse the event later (or losing it silently when it leaves by sendBeacon).
 */
/** Top-level properties of each known version. */
export declare const WEB_BASE_PROPERTIES: Record<string, readonly string[]>;
/**
 * Why an event's fields do not fit its schema: the first field that a known version of the web
 * base schema does not have. Null when all fit, or when the schema is not one this client knows
 * (then only the intake can check).
 *
 * @example schemaFieldProblem( '/analytics/product_metrics/web/base/1.3.0', { element_idd: 'x' } )
 *     // 'the field "element_idd" is not in the schema /analytics/product_metrics/web/base/1.3.0'
 * @param schemaId the event's `$schema`
 * @param fields the event (or the caller's fields)
 */
export declare function schemaFieldProblem(schemaId: string, fields: Record<string, unknown>): string | null;
