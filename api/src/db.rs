//! Opening the database: SQLite (embedded default) or PostgreSQL, chosen by the URL.

use std::time::Duration;

use medlemsbudget_migrations::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr};

/// The default database: a SQLite file in the current directory.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://medlemsbudget.db";

/// PostgreSQL connections idle at least this long are pinged before use.
pub const PING_IF_IDLE_FOR: Duration = Duration::from_secs(2);

/// Opens a pool. SQLite runs in WAL mode with `synchronous=FULL`, so an
/// acknowledged write survives a crash of the process or the machine; it gets
/// a single connection, which serialises writers instead of failing them with
/// "database is locked" (reads that write nothing have their own connections,
/// [`readers`]). PostgreSQL connections that sat idle for
/// [`PING_IF_IDLE_FOR`] are pinged before use (and replaced if dead); busy
/// ones are not, which saves a round trip per request under load.
pub async fn connect(url: &str, max_connections: u32) -> Result<DatabaseConnection, DbErr> {
    if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        return connect_postgres(url, max_connections).await;
    }
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .max_connections(1)
        .min_connections(1)
        .acquire_timeout(Duration::from_secs(10))
        // A SQLite connection is a file in this process and cannot die while idle;
        // a ping would be one more trip to its thread while every writer waits.
        .test_before_acquire(false)
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(|opts| {
            opts.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Full)
                .busy_timeout(Duration::from_secs(5))
                .foreign_keys(true)
                .create_if_missing(true)
        });
    Database::connect(options).await
}

/// Read-only SQLite connections beside the one writer of a file database.
pub const SQLITE_READERS: u32 = 4;

/// Where the services send reads that write nothing. On a SQLite file, a pool
/// of [`SQLITE_READERS`] read-only connections to the same file: in WAL mode
/// they read while the writer writes, each statement seeing every commit
/// made before it began, so pages no longer queue behind one another for the
/// single connection. They open on first use. Anywhere else (PostgreSQL, an
/// in-memory SQLite database that only its own connection sees) it is `db`.
pub fn readers(db: &DatabaseConnection) -> DatabaseConnection {
    use sea_orm::sqlx::sqlite::SqlitePoolOptions;
    let DatabaseConnection::SqlxSqlitePoolConnection(_) = db else {
        return db.clone();
    };
    let options = db.get_sqlite_connection_pool().connect_options();
    let file = options.get_filename().to_string_lossy();
    if file.is_empty() || file.starts_with(':') || file.starts_with("file:") {
        return db.clone();
    }
    let options = (*options).clone().read_only(true);
    let pool = SqlitePoolOptions::new()
        .max_connections(SQLITE_READERS)
        .min_connections(0)
        .acquire_timeout(Duration::from_secs(10))
        .test_before_acquire(false)
        .connect_lazy_with(options);
    sea_orm::SqlxSqliteConnector::from_sqlx_sqlite_pool(pool)
}

async fn connect_postgres(url: &str, max_connections: u32) -> Result<DatabaseConnection, DbErr> {
    use sea_orm::sqlx::postgres::{PgConnectOptions, PgPoolOptions};
    use sea_orm::sqlx::{ConnectOptions as _, Connection as _};
    let sqlx_error = |e| DbErr::Conn(sea_orm::RuntimeErr::SqlxError(e));
    let options = url
        .parse::<PgConnectOptions>()
        .map_err(sqlx_error)?
        .disable_statement_logging();
    let pool = PgPoolOptions::new()
        .max_connections(max_connections)
        .min_connections(1)
        .acquire_timeout(Duration::from_secs(10))
        .test_before_acquire(false)
        .before_acquire(|connection, meta| {
            Box::pin(async move {
                if meta.idle_for >= PING_IF_IDLE_FOR {
                    connection.ping().await?;
                }
                Ok(true)
            })
        })
        .connect_with(options)
        .await
        .map_err(sqlx_error)?;
    Ok(sea_orm::SqlxPostgresConnector::from_sqlx_postgres_pool(pool))
}

/// An arbitrary key for the PostgreSQL advisory lock that serialises migrations.
const MIGRATION_LOCK_KEY: i64 = 0x6d62_6d69_6772;

/// Brings the schema up to date. On PostgreSQL several processes may call
/// this at once: they take turns through an advisory lock, the first applies
/// the migrations and the others find nothing left to do. (SQLite is served
/// by one process, and its writers are serialised by the database file lock.)
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    if !matches!(db, DatabaseConnection::SqlxPostgresPoolConnection(_)) {
        return Migrator::up(db, None).await;
    }
    use sea_orm::sqlx::{Connection, Executor};
    // A connection of its own, outside the pool, holds the session lock; closing it releases the lock.
    let mut lock = db
        .get_postgres_connection_pool()
        .acquire()
        .await
        .map_err(|e| DbErr::Conn(sea_orm::RuntimeErr::SqlxError(e)))?
        .detach();
    let locked = lock
        .execute(format!("SELECT pg_advisory_lock({MIGRATION_LOCK_KEY})").as_str())
        .await;
    if let Err(e) = locked {
        return Err(DbErr::Conn(sea_orm::RuntimeErr::SqlxError(e)));
    }
    let migrated = Migrator::up(db, None).await;
    let _ = lock
        .execute(format!("SELECT pg_advisory_unlock({MIGRATION_LOCK_KEY})").as_str())
        .await;
    let _ = lock.close().await;
    migrated
}
