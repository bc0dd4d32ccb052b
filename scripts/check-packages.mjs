// Packs every publishable package and checks the tarball with publint and
// @arethetypeswrong/cli (--profile node16), as a registry user would receive it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const packDir = join(root, '.pack');
rmSync(packDir, { recursive: true, force: true });
mkdirSync(packDir);
let failures = 0;
for (const dir of readdirSync(join(root, 'packages')).sort()) {
  const pkgDir = join(root, 'packages', dir);
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  if (pkg.private) continue;
  const before = new Set(readdirSync(packDir));
  execFileSync('pnpm', ['pack', '--pack-destination', packDir], { cwd: pkgDir, stdio: 'ignore' });
  const tarball = readdirSync(packDir).find((f) => !before.has(f));
  const path = join(packDir, tarball);
  for (const [tool, args] of [
    ['publint', [path, '--strict']],
    [
      'attw',
      [path, '--profile', 'node16', ...(pkg.exports?.['.'] ? [] : ['--entrypoints', './package.json'])],
    ],
  ]) {
    try {
      execFileSync('pnpm', ['exec', tool, ...args], { cwd: root, stdio: 'pipe' });
      console.log(`ok   ${tool.padEnd(8)} ${pkg.name}`);
    } catch (error) {
      failures++;
      console.log(
        `FAIL ${tool.padEnd(8)} ${pkg.name}\n${error.stdout?.toString() ?? ''}${error.stderr?.toString() ?? ''}`,
      );
    }
  }
}
process.exitCode = failures ? 1 : 0;
