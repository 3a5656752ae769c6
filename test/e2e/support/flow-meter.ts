import type { Locator, Page } from 'playwright-core';

/**
 * Counts what a clinician does to get through a flow: each click or key press is one
 * keystroke; each time the next control is not on screen without moving the page, one page
 * scroll. Nothing scrolls the page on its own: an off-screen target is scrolled to and counted.
 */
export class FlowMeter {
  keystrokes = 0;
  pageScrolls = 0;
  readonly log: string[] = [];

  constructor(private readonly page: Page) {}

  private async reach(target: Locator, what: string): Promise<void> {
    await target.waitFor();
    const visible = await target.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0 && r.right <= window.innerWidth;
    });
    if (!visible) {
      this.pageScrolls += 1;
      this.log.push(`scroll to ${what}`);
      await target.scrollIntoViewIfNeeded();
    }
  }

  async click(target: Locator, what: string): Promise<void> {
    await this.reach(target, what);
    this.keystrokes += 1;
    this.log.push(`click ${what}`);
    await target.click();
  }

  async press(key: string): Promise<void> {
    this.keystrokes += 1;
    this.log.push(`press ${key}`);
    await this.page.keyboard.press(key);
  }
}

/** Slot rows wholly visible at once: inside the list's own box and inside the window. */
export async function slotRowsVisible(page: Page): Promise<number> {
  return page.evaluate(() => {
    const list = document.querySelector('[data-testid="slot-list"]');
    if (list === null) return 0;
    const box = list.getBoundingClientRect();
    return [...document.querySelectorAll('[data-slot-id]')].filter((el) => {
      const r = el.getBoundingClientRect();
      return r.height > 0 && r.top >= Math.max(box.top, 0) && r.bottom <= Math.min(box.bottom, window.innerHeight);
    }).length;
  });
}

/** The page's own scroll position: the flow is meant to keep it at the top. */
export function pageScrollTop(page: Page): Promise<number> {
  return page.evaluate(() => document.scrollingElement?.scrollTop ?? 0);
}
