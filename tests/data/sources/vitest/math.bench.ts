import { bench, describe } from 'vitest'

describe('math', () => {
  bench('add', () => { let x = 0; for (let i = 0; i < 1000; i++) x += i })
  bench('multiply', () => { let x = 1; for (let i = 1; i < 1000; i++) x = (x * i) % 1000003 })
})
bench('top level sort', () => { [5, 3, 1, 4, 2].sort() })
