import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ModelLoadError } from '@pictor/core';

/** What tokenizing one prompt gives. */
export interface TokenizedPrompt {
  /** Exactly `maxLength` ids: start token, the prompt's tokens, end token, padding. */
  ids: Int32Array;
  /** How many prompt tokens there were before truncation (start and end tokens not counted). */
  tokenCount: number;
  /** Whether tokens past the window were dropped. */
  truncated: boolean;
}

// CLIP's pre-tokenizer: special tokens, English contractions, runs of letters, single digits, runs of other symbols.
const PATTERN =
  /<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+/giu;

/** GPT-2/CLIP's reversible byte → printable character table. */
function byteEncoder(): string[] {
  const bytes: number[] = [];
  for (let b = 33; b <= 126; b++) bytes.push(b);
  for (let b = 161; b <= 172; b++) bytes.push(b);
  for (let b = 174; b <= 255; b++) bytes.push(b);
  const chars = bytes.slice();
  let n = 0;
  for (let b = 0; b < 256; b++) {
    if (!bytes.includes(b)) {
      bytes.push(b);
      chars.push(256 + n++);
    }
  }
  const table = new Array<string>(256);
  bytes.forEach((b, i) => {
    table[b] = String.fromCharCode(chars[i]!);
  });
  return table;
}

/**
 * CLIP's byte-level BPE tokenizer, read from a model folder's `tokenizer/vocab.json` and `merges.txt`,
 * as used by Stable Diffusion 1.x/2.x text encoders. Text is whitespace-normalised and lowercased
 * (CLIP's `ftfy` fixing of mojibake is not applied). Prompts longer than the window (77 tokens with
 * start and end) are truncated: the first 75 tokens are kept, as diffusers does.
 */
export class ClipTokenizer {
  private readonly ranks = new Map<string, number>();
  private readonly cache = new Map<string, number[]>();
  private readonly bytes = byteEncoder();
  private readonly encoder = new TextEncoder();
  readonly bos: number;
  readonly eos: number;
  readonly pad: number;

  constructor(
    private readonly vocab: Map<string, number>,
    merges: readonly string[],
    padToken: string,
    readonly maxLength = 77,
  ) {
    merges.forEach((line, rank) => {
      this.ranks.set(line, rank);
    });
    this.bos = this.id('<|startoftext|>');
    this.eos = this.id('<|endoftext|>');
    this.pad = this.id(padToken);
  }

  /** Reads `vocab.json`, `merges.txt` and the pad token / window from a `tokenizer/` folder. */
  static fromFolder(folder: string): ClipTokenizer {
    try {
      const vocab = JSON.parse(readFileSync(join(folder, 'vocab.json'), 'utf8')) as Record<string, number>;
      const merges = readFileSync(join(folder, 'merges.txt'), 'utf8')
        .split('\n')
        .filter((line) => line && !line.startsWith('#version'));
      let padToken = '<|endoftext|>';
      let maxLength = 77;
      for (const file of ['special_tokens_map.json', 'tokenizer_config.json']) {
        try {
          const config = JSON.parse(readFileSync(join(folder, file), 'utf8')) as Record<string, unknown>;
          const pad = config.pad_token;
          if (typeof pad === 'string') padToken = pad;
          else if (pad && typeof (pad as { content?: unknown }).content === 'string')
            padToken = (pad as { content: string }).content;
          if (typeof config.model_max_length === 'number' && config.model_max_length <= 1024)
            maxLength = config.model_max_length;
        } catch {
          // Optional files.
        }
      }
      return new ClipTokenizer(new Map(Object.entries(vocab)), merges, padToken, maxLength);
    } catch (error) {
      if (error instanceof ModelLoadError) throw error;
      throw new ModelLoadError(
        `could not read the CLIP tokenizer in ${folder}: ${(error as Error).message}`,
        {
          provider: 'onnx',
          cause: error,
        },
      );
    }
  }

  private id(token: string): number {
    const id = this.vocab.get(token);
    if (id === undefined)
      throw new ModelLoadError(`tokenizer vocabulary has no "${token}"`, { provider: 'onnx' });
    return id;
  }

  private bpe(word: string): number[] {
    const cached = this.cache.get(word);
    if (cached) return cached;
    const chars = [...word];
    let parts = [...chars.slice(0, -1), `${chars.at(-1)}</w>`];
    while (parts.length > 1) {
      let best = -1;
      let bestRank = Number.POSITIVE_INFINITY;
      for (let i = 0; i < parts.length - 1; i++) {
        const rank = this.ranks.get(`${parts[i]} ${parts[i + 1]}`);
        if (rank !== undefined && rank < bestRank) {
          bestRank = rank;
          best = i;
        }
      }
      if (best < 0) break;
      const first = parts[best]!;
      const second = parts[best + 1]!;
      const merged: string[] = [];
      for (let i = 0; i < parts.length; i++) {
        if (i < parts.length - 1 && parts[i] === first && parts[i + 1] === second) {
          merged.push(first + second);
          i++;
        } else merged.push(parts[i]!);
      }
      parts = merged;
    }
    const ids = parts.map((p) => this.vocab.get(p) ?? this.eos);
    if (this.cache.size < 10_000) this.cache.set(word, ids);
    return ids;
  }

  /** The prompt's token ids, without start/end tokens and without truncation. */
  encode(text: string): number[] {
    const clean = text.replace(/\s+/g, ' ').trim().toLowerCase();
    const ids: number[] = [];
    for (const match of clean.matchAll(PATTERN)) {
      let word = '';
      for (const byte of this.encoder.encode(match[0])) word += this.bytes[byte];
      ids.push(...this.bpe(word));
    }
    return ids;
  }

  /** The window for the text encoder: start, at most `maxLength - 2` tokens, end, padding. */
  tokenize(text: string): TokenizedPrompt {
    const tokens = this.encode(text);
    const body = tokens.slice(0, this.maxLength - 2);
    const ids = new Int32Array(this.maxLength).fill(this.pad);
    ids[0] = this.bos;
    ids.set(body, 1);
    ids[body.length + 1] = this.eos;
    return { ids, tokenCount: tokens.length, truncated: tokens.length > body.length };
  }
}
