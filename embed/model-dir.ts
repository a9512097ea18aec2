/**
 * Where a local copy of the embedding model lives. Transformers.js resolves local models as
 * `env.localModelPath + modelId`, so besides the model folder we return the root above it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

export interface ModelLocation {
  /** What Transformers.js takes as `env.localModelPath`: `dir` is `root/<modelId>`. */
  readonly root: string;
  /** The model folder itself (config.json, tokenizer.json, onnx/…). */
  readonly dir: string;
}

/** Folders searched, in order, when EMBED_MODEL_DIR is empty (relative to cwd). */
export const DEFAULT_MODEL_ROOTS = ['models', '../shared/models'] as const;

const isModelFolder = (dir: string): boolean => existsSync(path.join(dir, 'config.json'));

/**
 * `modelDir` may be the model folder itself (holds config.json) or a root holding `<modelId>/`;
 * empty means: try `models/` then `../shared/models/` relative to `cwd`. Null when none has it.
 */
export function resolveModelDir(modelId: string, modelDir: string, cwd = process.cwd()): ModelLocation | null {
  const idParts = modelId.split('/').filter((p) => p !== '');
  const candidates = modelDir.trim() === '' ? DEFAULT_MODEL_ROOTS.map((r) => path.resolve(cwd, r)) : [path.resolve(cwd, modelDir)];

  for (const candidate of candidates) {
    const nested = path.join(candidate, ...idParts);
    if (isModelFolder(nested)) return { root: candidate, dir: nested };
    // EMBED_MODEL_DIR may also be the model folder itself.
    if (modelDir.trim() !== '' && isModelFolder(candidate)) return { root: rootAbove(candidate, idParts), dir: candidate };
  }
  return null;
}

/** `root` such that `root/<modelId>` is `dir`, or `dir`'s parent when the names do not line up. */
function rootAbove(dir: string, idParts: readonly string[]): string {
  const dirParts = dir.split(path.sep);
  const tail = dirParts.slice(-idParts.length);
  if (idParts.length > 0 && tail.length === idParts.length && tail.every((p, i) => p === idParts[i])) {
    return dirParts.slice(0, -idParts.length).join(path.sep) || path.sep;
  }
  return path.dirname(dir);
}

/**
 * The (root, id) pair to hand Transformers.js so that `root/id` is exactly `location.dir`:
 * the configured id when the folder is laid out as `<root>/<modelId>`, else the folder's own name.
 */
export function modelPathFor(modelId: string, location: ModelLocation): { localModelPath: string; id: string } {
  const expected = path.join(location.root, ...modelId.split('/').filter((p) => p !== ''));
  if (expected === location.dir) return { localModelPath: location.root, id: modelId };
  return { localModelPath: path.dirname(location.dir), id: path.basename(location.dir) };
}
