import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AwsClient } from 'aws4fetch';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AttachmentMissing, objectUrl, openAttachmentStore, type AttachmentStore, type AttachmentStoreSettings,
} from './attachment-store.ts';

/*
 * One contract, two stores: a folder on disk, and S3 spoken to a real S3-compatible server
 * (s3rver) listening on a free loopback port with its files in a temp folder.
 */

const BUCKET = 'partywork-attachments';
// s3rver's built-in account; it checks the access key id but not V4 signatures.
const ACCESS_KEY_ID = 'S3RVER';
const SECRET = 'S3RVER';

const temps: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'partywork-attachments-'));
  temps.push(dir);
  return dir;
};

let s3: S3rver;
let s3Settings: Extract<AttachmentStoreSettings, { kind: 's3' }>;

beforeAll(async () => {
  s3 = new S3rver({ address: '127.0.0.1', port: 0, directory: tempDir(), silent: true });
  const { port } = await s3.run();
  s3Settings = {
    kind: 's3', endpoint: `http://127.0.0.1:${port}`, bucket: BUCKET, region: 'us-east-1',
    accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET, forcePathStyle: true,
  };
  // The bucket is made through the S3 API, as an operator's tool would.
  const made = await new AwsClient({ accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET, service: 's3', region: 'us-east-1' })
    .fetch(`${s3Settings.endpoint}/${BUCKET}`, { method: 'PUT' });
  expect(made.status).toBe(200);
});

afterAll(async () => {
  await s3?.close();
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

async function read(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

const newKey = () => `2026/11/${randomUUID()}`;

const stores: [string, () => AttachmentStore][] = [
  ['local', () => openAttachmentStore({ kind: 'local', dir: join(tempDir(), 'attachments') })],
  ['s3', () => openAttachmentStore(s3Settings)],
];

describe.each(stores)('%s attachment store', (kind, open) => {
  let store: AttachmentStore;
  beforeAll(() => {
    store = open();
  });

  it('says which kind it is', () => {
    expect(store.kind).toBe(kind);
  });

  it('gives back exactly the bytes it was given', async () => {
    const small = Buffer.from('%PDF-1.4\nQuyết định kỷ luật\n');
    const large = randomBytes(3 * 1024 * 1024 + 17); // more than one read chunk
    const [a, b] = [newKey(), newKey()];
    await store.put(a, small, 'application/pdf');
    await store.put(b, large, 'application/octet-stream');
    expect(await read(await store.get(a))).toEqual(small);
    expect((await read(await store.get(b))).equals(large)).toBe(true);
  });

  it('keeps keys that share a folder apart', async () => {
    const folder = `2026/12/${randomUUID()}`;
    await store.put(`${folder}-a`, Buffer.from('a'), 'text/plain');
    await store.put(`${folder}-b`, Buffer.from('b'), 'text/plain');
    expect((await read(await store.get(`${folder}-a`))).toString()).toBe('a');
    expect((await read(await store.get(`${folder}-b`))).toString()).toBe('b');
  });

  it('throws AttachmentMissing for a key never stored, or for a folder of keys', async () => {
    await expect(store.get(newKey())).rejects.toBeInstanceOf(AttachmentMissing);
    await store.put(`2027/01/${randomUUID()}`, Buffer.from('x'), 'text/plain');
    await expect(store.get('2027/01')).rejects.toBeInstanceOf(AttachmentMissing);
  });

  it('removes, and removing again or removing what never was is no error', async () => {
    const key = newKey();
    await store.put(key, Buffer.from('biên bản'), 'text/plain');
    await store.remove(key);
    await expect(store.get(key)).rejects.toBeInstanceOf(AttachmentMissing);
    await expect(store.remove(key)).resolves.toBeUndefined();
    await expect(store.remove(newKey())).resolves.toBeUndefined();
  });

  it('refuses keys that climb out, are absolute or are not the platform\'s', async () => {
    const bad = ['', '../x', '2026/../../x', '/etc/passwd', 'C:\\x', '2026//x', '2026/./x', '2026/11/', '.partial/x', 'a\\..\\b', 'a b', 'a\0b'];
    for (const key of bad) {
      await expect(store.put(key, Buffer.from('x'), 'text/plain'), key).rejects.toThrow(/Invalid attachment key/);
      await expect(store.get(key), key).rejects.toThrow(/Invalid attachment key/);
      await expect(store.remove(key), key).rejects.toThrow(/Invalid attachment key/);
    }
  });
});

describe('local attachment store', () => {
  it('keeps each file under its key and leaves no temporary file behind', async () => {
    const dir = join(tempDir(), 'attachments');
    const store = openAttachmentStore({ kind: 'local', dir });
    const key = newKey();
    await store.put(key, Buffer.from('thông báo'), 'text/plain');
    expect(readFileSync(join(dir, key), 'utf8')).toBe('thông báo');
    expect(readdirSync(join(dir, '.partial'))).toEqual([]);
  });

  it('leaves neither the key nor a temporary file when the write cannot land', async () => {
    const dir = join(tempDir(), 'attachments');
    const store = openAttachmentStore({ kind: 'local', dir });
    await store.put('2026/11/taken/inner', Buffer.from('x'), 'text/plain');
    // The key names a folder, so the final rename fails after the bytes were written.
    await expect(store.put('2026/11/taken', Buffer.from('y'), 'text/plain')).rejects.toThrow();
    expect(readdirSync(join(dir, '.partial'))).toEqual([]);
    await expect(store.get('2026/11/taken')).rejects.toBeInstanceOf(AttachmentMissing);
  });
});

describe('s3 attachment store', () => {
  it('stores the content type with the object', async () => {
    const store = openAttachmentStore(s3Settings);
    const key = newKey();
    await store.put(key, Buffer.from('%PDF-1.4\n'), 'application/pdf');
    const head = await new AwsClient({ accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET, service: 's3', region: 'us-east-1' })
      .fetch(objectUrl(s3Settings, key), { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('application/pdf');
  });

  // s3rver does not check V4 signatures, so a wrong secret alone goes through there; an unknown
  // access key id is refused, which shows how a refusal surfaces.
  it('fails with the status on refused credentials, never showing the secret', async () => {
    const secret = 'wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY';
    const store = openAttachmentStore({ ...s3Settings, accessKeyId: 'UNKNOWN', secretAccessKey: secret });
    for (const attempt of [
      () => store.put(newKey(), Buffer.from('x'), 'text/plain'),
      () => store.get(newKey()),
      () => store.remove(newKey()),
    ]) {
      const error: unknown = await attempt().then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(AttachmentMissing);
      expect(String((error as Error).message)).toMatch(/HTTP 403 InvalidAccessKeyId/);
      expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain(secret);
    }
  });

  it('treats a missing bucket as a setup fault, not as a missing file', async () => {
    const store = openAttachmentStore({ ...s3Settings, bucket: 'no-such-bucket' });
    await expect(store.put(newKey(), Buffer.from('x'), 'text/plain')).rejects.toThrow(/HTTP 404 NoSuchBucket/);
    const error: unknown = await store.get(newKey()).then(() => null, (e: unknown) => e);
    expect(error).not.toBeInstanceOf(AttachmentMissing);
    expect(String(error)).toMatch(/HTTP 404 NoSuchBucket/);
    await expect(store.remove(newKey())).rejects.toThrow(/HTTP 404 NoSuchBucket/);
  });

  it('fails without the secret when the store cannot be reached', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const secret = 'another-secret-that-must-not-leak';
    const store = openAttachmentStore({ ...s3Settings, endpoint: `http://127.0.0.1:${port}`, secretAccessKey: secret });
    const error: unknown = await store.get(newKey()).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(AttachmentMissing);
    expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain(secret);
  });

  it('refuses an endpoint that is not http(s)', () => {
    expect(() => openAttachmentStore({ ...s3Settings, endpoint: 'ftp://files.example.vn' })).toThrow(/http/);
  });

  it('addresses objects path-style or virtual-host style', () => {
    const settings = { ...s3Settings, endpoint: 'https://s3.example.vn', bucket: 'attachments' };
    expect(objectUrl({ ...settings, forcePathStyle: true }, '2026/11/abc')).toBe('https://s3.example.vn/attachments/2026/11/abc');
    expect(objectUrl({ ...settings, forcePathStyle: false }, '2026/11/abc')).toBe('https://attachments.s3.example.vn/2026/11/abc');
    // An endpoint behind a proxy path keeps its prefix.
    expect(objectUrl({ ...settings, endpoint: 'http://files.local:9000/s3/', forcePathStyle: true }, '2026/11/abc'))
      .toBe('http://files.local:9000/s3/attachments/2026/11/abc');
  });
});
