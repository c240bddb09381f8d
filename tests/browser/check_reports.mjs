// Renders every examples/ assessment to HTML with mmf, opens each in headless
// Chromium (Debian's /usr/bin/chromium, driven by playwright-core), and checks
// that the page loads without console errors or network requests, that the
// radar chart has one axis per top-level group with labels of 12 px or more
// at A4 width, that nothing overflows a phone's width, that axe-core finds
// no accessibility violation, and that html-validate (its standard rules)
// finds nothing in the HTML. Screenshots go to OUT_DIR.
// Usage: node check_reports.mjs MMF_EXE SOURCE_DIR OUT_DIR
import { chromium } from "playwright-core";
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { HtmlValidate } from "html-validate";

const axePath = fileURLToPath(new URL("./node_modules/axe-core/axe.min.js", import.meta.url));
const validator = new HtmlValidate({ extends: ["html-validate:standard"] });
async function validateHtml(html, what, problems) {
  const report = await validator.validateString(html.toString());
  for (const r of report.results)
    for (const m of r.messages) problems.push(`${what}: html-validate ${m.ruleId} at ${m.line}:${m.column}: ${m.message}`);
}
async function axeCheck(page, what, problems) {
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(async () => await window.axe.run());
  for (const v of result.violations)
    problems.push(`${what}: axe ${v.id} (${v.impact}): ${v.help}, at ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; ")}`);
}

const [mmf, source, out] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
const examples = readdirSync(join(source, "examples")).filter((f) => /\.(toml|json)$/.test(f)).sort();
const modelOf = (file) => JSON.parse(execFileSync(mmf, ["assess", modelId(file), join(source, "examples", file), "--format", "json"], { cwd: source }));
function modelId(file) {
  return file.split("-")[0];
}

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"],
});
let passed = 0, failed = 0;
for (const file of examples) {
  const problems = [];
  const result = modelOf(file);
  const topGroups = result.groups.filter((g) => g.parent === null).length;
  const html = execFileSync(mmf, ["assess", modelId(file), join(source, "examples", file), "--format", "html"], { cwd: source });
  const page_file = join(out, file.replace(/\.(toml|json)$/, ".html"));
  writeFileSync(page_file, html);
  await validateHtml(html, file, problems);
  for (const [name, viewport] of [["desktop", { width: 1100, height: 900 }], ["A4", { width: 794, height: 1123 }],
                                  ["phone", { width: 390, height: 844 }]]) {
    const page = await browser.newPage({ viewport });
    page.on("console", (m) => { if (m.type() === "error") problems.push(`${name} console error: ${m.text()}`); });
    page.on("pageerror", (e) => problems.push(`${name} page error: ${e.message}`));
    page.on("request", (r) => { if (!r.url().startsWith("file:")) problems.push(`${name} network request: ${r.url()}`); });
    const response = await page.goto("file://" + page_file);
    if (!response || !response.ok()) problems.push(`${name}: the page did not load`);
    const axes = await page.locator("svg.radar line.axis").count();
    if (axes !== topGroups) problems.push(`${name}: radar has ${axes} axes, the model ${topGroups} top-level groups`);
    const level = await page.locator("#overall-level").innerText();
    if (level !== (result.overall.level ? result.overall.level.name : "—"))
      problems.push(`${name}: overall level shows '${level}', the result says '${result.overall.level && result.overall.level.name}'`);
    if (name === "A4") {
      // A label's size on screen: its font size in the SVG's units times the SVG's scale.
      const sizes = await page.evaluate(() => {
        const svg = document.querySelector("svg.radar");
        const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        return [...svg.querySelectorAll("text")].map((t) => parseFloat(getComputedStyle(t).fontSize) * scale);
      });
      const smallest = Math.min(...sizes);
      if (!(smallest >= 12)) problems.push(`A4: the radar's smallest label is ${smallest.toFixed(1)} px, under 12 px`);
      await axeCheck(page, "A4", problems);
    }
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > viewport.width + 1) problems.push(`${name}: the page is ${width}px wide in a ${viewport.width}px window`);
    await page.screenshot({ path: join(out, file.replace(/\.(toml|json)$/, `-${name}.png`)), fullPage: name === "desktop" });
    await page.close();
  }
  if (problems.length) {
    failed++;
    console.log(`FAIL ${file}\n  ${problems.join("\n  ")}`);
  } else {
    passed++;
    console.log(`ok ${file}: ${topGroups} radar axes, labels of 12 px or more at A4 width, no console errors, ` +
                "no axe or html-validate finding");
  }
}
// The comparison page: its bar chart and no errors.
{
  const problems = [];
  const html = execFileSync(mmf, ["compare", "examples/ecosystem-portfolio.toml", "examples/ecosystem-portfolio.json",
                                  "--format", "html"], { cwd: source });
  const file = join(out, "comparison.html");
  writeFileSync(file, html);
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  page.on("console", (m) => { if (m.type() === "error") problems.push(`console error: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  await page.goto("file://" + file);
  await validateHtml(html, "comparison", problems);
  await axeCheck(page, "comparison", problems);
  const bars = await page.locator("svg.chart rect.bar").count();
  if (bars !== 18) problems.push(`the comparison chart has ${bars} bars, expected 18 (9 rows × 2 columns)`);
  await page.screenshot({ path: join(out, "comparison.png") });
  await page.close();
  if (problems.length) { failed++; console.log(`FAIL comparison\n  ${problems.join("\n  ")}`); }
  else { passed++; console.log("ok comparison: 14 bars, no console errors"); }
}
await browser.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
