// @pictor/licence-tagging — every generated image says, inside the file, that it is AI-made, by
// which model, under which licence. Pure TS: runs in Node, Workers and browsers.

export { type C2paManifestInput, c2paManifest } from './c2pa/manifest.js';
// C2PA (optional peer: @contentauth/c2pa-wasm).
export {
  type C2paAlgorithm,
  type C2paManifestDefinition,
  type C2paSigner,
  type C2paSignerOptions,
  type C2paWasm,
  createC2paSigner,
  loadC2paWasm,
} from './c2pa/signer.js';
// Errors.
export { LicencePolicyError } from './errors/licence-policy-error.js';
export { type ContainerFormat, MalformedImageError } from './errors/malformed-image-error.js';
export type { ContainerMetadata, MetadataWrite, TextEntry } from './formats/container.js';
export { detectFormat, type ImageFormat, readContainer, writeContainer } from './formats/detect.js';
export { JPEG_MAX_STANDARD_XMP, readJpeg, writeJpeg } from './formats/jpeg.js';
export { PNG_XMP_KEYWORD, readPng, writePng } from './formats/png.js';
export { readWebp, writeWebp } from './formats/webp.js';
export { a1111Infotext } from './middleware/a1111.js';
export { middlewareFromConfig } from './middleware/from-config.js';
// The middleware and its config hook.
export { LICENCE_TAGGING, licenceTagging } from './middleware/licence-tagging.js';
export { type LicenceTaggingOptions, licenceTaggingConfigSchema } from './middleware/options.js';
export { type LicenceTaggingRecord, sidecarJson } from './middleware/record.js';
// Reading and writing provenance in PNG, JPEG and WebP files.
export { type ProvenanceReport, type ReadProvenanceOptions, readProvenance } from './read-provenance.js';
export { BUILTIN_MODEL_LICENCES } from './registry/builtin-licences.js';
export { licenceFromModelCard, loadModelCard, resolveModelCard } from './registry/model-card.js';
// The model licence registry.
export type { CommercialUse, ModelLicence, TrainingSource } from './registry/model-licence.js';
export {
  createModelLicenceRegistry,
  defaultModelLicenceRegistry,
  layeredRegistry,
  type ModelLicenceRegistry,
  matchesPattern,
  registerModelLicence,
} from './registry/registry.js';
export {
  type LayerCheck,
  type LayerStatus,
  type ProvenanceVerification,
  type VerifyProvenanceOptions,
  verifyProvenance,
} from './verify-provenance.js';
export { VERSION } from './version.js';
// The binding to the invisible watermark (`@pictor/watermark`).
export { SOFT_BINDING_LABEL, type WatermarkBinding } from './watermark-binding.js';
export {
  type WriteProvenanceOptions,
  type WriteProvenanceResult,
  writeProvenance,
  xmpWriteFor,
} from './write-provenance.js';
export { type BuildXmpOptions, buildXmpPacket } from './xmp/build-xmp.js';
export { decodeXmpPacket, type XmpEncoding, xmpEncodingOf } from './xmp/decode-packet.js';
// XMP.
export type { Licensor, ProvenanceFields } from './xmp/fields.js';
export { type ForeignXmp, foreignProperties, mergeForeign } from './xmp/foreign.js';
export { DIGITAL_SOURCE_TYPE, NS, PLUS_DATA_MINING } from './xmp/namespaces.js';
export {
  fieldsFromProperties,
  readXmpProperties,
  type XmpProperties,
  type XmpValue,
} from './xmp/read-xmp.js';
export { remoteManifestOf } from './xmp/remote-manifest.js';
