import type { Readable } from 'node:stream';
import { fileTypeFromStream } from 'file-type/node';

/** How much of a file without a signature is read to decide whether it is text. */
const TEXT_SAMPLE_BYTES = 64 * 1024;

export type Detected = { contentType: string; name: string } | null;

/**
 * The first bytes of a stream, at most `max` (the stream is left to the caller to close).
 */
async function headOf(stream: Readable, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream) {
    chunks.push(chunk as Buffer);
    length += (chunk as Buffer).length;
    if (length >= max) break;
  }
  return Buffer.concat(chunks).subarray(0, max);
}

/** UTF-8 without NUL or other control characters than tab, line breaks and form feed. */
function isText(sample: Buffer): boolean {
  try {
    // `stream: true`: a character cut at the end of the sample is not a decoding error.
    const text = new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is looked for
    return !/[\u0000-\u0008\u000B\u000E-\u001F\u007F]/.test(text);
  } catch {
    return false;
  }
}

/**
 * What a file is, from its bytes and never from its name or the uploader's claim: the signature
 * file-type knows (PDF, the zip inside Office documents, PNG, an .exe …), or else readable text,
 * which is CSV when its name says so. Null when the bytes are neither.
 */
export async function detectType(open: () => Promise<Readable>, fileName: string): Promise<Detected> {
  const signed = await open();
  try {
    const found = await fileTypeFromStream(signed);
    if (found) return { contentType: found.mime, name: found.ext };
  } finally {
    signed.destroy();
  }
  const plain = await open();
  try {
    if (!isText(await headOf(plain, TEXT_SAMPLE_BYTES))) return null;
  } finally {
    plain.destroy();
  }
  return /\.csv$/i.test(fileName)
    ? { contentType: 'text/csv', name: 'csv' }
    : { contentType: 'text/plain', name: 'txt' };
}
