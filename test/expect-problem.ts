import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';

export type ProblemBody = {
  status: number; code: string; detail: string; requestId: string;
  errors?: { path: string; code: string; message: string }[];
};

/** Asserts an RFC 9457 problem response with the given status and code, and returns its body. */
export function expectProblem(res: LightMyRequestResponse, status: number, code: string): ProblemBody {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json();
  expect(body).toMatchObject({ status, code, type: `urn:partywork:problem:${code}` });
  expect(typeof body.detail).toBe('string');
  return body as ProblemBody;
}
