import { onceLog } from '../modelling/onceLog';
import type { Pool, PoolClient } from 'pg';
import type { ModelCatalog } from '../modelling/modelCatalog';
import { compileFilter, CompiledFilter, compileProjector, createHasher, RowProjector, SqlValue } from '../modelling/projection';
import { resolveColumns } from '../modelling/schemaColumns';
import type { SchemaDocuments } from '../modelling/schemaDocuments';
import type { ColumnType, TableDefinition } from '../modelling/tableDefinition';
import { physicalTableName, schemaMajorVersion } from '../modelling/tableNaming';
import { ensureDayPartition, inPartitionWindow } from './dayPartitions';
import { keyText } from './keyText';
import { ensurePgTable, PG_TYPES } from './tableStore';

/** Options of {@link createPgMaterialiser}. */
export interface PgMaterialiserOptions {
	/** The installation's secret for `hash` columns. */
	hashSecret: Buffer;
	/** Notices: tables created, columns added, problems. */
	log: ( message: string ) => void;
	/** The clock (partition window, catalogue times). */
	now: () => number;
	/**
	 * Called when a column turned to `hash` and its clear values are recorded for a rewrite (see
	 * rehash.ts); without it such a change is only noted, and the older rows keep their clear values.
	 */
	onRehash?: () => void;
}

/** Writes accepted events into their stream's tables on PostgreSQL. */
export interface PgMaterialiser {
	/** Takes new table definitions and the schemas their column types come from. */
	setModels( catalog: ModelCatalog, schemas?: SchemaDocuments ): void;
	/** Whether some stream has tables (without, writes skip everything here). */
	modelled(): boolean;
	/**
	 * Makes what the events' rows need before their transaction starts: the tables (created or given
	 * new columns) and the day partitions. Never throws: a table that cannot be made is reported once
	 * and its rows are skipped.
	 *
	 * @param events the accepted events of a write
	 */
	prepare( events: readonly Record<string, unknown>[] ): Promise<void>;
	/**
	 * Inserts the rows of the events into their tables, inside the caller's transaction (the one that
	 * stores the raw events): one INSERT per table, each under a savepoint, so that a table that
	 * cannot take its rows is reported and the raw events and other tables are stored anyway. Never
	 * throws for a table's failure.
	 *
	 * @param client the connection, in a transaction
	 * @param events the accepted events
	 * @param isNew for each event, whether the raw store had not stored it yet (a re-send, false, goes
	 *  only to tables without `dedupe`)
	 */
	insert( client: PoolClient, events: readonly Record<string, unknown>[], isNew: readonly boolean[] ): Promise<void>;
}

/** One table as events of one schema fill it. */
interface TablePlan {
	physical: string;
	table: TableDefinition;
	partitioned: boolean;
	/** The types of the defined columns, in order. */
	types: ColumnType[];
	/** Which defined columns hold text (string or hashed): U+0000, which PostgreSQL text cannot hold, is replaced there. */
	text: boolean[];
	insert: string;
	project: RowProjector;
	passes: CompiledFilter;
}

/** Plans remembered (per stream and schema id) before the cache starts over. */
const MAX_PLANS = 1000;

/** bigint's bounds (a JSON integer beyond them is stored as NULL rather than failing the insert). */
const BIGINT_LIMIT = 2 ** 63;

/**
 * A projected value as PostgreSQL takes it: text without U+0000 (replaced by U+FFFD), integers
 * beyond bigint as NULL; the rest as the projection made it (booleans as 1/0, which PostgreSQL's
 * boolean input reads).
 *
 * @param value from the projection
 * @param type the column's stored type
 * @param text whether the column holds text
 */
function pgValue( value: SqlValue, type: ColumnType, text: boolean ): SqlValue {
	if ( value === null ) {
		return null;
	}
	if ( text && typeof value === 'string' ) {
		// eslint-disable-next-line no-control-regex
		return value.includes( '\u0000' ) ? value.replace( /\u0000/g, '\ufffd' ) : value;
	}
	if ( type === 'integer' && typeof value === 'number' && !( value > -BIGINT_LIMIT && value < BIGINT_LIMIT ) ) {
		return null;
	}
	return value;
}

/**
 * Whether a meta.dt is one the tables can take (`received_at` timestamptz, `day` its first 10
 * characters): ISO 8601 UTC, as the intake sets it.
 *
 * @param dt meta.dt
 */
function isReceiveTime( dt: unknown ): dt is string {
	return typeof dt === 'string' && /^\d{4}-\d{2}-\d{2}T/.test( dt ) && dt.endsWith( 'Z' ) && !Number.isNaN( Date.parse( dt ) );
}

/**
 * The materialiser of the PostgreSQL store: the SQLite store's rules (one row per event per table
 * whose filter it passes; re-sends only to tables without `dedupe`; `hash` columns HMAC'd before they
 * are stored; types from the definition or the schema, a table keeping the type a column was made
 * with), with the projection, filters and hashing of intake/src/modelling (the same functions).
 * Tables partitioned by day get a partition per receive day, made on demand like the raw events'.
 *
 * @param pool the store's pool
 * @param options secret, log, clock
 */
export function createPgMaterialiser( pool: Pool, options: PgMaterialiserOptions ): PgMaterialiser {
	let catalog: ModelCatalog | null = null;
	let schemas: SchemaDocuments = () => null;
	let hasTables = false;
	let plans = new Map<string, Promise<TablePlan[]>>();
	/** `<table> <day>` of the partitions known to exist. */
	const partitions = new Set<string>();
	const report = onceLog( options.log );
	const hash = createHasher( options.hashSecret );

	async function makePlans( stream: string, schemaId: string ): Promise<TablePlan[]> {
		const list: TablePlan[] = [];
		const tables = catalog ? catalog.get( stream ).tables : [];
		if ( !tables.length ) {
			return list;
		}
		const major = schemaMajorVersion( schemaId );
		if ( major === null ) {
			report( `stream "${ stream }": ${ schemaId } has no x.y.z version, so its events go to no table` );
			return list;
		}
		const client = await pool.connect();
		try {
			for ( const table of tables ) {
				const physical = physicalTableName( table.name, major );
				try {
					const resolved = resolveColumns( table, schemas( schemaId ), schemaId );
					resolved.problems.forEach( ( p ) => report( `stream "${ stream }": ${ p }` ) );
					const made = await ensurePgTable( client, physical, stream, table, major, schemaId, resolved.columns, new Date( options.now() ).toISOString(), !!options.onRehash );
					made.changes.forEach( ( m ) => options.log( m ) );
					if ( made.rehashing && options.onRehash ) {
						options.onRehash();
					}
					const columns = made.columns;
					const system = [ 'event_id', 'received_at' ].concat( made.partitioned ? [ 'day' ] : [] );
					const casts = [ 'text[]', 'timestamptz[]' ].concat( made.partitioned ? [ 'date[]' ] : [], columns.map( ( c ) => PG_TYPES[ c.type ] + '[]' ) );
					list.push( {
						physical, table, partitioned: made.partitioned,
						types: columns.map( ( c ) => c.type ),
						text: columns.map( ( c ) => c.type === 'string' || c.privacy === 'hash' ),
						insert: `INSERT INTO "${ physical }" (${ system.concat( columns.map( ( c ) => `"${ c.name }"` ) ).join( ', ' ) })
							SELECT * FROM unnest(${ casts.map( ( cast, i ) => `$${ i + 1 }::${ cast }` ).join( ', ' ) })`,
						project: compileProjector( columns, hash ), passes: compileFilter( table.filter ),
					} );
				} catch ( e ) {
					report( `stream "${ stream }": table ${ physical } cannot be written: ${ ( e as Error ).message }` );
				}
			}
		} finally {
			client.release();
		}
		return list;
	}

	function planFor( stream: string, schemaId: string ): Promise<TablePlan[]> {
		const key = stream + '\n' + schemaId;
		let list = plans.get( key );
		if ( !list ) {
			if ( plans.size >= MAX_PLANS ) {
				plans.clear();
			}
			list = makePlans( stream, schemaId );
			plans.set( key, list );
		}
		return list;
	}

	function schemaOf( event: Record<string, unknown> ): string {
		return typeof event.$schema === 'string' ? event.$schema : '';
	}

	function streamOf( event: Record<string, unknown> ): string {
		return ( event.meta as { stream: string } ).stream;
	}

	return {
		setModels( next, nextSchemas ) {
			catalog = next;
			schemas = nextSchemas || schemas;
			hasTables = next.entries().some( ( [ , model ] ) => model.tables.length > 0 );
			plans = new Map();
		},
		modelled: () => hasTables,
		async prepare( events ) {
			const pairs = new Map<string, [ string, string ]>();
			for ( const event of events ) {
				const schemaId = schemaOf( event );
				if ( schemaId ) {
					pairs.set( streamOf( event ) + '\n' + schemaId, [ streamOf( event ), schemaId ] );
				}
			}
			const days = new Map<string, string>();
			for ( const [ key, [ stream, schemaId ] ] of pairs ) {
				const list = await planFor( stream, schemaId );
				if ( !list.some( ( p ) => p.partitioned ) ) {
					continue;
				}
				for ( const event of events ) {
					const dt = ( event.meta as { dt: string } ).dt;
					if ( streamOf( event ) + '\n' + schemaOf( event ) === key && isReceiveTime( dt ) ) {
						for ( const plan of list ) {
							if ( plan.partitioned ) {
								days.set( `${ plan.physical } ${ dt.slice( 0, 10 ) }`, plan.physical );
							}
						}
					}
				}
			}
			const missing = [ ...days ].filter( ( [ key ] ) => !partitions.has( key ) && inPartitionWindow( key.slice( -10 ), options.now() ) );
			if ( !missing.length ) {
				return;
			}
			const client = await pool.connect();
			try {
				for ( const [ key, physical ] of missing ) {
					try {
						await ensureDayPartition( client, key.slice( -10 ), physical );
						partitions.add( key );
					} catch ( e ) {
						// The rows go to the default partition meanwhile.
						report( `table ${ physical }: the partition of ${ key.slice( -10 ) } could not be made: ${ ( e as Error ).message }` );
					}
				}
			} finally {
				client.release();
			}
		},
		async insert( client, events, isNew ) {
			// The rows of each table, column by column (one unnest() INSERT per table).
			const gathered = new Map<TablePlan, SqlValue[][]>();
			const row: SqlValue[] = [];
			for ( let i = 0; i < events.length; i++ ) {
				const event = events[ i ];
				const schemaId = schemaOf( event );
				const meta = event.meta as { id: string; stream: string; dt: string };
				if ( !schemaId || !isReceiveTime( meta.dt ) ) {
					continue;
				}
				for ( const plan of await planFor( meta.stream, schemaId ) ) {
					if ( ( !isNew[ i ] && plan.table.dedupe ) || !plan.passes( event ) ) {
						continue;
					}
					let columns = gathered.get( plan );
					if ( !columns ) {
						columns = Array.from( { length: ( plan.partitioned ? 3 : 2 ) + plan.types.length }, () => [] );
						gathered.set( plan, columns );
					}
					// As `events.id` holds it, so that the two join.
					columns[ 0 ].push( keyText( meta.id ) );
					columns[ 1 ].push( meta.dt );
					if ( plan.partitioned ) {
						columns[ 2 ].push( meta.dt.slice( 0, 10 ) );
					}
					const first = plan.partitioned ? 3 : 2;
					plan.project( event, row, 0 );
					for ( let c = 0; c < plan.types.length; c++ ) {
						columns[ first + c ].push( pgValue( row[ c ], plan.types[ c ], plan.text[ c ] ) );
					}
				}
			}
			for ( const [ plan, columns ] of gathered ) {
				await client.query( 'SAVEPOINT mp_table' );
				try {
					await client.query( plan.insert, columns );
					await client.query( 'RELEASE SAVEPOINT mp_table' );
				} catch ( e ) {
					await client.query( 'ROLLBACK TO SAVEPOINT mp_table' );
					report( `table ${ plan.physical }: ${ columns[ 0 ].length } row(s) could not be written: ${ ( e as Error ).message }` );
				}
			}
		},
	};
}
