// Hostile XMP of about 1 MiB through the real readers (readXmpProperties + foreignProperties), each
// side by side with JSON.parse of 1 MiB of small objects in the same process: the goal is ≤ 50 ms
// per packet on an idle machine. The same bombs run under a 64 MiB heap in test/security.
import { foreignProperties } from '../../packages/licence-tagging/src/xmp/foreign.js';
import { readXmpProperties } from '../../packages/licence-tagging/src/xmp/read-xmp.js';
import { XmlError } from '../../packages/licence-tagging/src/xmp/xml.js';
import { xmpBombs } from '../security/xmp-bombs.js';
import type { BenchFigure } from './harness.js';

const json = JSON.stringify(Array.from({ length: 20_000 }, (_, i) => ({ id: i, text: 'x'.repeat(30) })));

function fastest(runs: number, run: () => void): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    run();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

export default async function bench(): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  for (const bomb of xmpBombs()) {
    const packet = bomb.packet();
    let outcome = 'parsed';
    const read = () => {
      try {
        readXmpProperties(packet);
      } catch (error) {
        if (!(error instanceof XmlError)) throw error;
        outcome = 'refused';
      }
      foreignProperties(packet, {});
    };
    let ms = Number.POSITIVE_INFINITY;
    let baselineMs = Number.POSITIVE_INFINITY;
    for (let round = 0; round < 5; round++) {
      ms = Math.min(ms, fastest(1, read));
      baselineMs = Math.min(
        baselineMs,
        fastest(1, () => JSON.parse(json)),
      );
    }
    figures.push({
      name: `XMP ${bomb.name} (${(packet.length / 1048576).toFixed(2)} MiB, ${outcome})`,
      value: ms,
      unit: 'ms',
      baseline: { name: 'JSON.parse of 1 MiB', value: baselineMs, unit: 'ms' },
      ratio: ms / baselineMs,
      goal: '≤ 50 ms',
      met: ms <= 50,
      note: 'fastest of 5 rounds, alternated with the baseline',
    });
  }
  return figures;
}
