//! `medlemsbudget serve`: runs the migrations, then serves the API until
//! SIGTERM or Ctrl-C, finishing the requests in flight.

use std::net::SocketAddr;
use std::sync::Arc;

use clap::Args;
use medlemsbudget_domain::Role;
use tokio::net::TcpListener;

use super::token::sign;
use super::{BallotSecretArgs, DatabaseArgs, JwtArgs, OidcArgs, SigningArgs};
use crate::app;
use crate::auth::oidc::OidcClient;
use crate::demo;
use crate::services::sessions::SessionSettings;
use crate::services::Services;
use crate::state::AppState;
use crate::web::voting_code::CodeLimits;

/// Options of `serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(
        long,
        env = "MEDLEMSBUDGET_BIND",
        hide_env_values = true,
        default_value = "127.0.0.1:3000"
    )]
    pub bind: SocketAddr,
    /// Most database connections (PostgreSQL; SQLite always uses one writer).
    #[arg(long, env = "MEDLEMSBUDGET_DB_MAX_CONNECTIONS", hide_env_values = true, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub db_max_connections: u32,
    /// The largest JSON request body, in bytes (the electorate import always takes up to 16 MiB).
    #[arg(long, env = "MEDLEMSBUDGET_BODY_LIMIT", hide_env_values = true, default_value_t = 131_072, value_parser = clap::value_parser!(u64).range(1024..=16_777_216))]
    pub body_limit: u64,
    /// Origins allowed to call the API from a browser (CORS), comma-separated,
    /// e.g. `https://medlem.example.dk`; none by default.
    #[arg(
        long,
        env = "MEDLEMSBUDGET_CORS_ORIGINS",
        hide_env_values = true,
        value_delimiter = ','
    )]
    pub cors_origins: Vec<String>,
    /// After SIGTERM or Ctrl-C, how long requests in flight may take to finish (seconds).
    #[arg(
        long,
        env = "MEDLEMSBUDGET_SHUTDOWN_TIMEOUT",
        hide_env_values = true,
        default_value_t = 30
    )]
    pub shutdown_timeout: u64,
    /// Create a demo KV17 round (if not there yet), print tokens to try it
    /// with, and offer the development sign-in (anyone may sign in as anyone):
    /// refused with PostgreSQL, an OpenID provider, or a non-loopback address.
    #[arg(long, env = "MEDLEMSBUDGET_DEMO", hide_env_values = true)]
    pub demo: bool,
    /// The most a page session lasts from sign-in, in seconds.
    #[arg(long, env = "MEDLEMSBUDGET_SESSION_LIFETIME", hide_env_values = true, default_value_t = 28_800, value_parser = clap::value_parser!(i64).range(60..=604_800))]
    pub session_lifetime: i64,
    /// A page session unused this many seconds ends.
    #[arg(long, env = "MEDLEMSBUDGET_SESSION_IDLE_TIMEOUT", hide_env_values = true, default_value_t = 1_800, value_parser = clap::value_parser!(i64).range(60..=604_800))]
    pub session_idle_timeout: i64,
    /// Behind a reverse proxy that sets `X-Forwarded-For`: limit voting-code
    /// attempts per address it names rather than per connection.
    #[arg(long, env = "MEDLEMSBUDGET_TRUST_FORWARDED_FOR", hide_env_values = true)]
    pub trust_forwarded_for: bool,
    /// Sign-in through the organisation's OpenID provider.
    #[command(flatten)]
    pub oidc: OidcArgs,
    /// The database.
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// The token keys.
    #[command(flatten)]
    pub jwt: JwtArgs,
    /// The ballot secret.
    #[command(flatten)]
    pub ballot: BallotSecretArgs,
    /// The key that signs publications.
    #[command(flatten)]
    pub signing: SigningArgs,
}

fn http_settings(args: &ServeArgs) -> Result<app::HttpSettings, String> {
    let mut cors_origins = Vec::with_capacity(args.cors_origins.len());
    for origin in args.cors_origins.iter().map(|o| o.trim()).filter(|o| !o.is_empty()) {
        let valid = (origin.starts_with("https://") || origin.starts_with("http://")) && !origin.ends_with('/');
        let value = axum::http::HeaderValue::from_str(origin).ok().filter(|_| valid).ok_or_else(|| {
            format!("MEDLEMSBUDGET_CORS_ORIGINS (--cors-origins): \"{origin}\" is not an origin like https://medlem.example.dk")
        })?;
        cors_origins.push(value);
    }
    let body_limit =
        usize::try_from(args.body_limit).map_err(|e| format!("MEDLEMSBUDGET_BODY_LIMIT (--body-limit): {e}"))?;
    Ok(app::HttpSettings {
        body_limit,
        cors_origins,
        code_limits: CodeLimits {
            trust_forwarded_for: args.trust_forwarded_for,
            ..CodeLimits::default()
        },
    })
}

/// The development sign-in lets anyone act as HB: it is for trying the
/// service on one's own machine, never next to production settings.
fn check_demo(args: &ServeArgs, oidc: bool) -> Result<(), String> {
    if !args.demo {
        return Ok(());
    }
    let why = if args.database.database_url.starts_with("postgres") {
        Some("a PostgreSQL database (MEDLEMSBUDGET_DATABASE_URL)")
    } else if oidc {
        Some("an OpenID provider (MEDLEMSBUDGET_OIDC_ISSUER)")
    } else if !args.bind.ip().is_loopback() {
        Some("an address other machines can reach (MEDLEMSBUDGET_BIND)")
    } else {
        None
    };
    match why {
        Some(why) => Err(format!(
            "MEDLEMSBUDGET_DEMO (--demo) offers a development sign-in where anyone can act as HB; \
             it is refused together with {why}. Leave out --demo in production."
        )),
        None => Ok(()),
    }
}

/// Serves until SIGTERM or Ctrl-C.
pub async fn run(args: &ServeArgs) -> Result<(), String> {
    let http = http_settings(args)?;
    let oidc_settings = args.oidc.settings()?;
    check_demo(args, oidc_settings.is_some())?;
    let keys = args.jwt.keys(&args.database)?;
    let ballot_keys = args.ballot.keys(&args.database)?;
    let signer = args.signing.signer(&args.database)?;
    let db = args.database.connect_migrated(args.db_max_connections).await?;
    let services = Services::new(db.clone(), ballot_keys, signer);
    if args.demo {
        let round = demo::ensure_demo_round(&services)
            .await
            .map_err(|e| format!("cannot create the demo round: {e}"))?;
        let token = |role, sub: &str, storkreds: Option<&str>| sign(&keys, role, sub, storkreds, 8 * 3600);
        println!("Demo round {round} ('{}') is open for voting.", demo::DEMO_ROUND_NAME);
        println!("HB token:           {}", token(Role::Hb, "demo-hb", None)?);
        println!(
            "Board token (fyn):  {}",
            token(Role::Board, "demo-board-fyn", Some("fyn"))?
        );
        println!(
            "Member token (fyn): {}",
            token(Role::Member, "demo-member-1", Some("fyn"))?
        );
    }
    let listener = TcpListener::bind(args.bind)
        .await
        .map_err(|e| format!("cannot listen on {} (MEDLEMSBUDGET_BIND / --bind): {e}", args.bind))?;
    let address = listener.local_addr().map_err(|e| e.to_string())?;
    println!("medlemsbudget is listening on http://{address}");
    println!("Pages (Danish, English): http://{address}/");
    if args.demo {
        println!("Sign in as the demo HB, a board or a member: http://{address}/log-ind (exists only under --demo)");
    }
    println!("API docs (Swagger UI): http://{address}/docs   OpenAPI: http://{address}/openapi.json");
    // The schedule moves rounds through their timelines; it stops with the process.
    let schedule = tokio::spawn(crate::services::schedule::run(services.clone()));
    let mut state = AppState::new(services, keys)
        .with_demo_sign_in(args.demo)
        .with_sessions(SessionSettings {
            lifetime_seconds: args.session_lifetime,
            idle_seconds: args.session_idle_timeout,
        });
    if let Some(settings) = oidc_settings {
        let issuer = settings.issuer.clone();
        let oidc = OidcClient::discover(settings)
            .await
            .map_err(|e| format!("MEDLEMSBUDGET_OIDC_ISSUER (--oidc-issuer): {e}"))?;
        println!("Sign-in through the OpenID provider at {issuer}: http://{address}/log-ind");
        state = state.with_oidc(oidc);
    }
    let stopping = Arc::new(tokio::sync::Notify::new());
    let notify = stopping.clone();
    let app = app::router_with(state, &http).into_make_service_with_connect_info::<SocketAddr>();
    let server = axum::serve(listener, app).with_graceful_shutdown(async move {
        shutdown_signal().await;
        notify.notify_one();
    });
    let grace = std::time::Duration::from_secs(args.shutdown_timeout);
    tokio::select! {
        served = server => served.map_err(|e| format!("server error: {e}"))?,
        () = async { stopping.notified().await; tokio::time::sleep(grace).await } => {
            tracing::warn!(seconds = args.shutdown_timeout, "requests still in flight after the shutdown timeout; stopping anyway");
        }
    }
    schedule.abort();
    db.close().await.map_err(|e| format!("closing the database: {e}"))?;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
