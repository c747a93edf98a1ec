// Drives Debian's chromium through the regcheck serve page as an office user would: choose or drop
// the sample registers, press Check, read the findings and teachers tables, download the zip.
// Run by tests/browser.rs:  node check.mjs URL ZIP_OUT [SCREENSHOT]
// Exits non-zero (with the reason) when the page does not show what it should.
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const [url, zipOut, screenshot] = process.argv.slice(2);
assert.ok(url && zipOut, 'usage: node check.mjs URL ZIP_OUT [SCREENSHOT]');
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const samples = ['听课记录.xlsx', '教学反思登记.xlsx', '教师名册.xlsx', '校本研修签到表.xlsx'];
const samplePath = (name) => join(root, 'samples', name);

const profile = mkdtempSync(join(tmpdir(), 'regcheck-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.REGCHECK_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  locale: 'zh-CN',
  acceptDownloads: true,
  viewport: { width: 1280, height: 900 },
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});

const step = (what) => console.log(`ok: ${what}`);
// Script errors on any page fail the test.
const pageErrors = [];
context.on('page', (p) => p.on('pageerror', (e) => pageErrors.push(e)));

async function checkAndWait(page) {
  await page.click('#check');
  await page.waitForSelector('#results:not([hidden])', { timeout: 120000 });
  await page.waitForSelector('#progress[hidden]', { state: 'attached' });
  const error = await page.textContent('#error');
  assert.equal(error, '', `the page shows an error: ${error}`);
}

try {
  // 1. The file picker, in Chinese (the browser's language).
  const page = await context.newPage();
  await page.goto(url);
  assert.equal(await page.textContent('h1'), '教师研修登记表检查');
  await page.setInputFiles('#picker', samples.map(samplePath));
  assert.match(await page.textContent('#chosenCount'), /已选 4 个文件/);
  await checkAndWait(page);
  step('checked the four sample files chosen with the picker');

  // Per-file status: what each sheet was understood as, with its records.
  const signin = page.locator('#files tbody tr[data-file="校本研修签到表.xlsx"]');
  await assert.doesNotReject(signin.waitFor());
  const signinText = await signin.innerText();
  assert.match(signinText, /签到\/考勤表/);
  assert.match(signinText, /426/);
  assert.equal(await page.locator('#files tbody tr').count(), 6, 'six sheets in four files');
  step('files table: 校本研修签到表.xlsx understood as 签到/考勤表 with 426 records');

  // The misspelt name at G129 of 签到表.
  const g129 = page.locator('#findings tbody tr[data-code="unknown-teacher"][data-sheet="签到表"][data-cell="G129"]');
  assert.equal(await g129.count(), 1, 'unknown-teacher at 签到表 G129');
  const g129Text = await g129.innerText();
  assert.match(g129Text, /张玮/);
  assert.match(g129Text, /张伟/);
  assert.match(g129Text, /错误/);
  step('findings table: 张玮 at 签到表 G129, did you mean 张伟');

  // 赵磊 falls short of the year's hours: 72 of 90.
  const zhao = page.locator('#teachers tbody tr[data-name="赵磊"]');
  assert.equal(await zhao.getAttribute('data-status'), 'fail');
  const zhaoText = await zhao.innerText();
  assert.match(zhaoText, /未达标/);
  assert.match(zhaoText, /72/);
  assert.match(zhaoText, /90/);
  assert.equal(await page.locator('#teachers tbody tr').count(), 25);
  assert.equal(await page.locator('#teachers tbody tr[data-name="张伟"]').getAttribute('data-status'), 'pass');
  step('teachers table: 赵磊 未达标 with 72 / 90 hours; 张伟 达标; 25 teachers');

  // Filters: by teacher, then by severity.
  const all = await page.locator('#findings tbody tr').count();
  await page.selectOption('#fTeacher', '赵磊');
  const rows = page.locator('#findings tbody tr');
  const zhaoRows = await rows.count();
  assert.ok(zhaoRows > 0 && zhaoRows < all);
  for (let i = 0; i < zhaoRows; i++) assert.equal(await rows.nth(i).getAttribute('data-teacher'), '赵磊');
  await page.selectOption('#fTeacher', '');
  await page.selectOption('#fSeverity', 'error');
  const errors = await rows.count();
  for (let i = 0; i < errors; i++) assert.equal(await rows.nth(i).getAttribute('data-severity'), 'error');
  assert.ok(errors > 0 && errors < all);
  await page.selectOption('#fSeverity', '');
  assert.equal(await rows.count(), all);
  step(`filters: 赵磊 ${zhaoRows} of ${all}, errors ${errors} of ${all}`);

  if (screenshot) {
    // The results, from the overview down through the findings to the first teachers.
    await page.setViewportSize({ width: 1280, height: 1400 });
    await page.evaluate(() => document.getElementById('overview').scrollIntoView());
    await page.screenshot({ path: screenshot });
    await page.setViewportSize({ width: 1280, height: 900 });
    step(`screenshot in ${screenshot}`);
  }

  // Everything as a zip.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#downloads a[data-kind="zip"]')]);
  assert.equal(download.suggestedFilename(), 'regcheck-results.zip');
  await download.saveAs(zipOut);
  step(`zip downloaded to ${zipOut}`);

  // English on request; the messages follow.
  await page.click('#lang');
  assert.equal(await page.textContent('h1'), 'Teacher-training register check');
  assert.match(await g129.innerText(), /Error/);
  assert.doesNotMatch(await g129.innerText(), /错误/);
  assert.match(await zhao.innerText(), /fail/);
  step('switched to English: tables and messages in English');
  await page.close();

  // 2. A dropped folder, through the page's drop handler. Chromium cannot be handed a real
  // folder from a script, so the drop carries entries shaped as the File and Directory Entries
  // API gives them (a directory read in batches), holding the real sample files.
  const dropPage = await context.newPage();
  await dropPage.goto(url);
  const files = samples.map((name) => ({ name, data: readFileSync(samplePath(name)).toString('base64') }));
  await dropPage.evaluate((files) => {
    const file = (name, base64) => new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], name);
    const fileEntry = (path, f) => ({ isFile: true, isDirectory: false, fullPath: path, file: (ok) => ok(f) });
    const children = [
      ...files.map((f) => fileEntry(`/samples/${f.name}`, file(f.name, f.data))),
      fileEntry('/samples/~$教师名册.xlsx', file('~$教师名册.xlsx', 'AAAA')),
      fileEntry('/samples/README.md', file('README.md', 'AAAA')),
    ];
    const folder = {
      isFile: false,
      isDirectory: true,
      fullPath: '/samples',
      createReader() {
        const batches = [children.slice(0, 3), children.slice(3), []];
        return { readEntries: (ok) => setTimeout(() => ok(batches.shift() || []), 0) };
      },
    };
    const event = new Event('drop', { bubbles: true, cancelable: true });
    Object.defineProperty(event, 'dataTransfer', { value: { items: [{ webkitGetAsEntry: () => folder }], files: [] } });
    document.getElementById('drop').dispatchEvent(event);
  }, files);
  await dropPage.waitForFunction(() => document.querySelectorAll('#chosenList li').length === 4);
  const chosen = await dropPage.locator('#chosenList li').allInnerTexts();
  assert.ok(chosen.every((c) => c.startsWith('samples/')), `the folder's files, lock file and README left out: ${chosen}`);
  await checkAndWait(dropPage);
  const dropped = await dropPage.locator('#files tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.file));
  assert.ok(dropped.length === 6 && dropped.every((f) => f.startsWith('samples/')), `${dropped}`);
  assert.equal(
    await dropPage.locator('#findings tbody tr[data-code="unknown-teacher"][data-cell="G129"]').count(),
    1,
  );
  step('a dropped folder: samples/… checked, the lock file and README left out');

  // 3. A broken file among good ones shows its finding; the page keeps working.
  await dropPage.setInputFiles('#picker', [join(root, 'tests/fixtures/bad/truncated.xlsx')]);
  await checkAndWait(dropPage);
  const bad = dropPage.locator('#files tbody tr[data-file="truncated.xlsx"]');
  assert.equal(await bad.getAttribute('data-status'), 'unreadable');
  assert.equal(await dropPage.locator('#findings tbody tr[data-code="unreadable-file"]').count(), 1);
  assert.equal(await dropPage.locator('#teachers tbody tr').count(), 25);
  step('a broken file: its unreadable-file finding shown, the other files checked');
  await dropPage.close();
  assert.deepEqual(pageErrors, [], 'no script errors on the page');
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
