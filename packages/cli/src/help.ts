/** Help texts, per command. Kept beside each other so they read as one manual. */
export const HELP: Record<string, string> = {
  main: `pictor — generate and edit images with any provider, from the terminal

Usage
  pictor generate "PROMPT" [options]        text → image
  pictor edit --image IN --mode MODE "PROMPT" -o FILE
  pictor inspect FILE                       type, size, provenance and licence record
  pictor verify FILE [--key-env NAME]       which provenance layers are present and whether they check out
  pictor models [PROVIDER]                  the model catalogue with capabilities
  pictor batch PROMPTS.jsonl -o DIR         many requests, resumable, with a manifest
  pictor worker --queue redis://HOST:PORT   run queued jobs with this machine's provider
  pictor config check [FILE]                validate a config file
  pictor refs add|list|remove STORE …       protected works for the near-duplicate check
  pictor config schema                      print the config file's JSON Schema

The provider comes from -p, else the config file (-c, PICTOR_CONFIG, ./pictor.config.json),
else PICTOR_PROVIDER, else the embedded model (tfjs:emoji): no account, no download.

Global options
  -h, --help       help for a command (pictor generate --help)
  -V, --version    print the version
  --json           machine-readable output on stdout
  -q, --quiet      no progress, no summary (errors still print)
  -v, --verbose    which provider and middleware ran; the cause of errors

Exit codes: 0 ok, 1 failure, 2 usage, 3 check failed, 130 interrupted.
Docs: docs/cli.md`,

  generate: `pictor generate "PROMPT" [options]

Options
  -p, --provider ID:MODEL   for example tfjs:emoji, workers-ai:@cf/black-forest-labs/flux-1-schnell,
                            onnx:./models/sd-turbo?ep=cuda, ai-sdk:@ai-sdk/openai:gpt-image-1
  -c, --config FILE         a pictor.config.json (provider and middleware)
  -o, --output FILE         where to write (default: from the prompt; a directory: inside it); "-" = stdout
  -n, --count N             number of images (1–64); files are numbered: out-1.png, out-2.png…
  --seed S                  integer 0 ≤ S < 2^32; image i uses S + i
  --size WxH                for example 512x512 (must be within the model's range)
  --steps K                 denoising steps
  --guidance G              guidance scale
  --negative TEXT           what the image should not show
  --check                   run the hallucination check (exit 3 when an image fails it)
  --tag                     write the provenance and licence record into each file
  -O, --option KEY=VALUE    a provider option (repeatable), for example -O scale=4 for upscalers
  -f, --force               overwrite existing files
  --json, -q, -v            see pictor --help

Examples
  pictor generate "a red apple" -o apple.png
  pictor generate "a cat" -n 4 --seed 7 -o cats/cat.png
  pictor generate "a lighthouse at dusk" -p workers-ai:@cf/black-forest-labs/flux-1-schnell --tag`,

  edit: `pictor edit --image IN --mode MODE "PROMPT" [-o FILE] [options]

Modes
  img2img     redraw the whole image guided by the prompt (--strength 0–1)
  inpaint     redraw where --mask is white (the mask must have the image's size)
  reference   a new image using IN (and --reference FILE…) as references
  upscale     enlarge IN (the prompt is optional)

Options
  -i, --image FILE      the input image (PNG, JPEG, WebP)
  -m, --mask FILE       the inpainting mask
  --strength S          0 keeps the input, 1 ignores it
  --reference FILE      a further reference image (repeatable)
  and every option of pictor generate (-p, -c, -o, -n, --seed, --size, --steps, -O, --check, --tag, -f…)

Example: pictor edit --image star.png --mode upscale -O scale=4 -o star-big.png

Example
  pictor edit --image room.png --mask window.png --mode inpaint "a round window" -o room2.png`,

  inspect: `pictor inspect FILE [--json]

Prints the image's type and size, and the provenance and licence record written in the file
(digital source type, AI system, licence, rights; whether C2PA, EXIF or parameters are present),
and its three provenance layers: the XMP record, a C2PA manifest, the watermark the XMP names
(pictor verify checks them).`,

  verify: `pictor verify FILE [--json] [--key-env NAME]

Checks the three provenance layers of a file: the XMP record (readable, watermark fields
well-formed), the C2PA manifest (signature and hard binding valid), and the invisible watermark
(detected with the key from the environment variable NAME, default PICTOR_WATERMARK_KEY; its
record id must equal the XMP's and the C2PA soft binding's). Each layer is ok, absent, failed or
unchecked (no key given). The wrong key finds no watermark: absent, not a failure.

Exit codes: 0 every present layer checks out, 3 a layer failed or disagrees, 2 usage.`,

  models: `pictor models [PROVIDER] [--json] [-v]

Lists each adapter's models with what they do: generate and edit modes, sizes, steps, whether
seed and negative prompt are honoured, images per call, per-step progress.
PROVIDER is one of workers-ai, onnx, tfjs.`,

  batch: `pictor batch PROMPTS.jsonl -o DIR [options]

Runs every request of a JSONL file (one JSON request a line: {"prompt": "…", "seed": 1, "n": 2,
"width": 512, …} plus an optional "id" that names the files). Images go to DIR, and one line per
finished request to DIR/manifest.jsonl; run the same command again after an interruption or failures
and it does only what is not done yet.

Options
  -p, --provider ID:MODEL   as for generate; -c, --check and --tag too
  -o, --output DIR          the folder for images and manifest.jsonl (required)
  -j, --concurrency N       requests at a time (default 2)
  --retries N               retries per request on rate limits and server errors (default 2)
  --queue redis://HOST:PORT send the requests to workers (pictor worker) instead of running them here
  --json, -q                see pictor --help

Exit codes: 0 all done, 1 some failed (listed; rerun retries them), 130 interrupted (rerun resumes).`,

  worker: `pictor worker --queue redis://HOST:PORT [options]

Takes jobs from the queue (sent by pictor batch --queue or by queued() in an app) and runs them with
this machine's provider and middleware (from -p or the config file), until Ctrl-C.

Options
  -p, --provider ID:MODEL   as for generate; -c, --check and --tag too
  --queue URL               the Redis that holds the queue (required)
  --name NAME               the queue's name (default pictor)
  -j, --concurrency N       jobs at a time (default 1)`,

  config: `pictor config check [FILE] [--resolve] [--json]

Checks a config file (default: PICTOR_CONFIG, else ./pictor.config.json) and lists every problem
with its line, column and path: JSON syntax, unknown keys, wrong types, unknown providers and
middleware, middleware options, secrets written in the file, unset environment variables,
middleware order worth a second look. --resolve also creates the provider and middleware
(loads the adapters, which check their own settings). Exit 3 when there are errors.

pictor config schema prints the JSON Schema of the config file, for editors:
  pictor config schema > pictor.config.schema.json   and   "$schema": "./pictor.config.schema.json"`,
};

HELP.refs = `pictor refs add STORE FILE… [--id NAME] | refs list STORE | refs remove STORE ID…

The reference store of protected works that the near-duplicate check compares images with
({ "name": "near-duplicate", "references": "STORE" } in a config). STORE is a folder of images
(add copies the file in; the file name is the id) or a .jsonl index file of hashes (the works
themselves are not kept). add hashes each work with PDQ and its rotated and cropped variants;
list prints each work's id, PDQ quality and hash; remove exits 1 when an ID was not there.

Options
  --id NAME   the id of the one FILE added (default: its file name)
  --json      machine-readable output`;

HELP['config check'] = HELP.config!;
