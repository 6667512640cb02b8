<?php

namespace MediaWiki\Extension\MetricsPlatform;

use Config;
use IContextSource;
use MediaWiki\Extension\MetricsPlatform\Core\Experiments;
use MediaWiki\Logger\LoggerFactory;
use CentralIdLookup;

/**
 * Experiments and flags for the current request, computed once at request time so that the page
 * renders the assigned variant with no flicker (service MetricsPlatform.ExperimentManager).
 *
 * Subjects: logged-in users by central user id (unit "user"); logged-out users by the session token
 * cookie that mw.user.sessionId() keeps (unit "session"); an edge cache may instead enrol them and
 * send X-Experiment-Enrollments, which wins when present and well formed.
 */
class ExperimentManager {

	/** A request with no enrolment and no flag. */
	private const NOTHING = [ 'enrolled' => [], 'assigned' => [], 'overridden' => [], 'flags' => [], 'streams' => [] ];

	/** @var array<string,array>|null valid experiment definitions */
	private ?array $experiments = null;
	/** @var array<string,array>|null valid flag definitions */
	private ?array $flags = null;
	private ?array $state = null;

	private Config $config;
	private CentralIdLookup $centralIdLookup;

	public function __construct(
		Config $config,
		CentralIdLookup $centralIdLookup
	) {
		$this->config = $config;
		$this->centralIdLookup = $centralIdLookup;
	}

	/**
	 * Valid definitions; invalid ones are logged once (naming the entry and the field) and ignored.
	 *
	 * @return array{experiments:array,flags:array}
	 */
	public function definitions(): array {
		if ( $this->experiments === null ) {
			$logger = LoggerFactory::getInstance( 'MetricsPlatform' );
			$this->experiments = [];
			foreach ( ControlPlane\ServedDefinitions::experiments( $this->config->get( 'MetricsPlatformExperiments' ) ?: [] ) as $name => $def ) {
				$problem = Experiments::experimentProblem( (string)$name, $def );
				if ( $problem === null ) {
					$this->experiments[(string)$name] = $def;
				} else {
					$logger->error( 'Experiment {name} is ignored: {problem}', [ 'name' => $name, 'problem' => $problem ] );
				}
			}
			$this->flags = [];
			foreach ( ControlPlane\ServedDefinitions::flags( $this->config->get( 'MetricsPlatformFlags' ) ?: [] ) as $key => $def ) {
				$problem = Experiments::flagProblem( (string)$key, $def );
				if ( $problem === null ) {
					$this->flags[(string)$key] = $def;
				} else {
					$logger->error( 'Flag {key} is ignored: {problem}', [ 'key' => $key, 'problem' => $problem ] );
				}
			}
		}
		return [ 'experiments' => $this->experiments, 'flags' => $this->flags ];
	}

	/**
	 * The subject units that active experiments and flag rollouts use.
	 *
	 * @return array<string,true>
	 */
	private function unitsInUse(): array {
		$defs = $this->definitions();
		$units = [];
		foreach ( $defs['experiments'] as $def ) {
			if ( $def['status'] === 'on' ) {
				$units[$def['unit']] = true;
			}
		}
		foreach ( $defs['flags'] as $def ) {
			if ( isset( $def['rollout'] ) && ( $def['enabled'] ?? true ) ) {
				$units[$def['rollout']['unit']] = true;
			}
		}
		return $units;
	}

	/**
	 * The request's enrolments, assignments and flag values.
	 *
	 * @param IContextSource $context
	 * @return array{enrolled:string[],assigned:array<string,string>,overridden:string[],flags:array,streams:array}
	 */
	public function forRequest( IContextSource $context ): array {
		if ( $this->state !== null ) {
			return $this->state;
		}
		$defs = $this->definitions();
		if ( !$defs['experiments'] && !$defs['flags'] ) {
			// Nothing defined: no context to read, no cookie to set.
			$this->state = self::NOTHING;
			return $this->state;
		}
		$request = $context->getRequest();
		$user = $context->getUser();
		$subjects = [];
		if ( $user->isRegistered() ) {
			$central = $this->centralIdLookup->centralIdFromLocalUser( $user, CentralIdLookup::AUDIENCE_RAW );
			$subjects['user'] = (string)( $central ?: $user->getId() );
		}
		// Tokens live in cookies that the browser client reads too (mw.user.sessionId() keeps its own in
		// mwuser-sessionId), so PHP and JS agree. When an active definition needs one that the browser
		// does not have yet, it is made here, so that even the first page view renders without flicker.
		$needed = $this->unitsInUse();
		foreach ( [ 'session' => [ 'mwuser-sessionId', 0 ], 'device' => [ 'mpDeviceId', 365 * 86400 ] ] as $unit => [ $cookie, $lifetime ] ) {
			$token = $request->getCookie( $cookie );
			if ( !( is_string( $token ) && preg_match( '/^[0-9a-f]{20}$/', $token ) ) ) {
				if ( !isset( $needed[$unit] ) ) {
					continue;
				}
				$token = \MWCryptRand::generateHex( 20 );
				$request->response()->setCookie( $cookie, $token, $lifetime ? time() + $lifetime : 0, [ 'httpOnly' => false ] );
			}
			$subjects[$unit] = $token;
		}
		$edge = null;
		$header = $request->getHeader( 'X-Experiment-Enrollments' );
		if ( is_string( $header ) && !$user->isRegistered() ) {
			$edge = Experiments::parseEnrollmentHeader( $header );
			if ( $edge === null ) {
				LoggerFactory::getInstance( 'MetricsPlatform' )->info( 'Malformed X-Experiment-Enrollments header ignored: {header}', [ 'header' => substr( $header, 0, 200 ) ] );
			}
		}
		$view = Experiments::targetingView( ServerContext::attributes( $context, $subjects['session'] ?? '', '' ) );
		$now = microtime( true ) * 1000;
		$state = self::NOTHING;
		foreach ( $defs['experiments'] as $name => $def ) {
			if ( $edge !== null && ( $def['status'] ?? '' ) === 'on' && isset( $edge[$name] ) ) {
				$result = [ 'enrolled' => true, 'group' => $edge[$name] ];
			} else {
				$result = Experiments::evaluateExperiment( $name, $def, $view, $subjects, $now );
			}
			if ( $result['enrolled'] ) {
				$state['enrolled'][] = $name;
				$state['assigned'][$name] = $result['group'];
				$state['streams'][$name] = [ 'stream' => $def['stream'] ?? null, 'schema' => $def['schema'] ?? null ];
			}
		}
		$overrides = Experiments::parseOverrides( (string)$request->getVal( 'mpo', '' ) );
		foreach ( $overrides as $name => $group ) {
			if ( isset( $defs['experiments'][$name] ) ) {
				if ( !in_array( $name, $state['enrolled'], true ) ) {
					$state['enrolled'][] = $name;
				}
				$state['assigned'][$name] = $group;
				$state['overridden'][] = $name;
			}
		}
		foreach ( $defs['flags'] as $key => $def ) {
			$state['flags'][$key] = Experiments::evaluateFlag( $key, $def, $view, $subjects );
		}
		$this->state = $state;
		return $state;
	}

	/**
	 * A flag's value for the current request (PHP feature code).
	 *
	 * @param IContextSource $context
	 * @param string $key
	 * @param mixed $default when the flag is unknown
	 * @return mixed
	 */
	public function getFlag( IContextSource $context, string $key, $default = null ) {
		return $this->forRequest( $context )['flags'][$key] ?? $default;
	}

	/**
	 * The group the current subject is assigned to, or null.
	 *
	 * @param IContextSource $context
	 * @param string $name
	 * @return string|null
	 */
	public function getAssignedGroup( IContextSource $context, string $name ): ?string {
		return $this->forRequest( $context )['assigned'][$name] ?? null;
	}
}
