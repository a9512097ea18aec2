/**
 * The lexical fields of a chunk in the index: its own text, and the document title + section path
 * around it. Its own module so that searching does not import the ingest pipeline (loaders, PDF
 * and DOCX parsers, Transformers.js): a lexical-only server stays small.
 */
export const LEXICAL_FIELDS = { text: { boost: 1 }, heading: { boost: 0.35 } } as const;
