// 公文导出 — the page: start a report, see its structure, fill in the 公文 elements, preview, download, save.
"use strict";

const TOKEN = document.querySelector("meta[name=gongwen-token]").content;
const [UPLOAD_LIMIT, SEAL_LIMIT] = document.querySelector("meta[name=gongwen-limits]").content.split(" ").map(Number);
const LEVEL_NAMES = ["一级标题", "二级标题", "三级标题", "四级标题"];
const $ = (id) => document.getElementById(id);

let state = null;            // the draft as the server last described it
let chain = Promise.resolve(); // changes are sent one after another, each on the revision before it
let busy = 0;
let editStarted = 0;
const pendingMeta = new Map();
let metaTimer = null;
let openFigure = null;       // the figure piece in the editor

// ------------------------------------------------------------------ talking to the server
async function api(path, { method = "GET", json, body, headers = {} } = {}) {
  const init = { method, headers: { "X-Gongwen-Token": TOKEN, ...headers }, credentials: "same-origin" };
  if (json !== undefined) {
    init.body = JSON.stringify(json);
    init.headers["Content-Type"] = "application/json";
  } else if (body !== undefined) {
    init.body = body;
  }
  setBusy(+1);
  try {
    let response;
    try {
      response = await fetch(path, init);
    } catch (error) {
      return { ok: false, status: 0, data: { message: "无法连接到本机服务，请确认 exporter serve 仍在运行。" } };
    }
    let data = {};
    try {
      data = await response.json();
    } catch (error) {
      data = { message: `服务返回了无法识别的内容（${response.status}）` };
    }
    return { ok: response.ok, status: response.status, data };
  } finally {
    setBusy(-1);
  }
}

function setBusy(step) {
  busy += step;
  document.body.dataset.busy = String(busy);
}

function toast(message, bad = false) {
  const box = $("toast");
  box.textContent = message;
  box.className = "toast show" + (bad ? " bad" : "");
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { box.className = "toast"; }, bad ? 7000 : 3500);
}

function showMessage(id, data) {
  const box = $(id);
  box.replaceChildren();
  if (!data) return;
  box.append(data.message || "出现了问题");
  if (data.hint) {
    const hint = document.createElement("div");
    hint.className = "hint";
    hint.textContent = "建议：" + data.hint;
    box.append(hint);
  }
}

// ------------------------------------------------------------------ start
async function loadSources() {
  const r = await api("/api/sources");
  const list = $("source-list");
  list.replaceChildren();
  if (!r.ok) { showMessage("open-message", r.data); return; }
  if (!r.data.sources.length) {
    const li = document.createElement("li");
    li.className = "muted";
    li.textContent = "content/ 中还没有源文件。";
    list.append(li);
  }
  for (const name of r.data.sources) {
    const li = document.createElement("li");
    const label = document.createElement("span");
    label.textContent = name;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "small";
    button.textContent = "打开";
    button.addEventListener("click", () => openSource(name, button));
    li.append(label, button);
    list.append(li);
  }
}

async function withButton(button, text, work) {
  const old = button.textContent;
  button.disabled = true;
  button.textContent = text;
  try { return await work(); } finally { button.disabled = false; button.textContent = old; }
}

async function pasteReport() {
  showMessage("paste-message", null);
  const text = $("paste-text").value;
  if (!text.trim()) { showMessage("paste-message", { message: "请先把报告全文粘贴到上面的文本框中。" }); return; }
  if (new Blob([text]).size > UPLOAD_LIMIT) {
    showMessage("paste-message", { message: `粘贴的文字超过 ${UPLOAD_LIMIT / 1048576} MB。`, hint: "报告正文一般不到 1 MB，请检查是否粘贴了多余的内容。" });
    return;
  }
  const r = await withButton($("paste-go"), "正在整理……", () =>
    api("/api/drafts/paste", { method: "POST", json: { text, title: $("paste-title").value } }));
  if (!r.ok) { showMessage("paste-message", r.data); return; }
  enterWork(r.data);
}

async function uploadReport() {
  showMessage("upload-message", null);
  const file = $("upload-file").files[0];
  if (!file) { showMessage("upload-message", { message: "请先选择一个报告文件。" }); return; }
  if (file.size > UPLOAD_LIMIT) {
    showMessage("upload-message", { message: `文件太大（${(file.size / 1048576).toFixed(1)} MB），上限是 ${UPLOAD_LIMIT / 1048576} MB。`,
      hint: "报告正文一般不到 1 MB：检查是否选错了文件；Word 文件可删去其中的图片后再上传。" });
    return;
  }
  const r = await withButton($("upload-go"), "正在上传……", () => api("/api/drafts/upload", {
    method: "POST", body: file,
    headers: { "X-File-Name": encodeURIComponent(file.name), "X-Report-Title": encodeURIComponent($("upload-title").value) },
  }));
  if (!r.ok) { showMessage("upload-message", r.data); return; }
  enterWork(r.data);
}

async function openSource(name, button) {
  showMessage("open-message", null);
  const r = await withButton(button, "正在打开……", () => api("/api/drafts/open", { method: "POST", json: { name } }));
  if (!r.ok) { showMessage("open-message", r.data); return; }
  enterWork(r.data);
}

function enterWork(data) {
  $("start").hidden = true;
  $("work").hidden = false;
  $("bar-actions").hidden = false;
  state = data;
  importNotices = data.notices || [];
  fillForm(data.view.meta || {});
  render(data);
  toast(importNotices.length ? `导入完成，有 ${importNotices.length} 处写法作了改动，请核对。` : "已打开，请核对。");
}

function backToStart() {
  closeEditors();
  $("work").hidden = true;
  $("bar-actions").hidden = true;
  $("start").hidden = false;
  $("doc-name").textContent = "";
  state = null;
  loadSources();
}

// ------------------------------------------------------------------ changes
function submit(change, { refill = false } = {}) {
  chain = chain.then(async () => {
    if (!state) return;
    editStarted = performance.now();
    setStatus("busy", "正在更新预览……");
    const r = await api(`/api/drafts/${state.id}/edit`, { method: "POST", json: { ...change, revision: state.revision } });
    if (r.ok) {
      state = r.data;
      if (refill) fillForm(state.view.meta || {});
      render(state);
      return;
    }
    if (r.status === 409) await reload(true);
    toast(r.data.message || "修改没有成功", true);
    render(state);
  });
  return chain;
}

async function reload(refill) {
  const r = await api(`/api/drafts/${state.id}`);
  if (r.ok) {
    state = r.data;
    if (refill) fillForm(state.view.meta || {});
  }
}

async function undo() {
  await flushMeta();
  await chain;
  editStarted = performance.now();
  const r = await api(`/api/drafts/${state.id}/undo`, { method: "POST", json: {} });
  if (!r.ok) { toast(r.data.message, true); return; }
  state = r.data;
  fillForm(state.view.meta || {});
  render(state);
  toast("已撤销上一次修改");
}

// ------------------------------------------------------------------ drawing the draft
function render(data) {
  $("doc-name").textContent = data.savedAs ? `${data.stem}（已保存为 content/${data.savedAs}）` : `${data.stem}（尚未保存）`;
  $("undo-btn").disabled = !data.canUndo;
  document.body.dataset.revision = String(data.revision);
  document.body.dataset.serverMs = String(Math.round((data.seconds || 0) * 1000));
  const blocks = data.view.blocks || [];
  const placed = placeFindings(data.findings || [], blocks, data.view.metaLines || {});
  renderSummary(data, blocks);
  renderGeneral(placed.general);
  renderOutline(blocks, placed.byBlock);
  renderFieldFindings(placed.byField);
  renderPages(data);
}

function placeFindings(findings, blocks, metaLines) {
  const byBlock = new Map();
  const byField = new Map();
  const general = [];
  const formKeys = { title: "title", title_breaks: "title", issuer: "issuer", issuer_mark: "issuer", doc_number: "doc_number",
    signers: "signers", recipients: "recipients", date: "date", note: "note", cc: "cc", printer: "printer",
    print_date: "print_date", seal: "seal" };
  for (const finding of findings) {
    let key = null;
    for (const [name, [first, last]] of Object.entries(metaLines)) {
      if (finding.line >= first && finding.line <= last) { key = name; break; }
    }
    if (key && formKeys[key]) {
      const field = formKeys[key];
      if (!byField.has(field)) byField.set(field, []);
      byField.get(field).push(finding);
      continue;
    }
    let best = -1;
    let width = Infinity;
    blocks.forEach((block, index) => {
      if (finding.line >= block.line && finding.line <= block.lastLine && block.lastLine - block.line < width) {
        best = index;
        width = block.lastLine - block.line;
      }
    });
    if (best >= 0) {
      if (!byBlock.has(best)) byBlock.set(best, []);
      byBlock.get(best).push(finding);
    } else {
      general.push(finding);
    }
  }
  return { byBlock, byField, general };
}

function renderSummary(data, blocks) {
  const headings = blocks.filter((b) => b.type === "heading" || (b.type === "paragraph" && b.runIn)).length;
  let figures = 0;
  let literals = 0;
  const count = (part) => {
    if (!part) return;
    for (const piece of part.pieces) {
      if (piece.t === "figure") figures += 1;
      if (piece.t === "literal") literals += 1;
    }
  };
  for (const block of blocks) {
    count(block.part);
    if (block.runIn) count(block.runIn.part);
    if (block.caption) count(block.caption);
    for (const row of block.rows || []) for (const cell of row) count(cell.part);
  }
  const errors = (data.findings || []).filter((f) => f.level === "error").length;
  const warnings = (data.findings || []).length - errors;
  const box = $("summary");
  box.replaceChildren();
  box.append(`${headings} 个标题 · ${figures} 个统计数字 · ${literals} 个年份和编号 · `);
  const e = document.createElement("span");
  e.className = errors ? "errors" : "";
  e.textContent = errors ? `${errors} 处错误` : "没有错误";
  box.append(e);
  if (warnings) {
    const w = document.createElement("span");
    w.className = "warnings";
    w.textContent = ` · ${warnings} 条提示`;
    box.append(w);
  }
}

let importNotices = [];

function renderGeneral(findings) {
  const box = $("general-findings");
  const open = box.querySelector("details.notices")?.open;
  box.replaceChildren(...findings.map(findingEl));
  if (importNotices.length) {
    const notices = noticesEl(importNotices);
    notices.open = Boolean(open);
    box.prepend(notices);
  }
}

function renderOutline(blocks, byBlock) {
  const outline = $("outline");
  const scroll = outline.parentElement.scrollTop;
  outline.replaceChildren();
  blocks.forEach((block, index) => {
    outline.append(blockEl(block, index));
    for (const finding of byBlock.get(index) || []) outline.append(findingEl(finding));
  });
  outline.parentElement.scrollTop = scroll;
}

function blockEl(block, index) {
  const el = document.createElement("div");
  el.className = "blk";
  el.dataset.index = String(index);
  el.dataset.type = block.type;
  el.dataset.line = String(block.line);
  const kind = document.createElement("span");
  kind.className = "kind";
  el.append(kind);
  if (block.type === "heading") {
    el.classList.add(`h${Math.min(block.level, 4)}`);
    el.dataset.level = String(block.level);
    kind.textContent = LEVEL_NAMES[block.level - 1] || "标题";
    el.append(labelEl(block.label), partEl(block.part));
  } else if (block.type === "paragraph" && block.runIn) {
    el.classList.add("p", "runin-block");
    el.dataset.level = String(block.runIn.level);
    kind.textContent = (LEVEL_NAMES[block.runIn.level - 1] || "标题") + "·接排";
    const heading = partEl(block.runIn.part);
    heading.classList.add("runin", `lv${block.runIn.level}`);
    el.append(labelEl(block.runIn.label), heading, partEl(block.part));
  } else if (block.type === "paragraph") {
    el.classList.add("p");
    kind.textContent = "段落";
    el.append(partEl(block.part));
  } else if (block.type === "table") {
    kind.textContent = "表格";
    el.append(tableEl(block));
  } else if (block.type === "attachment") {
    el.classList.add("attach");
    kind.textContent = "附件";
    el.append(`${block.label}　`);
    if (block.title) el.append(partEl(block.title));
    if (block.list) el.append("（由全部指标生成的一览表）");
  } else {
    el.classList.add("unknown");
    kind.textContent = "无法识别";
    el.append(`第 ${block.line} 行的内容无法识别，请在源文件中修改。`);
  }
  return el;
}

function labelEl(label) {
  const span = document.createElement("span");
  span.className = "label";
  span.textContent = label || "";
  return span;
}

function tableEl(block) {
  const wrap = document.createElement("div");
  if (block.caption) {
    const caption = partEl(block.caption);
    caption.classList.add("caption");
    caption.style.display = "block";
    wrap.append(caption);
  }
  const table = document.createElement("table");
  table.className = "tbl";
  block.rows.forEach((row, r) => {
    const tr = document.createElement("tr");
    for (const cell of row) {
      const td = document.createElement(r < block.header ? "th" : "td");
      if (cell.colspan) td.colSpan = cell.colspan;
      if (cell.rowspan) td.rowSpan = cell.rowspan;
      if (cell.part) td.append(partEl(cell.part));
      tr.append(td);
    }
    table.append(tr);
  });
  wrap.append(table);
  return wrap;
}

function partEl(part) {
  const span = document.createElement("span");
  span.className = "part";
  span.dataset.node = String(part.node);
  for (const piece of part.pieces) {
    if (piece.t === "text") {
      span.append(piece.s);
      continue;
    }
    const mark = document.createElement("span");
    mark.textContent = piece.s;
    mark.dataset.brace = String(piece.b);
    if (piece.t === "figure") {
      mark.className = "fig" + (piece.named ? " named" : "");
      mark.tabIndex = 0;
      mark.addEventListener("mouseenter", () => showCard(mark, piece));
      mark.addEventListener("mouseleave", hideCard);
      mark.addEventListener("click", (event) => { event.stopPropagation(); openEditor(mark, piece, part); });
      mark.addEventListener("keydown", (event) => { if (event.key === "Enter") openEditor(mark, piece, part); });
    } else if (piece.t === "literal") {
      mark.className = "lit";
      mark.title = "年份、编号等，原样印出，不计入指标";
    } else {
      mark.className = "bad";
      mark.title = piece.message;
    }
    span.append(mark);
  }
  span.addEventListener("dblclick", (event) => { event.stopPropagation(); editPart(span, part); });
  return span;
}

function findingEl(finding) {
  const box = document.createElement("div");
  box.className = `finding ${finding.level}`;
  box.dataset.code = finding.code;
  const what = document.createElement("div");
  what.className = "what";
  const level = document.createElement("span");
  level.className = "level";
  level.textContent = finding.level === "error" ? "错误" : "提示";
  what.append(level, `　${finding.message}`);
  if (finding.line) what.title = `源文件第 ${finding.line} 行`;
  if (finding.hint) {
    const hint = document.createElement("div");
    hint.className = "hint";
    hint.textContent = "建议：" + finding.hint;
    what.append(hint);
  }
  box.append(what);
  if (finding.fix) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "fix-btn small";
    button.textContent = fixLabel(finding);
    button.addEventListener("click", () => {
      button.disabled = true;
      submit({ op: "fix", fix: finding.fix });
    });
    box.append(button);
  }
  return box;
}

function fixLabel(finding) {
  const { old, new: replacement } = finding.fix;
  if (finding.code === "C061") return `一键修正：把“${old}”标为统计数字`;
  return `一键修正：“${old}”改为“${replacement}”`;
}

function noticesEl(notices) {
  const box = document.createElement("details");
  box.className = "notices";
  const summary = document.createElement("summary");
  summary.textContent = `导入时改动了 ${notices.length} 处写法，请核对`;
  const list = document.createElement("ul");
  for (const notice of notices) {
    const item = document.createElement("li");
    item.textContent = notice;
    list.append(item);
  }
  box.append(summary, list);
  return box;
}

// ------------------------------------------------------------------ editing text in place
function editPart(span, part) {
  closeEditors();
  const block = span.closest(".blk");
  block.classList.add("editing");
  const area = document.createElement("textarea");
  area.className = "edit-area";
  area.value = part.text;
  area.rows = Math.max(2, Math.ceil(part.text.length / 40));
  const actions = document.createElement("div");
  actions.className = "edit-actions";
  const save = document.createElement("button");
  save.type = "button";
  save.className = "primary small";
  save.textContent = "保存";
  const cancel = document.createElement("button");
  cancel.type = "button";
  cancel.className = "quiet small";
  cancel.textContent = "取消";
  const help = document.createElement("span");
  help.className = "muted";
  help.textContent = "统计数字写在花括号里，如 {66项}；年份、编号写成 {2022}。";
  actions.append(save, cancel, help);
  const editor = document.createElement("div");
  editor.className = "part-editor";
  editor.append(area, actions);
  span.replaceWith(editor);
  area.focus();
  cancel.addEventListener("click", () => render(state));
  save.addEventListener("click", () => {
    const value = area.value.replace(/\s*\n\s*/g, "").trim();
    if (!value) { toast("文字不能为空", true); return; }
    submit({ op: "text", node: part.node, value });
  });
}

// ------------------------------------------------------------------ figures
function kindText(piece) {
  return piece.kindName || "—";
}

function placeNear(box, target) {
  const rect = target.getBoundingClientRect();
  box.hidden = false;
  const width = box.offsetWidth;
  const height = box.offsetHeight;
  let left = Math.min(rect.left, window.innerWidth - width - 12);
  let top = rect.bottom + 8;
  if (top + height > window.innerHeight - 8) top = rect.top - height - 8;
  box.style.left = `${Math.max(8, left)}px`;
  box.style.top = `${Math.max(8, top)}px`;
}

function showCard(mark, piece) {
  if (!$("figure-editor").hidden) return;
  $("fc-written").textContent = piece.s;
  $("fc-name").textContent = piece.name || "（未命名）";
  $("fc-unit").textContent = piece.unit || "（无）";
  $("fc-kind").textContent = kindText(piece);
  placeNear($("figure-card"), mark);
}

function hideCard() {
  $("figure-card").hidden = true;
}

function openEditor(mark, piece, part) {
  hideCard();
  closeEditors();
  openFigure = { piece, part, mark };
  mark.classList.add("active");
  $("fe-written").textContent = piece.s;
  $("fe-name").value = piece.name || "";
  $("fe-unit").textContent = piece.unit || "（无）";
  $("fe-kind").textContent = kindText(piece);
  $("fe-kind").hidden = piece.declared;
  $("fe-kind-select").hidden = !piece.declared;
  $("fe-kind-select").value = piece.kind || "count";
  $("fe-literal").hidden = piece.declared;
  $("fe-check").textContent = "";
  $("fe-check").className = "check";
  placeNear($("figure-editor"), mark);
  $("fe-name").focus();
  $("fe-name").select();
}

function checkFigureName() {
  const name = $("fe-name").value.trim();
  const box = $("fe-check");
  let message = "";
  if (/[{}|｜#＃]/.test(name)) message = "名称中不能有花括号、“|”或“#”。";
  else if (name.length > 60) message = "名称太长（最多 60 个字）。";
  else if (!name) message = "名称不能为空。";
  box.textContent = message;
  box.className = "check" + (message ? " bad" : "");
  return message ? null : name;
}

function saveFigure() {
  if (!openFigure) return;
  const { piece, part } = openFigure;
  const name = checkFigureName();
  if (name === null) return;
  closeEditors();
  if (piece.declared) {
    if (name !== piece.name) submit({ op: "declared", id: piece.id, key: "name", value: name });
    const kind = $("fe-kind-select").value;
    if (kind !== piece.kind) submit({ op: "declared", id: piece.id, key: "kind", value: kind });
    return;
  }
  if (name !== piece.name) submit({ op: "figure", node: part.node, brace: piece.b, name });
}

function figureToLiteral() {
  if (!openFigure) return;
  const { piece, part } = openFigure;
  closeEditors();
  submit({ op: "literal", node: part.node, brace: piece.b });
}

function closeEditors() {
  $("figure-editor").hidden = true;
  if (openFigure) openFigure.mark.classList.remove("active");
  openFigure = null;
}

// ------------------------------------------------------------------ the 公文 elements
const FIELDS = {
  title: { ids: ["f-title"], check: checkTitle },
  issuer: { ids: ["f-issuer"], check: (v) => checkName(v[0], "发文机关", 40) },
  doc_number: { ids: ["f-agency", "f-year", "f-serial"], check: checkDocNumber },
  signers: { ids: ["f-signers"], check: (v) => checkList(v[0], "签发人", true) },
  recipients: { ids: ["f-recipients"], check: (v) => checkList(v[0], "主送机关", false) },
  date: { ids: ["f-date"], check: (v) => checkDate(v, "成文日期") },
  note: { ids: ["f-note"], check: checkNote },
  cc: { ids: ["f-cc"], check: (v) => checkList(v[0], "抄送机关", false) },
  printer: { ids: ["f-printer"], check: (v) => checkName(v[0], "印发机关", 40) },
  print_date: { ids: ["f-print-date"], check: checkPrintDate },
};

function splitList(text) {
  return text.split(/[、，,;；\n]+/).map((s) => s.trim().replace(/[：:]$/, "")).filter(Boolean);
}

function checkTitle([text]) {
  const lines = text.split("\n").map((s) => s.trim());
  while (lines.length && !lines[lines.length - 1]) lines.pop();
  if (!lines.join("")) return { level: "bad", message: "标题不能为空。" };
  if (lines.some((line) => !line)) return { level: "bad", message: "标题中间有空行，请删去。" };
  if (/[\r\t]/.test(text)) return { level: "bad", message: "标题中不能有制表符。" };
  const joined = lines.join("");
  if (joined.length > 100) return { level: "bad", message: "标题太长（最多 100 个字）。" };
  const how = lines.length > 1 ? `分 ${lines.length} 行印出` : "由程序自动分行";
  return { level: "ok", message: `共 ${joined.length} 字，${how}。`,
    value: { title: joined, title_breaks: lines.length > 1 ? lines : [] } };
}

function checkName(text, what, limit) {
  const value = text.trim();
  if (value.length > limit) return { level: "bad", message: `${what}太长（最多 ${limit} 个字）。` };
  if (/\d/.test(value)) return { level: "warn", message: `${what}中一般没有数字，请核对。`, value };
  return { level: "ok", message: value ? "" : "", value };
}

function checkDocNumber([agency, year, serial]) {
  agency = agency.trim(); year = year.trim(); serial = serial.trim();
  if (!agency && !year && !serial) return { level: "ok", message: "", value: null };
  if (!agency || !year || !serial) return { level: "bad", message: "机关代字、年份、序号都要填写。" };
  if (/[0-9〔〕\[\]［］()（）]/.test(agency)) return { level: "bad", message: "机关代字只写代字本身，如“宛政”。" };
  if (!/^\d{4}$/.test(year) || +year < 1949 || +year > 2100) return { level: "bad", message: "年份写 4 位数字，如 2023。" };
  if (!/^\d+$/.test(serial)) return { level: "bad", message: "序号写阿拉伯数字，如 12。" };
  if (serial.startsWith("0")) return { level: "bad", message: "序号不编虚位：写 1，不写 01（§7.2.4）。" };
  return { level: "ok", message: `印为：${agency}〔${year}〕${serial}号`, value: { agency, year, serial } };
}

function checkList(text, what, people) {
  const items = splitList(text);
  if (items.some((item) => item.length > 60)) return { level: "bad", message: `${what}中有一项太长。` };
  if (people && items.some((item) => /\d/.test(item) || item.length > 8)) {
    return { level: "warn", message: "签发人写姓名，多人用顿号隔开。", value: items };
  }
  const message = items.length > 1 ? `共 ${items.length} 个：${items.join("、")}` : "";
  return { level: "ok", message, value: items };
}

function parseDate(text) {
  const m = text.trim().match(/^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/);
  if (!m) return null;
  const [y, mo, d] = [+m[1], +m[2], +m[3]];
  const date = new Date(y, mo - 1, d);
  if (date.getFullYear() !== y || date.getMonth() !== mo - 1 || date.getDate() !== d) return null;
  return { iso: `${y}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`, printed: `${y}年${mo}月${d}日` };
}

function checkDate([text], what) {
  if (!text.trim()) return { level: "ok", message: "", value: "" };
  const date = parseDate(text);
  if (!date) return { level: "bad", message: `${what}写成 2023-02-22 或 2023年2月22日。` };
  if (+date.iso.slice(0, 4) < 1949 || +date.iso.slice(0, 4) > 2100) return { level: "bad", message: `${what}的年份不对。` };
  return { level: "ok", message: `印为：${date.printed}`, value: date.iso };
}

function checkPrintDate(values) {
  const result = checkDate(values, "印发日期");
  const written = parseDate($("f-date").value);
  if (result.value && written && result.value < written.iso) return { level: "bad", message: "印发日期不能早于成文日期。" };
  return result;
}

function checkNote([text]) {
  let value = text.trim();
  if (/^[（(].*[）)]$/.test(value)) value = value.slice(1, -1);
  if (value.length > 200) return { level: "bad", message: "附注太长。" };
  return { level: "ok", message: value ? `印为：（${value}）` : "", value };
}

function fieldValues(key) {
  return FIELDS[key].ids.map((id) => $(id).value);
}

function showCheck(key, result) {
  const field = document.querySelector(`.field[data-key="${key}"]`);
  const box = field.querySelector(".check");
  box.textContent = result.message || "";
  box.className = `check ${result.level}`;
  field.classList.toggle("bad", result.level === "bad");
}

function onFieldInput(key) {
  const result = FIELDS[key].check(fieldValues(key));
  showCheck(key, result);
  if (key === "date") showCheck("print_date", checkPrintDate(fieldValues("print_date")));
  if (result.level === "bad") return; // nothing wrong is written to the source
  if (key === "title") {
    pendingMeta.set("title", result.value.title);
    pendingMeta.set("title_breaks", result.value.title_breaks);
  } else {
    pendingMeta.set(key, result.value);
  }
  clearTimeout(metaTimer);
  metaTimer = setTimeout(flushMeta, 250); // a pause in typing
}

function flushMeta() {
  clearTimeout(metaTimer);
  if (!pendingMeta.size) return chain;
  const values = Object.fromEntries(pendingMeta);
  pendingMeta.clear();
  return submit({ op: "meta", values });
}

function fillForm(meta) {
  const lines = meta.title_breaks && meta.title_breaks.length ? meta.title_breaks : [meta.title || ""];
  $("f-title").value = lines.join("\n");
  $("f-issuer").value = meta.issuer || "";
  const number = meta.doc_number || {};
  $("f-agency").value = number.agency || "";
  $("f-year").value = number.year || "";
  $("f-serial").value = number.serial || "";
  $("f-signers").value = (meta.signers || []).join("、");
  $("f-recipients").value = (meta.recipients || []).join("、");
  $("f-date").value = meta.date || "";
  $("f-note").value = meta.note || "";
  $("f-cc").value = (meta.cc || []).join("、");
  $("f-printer").value = meta.printer || "";
  $("f-print-date").value = meta.print_date || "";
  showSeal(meta);
  for (const key of Object.keys(FIELDS)) {
    const values = fieldValues(key);
    const result = values.some((v) => v.trim()) ? FIELDS[key].check(values) : { level: "", message: "" };
    showCheck(key, result);
  }
}

function renderFieldFindings(byField) {
  for (const field of document.querySelectorAll("#meta-form .field")) {
    field.querySelectorAll(".finding").forEach((el) => el.remove());
    for (const finding of byField.get(field.dataset.key) || []) field.append(findingEl(finding));
  }
  showSeal(state.view.meta || {});
}

function showSeal(meta) {
  $("seal-name").textContent = meta.seal ? "已加盖印章" : "未加盖印章";
  $("seal-name").title = meta.seal || "";
  $("seal-remove").hidden = !meta.seal;
}

function showChosen(input, label) {
  const file = input.files[0];
  $(label).textContent = file ? file.name : "未选择文件";
}

async function uploadSeal() {
  const file = $("f-seal").files[0];
  if (!file) return;
  $("f-seal").value = "";
  if (!/^image\/(png|jpeg)$/.test(file.type)) { showCheck("seal", { level: "bad", message: "印章图片应当是 PNG 或 JPEG 格式。" }); return; }
  if (file.size > SEAL_LIMIT) { showCheck("seal", { level: "bad", message: "印章图片太大（上限 2 MB）。" }); return; }
  if (!parseDate($("f-date").value)) { showCheck("seal", { level: "bad", message: "加盖印章的公文要有成文日期，请先填写成文日期。" }); return; }
  await flushMeta();
  await chain;
  chain = chain.then(async () => {
    editStarted = performance.now();
    setStatus("busy", "正在更新预览……");
    const r = await api(`/api/drafts/${state.id}/seal`, { method: "POST", body: file, headers: { "Content-Type": file.type } });
    if (!r.ok) { showCheck("seal", { level: "bad", message: r.data.message }); render(state); return; }
    state = r.data;
    showCheck("seal", { level: "ok", message: "已加盖印章。" });
    render(state);
  });
}

// ------------------------------------------------------------------ preview
function setStatus(kind, text) {
  const box = $("preview-status");
  box.className = `status ${kind}`;
  box.textContent = text;
}

function renderPages(data) {
  const box = $("pages");
  const spare = new Map();
  for (const el of box.querySelectorAll(".page")) {
    if (!spare.has(el.dataset.digest)) spare.set(el.dataset.digest, []);
    spare.get(el.dataset.digest).push(el);
  }
  const [width, height] = data.pageSize && data.pageSize[0] ? data.pageSize : [595, 842];
  const items = [];
  const loads = [];
  data.pages.forEach((digest, index) => {
    let page = (spare.get(digest) || []).shift();
    if (!page) {
      page = document.createElement("figure");
      page.className = "page";
      page.style.margin = "0";
      page.dataset.digest = digest;
      const img = document.createElement("img");
      img.width = Math.round(width * 1.5);
      img.height = Math.round(height * 1.5);
      img.src = `/api/drafts/${data.id}/pages/${digest}.jpg`;
      loads.push(new Promise((resolve) => { img.onload = resolve; img.onerror = resolve; }));
      page.append(img);
    }
    page.querySelector("img").alt = `第 ${index + 1} 页`;
    const number = document.createElement("div");
    number.className = "page-no";
    number.textContent = `第 ${index + 1} 页`;
    items.push(page, number);
  });
  box.replaceChildren(...items);
  box.classList.toggle("stale", Boolean(data.stale));
  const errors = (data.findings || []).filter((f) => f.level === "error").length;
  if (!data.ok) {
    setStatus("stale", data.pages.length ? `有 ${errors} 处错误，预览为改正前的样子` : `有 ${errors} 处错误，改正后显示预览`);
    return;
  }
  Promise.all(loads).then(() => {
    if (state !== data) return;
    const seconds = editStarted ? (performance.now() - editStarted) / 1000 : 0;
    document.body.dataset.refreshMs = String(Math.round(seconds * 1000));
    setStatus("", `共 ${data.pages.length} 页 · 已更新${seconds ? `（${seconds.toFixed(1)} 秒）` : ""}`);
  });
}

// ------------------------------------------------------------------ downloads and saving
async function download(format, button) {
  await flushMeta();
  await chain;
  const names = { docx: "Word 公文", pdf: "PDF", xlsx: "Excel 指标表", zip: "全部文件" };
  const r = await withButton(button, "正在生成……", () =>
    api(`/api/drafts/${state.id}/build`, { method: "POST", json: { formats: [format] } }));
  if (!r.ok) { toast(`${r.data.message}${r.data.hint ? " " + r.data.hint : ""}`, true); return; }
  for (const file of r.data.files) {
    const link = document.createElement("a");
    link.href = file.url;
    link.download = file.name;
    document.body.append(link);
    link.click();
    link.remove();
  }
  toast(`已生成${names[format]}：${r.data.files.map((f) => f.name).join("、")}`);
}

function checkSaveName() {
  const name = $("save-name").value.trim().replace(/\.ya?ml$/i, "");
  let message = "";
  if (!name) message = "请填写文件名。";
  else if (/[\x00-\x1f\x7f/\\:*?"<>|]/.test(name) || name.startsWith(".")) message = "文件名不能包含 / \\ : * ? \" < > | 等字符，也不能以“.”开头。";
  else if (name.length > 80) message = "文件名太长。";
  $("save-check").textContent = message;
  $("save-check").className = "check" + (message ? " bad" : "");
  return message ? null : name;
}

function openSave() {
  closeEditors();
  const dialog = $("save-dialog");
  $("save-name").value = state.savedAs ? state.savedAs.replace(/\.ya?ml$/i, "") : state.stem;
  $("save-go").textContent = "保存";
  $("save-go").dataset.overwrite = "";
  checkSaveName();
  dialog.hidden = false;
  $("save-name").focus();
}

async function saveSource() {
  const name = checkSaveName();
  if (name === null) return;
  await flushMeta();
  await chain;
  const overwrite = $("save-go").dataset.overwrite === name;
  const r = await api(`/api/drafts/${state.id}/save`, { method: "POST", json: { name, overwrite } });
  if (r.status === 409 && r.data.exists) {
    $("save-check").textContent = `${r.data.message}。再点一次“覆盖保存”将替换它。`;
    $("save-check").className = "check warn";
    $("save-go").textContent = "覆盖保存";
    $("save-go").dataset.overwrite = name;
    return;
  }
  if (!r.ok) { $("save-check").textContent = r.data.message; $("save-check").className = "check bad"; return; }
  $("save-dialog").hidden = true;
  state.savedAs = `${r.data.stem}.yaml`;
  state.stem = r.data.stem;
  render(state);
  toast(`已保存到 ${r.data.saved}`);
}

// ------------------------------------------------------------------ wiring
function wire() {
  $("paste-go").addEventListener("click", pasteReport);
  $("upload-go").addEventListener("click", uploadReport);
  $("undo-btn").addEventListener("click", undo);
  $("new-btn").addEventListener("click", backToStart);
  $("save-btn").addEventListener("click", openSave);
  $("save-go").addEventListener("click", saveSource);
  $("save-cancel").addEventListener("click", () => { $("save-dialog").hidden = true; });
  $("save-name").addEventListener("input", () => { $("save-go").textContent = "保存"; checkSaveName(); });
  for (const button of document.querySelectorAll("button.dl")) {
    button.addEventListener("click", () => download(button.dataset.format, button));
  }
  for (const [key, field] of Object.entries(FIELDS)) {
    for (const id of field.ids) $(id).addEventListener("input", () => onFieldInput(key));
  }
  $("f-seal").addEventListener("change", uploadSeal);
  $("upload-file").addEventListener("change", () => showChosen($("upload-file"), "upload-chosen"));
  $("seal-remove").addEventListener("click", () => submit({ op: "meta", values: { seal: "" } }));
  $("fe-save").addEventListener("click", saveFigure);
  $("fe-cancel").addEventListener("click", closeEditors);
  $("fe-literal").addEventListener("click", figureToLiteral);
  $("fe-name").addEventListener("input", checkFigureName);
  $("fe-name").addEventListener("keydown", (event) => { if (event.key === "Enter") saveFigure(); });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") { closeEditors(); $("save-dialog").hidden = true; }
  });
  document.addEventListener("click", (event) => {
    if (!$("figure-editor").hidden && !$("figure-editor").contains(event.target)) closeEditors();
  });
  document.body.dataset.busy = "0";
  loadSources();
}

wire();
