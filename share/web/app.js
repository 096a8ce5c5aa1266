/*
 * app.js — the dashboard's logic.  It reads the layout of docs/web-data.md
 * (platforms.json, PLATFORM/index.json, PLATFORM/VERSION.json) from the
 * directory named by ?data= (default data/), lets the user pick a platform,
 * two versions, a category and a name filter, and draws the comparison.
 *
 * The one rule: every string that comes from the data reaches the document
 * as text (textContent, option.text, createTextNode), never as HTML, so a
 * benchmark named <img src=x onerror=alert(1)> shows as those characters.
 * Charts draw on canvas, which does not parse markup either.
 */
"use strict";

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const dataDir = new URL(withSlash(params.get("data") || "data/"), location.href);
const cache = new Map();	/* URL -> Promise of parsed JSON */
const charts = {};	/* canvas id -> Chart */
const COLORS = { base: "#7a8fa6", target: "#d9822b", faster: "#2e8b57", slower: "#c0392b" };
let platforms = [];
let current = { base: null, target: null, rows: [] };

function withSlash(s) {
	return s.endsWith("/") ? s : s + "/";
}

/* Fetch and parse one JSON file below the data directory, once. */
function load(path) {
	const url = new URL(path, dataDir).href;
	if (!cache.has(url)) {
		cache.set(url, fetch(url).then((r) => {
			if (!r.ok)
				throw new Error(url + ": HTTP " + r.status);
			return r.json();
		}));
	}
	return cache.get(url);
}

function status(text, isError) {
	$("status").textContent = text;
	$("status").className = isError ? "error" : "";
}

/* Element with optional class and text; the text is never parsed. */
function el(tag, cls, text) {
	const e = document.createElement(tag);
	if (cls)
		e.className = cls;
	if (text !== undefined && text !== null)
		e.textContent = String(text);
	return e;
}

function fillSelect(sel, values, chosen) {
	sel.replaceChildren();
	for (const v of values) {
		const o = el("option", null, v);
		o.value = v;
		sel.appendChild(o);
	}
	if (chosen !== undefined && values.includes(chosen))
		sel.value = chosen;
}

/* Numbers: six significant digits, no locale, so "45.83" reads the same anywhere. */
function fmt(x) {
	if (typeof x !== "number" || !isFinite(x))
		return "—";
	return String(Number(x.toPrecision(6)));
}

function fmtDelta(d) {
	if (d === null || !isFinite(d))
		return "—";
	return (d > 0 ? "+" : "") + d.toFixed(2) + "%";
}

function delta(b, t) {
	if (typeof b !== "number" || typeof t !== "number" || b === 0)
		return null;
	return (t - b) / b * 100;
}

function median(bench, unit) {
	const m = bench && bench.metrics && bench.metrics[unit];
	return m && typeof m.median === "number" ? m.median : null;
}

/* The identity of a benchmark across files and in history: docs/web-data.md. */
function keyOf(b) {
	return (b.suite || "") + " " + b.name + "-" + (b.procs || 1);
}

function displayName(b) {
	return b.procs > 1 ? b.name + "-" + b.procs : String(b.name);
}

function nsop(bench) {
	return bench && bench.metrics ? bench.metrics["ns/op"] : null;
}

/* Variance class of a CV in percent, as the seeds define it. */
function varianceClass(cv) {
	if (typeof cv !== "number")
		return null;
	if (cv < 5)
		return "Good";
	if (cv <= 10)
		return "Acceptable";
	if (cv <= 15)
		return "Warning";
	if (cv <= 30)
		return "High";
	return "Very High";
}

/* Different when the 95% intervals of the two means do not overlap. */
function change(bm, tm) {
	if (!bm || !tm || typeof bm.ci_low !== "number" || typeof tm.ci_low !== "number")
		return "?";
	if (tm.ci_high < bm.ci_low)
		return "faster";
	if (tm.ci_low > bm.ci_high)
		return "slower";
	return "~";
}

/* Join the two versions' benchmarks by key, in the baseline's order. */
function joinRows(base, target) {
	const rows = new Map();
	for (const [side, doc] of [["base", base], ["target", target]]) {
		for (const b of doc.benchmarks || []) {
			if (!b || typeof b.name !== "string")
				continue;
			const k = keyOf(b);
			if (!rows.has(k))
				rows.set(k, { key: k, bench: b, base: null, target: null });
			rows.get(k)[side] = b;
		}
	}
	return [...rows.values()];
}

function visibleRows() {
	const cat = $("category").value;
	const q = $("search").value.trim().toLowerCase();
	return current.rows.filter((r) =>
		(!cat || r.bench.category === cat) &&
		(!q || displayName(r.bench).toLowerCase().includes(q)));
}

function badge(bench) {
	const m = nsop(bench);
	if (!m)
		return el("span", "badge", "—");
	const cls = bench.variance || varianceClass(m.cv) || "unknown";
	const s = el("span", "badge v-" + cls.toLowerCase().replace(/\s+/g, "-"),
	    cls + " " + (typeof m.cv === "number" ? m.cv.toFixed(1) + "%" : ""));
	s.title = "CV of ns/op over " + m.n + " samples";
	return s;
}

function cell(tr, text, cls) {
	const td = el("td", cls, text);
	tr.appendChild(td);
	return td;
}

function renderTable(rows) {
	const tbody = $("table").tBodies[0];
	tbody.replaceChildren();
	for (const r of rows) {
		const tr = el("tr");
		tr.dataset.key = r.key;
		const name = cell(tr, displayName(r.bench), "name");
		name.title = r.bench.suite;
		cell(tr, r.bench.category);
		const bt = median(r.base, "ns/op"), tt = median(r.target, "ns/op");
		cell(tr, fmt(bt), "num");
		cell(tr, fmt(tt), "num");
		const d = delta(bt, tt);
		cell(tr, fmtDelta(d), "num " + (d === null ? "" : d < 0 ? "faster" : d > 0 ? "slower" : ""));
		cell(tr, change(nsop(r.base), nsop(r.target)));
		for (const unit of ["B/op", "allocs/op"]) {
			cell(tr, fmt(median(r.base, unit)), "num");
			cell(tr, fmt(median(r.target, unit)), "num");
		}
		tr.appendChild(el("td")).appendChild(badge(r.base));
		tr.appendChild(el("td")).appendChild(badge(r.target));
		tbody.appendChild(tr);
	}
	if (!rows.length) {
		const tr = el("tr");
		const td = el("td", "empty", "No benchmark matches.");
		td.colSpan = 12;
		tr.appendChild(td);
		tbody.appendChild(tr);
	}
}

function drawChart(id, config) {
	if (charts[id])
		charts[id].destroy();
	config.options = Object.assign({
		responsive: true, maintainAspectRatio: false, animation: false,
	}, config.options || {});
	charts[id] = new Chart($(id), config);
}

function pairChart(id, rows, unit, log) {
	drawChart(id, {
		type: "bar",
		data: {
			labels: rows.map((r) => displayName(r.bench)),
			datasets: [
				{ label: current.base.version, backgroundColor: COLORS.base,
				  data: rows.map((r) => median(r.base, unit)) },
				{ label: current.target.version, backgroundColor: COLORS.target,
				  data: rows.map((r) => median(r.target, unit)) },
			],
		},
		options: { scales: { y: { type: log ? "logarithmic" : "linear", title: { display: true, text: unit } } } },
	});
}

function deltaChart(rows) {
	const d = rows.map((r) => delta(median(r.base, "ns/op"), median(r.target, "ns/op")));
	drawChart("chart-delta", {
		type: "bar",
		data: {
			labels: rows.map((r) => displayName(r.bench)),
			datasets: [{ label: "delta % (" + current.target.version + " vs " + current.base.version + ")",
				data: d.map((x) => (x === null ? null : Number(x.toFixed(2)))),
				backgroundColor: d.map((x) => (x !== null && x < 0 ? COLORS.faster : COLORS.slower)) }],
		},
		options: { indexAxis: "y", plugins: { legend: { display: false } },
			scales: { x: { title: { display: true, text: "%" } }, y: { ticks: { autoSkip: false } } } },
	});
}

/* History of the chosen benchmark: one line per loaded version, by time. */
function trendChart() {
	const key = $("trend-bench").value;
	const docs = current.base === current.target ? [current.base] : [current.base, current.target];
	const stamps = [...new Set(docs.flatMap((d) => (d.history || []).map((h) => h.timestamp)))].sort();
	drawChart("chart-trend", {
		type: "line",
		data: {
			labels: stamps,
			datasets: docs.map((d, i) => {
				const by = new Map((d.history || []).map((h) => [h.timestamp, h.medians && h.medians[key]]));
				return { label: d.version, borderColor: i ? COLORS.target : COLORS.base,
					backgroundColor: i ? COLORS.target : COLORS.base, spanGaps: true,
					data: stamps.map((s) => (by.get(s) && typeof by.get(s)["ns/op"] === "number" ? by.get(s)["ns/op"] : null)) };
			}),
		},
		options: { scales: { y: { title: { display: true, text: "ns/op" } } } },
	});
}

function renderSystems() {
	const box = $("systems");
	box.replaceChildren();
	const fields = [["cpu", "CPU"], ["cores", "Cores"], ["os", "OS"], ["arch", "Arch"],
		["host", "Host"], ["toolchain", "Toolchain"], ["commit", "Commit"]];
	for (const [role, doc] of [["Baseline", current.base], ["Target", current.target]]) {
		const card = el("article", "card");
		card.appendChild(el("h2", null, role + ": " + doc.version));
		const dl = el("dl");
		const sys = doc.system || {};
		for (const [k, label] of fields) {
			dl.appendChild(el("dt", null, label));
			dl.appendChild(el("dd", null, sys[k] === undefined || sys[k] === "" ? "—" : sys[k]));
		}
		dl.appendChild(el("dt", null, "Run"));
		dl.appendChild(el("dd", null, doc.timestamp || "—"));
		card.appendChild(dl);
		box.appendChild(card);
	}
}

function renderSummary(rows) {
	const n = { faster: 0, slower: 0, "~": 0 };
	for (const r of rows) {
		const c = change(nsop(r.base), nsop(r.target));
		if (c in n)
			n[c]++;
	}
	$("summary").textContent = rows.length + " benchmarks shown: " + n.faster + " faster, " +
	    n.slower + " slower, " + n["~"] + " without a significant change (95% intervals overlap).";
}

function render() {
	const rows = visibleRows();
	renderTable(rows);
	renderSummary(rows);
	pairChart("chart-time", rows, "ns/op", true);
	deltaChart(rows);
	pairChart("chart-bytes", rows, "B/op", true);
	pairChart("chart-allocs", rows, "allocs/op", false);
	const keep = $("trend-bench").value;
	const sel = $("trend-bench");
	sel.replaceChildren();
	for (const r of rows) {
		const o = el("option", null, displayName(r.bench));
		o.value = r.key;
		sel.appendChild(o);
	}
	if (rows.some((r) => r.key === keep))
		sel.value = keep;
	trendChart();
	saveState();
}

function saveState() {
	const p = new URLSearchParams(location.search);
	for (const [k, id] of [["platform", "platform"], ["base", "baseline"], ["target", "target"],
		["category", "category"], ["q", "search"]]) {
		if ($(id).value)
			p.set(k, $(id).value);
		else
			p.delete(k);
	}
	history.replaceState(null, "", "?" + p.toString());
}

async function selectVersions(first) {
	const platform = $("platform").value;
	status("Loading " + platform + "…");
	const idx = await load(platform + "/index.json");
	const byName = new Map((idx.versions || []).map((v) => [v.version, v]));
	const [base, target] = await Promise.all([$("baseline").value, $("target").value].map(
		(v) => load(platform + "/" + byName.get(v).file)));
	current = { base, target, rows: joinRows(base, target) };
	const cats = [...new Set(current.rows.map((r) => r.bench.category).filter(Boolean))].sort();
	fillSelect($("category"), ["", ...cats], first === true ? params.get("category") || "" : $("category").value);
	$("category").options[0].text = "all";
	renderSystems();
	render();
	status(platform + ": " + target.version + " compared with " + base.version);
}

async function selectPlatform(first) {
	const platform = $("platform").value;
	const idx = await load(platform + "/index.json");
	const versions = (idx.versions || []).slice()
		.sort((a, b) => String(a.timestamp).localeCompare(String(b.timestamp)))
		.map((v) => v.version);
	if (!versions.length)
		throw new Error(platform + "/index.json: no versions");
	const dBase = versions[Math.max(0, versions.length - 2)], dTarget = versions[versions.length - 1];
	fillSelect($("baseline"), versions, first ? params.get("base") || dBase : dBase);
	fillSelect($("target"), versions, first ? params.get("target") || dTarget : dTarget);
	await selectVersions(first);
}

function guard(fn) {
	return (...args) => fn(...args).catch((e) => status("Cannot load data: " + e.message, true));
}

async function main() {
	const doc = await load("platforms.json");
	platforms = doc.platforms || [];
	if (!platforms.length)
		throw new Error("platforms.json lists no platform");
	fillSelect($("platform"), platforms.map((p) => p.id), params.get("platform") || undefined);
	$("search").value = params.get("q") || "";
	$("platform").addEventListener("change", guard(() => selectPlatform(false)));
	$("baseline").addEventListener("change", guard(() => selectVersions(false)));
	$("target").addEventListener("change", guard(() => selectVersions(false)));
	$("category").addEventListener("change", render);
	$("search").addEventListener("input", render);
	$("trend-bench").addEventListener("change", trendChart);
	await selectPlatform(true);
}

guard(main)();
