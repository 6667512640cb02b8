<?php

namespace MediaWiki\Extension\MetricsPlatform\ControlPlane;

use JsonSchema\Validator;
use MediaWiki\Extension\MetricsPlatform\Core\Curation;
use MediaWiki\Extension\MetricsPlatform\Core\Experiments;
use MediaWiki\Extension\MetricsPlatform\Core\Rfc3339;

/**
 * Why a definition (an instrument, experiment or flag page) cannot be saved: the shipped JSON Schema
 * (schemas/metricsplatform/definition/1.0.0.json), then the rules no schema can say (the name is the
 * page title, real dates, end after start, the maximum duration, the privacy gate on sensitive
 * attributes, the runtime's own checks). Plain PHP: no MediaWiki service is needed.
 *
 * Each problem is [ 'field' => dotted path, 'rule' => message key suffix, 'params' => scalars ]; the
 * message is "metricsplatform-rule-<rule>" with the field as $1 and the params from $2 on.
 */
class DefinitionValidator {

	public const SCHEMA_FILE = __DIR__ . '/../../schemas/metricsplatform/definition/1.0.0.json';
	private const RISK_ORDER = [ 'low' => 0, 'medium' => 1, 'high' => 2 ];

	/** @var array{sensitiveAttributes:string[],maxDurationDays:int|float} */
	private $policy;

	/**
	 * @param array{sensitiveAttributes:string[],maxDurationDays:int|float} $policy
	 */
	public function __construct( array $policy ) {
		$this->policy = $policy;
	}

	/**
	 * @param mixed $data the decoded JSON (objects as stdClass or as associative arrays)
	 * @param string|null $title the page title (the definition's name), when known
	 * @param int|null $now Unix time the duration is measured from when there is no start
	 * @return array[] problems; empty when the definition may be saved
	 */
	public function problems( $data, ?string $title = null, ?int $now = null ): array {
		$object = json_decode( json_encode( $data ) );
		$assoc = json_decode( json_encode( $data ), true );
		$problems = $this->schemaProblems( $object );
		if ( $problems || !is_array( $assoc ) ) {
			return $problems;
		}
		if ( $title !== null && $assoc['name'] !== $title ) {
			$problems[] = self::problem( 'name', 'name-title', [ $title ] );
		}
		$problems = array_merge( $problems, $this->windowProblems( $assoc, $now ?? time() ), $this->privacyProblems( $assoc ) );
		foreach ( [ 'curation', 'targeting' ] as $field ) {
			if ( isset( $assoc[$field] ) ) {
				$why = Curation::rulesProblem( $assoc[$field], $field );
				if ( $why !== null ) {
					$problems[] = self::problem( $field, 'runtime', [ $why ] );
				}
			}
		}
		if ( !$problems ) {
			$definition = new Definition( $assoc );
			$why = $assoc['kind'] === 'experiment' ? Experiments::experimentProblem( $assoc['name'], $definition->experimentConfig() ) :
				( $assoc['kind'] === 'flag' ? Experiments::flagProblem( $assoc['name'], $definition->flagConfig() ) : null );
			if ( $why !== null ) {
				$problems[] = self::problem( $assoc['kind'], 'runtime', [ $why ] );
			}
		}
		return $problems;
	}

	/**
	 * The sensitive attributes an instrument asks for.
	 *
	 * @param array $assoc
	 * @return string[]
	 */
	public function sensitiveAttributes( array $assoc ): array {
		return array_values( array_intersect( $assoc['provide_values'] ?? [], $this->policy['sensitiveAttributes'] ) );
	}

	/**
	 * @param mixed $object
	 * @return array[]
	 */
	private function schemaProblems( $object ): array {
		$schema = json_decode( (string)file_get_contents( self::SCHEMA_FILE ) );
		$validator = new Validator();
		$validator->validate( $object, $schema );
		if ( $validator->isValid() ) {
			$kind = $object->kind;
			// Refs resolve against the whole schema: validate against a copy rooted at the kind.
			$bound = clone $schema;
			foreach ( get_object_vars( $schema->definitions->$kind ) as $k => $v ) {
				$bound->$k = $v;
			}
			$validator = new Validator();
			$validator->validate( $object, $bound );
		}
		$problems = [];
		foreach ( $validator->getErrors() as $error ) {
			// A date without an offset breaks both "format" and "pattern": say it once.
			$problem = self::fromSchemaError( $error );
			$problems[json_encode( $problem )] = $problem;
		}
		return array_values( $problems );
	}

	/**
	 * @param array $error one error of justinrainbow/json-schema
	 * @return array
	 */
	private static function fromSchemaError( array $error ): array {
		$field = ltrim( str_replace( '/', '.', $error['pointer'] ?? '' ), '.' );
		$label = $field === '' ? '(definition)' : $field;
		switch ( $error['constraint'] ) {
			case 'required':
				// The pointer names the missing property already.
				return self::problem( $label, 'required' );
			case 'additionalProp':
				preg_match( '/property (\S+) is not defined/', $error['message'], $m );
				return self::problem( $field === '' ? ( $m[1] ?? '?' ) : $field . '.' . ( $m[1] ?? '?' ), 'unknown-field' );
			case 'type':
				preg_match( '/but (?:an? )?(\w+) is required/', $error['message'], $m );
				return self::problem( $label, 'type', [ $m[1] ?? '?' ] );
			case 'enum':
				return self::problem( $label, 'enum', [ implode( ', ', array_map( 'json_encode', $error['enum'] ) ) ] );
			case 'minimum':
				return self::problem( $label, 'minimum', [ $error['minimum'] ] );
			case 'exclusiveMinimum':
				return self::problem( $label, 'exclusive-minimum', [ $error['minimum'] ] );
			case 'maximum':
				return self::problem( $label, 'maximum', [ $error['maximum'] ] );
			case 'minLength':
				return self::problem( $label, 'min-length', [ $error['minLength'] ] );
			case 'maxLength':
				return self::problem( $label, 'max-length', [ $error['maxLength'] ] );
			case 'minItems':
				return self::problem( $label, 'min-items', [ $error['minItems'] ] );
			case 'uniqueItems':
				return self::problem( $label, 'unique-items' );
			case 'format':
				return self::problem( $label, $error['format'] === 'date-time' ? 'date-time' : 'url' );
			case 'pattern':
				$pattern = $error['pattern'] ?? '';
				if ( strpos( $pattern, 'T[0-9]{2}' ) !== false ) {
					return self::problem( $label, 'date-time' );
				}
				if ( strpos( $pattern, 'https?' ) !== false ) {
					return self::problem( $label, 'url' );
				}
				return self::problem( $label, 'pattern', [ $pattern ] );
			default:
				return self::problem( $label, 'schema', [ $error['message'] ] );
		}
	}

	/**
	 * Real calendar dates, end after start, and the maximum duration.
	 *
	 * @param array $assoc
	 * @param int $now
	 * @return array[]
	 */
	private function windowProblems( array $assoc, int $now ): array {
		$problems = [];
		$times = [];
		foreach ( [ 'start', 'end' ] as $field ) {
			if ( !isset( $assoc[$field] ) ) {
				continue;
			}
			$time = self::parseTime( $assoc[$field] );
			if ( $time === null ) {
				$problems[] = self::problem( $field, 'date-time' );
			} else {
				$times[$field] = $time;
			}
		}
		if ( isset( $times['start'] ) && isset( $times['end'] ) && $times['end'] <= $times['start'] ) {
			$problems[] = self::problem( 'end', 'end-before-start' );
		} elseif ( isset( $times['end'] ) ) {
			$from = $times['start'] ?? $now;
			$maxDays = $this->policy['maxDurationDays'];
			if ( $times['end'] - $from > $maxDays * 86400 ) {
				$problems[] = self::problem( 'end', 'duration', [ $maxDays ] );
			}
		}
		return $problems;
	}

	/**
	 * Sensitive attributes need a risk level of at least "medium" and a privacy-review link.
	 *
	 * @param array $assoc
	 * @return array[]
	 */
	private function privacyProblems( array $assoc ): array {
		$problems = [];
		$risk = self::RISK_ORDER[$assoc['risk'] ?? 'low'];
		foreach ( $this->sensitiveAttributes( $assoc ) as $attribute ) {
			if ( $risk < self::RISK_ORDER['medium'] ) {
				$problems[] = self::problem( 'risk', 'sensitive-risk', [ $attribute ] );
			}
			if ( !isset( $assoc['privacy_review'] ) ) {
				$problems[] = self::problem( 'privacy_review', 'sensitive-review', [ $attribute ] );
			}
		}
		return $problems;
	}

	/**
	 * Unix time of an RFC 3339 date-time with an offset, or null: the one rule for dates in definitions
	 * (Core\Rfc3339, which the runtime and the TypeScript client apply too; tests/fixtures/dates.json).
	 *
	 * @param string $value
	 * @return int|null
	 */
	public static function parseTime( string $value ): ?int {
		$ms = Rfc3339::parse( $value );
		return $ms === null ? null : (int)floor( $ms / 1000 );
	}

	/**
	 * @param string $field
	 * @param string $rule
	 * @param array $params
	 * @return array
	 */
	public static function problem( string $field, string $rule, array $params = [] ): array {
		return [ 'field' => $field, 'rule' => $rule, 'params' => $params ];
	}
}
