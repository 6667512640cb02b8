<?php

namespace MediaWiki\Extension\MetricsPlatform;

use MWCryptRand;
use WebRequest;

/**
 * The logged-out reader's identifiers, in the cookies that the browser client reads too, so that
 * both tiers name the same subject (service MetricsPlatform.SubjectTokens):
 * - session: `<prefix>mwuser-sessionId`, the token of mw.user.sessionId(), a session cookie (it ends
 *   when the browser closes, as MediaWiki's own JavaScript sets it);
 * - device: `<prefix>mpDeviceId`, one year.
 * A token the request lacks is made at most once per request and set as a cookie, so the experiment
 * manager and the server-side submitter use the same one. Callers must not ask for a new token for a
 * reader who refuses (RequestPrivacy): nothing here decides that.
 */
class SubjectTokens {

	public const SESSION_COOKIE = 'mwuser-sessionId';
	public const DEVICE_COOKIE = 'mpDeviceId';
	private const DEVICE_LIFETIME = 365 * 86400;
	private const TOKEN = '/^[0-9a-f]{20}\z/';

	/** @var array<string,string> tokens made during this request, by cookie name */
	private array $made = [];

	/**
	 * The session token: the cookie's, else (with $create) a new one, set as a session cookie.
	 *
	 * @param WebRequest $request
	 * @param bool $create make and set one when the request has none
	 * @return string|null 20 lowercase hex digits
	 */
	public function session( WebRequest $request, bool $create ): ?string {
		return $this->token( $request, self::SESSION_COOKIE, $create, null );
	}

	/**
	 * The device token: the cookie's, else (with $create) a new one, kept for a year.
	 *
	 * @param WebRequest $request
	 * @param bool $create
	 * @return string|null
	 */
	public function device( WebRequest $request, bool $create ): ?string {
		return $this->token( $request, self::DEVICE_COOKIE, $create, time() + self::DEVICE_LIFETIME );
	}

	/**
	 * @param WebRequest $request
	 * @param string $cookie
	 * @param bool $create
	 * @param int|null $expiry null: a session cookie (WebResponse::setCookie reads 0 as
	 *   $wgCookieExpiration, 30 days by default; only null means "until the browser closes")
	 * @return string|null
	 */
	private function token( WebRequest $request, string $cookie, bool $create, ?int $expiry ): ?string {
		$token = $request->getCookie( $cookie );
		if ( is_string( $token ) && preg_match( self::TOKEN, $token ) ) {
			return $token;
		}
		if ( isset( $this->made[$cookie] ) ) {
			return $this->made[$cookie];
		}
		if ( !$create ) {
			return null;
		}
		$token = MWCryptRand::generateHex( 20 );
		$this->made[$cookie] = $token;
		// Readable by mw.user / mw.cookie, as MediaWiki's own JavaScript sets it.
		$request->response()->setCookie( $cookie, $token, $expiry, [ 'httpOnly' => false ] );
		return $token;
	}
}
