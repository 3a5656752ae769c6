import type { Locator, Page } from 'playwright-core';

/** The NHS date input named `legend` (its fieldset), inside `within` when given. */
export function dateGroup(page: Page | Locator, legend: string): Locator {
  return page.getByRole('group', { name: legend, exact: true });
}

/** Types an ISO date (YYYY-MM-DD) into the day, month and year boxes, as a user would: 30, 6, 2019. */
export async function fillDate(page: Page | Locator, legend: string, isoDate: string): Promise<void> {
  const [year, month, day] = isoDate.split('-');
  const group = dateGroup(page, legend);
  await group.getByLabel('Day', { exact: true }).fill(String(Number(day)));
  await group.getByLabel('Month', { exact: true }).fill(String(Number(month)));
  await group.getByLabel('Year', { exact: true }).fill(year ?? '');
}
