import { describe, expect, it } from 'vitest';
import { normaliseUrl, pathMatches, trapReason } from './url-rules';

describe('URL normalisation', () => {
  it('drops fragments, default ports, tracking parameters; sorts the query', () => {
    expect(normaliseUrl('HTTP://Example.COM:80/a/../b/?z=1&utm_source=x&a=2#top')?.href).toBe(
      'http://example.com/b/?a=2&z=1',
    );
  });
  it('collapses repeated slashes', () => {
    expect(normaliseUrl('http://h/a//b///c')?.pathname).toBe('/a/b/c');
  });
  it('resolves relative links and refuses non-http schemes and credentials', () => {
    expect(normaliseUrl('../x.jpg', 'http://h/a/b/c.html')?.href).toBe('http://h/a/x.jpg');
    expect(normaliseUrl('javascript:alert(1)', 'http://h/')).toBeNull();
    expect(normaliseUrl('data:image/png;base64,AAAA')).toBeNull();
    expect(normaliseUrl('http://user:pw@h/')).toBeNull();
    expect(normaliseUrl('http://[::1')).toBeNull();
  });
});

describe('trap limits', () => {
  it('flags repeated segments, long URLs and query explosions', () => {
    expect(trapReason(new URL('http://h/a/b/a/b/a/b/a/b'))).toMatch(/repeated/);
    expect(trapReason(new URL('http://h/' + 'x'.repeat(3000)))).toMatch(/longer/);
    const q = Array.from({ length: 20 }, (_, i) => `p${i}=1`).join('&');
    expect(trapReason(new URL('http://h/?' + q))).toMatch(/query parameters/);
    expect(trapReason(new URL('http://h/gallery/2/photo.html?page=3'))).toBeNull();
  });
  it('matches path patterns like robots.txt', () => {
    expect(pathMatches('/gallery/', '/gallery/2')).toBe(true);
    expect(pathMatches('/*.html$', '/a/b.html')).toBe(true);
    expect(pathMatches('/*.html$', '/a/b.html?x')).toBe(false);
    expect(pathMatches('/gallery/', '/about')).toBe(false);
  });
});
