<?php

namespace MediaWiki\Extension\MetricsPlatform;

use Config;
use IContextSource;
use MediaWiki\Extension\MetricsPlatform\Core\Enrollment;
use MediaWiki\Extension\MetricsPlatform\Core\Experiments;
use MediaWiki\Logger\LoggerFactory;
use CentralIdLookup;

/**
 * Experiments and flags for the current request, computed once at request time so that the page
 * renders the assigned variant with no flicker (service MetricsPlatform.ExperimentManager).
 *
 * Subjects: logged-in users by central user id (unit "user"); logged-out users by the session token
 * cookie that mw.user.sessionId() keeps (unit "session") or the device cookie (SubjectTokens). A
 * reader who refuses usage data (RequestPrivacy) is enrolled in nothing and given no cookie; flag
 * rules still apply, rollouts give the default. An edge cache may enrol logged-out readers through
 * X-Experiment-Enrollments only when $wgMetricsPlatformTrustEdgeEnrollments is set, and then only in
 * defined experiments and groups, inside their window and targeting. Per-reader state makes the page
 * uncacheable (see Hooks).
 */
class ExperimentManager {

	/** A request with no enrolment and no flag. */
	private const NOTHING = [ 'enrolled' => [], 'assigned' => [], 'overridden' => [], 'flags' => [], 'streams' => [] ];

	/** @var array<string,array>|null valid experiment definitions */
	private ?array $experiments = null;
	/** @var array<string,array>|null valid flag definitions */
	private ?array $flags = null;
	private ?array $state = null;
	/** @var array|null what forRequest() decided from, for explain(): subjects, view, time, refusal, edge */
	private ?array $basis = null;
	private Config $config;
	private CentralIdLookup $centralIdLookup;
	private RequestPrivacy $privacy;
	private SubjectTokens $tokens;

	/**
	 * @param Config $config
	 * @param CentralIdLookup $centralIdLookup
	 * @param RequestPrivacy $privacy
	 * @param SubjectTokens $tokens
	 */
	public function __construct( Config $config, CentralIdLookup $centralIdLookup, RequestPrivacy $privacy, SubjectTokens $tokens ) {
		$this->config = $config;
		$this->centralIdLookup = $centralIdLookup;
		$this->privacy = $privacy;
		$this->tokens = $tokens;
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
		$refuses = $this->privacy->refuses( $context );
		$subjects = [];
		if ( !$refuses ) {
			if ( $user->isRegistered() ) {
				$central = $this->centralIdLookup->centralIdFromLocalUser( $user, CentralIdLookup::AUDIENCE_RAW );
				$subjects['user'] = (string)( $central ?: $user->getId() );
			}
			// When an active definition needs a token that the browser does not have yet, it is made
			// here, so that even the first page view renders without flicker.
			$needed = $this->unitsInUse();
			$session = $this->tokens->session( $request, isset( $needed['session'] ) );
			$device = $this->tokens->device( $request, isset( $needed['device'] ) );
			if ( $session !== null ) {
				$subjects['session'] = $session;
			}
			if ( $device !== null ) {
				$subjects['device'] = $device;
			}
		}
		$view = Experiments::targetingView( ServerContext::attributes( $context, $subjects['session'] ?? '', '' ) );
		$now = microtime( true ) * 1000;
		$edge = $refuses || $user->isRegistered() ? null : $this->edgeEnrollments( $request, $defs['experiments'], $view, $now );
		$state = self::NOTHING;
		// A refusing reader is enrolled in nothing: the default experience, nothing recorded.
		foreach ( $refuses ? [] : $defs['experiments'] as $name => $def ) {
			$name = (string)$name;
			if ( $edge !== null && isset( $edge[$name] ) ) {
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
		// QA overrides record nothing (overridden experiments send no events), so they apply to
		// every reader; only defined experiments and their own groups are accepted.
		foreach ( Enrollment::parseOverrides( $request->getRawVal( 'mpo' ), $defs['experiments'] ) as $name => $group ) {
			$name = (string)$name;
			if ( !in_array( $name, $state['enrolled'], true ) ) {
				$state['enrolled'][] = $name;
			}
			$state['assigned'][$name] = $group;
			$state['overridden'][] = $name;
		}
		foreach ( $defs['flags'] as $key => $def ) {
			$state['flags'][$key] = Experiments::evaluateFlag( $key, $def, $view, $subjects );
		}
		$this->state = $state;
		$this->basis = [ 'subjects' => $subjects, 'view' => $view, 'now' => $now, 'refuses' => $refuses, 'edge' => $edge ?? [] ];
		return $state;
	}

	/**
	 * Why the reader is or is not in each defined experiment, for the inspector (only sent to users
	 * who asked for it: the debug preference or ?mpdebug=1). `why`: `enrolled`, `overridden` (?mpo=),
	 * `edge` (X-Experiment-Enrollments), `refused` (the reader refuses usage data), `off`,
	 * `not_started`, `ended`, `not_targeted`, `no_subject` (no identifier for the unit, e.g. unit
	 * `user` and logged out) or `out_of_rate` (the subject's place within its group's span is not
	 * below the rate). `position`: sha256( subject + name ) as a number in [0, 1), null without a subject.
	 *
	 * @param IContextSource $context
	 * @return array<string,array{unit:string,rate:int|float,position:?float,group:?string,why:string}>
	 */
	public function explain( IContextSource $context ): array {
		$state = $this->forRequest( $context );
		$basis = $this->basis ?? [ 'subjects' => [], 'view' => [], 'now' => microtime( true ) * 1000, 'refuses' => false, 'edge' => [] ];
		$out = [];
		foreach ( $this->definitions()['experiments'] as $name => $def ) {
			$name = (string)$name;
			$subject = $basis['subjects'][$def['unit']] ?? null;
			$start = \MediaWiki\Extension\MetricsPlatform\Core\Rfc3339::parse( $def['start'] ?? null );
			$end = \MediaWiki\Extension\MetricsPlatform\Core\Rfc3339::parse( $def['end'] ?? null );
			$why = in_array( $name, $state['overridden'], true ) ? 'overridden' :
				( isset( $basis['edge'][$name] ) ? 'edge' :
				( in_array( $name, $state['enrolled'], true ) ? 'enrolled' :
				( $basis['refuses'] ? 'refused' :
				( $def['status'] !== 'on' ? 'off' :
				( $start !== null && $basis['now'] < $start ? 'not_started' :
				( $end !== null && $basis['now'] >= $end ? 'ended' :
				( isset( $def['targeting'] ) && \MediaWiki\Extension\MetricsPlatform\Core\Curation::failedRule( $basis['view'], $def['targeting'] ) !== null ? 'not_targeted' :
				( $subject === null || $subject === '' ? 'no_subject' : 'out_of_rate' ) ) ) ) ) ) ) );
			$out[$name] = [
				'unit' => $def['unit'],
				'rate' => $def['rate'],
				'position' => $subject === null || $subject === '' ? null : Experiments::position( (string)$subject, $name ),
				'group' => $state['assigned'][$name] ?? null,
				'why' => $why,
			];
		}
		return $out;
	}

	/**
	 * The enrolments a trusted edge sent: only with $wgMetricsPlatformTrustEdgeEnrollments, only
	 * defined experiments that are on, with one of their groups, inside their window and targeting
	 * (the experiment's own rules with the edge's group as the only choice). Null: no header, not
	 * trusted, or malformed (logged).
	 *
	 * @param \WebRequest $request
	 * @param array<string,array> $experiments
	 * @param array $view
	 * @param float $now
	 * @return array<string,string>|null
	 */
	private function edgeEnrollments( $request, array $experiments, array $view, float $now ): ?array {
		$header = $request->getHeader( 'X-Experiment-Enrollments' );
		if ( !is_string( $header ) || !$this->config->get( 'MetricsPlatformTrustEdgeEnrollments' ) ) {
			return null;
		}
		$pairs = Enrollment::parseEdgeHeader( $header, $experiments );
		if ( $pairs === null ) {
			LoggerFactory::getInstance( 'MetricsPlatform' )->info( 'Malformed X-Experiment-Enrollments header ignored: {header}', [ 'header' => substr( $header, 0, 200 ) ] );
			return null;
		}
		$accepted = [];
		foreach ( $pairs as $name => $group ) {
			$name = (string)$name;
			$only = array_merge( $experiments[$name], [ 'rate' => 1, 'groups' => [ $group ], 'unit' => 'user' ] );
			if ( Experiments::evaluateExperiment( $name, $only, $view, [ 'user' => 'edge' ], $now )['enrolled'] ) {
				$accepted[$name] = $group;
			}
		}
		return $accepted;
	}

	/**
	 * Whether this request's page carries per-reader state: an assignment, an override, or the value
	 * of a flag that can differ between readers (one with rules or a rollout, not switched off).
	 * Such a page must not be stored by a shared cache or the file cache.
	 *
	 * @param IContextSource $context
	 * @return bool
	 */
	public function hasReaderState( IContextSource $context ): bool {
		if ( $this->forRequest( $context )['enrolled'] ) {
			return true;
		}
		foreach ( $this->definitions()['flags'] as $def ) {
			if ( ( $def['enabled'] ?? true ) && ( !empty( $def['rules'] ) || isset( $def['rollout'] ) ) ) {
				return true;
			}
		}
		return false;
	}

	/**
	 * A flag's value for the current request (PHP feature code).
	 *
	 * @param IContextSource $context
	 * @param mixed $key
	 * @param mixed $default when the flag is unknown
	 * @return mixed
	 */
	public function getFlag( IContextSource $context, $key, $default = null ) {
		$flags = $this->forRequest( $context )['flags'];
		return is_string( $key ) && array_key_exists( $key, $flags ) ? $flags[$key] : $default;
	}

	/**
	 * The group the current subject is assigned to, or null.
	 *
	 * @param IContextSource $context
	 * @param mixed $name
	 * @return string|null
	 */
	public function getAssignedGroup( IContextSource $context, $name ): ?string {
		return is_string( $name ) ? ( $this->forRequest( $context )['assigned'][$name] ?? null ) : null;
	}
}
