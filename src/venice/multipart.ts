// A multipart/form-data body built by hand (one file and a few text fields): undici's FormData is
// not in the lazily loaded HTTP chunk, and a body of plain bytes can be sent again on a retry.
// Field names and values are ours; the file name is made here, so nothing from the user's disk or
// from a model reaches the headers of a part.
import { randomBytes } from 'node:crypto';

export interface MultipartBody {
  bytes: Uint8Array;
  contentType: string;
}

const SAFE_TOKEN = /^[A-Za-z0-9._-]{1,64}$/;

export function multipartBody(fields: Record<string, string | undefined>, file: { field: string; name: string; contentType: string; bytes: Uint8Array }): MultipartBody {
  const boundary = `----venice${randomBytes(12).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (!SAFE_TOKEN.test(name)) throw new Error(`bad form field name ${name}`);
    if (/[\r\n]/.test(value) || value.includes(boundary)) throw new Error(`bad value for form field ${name}`);
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`, 'utf8'));
  }
  if (!SAFE_TOKEN.test(file.field) || !SAFE_TOKEN.test(file.name) || !/^[a-z]+\/[A-Za-z0-9.+-]+$/.test(file.contentType)) throw new Error('bad form file');
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.name}"\r\nContent-Type: ${file.contentType}\r\n\r\n`, 'utf8'));
  parts.push(Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength));
  parts.push(Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8'));
  const all = Buffer.concat(parts);
  return { bytes: new Uint8Array(all.buffer, all.byteOffset, all.byteLength), contentType: `multipart/form-data; boundary=${boundary}` };
}
