#![feature(test)]
extern crate test;
#[bench] fn fib(b: &mut test::Bencher) { b.iter(|| 1+1) }
#[bench] fn fib_10(b: &mut test::Bencher) { b.iter(|| 1+1) }
#[bench] fn a_fib(b: &mut test::Bencher) { b.iter(|| 1+1) }
mod m { #[bench] fn fib(b: &mut test::Bencher) { b.iter(|| 1+1) } }
