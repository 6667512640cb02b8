/** A refusal with its HTTP status; the message is the reason given to the client. */
export class HttpError extends Error {
	/**
	 * @param status a 4xx status
	 * @param message the reason, for the client
	 */
	public constructor( public readonly status: number, message: string ) {
		super( message );
	}
}
