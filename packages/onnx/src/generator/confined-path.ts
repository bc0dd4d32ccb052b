import { existsSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { ModelLoadError } from '@pictor/core';

function inside(root: string, target: string): boolean {
  const path = relative(root, target);
  return path === '' || (!path.startsWith(`..${sep}`) && path !== '..' && !isAbsolute(path));
}

/**
 * Resolves a path a model card names (`weights.onnx.generator`, `vocabulary`) inside the model's
 * folder, and refuses one that leaves it: absolute paths, `..` segments that climb out, and symbolic
 * links that point outside. The refusal names the card's field, never the file's content.
 */
export function confinedPath(root: string, path: unknown, field: string, card: string): string {
  const fail = (what: string): never => {
    throw new ModelLoadError(`model card ${card}: ${field} ${what}`, { provider: 'onnx' });
  };
  if (typeof path !== 'string' || path === '' || path.includes('\0')) return fail('must be a relative path');
  if (isAbsolute(path) || /^[A-Za-z]:[\\/]/.test(path)) return fail('must be relative to the model folder');
  const base = resolve(root);
  const target = resolve(base, path);
  if (!inside(base, target)) return fail('points outside the model folder');
  if (existsSync(target) && !inside(realpathSync(base), realpathSync(target)))
    return fail('is a link to outside the model folder');
  return target;
}
