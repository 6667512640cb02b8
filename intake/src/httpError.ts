/** A refusal with its HTTP status; the message is the reason given to the client. */
export class HttpError extends Error {
	/**
	 * Resolves when the rest of a refused request body has been read and dropped (or given up on):
	 * answering before that, on a connection that is to close, would reset it under a client still
	 * sending, and the client would never see the answer.
	 */
	public drained: Promise<void> | null = null;

	/**
	 * @param status a 4xx status
	 * @param message the reason, for the client
	 */
	public constructor( public readonly status: number, message: string ) {
		super( message );
	}
}
