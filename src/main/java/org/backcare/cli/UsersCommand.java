package org.backcare.cli;

import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.backcare.profile.WireName;
import org.backcare.review.Account;
import org.backcare.review.Accounts;
import org.backcare.review.WorkspaceDatabase;
import org.backcare.review.WorkspaceException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code backcare users}: the accounts that sign in to the review workspace. */
@Command(name = "users", mixinStandardHelpOptions = true,
        description = {"The accounts that sign in to the review workspace."},
        subcommands = {UsersCommand.Add.class})
final class UsersCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return Main.INVALID;
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Add an account. The password is read from standard input (asked twice on a terminal),"
                + " never from the command line; at least 12 characters."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:added", "2:invalid name, role or password, the name is taken, or the workspace"
                + " cannot be opened"})
    static final class Add implements Callable<Integer> {
        /** The longest password line read: BCrypt reads 72 bytes, and a longer line is refused, not cut. */
        private static final int MAX_LINE = 1024;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "The account's name: 2-64 characters of a-z 0-9 . _ -.")
        String name;

        @Option(names = "--role", required = true, paramLabel = "ROLE",
                description = "clinician (may sign off and override plans) or viewer (may only read them).")
        Account.Role role;

        @Mixin
        WorkspaceOption workspace;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            char[] password = null;
            try {
                password = password(err);
                if (password == null) return Main.INVALID;
                try (WorkspaceDatabase database = workspace.open()) {
                    new Accounts(database, Clock.systemUTC()).add(name, role, password, ReviewCommand.cliUser());
                    err.println("account " + name + " added as " + WireName.of(role) + " to "
                            + database.where());
                    return Main.OK;
                }
            } catch (WorkspaceException e) {
                err.println("backcare: " + e.getMessage());
                return Main.INVALID;
            } finally {
                if (password != null) Arrays.fill(password, '\0');
            }
        }

        /** The password: asked twice on a terminal, else the first line of standard input; null after saying why. */
        private static char[] password(PrintWriter err) {
            Console console = System.console();
            if (console != null) {
                char[] first = console.readPassword("Password for the new account: ");
                char[] again = console.readPassword("The same again: ");
                if (first == null || again == null || !Arrays.equals(first, again)) {
                    err.println("backcare: the two passwords differ");
                    return null;
                }
                Arrays.fill(again, '\0');
                return first;
            }
            try {
                return firstLine(System.in);
            } catch (IOException e) {
                err.println("backcare: cannot read the password from standard input: " + e.getMessage());
                return null;
            }
        }

        /** The first line of {@code in}, without its line end, as UTF-8 characters. */
        static char[] firstLine(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
                if (line.size() >= MAX_LINE) throw new IOException("the first line is longer than " + MAX_LINE + " bytes");
                line.write(b);
            }
            byte[] bytes = line.toByteArray();
            int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
            try {
                CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes, 0, length));
                char[] password = new char[chars.remaining()];
                chars.get(password);
                return password;
            } catch (CharacterCodingException e) {
                throw new IOException("the password is not UTF-8", e);
            } finally {
                Arrays.fill(bytes, (byte) 0);
            }
        }
    }
}
