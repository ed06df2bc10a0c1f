import { describe, expect, it } from 'vitest';
import { NOTICE_ROUTES } from '../../shared/notices-types';
import { BUILT_IN } from './default-templates';
import { labelsFor } from './default-templates';
import { noticeHtml } from './notice-html';
import { checkTemplate, renderTemplate } from './template';

const doc = (body: string, values = {}) =>
  noticeHtml({
    language: 'en',
    subject: 'Subject <b>',
    blocks: renderTemplate(body, values),
    items: [
      {
        pageUrl: 'https://example.com/p?a=1&b=<script>',
        firstSeenAt: '2026-11-20T08:30:00.000Z',
        images: [
          {
            url: 'https://example.com/i.jpg',
            sha256: 'ab'.repeat(32),
            pdq: null,
            blockhash: 'cd'.repeat(32),
          },
        ],
        evidence: [],
      },
    ],
    labels: labelsFor('en'),
    includeEvidence: false,
  });

describe('notice templates', () => {
  it('every built-in template is valid and uses {{items}} once', () => {
    for (const [language, pack] of Object.entries(BUILT_IN)) {
      for (const route of NOTICE_ROUTES) {
        expect(checkTemplate(pack[route].body), `${language}/${route}`).toEqual([]);
        expect(
          checkTemplate(pack[route].subject + '\n{{items}}'),
          `${language}/${route} subject`,
        ).toEqual([]);
      }
    }
  });

  it('labels the generated blocks in added languages too, else in English', () => {
    expect(labelsFor('zh-TW').firstSeen).toBe('首次發現');
    expect(labelsFor('zh-HK').firstSeen).toBe('首次發現');
    expect(labelsFor('zh-CN').firstSeen).toBe('首次发现');
    expect(labelsFor('th').page).toBe('หน้าเว็บ');
    expect(labelsFor('fr-CA').item).toBe('Élément');
    expect(labelsFor('sw').firstSeen).toBe('First seen');
  });

  it('reports unknown placeholders, a block placeholder inside text, and a missing {{items}}', () => {
    expect(checkTemplate('Hello {{victim.name}}\n{{items}}')).toEqual([
      'Line 1: {{victim.name}} is not a known placeholder.',
    ]);
    expect(checkTemplate('See {{items}} below')).toEqual([
      'Line 1: {{items}} must stand alone on its line.',
    ]);
    expect(checkTemplate('No list')).toEqual([
      'The template must contain {{items}} (the list of URLs).',
    ]);
  });

  it('parses headings, paragraphs with line breaks, lists and bold', () => {
    const blocks = renderTemplate('# Title\n\nLine one\nLine **two**\n\n- a\n- b\n\n{{items}}', {});
    expect(blocks).toEqual([
      { kind: 'h1', lines: [[{ text: 'Title' }]] },
      {
        kind: 'p',
        lines: [[{ text: 'Line one' }], [{ text: 'Line ' }, { text: 'two', bold: true }]],
      },
      { kind: 'ul', items: [[{ text: 'a' }], [{ text: 'b' }]] },
      { kind: 'items' },
    ]);
  });

  it('values never become structure: markers inside a value stay text', () => {
    const blocks = renderTemplate('{{centre.name}}\n{{items}}', {
      'centre.name': '# **Not a heading**',
    });
    expect(blocks[0]).toEqual({ kind: 'p', lines: [[{ text: '# **Not a heading**' }]] });
  });

  it('drops a line whose placeholders are all empty, keeps lines with some text filled', () => {
    const blocks = renderTemplate('Phone: {{centre.phone}}\nE-mail: {{centre.email}}\n{{items}}', {
      'centre.email': 'help@centre.example',
    });
    expect(blocks[0]).toEqual({ kind: 'p', lines: [[{ text: 'E-mail: help@centre.example' }]] });
  });

  it('escapes every value and every piece of template text in the HTML', () => {
    const html = doc('# <img src=x onerror=alert(1)>\n\nFrom {{centre.name}}\n\n{{items}}', {
      'centre.name': '<script>alert("x")</script>',
    });
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('From &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('https://example.com/p?a=1&amp;b=&lt;script&gt;');
    expect(html).toContain('Subject &lt;b&gt;');
    // The only <img> tags are evidence pictures, and there are none here.
    expect(html).not.toMatch(/<img/);
    expect(html).toContain("default-src 'none'");
  });
});
