// dashboard.test.js — drive the dashboard in Debian's headless Chromium
// through playwright-core and check what a user sees.  Called by
// tests/e2e/web.t (and tests/bench/web.sh), which serve the page and a data
// set that bt-export --web wrote, on loopback.
//
//   node dashboard.test.js go URL DATA GO_A GO_B REC_A REC_B [SHOT]
//   node dashboard.test.js odd URL DATA [SHOT_DIR]
//   node dashboard.test.js big URL DATA
//   node dashboard.test.js bench URL DATA
//
// go: the real Go captures GO_A, GO_B (medians computed here from them,
// independently of the exporter) and the result files REC_A, REC_B the
// export read (verdicts: this script runs bt-compare on them itself).
// odd: make-data.py's odd tree (hard version names, every verdict,
// hand-made bt-history records).  big: 3,000 benchmarks x 6 versions; every
// row's verdict against bt-compare on the newest two versions' records.  bench:
// timings, printed as docs/performance.md rows.  Prints "PASS name",
// "FAIL name" and "# diagnostics" for web.t; exits 1 on a crash.
"use strict";
const fs = require("fs");
const path = require("path");
const { execFileSync } = require("child_process");
const { chromium } = require("playwright-core");

const [mode, url, dataDir, ...args] = process.argv.slice(2);
const XSS = "<img src=x onerror=alert(1)>";
let failed = 0;

function check(cond, name, ...diag) {
	console.log((cond ? "PASS " : "FAIL ") + name);
	if (!cond) {
		failed++;
		for (const d of diag)
			console.log("# " + JSON.stringify(d).slice(0, 2000));
	}
}

// Go bench text -> Map "Name-procs" -> {unit: [values]}
function parseGo(file) {
	const out = new Map();
	for (const line of fs.readFileSync(file, "utf8").split("\n")) {
		const f = line.trim().split(/\s+/);
		if (!/^Benchmark/.test(f[0]) || f.length < 4)
			continue;
		if (!out.has(f[0]))
			out.set(f[0], {});
		for (let i = 2; i + 1 < f.length; i += 2)
			(out.get(f[0])[f[i + 1]] ||= []).push(Number(f[i]));
	}
	return out;
}

function median(v) {
	const s = [...v].sort((a, b) => a - b), n = s.length;
	return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

// The page's number rule, written again: integers exact with thousands
// separators, fractions to 6 significant digits.
function fmt(x) {
	if (Number.isInteger(x))
		return x.toLocaleString("en-US");
	const d = Math.floor(Math.log10(Math.abs(x))) + 1;
	return x.toLocaleString("en-US", { maximumFractionDigits: Math.max(0, 6 - d) });
}
const pct = (d) => (d > 0 ? "+" : "") + d.toFixed(2) + "%";

// bt-compare's verdicts, by the name the table shows, for one unit.
function compare(a, b, unit) {
	const out = JSON.parse(execFileSync("bt-compare", ["-o", "json", a, b], { maxBuffer: 1 << 30 }).toString());
	const m = new Map();
	for (const r of out.results)
		if (r.unit === unit && !r.geomean)
			m.set(r.procs > 1 ? r.name + "-" + r.procs : r.name, r);
	return m;
}

const verdictOf = (text) => text.replace(/^[▲▼] /, "");

async function tableRows(page) {
	return page.$$eval("#table tbody tr[data-key]", (trs) => trs.map((tr) =>
		[...tr.cells].map((td) => td.textContent)));
}

// Every row of the table, page by page.
async function allRows(page) {
	while (!(await page.$eval("#prev", (b) => b.disabled)))
		await page.click("#prev");
	let rows = await tableRows(page);
	while (!(await page.$eval("#next", (b) => b.disabled))) {
		const first = rows.length ? rows[rows.length - 1][0] : "";
		await page.click("#next");
		await page.waitForFunction((f) => {
			const c = document.querySelector("#table tbody tr[data-key] td");
			return c && c.textContent !== f;
		}, first);
		rows = rows.concat(await tableRows(page));
	}
	return rows;
}

async function chartData(page, id) {
	await page.waitForFunction(() => !document.documentElement.dataset.busy);
	return page.evaluate((id) => {
		const c = Chart.getChart(document.getElementById(id));
		if (!c)
			return null;
		return { labels: c.data.labels, data: c.data.datasets.map((d) => d.data),
			names: c.data.datasets.map((d) => d.label), x: [c.scales.x.min, c.scales.x.max] };
	}, id);
}

const statusIs = (page, re) => page.waitForFunction((re) =>
	new RegExp(re).test(document.getElementById("status").textContent), re.source);

async function launch() {
	// A fresh profile each run; playwright passes it as --user-data-dir.
	const profile = fs.mkdtempSync(path.join(process.env.BT_TMP || "/tmp", "chromium-"));
	const browser = await chromium.launchPersistentContext(profile, {
		executablePath: process.env.BT_CHROMIUM || "/usr/bin/chromium",
		headless: true, acceptDownloads: true,
		viewport: { width: 1280, height: 1800 },
		args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
			"--disable-background-networking", "--disable-component-update", "--disable-sync"],
	});
	const page = browser.pages()[0] || await browser.newPage();
	const t = { browser, page, dialogs: [], errors: [] };
	watch(t, page);
	// Generous: a loaded machine once took longer than 30 s to start.
	page.setDefaultTimeout(120000);
	return t;
}

function watch(t, page) {
	page.on("dialog", (d) => { t.dialogs.push(d.message()); d.dismiss(); });
	page.on("pageerror", (e) => t.errors.push(e.message));
	page.on("console", (m) => {
		if (m.type() === "error" && !/Failed to load resource/.test(m.text()))
			t.errors.push(m.text());
	});
}

async function ready(page) {
	await page.waitForFunction(() => document.querySelectorAll("#table tbody tr[data-key]").length > 0 &&
	    /compared with/.test(document.getElementById("status").textContent));
}

/* --- the real Go captures ------------------------------------------------ */

async function go(t) {
	const [goA, goB, recA, recB, shot] = args;
	const { page } = t;
	const A = parseGo(goA), B = parseGo(goB);
	await page.goto(url);
	await ready(page);
	const platforms = await page.$$eval("#platform option", (o) => o.map((x) => x.value));
	check(platforms.includes("linux-amd64"), "platform selector lists linux-amd64", platforms);
	await statusIs(page, /go1\.19\.8-b compared with go1\.19\.8-a/);

	// Every row's verdict and p are bt-compare's on the same data.
	const want = compare(recA, recB, "ns/op");
	let rows = await tableRows(page);
	const bad = rows.filter((r) => {
		const w = want.get(r[0]);
		return !w || verdictOf(r[7]) !== w.verdict || r[6] !== (w.p_value < 0.0001 ? w.p_value.toExponential(1) : String(Number(w.p_value.toPrecision(2)))) ||
		    r[4] !== pct(w.delta_percent);
	});
	check(rows.length === want.size && bad.length === 0, "every row's verdict, p and delta are bt-compare's (" + rows.length + " rows)", bad);
	check(rows.some((r) => verdictOf(r[7]) === "improved") && rows.some((r) => r[7] === "~"), "the pair has improved and ~ rows", rows.map((r) => r[7]));
	const cls = await page.$$eval("#table tbody tr[data-key]", (trs) => trs.map((tr) => tr.cells[7].firstChild.className));
	check(rows.every((r, i) => cls[i] === "v v-" + verdictOf(r[7]).replace("~", "same")), "each verdict's colour class follows the verdict", cls);
	const bars = await page.$$eval("#table tbody tr[data-key] td.ci svg", (s) => s.length);
	check(bars === rows.length, "every row has its interval bar", bars);
	const tip = await page.$eval("#table tbody tr[data-key] td.ci svg title", (e) => e.textContent);
	const w0 = want.get(rows[0][0]);
	check(tip.includes("[" + fmt(w0.baseline.lo) + ", " + fmt(w0.baseline.hi) + "]") &&
	    tip.includes("[" + fmt(w0.target.lo) + ", " + fmt(w0.target.hi) + "]"), "the interval bar is bt-compare's CI of each median", tip, w0);
	const summary = await page.$eval("#summary", (e) => e.textContent);
	const n = (v) => [...want.values()].filter((w) => w.verdict === v).length;
	check(summary.includes(n("improved") + " improved") && summary.includes(n("~") + " unchanged") &&
	    summary.includes("0 added") && summary.includes("0 removed"), "summary counts are bt-compare's", summary);

	// Category, medians and B/op, allocs/op from the captures.
	const cats = await page.$$eval("#category option", (o) => o.map((x) => x.value));
	check(JSON.stringify(cats) === JSON.stringify(["", "core", "stdlib"]), "category filter offers all, core, stdlib", cats);
	await page.selectOption("#category", "stdlib");
	rows = await tableRows(page);
	const stdlib = [...A.keys()].filter((k) => /JSON|SHA256|Gzip|Regexp/.test(k));
	check(JSON.stringify(rows.map((r) => r[0])) === JSON.stringify(stdlib), "stdlib rows in capture order", rows.map((r) => r[0]));
	let numbersOk = true;
	for (const r of rows) {
		const a = A.get(r[0]), b = B.get(r[0]);
		const got = [r[2], r[3], r[8], r[9], r[10], r[11]];
		const exp = [fmt(median(a["ns/op"])), fmt(median(b["ns/op"])), fmt(median(a["B/op"])), fmt(median(b["B/op"])),
			fmt(median(a["allocs/op"])), fmt(median(b["allocs/op"]))];
		if (JSON.stringify(got) !== JSON.stringify(exp)) {
			numbersOk = false;
			console.log("# " + r[0] + " got " + JSON.stringify(got) + " want " + JSON.stringify(exp));
		}
	}
	check(numbersOk, "medians (ns/op, B/op, allocs/op) match the captures");
	const json = rows.find((r) => r[0] === "BenchmarkJSONEncode-2");
	check(json && json[2] === "276.65", "JSONEncode baseline median is 276.65 ns/op", json);
	const gz = rows.find((r) => r[0] === "BenchmarkGzip64KB-2");
	check(gz && /^\d{1,3}(,\d{3})+$/.test(gz[8]), "a large B/op is exact with thousands separators", gz);

	// Sorting: delta ascending, then descending; name; p.
	await page.selectOption("#category", "");
	await page.click("th[data-sort=delta]");
	rows = await tableRows(page);
	const d = rows.map((r) => parseFloat(r[4]));
	check(d.every((x, i) => i === 0 || d[i - 1] <= x), "Delta sorts ascending", d);
	await page.click("th[data-sort=delta]");
	rows = await tableRows(page);
	const d2 = rows.map((r) => parseFloat(r[4]));
	check(d2.every((x, i) => i === 0 || d2[i - 1] >= x), "a second click sorts descending", d2);
	check(new URL(page.url()).searchParams.get("sort") === "-delta", "the sort is kept in the address", page.url());
	await page.click("th[data-sort=p]");
	const p = (await tableRows(page)).map((r) => Number(r[6]));
	check(p.every((x, i) => i === 0 || p[i - 1] <= x), "p sorts ascending", p);
	await page.click("th[data-sort=name]");
	const names = (await tableRows(page)).map((r) => r[0].toLowerCase());
	check(names.every((x, i) => i === 0 || names[i - 1] <= x), "name sorts A to Z", names);
	await page.click("th[data-sort=cv]");
	const cv = (await tableRows(page)).map((r) => parseFloat(r[12].replace(/^[^0-9]*/, "")));
	check(cv.every((x, i) => i === 0 || cv[i - 1] <= x), "CV sorts ascending", cv);

	// Views: only changes, regressions first.
	await page.selectOption("#view", "changes");
	rows = await tableRows(page);
	check(rows.length === n("improved") + n("regressed") + n("neutral") && rows.every((r) => /improved|regressed|neutral/.test(r[7])),
	    "“only changes” shows the significant rows only", rows.map((r) => r[7]));
	await page.selectOption("#view", "all");

	// Charts summarise: the top changes are the significant ones, the
	// distribution counts every row.
	const top = await chartData(page, "chart-top");
	const sig = [...want.values()].filter((w) => /improved|regressed|neutral/.test(w.verdict));
	check(top && top.labels.length === sig.length && top.data[0].every((v, i) => v === Number(want.get(top.labels[i]).delta_percent.toFixed(2))),
	    "top-changes chart: the significant rows and their deltas", top);
	const dist = await chartData(page, "chart-dist");
	check(dist && dist.data.flat().reduce((a, b) => a + b, 0) === want.size, "delta distribution counts every benchmark", dist);

	// Search by name, kept in the address; the XSS case.
	await page.fill("#search", "sha256");
	await page.waitForFunction(() => new URL(location.href).searchParams.get("q") === "sha256");
	rows = await tableRows(page);
	check(rows.length === 2 && rows.every((r) => r[0].startsWith("BenchmarkSHA256/")), "search 'sha256' shows the two SHA256 rows", rows.map((r) => r[0]));
	await page.fill("#search", "onerror");
	await page.waitForFunction(() => document.querySelectorAll("#table tbody tr[data-key]").length === 1);
	rows = await tableRows(page);
	check(rows.length === 1 && rows[0][0] === XSS + "-2", "a benchmark named " + XSS + " shows as those characters", rows);
	check(await page.evaluate(() => document.querySelectorAll("img").length) === 0, "no img element in the document");
	const opt = await page.$eval("#trend-bench", (s) => s.options[0].text);
	check(opt === XSS + "-2", "the trend selector shows the name as text", opt);

	// CSV of the current table.
	await page.fill("#search", "");
	await page.waitForFunction(() => !new URL(location.href).searchParams.get("q"));
	const [dl] = await Promise.all([page.waitForEvent("download"), page.click("#csv")]);
	const csv = fs.readFileSync(await dl.path(), "utf8").trim().split("\n");
	const xssLine = csv.find((l) => l.startsWith(XSS));
	check(csv.length === want.size + 1 && csv[0].startsWith("benchmark,suite,category,unit,baseline,target,delta_percent,p_value,verdict"),
	    "the CSV download has a header and every row", csv.slice(0, 3));
	const line = csv.find((l) => l.startsWith("BenchmarkJSONEncode-2,"));
	const wj = want.get("BenchmarkJSONEncode-2");
	check(line && line.split(",")[8] === wj.verdict && Number(line.split(",")[7]) === wj.p_value && line.split(",")[4] === "276.65",
	    "a CSV line holds the exact numbers and bt-compare's verdict", line, wj);
	check(xssLine && xssLine.split(",")[1] === "example.com/perfbench/core", "the hostile name is a plain CSV field", xssLine);
	// The records behind the baseline.
	const href = await page.$eval("#rec-base", (a) => a.href);
	const rec = await page.evaluate((h) => fetch(h).then((r) => r.text()), href);
	check(rec === fs.readFileSync(recA, "utf8"), "the baseline records link serves the result file the export read", href);

	await page.selectOption("#baseline", "go1.19.8-a");
	await page.waitForTimeout(200);
	await page.$eval(".table-wrap", (w) => { w.scrollLeft = 0; });
	if (shot)
		await page.screenshot({ path: shot, fullPage: true });

	// A phone: nothing wider than the screen but the table's scroller, and
	// the header and names stay in view.
	await page.setViewportSize({ width: 390, height: 844 });
	await page.waitForTimeout(300);
	const fit = await page.evaluate(() => {
		const w = document.querySelector(".table-wrap");
		return [document.documentElement.scrollWidth, window.innerWidth, w.scrollWidth > w.clientWidth,
			getComputedStyle(document.querySelector("#table th")).position,
			getComputedStyle(document.querySelector("#table td.name")).position];
	});
	check(fit[0] <= fit[1], "on a 390px-wide phone the page does not scroll sideways", fit);
	check(fit[2], "on a phone the table scrolls inside its box", fit);
	check(fit[3] === "sticky" && fit[4] === "sticky", "sticky header and benchmark names", fit);
	await page.$eval(".table-wrap", (w) => { w.scrollLeft = 400; });
	const nameLeft = await page.$eval("#table tbody td.name", (td) => td.getBoundingClientRect().left - td.closest(".table-wrap").getBoundingClientRect().left);
	check(Math.abs(nameLeft) < 2, "the name column stays at the left when the table scrolls sideways", nameLeft);
	if (shot) {
		await page.$eval(".table-wrap", (w) => { w.scrollLeft = 0; w.scrollIntoView(); window.scrollBy(0, -120); });
		await page.screenshot({ path: shot.replace(/\.png$/, "-phone.png"), fullPage: false });
	}

	// Dark mode from the system's preference.
	await page.emulateMedia({ colorScheme: "dark" });
	const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
	const lum = bg.match(/\d+/g).slice(0, 3).map(Number).reduce((a, b) => a + b, 0);
	check(lum < 150, "prefers-color-scheme: dark gives a dark page", bg);
	await page.emulateMedia({ colorScheme: "light" });

	// A data directory that is not there: said plainly, with a retry.
	const badp = await t.browser.newPage();
	watch({ dialogs: t.dialogs, errors: [] }, badp);
	await badp.goto(url + "?data=no-such-dir/");
	await badp.waitForSelector("#status.error");
	const msg = await badp.$eval("#status", (e) => e.textContent);
	check(/platforms\.json: HTTP 404/.test(msg), "a missing data directory is reported on the page", msg);
	check(await badp.$eval("#retry", (b) => !b.hidden), "with a Retry button");
	await badp.close();
}

/* --- hard names, every verdict, history ----------------------------------- */

async function odd(t) {
	const [shotDir] = args;
	const { page, browser } = t;
	const index = JSON.parse(fs.readFileSync(path.join(dataDir, "linux-amd64", "index.json"), "utf8"));
	const names = index.versions.map((v) => v.version);
	check(JSON.stringify(names) === JSON.stringify(["<img src=x onerror=alert(2)>", "go1.21", "index", "a b#1?%", "go1.23~rc", "%2e%2e"]),
	    "the export indexes every hard version name", names);

	// Deep link to a pair of hard names, URL-encoded by the page's own rules.
	const q = new URLSearchParams({ base: "a b#1?%", target: "%2e%2e" });
	await page.goto(url + "?" + q.toString());
	await ready(page);
	await statusIs(page, /%2e%2e compared with a b#1\?%/);
	check(await page.$eval("#baseline", (s) => s.value) === "a b#1?%" && await page.$eval("#target", (s) => s.value) === "%2e%2e",
	    "a link to versions named 'a b#1?%' and '%2e%2e' selects them");
	check(await page.$eval("#notice", (n) => n.hidden), "and raises no complaint");
	let rows = await tableRows(page);
	const v = Object.fromEntries(rows.map((r) => [r[0], verdictOf(r[7])]));
	check(v["BenchmarkRegress-2"] === "regressed" && v["BenchmarkImprove-2"] === "improved" && v["BenchmarkSteady-2"] === "~" &&
	    v["BenchmarkNeutral-2"] === "neutral" &&
	    v["BenchmarkThree-2"] === "insufficient" && v["BenchmarkAdded-2"] === "added" && v["BenchmarkRemoved-2"] === "removed",
	    "regressed, improved, neutral, ~, insufficient (3 vs 3), added and removed rows", v);
	const want = compare(path.join(dataDir, "linux-amd64", index.versions[3].records),
		path.join(dataDir, "linux-amd64", index.versions[5].records), "ns/op");
	const opts = await page.$$eval("#baseline option", (o) => o.map((x) => x.text));
	check(opts[0] === "<img src=x onerror=alert(2)>" && await page.evaluate(() => document.querySelectorAll("img").length) === 0,
	    "a version with a hostile name is offered as text", opts);
	check(rows.every((r) => want.get(r[0]) && want.get(r[0]).verdict === verdictOf(r[7])), "every verdict is bt-compare's", rows.map((r) => [r[0], r[7]]));
	const summary = await page.$eval("#summary", (e) => e.textContent);
	check(/1 added/.test(summary) && /1 removed/.test(summary) && /1 regressed/.test(summary) && /1 insufficient/.test(summary),
	    "summary counts include added and removed", summary);
	const big = rows.find((r) => r[0] === "BenchmarkBigAlloc-2");
	check(big && big[8] === "1,048,576" && big[9] === "1,048,576", "1048576 B/op shows as 1,048,576", big);
	const title = await page.$eval("#table tbody tr[data-key='example.com/odd BenchmarkBigAlloc-2'] td:nth-child(9)", (td) => td.title);
	check(title === "1.05 MB/op", "and scaled in its title: 1.05 MB/op", title);
	const added = rows.find((r) => r[0] === "BenchmarkAdded-2");
	check(added && added[2] === "—" && added[3] !== "—", "an added benchmark has no baseline", added);

	// Regressions first.
	await page.selectOption("#view", "regressions");
	rows = await tableRows(page);
	check(verdictOf(rows[0][7]) === "regressed" && verdictOf(rows[1][7]) === "improved", "“regressions first” puts the regression on top", rows.map((r) => r[7]));
	check(new URL(page.url()).searchParams.get("view") === "regressions", "the view is in the address");

	// History: bt-history's points and change points, the commit range linked.
	await page.click("#table tbody tr[data-key='example.com/odd BenchmarkRegress-2'] button.bench");
	await page.waitForFunction(() => /40 runs/.test(document.getElementById("trend-source").textContent));
	check(/longest of 2 series/.test(await page.$eval("#trend-source", (e) => e.textContent)),
	    "of two label sets' series the longest is drawn, and the page says so");
	let tr = await chartData(page, "chart-trend");
	check(tr.data[0].length === 40 && tr.data[1].length === 1 && tr.data[1][0].x === 25 && tr.data[2][0].x === 10,
	    "trend: 40 runs from bt-history, the change point at run 25, the outlier at run 10", tr.data.map((d) => d.length));
	const link = await page.$eval("#changes a.range", (a) => [a.href, a.textContent]);
	const repo = index.repository;
	const hidx = JSON.parse(fs.readFileSync(path.join(dataDir, "linux-amd64", index.history), "utf8"));
	const cp = fs.readFileSync(path.join(dataDir, "linux-amd64", hidx.files["example.com/odd BenchmarkRegress-2"]), "utf8").split("\n")
		.filter(Boolean).map(JSON.parse).find((r) => r.kind === "changepoint");
	check(link[0] === repo + "/compare/" + cp.previous_run.commit + "..." + cp.run.commit &&
	    link[1] === cp.previous_run.commit.slice(0, 12) + " … " + cp.run.commit.slice(0, 12),
	    "the change's commit range links to the repository's compare page", link, repo);
	const chg = await page.$eval("#changes", (e) => e.textContent);
	check(/regressed at run 25: \+20\.00%/.test(chg) && /outlier at run 10/.test(chg), "the change points are listed", chg);
	check(new URL(page.url()).searchParams.get("bench") === "example.com/odd BenchmarkRegress-2", "the chosen benchmark is in the address");

	// Series bt-history keeps apart by version are one trend, in time order.
	await page.click("#table tbody tr[data-key='example.com/odd BenchmarkImprove-2'] button.bench");
	await page.waitForFunction(() => /12 runs/.test(document.getElementById("trend-source").textContent));
	const im = await chartData(page, "chart-trend");
	check(im.data[0].map((p) => p.y).join() === "500,500,500,500,500,500,500,500,500,500,400,400" &&
	    im.data[1].length === 1 && im.data[1][0].x === 10, "three versions' series joined oldest first, the change at run 10", im.data);
	await page.click("#table tbody tr[data-key='example.com/odd BenchmarkRegress-2'] button.bench");
	await page.waitForFunction(() => /40 runs/.test(document.getElementById("trend-source").textContent));

	// Zoom and pan.
	await page.click("#zoom-in");
	tr = await chartData(page, "chart-trend");
	check(tr.x[1] - tr.x[0] < 25, "zoom in narrows the run axis", tr.x);
	await page.keyboard.press("Tab");
	await page.focus("#chart-trend");
	const before = tr.x[0];
	await page.keyboard.press("ArrowLeft");
	tr = await chartData(page, "chart-trend");
	check(tr.x[0] < before, "pan moves it", before, tr.x);
	await page.click("#zoom-reset");
	tr = await chartData(page, "chart-trend");
	check(tr.x[0] === 0 && tr.x[1] === 39, "reset shows every run", tr.x);
	if (shotDir)
		await page.locator("#trend").screenshot({ path: path.join(shotDir, "trend.png") });

	// Thousands of points: 5,000 runs, decimated.
	await page.click("#table tbody tr[data-key='example.com/odd BenchmarkSteady-2'] button.bench");
	await page.waitForFunction(() => /5000 runs/.test(document.getElementById("trend-source").textContent));
	const drawn = await page.evaluate(() => {
		const c = Chart.getChart(document.getElementById("chart-trend"));
		const d = c.data.datasets[0];
		return [(d._data || d.data).length, c.getDatasetMeta(0).data.length];
	});
	check(drawn[0] === 5000 && drawn[1] > 0 && drawn[1] <= 1300, "5,000 runs are drawn decimated", drawn);

	// Back and Forward restore the choice; so does reload.
	await page.selectOption("#baseline", "index");
	await statusIs(page, /compared with index$/);
	await page.goBack();
	await statusIs(page, /%2e%2e compared with a b#1\?%/);
	check(await page.$eval("#baseline", (s) => s.value) === "a b#1?%", "Back restores the earlier baseline");
	await page.goForward();
	await statusIs(page, /compared with index$/);
	check(await page.$eval("#baseline", (s) => s.value) === "index", "Forward restores the later one");
	await page.fill("#search", "regress");
	await page.waitForFunction(() => new URL(location.href).searchParams.get("q") === "regress");
	await page.reload();
	await ready(page);
	check(await page.$eval("#baseline", (s) => s.value) === "index" && await page.$eval("#search", (s) => s.value) === "regress" &&
	    (await tableRows(page)).length === 1, "reload restores baseline, search and rows");

	// A stale answer never overwrites a newer choice: the first pair's
	// files are held back until the second pair is shown.
	let release;
	const held = new Promise((r) => (release = r));
	await page.route(/go1\.21~/, async (route) => { await held; route.continue(); });
	await page.selectOption("#baseline", "go1.21");
	await page.selectOption("#baseline", "go1.23~rc");
	await statusIs(page, /%2e%2e compared with go1\.23~rc/);
	release();
	await page.waitForTimeout(500);
	check(/compared with go1\.23~rc/.test(await page.$eval("#status", (e) => e.textContent)) &&
	    await page.$eval("#baseline", (s) => s.value) === "go1.23~rc", "a late answer for an older choice is dropped");
	await page.unroute(/go1\.21~/);

	// A failed fetch is not cached: an error, then Retry loads it.
	let fails = 1;
	await page.selectOption("#baseline", "index");
	await statusIs(page, /%2e%2e compared with index$/);
	await page.route(/index~go1/, (route) => (fails-- > 0 ? route.fulfill({ status: 503, body: "busy" }) : route.continue()));
	await page.selectOption("#target", "go1.23~rc");
	await page.waitForSelector("#status.error");
	const err = await page.$eval("#status", (e) => e.textContent);
	check(/HTTP 503/.test(err) && await page.$eval("#retry", (b) => !b.hidden), "a failed fetch shows its error and a Retry button", err);
	await page.click("#retry");
	await statusIs(page, /go1\.23~rc compared with index$/);
	check(true, "Retry fetches it again and shows the pair");
	await page.unroute(/index~go1/);

	// Bad deep links say what is wrong.
	const bad = await browser.newPage();
	watch(t, bad);
	await bad.goto(url + "?platform=plan9-mips&base=nope&category=zzz&sort=bogus&page=x&bench=nope");
	await ready(bad);
	const note = await bad.$eval("#notice", (n) => (n.hidden ? "" : n.textContent));
	check(/platform “plan9-mips”/.test(note) && /baseline version “nope”/.test(note) && /category “zzz”/.test(note) && /sort “bogus”/.test(note) &&
	    /page “x”/.test(note) && /benchmark “nope”/.test(note),
	    "a bad deep link names each wrong part", note);
	await bad.close();

	// platforms.json failing once: Retry starts the page.
	const flaky = await browser.newPage();
	watch({ dialogs: t.dialogs, errors: [] }, flaky);
	let once = 1;
	await flaky.route(/platforms\.json$/, (route) => (once-- > 0 ? route.fulfill({ status: 500, body: "" }) : route.continue()));
	await flaky.goto(url);
	await flaky.waitForSelector("#status.error");
	await flaky.click("#retry");
	await ready(flaky);
	const sortable = await flaky.$$eval("th[data-sort]", (ths) => ths.length);
	await flaky.click("th[data-sort=delta]");
	check(new URL(flaky.url()).searchParams.get("sort") === "delta", "after a failed start, Retry loads the page and its controls work once", sortable);
	await flaky.close();

	// An index that points outside the data directory is refused.
	const evil = await browser.newPage();
	watch({ dialogs: t.dialogs, errors: [] }, evil);
	const doctored = JSON.parse(JSON.stringify(index));
	doctored.versions[5].file = "../../index.html";
	await evil.route(/linux-amd64\/index\.json$/, (route) => route.fulfill({ contentType: "application/json", body: JSON.stringify(doctored) }));
	await evil.goto(url);
	await evil.waitForSelector("#status.error");
	const refused = await evil.$eval("#status", (e) => e.textContent);
	check(/\.\.\/\.\.\/index\.html: not a path inside the data directory/.test(refused), "a file outside the data directory is refused", refused);
	await evil.close();

	// The comparison view, for docs/img.
	if (shotDir) {
		await page.goto(url + "?" + new URLSearchParams({ base: "go1.23~rc", target: "%2e%2e", bench: "example.com/odd BenchmarkRegress-2" }));
		await ready(page);
		await page.waitForTimeout(300);
		await page.screenshot({ path: path.join(shotDir, "comparison.png"), fullPage: true });
	}
}

/* --- 3,000 benchmarks ----------------------------------------------------- */

async function big(t) {
	const { page } = t;
	const index = JSON.parse(fs.readFileSync(path.join(dataDir, "linux-amd64", "index.json"), "utf8"));
	check(index.versions.length === 6 && index.compare.length === 15, "6 versions, 15 pairs compared", index.versions.length, index.compare.length);
	await page.goto(url);
	await ready(page);
	const info = await page.$eval("#pageinfo", (e) => e.textContent);
	check(/of 3000$/.test(info), "3,000 benchmarks, paginated", info);
	check(await page.$$eval("#table tbody tr[data-key]", (r) => r.length) === 50, "one page of 50 rows drawn");
	const top = await chartData(page, "chart-top");
	check(top.labels.length <= 20, "the top-changes chart shows at most 20 bars", top.labels.length);
	await page.click("th[data-sort=name]");
	const rows = await allRows(page);
	const rec = (i) => path.join(dataDir, "linux-amd64", index.versions[i].records);
	const want = compare(rec(4), rec(5), "ns/op");
	const wrong = rows.filter((r) => !want.get(r[0]) || want.get(r[0]).verdict !== verdictOf(r[7]));
	check(rows.length === 3000 && wrong.length === 0, "every one of the 3,000 rows has bt-compare's verdict", rows.length, wrong.slice(0, 5));
	await page.type("#search", "op00");
	await page.waitForFunction(() => /of 100$/.test(document.getElementById("pageinfo").textContent));
	check(true, "typing filters the 3,000 rows");
	await page.type("#search", "1");
	await page.waitForFunction(() => /of 10$/.test(document.getElementById("pageinfo").textContent));
	check(true, "each keystroke narrows them");
}

/* --- timing, for make bench ---------------------------------------------- */

async function bench(t) {
	const { page } = t;
	const first = [], key = [];
	for (let i = 0; i < 3; i++) {
		await page.goto(url + "?i=" + i);
		await ready(page);
		first.push(await page.evaluate(() => window.btFirstRender));
		for (const q of ["o", "p", "0", "0", "1"]) {
			const ms = await page.evaluate((q) => new Promise((done) => {
				const s = document.getElementById("search");
				const t0 = performance.now();
				s.value += q;
				s.dispatchEvent(new Event("input"));
				const o = new MutationObserver(() => { o.disconnect(); requestAnimationFrame(() => done(performance.now() - t0)); });
				o.observe(document.querySelector("#table tbody"), { childList: true });
			}), q);
			key.push(ms);
		}
	}
	const med = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
	console.log("| dashboard first full render (navigation to table) | 3,000 benchmarks × 6 versions | " + Math.round(med(first)) + " ms | — | — |");
	console.log("| dashboard filter keystroke (input to table drawn) | 3,000 benchmarks × 6 versions | " + Math.round(med(key)) + " ms | — | — |");
}

async function main() {
	const t = await launch();
	await ({ go, odd, big, bench }[mode])(t);
	if (mode !== "bench") {
		await t.page.waitForTimeout(200);
		check(t.dialogs.length === 0, "no alert dialog", t.dialogs);
		check(t.errors.length === 0, "no script errors or CSP violations", t.errors);
	}
	await t.browser.close();
	return failed;
}

main().then((n) => process.exit(n ? 1 : 0), (e) => {
	console.log("FAIL browser test crashed");
	console.log("# " + String(e && e.stack || e).split("\n").join("\n# "));
	process.exit(1);
});
