import { onceLog } from './onceLog';
import type Database from 'better-sqlite3';
import type { ModelCatalog } from './modelCatalog';
import { compileFilter, CompiledFilter, compileProjector, createHasher, RowProjector, SqlValue } from './projection';
import { resolveColumns, ResolvedColumn } from './schemaColumns';
import type { SchemaDocuments } from './schemaDocuments';
import type { TableDefinition } from './tableDefinition';
import { createRowWriter, RowWriter } from './rowWriter';
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
	 * Inserts the rows {@link write} gathered (multi-row INSERTs: see createRowWriter). Call it before
	 * the transaction ends. Never throws.
	 */
	flush(): void;
}

/** One table as events of one schema fill it. */
interface TablePlan {
	physical: string;
	table: TableDefinition;
	columns: ResolvedColumn[];
	writer: RowWriter;
	day: boolean;
	/**
	 * Values of the rows gathered, row after row (`width` each): `event_id`, `received_at`, `day` (for
	 * a table partitioned by day), then the defined columns. Reused: only the first `rows` rows count.
	 */
	pending: SqlValue[];
	rows: number;
	width: number;
	project: RowProjector;
	passes: CompiledFilter;
}

/** Plans remembered (per stream and schema id) before the cache starts over. */
const MAX_PLANS = 1000;

/**
 * The materialiser of a SQLite store: for each (stream, schema) pair met, it makes the stream's tables
 * for that schema's major version once (see ensureTable) and their row writers; each event then
 * costs one filter check and one gathered row per table, inserted many rows at a time (see
 * createRowWriter). De-duplication is the raw store's: a table with `dedupe` takes only the events the
 * raw store had not stored yet (no index of its own on a random id, which would cost a page per event).
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

	function insertPending( plan: TablePlan ): void {
		const rows = plan.rows;
		plan.rows = 0;
		try {
			plan.writer.insert( plan.pending, rows );
		} catch ( e ) {
			report( `table ${ plan.physical }: ${ rows } row(s) could not be written: ${ ( e as Error ).message }` );
		}
	}

	// The day of the last receive time seen (the events of a request share one).
	let lastDt = '';
	let lastDay = '';

	// The events of a request mostly share stream, schema and receive time: the last ones are kept.
	let last: { stream: string; schemaId: string; list: TablePlan[] } = { stream: '', schemaId: '', list: [] };

	/**
	 * The plans of a stream's events of a schema, made (with their tables) when first needed.
	 *
	 * @param stream
	 * @param schemaId
	 * @param receivedAt the receive time of the event that needs them (a column added or re-tagged
	 *  now holds as defined from it on)
	 */
	function planFor( stream: string, schemaId: string, receivedAt: string ): TablePlan[] {
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
				ensureTable( db, physical, stream, table, major, schemaId, resolved.columns, new Date( now() ).toISOString(), receivedAt ).forEach( ( m ) => options.log( m ) );
				// A table keeps the type a column was made with.
				const columns = resolved.columns.map( ( c ) => Object.assign( {}, c, { type: storedColumnType( db, physical, c.name ) || c.type } ) );
				const day = table.partition === 'day';
				const names = [ 'event_id', 'received_at' ].concat( day ? [ 'day' ] : [], columns.map( ( c ) => `"${ c.name }"` ) );
				// Prepares the INSERT of one row now, so that a table that cannot take rows is found here, once.
				const writer = createRowWriter( db, `INSERT INTO "${ physical }" (${ names.join( ', ' ) }) VALUES `, names.length );
				list.push( {
					physical, table, columns, writer, day, pending: [], rows: 0, width: names.length,
					project: compileProjector( columns, hash ), passes: compileFilter( table.filter ),
				} );
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
			const list = planFor( meta.stream, schemaId, meta.dt );
			for ( let i = 0; i < list.length; i++ ) {
				const plan = list[ i ];
				if ( ( !isNew && plan.table.dedupe ) || !plan.passes( event ) ) {
					continue;
				}
				const pending = plan.pending;
				let at = plan.rows * plan.width;
				pending[ at++ ] = meta.id;
				pending[ at++ ] = meta.dt;
				if ( plan.day ) {
					if ( meta.dt !== lastDt ) {
						lastDt = meta.dt;
						lastDay = meta.dt.slice( 0, 10 );
					}
					pending[ at++ ] = lastDay;
				}
				plan.project( event, pending, at );
				plan.rows++;
				dirty.add( plan );
				if ( plan.rows === plan.writer.chunkRows ) {
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
