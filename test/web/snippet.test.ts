/**
 * End to end in a real browser: Debian's Chromium loads a demo site that includes the snippet;
 * visitors bucketed into a variant see its changes, a redirect variant lands on its target, a
 * page outside the URL patterns is untouched, and a tracked conversion reaches the results.
 * Screenshots go to test-output/.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bucketValue } from '../../src/decide/murmurhash3.js';
import { databases } from '../helpers/databases.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { client, type Client } from '../helpers/http.js';
import { expectContract } from '../helpers/contract.js';
import { projectWithSettings, type Experiment, type Settings } from '../ours/helpers.js';
import { chromiumMissing, chromiumPath, launchChromium, requireServices, type RunningBrowser } from './browser.js';
import { startDemoSite, type DemoSite } from './demo-site.js';

const skip = chromiumMissing && !requireServices;

/** A visitor id whose bucket for `ruleId` falls in [from, to). */
function visitorIn(ruleId: number, from: number, to: number, tag: string): string {
  for (let i = 0; ; i++) {
    const id = `${tag}-${i}`;
    const bucket = bucketValue(id, String(ruleId));
    if (bucket >= from && bucket < to) return id;
  }
}

describe.skipIf(skip).each(databases)('web snippet in Chromium on %s', (engine) => {
  let server: TestServer;
  let api: Client;
  let settings: Settings;
  let site: DemoSite;
  let chrome: RunningBrowser;
  let hero: Experiment;
  let heroRule: number;
  let landingRule: number;

  beforeAll(async () => {
    if (chromiumMissing) throw new Error(`Chromium is required (FIELDTEST_REQUIRE_SERVICES=1) but ${chromiumPath} is missing: run .ci/install-chromium`);
    server = await startServer(engine);
    api = client(server.url, server.adminToken);
    settings = await projectWithSettings(api, `Web ${engine}`);
    site = await startDemoSite(settings.snippetUrl);
    chrome = await launchChromium();
    mkdirSync('test-output', { recursive: true });

    const created = await api.post<Experiment>('/rest/v1/experiments', {
      experimentSettingsId: settings.id,
      name: 'Pricing hero',
      targetingRules: { urlPatterns: ['/pricing*'], visitorProperties: { plan: 'pro' } },
      metrics: { primary: { eventName: 'purchase' } },
      variants: [
        { name: 'Control', isControl: true, weight: 50 },
        {
          name: 'Benefit headline', isControl: false, weight: 50,
          domModifications: [
            { selector: 'h1.hero', action: 'text', value: 'Ship experiments in minutes' },
            { selector: 'h1.hero', action: 'customCss', styles: [{ property: 'background-color', value: '#10B981' }, { property: 'color', value: 'white' }] },
            { selector: 'p.lead', action: 'hide' },
            { selector: '.promo', action: 'text', value: 'Late promo changed' },
          ],
        },
      ],
    });
    expect(created.status, created.text).toBe(201);
    hero = created.body;
    const landing = await api.post<Experiment>('/rest/v1/experiments', {
      experimentSettingsId: settings.id,
      name: 'Landing redirect',
      targetingRules: { urlPatterns: ['/landing'] },
      metrics: { primary: { eventName: 'purchase' } },
      variants: [
        { name: 'Control', isControl: true, weight: 0 },
        { name: 'New landing', isControl: false, weight: 100, redirectUrl: '/landing-v2' },
      ],
    });
    expect(landing.status, landing.text).toBe(201);
    for (const e of [hero, landing.body]) expect((await api.post(`/rest/v1/experiments/${e.id}/start`, {})).status).toBe(200);
    const rules = await api.get<{ id: number; key: string }[]>(`/v2/experiments?project_id=${settings.projectId}`);
    heroRule = rules.body.find((r) => r.key === hero.key)?.id as number;
    landingRule = rules.body.find((r) => r.key === landing.body.key)?.id as number;
  });

  afterAll(async () => {
    await chrome?.close();
    await site?.close();
    await server?.close();
  });

  async function visit(visitorId: string, path: string) {
    const context = await chrome.browser.newContext();
    await context.addCookies([{ name: settings.cookieName, value: visitorId, url: site.url }]);
    const page = await context.newPage();
    await page.goto(`${site.url}${path}`);
    return { page, close: () => context.close() };
  }

  it('serves the snippet with an ETag and answers 304 when unchanged', async () => {
    const first = await fetch(settings.snippetUrl);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toContain('javascript');
    const etag = first.headers.get('etag') as string;
    const again = await fetch(settings.snippetUrl, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect((await fetch(`${server.url}/web/nope.js`)).status).toBe(404);
  });

  it('shows a variant visitor the changed headline and style, also on elements added later', async () => {
    const id = visitorIn(heroRule, 5000, 10000, 'variant');
    const { page, close } = await visit(id, '/pricing');
    try {
      await page.waitForFunction(() => document.querySelector('.promo')?.textContent === 'Late promo changed');
      expect(await page.textContent('h1.hero')).toBe('Ship experiments in minutes');
      expect(await page.$eval('h1.hero', (el) => getComputedStyle(el).backgroundColor)).toBe('rgb(16, 185, 129)');
      expect(await page.$eval('p.lead', (el) => getComputedStyle(el).display)).toBe('none');
      expect(await page.$eval('h1.hero', (el) => getComputedStyle(el).visibility)).toBe('visible');
      expect(await page.evaluate(() => window.fieldtest?.visitorId)).toBe(id);
      await page.screenshot({ path: `test-output/web-variant-${engine}.png` });
    } finally {
      await close();
    }
  });

  it('leaves the page alone for a control visitor', async () => {
    const { page, close } = await visit(visitorIn(heroRule, 0, 5000, 'control'), '/pricing');
    try {
      await page.waitForSelector('.promo');
      expect(await page.textContent('h1.hero')).toBe('Simple pricing for every team');
      expect(await page.textContent('.promo')).toBe('Original promo');
      expect(await page.evaluate(() => window.fieldtest?.decisions)).toEqual({ [hero.key]: hero.variants?.[0]?.id });
      await page.screenshot({ path: `test-output/web-control-${engine}.png` });
    } finally {
      await close();
    }
  });

  it('changes nothing outside the URL patterns', async () => {
    const { page, close } = await visit(visitorIn(heroRule, 5000, 10000, 'variant'), '/about');
    try {
      await page.waitForSelector('.promo');
      expect(await page.textContent('h1.hero')).toBe('Simple pricing for every team');
      expect(await page.evaluate(() => window.fieldtest?.decisions)).toEqual({});
    } finally {
      await close();
    }
  });

  it('sends a redirect variant visitor to the target URL, keeping the query string', async () => {
    const { page, close } = await visit(visitorIn(landingRule, 0, 10000, 'redirect'), '/landing?utm_source=mail');
    try {
      await page.waitForURL(`${site.url}/landing-v2?utm_source=mail`);
      expect(await page.textContent('h1.hero')).toBe('New landing');
    } finally {
      await close();
    }
  });

  it('records the impression and a tracked conversion, and the results endpoint counts them for the right variant', async () => {
    interface Results { variants: { name: string; isControl: boolean; impressions: number; conversions: number }[] }
    const buyer = visitorIn(heroRule, 5000, 10000, 'buyer');
    const looker = visitorIn(heroRule, 0, 5000, 'looker');
    const bought = await visit(buyer, '/pricing');
    try {
      await bought.page.waitForFunction(() => document.querySelector('h1.hero')?.textContent === 'Ship experiments in minutes');
      await bought.page.evaluate(() => window.fieldtest?.track?.('purchase', { value: 49 }));
    } finally {
      await bought.close();
    }
    const looked = await visit(looker, '/pricing');
    await looked.close();
    const results = async () => {
      const res = await api.get<Results>(`/rest/v1/experiments/${hero.id}/results`);
      return res.status === 200 ? res.body.variants.map((v) => ({ control: v.isControl, seen: v.impressions > 0, conversions: v.conversions })) : [];
    };
    // The beacons are asynchronous (fetch with keepalive): wait until both have landed.
    await expect.poll(results, { timeout: 30_000, interval: 250 }).toEqual([
      { control: true, seen: true, conversions: 0 },
      { control: false, seen: true, conversions: 1 },
    ]);
    const res = await api.get<Results>(`/rest/v1/experiments/${hero.id}/results`);
    expectContract('ours', 'getExperimentResults', res, 200);
  });

  it('gives a new visitor a first-party cookie that stays the same on the next page', async () => {
    const context = await chrome.browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${site.url}/about`);
      const first = await page.evaluate(() => window.fieldtest?.visitorId);
      expect(first).toMatch(/^[0-9a-f-]{36}$/);
      await page.goto(`${site.url}/pricing`);
      expect(await page.evaluate(() => window.fieldtest?.visitorId)).toBe(first);
      const cookies = await context.cookies(site.url);
      expect(cookies.find((c) => c.name === settings.cookieName)?.value).toBe(first);
    } finally {
      await context.close();
    }
  });
});

if (skip) {
  describe('web snippet in Chromium', () => {
    it.skip(`skipped: ${chromiumPath} is missing (run .ci/install-chromium; CI sets FIELDTEST_REQUIRE_SERVICES=1 and fails instead)`, () => undefined);
  });
}
