package org.backcare.review;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The databases the storage tests run on: an embedded H2 database always, and PostgreSQL when a server is given
 * ({@code -Dbackcare.test.postgres=jdbc:postgresql://HOST:PORT/postgres}, a role that may create databases in
 * {@code -Dbackcare.test.postgres.user} and {@code .password}; or the same in the environment,
 * {@code BACKCARE_TEST_POSTGRES} and so on, as {@code .ci/run} sets them). Without one, the PostgreSQL runs are left out and one
 * line says so; {@code -Dbackcare.test.require=postgres} (as {@code .ci/run} sets, with chromium) makes them
 * required instead.
 * Each test gets a database of its own, dropped at the end.
 */
public final class Databases {
    public static final String POSTGRES = "backcare.test.postgres";
    private static final AtomicBoolean TOLD = new AtomicBoolean();

    private Databases() {
    }

    /** A way to open a fresh, empty workspace database. */
    public interface Engine {
        WorkspaceDatabase open(Path dir) throws Exception;

        /** Opens again the database {@link #open} made last, as a restarted process would. */
        WorkspaceDatabase reopen() throws Exception;

        /** The JDBC URL of the database {@link #open} made last, for a server; null for an embedded one. */
        String url();

        /** Drops what {@link #open} made. */
        void dropAll() throws SQLException;
    }

    /** The engines to run on: {@code h2}, and {@code postgresql} when a server is given. */
    public static List<String> names() {
        List<String> names = new ArrayList<>(List.of("h2"));
        if (postgresUrl() != null) names.add("postgresql");
        else if (org.backcare.Required.required("postgres")) {
            throw new IllegalStateException("PostgreSQL is required (-Dbackcare.test.require=postgres) but no server"
                    + " was given: set -D" + POSTGRES + "=jdbc:postgresql://HOST:PORT/postgres");
        } else if (TOLD.compareAndSet(false, true)) {
            System.out.println("SKIPPED: the storage tests on PostgreSQL (no server given; .ci/run starts one and sets -D"
                    + POSTGRES + ")");
        }
        return names;
    }

    public static Engine engine(String name) {
        return name.equals("h2") ? new Embedded() : new Server(postgresUrl());
    }

    private static String postgresUrl() {
        String url = org.backcare.Required.setting(POSTGRES, null);
        return url == null || url.isBlank() ? null : url;
    }

    static Map<String, String> credentials() {
        return Map.of(WorkspaceDatabase.USER_VARIABLE, org.backcare.Required.setting(POSTGRES + ".user", "backcare_test"),
                WorkspaceDatabase.PASSWORD_VARIABLE, org.backcare.Required.setting(POSTGRES + ".password", ""));
    }

    private static final class Embedded implements Engine {
        private Path dir;

        @Override
        public WorkspaceDatabase open(Path dir) throws Exception {
            this.dir = dir;
            return WorkspaceDatabase.embedded(Files.createDirectories(dir));
        }

        @Override
        public WorkspaceDatabase reopen() throws Exception {
            return WorkspaceDatabase.embedded(dir);
        }

        @Override
        public String url() {
            return null;
        }

        @Override
        public void dropAll() {
            // the test's own directory goes with it
        }
    }

    /** Databases made on the server, one per {@link #open}. */
    private static final class Server implements Engine {
        private final String adminUrl;
        private final List<String> made = new ArrayList<>();

        Server(String adminUrl) {
            this.adminUrl = adminUrl;
        }

        private Connection admin() throws SQLException {
            Map<String, String> credentials = credentials();
            return DriverManager.getConnection(adminUrl, credentials.get(WorkspaceDatabase.USER_VARIABLE),
                    credentials.get(WorkspaceDatabase.PASSWORD_VARIABLE));
        }

        @Override
        public WorkspaceDatabase open(Path dir) throws Exception {
            String name = "backcare_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
            try (Connection admin = admin(); Statement statement = admin.createStatement()) {
                statement.execute("CREATE DATABASE " + name);
            }
            made.add(name);
            return reopen();
        }

        @Override
        public WorkspaceDatabase reopen() throws Exception {
            return WorkspaceDatabase.server(url(made.get(made.size() - 1)), credentials());
        }

        @Override
        public String url() {
            return url(made.get(made.size() - 1));
        }

        /** The URL of a database on the server. */
        String url(String database) {
            return adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + database;
        }

        @Override
        public void dropAll() throws SQLException {
            try (Connection admin = admin(); Statement statement = admin.createStatement()) {
                for (String name : made) statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
            made.clear();
        }
    }

    /** A fresh database of an engine, dropped when closed. */
    public static final class Fresh implements AutoCloseable {
        private final Engine engine;
        private WorkspaceDatabase database;

        public Fresh(String engineName, Path dir) throws Exception {
            this.engine = engine(engineName);
            this.database = engine.open(dir);
        }

        public WorkspaceDatabase database() {
            return database;
        }

        /** The server database's JDBC URL; null for an embedded one. */
        public String url() {
            return engine.url();
        }

        /** Closes the database and opens it again, as a restarted process would. */
        public WorkspaceDatabase reopen() throws Exception {
            database.close();
            database = engine.reopen();
            return database;
        }

        @Override
        public void close() throws SQLException {
            database.close();
            engine.dropAll();
        }
    }
}
