/**
 * Whether a process with this pid exists on this machine (signal 0: nothing is sent; EPERM means it
 * exists under another user).
 *
 * @param pid a process id
 */
export function processAlive( pid: number ): boolean {
	try {
		process.kill( pid, 0 );
		return true;
	} catch ( e ) {
		return ( e as NodeJS.ErrnoException ).code === 'EPERM';
	}
}
