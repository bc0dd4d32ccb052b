/**
 * The watermark's algorithm name, as written into provenance records. It is not (yet) on the C2PA
 * soft-binding algorithm list, so C2PA manifests carry it in a custom assertion.
 */
export const WATERMARK_ALGORITHM = 'dev.pictor.ssdct.1';
