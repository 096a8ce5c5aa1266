#![feature(test)]
extern crate test;
use test::{Bencher, black_box};
#[bench] fn bench_fib_20(b: &mut Bencher) { b.iter(|| lt::fib(black_box(20))); }
#[bench] fn bench_fib_5(b: &mut Bencher) { b.iter(|| lt::fib(black_box(5))); }
#[bench] fn bench_copy(b: &mut Bencher) { let v = vec![1u8; 65536]; b.bytes = 65536; b.iter(|| black_box(v.clone())); }
#[bench] #[ignore] fn bench_ignored(b: &mut Bencher) { b.iter(|| 1); }
#[test] fn a_test() {}
#[bench] fn bench_panics(b: &mut Bencher) { b.iter(|| 1); panic!("deliberate failure"); }
