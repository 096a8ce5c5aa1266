/*
 * app.js — the dashboard's logic.  It reads the layout of docs/web-data.md
 * (platforms.json, PLATFORM/index.json, the version files, bt-compare's pair
 * files and bt-history's history.jsonl) from the directory named by ?data=
 * (default data/), and shows two versions of one platform side by side and
 * one benchmark's history.
 *
 * Three rules:
 * - Every string from the data reaches the document as text (textContent,
 *   option.text), never as HTML; charts draw on canvas.  A benchmark named
 *   <img src=x onerror=alert(1)> shows as those characters.
 * - The page has no notion of significance: verdicts, p-values and the
 *   medians' intervals are bt-compare's, change points bt-history's.
 * - The choice lives in the address (History API); every load carries a
 *   generation number, so an answer to an older choice is dropped.
 */
"use strict";

const $ = (id) => document.getElementById(id);
const dataDir = new URL(withSlash(new URLSearchParams(location.search).get("data") || "data/"), location.href);
const PAGE = 50;	/* table rows per page */
const VERDICTS = ["regressed", "improved", "neutral", "~", "insufficient", "added", "removed"];
const RANK = Object.fromEntries(VERDICTS.map((v, i) => [v, i]));
const CHANGES = new Set(["regressed", "improved", "neutral", "added", "removed"]);
const cache = new Map();	/* URL -> Promise of the parsed file */
const charts = {};	/* canvas id -> Chart */
let platforms = [];
let gen = 0;	/* generation of the newest choice */
let lastAction = null;	/* what Retry repeats */
/* The loaded comparison; rows are joined once per load, filtered per keystroke. */
let cur = null;
let state = {};
let shown = [];	/* the filtered, sorted rows */
let zoom = null;	/* trend x range [min, max] or null */

function withSlash(s) {
	return s.endsWith("/") ? s : s + "/";
}

function css(name) {
	return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

/* A path below the data directory, each segment encoded: file names carry
 * a literal '%' (docs/web-data.md). */
function dataURL(path) {
	const segs = String(path).split("/");
	if (segs.some((s) => s === "" || s === "." || s === ".."))
		throw new Error(path + ": not a path inside the data directory");
	return new URL(segs.map(encodeURIComponent).join("/"), dataDir).href;
}

/* Fetch one file below the data directory, once; a failure is not kept,
 * so Retry fetches again. */
function load(path, how) {
	const url = dataURL(path);
	if (!cache.has(url)) {
		const p = fetch(url).then((r) => {
			if (!r.ok)
				throw new Error(path + ": HTTP " + r.status);
			return how === "text" ? r.text() : r.json().catch((e) => {
				throw new Error(path + ": not JSON (" + e.message + ")");
			});
		});
		p.catch(() => cache.delete(url));
		cache.set(url, p);
	}
	return cache.get(url);
}

function status(text, isError) {
	$("status").textContent = text;
	$("status").className = isError ? "error" : "";
	$("retry").hidden = !isError;
}

function notice(lines) {
	$("notice").hidden = !lines.length;
	$("notice").textContent = lines.join(" ");
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

function fillSelect(sel, values, chosen, labels) {
	sel.replaceChildren();
	values.forEach((v, i) => {
		const o = el("option", null, labels ? labels[i] : v);
		o.value = v;
		sel.appendChild(o);
	});
	if (values.includes(chosen))
		sel.value = chosen;
}

/* --- numbers ------------------------------------------------------------- */

/* Exactly, or to six significant digits without ever rounding the integer
 * part: 1048576 is 1,048,576 (never 1048580), 276.65 is 276.65.  One
 * formatter per number of decimals: making one per call is slow. */
const formats = [];
function fmt(x) {
	if (typeof x !== "number" || !isFinite(x))
		return "—";
	const digits = Number.isInteger(x) || x === 0 ? 6 : Math.floor(Math.log10(Math.abs(x))) + 1;
	const frac = Math.max(0, 6 - digits);
	if (frac > 20)
		return String(Number(x.toPrecision(6)));
	if (!formats[frac])
		formats[frac] = new Intl.NumberFormat("en-US", { maximumFractionDigits: frac });
	return formats[frac].format(x);
}

/* The same, scaled to the unit's prefix for a title: 1,048,576 B = 1.05 MB. */
function scaled(x, unit) {
	if (typeof x !== "number" || !isFinite(x))
		return "";
	const base = /^(B|bytes?)\//.test(unit) ? ["B", 1000, ["B", "kB", "MB", "GB", "TB"]]
		: /^ns\//.test(unit) ? ["ns", 1000, ["ns", "µs", "ms", "s"]] : null;
	if (!base)
		return fmt(x) + " " + unit;
	let i = 0, v = x;
	while (Math.abs(v) >= base[1] && i < base[2].length - 1) {
		v /= base[1];
		i++;
	}
	return Number(v.toPrecision(3)) + " " + base[2][i] + unit.slice(base[0].length);
}

function fmtDelta(d) {
	if (typeof d !== "number" || !isFinite(d))
		return "—";
	return (d > 0 ? "+" : "") + d.toFixed(2) + "%";
}

function fmtP(p) {
	if (typeof p !== "number" || !isFinite(p))
		return "—";
	return p < 0.0001 ? p.toExponential(1) : String(Number(p.toPrecision(2)));
}

/* --- the data ------------------------------------------------------------ */

/* The identity of a benchmark in every file: "<suite> <name>-<procs>". */
function keyOf(b) {
	return (b.suite || "") + " " + b.name + "-" + (b.procs || 1);
}

function displayName(b) {
	return b.procs > 1 ? b.name + "-" + b.procs : String(b.name);
}

function metric(bench, unit) {
	return bench && bench.metrics ? bench.metrics[unit] || null : null;
}

function median(bench, unit) {
	const m = metric(bench, unit);
	return m && typeof m.median === "number" ? m.median : null;
}

/* The unit the table compares: ns/op when the data has it, else the first. */
function mainUnit(docs) {
	let first = null;
	for (const d of docs)
		for (const b of d.benchmarks || []) {
			const us = Object.keys(b.metrics || {});
			if (us.includes("ns/op"))
				return "ns/op";
			first = first || us[0];
		}
	return first || "ns/op";
}

/* Join both versions and bt-compare's results into rows, in the baseline's
 * order, then the target's new ones. */
function joinRows(base, target, results, unit) {
	const rows = new Map();
	for (const [side, doc] of [["base", base], ["target", target]]) {
		for (const b of doc.benchmarks || []) {
			if (!b || typeof b.name !== "string")
				continue;
			const k = keyOf(b);
			if (!rows.has(k))
				rows.set(k, { key: k, bench: b, base: null, target: null, ch: null });
			rows.get(k)[side] = b;
		}
	}
	for (const c of results || []) {
		if (!c || c.unit !== unit || typeof c.name !== "string" || c.geomean)
			continue;
		const r = rows.get(keyOf(c));
		if (r && !r.ch)
			r.ch = c;
	}
	let i = 0;
	for (const r of rows.values()) {
		r.order = i++;
		r.name = displayName(r.bench);
		r.lname = r.name.toLowerCase();
		r.verdict = r.ch && typeof r.ch.verdict === "string" ? r.ch.verdict : null;
		const bc = r.ch && r.ch.baseline ? r.ch.baseline.center : median(r.base, unit);
		const tc = r.ch && r.ch.target ? r.ch.target.center : median(r.target, unit);
		r.bc = typeof bc === "number" ? bc : null;
		r.tc = typeof tc === "number" ? tc : null;
		r.delta = r.ch ? r.ch.delta_percent : (r.bc && r.tc !== null ? (r.tc - r.bc) / r.bc * 100 : null);
		r.p = r.ch && typeof r.ch.p_value === "number" ? r.ch.p_value : null;
		const mb = metric(r.base, unit), mt = metric(r.target, unit);
		r.cvb = mb && typeof mb.cv === "number" ? mb.cv : null;
		r.cvt = mt && typeof mt.cv === "number" ? mt.cv : null;
	}
	return [...rows.values()];
}

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

/* --- the address --------------------------------------------------------- */

const KEYS = { platform: "platform", base: "baseline", target: "target", category: "category", q: "search", view: "view" };

function fromURL() {
	const p = new URLSearchParams(location.search);
	const s = {};
	for (const k of [...Object.keys(KEYS), "sort", "page", "bench"])
		s[k] = p.get(k);
	return s;
}

/* Write the choice into the address: a new entry for a choice (Back undoes
 * it), the same entry for typing and paging. */
function toURL(push) {
	const p = new URLSearchParams(location.search);
	for (const [k, v] of Object.entries(state)) {
		if (v === null || v === undefined || v === "" || (k === "page" && v === 0) ||
		    (k === "view" && v === "all"))
			p.delete(k);
		else
			p.set(k, v);
	}
	const url = "?" + p.toString() + location.hash;
	if (url === location.search + location.hash)
		return;
	if (push)
		history.pushState(null, "", url);
	else
		history.replaceState(null, "", url);
}

/* --- loading ------------------------------------------------------------- */

function versionsOf(idx) {
	return (idx.versions || []).filter((v) => v && typeof v.version === "string")
		.slice().sort((a, b) => String(a.timestamp).localeCompare(String(b.timestamp)));
}

/* Bring the page to the choice s (from the address or a control): load
 * what it needs, drop the answer if a newer choice came meanwhile. */
async function show(s, push) {
	const my = ++gen;
	lastAction = () => show(s, push);
	const wrong = [];
	const ids = platforms.map((p) => p.id);
	let platform = s.platform;
	if (platform && !ids.includes(platform)) {
		wrong.push("The link names platform “" + platform + "”, which this data does not have; showing " + ids[0] + ".");
		platform = null;
	}
	platform = platform || ids[0];
	status("Loading " + platform + "…");
	const idx = await load(platform + "/index.json");
	if (my !== gen)
		return;
	const versions = versionsOf(idx);
	if (!versions.length)
		throw new Error(platform + "/index.json: no versions");
	const names = versions.map((v) => v.version);
	let base = s.base, target = s.target;
	for (const [what, v] of [["baseline", base], ["target", target]])
		if (v && !names.includes(v))
			wrong.push("The link names " + what + " version “" + v + "”, which " + platform + " does not have.");
	if (names.includes(base) && base === names[names.length - 1] && names.length > 1) {
		wrong.push("The link's baseline “" + base + "” is the newest version: nothing is newer to compare it with.");
		base = null;
	}
	if (!names.includes(base))
		base = names[Math.max(0, names.length - 2)];
	if (names.includes(target) && names.includes(base) && names.indexOf(target) <= names.indexOf(base) && names.length > 1)
		wrong.push("The link's target “" + target + "” is not newer than its baseline “" + base + "”.");
	if (!names.includes(target) || names.indexOf(target) <= names.indexOf(base))
		target = names[Math.min(names.length - 1, names.indexOf(base) + 1)];
	const vb = versions[names.indexOf(base)], vt = versions[names.indexOf(target)];
	const pair = (idx.compare || []).find((c) => c && c.base === base && c.target === target);
	const [bdoc, tdoc, cmp] = await Promise.all([load(platform + "/" + vb.file),
		base === target ? null : load(platform + "/" + vt.file),
		pair ? load(platform + "/" + pair.file) : null]);
	if (my !== gen)
		return;
	const t2 = tdoc || bdoc;
	const unit = mainUnit([bdoc, t2]);
	cur = { platform, idx, versions, base: bdoc, target: t2, vb, vt, unit, pair: !!pair,
		rows: joinRows(bdoc, t2, cmp && cmp.results, unit), history: null };

	fillSelect($("platform"), ids, platform);
	fillSelect($("baseline"), names.slice(0, -1).length ? names.slice(0, -1) : names, base);
	const later = names.slice(names.indexOf(base) + 1);
	fillSelect($("target"), later.length ? later : [base], target);
	const cats = [...new Set(cur.rows.map((r) => r.bench.category).filter((c) => typeof c === "string" && c))].sort();
	let cat = s.category || "";
	if (cat && !cats.includes(cat)) {
		wrong.push("The link names category “" + cat + "”, which these versions do not have.");
		cat = "";
	}
	fillSelect($("category"), ["", ...cats], cat, ["all", ...cats]);
	const view = ["all", "regressions", "changes"].includes(s.view || "all") ? s.view || "all" : "all";
	if (view !== (s.view || "all"))
		wrong.push("The link's view “" + s.view + "” is not one of all, regressions, changes.");
	$("view").value = view;
	let sort = s.sort || "";
	if (sort && !/^-?(name|delta|p|verdict|cv|cvt)$/.test(sort)) {
		wrong.push("The link's sort “" + sort + "” is not a column.");
		sort = "";
	}
	$("search").value = s.q || "";
	let page = 0;
	if (s.page !== null && s.page !== undefined && s.page !== "" && s.page !== 0) {
		page = /^\d+$/.test(String(s.page)) ? Number(s.page) : 0;
		if (!page && String(s.page) !== "0")
			wrong.push("The link's page “" + s.page + "” is not a page number.");
	}
	let bench = s.bench || "";
	if (bench && !cur.rows.some((r) => r.key === bench)) {
		wrong.push("The link's benchmark “" + bench + "” is in neither version.");
		bench = "";
	}
	state = { platform, base, target, category: cat, q: s.q || "", view, sort, page, bench };
	notice(wrong);
	renderSystems();
	renderDownloads();
	render(false);
	toURL(push);
	status(platform + ": " + target + " compared with " + base +
	    (pair ? "" : " (no bt-compare results for this pair: no verdicts)"));
	if (!window.btFirstRender)	/* for tests/bench: ms from navigation to the first table */
		window.btFirstRender = performance.now();
	drawTrend(my);
}

function guard(fn) {
	return (...args) => {
		try {
			return Promise.resolve(fn(...args)).catch(fail);
		} catch (e) {
			fail(e);
		}
	};
}

function fail(e) {
	status("Cannot load data: " + e.message, true);
}

/* A control changed: the choice so far plus that change, in a new entry. */
function choose(change) {
	return guard(() => show(Object.assign({}, state, change(), { page: 0 }), true));
}

/* --- the table ----------------------------------------------------------- */

function filtered() {
	const cat = state.category, q = state.q.trim().toLowerCase();
	let rows = cur.rows;
	if (cat || q)
		rows = rows.filter((r) => (!cat || r.bench.category === cat) && (!q || r.lname.includes(q)));
	if (state.view === "changes")
		rows = rows.filter((r) => CHANGES.has(r.verdict));
	const sort = state.sort || (state.view === "regressions" ? "verdict" : "");
	if (sort) {
		const desc = sort[0] === "-", k = desc ? sort.slice(1) : sort;
		const val = {
			name: (r) => r.lname, delta: (r) => r.delta, p: (r) => r.p, cv: (r) => r.cvb, cvt: (r) => r.cvt,
			verdict: (r) => (r.verdict in RANK ? RANK[r.verdict] : VERDICTS.length),
		}[k];
		const cmp = (a, b) => {
			const x = val(a), y = val(b);
			const nx = x === null || x === undefined || Number.isNaN(x), ny = y === null || y === undefined || Number.isNaN(y);
			if (nx || ny)	/* no value: always last */
				return nx && ny ? a.order - b.order : nx ? 1 : -1;
			let c = x < y ? -1 : x > y ? 1 : 0;
			if (desc)
				c = -c;
			if (c === 0 && k === "verdict")	/* within a verdict, the largest change first */
				c = Math.abs(b.delta || 0) - Math.abs(a.delta || 0);
			return c || a.order - b.order;
		};
		rows = rows.slice().sort(cmp);
	}
	return rows;
}

function cell(tr, text, cls) {
	const td = el("td", cls, text);
	tr.appendChild(td);
	return td;
}

function verdictCell(tr, r) {
	const v = r.verdict;
	const td = el("td", "verdict");
	const s = el("span", "v v-" + (v ? v.replace("~", "same") : "none"),
	    v === null ? (cur.pair ? "—" : "no verdict") : v);
	if (v === "regressed")
		s.textContent = "▲ regressed";
	else if (v === "improved")
		s.textContent = "▼ improved";
	td.appendChild(s);
	tr.appendChild(td);
}

const SVG = "http://www.w3.org/2000/svg";
function svg(tag, attrs) {
	const e = document.createElementNS(SVG, tag);
	for (const [k, v] of Object.entries(attrs))
		e.setAttribute(k, String(v));
	return e;
}

/* Both medians with bt-compare's intervals, relative to the baseline's
 * median, on one small axis; 0 % marked. */
function ciCell(tr, r) {
	const td = el("td", "ci");
	const c = r.ch;
	if (c && c.baseline && c.target && typeof c.baseline.center === "number" &&
	    typeof c.target.center === "number" && r.bc) {
		const rel = (x) => (typeof x === "number" ? (x / r.bc - 1) * 100 : null);
		const b = [rel(c.baseline.lo), rel(c.baseline.center), rel(c.baseline.hi)];
		const t = [rel(c.target.lo), rel(c.target.center), rel(c.target.hi)];
		const all = [0, ...b, ...t].filter((x) => x !== null);
		const lo = Math.min(...all), hi = Math.max(...all), W = 120, pad = 4;
		const X = (x) => pad + (hi > lo ? (x - lo) / (hi - lo) : 0.5) * (W - 2 * pad);
		const g = svg("svg", { width: W, height: 18, viewBox: "0 0 " + W + " 18", role: "img" });
		g.appendChild(svg("line", { x1: X(0), x2: X(0), y1: 1, y2: 17, class: "zero" }));
		for (const [vals, y, cls] of [[b, 5, "base"], [t, 13, "target " + (r.verdict || "").replace("~", "same")]]) {
			const l = vals[0] === null ? X(lo) : X(vals[0]), h = vals[2] === null ? X(hi) : X(vals[2]);
			g.appendChild(svg("line", { x1: l, x2: h, y1: y, y2: y, class: "iv " + cls }));
			if (vals[1] !== null)
				g.appendChild(svg("circle", { cx: X(vals[1]), cy: y, r: 2.5, class: "iv " + cls }));
		}
		const title = svg("title", {});
		title.textContent = "baseline " + fmt(c.baseline.center) + " [" + fmt(c.baseline.lo) + ", " + fmt(c.baseline.hi) +
		    "], target " + fmt(c.target.center) + " [" + fmt(c.target.lo) + ", " + fmt(c.target.hi) + "] " + cur.unit +
		    " (" + Math.round((c.confidence || 0.95) * 100) + "% intervals of the medians)";
		g.appendChild(title);
		td.appendChild(g);
	}
	tr.appendChild(td);
}

function badge(cv, bench) {
	if (typeof cv !== "number")
		return el("span", "badge", "—");
	const cls = (bench && bench.variance) || varianceClass(cv);
	return el("span", "badge v-" + cls.toLowerCase().replace(/\s+/g, "-"), cls + " " + cv.toFixed(1) + "%");
}

function numCell(tr, x, unit) {
	const td = cell(tr, fmt(x), "num");
	if (typeof x === "number")
		td.title = scaled(x, unit);
	return td;
}

function renderTable() {
	const tbody = $("table").tBodies[0];
	const pages = Math.max(1, Math.ceil(shown.length / PAGE));
	if (state.page >= pages)
		state.page = pages - 1;
	const from = state.page * PAGE, rows = shown.slice(from, from + PAGE);
	const frag = document.createDocumentFragment();
	for (const r of rows) {
		const tr = el("tr", r.key === state.bench ? "chosen" : null);
		tr.dataset.key = r.key;
		const name = el("td", "name");
		const btn = el("button", "bench", r.name);
		btn.type = "button";
		btn.title = (r.bench.suite ? r.bench.suite + " " : "") + r.name + " — show its history";
		name.appendChild(btn);
		tr.appendChild(name);
		cell(tr, r.bench.category);
		numCell(tr, r.bc, cur.unit);
		numCell(tr, r.tc, cur.unit);
		cell(tr, fmtDelta(r.delta), "num delta " + (r.verdict ? "v-" + r.verdict.replace("~", "same") : ""));
		ciCell(tr, r);
		cell(tr, fmtP(r.p), "num");
		verdictCell(tr, r);
		for (const unit of ["B/op", "allocs/op"]) {
			numCell(tr, median(r.base, unit), unit);
			numCell(tr, median(r.target, unit), unit);
		}
		tr.appendChild(el("td")).appendChild(badge(r.cvb, r.base));
		tr.appendChild(el("td")).appendChild(badge(r.cvt, r.target));
		frag.appendChild(tr);
	}
	if (!rows.length) {
		const tr = el("tr");
		const td = el("td", "empty", "No benchmark matches.");
		td.colSpan = 14;
		tr.appendChild(td);
		frag.appendChild(tr);
	}
	tbody.replaceChildren(frag);
	$("pageinfo").textContent = shown.length ? "Rows " + (from + 1) + "–" + (from + rows.length) + " of " + shown.length : "";
	$("prev").disabled = state.page === 0;
	$("next").disabled = state.page >= pages - 1;
	$("h-base").textContent = cur.vb.version + " " + cur.unit;
	$("h-target").textContent = cur.vt.version + " " + cur.unit;
	for (const th of $("table").tHead.rows[0].cells) {
		const k = th.dataset.sort;
		if (!k)
			continue;
		th.setAttribute("aria-sort", state.sort === k ? "ascending" : state.sort === "-" + k ? "descending" : "none");
		th.tabIndex = 0;
	}
}

function renderSummary() {
	const n = Object.fromEntries(VERDICTS.map((v) => [v, 0]));
	let none = 0;
	for (const r of shown)
		if (r.verdict in n)
			n[r.verdict]++;
		else
			none++;
	const box = $("summary");
	box.replaceChildren(el("span", null, shown.length + " benchmarks shown: "));
	VERDICTS.forEach((v, i) => {
		const s = el("span", "count v-" + v.replace("~", "same"), n[v] + " " + (v === "~" ? "unchanged (~)" : v));
		s.dataset.verdict = v;
		box.appendChild(s);
		if (i < VERDICTS.length - 1 || none)
			box.appendChild(document.createTextNode(", "));
	});
	if (none)
		box.appendChild(el("span", "count", none + " without a verdict"));
}

/* --- charts -------------------------------------------------------------- */

function verdictColour(v) {
	return css("--" + (v === "~" ? "same" : v || "none")) || css("--muted");
}

/* Draw into the chart of canvas id: made once, then given new data and
 * options (much cheaper than a new chart per keystroke). */
function drawChart(id, config) {
	config.options = Object.assign({ responsive: true, maintainAspectRatio: false, animation: false },
	    config.options || {});
	const c = charts[id];
	if (c && c.config.type === config.type) {
		c.data = config.data;
		c.options = config.options;
		c.update("none");
		return c;
	}
	if (c)
		c.destroy();
	charts[id] = new Chart($(id), config);
	return charts[id];
}

/* The ten largest regressions and improvements bt-compare found. */
function topChart() {
	const sig = shown.filter((r) => (r.verdict === "regressed" || r.verdict === "improved" || r.verdict === "neutral") &&
	    typeof r.delta === "number");
	const worse = sig.filter((r) => r.delta > 0).sort((a, b) => b.delta - a.delta).slice(0, 10);
	const better = sig.filter((r) => r.delta < 0).sort((a, b) => a.delta - b.delta).slice(0, 10);
	const rows = [...worse, ...better.reverse()];
	drawChart("chart-top", {
		type: "bar",
		data: {
			labels: rows.map((r) => r.name),
			datasets: [{ label: "delta % (" + cur.vt.version + " vs " + cur.vb.version + ")",
				data: rows.map((r) => Number(r.delta.toFixed(2))),
				backgroundColor: rows.map((r) => verdictColour(r.verdict)) }],
		},
		options: { indexAxis: "y", plugins: { legend: { display: false },
			tooltip: { callbacks: { afterLabel: (c) => rows[c.dataIndex].verdict + ", p = " + fmtP(rows[c.dataIndex].p) } } },
			scales: { x: { title: { display: true, text: "% (" + cur.unit + ")" } }, y: { ticks: { autoSkip: false } } } },
	});
	charts["chart-top"].$rows = rows.map((r) => r.key);
}

const EDGES = [-Infinity, -50, -20, -10, -5, -2, -1, 1, 2, 5, 10, 20, 50, Infinity];
function binLabel(i) {
	const a = EDGES[i], b = EDGES[i + 1];
	return a === -Infinity ? "< " + b + "%" : b === Infinity ? "≥ " + a + "%" : a + "…" + b + "%";
}

/* How many benchmarks moved by how much, stacked by verdict. */
function distChart() {
	const groups = ["improved", "regressed", "neutral", "~", "insufficient"];
	const counts = groups.map(() => new Array(EDGES.length - 1).fill(0));
	for (const r of shown) {
		if (typeof r.delta !== "number")
			continue;
		let i = 0;
		while (i < EDGES.length - 2 && r.delta >= EDGES[i + 1])
			i++;
		const g = groups.indexOf(r.verdict);
		counts[g < 0 ? 3 : g][i]++;
	}
	drawChart("chart-dist", {
		type: "bar",
		data: {
			labels: EDGES.slice(0, -1).map((_, i) => binLabel(i)),
			datasets: groups.map((g, k) => ({ label: g, data: counts[k], backgroundColor: verdictColour(g) })),
		},
		options: { scales: { x: { stacked: true, title: { display: true, text: "delta of the median " + cur.unit } },
			y: { stacked: true, title: { display: true, text: "benchmarks" } } } },
	});
}

/* --- history ------------------------------------------------------------- */

/* bt-history's records of one benchmark (its own file, named by
 * history/index.json), by key and unit; without bt-history's output the two
 * versions' own history medians, by time. */
async function historyOf(c, key) {
	const H = c.history || (c.history = { files: null, fallback: null });
	if (c.idx.history) {
		if (!H.files) {
			const doc = await load(c.platform + "/" + c.idx.history);
			H.files = doc && typeof doc.files === "object" && doc.files ? doc.files : {};
		}
		const h = { points: new Map(), changes: new Map(), source: "bt-history" };
		const file = Object.prototype.hasOwnProperty.call(H.files, key) ? H.files[key] : null;
		if (typeof file !== "string")
			return h;
		const text = await load(c.platform + "/" + file, "text");
		for (const line of text.split("\n")) {
			let r;
			try {
				r = line ? JSON.parse(line) : null;
			} catch (e) {
				continue;
			}
			if (!r || typeof r.name !== "string" || typeof r.unit !== "string")
				continue;
			const k = keyOf(r) + "\u0000" + r.unit;
			const to = r.kind === "point" && typeof r.median === "number" && typeof r.index === "number" ? h.points
				: r.kind === "changepoint" || r.kind === "outlier" || r.kind === "drift" ? h.changes : null;
			if (!to)
				continue;
			if (!to.has(k))
				to.set(k, []);
			to.get(k).push(r);
		}
		/* bt-history's identity includes the labels, the version among
		 * them: a benchmark's runs of each version are a series of their
		 * own.  Those that differ only in the version are one trend here,
		 * series after series by their first run's time, each in its own
		 * order; of other label sets the longest is drawn, and said so. */
		const full = (r) => JSON.stringify(r.labels || {});
		const other = (r) => {
			const l = Object.assign({}, r.labels || {});
			delete l.version;
			return JSON.stringify(l);
		};
		const when = (p) => String((p.run && (p.run.commit_time || p.run.time)) || "");
		for (const [k, v] of h.points) {
			const groups = new Map();
			for (const p of v)
				(groups.get(other(p)) || groups.set(other(p), []).get(other(p))).push(p);
			const best = [...groups.entries()].sort((a, b) => b[1].length - a[1].length)[0];
			const series = new Map();
			for (const p of best[1])
				(series.get(full(p)) || series.set(full(p), []).get(full(p))).push(p);
			const runs = [...series.values()].map((ps) => ps.sort((a, b) => a.index - b.index))
				.sort((a, b) => when(a[0]).localeCompare(when(b[0]))).flat();
			const at = new Map();
			runs.forEach((p, i) => {
				p.x = i;
				at.set(full(p) + "\u0000" + p.index, i);
			});
			h.points.set(k, runs);
			if (groups.size > 1)
				h.series = groups.size;
			if (h.changes.has(k))
				h.changes.set(k, h.changes.get(k).filter((c) => other(c) === best[0] && at.has(full(c) + "\u0000" + c.index))
					.map((c) => Object.assign({}, c, { x: at.get(full(c) + "\u0000" + c.index) })));
		}
		return h;
	}
	if (H.fallback)
		return H.fallback;
	const h = { points: new Map(), changes: new Map(), source: "the versions' history (no bt-history output)" };
	const hs = [];
	for (const d of c.base === c.target ? [c.base] : [c.base, c.target])
		for (const e of d.history || [])
			hs.push(Object.assign({ version: d.version }, e));
	hs.sort((a, b) => String(a.timestamp).localeCompare(String(b.timestamp)));
	hs.forEach((e, i) => {
		for (const [k, m] of Object.entries(e.medians || {}))
			for (const [u, v] of Object.entries(m || {})) {
				const key = k + "\u0000" + u;
				if (!h.points.has(key))
					h.points.set(key, []);
				h.points.get(key).push({ index: i, x: i, median: v, run: { commit: e.commit, time: e.timestamp, id: e.version } });
			}
	});
	H.fallback = h;
	return h;
}

function runLabel(run) {
	if (!run)
		return "";
	return [run.commit && String(run.commit).slice(0, 12), run.time || run.id].filter(Boolean).join(" ");
}

/* A link to the commits of a change, when a repository is configured and
 * is an http(s) address; text otherwise. */
function commitRange(prev, next) {
	const a = prev && prev.commit, b = next && next.commit;
	const text = (a ? String(a).slice(0, 12) : "?") + " … " + (b ? String(b).slice(0, 12) : "?");
	const repo = cur.idx.repository;
	if (a && b && typeof repo === "string" && /^https?:\/\//i.test(repo)) {
		const link = el("a", "range", text);
		link.href = repo.replace(/\/+$/, "") + "/compare/" + encodeURIComponent(a) + "..." + encodeURIComponent(b);
		link.rel = "noopener noreferrer";
		return link;
	}
	return el("span", "range", text);
}

/* keep: leave the chart as it is when it already shows the benchmark
 * (a keystroke only changes the selector's list). */
async function drawTrend(my, keep) {
	const c = cur;
	if (!c)
		return;
	let key = state.bench;
	const sel = $("trend-bench");
	const page = shown.slice(state.page * PAGE, state.page * PAGE + PAGE);
	if (!key || !c.rows.some((r) => r.key === key))
		key = (page[0] || shown[0] || c.rows[0] || {}).key;
	const opts = page.some((r) => r.key === key) ? page : [c.rows.find((r) => r.key === key), ...page].filter(Boolean);
	fillSelect(sel, opts.map((r) => r.key), key, opts.map((r) => r.name));
	if (keep && charts["chart-trend"] && charts["chart-trend"].$key === key)
		return;
	let h;
	try {
		h = await historyOf(c, key);
	} catch (e) {
		if (my === gen)
			status("Cannot load the history: " + e.message, true);
		return;
	}
	if ((my !== undefined && my !== gen) || cur !== c || $("trend-bench").value !== key)
		return;	/* a newer choice is on screen */
	const pts = h.points.get(key + "\u0000" + c.unit) || [];
	const changes = h.changes.get(key + "\u0000" + c.unit) || [];
	$("trend-source").textContent = pts.length + " runs, from " + h.source +
	    (h.series > 1 ? " (the longest of " + h.series + " series with different labels)" : "");
	const at = new Map(pts.map((p) => [p.x, p]));
	const mark = (kind) => changes.filter((x) => x.kind === kind).map((x) => {
		const p = at.get(x.x);
		return { x: x.x, y: p ? p.median : x.after && x.after.median, ch: x };
	}).filter((p) => typeof p.y === "number");
	const cps = mark("changepoint"), outs = mark("outlier");
	const full = pts.length ? [pts[0].x, pts[pts.length - 1].x] : [undefined, undefined];
	const chart = drawChart("chart-trend", {
		type: "line",
		data: {
			datasets: [
				{ label: "median " + c.unit, data: pts.map((p) => ({ x: p.x, y: p.median })), parsing: false,
				  borderColor: css("--target"), backgroundColor: css("--target"), pointRadius: pts.length > 200 ? 0 : 2,
				  borderWidth: 1.5, order: 2 },
				{ label: "change point", type: "scatter", data: cps, parsing: false, pointStyle: "triangle",
				  pointRadius: 8, order: 1,
				  backgroundColor: cps.map((p) => verdictColour(p.ch.verdict)), borderColor: cps.map((p) => verdictColour(p.ch.verdict)) },
				{ label: "outlier", type: "scatter", data: outs, parsing: false, pointStyle: "crossRot",
				  pointRadius: 7, borderColor: css("--muted"), order: 1 },
			],
		},
		options: {
			normalized: true, spanGaps: true, parsing: false,
			plugins: { decimation: { enabled: true, algorithm: "lttb", samples: 600 },
				tooltip: { callbacks: { title: (items) => {
					const p = at.get(items[0].parsed.x);
					return "run " + items[0].parsed.x + (p ? " " + runLabel(p.run) : "");
				} } } },
			scales: { x: { type: "linear", title: { display: true, text: "run (oldest first)" }, ticks: { precision: 0 },
				min: zoom ? zoom[0] : full[0], max: zoom ? zoom[1] : full[1] },
				y: { title: { display: true, text: c.unit } } },
		},
	});
	chart.$key = key;
	chart.$changes = changes;
	const list = $("changes");
	list.replaceChildren();
	for (const x of changes) {
		const li = el("li", "change v-" + String(x.verdict || x.kind).replace("~", "same"));
		li.appendChild(el("strong", null, x.kind === "changepoint" ? (x.verdict || "change") : x.kind));
		li.appendChild(document.createTextNode(" at run " + x.x +
		    (typeof x.delta_percent === "number" ? ": " + fmtDelta(x.delta_percent) : "") +
		    (typeof x.p_value === "number" ? ", p = " + fmtP(x.p_value) : "") + ", commits "));
		li.appendChild(commitRange(x.previous_run || (at.get(x.x - 1) || {}).run, x.run || (at.get(x.x) || {}).run));
		list.appendChild(li);
	}
	if (!changes.length)
		list.appendChild(el("li", "muted", h.source === "bt-history" ? "bt-history found no change in this series." : "No change points: bt-history's output is not in the data."));
}

/* Zoom about the centre (factor < 1 zooms in) or pan by a fraction. */
function setZoom(f, shift) {
	const c = charts["chart-trend"];
	if (!c)
		return;
	const s = c.scales.x, data = c.data.datasets[0].data;
	if (!data.length)
		return;
	const full = [data[0].x, data[data.length - 1].x];
	let [a, b] = zoom || full;
	if (f) {
		const mid = shift === undefined ? (a + b) / 2 : shift, half = Math.max(1, (b - a) * f / 2);
		a = mid - half;
		b = mid + half;
	} else {
		const d = (s.max - s.min) * shift;
		a = s.min + d;
		b = s.max + d;
	}
	if (b - a >= full[1] - full[0]) {
		zoom = null;
	} else {
		if (a < full[0])
			[a, b] = [full[0], full[0] + (b - a)];
		if (b > full[1])
			[a, b] = [full[1] - (b - a), full[1]];
		zoom = [a, b];
	}
	c.options.scales.x.min = zoom ? zoom[0] : full[0];
	c.options.scales.x.max = zoom ? zoom[1] : full[1];
	c.update("none");
}

function trendGestures() {
	const canvas = $("chart-trend");
	canvas.addEventListener("wheel", (e) => {
		const c = charts["chart-trend"];
		if (!c)
			return;
		e.preventDefault();
		setZoom(e.deltaY < 0 ? 0.8 : 1.25, c.scales.x.getValueForPixel(e.offsetX));
	}, { passive: false });
	let drag = null;
	canvas.addEventListener("pointerdown", (e) => {
		drag = { x: e.offsetX };
		canvas.setPointerCapture(e.pointerId);
	});
	canvas.addEventListener("pointermove", (e) => {
		const c = charts["chart-trend"];
		if (!drag || !c)
			return;
		const dx = e.offsetX - drag.x;
		if (Math.abs(dx) < 3)
			return;
		drag.x = e.offsetX;
		setZoom(0, -dx / (c.chartArea.right - c.chartArea.left));
	});
	canvas.addEventListener("pointerup", () => (drag = null));
	$("zoom-in").addEventListener("click", () => setZoom(0.5));
	$("zoom-out").addEventListener("click", () => setZoom(2));
	$("zoom-reset").addEventListener("click", () => setZoom(Infinity));
	canvas.tabIndex = 0;
	canvas.addEventListener("keydown", (e) => {
		const k = { "+": [0.5], "=": [0.5], "-": [2], ArrowLeft: [0, -0.1], ArrowRight: [0, 0.1] }[e.key];
		if (k) {
			e.preventDefault();
			setZoom(...k);
		}
	});
}

/* --- the rest ------------------------------------------------------------ */

function renderSystems() {
	const box = $("systems");
	box.replaceChildren();
	const fields = [["cpu", "CPU"], ["cores", "Cores"], ["os", "OS"], ["arch", "Arch"],
		["host", "Host"], ["toolchain", "Toolchain"], ["commit", "Commit"]];
	for (const [role, doc] of [["Baseline", cur.base], ["Target", cur.target]]) {
		const card = el("article", "card");
		card.appendChild(el("h2", null, role + ": " + doc.version));
		const dl = el("dl");
		const sys = doc.system || {};
		for (const [k, label] of fields) {
			dl.appendChild(el("dt", null, label));
			dl.appendChild(el("dd", null, sys[k] === undefined || sys[k] === "" || typeof sys[k] === "object" ? "—" : sys[k]));
		}
		dl.appendChild(el("dt", null, "Run"));
		dl.appendChild(el("dd", null, doc.timestamp || "—"));
		card.appendChild(dl);
		box.appendChild(card);
	}
}

function renderDownloads() {
	for (const [id, v] of [["rec-base", cur.vb], ["rec-target", cur.vt]]) {
		const a = $(id);
		a.hidden = typeof v.records !== "string";
		if (!a.hidden) {
			a.href = dataURL(cur.platform + "/" + v.records);
			a.download = v.records.split("/").pop();
			a.textContent = (id === "rec-base" ? "Baseline" : "Target") + " records (" + v.version + ")";
		}
	}
}

/* A CSV field: quoted when it must be, and a text that a spreadsheet would
 * take for a formula starts with an apostrophe. */
function csvField(x) {
	if (x === null || x === undefined)
		return "";
	if (typeof x === "number")
		return isFinite(x) ? String(x) : "";
	let s = String(x);
	if (/^[=+\-@\t\r]/.test(s))
		s = "'" + s;
	return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

function tableCSV() {
	const head = ["benchmark", "suite", "category", "unit", "baseline", "target", "delta_percent", "p_value",
		"verdict", "baseline_lo", "baseline_hi", "target_lo", "target_hi", "cv_baseline", "cv_target"];
	const lines = [head.join(",")];
	for (const r of shown) {
		const c = r.ch || {}, b = c.baseline || {}, t = c.target || {};
		lines.push([r.name, r.bench.suite, r.bench.category, cur.unit, r.bc, r.tc, r.delta, r.p, r.verdict,
			b.lo, b.hi, t.lo, t.hi, r.cvb, r.cvt].map(csvField).join(","));
	}
	return lines.join("\n") + "\n";
}

function downloadCSV() {
	const blob = new Blob([tableCSV()], { type: "text/csv" });
	const a = el("a");
	a.href = URL.createObjectURL(blob);
	a.download = cur.platform + "_" + cur.vb.version + "_vs_" + cur.vt.version + ".csv";
	document.body.appendChild(a);
	a.click();
	a.remove();
	setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}

/* Filter, sort and draw what depends on them.  Cheap: the rows were joined
 * at load; this is a filter over precomputed lower-case names, one page of
 * table rows and two summary charts. */
function render(trend, keep) {
	shown = filtered();
	renderTable();
	renderSummary();
	/* the charts a moment later, once per burst of keystrokes: the table
	 * answers the key first; data-busy says a redraw is pending */
	cancelAnimationFrame(chartFrame);
	clearTimeout(chartTimer);
	document.documentElement.dataset.busy = "1";
	chartFrame = requestAnimationFrame(() => (chartTimer = setTimeout(() => {
		topChart();
		distChart();
		delete document.documentElement.dataset.busy;
	}, 0)));
	if (trend)
		drawTrend(undefined, keep);
}

let typing = null, chartTimer = null, chartFrame = null;
function onSearch() {
	clearTimeout(typing);
	typing = setTimeout(() => {
		state.q = $("search").value;
		state.page = 0;
		render(true, true);
		toURL(false);
	}, 30);
}

async function main() {
	Chart.defaults.color = css("--muted");
	Chart.defaults.borderColor = css("--line");
	trendGestures();
	$("retry").addEventListener("click", () => {
		status("Retrying…");
		guard(lastAction || start)();
	});
	$("platform").addEventListener("change", choose(() => ({ platform: $("platform").value, base: null, target: null })));
	$("baseline").addEventListener("change", choose(() => {
		const names = cur.versions.map((v) => v.version), base = $("baseline").value;
		return { base, target: names.indexOf(state.target) > names.indexOf(base) ? state.target : null };
	}));
	$("target").addEventListener("change", choose(() => ({ target: $("target").value })));
	$("category").addEventListener("change", () => {
		state.category = $("category").value;
		state.page = 0;
		render(true);
		toURL(true);
	});
	$("view").addEventListener("change", () => {
		state.view = $("view").value;
		state.page = 0;
		render(true);
		toURL(true);
	});
	$("search").addEventListener("input", onSearch);
	$("trend-bench").addEventListener("change", () => {
		state.bench = $("trend-bench").value;
		zoom = null;
		toURL(true);
		drawTrend();
	});
	$("table").tBodies[0].addEventListener("click", (e) => {
		const b = e.target.closest("button.bench");
		if (!b)
			return;
		state.bench = b.closest("tr").dataset.key;
		zoom = null;
		for (const tr of $("table").tBodies[0].rows)
			tr.classList.toggle("chosen", tr.dataset.key === state.bench);
		toURL(true);
		drawTrend();
	});
	const sortBy = (th) => {
		const k = th.dataset.sort;
		state.sort = state.sort === k ? "-" + k : k;
		state.page = 0;
		render(true);
		toURL(true);
	};
	for (const th of $("table").tHead.rows[0].cells)
		if (th.dataset.sort) {
			th.addEventListener("click", () => sortBy(th));
			th.addEventListener("keydown", (e) => {
				if (e.key === "Enter" || e.key === " ") {
					e.preventDefault();
					sortBy(th);
				}
			});
		}
	const turn = (d) => () => {
		state.page += d;
		render(true);
		toURL(false);
		$("table").scrollIntoView({ block: "nearest" });
	};
	$("prev").addEventListener("click", turn(-1));
	$("next").addEventListener("click", turn(1));
	$("csv").addEventListener("click", downloadCSV);
	window.addEventListener("popstate", guard(() => (platforms.length ? show(fromURL(), false) : start())));
	await start();
}

/* The platforms, then the choice in the address; Retry repeats this when
 * platforms.json could not be read. */
async function start() {
	lastAction = start;
	const doc = await load("platforms.json");
	platforms = (doc.platforms || []).filter((p) => p && typeof p.id === "string");
	if (!platforms.length)
		throw new Error("platforms.json lists no platform");
	await show(fromURL(), false);
}

guard(main)();
