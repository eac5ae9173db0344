import { randomUUID } from 'node:crypto';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { AwsClient } from 'aws4fetch';

/**
 * Where the bytes of attached documents live: a folder on the server (one machine), or an
 * S3-compatible object store (MinIO, Ceph, AWS) when several servers share the files or the
 * files outgrow the disk. The database keeps only the key and the file's details.
 */

export type AttachmentStoreSettings =
  | { kind: 'local'; dir: string }
  | { kind: 's3'; endpoint: string; bucket: string; region: string; accessKeyId: string; secretAccessKey: string; forcePathStyle: boolean };

export type AttachmentStore = {
  readonly kind: 'local' | 's3';
  /** Stores the bytes under key (keys look like '2026/11/<uuid>'); overwriting is never needed. */
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  /** A readable stream of the stored bytes; throws AttachmentMissing if the key is not there. */
  get(key: string): Promise<NodeJS.ReadableStream | Readable>;
  /** Removing a missing key is not an error. */
  remove(key: string): Promise<void>;
};

export class AttachmentMissing extends Error {
  constructor(key: string) {
    super(`No attachment is stored under ${JSON.stringify(key)}`);
    this.name = 'AttachmentMissing';
  }
}

// Keys are made by the platform; anything else (.., absolute paths, hidden names) is a bug or an attack.
const KEY = /^[A-Za-z0-9_-][A-Za-z0-9._-]*(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/;

function checkKey(key: string): string {
  if (key.length > 512 || !KEY.test(key)) throw new Error(`Invalid attachment key ${JSON.stringify(key.slice(0, 100))}`);
  return key;
}

export function openAttachmentStore(settings: AttachmentStoreSettings): AttachmentStore {
  return settings.kind === 'local' ? openLocalStore(settings.dir) : openS3Store(settings);
}

const fsCode = (error: unknown) => (error as NodeJS.ErrnoException | null)?.code;
// A path through a file, or a folder of other keys, is as missing as no path at all.
const MISSING_CODES = new Set(['ENOENT', 'ENOTDIR', 'EISDIR']);

function openLocalStore(dir: string): AttachmentStore {
  const root = resolve(dir);
  // Temporary files live in a folder no key can name (keys never start with a dot).
  const tempDir = join(root, '.partial');
  const pathOf = (key: string) => join(root, checkKey(key));

  return {
    kind: 'local',

    async put(key, body) {
      const target = pathOf(key);
      await mkdir(dirname(target), { recursive: true });
      await mkdir(tempDir, { recursive: true });
      const temp = join(tempDir, randomUUID());
      try {
        const file = await open(temp, 'wx');
        try {
          await file.writeFile(body);
          // On disk before the rename, so a crash cannot leave a short file under the key.
          await file.sync();
        } finally {
          await file.close();
        }
        await rename(temp, target);
      } catch (error) {
        await unlink(temp).catch(() => undefined);
        throw error;
      }
    },

    async get(key) {
      const path = pathOf(key);
      const file = await open(path, 'r').catch((error: unknown) => {
        throw MISSING_CODES.has(fsCode(error) ?? '') ? new AttachmentMissing(key) : error;
      });
      if (!(await file.stat()).isFile()) {
        await file.close();
        throw new AttachmentMissing(key);
      }
      return file.createReadStream();
    },

    async remove(key) {
      await unlink(pathOf(key)).catch((error: unknown) => {
        if (!MISSING_CODES.has(fsCode(error) ?? '')) throw error;
      });
    },
  };
}

function openS3Store(settings: Extract<AttachmentStoreSettings, { kind: 's3' }>): AttachmentStore {
  const endpoint = new URL(settings.endpoint);
  if (endpoint.protocol !== 'http:' && endpoint.protocol !== 'https:') throw new Error('The S3 endpoint must be an http(s) URL');
  // A few retries on 5xx and 429 (aws4fetch's default of 10 would hold a request for a minute).
  const client = new AwsClient({
    accessKeyId: settings.accessKeyId,
    secretAccessKey: settings.secretAccessKey,
    service: 's3',
    region: settings.region,
    retries: 3,
  });

  async function send(method: 'PUT' | 'GET' | 'DELETE', key: string, init: { body?: Buffer; headers?: Record<string, string> } = {}) {
    return client.fetch(objectUrl(settings, key), { method, ...init });
  }

  /** The store's error code from an XML error body (NoSuchKey, NoSuchBucket, AccessDenied, ...). */
  async function errorCode(response: Response): Promise<string | undefined> {
    const text = await response.text().catch(() => '');
    return /<Code>([A-Za-z0-9.]{1,64})<\/Code>/.exec(text)?.[1];
  }

  /** The status and the store's error code; never the request, which is signed with the secret. */
  const failure = (method: string, key: string, status: number, code: string | undefined) =>
    new Error(`S3 ${method} of attachment ${key} failed: HTTP ${status}${code ? ` ${code}` : ''}`);

  return {
    kind: 's3',

    async put(key, body, contentType) {
      const response = await send('PUT', key, { body, headers: { 'Content-Type': contentType } });
      if (!response.ok) throw failure('PUT', key, response.status, await errorCode(response));
      await response.body?.cancel();
    },

    async get(key) {
      const response = await send('GET', key);
      if (!response.ok || !response.body) {
        const code = await errorCode(response);
        // A missing bucket is a setup fault, not a missing file.
        if (response.status === 404 && code !== 'NoSuchBucket') throw new AttachmentMissing(key);
        throw failure('GET', key, response.status, code);
      }
      return Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
    },

    async remove(key) {
      const response = await send('DELETE', key);
      if (response.ok) {
        await response.body?.cancel();
        return;
      }
      // S3 answers 204 for a missing key; some compatible stores answer 404.
      const code = await errorCode(response);
      if (response.status !== 404 || code === 'NoSuchBucket') throw failure('DELETE', key, response.status, code);
    },
  };
}

/** Path style (endpoint/bucket/key) for MinIO and most self-hosted stores; virtual-host style (bucket.endpoint/key) otherwise. */
export function objectUrl(settings: Extract<AttachmentStoreSettings, { kind: 's3' }>, key: string): string {
  const url = new URL(settings.endpoint);
  const base = url.pathname.replace(/\/+$/, '');
  const path = checkKey(key).split('/').map(encodeURIComponent).join('/');
  if (settings.forcePathStyle) {
    url.pathname = `${base}/${encodeURIComponent(settings.bucket)}/${path}`;
  } else {
    url.hostname = `${settings.bucket}.${url.hostname}`;
    url.pathname = `${base}/${path}`;
  }
  return url.toString();
}
