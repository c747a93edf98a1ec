//! `regcheck serve`: a local web page where office staff drop their registers, check them, and
//! download the same outputs `regcheck check` writes.
//!
//! The server listens on 127.0.0.1 only. The page and everything it needs is embedded in the
//! binary ([`page`]); the page posts the files to `/api/check` ([`api`]), each request's uploads go
//! to a temporary folder of their own ([`upload`]) which is removed after the check, and the
//! outputs are kept in memory for download ([`results`]).

pub mod api;
pub mod page;
pub mod results;
pub mod text;
pub mod upload;

use crate::report::messages::Lang;
use chrono::NaiveDate;
use std::io::Write;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

/// The port tried first when none is given; a free one is picked when it is taken.
pub const DEFAULT_PORT: u16 = 8421;

/// How the server was started.
#[derive(Debug, Clone)]
pub struct Config {
    /// `None`: [`DEFAULT_PORT`], or any free port when it is taken; `Some(0)`: any free port.
    pub port: Option<u16>,
    /// The school's rules file used when the page sends none.
    pub rules: Option<PathBuf>,
    pub lang: Option<Lang>,
    pub as_of: Option<NaiveDate>,
    pub limits: upload::Limits,
    /// Open the page in the browser once the server listens.
    pub open: bool,
}

/// What every request shares.
pub struct State {
    pub config: Config,
    pub results: results::Results,
    /// One check per core at a time; more wait their turn.
    pub checks: tokio::sync::Semaphore,
}

/// Starts the server and runs it until Ctrl+C. Prints the address on standard output first.
pub fn run(config: Config) -> Result<(), String> {
    if let Some(rules) = &config.rules {
        crate::rules::load(Some(rules)).map_err(|e| e.to_string())?;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the server / 无法启动服务: {e}"))?;
    runtime.block_on(serve(config))
}

async fn serve(config: Config) -> Result<(), String> {
    let listener = bind(config.port).await?;
    let address = listener.local_addr().map_err(|e| e.to_string())?;
    let url = format!("http://{address}/");
    println!("regcheck serve: {url}");
    println!("在浏览器中打开上面的地址，拖入登记表即可检查；按 Ctrl+C 停止。");
    println!("Open the address above in a browser and drop the registers in; press Ctrl+C to stop.");
    let _ = std::io::stdout().flush();
    if config.open {
        open_browser(url);
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let state = Arc::new(State {
        results: results::Results::new(32, 1 << 30),
        checks: tokio::sync::Semaphore::new(cores),
        config,
    });
    axum::serve(listener, api::router(state))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| format!("the server stopped / 服务已停止: {e}"))
}

async fn bind(port: Option<u16>) -> Result<tokio::net::TcpListener, String> {
    let at = |port| SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let bound = match port {
        Some(p) => tokio::net::TcpListener::bind(at(p)).await,
        None => match tokio::net::TcpListener::bind(at(DEFAULT_PORT)).await {
            Ok(l) => Ok(l),
            Err(_) => tokio::net::TcpListener::bind(at(0)).await,
        },
    };
    bound.map_err(|e| {
        format!(
            "cannot listen on 127.0.0.1:{}: {e}; choose another --port (0 picks a free one) / 无法使用该端口，请换一个 --port（0 为自动选择）",
            port.unwrap_or(DEFAULT_PORT)
        )
    })
}

/// Opens the page in the default browser, when there is a desktop to show it on.
fn open_browser(url: String) {
    let desktop = cfg!(any(target_os = "windows", target_os = "macos"))
        || std::env::var_os("DISPLAY").is_some()
        || std::env::var_os("WAYLAND_DISPLAY").is_some();
    if !desktop {
        return;
    }
    std::thread::spawn(move || {
        if webbrowser::open(&url).is_err() {
            println!("无法自动打开浏览器，请手动打开 {url} / Could not open a browser; open {url} yourself.");
        }
    });
}
