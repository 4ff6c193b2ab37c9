// brink serve: the editor's live checking and a run's live progress.
// Plain JavaScript, no build step; the pages work without it except for
// these two.
"use strict";

const token = document.querySelector('meta[name="brink-token"]').content;

function post(url, body) {
  return fetch(url, {method: "POST", body: body, headers: {"X-Brink-Token": token, "Content-Type": "text/plain; charset=utf-8"}});
}

function el(tag, attrs, text) {
  const e = document.createElement(tag);
  for (const k in attrs || {}) e.setAttribute(k, attrs[k]);
  if (text !== undefined) e.textContent = text;
  return e;
}

// ---- the editor ----
function editor(root) {
  const name = root.dataset.name, ref = root.dataset.ref;
  const text = document.getElementById("text");
  const backdrop = document.getElementById("backdrop");
  const gutter = document.getElementById("gutter");
  const list = document.getElementById("problems");
  const status = document.getElementById("status");
  const graph = document.getElementById("graph");
  let timer = null, seq = 0, lastProblems = [];

  // The backdrop repeats the text line by line under the transparent
  // textarea, so that a problem's line and column can be marked in place.
  function paint() {
    const lines = text.value.split("\n");
    const byLine = new Map();
    for (const p of lastProblems) {
      if (!byLine.has(p.line)) byLine.set(p.line, []);
      byLine.get(p.line).push(p);
    }
    backdrop.replaceChildren();
    gutter.replaceChildren();
    lines.forEach((line, i) => {
      const n = i + 1;
      const div = el("div", {"class": "line", "data-line": n});
      const g = el("div", {"class": "ln", "data-line": n}, String(n));
      const ps = byLine.get(n);
      if (ps) {
        div.classList.add("bad");
        g.classList.add("bad");
        const col = Math.max(1, Math.min(ps[0].col, line.length + 1));
        div.append(line.slice(0, col - 1));
        const m = el("mark", {"class": "at", "data-col": ps[0].col, "title": ps.map(p => p.msg).join("\n")},
          line.slice(col - 1, col) || " ");
        div.append(m, line.slice(col));
      } else {
        div.textContent = line || " ";
      }
      backdrop.append(div);
      gutter.append(g);
    });
    sync();
  }

  function sync() {
    backdrop.scrollTop = text.scrollTop;
    backdrop.scrollLeft = text.scrollLeft;
    gutter.scrollTop = text.scrollTop;
  }

  function show(res) {
    lastProblems = res.problems || [];
    list.replaceChildren();
    for (const p of lastProblems) {
      const li = el("li", {"data-line": p.line, "data-col": p.col, "tabindex": "0"}, p.line + ":" + p.col + ": " + p.msg);
      li.addEventListener("click", () => jump(p.line, p.col));
      li.addEventListener("keydown", e => { if (e.key === "Enter") jump(p.line, p.col); });
      list.append(li);
    }
    if (res.error) {
      status.textContent = res.error;
      status.className = "bad";
    } else if (lastProblems.length === 0) {
      status.textContent = (res.saved ? "saved · " : "") + "no problems";
      status.className = "ok";
    } else {
      status.textContent = (res.saved ? "saved · " : "") + lastProblems.length + (lastProblems.length === 1 ? " problem" : " problems");
      status.className = "bad";
    }
    if (res.graph) graph.innerHTML = res.graph; // the server's own SVG, escaped there
    paint();
  }

  function jump(line, col) {
    const lines = text.value.split("\n");
    let off = 0;
    for (let i = 0; i < line - 1 && i < lines.length; i++) off += lines[i].length + 1;
    off += Math.max(0, col - 1);
    text.focus();
    text.setSelectionRange(off, off + 1);
  }

  async function check() {
    const mine = ++seq;
    status.textContent = "checking…";
    status.className = "";
    try {
      const r = await post("/api/validate?name=" + encodeURIComponent(name), text.value);
      const res = await r.json();
      if (mine === seq) show(res);
    } catch (e) {
      if (mine === seq) { status.textContent = "cannot reach the server: " + e; status.className = "bad"; }
    }
  }

  async function save() {
    seq++;
    const r = await post("/api/save?name=" + encodeURIComponent(name), text.value);
    const res = await r.json();
    show(res);
    return r.ok && !res.error;
  }

  text.addEventListener("input", () => {
    paint(); // keep the backdrop aligned at once; marks follow the check
    clearTimeout(timer);
    timer = setTimeout(check, 250);
  });
  text.addEventListener("scroll", sync);
  document.getElementById("save").addEventListener("click", save);
  document.getElementById("saverun").addEventListener("click", async () => {
    if (await save()) location.assign("/run?scenario=" + encodeURIComponent(ref));
  });
  check();
}

// ---- a run's progress ----
function fmt(n) { return Math.round(n).toLocaleString("en-US"); }
function secs(s) {
  if (s < 0) return "?";
  if (s < 60) return s.toFixed(s < 10 ? 1 : 0) + " s";
  return Math.floor(s / 60) + " min " + Math.round(s % 60) + " s";
}

function job(root) {
  const id = root.dataset.id;
  const bar = document.getElementById("bar");
  const text = document.getElementById("progress");
  const result = document.getElementById("result");
  const cancel = document.getElementById("cancel");
  const es = new EventSource("/jobs/" + id + "/events");

  function update(v) {
    if (v.total > 0) { bar.max = v.total; bar.value = v.done; }
    let s;
    if (v.state === "queued") {
      s = "waiting for a free slot" + (v.queue > 0 ? " (" + v.queue + " ahead)" : "");
    } else {
      const unit = v.unit || "runs";
      s = fmt(v.done) + (v.total > 0 ? " of " + fmt(v.total) : "") + " " + unit + " · " + (v.rate < 10 ? v.rate.toFixed(1) : fmt(v.rate)) + " " + unit + "/s";
      if (v.state === "running") s += " · ETA " + secs(v.eta);
      else s += " · " + v.state + " in " + secs(v.elapsed);
    }
    text.textContent = s;
    text.dataset.state = v.state;
  }

  es.addEventListener("progress", e => update(JSON.parse(e.data)));
  es.addEventListener("end", e => {
    es.close();
    const v = JSON.parse(e.data);
    update(v);
    cancel.disabled = true;
    if (v.state === "failed") {
      result.textContent = "Failed: " + v.error;
      result.className = "bad";
    } else if (v.result) {
      const a = el("a", {"href": v.result, "id": "resultlink"}, v.state === "done" ? "See the results" : "See the partial results");
      result.replaceChildren(a);
      if (v.state === "done") setTimeout(() => location.assign(v.result), 800);
    } else {
      result.textContent = "Cancelled before any result.";
    }
  });
  cancel.addEventListener("click", () => {
    cancel.disabled = true;
    post("/jobs/" + id + "/cancel", "");
  });
}

const ed = document.getElementById("editor");
if (ed) editor(ed);
const jb = document.getElementById("job");
if (jb) job(jb);
