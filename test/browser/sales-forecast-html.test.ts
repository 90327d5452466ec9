/**
 * Opens the html Sales Forecast of a seeded demo workspace in headless Chromium: the three charts render with a
 * size, nothing is fetched from the network, nothing logs an error, and a screenshot is kept in
 * test-artifacts/ for people to look at.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { browserUnavailable, launchChromium } from './chromium.js';
import { forecastWorkspace, type ForecastWorkspace } from '../cli/forecast-workspace.js';

interface ChartBox {
  readonly label: string | null;
  readonly width: number;
  readonly height: number;
  readonly shapes: number;
}

const ARTIFACTS = resolve(import.meta.dirname, '../../test-artifacts');
const unavailable = browserUnavailable();
if (unavailable) console.warn(`Skipping the browser test of the html forecast: ${unavailable}`);

describe.skipIf(unavailable !== null)('html Sales Forecast in headless Chromium', () => {
  let browser: Browser;
  let workspace: ForecastWorkspace;
  let htmlFile: string;

  beforeAll(async () => {
    workspace = await forecastWorkspace();
    const run = await workspace.cli(['forecast', '--period', 'FY2027-Q4', '--format', 'html']);
    expect(run.code, run.stderr).toBe(0);
    mkdirSync(ARTIFACTS, { recursive: true });
    htmlFile = join(ARTIFACTS, 'sales-forecast.html');
    writeFileSync(htmlFile, run.stdout);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    workspace?.remove();
  });

  it('renders every chart with a size, fetches nothing and logs no error', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const problems: string[] = [];
    const fetched: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('request', (request) => {
      if (!request.url().startsWith('file:')) fetched.push(request.url());
    });
    await page.goto(pathToFileURL(htmlFile).href);
    // Evaluated in the page as text: the project's types hold no DOM.
    const charts = await page.evaluate<ChartBox[]>(`[...document.querySelectorAll('svg.chart')].map((svg) => {
      const box = svg.getBoundingClientRect();
      const shapes = [...svg.querySelectorAll('rect, line')].filter((shape) => {
        const size = shape.getBoundingClientRect();
        return size.width > 0 || size.height > 0;
      });
      return { label: svg.getAttribute('aria-label'), width: box.width, height: box.height, shapes: shapes.length };
    })`);
    expect(charts.map((chart) => chart.label)).toEqual([
      'Outcome distribution (P10, P50, P90) against quota',
      'Open pipeline by stage: value and weighted value',
      'Forecast against quota by rep',
    ]);
    for (const chart of charts) {
      expect(chart.width, chart.label ?? '').toBeGreaterThan(300);
      expect(chart.height, chart.label ?? '').toBeGreaterThan(100);
      expect(chart.shapes, chart.label ?? '').toBeGreaterThan(5);
    }
    expect(await page.locator('h2').allTextContents()).toContain('Executive Summary');
    await page.screenshot({ path: join(ARTIFACTS, 'sales-forecast.png'), fullPage: true });
    expect(problems).toEqual([]);
    expect(fetched).toEqual([]);
    await page.close();
  });
});
