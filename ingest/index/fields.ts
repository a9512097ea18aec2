/**
 * The lexical fields of a chunk in the index: its own text, and the document title + section path
 * around it, scored together as BM25F; a heading weight of 1 was measured best (see DEFAULTS in
 * retrieval/search.ts). Its own module so that searching does not import the ingest pipeline
 * (loaders, PDF and DOCX parsers, Transformers.js): a lexical-only server stays small.
 */
export const LEXICAL_FIELDS = { text: { boost: 1 }, heading: { boost: 1 } } as const;
