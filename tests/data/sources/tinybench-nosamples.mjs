// tinybench 6.x: four tasks of different speeds (one async), printed the way its README shows
// (bench.name, console.table(bench.table())); with an output directory argument it also writes
// results.json (every task's result, samples retained) and github-action-benchmark custom JSON.
import { Bench } from 'tinybench'
import { writeFileSync } from 'node:fs'

const outdir = process.argv[2]
const bench = new Bench({ name: 'tinybench sample suite', time: 100, retainSamples: false })

const objs = Array.from({ length: 200 }, (_, i) => ({ id: i, name: `item${i}`, tags: ['a', 'b'] }))
const nums = Array.from({ length: 10000 }, (_, i) => (i * 7919) % 10007)

bench
  .add('JSON.stringify 200 objects', () => JSON.stringify(objs))
  .add('sort 10000 numbers', () => nums.slice().sort((a, b) => a - b))
  .add('string concat 10000', () => {
    let s = ''
    for (let i = 0; i < 10000; i++) s += i
    return s
  })
  .add('await setTimeout 1ms', async () => {
    await new Promise(resolve => setTimeout(resolve, 1))
  })

await bench.run()

console.log(bench.name)
console.table(bench.table())

if (outdir) {
  const results = bench.tasks.map(t => ({ name: t.name, result: t.result }))
  writeFileSync(`${outdir}/results.json`, JSON.stringify(results) + '\n')
  // github-action-benchmark "customSmallerIsBetter" / "customBiggerIsBetter" inputs
  const ok = bench.tasks.filter(t => t.result.state === 'completed')
  writeFileSync(`${outdir}/gab-smaller.json`, JSON.stringify(ok.map(t => ({
    name: t.name, unit: 'ms', value: t.result.latency.mean,
    range: `± ${t.result.latency.rme.toFixed(2)}%`, extra: `${t.result.latency.samplesCount} samples`,
  })), null, 2) + '\n')
  writeFileSync(`${outdir}/gab-bigger.json`, JSON.stringify(ok.map(t => ({
    name: t.name, unit: 'ops/sec', value: t.result.throughput.mean,
  })), null, 2) + '\n')
}
