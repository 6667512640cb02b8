import type { OutboxStorage } from '../../modules/src/core/delivery';

/**
 * Outbox storage in memory for tests. `full`: writes throw (QuotaExceededError); `disabled`: every
 * call throws (storage blocked).
 */
export class MemoryStorage implements OutboxStorage {
	public data = new Map<string, string>();

	public full = false;

	public disabled = false;

	private check(): void {
		if ( this.disabled ) {
			throw new Error( 'SecurityError: storage disabled' );
		}
	}

	public getItem( key: string ): string | null {
		this.check();
		return this.data.has( key ) ? this.data.get( key ) as string : null;
	}

	public setItem( key: string, value: string ): void {
		this.check();
		if ( this.full ) {
			throw new Error( 'QuotaExceededError' );
		}
		this.data.set( key, value );
	}

	public removeItem( key: string ): void {
		this.data.delete( key );
	}

	public keys( prefix: string ): string[] {
		this.check();
		return Array.from( this.data.keys() ).filter( ( k ) => k.indexOf( prefix ) === 0 );
	}
}
