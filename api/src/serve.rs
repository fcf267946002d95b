//! Running the commands of the binary.

use std::sync::Arc;

use tokio::net::TcpListener;

use crate::app;
use crate::auth::{AuthSettings, Claims, Role, TokenKeys, MAX_LEEWAY_SECONDS};
use crate::ballot_keys::BallotKeys;
use crate::cli::{AuditCommand, Cli, Command, ServeArgs, TokenArgs};
use crate::db;
use crate::demo;
use crate::secret::{self, SecretSource};
use crate::state::AppState;
use crate::store;
use crate::telemetry;

/// Runs the command `cli` names, like [`run`], but starts the tokio runtime
/// only for the commands that use the database or the network, and the
/// logging only for those and `token`: `tally` and `openapi` run without
/// either, so a tally of a file costs no more than reading it and running
/// the rule.
pub fn run_blocking(cli: Cli) -> Result<(), String> {
    match cli.command {
        Command::Tally(ref args) => crate::tally_file::run(args),
        Command::Openapi => print_openapi(),
        Command::Token(ref args) => {
            telemetry::init(cli.log_format);
            token(&cli, args)
        }
        Command::Serve(_) | Command::Migrate | Command::Audit(_) | Command::Import(_) => {
            tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()
                .map_err(|e| format!("cannot start the async runtime: {e}"))?
                .block_on(run(cli))
        }
    }
}

fn print_openapi() -> Result<(), String> {
    print!("{}", app::openapi_json().map_err(|e| e.to_string())?);
    Ok(())
}

fn token(cli: &Cli, args: &TokenArgs) -> Result<(), String> {
    let keys = keys(cli)?;
    println!("{}", sign(&keys, args.clone())?);
    Ok(())
}

/// Runs the command `cli` names; an error is a message for the operator.
pub async fn run(cli: Cli) -> Result<(), String> {
    telemetry::init(cli.log_format);
    match cli.command {
        Command::Openapi => print_openapi(),
        Command::Migrate => {
            let db = connect(&cli.database_url, 2).await?;
            db::migrate(&db).await.map_err(|e| format!("migrations failed: {e}"))?;
            println!("migrations are up to date");
            Ok(())
        }
        Command::Token(ref args) => token(&cli, args),
        Command::Serve(ref args) => serve(&cli, args).await,
        Command::Audit(AuditCommand::Verify) => verify_audit(&cli.database_url).await,
        Command::Tally(ref args) => crate::tally_file::run(args),
        Command::Import(ref args) => {
            let keys = ballot_keys(&cli)?;
            let db = connect(&cli.database_url, 2).await?;
            db::migrate(&db).await.map_err(|e| format!("migrations failed: {e}"))?;
            let round = crate::import_file::run(&db, &keys, args).await?;
            println!(
                "imported {} as round {round} (phase closed): tally it with POST /api/v1/rounds/{round}/tally",
                args.file.display()
            );
            Ok(())
        }
    }
}

async fn connect(url: &str, max_connections: u32) -> Result<sea_orm::DatabaseConnection, String> {
    db::connect(url, max_connections)
        .await
        .map_err(|e| format!("cannot open the database (MEDLEMSBUDGET_DATABASE_URL / --database-url): {e}"))
}

fn keys(cli: &Cli) -> Result<TokenKeys, String> {
    let secret = resolve_secret(cli.jwt_secret.clone(), &cli.database_url, secret::JWT_SECRET)?;
    if cli.jwt_leeway > MAX_LEEWAY_SECONDS {
        return Err(format!(
            "MEDLEMSBUDGET_JWT_LEEWAY (--jwt-leeway) must be at most {MAX_LEEWAY_SECONDS} seconds"
        ));
    }
    let settings = AuthSettings {
        public_key_files: cli.jwt_public_keys.clone(),
        issuer: cli.jwt_issuer.clone(),
        audience: cli.jwt_audience.clone(),
        leeway_seconds: cli.jwt_leeway,
    };
    TokenKeys::new(secret.expose(), settings).map_err(|e| {
        let setting = if e.contains("secret") {
            "MEDLEMSBUDGET_JWT_SECRET (--jwt-secret)"
        } else {
            "MEDLEMSBUDGET_JWT_PUBLIC_KEYS (--jwt-public-keys)"
        };
        format!("{setting}: {e}")
    })
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
    })
}

fn resolve_secret(
    configured: Option<secret::Secret>,
    database_url: &str,
    kind: secret::SecretKind,
) -> Result<secret::Secret, String> {
    let (secret, source) = secret::resolve(configured, database_url, kind)?;
    match source {
        SecretSource::Generated(path) => {
            eprintln!(
                "{} was not configured: generated one and stored it in {}",
                kind.setting,
                path.display()
            );
        }
        SecretSource::File(path) => tracing::info!(file = %path.display(), "using a secret kept beside the database"),
        SecretSource::Configured => {}
    }
    Ok(secret)
}

fn ballot_keys(cli: &Cli) -> Result<BallotKeys, String> {
    let secret = resolve_secret(cli.ballot_secret.clone(), &cli.database_url, secret::BALLOT_SECRET)?;
    BallotKeys::new(secret.expose()).map_err(|e| format!("{}: {e}", secret::BALLOT_SECRET.setting))
}

async fn verify_audit(database_url: &str) -> Result<(), String> {
    let db = connect(database_url, 1).await?;
    let verdicts = store::audit::verify_all(&db)
        .await
        .map_err(|e| format!("cannot read the audit log: {e}"))?;
    let mut broken = 0;
    for verdict in &verdicts {
        match verdict {
            Ok((round, events)) => println!("round {round}: {events} events, chain intact"),
            Err(problem) => {
                broken += 1;
                println!("BROKEN {problem}");
            }
        }
    }
    if broken == 0 {
        println!("audit log intact: {} round(s) checked", verdicts.len());
        Ok(())
    } else {
        Err(format!("the audit log is broken in {broken} round(s)"))
    }
}

fn sign(keys: &TokenKeys, args: TokenArgs) -> Result<String, String> {
    let storkreds = match args.storkreds {
        Some(slug) => Some(
            slug.parse::<medlemsbudget_domain::Storkreds>()
                .map_err(|e| format!("--storkreds: {e}"))?,
        ),
        None if args.role != Role::Hb => return Err(format!("--storkreds is required for role '{}'", args.role)),
        None => None,
    };
    let claims = Claims::new(args.sub, args.role, storkreds, args.ttl);
    keys.sign(&claims).map_err(|e| format!("cannot sign the token: {e}"))
}

async fn serve(cli: &Cli, args: &ServeArgs) -> Result<(), String> {
    let database_url = cli.database_url.as_str();
    let http = http_settings(args)?;
    let keys = keys(cli)?;
    let ballot_keys = ballot_keys(cli)?;
    let db = connect(database_url, args.db_max_connections).await?;
    db::migrate(&db).await.map_err(|e| format!("migrations failed: {e}"))?;
    if args.demo {
        let round = demo::ensure_demo_round(&db)
            .await
            .map_err(|e| format!("cannot create the demo round: {e}"))?;
        let token = |role, sub: &str, storkreds: Option<&str>| {
            let args = TokenArgs {
                role,
                sub: sub.to_owned(),
                storkreds: storkreds.map(Into::into),
                ttl: 8 * 3600,
            };
            sign(&keys, args)
        };
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
    println!("API docs (Swagger UI): http://{address}/docs   OpenAPI: http://{address}/openapi.json");
    let state = AppState {
        db: db.clone(),
        keys: Arc::new(keys),
        ballot_keys: Arc::new(ballot_keys),
        voting_rounds: Arc::default(),
        ballot_writer: crate::store::ballot_writer::BallotWriter::new(db.clone()),
    };
    let stopping = Arc::new(tokio::sync::Notify::new());
    let notify = stopping.clone();
    let server = axum::serve(listener, app::router_with(state, &http)).with_graceful_shutdown(async move {
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
