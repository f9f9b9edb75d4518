package org.backcare.review;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Where the review workspace keeps its data: an H2 database in a file under a directory of its own (the default: no
 * set-up), or a PostgreSQL server for a team. Opening one creates or migrates its tables (Flyway, the scripts in
 * {@code db/migration}) and pools its connections (HikariCP).
 *
 * <p>An H2 database is written at every commit ({@code WRITE_DELAY=0}), so that a process killed at any moment has
 * lost no committed decision; only one process at a time may open it. Thread-safe.
 */
public final class WorkspaceDatabase implements AutoCloseable {
    /** The environment variables that give PostgreSQL's user and password, kept off the command line. */
    public static final String USER_VARIABLE = "BACKCARE_DB_USER";
    public static final String PASSWORD_VARIABLE = "BACKCARE_DB_PASSWORD";
    private static final String H2_FILE = "workspace";

    private final HikariDataSource pool;
    private final String vendor;
    private final String where;

    private WorkspaceDatabase(HikariDataSource pool, String vendor, String where) {
        this.pool = pool;
        this.vendor = vendor;
        this.where = where;
    }

    /** The workspace in {@code dir} (created when missing), in an H2 database file. */
    public static WorkspaceDatabase embedded(Path dir) throws WorkspaceException {
        Path absolute = dir.toAbsolutePath().normalize();
        // H2 reads settings after a ';' in its URL (INIT runs a script): a path never adds one
        if (absolute.toString().contains(";")) {
            throw new WorkspaceException("--data " + dir + ": expected a directory whose path has no ';'");
        }
        try {
            Files.createDirectories(absolute);
        } catch (IOException e) {
            throw new WorkspaceException(dir + ": cannot be created: " + e.getMessage(), e);
        }
        HikariConfig config = new HikariConfig();
        // DB_CLOSE_ON_EXIT=FALSE: the pool closes it, after the last statement, rather than the JVM's shutdown hook;
        // LOCK_TIMEOUT: a clinician's action waits out an import's chunk (which holds the audit trail's head)
        config.setJdbcUrl("jdbc:h2:file:" + absolute.resolve(H2_FILE)
                + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000");
        config.setUsername("backcare");
        config.setPassword("");
        return open(config, "h2", dir.toString());
    }

    /**
     * The workspace on a database server: a {@code jdbc:postgresql:} URL, with the user and password from the URL or
     * from {@value #USER_VARIABLE} and {@value #PASSWORD_VARIABLE}.
     */
    public static WorkspaceDatabase server(String url, Map<String, String> environment) throws WorkspaceException {
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new WorkspaceException("--db " + url + ": expected a PostgreSQL URL, jdbc:postgresql://HOST[:PORT]/DATABASE");
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        if (environment.get(USER_VARIABLE) != null) config.setUsername(environment.get(USER_VARIABLE));
        if (environment.get(PASSWORD_VARIABLE) != null) config.setPassword(environment.get(PASSWORD_VARIABLE));
        // the URL names the server and database; its password, if any, is never repeated in a message
        String shown = url.replaceAll("(?i)password=[^&]*", "password=...");
        return open(config, "postgresql", shown);
    }

    private static WorkspaceDatabase open(HikariConfig config, String vendor, String where) throws WorkspaceException {
        config.setPoolName("backcare-workspace");
        config.setMaximumPoolSize(Math.max(4, Runtime.getRuntime().availableProcessors() * 2));
        config.setAutoCommit(false);
        // a server that is down fails in seconds, with its own words, not after the pool's default 30 s
        config.setInitializationFailTimeout(1);
        config.setConnectionTimeout(10_000);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new WorkspaceException(where + ": cannot open the workspace's database: " + cause(e), e);
        }
        try {
            Flyway.configure().dataSource(pool)
                    .locations("classpath:db/migration/common", "classpath:db/migration/" + vendor)
                    .placeholders(Map.of("bytes", vendor.equals("h2") ? "VARBINARY(1048576)" : "BYTEA"))
                    .load().migrate();
        } catch (FlywayException e) {
            pool.close();
            throw new WorkspaceException(where + ": cannot set up the workspace's tables: " + cause(e), e);
        }
        return new WorkspaceDatabase(pool, vendor, where);
    }

    /** The innermost message: the driver's own words (a server refusing, a file in use). */
    private static String cause(Throwable e) {
        Throwable inner = e;
        while (inner.getCause() != null && inner.getCause() != inner) inner = inner.getCause();
        String message = inner.getMessage() == null ? inner.toString() : inner.getMessage();
        if (message.contains("Database may be already in use")) {
            return "another process has it open (only one may open an embedded workspace: stop it first, or use"
                    + " PostgreSQL, --db, for a team)";
        }
        return message.lines().findFirst().orElse(message);
    }

    /** A connection, not auto-committing: the caller commits. */
    Connection connection() throws SQLException {
        return pool.getConnection();
    }

    DataSource dataSource() {
        return pool;
    }

    /** {@code h2} or {@code postgresql}. */
    public String vendor() {
        return vendor;
    }

    /** The directory or the server, as messages name it (never with a password). */
    public String where() {
        return where;
    }

    @Override
    public void close() {
        pool.close();
    }
}
