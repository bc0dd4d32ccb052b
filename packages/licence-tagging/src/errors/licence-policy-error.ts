import { PictorError, type PictorErrorOptions } from '@pictor/core';

/**
 * A licence policy of `licenceTagging()` refused the image: the model's licence does not allow
 * commercial use of outputs while `requireCommercialUse` is set, or the model's licence is unknown
 * while `onUnknownLicence` is `'error'`. Thrown before the image is returned.
 */
export class LicencePolicyError extends PictorError {
  static readonly code = 'licence_policy';
  /** Which policy refused: `requireCommercialUse` or `onUnknownLicence`. */
  readonly policy: 'requireCommercialUse' | 'onUnknownLicence';
  /** The model the policy was applied to, as `provider:modelId`. */
  readonly model: string;

  constructor(
    policy: 'requireCommercialUse' | 'onUnknownLicence',
    model: string,
    message: string,
    options: PictorErrorOptions = {},
  ) {
    super(LicencePolicyError.code, message, options);
    this.name = 'LicencePolicyError';
    this.policy = policy;
    this.model = model;
  }

  static override isInstance(value: unknown): value is LicencePolicyError {
    return PictorError.hasCode(value, LicencePolicyError.code);
  }
}
