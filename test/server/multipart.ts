/** multipart/form-data bodies for app.inject: fields first, then the file, as a browser sends them. */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

export interface MultipartBody {
  payload: Buffer;
  headers: { 'content-type': string };
}

/** A form with `fields` and the file at `path` (or given bytes) in the field `file`. */
export function multipart(
  file: { path: string } | { name: string; bytes: Buffer | string } | null,
  fields: Record<string, string> = {},
): MultipartBody {
  const boundary = `----utfall${randomBytes(12).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
      ),
    );
  }
  if (file) {
    const name = 'path' in file ? basename(file.path) : file.name;
    const bytes = 'path' in file ? readFileSync(file.path) : Buffer.from(file.bytes);
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      bytes,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}
