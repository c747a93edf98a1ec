// regcheck serve: the page. Collects dropped or chosen files (whole folders too), posts them to
// /api/check, and renders the answer (report.json) in the chosen language. No libraries.
'use strict';

const TEXT = {
  zh: {
    title: '教师研修登记表检查',
    other: 'English',
    drop: '把登记表文件或整个文件夹拖到这里',
    chooseFiles: '选择文件',
    chooseFolder: '选择文件夹',
    formats: '可检查 .xlsx .xlsm .xlsb .xls .ods .csv .txt；文件只在本机检查，不会上传到网络。',
    chosen: (n, size) => `已选 ${n} 个文件（${size}）`,
    clear: '清空',
    rules: '本校规则文件（可选，.toml）：',
    rulesDefault: (f) => (f ? `未选择时使用 ${f}` : '未选择时使用内置规则'),
    check: '检查',
    uploading: (p) => `正在上传… ${p}%`,
    checking: '正在检查…',
    tooMany: (n) => `文件太多：一次最多检查 ${n} 个文件。请分批检查。`,
    tooLarge: (mb) => `文件太大：一次最多上传 ${mb} MB。请分批检查。`,
    failed: '无法连接 regcheck，请确认它仍在运行，然后重试。',
    overview: (s) => `错误 ${s.errors} · 警告 ${s.warnings} · 提示 ${s.infos}；教师 ${s.teachers} 人：达标 ${s.pass}，未达标 ${s.fail}，进行中 ${s.in_progress}，免考核 ${s.exempt}`,
    downloads: '下载',
    all: '全部（zip）',
    annotatedOf: (f) => `批注副本：${f}`,
    summaryFile: '汇总表',
    reportFile: '供程序读取的报告',
    files: '文件',
    file: '文件',
    sheet: '工作表',
    understood: '识别为',
    records: '记录',
    problems: '问题',
    findings: '发现的问题',
    severity: '严重程度',
    teacher: '教师',
    where: '位置',
    message: '说明',
    any: '全部',
    shown: (n, all) => `显示 ${n} / ${all} 条`,
    none: '没有发现问题。',
    teachers: '教师',
    name: '姓名',
    department: '教研组',
    status: '结果',
    missing: '还差什么',
    unreadable: '无法读取',
    problemCount: (e, w, i) => [e && `错误 ${e}`, w && `警告 ${w}`, i && `提示 ${i}`].filter(Boolean).join(' · ') || '无',
  },
  en: {
    title: 'Teacher-training register check',
    other: '中文',
    drop: 'Drop register files or whole folders here',
    chooseFiles: 'Choose files',
    chooseFolder: 'Choose a folder',
    formats: 'Reads .xlsx .xlsm .xlsb .xls .ods .csv .txt; files are checked on this computer and never leave it.',
    chosen: (n, size) => `${n} files chosen (${size})`,
    clear: 'Clear',
    rules: "The school's rules file (optional, .toml): ",
    rulesDefault: (f) => (f ? `without one, ${f} applies` : 'without one, the built-in rules apply'),
    check: 'Check',
    uploading: (p) => `Uploading… ${p}%`,
    checking: 'Checking…',
    tooMany: (n) => `Too many files: at most ${n} files can be checked at once. Check them in batches.`,
    tooLarge: (mb) => `Too much to upload: at most ${mb} MB at once. Check the files in batches.`,
    failed: 'Could not reach regcheck: make sure it is still running, then try again.',
    overview: (s) => `Errors ${s.errors} · warnings ${s.warnings} · info ${s.infos}; ${s.teachers} teachers: ${s.pass} pass, ${s.fail} fail, ${s.in_progress} in progress, ${s.exempt} exempt`,
    downloads: 'Downloads',
    all: 'Everything (zip)',
    annotatedOf: (f) => `Annotated copy of ${f}`,
    summaryFile: 'Compliance summary',
    reportFile: 'Report for programs',
    files: 'Files',
    file: 'File',
    sheet: 'Sheet',
    understood: 'Understood as',
    records: 'Records',
    problems: 'Problems',
    findings: 'Problems found',
    severity: 'Severity',
    teacher: 'Teacher',
    where: 'Where',
    message: 'What to do',
    any: 'All',
    shown: (n, all) => `showing ${n} of ${all}`,
    none: 'No problems found.',
    teachers: 'Teachers',
    name: 'Name',
    department: 'Department',
    status: 'Result',
    missing: 'Still missing',
    unreadable: 'could not be read',
    problemCount: (e, w, i) => [e && `${e} errors`, w && `${w} warnings`, i && `${i} info`].filter(Boolean).join(' · ') || 'none',
  },
};

// Extensions regcheck reads in a folder; a file given on its own is always sent (a wrong one is reported).
const EXTENSIONS = ['xlsx', 'xlsm', 'xlsb', 'xls', 'ods', 'csv', 'txt', 'tsv'];

const state = {
  lang: localStorage.getItem('regcheck-lang') || (/^zh/i.test(navigator.language || '') ? 'zh' : 'en'),
  config: { max_files: 500, max_bytes: 200 * 1048576, rules: null, labels: null },
  chosen: new Map(), // relative path → File
  result: null, // the answer of /api/check
};

const $ = (id) => document.getElementById(id);
const t = (key, ...args) => {
  const v = TEXT[state.lang][key];
  return typeof v === 'function' ? v(...args) : v;
};
const label = (group, key) => state.config.labels?.[state.lang]?.[group]?.[key] ?? key;
const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v;
    else if (k.startsWith('data-')) node.setAttribute(k, v);
    else node[k] = v;
  }
  for (const c of children) node.append(c instanceof Node ? c : String(c ?? ''));
  return node;
};
const size = (bytes) =>
  bytes < 1024 ? `${bytes} B` : bytes < 1048576 ? `${(bytes / 1024).toFixed(0)} KB` : `${(bytes / 1048576).toFixed(1)} MB`;

// ---------- language ----------

function applyLanguage() {
  document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
  document.title = `regcheck — ${t('title')}`;
  for (const node of document.querySelectorAll('[data-t]')) node.textContent = t(node.dataset.t);
  $('lang').textContent = t('other');
  $('rulesDefault').textContent = t('rulesDefault', state.config.rules);
  showChosen();
  if (state.result) render();
}

$('lang').addEventListener('click', () => {
  state.lang = state.lang === 'zh' ? 'en' : 'zh';
  localStorage.setItem('regcheck-lang', state.lang);
  applyLanguage();
});

// ---------- choosing files ----------

function add(path, file, fromFolder) {
  const name = path.split('/').pop();
  if (fromFolder) {
    const ext = name.includes('.') ? name.split('.').pop().toLowerCase() : '';
    if (name.startsWith('~$') || name.startsWith('.') || !EXTENSIONS.includes(ext)) return;
  }
  state.chosen.set(path, file);
}

function showChosen() {
  const files = [...state.chosen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  $('chosen').hidden = files.length === 0;
  $('check').disabled = files.length === 0;
  $('chosenCount').textContent = t('chosen', files.length, size(files.reduce((s, [, f]) => s + f.size, 0)));
  $('chosenList').replaceChildren(...files.map(([path, f]) => el('li', {}, `${path} (${size(f.size)})`)));
}

$('picker').addEventListener('change', (e) => {
  for (const f of e.target.files) add(f.name, f, false);
  e.target.value = '';
  showChosen();
});

$('folderPicker').addEventListener('change', (e) => {
  for (const f of e.target.files) add(f.webkitRelativePath || f.name, f, true);
  e.target.value = '';
  showChosen();
});

$('clear').addEventListener('click', () => {
  state.chosen.clear();
  showChosen();
});

// Dropped items: files, and folders walked with the File and Directory Entries API.
function readEntries(reader) {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

async function walk(entry, fromFolder) {
  const path = entry.fullPath.replace(/^\/+/, '');
  if (entry.isFile) {
    const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
    add(path, file, fromFolder);
  } else if (entry.isDirectory) {
    const reader = entry.createReader();
    for (let batch = await readEntries(reader); batch.length; batch = await readEntries(reader)) {
      for (const child of batch) await walk(child, true);
    }
  }
}

const drop = $('drop');
for (const type of ['dragenter', 'dragover']) {
  drop.addEventListener(type, (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
}
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', async (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  // Entries must be taken while the event runs; reading them may wait.
  const items = [...(e.dataTransfer.items || [])];
  const entries = items.map((i) => (i.webkitGetAsEntry ? i.webkitGetAsEntry() : null));
  if (entries.length && entries.every(Boolean)) {
    for (const entry of entries) await walk(entry, false);
  } else {
    for (const f of e.dataTransfer.files) add(f.name, f, false);
  }
  showChosen();
});

// ---------- checking ----------

function showError(message) {
  $('error').hidden = !message;
  $('error').textContent = message || '';
}

function upload(form) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/check');
    xhr.responseType = 'json';
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) {
        $('bar').max = e.total;
        $('bar').value = e.loaded;
        $('progressText').textContent = t('uploading', Math.floor((100 * e.loaded) / e.total));
      }
    };
    xhr.upload.onload = () => {
      $('bar').removeAttribute('value');
      $('progressText').textContent = t('checking');
    };
    xhr.onload = () => resolve({ status: xhr.status, body: xhr.response });
    xhr.onerror = () => reject(new Error('network'));
    xhr.send(form);
  });
}

$('check').addEventListener('click', async () => {
  const files = [...state.chosen.entries()];
  const total = files.reduce((s, [, f]) => s + f.size, 0);
  if (files.length > state.config.max_files) return showError(t('tooMany', state.config.max_files));
  if (total > state.config.max_bytes) return showError(t('tooLarge', Math.ceil(state.config.max_bytes / 1048576)));
  showError('');
  const form = new FormData();
  for (const [path, file] of files) {
    form.append('path', path);
    form.append('file', file, file.name);
  }
  const rules = $('rules').files[0];
  if (rules) form.append('rules', rules, rules.name);
  $('check').disabled = true;
  $('progress').hidden = false;
  $('bar').removeAttribute('value');
  $('progressText').textContent = t('uploading', 0);
  document.body.classList.add('busy');
  try {
    const { status, body } = await upload(form);
    if (status !== 200 || !body || !body.report) {
      const tooLarge = status === 413 && t('tooLarge', Math.ceil(state.config.max_bytes / 1048576));
      showError(body?.error?.[state.lang] || tooLarge || `HTTP ${status}`);
    } else {
      state.result = body;
      render();
    }
  } catch {
    showError(t('failed'));
  } finally {
    $('progress').hidden = true;
    $('check').disabled = state.chosen.size === 0;
    document.body.classList.remove('busy');
  }
});

// ---------- results ----------

// A finding's message in the page's language: report.json has it in the report's language and
// in the other one.
const message = (f, report) => (report.lang === state.lang ? f.message : f.message_alt);

function render() {
  const { report, downloads, id } = state.result;
  $('results').hidden = false;
  $('overview').textContent = t('overview', report.summary);

  const link = (d) => {
    const text = {
      zip: t('all'),
      annotated: t('annotatedOf', d.file),
      summary: t('summaryFile'),
      report: t('reportFile'),
    }[d.kind];
    const a = el('a', { href: `/api/results/${id}/${encodeURIComponent(d.name)}`, download: d.name }, d.name);
    a.dataset.kind = d.kind;
    return el('li', {}, a, ` — ${text} (${size(d.size)})`);
  };
  const ordered = [...downloads.filter((d) => d.kind === 'zip'), ...downloads.filter((d) => d.kind !== 'zip')];
  $('downloads').replaceChildren(...ordered.map(link));

  renderFiles(report);
  renderFilters(report);
  renderFindings();
  renderTeachers(report);
}

function counts(findings) {
  const n = (s) => findings.filter((f) => f.severity === s).length;
  return t('problemCount', n('error'), n('warning'), n('info'));
}

function renderFiles(report) {
  const rows = [];
  for (const input of report.inputs) {
    const ofFile = report.findings.filter((f) => f.file === input.file);
    if (input.status !== 'ok' || input.sheets.length === 0) {
      const why = ofFile.find((f) => !f.sheet);
      const row = el('tr', { class: 'bad' }, el('td', {}, input.file), el('td', {}, '—'),
        el('td', {}, why ? message(why, report) : t('unreadable')), el('td', {}, '0'), el('td', {}, counts(ofFile)));
      row.dataset.file = input.file;
      row.dataset.status = input.status;
      rows.push(row);
      continue;
    }
    for (const sheet of input.sheets) {
      const ofSheet = ofFile.filter((f) => f.sheet === sheet.name);
      const row = el('tr', {}, el('td', {}, input.file), el('td', {}, sheet.name),
        el('td', {}, label('kind', sheet.kind)), el('td', { class: 'num' }, sheet.records), el('td', {}, counts(ofSheet)));
      row.dataset.file = input.file;
      row.dataset.kind = sheet.kind;
      rows.push(row);
    }
  }
  $('files').tBodies[0].replaceChildren(...rows);
}

function options(select, values, show) {
  const kept = select.value;
  select.replaceChildren(el('option', { value: '' }, t('any')), ...values.map((v) => el('option', { value: v }, show(v))));
  select.value = values.includes(kept) ? kept : '';
}

function renderFilters(report) {
  const uniq = (xs) => [...new Set(xs.filter(Boolean))].sort();
  options($('fSeverity'), ['error', 'warning', 'info'], (s) => label('severity', s));
  options($('fTeacher'), uniq(report.findings.map((f) => f.teacher)), (x) => x);
  options($('fFile'), uniq(report.findings.map((f) => f.file)), (x) => x);
}

function renderFindings() {
  const { report } = state.result;
  const severity = $('fSeverity').value;
  const teacher = $('fTeacher').value;
  const file = $('fFile').value;
  const shown = report.findings.filter(
    (f) => (!severity || f.severity === severity) && (!teacher || f.teacher === teacher) && (!file || f.file === file),
  );
  const rows = shown.map((f) => {
    const where = f.file ? [f.file, f.sheet, f.cell].filter(Boolean).join(' / ') : [f.rule, f.period].filter(Boolean).join(' ');
    const row = el('tr', { class: f.severity }, el('td', {}, label('severity', f.severity)), el('td', {}, where),
      el('td', {}, f.teacher || ''), el('td', {}, message(f, report)));
    Object.assign(row.dataset, { code: f.code, severity: f.severity, cell: f.cell || '', sheet: f.sheet || '', teacher: f.teacher || '' });
    return row;
  });
  if (rows.length === 0) rows.push(el('tr', {}, el('td', { colSpan: 4 }, t('none'))));
  $('findings').tBodies[0].replaceChildren(...rows);
  $('shown').textContent = t('shown', shown.length, report.findings.length);
}

for (const id of ['fSeverity', 'fTeacher', 'fFile']) $(id).addEventListener('change', renderFindings);

function renderTeachers(report) {
  const rows = report.teachers.map((teacher) => {
    const missing = report.findings.filter((f) => f.rule && f.teacher === teacher.name).map((f) => message(f, report));
    const row = el('tr', { class: teacher.status }, el('td', {}, teacher.name), el('td', {}, teacher.department || ''),
      el('td', {}, label('status', teacher.status)), el('td', {}, el('ul', {}, ...missing.map((m) => el('li', {}, m)))));
    row.dataset.name = teacher.name;
    row.dataset.status = teacher.status;
    return row;
  });
  $('teachers').tBodies[0].replaceChildren(...rows);
}

// ---------- start ----------

fetch('/api/config')
  .then((r) => r.json())
  .then((config) => {
    state.config = config;
    $('generator').textContent = config.generator;
  })
  .catch(() => {})
  .finally(applyLanguage);
applyLanguage();
