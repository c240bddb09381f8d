// The mmf web questionnaire: pick a model, answer its questions grouped as in
// the model, keep a draft in this browser, and see or download the report.
"use strict";
const $ = (id) => document.getElementById(id);
let model = null;

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
  $("progress-text").textContent = `${answered} of ${total} answered`;
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
        evidence.textContent = "Evidence to look for: " + q.criteria.join("; ");
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
  $("status").textContent = `Draft saved in this browser (${new Date().toLocaleTimeString()}).`;
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
  $("status").textContent = "Draft restored.";
}

async function report(format) {
  $("errors").hidden = true;
  try {
    const response = await api(`/v1/assess?format=${format}`, {
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
  model = await (await api(`/v1/models/${encodeURIComponent(id)}`)).json();
  document.title = `${model.name} — mmf questionnaire`;
  $("status").textContent = `${model.name} ${model.version}: ${model.groups.reduce((n, g) => n + g.questions.length, 0)} questions.`;
  render();
}

async function main() {
  const models = await (await api("/v1/models")).json();
  const select = $("model");
  for (const m of models) select.append(new Option(`${m.name} (${m.version})`, m.id));
  const wanted = new URLSearchParams(location.search).get("model");
  if (wanted) select.value = wanted;
  select.addEventListener("change", () => pick(select.value));
  $("questions").addEventListener("change", updateProgress);
  $("save").addEventListener("click", save);
  $("submit").addEventListener("click", showReport);
  for (const b of document.querySelectorAll("[data-format]")) b.addEventListener("click", () => download(b.dataset.format));
  await pick(select.value);
}

main().catch((e) => { $("status").textContent = `Cannot start: ${e.message}`; });
