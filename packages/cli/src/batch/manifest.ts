import { existsSync } from 'node:fs';
import { appendFile, readFile } from 'node:fs/promises';

/** One manifest line: what became of one batch item in one run. */
export interface ManifestEntry {
  key: string;
  line: number;
  status: 'ok' | 'failed';
  files?: { path: string; mediaType: string; width: number; height: number; bytes: number; seed?: number }[];
  error?: { code: string; message: string };
  ms?: number;
  at: string;
}

/**
 * The batch manifest (`manifest.jsonl` in the output folder): one JSON line appended per finished
 * item, so an interrupted run loses at most the items in flight. The latest line of a key wins.
 */
export async function readManifest(path: string): Promise<Map<string, ManifestEntry>> {
  const done = new Map<string, ManifestEntry>();
  if (!existsSync(path)) return done;
  for (const line of (await readFile(path, 'utf8')).split('\n')) {
    if (!line.trim()) continue;
    try {
      const entry = JSON.parse(line) as ManifestEntry;
      if (typeof entry.key === 'string') done.set(entry.key, entry);
    } catch {
      // a line cut by a crash: that item simply runs again
    }
  }
  return done;
}

/** True when the entry says ok and every file it lists is still there. */
export function isDone(entry: ManifestEntry | undefined): boolean {
  return entry?.status === 'ok' && (entry.files ?? []).every((file) => existsSync(file.path));
}

export function appendManifest(path: string, entry: ManifestEntry): Promise<void> {
  return appendFile(path, `${JSON.stringify(entry)}\n`);
}
