<?php

use MediaWiki\Extension\MetricsPlatform\ServerContext;
use MediaWiki\MediaWikiServices;
use MediaWiki\ResourceLoader\Context as ResourceLoaderContext;
use MediaWiki\ResourceLoader\ResourceLoader;
use PHPUnit\Framework\TestCase;

/**
 * The server-side contextual attributes of a request against the browser's on the same page: the
 * browser's are computed by the browser client's own code (tests/phpunit/browserContext.mjs) from the
 * mw.config that MediaWiki gives that page (ResourceLoader's site settings plus OutputPage's
 * variables after the page was viewed). Runs in a throwaway MediaWiki 1.39 (build/phpunit.mjs).
 *
 * @covers \MediaWiki\Extension\MetricsPlatform\ServerContext
 */
class ServerContextTest extends TestCase {

	private const SESSION = '0123456789abcdef0123';
	private const PAGEVIEW = 'fedcba9876543210fedc';
	private const UA = 'Mozilla/5.0 (X11; Linux x86_64) PHPUnit';

	protected function setUp(): void {
		if ( !defined( 'MW_VERSION' ) ) {
			$this->markTestSkipped( 'MediaWiki is not set up (MW_LOCALSETTINGS): run build/phpunit.mjs' );
		}
	}

	public function provideViews(): array {
		return [
			'anonymous reader, article' => [ null, 'E2E page 1' ],
			'Editor (6 edits), article' => [ 'Editor', 'E2E page 1' ],
			'Editor, a page that does not exist' => [ 'Editor', 'No such page yet' ],
			'anonymous reader, talk page that does not exist' => [ null, 'Talk:E2E page 1' ],
		];
	}

	/**
	 * @dataProvider provideViews
	 * @param string|null $userName null for a logged-out reader
	 * @param string $titleText
	 */
	public function testServerAttributesAreTheBrowsersOnTheSamePage( ?string $userName, string $titleText ): void {
		$services = MediaWikiServices::getInstance();
		$user = $userName === null ?
			$services->getUserFactory()->newAnonymous( '127.0.0.1' ) :
			$services->getUserFactory()->newFromName( $userName );
		$this->assertTrue( $userName === null || $user->isRegistered(), "the wiki has the user $userName" );
		$request = new FauxRequest( [] );
		$request->setHeader( 'User-Agent', self::UA );
		$context = new RequestContext();
		$context->setRequest( $request );
		$context->setUser( $user );
		$context->setTitle( Title::newFromText( $titleText ) );

		Article::newFromTitle( $context->getTitle(), $context )->view();
		$rlRequest = new FauxRequest( [
			'lang' => $context->getLanguage()->getCode(),
			'skin' => $context->getSkin()->getSkinName(),
		] );
		$rlContext = new ResourceLoaderContext( $services->getResourceLoader(), $rlRequest );
		$config = ResourceLoader::getSiteConfigSettings( $rlContext, $context->getConfig() ) + $context->getOutput()->getJSVars();

		$browser = $this->browserAttributes( $config, [
			'anon' => !$user->isRegistered(),
			'id' => $user->getId(),
			'name' => $user->isRegistered() ? $user->getName() : null,
			'sessionId' => self::SESSION,
			'pageviewToken' => self::PAGEVIEW,
		] );
		$server = ServerContext::attributes( $context, self::SESSION, self::PAGEVIEW );
		// The one intended difference: which client built the event.
		$this->assertSame( 'mediawiki_js', $browser['agent']['client_platform'] );
		$this->assertSame( 'mediawiki_php', $server['agent']['client_platform'] );
		unset( $browser['agent']['client_platform'], $server['agent']['client_platform'] );
		$this->assertEquals( self::sorted( self::withoutNulls( $browser ) ), self::sorted( self::withoutNulls( $server ) ) );
	}

	/**
	 * @param array $config mw.config of the page
	 * @param array $user what mw.user answers
	 * @return array
	 */
	private function browserAttributes( array $config, array $user ): array {
		$process = proc_open(
			[ 'node', __DIR__ . '/../browserContext.mjs' ],
			[ 0 => [ 'pipe', 'r' ], 1 => [ 'pipe', 'w' ], 2 => [ 'pipe', 'w' ] ],
			$pipes
		);
		fwrite( $pipes[0], json_encode( [ 'config' => $config, 'user' => $user, 'userAgent' => self::UA ] ) );
		fclose( $pipes[0] );
		$out = stream_get_contents( $pipes[1] );
		$err = stream_get_contents( $pipes[2] );
		$status = proc_close( $process );
		$this->assertSame( 0, $status, "browserContext.mjs: $err" );
		return json_decode( $out, true );
	}

	/**
	 * Absent and null mean the same to the client (it leaves them out of events).
	 *
	 * @param array $a
	 * @return array
	 */
	private static function withoutNulls( array $a ): array {
		foreach ( $a as $k => $v ) {
			if ( $v === null ) {
				unset( $a[$k] );
			} elseif ( is_array( $v ) && $v !== [] && !\MediaWiki\Extension\MetricsPlatform\Core\JsonList::is( $v ) ) {
				$a[$k] = self::withoutNulls( $v );
			}
		}
		return $a;
	}

	private static function sorted( array $a ): array {
		ksort( $a );
		foreach ( $a as $k => $v ) {
			if ( is_array( $v ) && !\MediaWiki\Extension\MetricsPlatform\Core\JsonList::is( $v ) ) {
				$a[$k] = self::sorted( $v );
			}
		}
		return $a;
	}
}
