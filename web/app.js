// The mmf web questionnaire: pick a model, answer its questions grouped as in
// the model, keep a draft in this browser, and see or download the report.
"use strict";
const $ = (id) => document.getElementById(id);
let model = null;

// The page's words, in English; mmf serve translates them from the reports'
// catalogues (POST /v1/messages), and scripts/check-messages lists any the
// catalogues lack (N_ marks them for it).
const N_ = (english) => english;
const W = {
  title: N_("mmf questionnaire"),
  loading: N_("Loading the models…"),
  language: N_("Language"),
  model: N_("Model"),
  subject: N_("Subject"),
  subjectHint: N_("What is assessed, e.g. Acme × Globex alliance"),
  date: N_("Date"),
  assessor: N_("Assessor"),
  save: N_("Save draft"),
  submit: N_("See the report"),
  download: N_("Download:"),
  report: N_("Report"),
  evidence: N_("Evidence to look for: {}"),
  answered: N_("{} of {} answered"),
  saved: N_("Draft saved in this browser ({})."),
  restored: N_("Draft restored."),
  questions: N_("{} {}: {} questions."),
  titled: N_("{} — mmf questionnaire"),
  cannotStart: N_("Cannot start: {}"),
};
let words = {};  // English -> the page's language
let locale = "en";
const t = (english, ...args) => {
  let i = 0;
  return (words[english] || english).replace(/\{\}/g, () => String(args[i++] ?? ""));
};

async function loadWords() {
  words = {};
  if (locale !== "en") {
    const response = await api("/v1/messages", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ locale, words: Object.values(W) }),
    });
    words = (await response.json()).words;
  }
  document.documentElement.lang = locale;
  document.title = t(W.title);
  $("heading").textContent = t(W.title);
  for (const [id, key] of [["label-language", "language"], ["label-model", "model"], ["label-subject", "subject"],
                           ["label-date", "date"], ["label-assessor", "assessor"], ["save", "save"],
                           ["submit", "submit"], ["label-download", "download"]])
    $(id).textContent = t(W[key]);
  $("subject").placeholder = t(W.subjectHint);
  $("report").title = t(W.report);
}

async function api(path, options = {}) {
  const response = await fetch(path, options);
  if (!response.ok) {
    let message = `${response.status}`;
    try {
      const e = (await response.json()).error;
      message = e.message + (e.diagnostics ? "\n" + e.diagnostics.map((d) => d.text).join("\n") : "");
    } catch (_) { /* not JSON */ }
    throw new Error(message);
  }
  return response;
}

function draftKey() { return `mmf-draft:${model.id}`; }

function assessment() {
  const answers = {};
  for (const input of document.querySelectorAll("#questions input:checked, #questions input[type=number]")) {
    if (input.type === "number" && input.value === "") continue;
    answers[input.name] = input.type === "number" ? Number(input.value) : input.value;
  }
  const a = { format: "mmf-assessment/1", model: model.id, subject: $("subject").value, answers };
  if ($("date").value) a.date = $("date").value;
  if ($("assessor").value) a.assessor = $("assessor").value;
  return a;
}

function updateProgress() {
  const total = model.groups.reduce((n, g) => n + g.questions.length, 0);
  const answered = Object.keys(assessment().answers).length;
  const percent = total ? Math.round((100 * answered) / total) : 0;
  $("progress-bar").style.width = `${percent}%`;
  $("progress-text").textContent = t(W.answered, answered, total);
  $("progress").setAttribute("aria-valuenow", String(percent));
}

function render() {
  const form = $("questions");
  form.replaceChildren();
  for (const group of model.groups) {
    if (!group.questions.length) continue;
    const fieldset = document.createElement("fieldset");
    const legend = document.createElement("legend");
    legend.textContent = group.name;
    fieldset.append(legend);
    for (const q of group.questions) {
      const scale = model.scales[q.scale];
      const div = document.createElement("div");
      div.className = "question";
      div.dataset.question = q.id;
      const text = document.createElement("div");
      text.className = "text";
      text.textContent = q.text;
      const help = document.createElement("div");
      help.className = "help";
      help.textContent = q.help;
      const options = document.createElement("div");
      options.className = q.answers && Object.keys(q.answers).length ? "options defined" : "options";
      if (scale.kind === "range") {
        const input = document.createElement("input");
        Object.assign(input, { type: "number", name: q.id, min: scale.min, max: scale.max, step: "any" });
        options.append(input);
      } else {
        for (const o of scale.options) {
          const label = document.createElement("label");
          const input = document.createElement("input");
          Object.assign(input, { type: "radio", name: q.id, value: o.id });
          label.append(input, " ", o.label);
          const meaning = q.answers && q.answers[o.id];
          if (meaning) {
            const span = document.createElement("span");
            span.className = "meaning";
            span.textContent = meaning;
            label.append(span);
          }
          options.append(label);
        }
      }
      div.append(text, help);
      if (q.criteria && q.criteria.length) {
        const evidence = document.createElement("div");
        evidence.className = "help evidence";
        evidence.textContent = t(W.evidence, q.criteria.join("; "));
        div.append(evidence);
      }
      div.append(options);
      fieldset.append(div);
    }
    form.append(fieldset);
  }
  restore();
  updateProgress();
}

function save() {
  localStorage.setItem(draftKey(), JSON.stringify(assessment()));
  $("status").textContent = t(W.saved, new Date().toLocaleTimeString(locale));
}

function restore() {
  const saved = localStorage.getItem(draftKey());
  if (!saved) return;
  const a = JSON.parse(saved);
  $("subject").value = a.subject || "";
  $("date").value = a.date || "";
  $("assessor").value = a.assessor || "";
  for (const [id, value] of Object.entries(a.answers || {})) {
    const input = document.querySelector(`#questions input[name="${CSS.escape(id)}"][value="${CSS.escape(String(value))}"]`) ||
                  document.querySelector(`#questions input[type=number][name="${CSS.escape(id)}"]`);
    if (!input) continue;
    if (input.type === "number") input.value = value;
    else input.checked = true;
  }
  $("status").textContent = t(W.restored);
}

async function report(format) {
  $("errors").hidden = true;
  try {
    const response = await api(`/v1/assess?format=${format}&locale=${encodeURIComponent(locale)}`, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(assessment()),
    });
    return response;
  } catch (e) {
    $("errors").textContent = e.message;
    $("errors").hidden = false;
    throw e;
  }
}

async function showReport() {
  const html = await (await report("html")).text();
  const frame = $("report");
  frame.srcdoc = html;
  frame.hidden = false;
  frame.scrollIntoView();
}

async function download(format) {
  const blob = await (await report(format)).blob();
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = `${(assessment().subject || "assessment").replace(/[^\w.-]+/g, "-")}.${format}`;
  link.click();
  URL.revokeObjectURL(link.href);
}

async function pick(id) {
  model = await (await api(`/v1/models/${encodeURIComponent(id)}?locale=${encodeURIComponent(locale)}`)).json();
  document.title = t(W.titled, model.name);
  $("status").textContent = t(W.questions, model.name, model.version,
                              model.groups.reduce((n, g) => n + g.questions.length, 0));
  render();
}

async function main() {
  const params = new URLSearchParams(location.search);
  locale = params.get("locale") || "en";
  if (![...$("locale").options].some((o) => o.value === locale)) locale = "en";
  $("locale").value = locale;
  await loadWords();
  $("status").textContent = t(W.loading);
  const models = await (await api("/v1/models")).json();
  const select = $("model");
  for (const m of models) select.append(new Option(`${m.name} (${m.version})`, m.id));
  const wanted = new URLSearchParams(location.search).get("model");
  if (wanted) select.value = wanted;
  select.addEventListener("change", () => pick(select.value));
  $("locale").addEventListener("change", async () => {
    locale = $("locale").value;
    const url = new URL(location.href);
    url.searchParams.set("locale", locale);
    history.replaceState(null, "", url);
    await loadWords();
    await pick(select.value);
  });
  $("questions").addEventListener("change", updateProgress);
  $("save").addEventListener("click", save);
  $("submit").addEventListener("click", showReport);
  for (const b of document.querySelectorAll("[data-format]")) b.addEventListener("click", () => download(b.dataset.format));
  await pick(select.value);
}

main().catch((e) => { $("status").textContent = t(W.cannotStart, e.message); });
