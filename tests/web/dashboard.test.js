// dashboard.test.js — drive the dashboard in Debian's headless Chromium
// through playwright-core and check what a user sees.  Called by
// tests/e2e/web.t, which serves the page and a data set on loopback.
//
//   node dashboard.test.js URL GO_A GO_B DATA_DIR SHOT [SHOT…]
//
// URL is the page; GO_A and GO_B the raw Go captures the data set was made
// from (the expected medians are computed here from them, independently of
// the exporter); DATA_DIR the served data (for the history check); every
// SHOT path receives a screenshot.  Prints "PASS name", "FAIL name" and
// "# diagnostics" lines for web.t to turn into TAP; exits 1 on a crash.
"use strict";
const fs = require("fs");
const path = require("path");
const { chromium } = require("playwright-core");

const [url, goA, goB, dataDir, ...shots] = process.argv.slice(2);
const XSS = "<img src=x onerror=alert(1)>";
let failed = 0;

function check(cond, name, ...diag) {
	console.log((cond ? "PASS " : "FAIL ") + name);
	if (!cond) {
		failed++;
		for (const d of diag)
			console.log("# " + JSON.stringify(d));
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

const fmt = (x) => String(Number(x.toPrecision(6)));
const near = (a, b) => a !== null && b !== null && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

async function tableRows(page) {
	return page.$$eval("#table tbody tr", (trs) => trs.map((tr) =>
		[...tr.cells].map((td) => td.textContent)));
}

async function chartData(page, id) {
	return page.evaluate((id) => {
		const c = Chart.getChart(document.getElementById(id));
		if (!c)
			return null;
		return { labels: c.data.labels, data: c.data.datasets.map((d) => d.data),
			names: c.data.datasets.map((d) => d.label) };
	}, id);
}

async function main() {
	const A = parseGo(goA), B = parseGo(goB);
	// A fresh profile each run; playwright passes it as --user-data-dir.
	const profile = fs.mkdtempSync(path.join(process.env.BT_TMP || "/tmp", "chromium-"));
	const browser = await chromium.launchPersistentContext(profile, {
		executablePath: process.env.BT_CHROMIUM || "/usr/bin/chromium",
		headless: true,
		viewport: { width: 1280, height: 1800 },
		args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
			"--disable-background-networking", "--disable-component-update", "--disable-sync"],
	});
	const page = browser.pages()[0] || await browser.newPage();
	const dialogs = [], errors = [];
	page.on("dialog", (d) => { dialogs.push(d.message()); d.dismiss(); });
	page.on("pageerror", (e) => errors.push(e.message));
	page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
	// Generous: a loaded machine (the sanitizer build, fuzzers) once took
	// longer than the default 30 s to start the first page.
	page.setDefaultTimeout(120000);
	await page.goto(url);
	await page.waitForFunction(() => document.querySelectorAll("#table tbody tr[data-key]").length > 0);

	// Platform, two versions, category.
	const platforms = await page.$$eval("#platform option", (o) => o.map((x) => x.value));
	check(platforms.includes("linux-amd64"), "platform selector lists linux-amd64", platforms);
	await page.selectOption("#platform", "linux-amd64");
	await page.selectOption("#baseline", "go1.19.8-a");
	await page.selectOption("#target", "go1.19.8-b");
	await page.waitForFunction(() => /go1\.19\.8-b compared with go1\.19\.8-a/.test(document.getElementById("status").textContent));
	const cats = await page.$$eval("#category option", (o) => o.map((x) => x.value));
	check(JSON.stringify(cats) === JSON.stringify(["", "core", "stdlib"]), "category filter offers all, core, stdlib", cats);
	await page.selectOption("#category", "stdlib");

	// The table: stdlib only, right medians and deltas.
	let rows = await tableRows(page);
	const stdlib = [...A.keys()].filter((k) => /JSON|SHA256|Gzip|Regexp/.test(k));
	check(JSON.stringify(rows.map((r) => r[0])) === JSON.stringify(stdlib), "stdlib rows in capture order", rows.map((r) => r[0]));
	check(rows.every((r) => r[1] === "stdlib"), "every row is in category stdlib");
	let numbersOk = true;
	for (const r of rows) {
		const a = A.get(r[0]), b = B.get(r[0]);
		const ma = median(a["ns/op"]), mb = median(b["ns/op"]);
		const want = [fmt(ma), fmt(mb), ((mb - ma) / ma * 100 > 0 ? "+" : "") + ((mb - ma) / ma * 100).toFixed(2) + "%",
			fmt(median(a["B/op"])), fmt(median(b["B/op"])), fmt(median(a["allocs/op"])), fmt(median(b["allocs/op"]))];
		const got = [r[2], r[3], r[4], r[6], r[7], r[8], r[9]];
		if (JSON.stringify(got) !== JSON.stringify(want)) {
			numbersOk = false;
			console.log("# " + r[0] + " got " + JSON.stringify(got) + " want " + JSON.stringify(want));
		}
	}
	check(numbersOk, "table medians (ns/op, B/op, allocs/op) and delta % match the captures");
	const json = rows.find((r) => r[0] === "BenchmarkJSONEncode-2");
	check(json && json[2] === "276.65", "JSONEncode baseline median is 276.65 ns/op", json);

	// Charts: rendered, and their data is the table's.
	for (const id of ["chart-time", "chart-delta", "chart-bytes", "chart-allocs", "chart-trend"]) {
		const box = await page.$eval("#" + id, (c) => [c.width, c.height]);
		check(box[0] > 0 && box[1] > 0, id + ": canvas drawn", box);
	}
	const time = await chartData(page, "chart-time");
	check(time && JSON.stringify(time.labels) === JSON.stringify(stdlib), "time chart labels are the shown benchmarks", time && time.labels);
	check(time && time.data[0].every((v, i) => near(v, median(A.get(stdlib[i])["ns/op"]))) &&
	    time.data[1].every((v, i) => near(v, median(B.get(stdlib[i])["ns/op"]))),
	    "time chart bars are the baseline and target medians", time && time.data);
	const bytes = await chartData(page, "chart-bytes");
	check(bytes && bytes.data[1].every((v, i) => near(v, median(B.get(stdlib[i])["B/op"]))), "memory chart bars are the B/op medians", bytes && bytes.data);
	const allocs = await chartData(page, "chart-allocs");
	check(allocs && allocs.data[0].every((v, i) => near(v, median(A.get(stdlib[i])["allocs/op"]))), "allocs chart bars are the allocs/op medians", allocs && allocs.data);
	const dl = await chartData(page, "chart-delta");
	check(dl && dl.data[0].every((v, i) => {
		const a = median(A.get(stdlib[i])["ns/op"]), b = median(B.get(stdlib[i])["ns/op"]);
		return v === Number(((b - a) / a * 100).toFixed(2));
	}), "delta chart shows each benchmark's delta %", dl && dl.data);

	// Trend over history: the baseline's history has two runs, the target's one.
	const key = "example.com/perfbench/stdlib BenchmarkGzip64KB-2";
	await page.selectOption("#trend-bench", key);
	const tr = await chartData(page, "chart-trend");
	const index = JSON.parse(fs.readFileSync(path.join(dataDir, "linux-amd64", "index.json"), "utf8"));
	const hist = (v) => JSON.parse(fs.readFileSync(path.join(dataDir, "linux-amd64",
		index.versions.find((e) => e.version === v).file), "utf8")).history;
	const ha = hist("go1.19.8-a"), hb = hist("go1.19.8-b");
	const wantLabels = [...new Set([...ha, ...hb].map((h) => h.timestamp))].sort();
	check(tr && JSON.stringify(tr.labels) === JSON.stringify(wantLabels) && wantLabels.length >= 3, "trend chart spans every run's date", tr && tr.labels);
	check(tr && tr.data[0].filter((v) => v !== null).length === ha.length &&
	    ha.every((h) => tr.data[0][wantLabels.indexOf(h.timestamp)] === h.medians[key]["ns/op"]) &&
	    tr.data[1][wantLabels.length - 1] === median(B.get("BenchmarkGzip64KB-2")["ns/op"]),
	    "trend points are the history medians", tr && tr.data);

	// Variance indicators and system metadata.
	await page.selectOption("#category", "core");
	rows = await tableRows(page);
	const small = rows.find((r) => r[0] === "BenchmarkSmallAllocation-2");
	check(small && small[2] === "45.83", "SmallAllocation baseline median 45.83 ns/op (by hand from the capture)", small);
	check(small && small[10] === "Warning 14.5%", "SmallAllocation baseline variance: Warning 14.5%", small);
	const large = rows.find((r) => r[0] === "BenchmarkLargeAllocation-2");
	check(large && large[10] === "High 16.5%", "LargeAllocation baseline variance: High 16.5% (CV 16.46%)", large);
	const sys = await page.$eval("#systems", (e) => e.textContent);
	check(sys.includes("Intel(R) Xeon(R) Processor") && sys.includes("go version go1.19.8 linux/amd64") &&
	    sys.includes("Baseline: go1.19.8-a") && sys.includes("Target: go1.19.8-b"), "system metadata of both runs shown", sys);

	// Search by name.
	await page.fill("#search", "sha256");
	await page.selectOption("#category", "");
	rows = await tableRows(page);
	check(rows.length === 2 && rows.every((r) => r[0].startsWith("BenchmarkSHA256/")), "search 'sha256' shows the two SHA256 rows", rows.map((r) => r[0]));
	check(new URL(page.url()).searchParams.get("q") === "sha256", "the selection is kept in the address");

	// XSS: the hostile name is text, nothing runs.
	await page.fill("#search", "onerror");
	rows = await tableRows(page);
	check(rows.length === 1 && rows[0][0] === XSS + "-2", "a benchmark named " + XSS + " shows as those characters", rows);
	const imgs = await page.evaluate(() => document.querySelectorAll("img").length);
	check(imgs === 0, "no img element in the document", imgs);
	const opt = await page.$eval("#trend-bench", (s) => s.options[0].text);
	check(opt === XSS + "-2", "the trend selector shows the name as text", opt);
	await page.waitForTimeout(300);
	check(dialogs.length === 0, "no alert dialog", dialogs);

	await page.fill("#search", "");
	await page.selectOption("#baseline", "go1.19.8-a");
	await page.waitForTimeout(200);
	for (const s of shots)
		await page.screenshot({ path: s, fullPage: true });

	// A phone: one column, nothing wider than the screen but the table's scroller.
	await page.setViewportSize({ width: 390, height: 844 });
	await page.waitForTimeout(300);
	const fit = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth,
		document.querySelector(".table-wrap").scrollWidth > document.querySelector(".table-wrap").clientWidth]);
	check(fit[0] <= fit[1], "on a 390px-wide phone the page does not scroll sideways", fit);
	check(fit[2], "on a phone the table scrolls inside its box", fit);
	if (shots.length)
		await page.screenshot({ path: shots[0].replace(/\.png$/, "-phone.png"), fullPage: true });

	check(errors.length === 0, "no script errors or CSP violations", errors);

	// A data directory that is not there: said plainly on the page.
	const bad = await browser.newPage();
	await bad.goto(url + "?data=no-such-dir/");
	await bad.waitForSelector("#status.error");
	const msg = await bad.$eval("#status", (e) => e.textContent);
	check(/no-such-dir\/platforms\.json: HTTP 404/.test(msg), "a missing data directory is reported on the page", msg);
	await browser.close();
	return failed;
}

main().then((n) => process.exit(n ? 1 : 0), (e) => {
	console.log("FAIL browser test crashed");
	console.log("# " + String(e && e.stack || e).split("\n").join("\n# "));
	process.exit(1);
});
