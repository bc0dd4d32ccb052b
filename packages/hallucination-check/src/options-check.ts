import { InvalidRequestError } from '@pictor/core';

/**
 * Checks an optional numeric option when a judge or the middleware is created (before any model or
 * network call): a finite number in [min, max] (and an integer when asked), else `InvalidRequestError`
 * naming the field.
 */
export function checkNumber(value: unknown, field: string, min: number, max: number, integer = false): void {
  if (value === undefined) return;
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value < min ||
    value > max ||
    (integer && !Number.isInteger(value))
  ) {
    throw new InvalidRequestError(
      field,
      `must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max} (got ${String(value)})`,
    );
  }
}

/** Checks that `low` ≤ `high` when both are given. */
export function checkOrder(
  low: number | undefined,
  high: number | undefined,
  field: string,
  message: string,
): void {
  if (low !== undefined && high !== undefined && low > high) throw new InvalidRequestError(field, message);
}
