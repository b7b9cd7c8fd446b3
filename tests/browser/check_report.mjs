// Loads a refrain report.html in headless Chromium and checks what a reader sees.
//
//   node check_report.mjs --chromium /usr/bin/chromium --page out/report.html
//        [--letters DIR] [--screenshots DIR]
//
// Talks to Chromium over the DevTools protocol with Node's own WebSocket (Node 22
// has it; Node 20 needs --experimental-websocket), so nothing is downloaded: no
// npm package, no browser build. Checks: no console error, no uncaught
// exception, no request other than file: and data:; the overview lists the seed
// families; search and the source filter narrow the list; a family page shows
// slots (with Kent Police / Hertfordshire Constabulary as alternatives) and
// redlines; a letter page shades template text and, with --letters, shows the
// letter's exact bytes; the heat map and the timeline are drawn. Prints one
// PASS/FAIL line per check and "N passed, N failed"; exits 1 on any failure.
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {pathToFileURL} from 'node:url';

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
if (!args.chromium || !args.page) {
  console.error('usage: check_report.mjs --chromium PATH --page REPORT.html [--letters DIR] [--screenshots DIR]');
  process.exit(2);
}
if (typeof WebSocket === 'undefined') {
  console.error('FAIL: this Node has no WebSocket; run it with --experimental-websocket (Node 20) or use Node 22+');
  process.exit(2);
}

let passed = 0, failed = 0;
function check(ok, what, detail) {
  if (ok) { passed++; console.log('PASS: ' + what); }
  else { failed++; console.log('FAIL: ' + what + (detail ? ' (' + detail + ')' : '')); }
  return ok;
}

// ---- Chromium and a minimal DevTools protocol client ----
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'refrain-chromium-'));
const chrome = spawn(args.chromium, [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--no-default-browser-check',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-extensions',
  '--disable-default-apps', '--mute-audio', '--hide-scrollbars', '--user-data-dir=' + profile,
  '--remote-debugging-port=0', 'about:blank'], {stdio: ['ignore', 'ignore', 'pipe']});
let chromeLog = '';
function cleanup() {
  try { chrome.kill('SIGKILL'); } catch { /* already gone */ }
  try { fs.rmSync(profile, {recursive: true, force: true}); } catch { /* best effort */ }
}
const timer = setTimeout(() => { console.log('FAIL: timed out after 90 s'); cleanup(); process.exit(1); }, 90000);

const wsUrl = await new Promise((resolve, reject) => {
  chrome.stderr.on('data', chunk => {
    chromeLog += chunk;
    const m = /DevTools listening on (ws:\/\/\S+)/.exec(chromeLog);
    if (m) resolve(m[1]);
  });
  chrome.on('exit', code => reject(new Error('chromium exited with ' + code + ':\n' + chromeLog)));
}).catch(e => { console.log('FAIL: start chromium: ' + e.message); cleanup(); process.exit(1); });

const ws = new WebSocket(wsUrl);
await new Promise((resolve, reject) => { ws.onopen = resolve; ws.onerror = () => reject(new Error('cannot connect to ' + wsUrl)); });
let nextId = 1;
const pending = new Map();
const listeners = [];
ws.onmessage = ev => {
  const msg = JSON.parse(ev.data);
  if (msg.id && pending.has(msg.id)) {
    const {resolve, reject} = pending.get(msg.id);
    pending.delete(msg.id);
    if (msg.error) reject(new Error(msg.error.message)); else resolve(msg.result);
  } else if (msg.method) {
    for (const l of listeners) l(msg);
  }
};
function send(method, params = {}, sessionId) {
  const id = nextId++;
  ws.send(JSON.stringify({id, method, params, sessionId}));
  return new Promise((resolve, reject) => pending.set(id, {resolve, reject}));
}
function waitFor(method, sessionId) {
  return new Promise(resolve => {
    const l = msg => {
      if (msg.method === method && msg.sessionId === sessionId) { listeners.splice(listeners.indexOf(l), 1); resolve(msg.params); }
    };
    listeners.push(l);
  });
}

const {targetId} = await send('Target.createTarget', {url: 'about:blank'});
const {sessionId} = await send('Target.attachToTarget', {targetId, flatten: true});
const page = (method, params) => send(method, params, sessionId);

const problems = [];   // console errors, exceptions, failed loads
const requests = [];   // every URL the page asked for
listeners.push(msg => {
  if (msg.sessionId !== sessionId) return;
  const p = msg.params;
  if (msg.method === 'Runtime.consoleAPICalled' && (p.type === 'error' || p.type === 'assert'))
    problems.push('console.' + p.type + ': ' + p.args.map(a => a.value ?? a.description ?? '').join(' '));
  else if (msg.method === 'Runtime.exceptionThrown')
    problems.push('exception: ' + (p.exceptionDetails.exception?.description || p.exceptionDetails.text));
  else if (msg.method === 'Log.entryAdded' && p.entry.level === 'error')
    problems.push('log: ' + p.entry.text + (p.entry.url ? ' ' + p.entry.url : ''));
  else if (msg.method === 'Network.requestWillBeSent')
    requests.push(p.request.url);
});
await page('Runtime.enable');
await page('Log.enable');
await page('Page.enable');
await page('Network.enable');
await page('Emulation.setDeviceMetricsOverride', {width: 1280, height: 960, deviceScaleFactor: 1, mobile: false});

async function evaluate(expression) {
  const r = await page('Runtime.evaluate', {expression, returnByValue: true, awaitPromise: true});
  if (r.exceptionDetails) throw new Error('in page: ' + (r.exceptionDetails.exception?.description || r.exceptionDetails.text));
  return r.result.value;
}
const settle = () => evaluate('new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))');
async function go(hash) {
  await evaluate('location.hash = ' + JSON.stringify(hash));
  await settle();
}
async function screenshot(name, height = 960) {
  if (!args.screenshots) return;
  fs.mkdirSync(args.screenshots, {recursive: true});
  await page('Emulation.setDeviceMetricsOverride', {width: 1280, height, deviceScaleFactor: 1, mobile: false});
  await settle();
  const {data} = await page('Page.captureScreenshot', {format: 'png'});
  await page('Emulation.setDeviceMetricsOverride', {width: 1280, height: 960, deviceScaleFactor: 1, mobile: false});
  const file = path.join(args.screenshots, name);
  fs.writeFileSync(file, Buffer.from(data, 'base64'));
  console.log('screenshot: ' + file);
}

try {
  const url = pathToFileURL(path.resolve(args.page)).href;
  const loaded = waitFor('Page.loadEventFired', sessionId);
  await page('Page.navigate', {url});
  await loaded;
  await settle();

  // ---- overview ----
  check(await evaluate('document.body.dataset.ready === "true"'), 'the page script ran to the end');
  const overview = await evaluate('document.querySelector("main").innerText');
  for (const phrase of ['The security of the country is of paramount importance',
    'I note you seek access to the following information',
    'Therefore, at this moment in time, it is our opinion',
    'As much as there is public interest in knowing that policing activity is appropriate',
    'I have today decided to disclose some of the requested information',
    'Quickly exit this site by pressing the Escape key'])
    check(overview.includes(phrase), 'overview shows the family "' + phrase + '"');
  const rows = await evaluate('document.querySelectorAll("main tbody tr").length');
  check(rows >= 7, 'overview lists at least the 7 must families', rows + ' rows');
  await screenshot('overview.png');

  // free-text search (case-insensitive, in canonical and copy text)
  const searched = await evaluate(`(() => {
    const q = document.querySelector('input[type=search]');
    q.value = 'PARAMOUNT importance'; q.dispatchEvent(new Event('input'));
    const texts = [...document.querySelectorAll('main tbody tr')].map(r => r.innerText);
    q.value = ''; q.dispatchEvent(new Event('input'));
    return texts;
  })()`);
  check(searched.length >= 1 && searched.length < rows && searched.some(t => t.includes('The security of the country')),
    'search "PARAMOUNT importance" narrows the list to the national-security family', searched.length + ' rows');
  // the source filter
  const filtered = await evaluate(`(() => {
    const sel = document.querySelector('main select');
    const opt = [...sel.options].find(o => o.text.startsWith('Kent Police'));
    sel.value = opt.value; sel.dispatchEvent(new Event('change'));
    const n = document.querySelectorAll('main tbody tr').length;
    sel.value = '-1'; sel.dispatchEvent(new Event('change'));
    return n;
  })()`);
  check(filtered >= 1 && filtered < rows, 'the source filter (Kent Police) narrows the list', filtered + ' of ' + rows + ' rows');

  // ---- a family: open it by clicking its link, as a reader would ----
  // The one whose slot names the forces (Kent Police / Hertfordshire Constabulary)
  // when the consensus made such a slot, else the one with the most slots.
  const pick = await evaluate(`(() => {
    const D = JSON.parse(document.getElementById('refrain-data').textContent);
    const names = f => f.slots.some(s => s.alternatives.some(a => a[0].includes('Kent Police'))
      && s.alternatives.some(a => a[0].includes('Hertfordshire Constabulary')));
    const forces = D.families.find(names);
    // else a slot whose wordings name two different sources (force names differ there)
    const named = a => D.sources.filter(x => a[0].includes(x.name.split(' ')[0])).length;
    const twoSources = D.families.find(f => f.slots.some(s => s.alternatives.filter(a => named(a) > 0).length >= 2));
    const most = D.families.filter(f => f.slots.length).sort((a, b) => b.slots.length - a.slots.length)[0];
    const f = forces || twoSources || most;
    return f ? {id: f.id, forces: !!forces, two: !forces && !!twoSources} : null;
  })()`);
  const famId = pick ? pick.id : null;
  if (pick && !pick.forces)
    console.log('NOTE: no slot lists both Kent Police and Hertfordshire Constabulary in this scan; showing ' +
      (pick.two ? 'a family whose slot names two different forces' : 'the family with the most slots'));
  if (check(famId !== null, 'some family has slots')) {
    await evaluate(`document.querySelector('main a[href="#/family/${famId}"]').click()`);
    await settle();
    const fam = await evaluate(`(() => ({
      hash: location.hash,
      slots: document.querySelectorAll('main mark.slot[data-tip]').length,
      tips: [...document.querySelectorAll('main mark.slot[data-tip]')].map(m => m.dataset.tip),
      copies: document.querySelectorAll('main article.copy').length,
      redlines: document.querySelectorAll('main article.copy del.rl, main article.copy ins.rl').length,
      meta: [...document.querySelectorAll('main article.copy h4')].map(x => x.innerText),
    }))()`);
    check(fam.hash === '#/family/' + famId, 'clicking a family opens its page');
    check(fam.slots >= 1, 'the family page marks slots in the canonical wording', fam.slots + ' slots');
    check(fam.tips.length >= 1 && fam.tips.every(t => /\(\d+\)/.test(t)), 'each slot lists its alternatives with their counts');
    if (pick.forces)
      check(fam.tips.some(t => t.includes('Kent Police') && t.includes('Hertfordshire Constabulary')),
        'a slot lists Kent Police and Hertfordshire Constabulary as alternatives');
    check(fam.copies >= 2 && fam.meta.length === fam.copies && new Set(fam.meta).size >= 2,
      'the family page shows each copy with its source', fam.meta.join(', '));
    check(fam.redlines >= 1, 'the family page shows redlines (struck and inserted words)', fam.redlines + ' marks');
    // show one slot's alternatives, as hovering or tabbing to it would
    await evaluate(`(() => {
      const marks = [...document.querySelectorAll('main mark.slot[data-tip]')];
      const D = JSON.parse(document.getElementById('refrain-data').textContent);
      const force = m => D.sources.filter(x => m.dataset.tip.includes(x.name.split(' ')[0])).length >= 2;
      const m = marks.find(m => m.dataset.tip.includes('Kent Police')) || marks.find(force)
        || marks.find(m => !m.classList.contains('minor')) || marks[0];
      m.focus({preventScroll: true});
      window.scrollTo(0, 0);
    })()`);
    await settle();
    await screenshot('family.png', 1500);
  }

  // ---- a letter ----
  await go('#/letters');
  const letterId = await evaluate(`(() => {
    const a = [...document.querySelectorAll('main tbody a')].find(a => a.textContent.startsWith('000_'));
    if (!a) return null;
    a.click();
    return Number(a.getAttribute('href').split('/').pop());
  })()`);
  await settle();
  if (check(letterId !== null, 'the letters list links letter 000 (Kent Police)')) {
    const letter = await evaluate(`(() => {
      const box = document.getElementById('letter-text');
      if (!box) return null;
      const copy = box.cloneNode(true);
      for (const a of copy.querySelectorAll('a.famref')) a.remove();
      const D = JSON.parse(document.getElementById('refrain-data').textContent);
      return {text: copy.textContent, national: box.querySelectorAll('.seg-national').length,
              path: D.documents[${letterId}].path,
              shaded: [...box.querySelectorAll('.seg-national')].map(s => s.textContent).join(' ')};
    })()`);
    if (check(letter !== null, 'the letter page shows the letter text')) {
      check(letter.national >= 1, 'the letter page shades national template text', letter.national + ' passages');
      check(/relies heavily on members of the public/.test(letter.shaded),
        'the informant-confidence passage is shaded as national template');
      if (args.letters) {
        // White space before and after the letter is not shown.
        const original = fs.readFileSync(path.join(args.letters, path.basename(letter.path)), 'utf8')
          .replace(/^\s+/, '').replace(/\s+$/, '');
        check(letter.text === original, 'the letter page shows the letter exactly (offsets converted correctly)',
          letter.text.length + ' vs ' + original.length + ' characters');
      }
      // The screenshot: a letter whose template passages start near its top.
      await go('#/letter/' + (await evaluate(`JSON.parse(document.getElementById('refrain-data').textContent)
        .documents.findIndex(d => d.name.startsWith('001_'))`)));
      await screenshot('letter.png', 1500);
    }
  }

  // ---- sources and timeline ----
  await go('#/sources');
  const heat = await evaluate(`({cells: document.querySelectorAll('table.heat td[title]').length,
    sources: JSON.parse(document.getElementById('refrain-data').textContent).sources.length})`);
  check(heat.cells === heat.sources * heat.sources && heat.cells >= 4, 'the source x source heat map has a cell per pair',
    heat.cells + ' cells');
  await screenshot('sources.png');
  await go('#/timeline');
  const dots = await evaluate('document.querySelectorAll("svg.timeline circle").length');
  check(dots >= 1, 'the timeline draws first appearances', dots + ' families');
  await screenshot('timeline.png');
  await go('#/about');
  await go('#/family/999999');
  check(await evaluate('document.querySelector("main h2").innerText === "Not found"'), 'an unknown family shows "Not found"');

  // ---- nothing went wrong on the way ----
  await settle();
  check(problems.length === 0, 'no console errors or exceptions', problems.join(' | '));
  const external = requests.filter(u => !u.startsWith('file:') && !u.startsWith('data:'));
  check(external.length === 0, 'no network requests (only the file itself)', external.join(', '));
} catch (e) {
  check(false, 'the browser session', e.message);
}

clearTimeout(timer);
try { await send('Browser.close'); } catch { /* closing */ }
cleanup();
console.log(passed + ' passed, ' + failed + ' failed');
process.exit(failed === 0 ? 0 : 1);
