import { onceLog } from './onceLog';
import type Database from 'better-sqlite3';
import type { ModelCatalog } from './modelCatalog';
import { compileFilter, CompiledFilter, compileProjector, createHasher, RowProjector, SqlValue } from './projection';
import { resolveColumns, ResolvedColumn } from './schemaColumns';
import type { SchemaDocuments } from './schemaDocuments';
import type { TableDefinition } from './tableDefinition';
import { ensureTable, openTableCatalogue, storedColumnType } from './tableStore';
import { physicalTableName, schemaMajorVersion } from './tableNaming';

/** Options of {@link createMaterialiser}. */
export interface MaterialiserOptions {
	/** The event schemas (column types and descriptions). */
	schemas: SchemaDocuments;
	/** The installation's secret for `hash` columns. */
	hashSecret: Buffer;
	/** Notices: tables created, columns added, problems. */
	log: ( message: string ) => void;
	/** The time, for the catalogue (tests pass a fake clock). Default Date.now. */
	now?: () => number;
}

/** Writes accepted events into their stream's tables. */
export interface Materialiser {
	/**
	 * Takes new table definitions (the tables already made keep their rows) and the schemas their
	 * column types come from.
	 */
	setModels( catalog: ModelCatalog, schemas?: SchemaDocuments ): void;
	/**
	 * Gathers the rows of one stored event for every table of its stream whose filter it passes; they
	 * are inserted by {@link flush}. Call both inside the transaction that stores the raw event, so all
	 * are committed together. Never throws: a table that cannot be written is reported once and
	 * skipped, and the raw event is stored anyway.
	 *
	 * @param event the accepted event (validated, with `meta.stream`, `meta.id`, `meta.dt` and `$schema`)
	 * @param isNew whether the raw store had not stored it yet (false for a re-send: only tables
	 *  without `dedupe` take it)
	 */
	write( event: Record<string, unknown>, isNew: boolean ): void;
	/**
	 * Inserts the rows {@link write} gathered (one multi-row INSERT per table and up to 100 rows). Call
	 * it before the transaction ends. Never throws.
	 */
	flush(): void;
}

/** One table as events of one schema fill it. */
interface TablePlan {
	physical: string;
	table: TableDefinition;
	columns: ResolvedColumn[];
	/**
	 * INSERT statements by row count (prepared when first needed) whose rows share one receive time,
	 * bound once as `@dt` (and `@day`): the usual case, as a write is one request.
	 */
	shared: Database.Statement[];
	/** INSERT statements by row count with each row's receive time (a write whose events differ in it). */
	each: Database.Statement[];
	/** The column list of the INSERT: `INSERT INTO "t" (…) VALUES `. */
	head: string;
	/** The defined columns' placeholders of a row: `?, ?, …` (after `event_id`'s). */
	valuesSql: string;
	day: boolean;
	/** Values of the rows gathered, row after row: `event_id`, then the defined columns. */
	pending: SqlValue[];
	/** The receive time (`meta.dt`) of each row gathered. */
	dts: string[];
	rows: number;
	/** Values a row binds besides its receive time: `event_id` and the defined columns. */
	width: number;
	/** Rows an INSERT takes at most (fewer for wide tables: the values are passed as arguments). */
	rowsPerStatement: number;
	project: RowProjector;
	passes: CompiledFilter;
}

/** Rows per INSERT statement, at most. */
const ROWS_PER_STATEMENT = 100;

/**
 * Values per INSERT statement, at most: they are passed to better-sqlite3 as arguments (which binds
 * them about a fifth faster per row than from an array), so their number is kept well below what a
 * call can take; far below SQLite's 32,766 too.
 */
const VALUES_PER_STATEMENT = 2000;

/** Plans remembered (per stream and schema id) before the cache starts over. */
const MAX_PLANS = 1000;

/**
 * The values of rows gathered with each row's receive time (and day) put after its `event_id`, as the
 * statements of rows that do not share one take them.
 *
 * @param values the rows' values (`event_id`, then the defined columns)
 * @param dts each row's receive time
 * @param plan the table
 */
function withTimes( values: readonly SqlValue[], dts: readonly string[], plan: TablePlan ): SqlValue[] {
	const out: SqlValue[] = [];
	for ( let r = 0; r < dts.length; r++ ) {
		const at = r * plan.width;
		out.push( values[ at ], dts[ r ] );
		if ( plan.day ) {
			out.push( dts[ r ].slice( 0, 10 ) );
		}
		for ( let i = 1; i < plan.width; i++ ) {
			out.push( values[ at + i ] );
		}
	}
	return out;
}

/**
 * The materialiser of a SQLite store: for each (stream, schema) pair met, it makes the stream's tables
 * for that schema's major version once (see ensureTable) and prepares their INSERTs; each event then
 * costs one filter check and one INSERT per table. De-duplication is the raw store's: a table with
 * `dedupe` takes only the events the raw store had not stored yet (no index of its own on a random id,
 * which would cost a page per event).
 *
 * @param db the store (open)
 * @param options schemas, secret, log, clock
 */
export function createMaterialiser( db: Database.Database, options: MaterialiserOptions ): Materialiser {
	openTableCatalogue( db );
	const now = options.now || Date.now;
	let catalog: ModelCatalog | null = null;
	let schemas = options.schemas;
	const plans = new Map<string, TablePlan[]>();
	const report = onceLog( options.log );
	const hash = createHasher( options.hashSecret );
	/** The plans with rows gathered and not inserted yet. */
	const dirty = new Set<TablePlan>();

	/**
	 * The statement inserting `rows` rows into a table, prepared once per row count and form.
	 *
	 * @param plan the table
	 * @param rows how many rows
	 * @param shared whether the rows share one receive time (bound once) or bind each their own
	 */
	function statementFor( plan: TablePlan, rows: number, shared: boolean ): Database.Statement {
		const cache = shared ? plan.shared : plan.each;
		let statement = cache[ rows ];
		if ( !statement ) {
			const time = shared ? ( plan.day ? '@dt, @day' : '@dt' ) : ( plan.day ? '?, ?' : '?' );
			const row = `(?, ${ time }${ plan.valuesSql })`;
			statement = db.prepare( plan.head + new Array( rows ).fill( row ).join( ', ' ) );
			cache[ rows ] = statement;
		}
		return statement;
	}

	function insertPending( plan: TablePlan ): void {
		const rows = plan.rows;
		if ( !rows ) {
			return;
		}
		const values = plan.pending;
		const dts = plan.dts;
		plan.pending = [];
		plan.dts = [];
		plan.rows = 0;
		try {
			const dt = dts[ 0 ];
			let shared = true;
			for ( let i = 1; i < rows && shared; i++ ) {
				shared = dts[ i ] === dt;
			}
			if ( shared ) {
				statementFor( plan, rows, true ).run( ...values, plan.day ? { dt, day: dt.slice( 0, 10 ) } : { dt } );
			} else {
				statementFor( plan, rows, false ).run( ...withTimes( values, dts, plan ) );
			}
		} catch ( e ) {
			report( `table ${ plan.physical }: ${ rows } row(s) could not be written: ${ ( e as Error ).message }` );
		}
	}

	// The events of a request mostly share stream, schema and receive time: the last ones are kept.
	let last: { stream: string; schemaId: string; list: TablePlan[] } = { stream: '', schemaId: '', list: [] };

	function planFor( stream: string, schemaId: string ): TablePlan[] {
		if ( stream === last.stream && schemaId === last.schemaId ) {
			return last.list;
		}
		const key = stream + '\n' + schemaId;
		let list = plans.get( key );
		if ( list ) {
			last = { stream, schemaId, list };
			return list;
		}
		list = [];
		const tables = catalog ? catalog.get( stream ).tables : [];
		const major = tables.length ? schemaMajorVersion( schemaId ) : null;
		if ( tables.length && major === null ) {
			report( `stream "${ stream }": ${ schemaId } has no x.y.z version, so its events go to no table` );
		}
		for ( const table of tables ) {
			if ( major === null ) {
				break;
			}
			const physical = physicalTableName( table.name, major );
			try {
				const resolved = resolveColumns( table, schemas( schemaId ), schemaId );
				resolved.problems.forEach( ( p ) => report( `stream "${ stream }": ${ p }` ) );
				ensureTable( db, physical, stream, table, major, schemaId, resolved.columns, new Date( now() ).toISOString() ).forEach( ( m ) => options.log( m ) );
				// A table keeps the type a column was made with.
				const columns = resolved.columns.map( ( c ) => Object.assign( {}, c, { type: storedColumnType( db, physical, c.name ) || c.type } ) );
				const day = table.partition === 'day';
				const names = [ 'event_id', 'received_at' ].concat( day ? [ 'day' ] : [], columns.map( ( c ) => `"${ c.name }"` ) );
				const width = 1 + columns.length;
				const plan: TablePlan = {
					physical, table, columns, shared: [], each: [], day, pending: [], dts: [], rows: 0, width,
					head: `INSERT INTO "${ physical }" (${ names.join( ', ' ) }) VALUES `,
					valuesSql: columns.map( () => ', ?' ).join( '' ),
					rowsPerStatement: Math.max( 1, Math.min( ROWS_PER_STATEMENT, Math.floor( VALUES_PER_STATEMENT / width ) ) ),
					project: compileProjector( columns, hash ), passes: compileFilter( table.filter ),
				};
				// Prepared now, so that a table that cannot take rows is found here, once.
				statementFor( plan, 1, true );
				list.push( plan );
			} catch ( e ) {
				report( `stream "${ stream }": table ${ physical } cannot be written: ${ ( e as Error ).message }` );
			}
		}
		if ( plans.size >= MAX_PLANS ) {
			plans.clear();
		}
		plans.set( key, list );
		last = { stream, schemaId, list };
		return list;
	}

	return {
		setModels( next, nextSchemas ) {
			catalog = next;
			schemas = nextSchemas || schemas;
			plans.clear();
			last = { stream: '', schemaId: '', list: [] };
		},
		write( event, isNew ) {
			const meta = event.meta as { id: string; stream: string; dt: string };
			const schemaId = typeof event.$schema === 'string' ? event.$schema : '';
			if ( !catalog || !schemaId ) {
				return;
			}
			const list = planFor( meta.stream, schemaId );
			for ( let i = 0; i < list.length; i++ ) {
				const plan = list[ i ];
				if ( ( !isNew && plan.table.dedupe ) || !plan.passes( event ) ) {
					continue;
				}
				const at = plan.rows * plan.width;
				plan.pending[ at ] = meta.id;
				plan.project( event, plan.pending, at + 1 );
				plan.dts[ plan.rows ] = meta.dt;
				plan.rows++;
				dirty.add( plan );
				if ( plan.rows === plan.rowsPerStatement ) {
					insertPending( plan );
				}
			}
		},
		flush() {
			for ( const plan of dirty ) {
				insertPending( plan );
			}
			dirty.clear();
		},
	};
}
