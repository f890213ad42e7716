// areas.test.mjs: the project areas, Mein Konto and the staff pages that feed them, on a phone
// and a desktop: no horizontal scrolling, no serious or critical axe finding, valid HTML; and
// the chat, a document upload and a job request work without JavaScript; with it, an upload
// shows its progress.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, login, BASE, PHONE, DESKTOP, checkPage, htmlErrors } from './lib.mjs';

const KUNDE = ['portal', 'kunde', 'Kunde-Demo-2026'];
const ADMIN = ['admin', 'admin', 'Admin-Demo-2026'];
// {project}: the first project of kunde's overview (the catering project, every area).
const PAGES = [
  ...['planning', 'times', 'documents', 'messages', 'requests'].map((area) => (
    { name: `portal-${area}`, as: KUNDE, path: `/portal/projects/{project}/${area}` })),
  { name: 'portal-account', as: KUNDE, path: '/portal/account' },
  ...['planning', 'times', 'documents', 'messages'].map((area) => (
    { name: `admin-${area}`, as: ADMIN, path: `/admin/projects/{project}/${area}` })),
  { name: 'admin-employees', as: ADMIN, path: '/admin/employees' },
  { name: 'admin-requests', as: ADMIN, path: '/admin/requests' },
];

let browser;
let project;
const sessions = new Map();   // one login per account, its cookies reused by every page
const savedHtml = [];
before(async () => {
  browser = await launch();
  for (const who of [KUNDE, ADMIN]) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await login(page, ...who);
    if (who === KUNDE) {
      project = (await page.getAttribute('a.tile', 'href')).match(/\/projects\/(\d+)/)[1];
    }
    sessions.set(who, await context.storageState());
    await context.close();
  }
});
after(async () => { await browser?.close(); });

for (const spec of PAGES) {
  for (const [viewName, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
    test(`${spec.name} on a ${viewName}: fits, accessible`, async () => {
      const context = await browser.newContext({ viewport, locale: 'de-DE',
                                                 storageState: sessions.get(spec.as) });
      const page = await context.newPage();
      try {
        const response = await page.goto(`${BASE}${spec.path.replace('{project}', project)}`);
        assert.equal(response.status(), 200);
        await checkPage(page, spec.name, viewName, savedHtml);
      } finally {
        await context.close();
      }
    });
  }
}

test('the area pages are valid HTML (Nu HTML checker)', () => {
  assert.equal(savedHtml.length, PAGES.length, 'all pages were saved');
  assert.deepEqual(htmlErrors(savedHtml), []);
});

test('chat, document upload and job request work without JavaScript', async () => {
  const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
  const page = await context.newPage();
  try {
    await login(page, ...KUNDE);
    await page.goto(`${BASE}/portal/projects/${project}/messages`);
    const text = `Ohne JavaScript ${Date.now()}`;
    await page.fill('#body', text);
    await Promise.all([page.waitForNavigation(), page.click('form#latest button[type=submit]')]);
    assert.match(await page.textContent('ol.chat'), new RegExp(text));
    await page.goto(`${BASE}/portal/projects/${project}/documents`);
    await page.setInputFiles('#file', { name: `ohne-js-${Date.now()}.txt`, mimeType: 'text/plain',
                                        buffer: Buffer.from('hochgeladen ohne JavaScript') });
    await Promise.all([page.waitForNavigation(), page.click('form[enctype="multipart/form-data"] button[type=submit]')]);
    assert.match(await page.textContent('main'), /ohne-js-\d+\.txt/, 'the upload is listed');
    await page.goto(`${BASE}/portal/projects/${project}/requests`);
    await page.fill('#title', `Auftrag ${text}`);
    await page.fill('#description', 'Bitte erledigen.');
    await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);
    assert.match(await page.textContent('main'), new RegExp(`Auftrag ${text}`));
  } finally {
    await context.close();
  }
});

test('with the script, a document upload shows its progress, then the list with the document', async () => {
  const context = await browser.newContext({ viewport: PHONE, locale: 'de-DE', storageState: sessions.get(KUNDE) });
  const page = await context.newPage();
  try {
    await page.goto(`${BASE}/portal/projects/${project}/documents`);
    const bar = page.locator('form[data-progress] progress');
    assert.equal(await bar.isHidden(), true, 'no bar before an upload');
    // 1.5 MB at 512 KB/s (Chrome's network emulation): three seconds on the way.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions',
                   { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 512 * 1024 });
    const name = `mit-balken-${Date.now()}.bin`;
    const list = `${BASE}/portal/projects/${project}/documents`;
    let listLoads = 0;
    page.on('request', (request) => { if (request.method() === 'GET' && request.url() === list) { listLoads++; } });
    await page.evaluate(() => { window.kpSameWindow = 1; });   // gone if the browser navigated
    await page.setInputFiles('#file', { name, mimeType: 'application/octet-stream', buffer: Buffer.alloc(1536 * 1024, 7) });
    await page.click('form[data-progress] button[type=submit]');
    await bar.waitFor({ state: 'visible' });
    await page.waitForFunction(() => document.querySelector('form[data-progress] progress').value >= 10);
    const status = await page.textContent('form[data-progress] [role=status]');
    assert.match(status, /^Wird hochgeladen … \d+ %$/, 'the percentage in words, for screen readers too');
    assert.equal(await page.isDisabled('form[data-progress] button[type=submit]'), true, 'no second click meanwhile');
    await page.waitForSelector(`a.what:has-text("${name}")`, { timeout: 20000 });
    assert.equal(await bar.isHidden(), true, 'the list, the bar gone');
    assert.equal(page.url(), list, 'under the list\'s address');
    assert.equal(await page.evaluate(() => window.kpSameWindow), 1, 'the server\'s answer shown in place');
    assert.equal(listLoads, 1, 'the list read once (a second load would use up the staff\'s "neu" marks)');
    // A refusal of the server replaces the page too: here a form whose token is no longer valid.
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await page.$eval('form[data-progress] input[name=csrf]', (input) => { input.value = 'falsch'; });
    await page.setInputFiles('#file', { name: 'abgelehnt.txt', mimeType: 'text/plain', buffer: Buffer.from('x') });
    await page.click('form[data-progress] button[type=submit]');
    await page.waitForSelector('text=Das Formular ist abgelaufen');
    assert.equal(await page.evaluate(() => window.kpSameWindow), 1, 'shown in place of the page');
    await page.goto(list);
    assert.doesNotMatch(await page.textContent('main'), /abgelehnt\.txt/, 'and nothing stored');
  } finally {
    await context.close();
  }
});
