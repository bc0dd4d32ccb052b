// A Worker that tags the image POSTed to it with @pictor/licence-tagging's main entry, through the
// middleware and a provider that returns those bytes, and answers with the tagged bytes' report.
import { createImageClient, type ImageProvider } from '@pictor/core';
import { type LicenceTaggingRecord, licenceTagging, readProvenance } from '@pictor/licence-tagging';

function provider(bytes: Uint8Array, modelId: string): ImageProvider {
  return {
    specificationVersion: 'v1',
    provider: modelId === 'emoji' ? 'tfjs' : 'workers-ai',
    modelId,
    capabilities: {
      generate: true,
      editModes: [],
      maxImagesPerCall: 1,
      defaultSize: { width: 64, height: 64 },
      width: { min: 8, max: 4096 },
      height: { min: 8, max: 4096 },
      sizeMultiple: 1,
      seed: true,
      negativePrompt: false,
      progress: 'coarse',
    },
    async generate() {
      return {
        images: [{ bytes, mediaType: 'image/png', width: 0, height: 0, annotations: {} }],
        warnings: [],
        provider: this.provider,
        modelId,
        timings: { totalMs: 0 },
      };
    },
  };
}

export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const bytes = new Uint8Array(await request.arrayBuffer());
    const modelId = url.searchParams.get('model') ?? '@cf/black-forest-labs/flux-1-schnell';
    try {
      const client = createImageClient({
        provider: provider(bytes, modelId),
        middleware: [licenceTagging({ includeSeed: true, sidecar: true })],
      });
      const { images, warnings } = await client.generate({ prompt: 'a worker', seed: 5 });
      const image = images[0]!;
      const record = image.annotations['licence-tagging'] as LicenceTaggingRecord;
      return Response.json({
        report: readProvenance(image.bytes),
        record: {
          written: record.written,
          licence: record.licence?.id,
          credit: record.fields.credit,
          sidecar: Boolean(record.sidecar),
        },
        warnings,
        size: image.bytes.length,
      });
    } catch (error) {
      return Response.json(
        { error: String(error), code: (error as { code?: string }).code },
        { status: 500 },
      );
    }
  },
};
