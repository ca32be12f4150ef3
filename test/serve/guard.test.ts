import { describe, expect, it } from 'vitest';
import { allowedHosts, check, type Guard } from '../../cli/serve/guard.js';

const guard = (address = '127.0.0.1', extra: string[] = []): Guard => ({
  token: 'secret-token',
  hosts: allowedHosts(address, 8080, extra),
  cookieName: 'wirepool_token_8080',
});
const url = (q = '?token=secret-token') => new URL(`http://x/${q}`);

describe('serve guard', () => {
  it('names loopback, localhost and the bound address, IPv6 in brackets', () => {
    expect([...allowedHosts('127.0.0.1', 8080)].sort()).toEqual(['127.0.0.1:8080', '[::1]:8080', 'localhost:8080']);
    expect(allowedHosts('::1', 9).has('[::1]:9')).toBe(true);
    expect(allowedHosts('192.168.1.5', 9).has('192.168.1.5:9')).toBe(true);
    expect(allowedHosts('0.0.0.0', 9, ['10.0.0.2', 'fe80::1']).has('[fe80::1]:9')).toBe(true);
  });

  it('accepts the token from the query, or from the cookie only where allowed', () => {
    expect(check(url(), { host: '127.0.0.1:8080' }, guard(), false)).toEqual({ ok: true, tokenFrom: 'query' });
    const cookie = { host: 'LOCALHOST:8080', cookie: 'a=b; wirepool_token_8080=secret-token' };
    expect(check(url(''), cookie, guard(), true)).toEqual({ ok: true, tokenFrom: 'cookie' });
    expect(check(url(''), cookie, guard(), false).ok).toBe(false);
    expect(check(url(''), { host: '127.0.0.1:8080', cookie: 'wirepool_token_9999=secret-token' }, guard(), true).ok).toBe(false);
  });

  it('refuses a missing or foreign Host, a foreign Origin, and a token of another length', () => {
    expect(check(url(), {}, guard(), true)).toMatchObject({ ok: false, reason: expect.stringMatching(/Host/) });
    expect(check(url(), { host: 'attacker.example:8080' }, guard(), true).ok).toBe(false);
    expect(check(url(), { host: '127.0.0.1:8081' }, guard(), true).ok).toBe(false);
    expect(check(url(), { host: '127.0.0.1:8080', origin: 'null' }, guard(), true).ok).toBe(false);
    expect(check(url(), { host: '127.0.0.1:8080', origin: 'https://127.0.0.1:8080' }, guard(), true).ok).toBe(false);
    expect(check(url(), { host: '127.0.0.1:8080', origin: 'http://127.0.0.1:8080' }, guard(), true).ok).toBe(true);
    expect(check(url('?token=secret'), { host: '127.0.0.1:8080' }, guard(), true).ok).toBe(false);
    expect(check(url('?token=secret-tokeN'), { host: '127.0.0.1:8080' }, guard(), true).ok).toBe(false);
  });
});
