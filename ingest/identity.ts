/**
 * The identity stage of ingest: what a document's own header and closing say it is (text/identity.ts),
 * as the record the index keeps, with the reference key the document answers to, so that the
 * references naming it ("Kết luận 21", "Luật Viên chức") lead to it.
 */
import type { DocumentIdentity } from '../index/records.ts';
import { parseIdentity } from '../text/identity.ts';
import { aliasKeys, identityKey, parseReferences, type ParsedReference } from '../text/references/index.ts';

/** The identity of a cleaned text, or null when it has no header block (speeches, news). */
export function identifyDocument(text: string): DocumentIdentity | null {
  const parsed = parseIdentity(text);
  if (parsed === null) return null;
  const designation = parsed.number?.text ?? null;
  const reference = referenceOf(parsed.type, designation, parsed.name, parsed.issuerName);
  const span = (f: { start: number; end: number } | null): { start: number; end: number } | null =>
    f === null ? null : { start: f.start, end: f.end };
  return {
    type: parsed.type,
    designation,
    key: reference === null ? null : identityKey(reference),
    aliases: reference === null ? [] : aliasKeys(reference),
    name: parsed.name,
    title: parsed.title,
    issuer: parsed.issuerName,
    place: parsed.place,
    date: parsed.date,
    subject: parsed.subject,
    signer:
      parsed.signer === null
        ? null
        : { name: parsed.signer.name.text, position: parsed.signer.position, mandate: parsed.signer.mandate },
    spans: {
      issuer: span(parsed.issuer),
      number: span(parsed.number),
      dateline: span(parsed.dateline),
      heading: span(parsed.heading),
      subject: span(parsed.subjectSpan),
      signer: span(parsed.signer?.block ?? null),
      signerName: span(parsed.signer?.name ?? null),
      recipients: span(parsed.recipients),
    },
  };
}

/** The reference a stored identity makes (its type, number or name), or null. */
export function identityReference(identity: DocumentIdentity): ParsedReference | null {
  return referenceOf(identity.type, identity.designation, identity.name, identity.issuer);
}

/**
 * The reference a document's type and number make ("Kết luận" + "21-KL/TW"; "Luật" + "58/2010/QH12"
 * + name "Viên chức"), read by the same grammar as the references in text; null for types that
 * are not references (Báo cáo, Tờ trình) or when neither a number nor a name is given.
 */
function referenceOf(type: string | null, designation: string | null, name: string | null, issuer: string | null): ParsedReference | null {
  if (type === null) return null;
  // There is one Hiến pháp in force: "Hiến pháp" names it, whatever its heading's subject line says.
  if (type === 'Hiến pháp') return parseReferences('Hiến pháp')[0] ?? null;
  const written = designation === null ? `${type} ${name ?? ''}` : `${type} số ${designation}`;
  const parsed = parseReferences(written)[0];
  if (parsed === undefined || parsed.start !== 0) {
    if (name === null) return null;
    const named = parseReferences(`${type} ${name}`)[0];
    return named === undefined ? null : { ...named, issuer };
  }
  return { ...parsed, name: name ?? parsed.name, issuer: parsed.issuer ?? issuer };
}
