<?php

namespace MediaWiki\Extension\MetricsPlatform;

/**
 * One HTTP(S) POST with a total deadline: connecting, the TLS handshake, sending and reading the
 * answer all end when the time is up, however slowly the other side trickles. MediaWiki's own
 * transport only bounds each wait (without curl, Guzzle's stream handler gives the timeout to every
 * read, so an intake sending one byte a second holds the request indefinitely). Plain PHP streams,
 * so the deadline holds whatever HTTP extension is installed. Never throws, never warns. Name
 * resolution is not bounded (the system resolver has its own timeout); $wgHTTPProxy is not used.
 */
class DeadlinePost {

	/** Of the answer, at most this much is read (it is only logged). */
	private const MAX_ANSWER_BYTES = 65536;

	/**
	 * @param string $url http:// or https://
	 * @param string $body
	 * @param array<string,string> $headers extra request headers
	 * @param float $seconds the total deadline
	 * @return array{status:int,body:string,error:?string} status 0 when no status line arrived in time
	 */
	public static function post( string $url, string $body, array $headers, float $seconds ): array {
		$deadline = microtime( true ) + max( 0.0, $seconds );
		$errors = [];
		set_error_handler( static function ( $no, $message ) use ( &$errors ) {
			$errors[] = $message;
			return true;
		} );
		try {
			return self::exchange( $url, $body, $headers, $deadline, $errors );
		} catch ( \Throwable $e ) {
			return [ 'status' => 0, 'body' => '', 'error' => get_class( $e ) . ': ' . $e->getMessage() ];
		} finally {
			restore_error_handler();
		}
	}

	/**
	 * @param string $url
	 * @param string $body
	 * @param array $headers
	 * @param float $deadline microtime( true ) at which everything stops
	 * @param string[] &$errors PHP warnings seen so far
	 * @return array{status:int,body:string,error:?string}
	 */
	private static function exchange( string $url, string $body, array $headers, float $deadline, array &$errors ): array {
		$parts = parse_url( $url );
		$scheme = is_array( $parts ) ? strtolower( $parts['scheme'] ?? '' ) : '';
		if ( ( $scheme !== 'http' && $scheme !== 'https' ) || !isset( $parts['host'] ) ) {
			return self::failed( 'the intake URL is not an http(s) URL' );
		}
		$tls = $scheme === 'https';
		$host = $parts['host'];
		$port = (int)( $parts['port'] ?? ( $tls ? 443 : 80 ) );
		$bareHost = trim( $host, '[]' );
		$address = strpos( $bareHost, ':' ) !== false ? "[$bareHost]" : $bareHost;
		$context = stream_context_create( [ 'ssl' => [ 'peer_name' => $bareHost, 'SNI_enabled' => true, 'verify_peer' => true, 'verify_peer_name' => true ] ] );
		$errno = 0;
		$errstr = '';
		$socket = stream_socket_client( "tcp://$address:$port", $errno, $errstr, max( 0.001, $deadline - microtime( true ) ), STREAM_CLIENT_CONNECT, $context );
		if ( !is_resource( $socket ) ) {
			return self::failed( "cannot connect to $host:$port ($errstr)" );
		}
		try {
			stream_set_blocking( $socket, false );
			if ( $tls && !self::handshake( $socket, $deadline ) ) {
				return self::failed( 'the TLS handshake did not complete before the deadline' . ( $errors ? ' (' . end( $errors ) . ')' : '' ) );
			}
			$request = "POST " . ( $parts['path'] ?? '/' ) . ( isset( $parts['query'] ) ? '?' . $parts['query'] : '' ) . " HTTP/1.1\r\n" .
				'Host: ' . $host . ( isset( $parts['port'] ) ? ":$port" : '' ) . "\r\n" .
				'Content-Length: ' . strlen( $body ) . "\r\nConnection: close\r\n";
			foreach ( $headers as $name => $value ) {
				$request .= str_replace( [ "\r", "\n" ], '', "$name: $value" ) . "\r\n";
			}
			$request .= "\r\n" . $body;
			if ( !self::send( $socket, $request, $deadline ) ) {
				return self::failed( 'the request could not be sent before the deadline' );
			}
			return self::answer( $socket, $deadline );
		} finally {
			fclose( $socket );
		}
	}

	/**
	 * Waits until the socket is ready or the deadline passes.
	 *
	 * @param resource $socket
	 * @param bool $write wait for writability (else readability)
	 * @param float $deadline
	 * @return bool ready
	 */
	private static function wait( $socket, bool $write, float $deadline ): bool {
		$left = $deadline - microtime( true );
		if ( $left <= 0 ) {
			return false;
		}
		$read = $write ? [] : [ $socket ];
		$writeSet = $write ? [ $socket ] : [];
		$except = [];
		$seconds = (int)floor( $left );
		return stream_select( $read, $writeSet, $except, $seconds, (int)( ( $left - $seconds ) * 1e6 ) ) > 0;
	}

	/**
	 * @param resource $socket
	 * @param float $deadline
	 * @return bool
	 */
	private static function handshake( $socket, float $deadline ): bool {
		while ( true ) {
			$done = stream_socket_enable_crypto( $socket, true, STREAM_CRYPTO_METHOD_TLS_CLIENT );
			if ( $done === true ) {
				return true;
			}
			if ( $done === false || !self::wait( $socket, false, $deadline ) ) {
				return false;
			}
		}
	}

	/**
	 * @param resource $socket
	 * @param string $data
	 * @param float $deadline
	 * @return bool all written
	 */
	private static function send( $socket, string $data, float $deadline ): bool {
		while ( $data !== '' ) {
			if ( !self::wait( $socket, true, $deadline ) ) {
				return false;
			}
			$written = fwrite( $socket, $data );
			if ( $written === false || ( $written === 0 && feof( $socket ) ) ) {
				return false;
			}
			$data = (string)substr( $data, $written );
		}
		return true;
	}

	/**
	 * Reads the status line, headers and (up to MAX_ANSWER_BYTES of) the body.
	 *
	 * @param resource $socket
	 * @param float $deadline
	 * @return array{status:int,body:string,error:?string}
	 */
	private static function answer( $socket, float $deadline ): array {
		$raw = '';
		$late = false;
		while ( !feof( $socket ) && strlen( $raw ) < self::MAX_ANSWER_BYTES ) {
			if ( self::complete( $raw ) ) {
				break;
			}
			if ( !self::wait( $socket, false, $deadline ) ) {
				$late = true;
				break;
			}
			$chunk = fread( $socket, 8192 );
			if ( $chunk === false || ( $chunk === '' && feof( $socket ) ) ) {
				break;
			}
			$raw .= $chunk;
		}
		if ( !preg_match( '/^HTTP\/\d(?:\.\d)? (\d{3})/', $raw, $m ) ) {
			return self::failed( $late ? 'no answer before the deadline' : 'the answer is not HTTP' );
		}
		$split = strpos( $raw, "\r\n\r\n" );
		$head = $split === false ? $raw : substr( $raw, 0, $split );
		$body = $split === false ? '' : substr( $raw, $split + 4 );
		if ( preg_match( '/^transfer-encoding:\s*chunked/mi', $head ) ) {
			$body = self::dechunk( $body );
		}
		return [ 'status' => (int)$m[1], 'body' => $body, 'error' => $late ? 'the answer was cut at the deadline' : null ];
	}

	/**
	 * Whether a whole answer with a Content-Length (or an empty chunked body) has been read.
	 *
	 * @param string $raw
	 * @return bool
	 */
	private static function complete( string $raw ): bool {
		$split = strpos( $raw, "\r\n\r\n" );
		if ( $split === false ) {
			return false;
		}
		$head = substr( $raw, 0, $split );
		if ( preg_match( '/^content-length:\s*(\d+)/mi', $head, $m ) ) {
			return strlen( $raw ) - $split - 4 >= (int)$m[1];
		}
		return preg_match( '/^transfer-encoding:\s*chunked/mi', $head ) === 1 && substr( $raw, -5 ) === "0\r\n\r\n";
	}

	/**
	 * @param string $body a chunked body (possibly cut short)
	 * @return string
	 */
	private static function dechunk( string $body ): string {
		$out = '';
		while ( preg_match( '/^([0-9a-fA-F]+)[^\r\n]*\r\n/', $body, $m ) ) {
			$size = hexdec( $m[1] );
			if ( $size === 0 ) {
				break;
			}
			$out .= substr( $body, strlen( $m[0] ), (int)$size );
			$body = (string)substr( $body, strlen( $m[0] ) + (int)$size + 2 );
		}
		return $out;
	}

	/**
	 * @param string $reason
	 * @return array{status:int,body:string,error:string}
	 */
	private static function failed( string $reason ): array {
		return [ 'status' => 0, 'body' => '', 'error' => $reason ];
	}
}
