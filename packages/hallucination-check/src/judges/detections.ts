/** A detected object: box in source-image pixels, class and score. */
export interface Detection {
  label: string;
  score: number;
  box: { x: number; y: number; width: number; height: number };
}

/** Intersection over union of two boxes. */
export function iou(a: Detection['box'], b: Detection['box']): number {
  const x = Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x));
  const y = Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));
  const inter = x * y;
  return inter / (a.width * a.height + b.width * b.height - inter || 1);
}

/** Greedy per-class non-maximum suppression. */
export function nonMaxSuppression(detections: readonly Detection[], threshold = 0.5): Detection[] {
  const kept: Detection[] = [];
  for (const d of [...detections].sort((a, b) => b.score - a.score)) {
    if (!kept.some((k) => k.label === d.label && iou(k.box, d.box) > threshold)) kept.push(d);
  }
  return kept;
}

/** Judges a spatial relation from two boxes; `undefined` when the predicate is not spatial. */
export function spatialRelation(
  predicate: string,
  subject: Detection['box'],
  object: Detection['box'],
): boolean | undefined {
  const sx = subject.x + subject.width / 2;
  const sy = subject.y + subject.height / 2;
  const ox = object.x + object.width / 2;
  const oy = object.y + object.height / 2;
  const overlapX =
    Math.min(subject.x + subject.width, object.x + object.width) - Math.max(subject.x, object.x);
  const overlapY =
    Math.min(subject.y + subject.height, object.y + object.height) - Math.max(subject.y, object.y);
  switch (predicate) {
    case 'left of':
      return sx < ox;
    case 'right of':
      return sx > ox;
    case 'above':
      return sy < oy;
    case 'below':
      return sy > oy;
    case 'on':
      return sy < oy && overlapX > 0;
    case 'next to':
      return overlapY > 0 && Math.abs(sx - ox) > Math.abs(sy - oy);
    default:
      return undefined;
  }
}
