/**
 * A real, tiny ONNX "embedding model" the tests build themselves, so the whole Transformers.js
 * feature-extraction pipeline (tokenizer → onnxruntime session → mean pooling → normalize) runs
 * without downloading weights (there is no hub access here).
 *
 * The graph is a lookup table: `last_hidden_state = Gather(table, input_ids mod N) * attention_mask`.
 * Mean-pooled, a text becomes the average of its tokens' random vectors, so texts sharing tokens
 * get similar embeddings — enough to test ranking, prefixes, batching and caching for real.
 * The tokenizer is the real multilingual-e5-small one from the shared folder.
 */
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import onnxProto from 'onnx-proto';
import type { onnx as Onnx } from 'onnx-proto';
import { seededRandom } from './random.ts';

const { onnx } = onnxProto;

export const TEST_MODEL_ID = 'test/e5-lookup';
/** Rows of the lookup table: token ids are folded into this range with Mod. */
export const TEST_MODEL_ROWS = 4096;
export const TEST_MODEL_DIMENSION = 32;

const SHARED_E5_DIR = path.resolve(import.meta.dirname, '../../shared/models/Xenova/multilingual-e5-small');
const TOKENIZER_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json'];

function lookupTable(rows: number, dimension: number, seed: number): Float32Array {
  const next = seededRandom(seed);
  const table = new Float32Array(rows * dimension);
  for (let i = 0; i < table.length; i++) table[i] = next() * 2 - 1;
  return table;
}

const bytesOf = (view: ArrayBufferView): Uint8Array => new Uint8Array(view.buffer, view.byteOffset, view.byteLength);

/** A [batch, seq(, D)] tensor type with symbolic batch/sequence dimensions. */
function valueInfo(name: string, elemType: number, trailing: number[] = []): Onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: [{ dimParam: 'batch' }, { dimParam: 'sequence' }, ...trailing.map((dimValue) => ({ dimValue }))] },
      },
    },
  };
}

/** Serialized ONNX model (opset 13) of the lookup-table embedder. */
export function buildLookupModel(rows = TEST_MODEL_ROWS, dimension = TEST_MODEL_DIMENSION, seed = 20240521): Uint8Array {
  const { FLOAT, INT64 } = onnx.TensorProto.DataType;
  const graph: Onnx.IGraphProto = {
    name: 'e5_lookup',
    input: [valueInfo('input_ids', INT64), valueInfo('attention_mask', INT64)],
    output: [valueInfo('last_hidden_state', FLOAT, [dimension])],
    initializer: [
      { name: 'rows', dataType: INT64, dims: [], rawData: bytesOf(new BigInt64Array([BigInt(rows)])) },
      { name: 'last_axis', dataType: INT64, dims: [1], rawData: bytesOf(new BigInt64Array([-1n])) },
      { name: 'table', dataType: FLOAT, dims: [rows, dimension], rawData: bytesOf(lookupTable(rows, dimension, seed)) },
    ],
    node: [
      { opType: 'Mod', input: ['input_ids', 'rows'], output: ['row_ids'], name: 'fold_ids' },
      { opType: 'Gather', input: ['table', 'row_ids'], output: ['token_vectors'], name: 'lookup', attribute: [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 0 }] },
      { opType: 'Cast', input: ['attention_mask'], output: ['mask_float'], name: 'mask_to_float', attribute: [{ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: FLOAT }] },
      { opType: 'Unsqueeze', input: ['mask_float', 'last_axis'], output: ['mask_3d'], name: 'mask_expand' },
      { opType: 'Mul', input: ['token_vectors', 'mask_3d'], output: ['last_hidden_state'], name: 'mask_padding' },
    ],
  };
  const model: Onnx.IModelProto = {
    irVersion: 7,
    opsetImport: [{ domain: '', version: 13 }],
    producerName: 'vankien-tests',
    graph,
  };
  return onnx.ModelProto.encode(model).finish();
}

/**
 * Writes `<targetRoot>/test/e5-lookup/` (tokenizer files from the shared e5 folder + onnx/model.onnx).
 * `root` is what Transformers.js takes as `env.localModelPath`.
 */
export async function buildTestModel(targetRoot: string): Promise<{ root: string; modelId: string; dir: string }> {
  const dir = path.join(targetRoot, ...TEST_MODEL_ID.split('/'));
  await mkdir(path.join(dir, 'onnx'), { recursive: true });
  await Promise.all(TOKENIZER_FILES.map((name) => copyFile(path.join(SHARED_E5_DIR, name), path.join(dir, name))));
  await writeFile(path.join(dir, 'onnx', 'model.onnx'), buildLookupModel());
  return { root: targetRoot, modelId: TEST_MODEL_ID, dir };
}

/** The shared folder holding only the real e5 tokenizer (no ONNX weights). */
export const sharedE5 = { root: path.dirname(path.dirname(SHARED_E5_DIR)), modelId: 'Xenova/multilingual-e5-small', dir: SHARED_E5_DIR };
