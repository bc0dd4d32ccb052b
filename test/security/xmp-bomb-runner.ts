// Runs every XMP bomb through the real readers in a Node process whose heap is capped (see
// xmp-bombs.test.ts): a reader that needs more memory than the cap kills the process, and the last
// bomb announced is the one that did it. Prints JSON lines `{ start: name }`, then `{ name, ms, baselineMs, outcome }`.

import { foreignProperties } from '../../packages/licence-tagging/src/xmp/foreign.js';
import { readXmpProperties } from '../../packages/licence-tagging/src/xmp/read-xmp.js';
import { XmlError } from '../../packages/licence-tagging/src/xmp/xml.js';
import { xmpBombs } from './xmp-bombs.js';

/** A baseline in the same thread: JSON.parse of about 1 MiB of small objects (a linear parser). */
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

for (const bomb of xmpBombs()) {
  console.log(JSON.stringify({ start: bomb.name }));
  let packet: string | undefined = bomb.packet();
  let outcome = 'parsed';
  const ms = fastest(3, () => {
    try {
      readXmpProperties(packet!);
    } catch (error) {
      if (!(error instanceof XmlError)) throw error;
      outcome = 'refused';
    }
    foreignProperties(packet, {});
  });
  packet = undefined;
  const baselineMs = fastest(3, () => JSON.parse(json));
  console.log(JSON.stringify({ name: bomb.name, ms, baselineMs, outcome, bytes: json.length }));
}
console.log(JSON.stringify({ done: true }));
