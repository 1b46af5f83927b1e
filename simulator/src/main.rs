//! `ticdc-simulator` binary: parses flags, binds, prints the bound address as the first line
//! of stdout, serves until Ctrl-C.

use std::process::ExitCode;

use ticdc_simulator::{AppState, Arch, Options, release::Release, router};

const USAGE: &str =
    "usage: ticdc-simulator [--addr HOST:PORT] [--captures N] [--demo] [--changefeeds N]
                      [--auth USER:PASSWORD] [--arch classic|new] [--release NAME]
                      [--keyspaces A,B] [--seed N] [--tick-ms N] [--quiet]

  --addr         listen address (default 127.0.0.1:8300; port 0 picks a free port)
  --captures     number of captures, the first is the owner (default 3)
  --demo         realistic changefeeds in every state
  --changefeeds  N bulk changefeeds (bulk-00000…) for scale tests
  --auth         require HTTP Basic auth on the routes TiCDC protects
  --arch         classic (pingcap/tiflow v8.5, default) or new (pingcap/ticdc master)
  --release      classic-v8.5 | classic-v26.3 | new-v8.5.7 | new-v26.3.4 | new-master:
                 that release's version, config keys, defaults, routes and behaviours
  --keyspaces    new architecture, nextgen build: these keyspaces exist, and ?keyspace= is
                 required on the changefeed routes (the demo's changefeeds go into the first
                 keyspace, its `staging` namespace into the second)
  --seed         seed for ids and jitter (default 42)
  --tick-ms      how often simulated time advances (default 500)
  --quiet        do not log requests to stderr";

fn parse(args: &[String]) -> Result<(String, Options), String> {
    let mut addr = "127.0.0.1:8300".to_string();
    let mut o = Options {
        log_requests: true,
        ..Options::default()
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let (flag, inline) = match a.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (a.as_str(), None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| it.next().cloned())
                .ok_or(format!("{flag} needs a value"))
        };
        let num = |v: String| {
            v.parse::<u64>()
                .map_err(|_| format!("{flag}: not a number: {v}"))
        };
        match flag {
            "--addr" => addr = value()?,
            "--captures" => o.captures = num(value()?)?.max(1) as usize,
            "--demo" => o.demo = true,
            "--changefeeds" => o.changefeeds = num(value()?)? as usize,
            "--auth" => {
                let v = value()?;
                let (u, p) = v.split_once(':').ok_or("--auth needs USER:PASSWORD")?;
                o.auth = Some((u.into(), p.into()));
            }
            "--arch" => {
                o.arch = match value()?.as_str() {
                    "classic" => Arch::Classic,
                    "new" => Arch::New,
                    v => return Err(format!("--arch: classic or new, not {v}")),
                };
                o.release = None;
            }
            "--release" => {
                let v = value()?;
                let r = Release::from_name(&v).ok_or_else(|| {
                    let names: Vec<&str> = Release::ALL.iter().map(|r| r.name()).collect();
                    format!("--release: one of {}, not {v}", names.join(", "))
                })?;
                o.release = Some(r);
                o.arch = r.arch();
            }
            "--keyspaces" => {
                o.keyspaces = value()?
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect();
                if o.keyspaces.is_empty() {
                    return Err("--keyspaces needs at least one name".into());
                }
            }
            "--seed" => o.seed = num(value()?)?,
            "--tick-ms" => o.tick_ms = num(value()?)?.max(10),
            "--quiet" => o.log_requests = false,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown flag {other}")),
        }
    }
    if !o.keyspaces.is_empty() && o.release().arch() != Arch::New {
        return Err(
            "--keyspaces needs the new architecture (--arch new or a new-* --release)".into(),
        );
    }
    Ok((addr, o))
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (addr, opts) = match parse(&args) {
        Ok(v) => v,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("error: {e}");
            }
            eprintln!("{USAGE}");
            return if e.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            };
        }
    };
    let listener = match tokio::net::TcpListener::bind(&addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: cannot listen on {addr}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let local = listener.local_addr().expect("bound address");
    println!("ticdc-simulator listening on http://{local}");
    let state = AppState::new(opts);
    state.spawn_ticker();
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    if let Err(e) = axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown)
        .await
    {
        eprintln!("error: {e}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
