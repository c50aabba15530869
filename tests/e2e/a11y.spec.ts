import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { discoverPages } from './sitePages';

// Every page, in both themes, with every disclosure open so answers are scanned too.
for (const colorScheme of ['light', 'dark'] as const) {
  test(`no serious or critical accessibility violations in the ${colorScheme} theme`, async ({ page, request, baseURL }) => {
    await page.emulateMedia({ colorScheme });
    const failures: string[] = [];
    for (const path of await discoverPages(request, baseURL as string)) {
      await page.goto(path);
      await page.waitForLoadState('networkidle');
      await page.evaluate(() => document.querySelectorAll('details').forEach((details) => (details.open = true)));
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
      for (const violation of results.violations) {
        if (violation.impact !== 'serious' && violation.impact !== 'critical') continue;
        const targets = violation.nodes.slice(0, 3).map((node) => node.target.join(' ')).join('; ');
        failures.push(`${path || 'home'}: ${violation.id} (${violation.impact}): ${violation.help} at ${targets}`);
      }
    }
    expect(failures).toEqual([]);
  });
}
