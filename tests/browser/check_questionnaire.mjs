// The web questionnaire end to end: start `mmf serve`, open the page in
// headless Chromium, answer every alliance question, save the draft, reload
// (the draft must come back), submit, and find the expected level on the
// report; then the same in German, and a switch to French. Usage: node check_questionnaire.mjs MMF_EXE SOURCE_DIR OUT_DIR
import { chromium } from "playwright-core";
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";

const [mmf, source, out] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
const port = await new Promise((resolve) => {
  const s = createServer().listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => resolve(p)); });
});
const server = spawn(mmf, ["serve", "--listen", `127.0.0.1:${port}`], { cwd: source, stdio: "ignore" });
const problems = [];
let browser;
try {
  for (let i = 0; i < 100; i++) {
    try { await fetch(`http://127.0.0.1:${port}/v1/health`); break; } catch { await new Promise((r) => setTimeout(r, 50)); }
  }
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
           "--disable-component-update", "--disable-sync"],
  });
  const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
  page.on("console", (m) => { if (m.type() === "error") problems.push(`console error: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  await page.goto(`http://127.0.0.1:${port}/?model=alliance`);
  await page.waitForSelector(".question");
  const questions = await page.locator(".question").count();
  if (questions !== 36) problems.push(`${questions} questions shown, the model has 36`);
  const groups = await page.locator("fieldset legend").allInnerTexts();
  if (groups.join("|") !== "Commercial|Technical|Strategic|Cultural|Operational") problems.push(`groups: ${groups}`);
  await page.fill("#subject", "Browser-filled alliance");
  // Largely in place on every state, about once a year on every habit, both partners on the per-side
  // facts, yes to the approved business case, 30-60% for the revenue share and a joint solution as the
  // intended role: about 70%, Solution (its stage tests hold; the top stage needs more than Largely).
  for (const q of await page.locator(".question").all()) {
    let answered = false;
    for (const value of ["li", "yearly", "both", "yes", "from-30", "solution"]) {
      const option = q.locator(`input[value="${value}"]`);
      if (await option.count()) {
        await option.check();
        answered = true;
        break;
      }
    }
    if (!answered) problems.push(`no answer chosen for ${await q.getAttribute("data-question")}`);
  }
  const progress = await page.locator("#progress-text").innerText();
  if (progress !== "36 of 36 answered") problems.push(`progress says '${progress}'`);
  await page.click("#save");
  await page.reload();
  await page.waitForSelector(".question");
  const restored = await page.locator("#progress-text").innerText();
  if (restored !== "36 of 36 answered") problems.push(`after reload the draft shows '${restored}'`);
  if ((await page.inputValue("#subject")) !== "Browser-filled alliance") problems.push("the subject was not restored");
  await page.click("#submit");
  const frame = page.frameLocator("#report");
  const level = await frame.locator("#overall-level").innerText({ timeout: 10000 });
  if (level !== "Solution") problems.push(`the report shows level '${level}', expected 'Solution'`);
  await page.screenshot({ path: join(out, "questionnaire.png") });

  // In German: the page's own words from the catalogue, the model's texts in
  // German, the draft kept (it is the model's, not the language's), and a
  // German report.
  await page.goto(`http://127.0.0.1:${port}/?model=alliance&locale=de`);
  await page.waitForSelector(".question");
  const de = {
    save: await page.locator("#save").innerText(), submit: await page.locator("#submit").innerText(),
    language: await page.locator("#label-language").innerText(), lang: await page.getAttribute("html", "lang"),
    progress: await page.locator("#progress-text").innerText(),
    groups: (await page.locator("fieldset legend").allInnerTexts()).join("|"),
  };
  const wanted = { save: "Entwurf speichern", submit: "Bericht ansehen", language: "Sprache", lang: "de",
                   progress: "36 von 36 beantwortet", groups: "Kommerziell|Technisch|Strategisch|Kulturell|Operativ" };
  for (const [k, v] of Object.entries(wanted)) if (de[k] !== v) problems.push(`German page: ${k} is '${de[k]}', want '${v}'`);
  await page.click("#submit");
  const german = await page.frameLocator("#report").locator("#overall-level").innerText({ timeout: 10000 });
  if (german !== "Lösung") problems.push(`the German report shows level '${german}', expected 'Lösung'`);
  // Switching the language on the page keeps the answers.
  await page.selectOption("#locale", "fr");
  // The words come first, then the model in French and its questions again: wait for the last.
  try {
    await page.waitForFunction(() => document.getElementById("save").textContent === "Enregistrer le brouillon" &&
                                      document.getElementById("progress-text").textContent === "36 sur 36 répondues",
                               null, { timeout: 10000 });
  } catch {
    problems.push(`French page: save is '${await page.locator("#save").innerText()}', progress ` +
                  `'${await page.locator("#progress-text").innerText()}'`);
  }
  const legend = await page.locator("fieldset legend").first().innerText();
  if (legend !== "Commerciale") problems.push(`French page: the first group is '${legend}'`);
} catch (e) {
  problems.push(String(e));
} finally {
  if (browser) await browser.close();
  server.kill("SIGTERM");
}
for (const p of problems) console.log(p);
console.log(problems.length ? "0 passed, 1 failed" : "1 passed, 0 failed");
process.exit(problems.length ? 1 : 0);
