/** Canonical keys and display labels of references. */
import { foldWithOrigin } from '../fold.ts';
import type { ParsedReference } from './parse.ts';
import type { ReferenceType } from './vocabulary.ts';

/** ASCII slug: "Kết luận" → "ket-luan", "TW4-XII" → "tw4-xii". */
function slug(s: string): string {
  return foldWithOrigin(s).text.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

/** `ket-luan:21`, `quy-dinh:50`, `ke-hoach:3`, `nghi-quyet:tw4-xii`. */
export function referenceKey(type: ReferenceType, number: string): string {
  return `${slug(type)}:${slug(number.trim().replace(/^0+(?=\d)/, ''))}`;
}

/** "Quy định số 50-QĐ/TW ngày 27/12/2021 của Bộ Chính trị"; "Nghị quyết Trung ương 4 khóa XII". */
export function formatReferenceLabel(ref: Pick<ParsedReference, 'type' | 'number' | 'symbol' | 'date' | 'issuer'>): string {
  const date = ref.date === null ? '' : ` ngày ${ref.date.split('-').reverse().join('/')}`;
  const plenum = /^TW(\d+)(?:-([IVXLC]+))?$/.exec(ref.number);
  if (plenum !== null) return `Nghị quyết Trung ương ${plenum[1]}${plenum[2] ? ` khóa ${plenum[2]}` : ''}${date}`;
  const congress = /^ĐH-([IVXLC]+)$/.exec(ref.number);
  if (congress !== null) return `Nghị quyết Đại hội ${congress[1]}${date}`;
  // Official numbers carry two digits ("03-KH/TW"); state symbols are written "16/NQ-HĐND".
  const symbol = ref.symbol === null ? '' : `${ref.symbol.includes('-') ? '/' : '-'}${ref.symbol}`;
  const number = ref.symbol !== null && /^\d$/.test(ref.number) ? `0${ref.number}` : ref.number;
  return `${ref.type} số ${number}${symbol}${date}${ref.issuer === null ? '' : ` của ${ref.issuer}`}`;
}
