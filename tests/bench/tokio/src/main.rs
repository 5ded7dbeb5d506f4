//! One workload per process, the same shapes as Wakeline's `shape_bench` (tests/bench/shapes.hpp):
//!   spawn N      spawn N no-op tasks, then await every handle (N tasks pending at once)
//!   spawnb N     the same in batches of 1024, each batch awaited before the next is spawned
//!   pingpong N   N round trips between two tasks over two mpsc channels of capacity 32
//!   yield N      two tasks, N/2 yield_now() each
//!   sleep N      N tasks each sleep 1 ms, all spawned, then all awaited
//! Usage: tokio-twin SHAPE N current|multi [WORKERS]
//! Prints one line of key=value pairs; scripts/bench.sh reads it. `ns_per_op` is timed inside the
//! runtime (first poll of the main future to its end), `run_ns_per_op` from building the runtime to
//! dropping it, `peak_kib` is the process's VmHWM, `cpu_ms` its user + system time (from
//! /proc/self/stat, in clock ticks of 10 ms).
use std::time::{Duration, Instant};

use tokio::sync::mpsc;

const BATCH: usize = 1024;
const CAPACITY: usize = 32;

async fn spawn_all(n: usize) {
    let mut handles = Vec::with_capacity(n);
    for _ in 0..n {
        handles.push(tokio::spawn(async {}));
    }
    for handle in handles {
        handle.await.expect("a no-op task failed");
    }
}

async fn spawn_batched(n: usize) {
    let mut handles = Vec::with_capacity(BATCH);
    let mut done = 0;
    while done < n {
        let batch = BATCH.min(n - done);
        for _ in 0..batch {
            handles.push(tokio::spawn(async {}));
        }
        for handle in handles.drain(..) {
            handle.await.expect("a no-op task failed");
        }
        done += batch;
    }
}

async fn ping_pong(round_trips: usize) {
    let (ping_tx, mut ping_rx) = mpsc::channel::<i64>(CAPACITY);
    let (pong_tx, mut pong_rx) = mpsc::channel::<i64>(CAPACITY);
    let ponger = tokio::spawn(async move {
        while let Some(value) = ping_rx.recv().await {
            if pong_tx.send(value).await.is_err() {
                break;
            }
        }
    });
    let mut checksum = 0i64;
    for i in 0..round_trips as i64 {
        ping_tx.send(i).await.expect("pong hung up");
        checksum += pong_rx.recv().await.map_or(1, |back| back - i);
    }
    drop(ping_tx);
    ponger.await.expect("pong failed");
    assert_eq!(checksum, 0, "ping-pong lost or changed a message");
}

async fn yield_two(total: usize) {
    let yielder = move || async move {
        for _ in 0..total / 2 {
            tokio::task::yield_now().await;
        }
    };
    let a = tokio::spawn(yielder());
    let b = tokio::spawn(yielder());
    a.await.expect("yielder failed");
    b.await.expect("yielder failed");
}

async fn sleeps(n: usize) {
    let mut handles = Vec::with_capacity(n);
    for _ in 0..n {
        handles.push(tokio::spawn(tokio::time::sleep(Duration::from_millis(1))));
    }
    for handle in handles {
        handle.await.expect("a sleeper failed");
    }
}

fn peak_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn cpu_ms() -> u64 {
    // Fields 14 and 15 (utime, stime), counted after the command name's closing parenthesis.
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let rest = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<u64> = rest.split_whitespace().skip(11).take(2).filter_map(|f| f.parse().ok()).collect();
    fields.iter().sum::<u64>() * 10
}

fn usage() -> ! {
    eprintln!("usage: tokio-twin spawn|spawnb|pingpong|yield|sleep N current|multi [WORKERS]");
    std::process::exit(2);
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 4 {
        usage();
    }
    let shape = args[1].clone();
    let n: usize = args[2].parse().unwrap_or_else(|_| usage());
    let flavor = args[3].clone();
    let workers: usize = match args.get(4) {
        Some(w) => w.parse().unwrap_or_else(|_| usage()),
        None => 1,
    };
    if n == 0 || !matches!(shape.as_str(), "spawn" | "spawnb" | "pingpong" | "yield" | "sleep") {
        usage();
    }

    let whole_start = Instant::now();
    let runtime = match flavor.as_str() {
        "current" => tokio::runtime::Builder::new_current_thread().enable_all().build(),
        "multi" => tokio::runtime::Builder::new_multi_thread().worker_threads(workers).enable_all().build(),
        _ => usage(),
    }
    .expect("the runtime did not start");
    let in_run = runtime.block_on(async move {
        let start = Instant::now();
        match shape.as_str() {
            "spawn" => spawn_all(n).await,
            "spawnb" => spawn_batched(n).await,
            "pingpong" => ping_pong(n).await,
            "yield" => yield_two(n).await,
            _ => sleeps(n).await,
        }
        start.elapsed()
    });
    drop(runtime);
    let whole = whole_start.elapsed();

    println!(
        "runtime=tokio shape={} n={} flavor={} workers={} ns_per_op={:.1} run_ns_per_op={:.1} peak_kib={} cpu_ms={}",
        args[1],
        n,
        flavor,
        if flavor == "current" { 1 } else { workers },
        in_run.as_nanos() as f64 / n as f64,
        whole.as_nanos() as f64 / n as f64,
        peak_kib(),
        cpu_ms()
    );
}
