// time.js: console.time / console.timeEnd around a few loops, for the
// jstime plugin's capture (node time.js > tests/data/jstime/node.txt).
function spin(n) { let x = 0; for (let i = 0; i < n; i++) x += i; return x; }
console.log("starting");
console.time("default"); spin(1e6); console.timeEnd("default");
console.time("loop 10M"); spin(1e7); console.timeEnd("loop 10M");
console.time("json: stringify"); JSON.stringify(Array(1e5).fill({a: 1})); console.timeEnd("json: stringify");
console.time("slow"); const t = Date.now(); while (Date.now() - t < 1100); console.timeEnd("slow");
console.time("µ name"); console.timeEnd("µ name");
console.log("done");
