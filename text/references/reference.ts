/** A designation read from text or a query: what every reader of references shares. */
import type { ReferenceType } from './vocabulary.ts';

export interface ParsedReference {
  type: ReferenceType;
  /**
   * Without leading zeros ("3" for "03-KH/TW"); "TW4-XII" / "ĐH-XIII" for the plenum/congress
   * resolutions; "" for a document named rather than numbered ("Luật Viên chức", "Hiến pháp").
   */
  number: string;
  /** The year of a state symbol ("2020" of 30/2020/NĐ-CP), null when not written. */
  year: string | null;
  /** The name of a law, code or ordinance ("Viên chức" of "Luật Viên chức"); null for numbered references. */
  name: string | null;
  symbol: string | null;
  issuer: string | null;
  /** ISO `YYYY-MM-DD`. */
  date: string | null;
  subject: string | null;
  /** Span of the designation only; `text === input.slice(start, end)`. */
  start: number;
  end: number;
  text: string;
}
