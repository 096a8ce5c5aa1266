use criterion::{black_box, criterion_group, criterion_main, Criterion, BenchmarkId, Throughput};
use cb::fib;
fn benches(c: &mut Criterion) {
    c.bench_function("fib 10", |b| b.iter(|| fib(black_box(10))));
    c.bench_function("a rather long benchmark name that wraps", |b| b.iter(|| fib(black_box(5))));
    let mut g = c.benchmark_group("parse");
    for size in [16usize, 1024].iter() {
        let data = vec![7u8; *size];
        g.throughput(Throughput::Bytes(*size as u64));
        g.bench_with_input(BenchmarkId::new("bytes", size), &data, |b, d| b.iter(|| d.iter().map(|&x| x as u64).sum::<u64>()));
    }
    g.throughput(Throughput::Elements(100));
    g.bench_function("elems", |b| b.iter(|| (0..100u64).map(black_box).sum::<u64>()));
    g.finish();
    c.bench_function("sleepy", |b| b.iter(|| std::thread::sleep(std::time::Duration::from_millis(2))));
}
criterion_group!{name = g; config = Criterion::default().sample_size(10).warm_up_time(std::time::Duration::from_millis(100)).measurement_time(std::time::Duration::from_millis(300)); targets = benches}
criterion_main!(g);
