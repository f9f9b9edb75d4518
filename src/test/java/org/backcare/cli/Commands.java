package org.backcare.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command line in the test's process and keeps what it printed, for tests of any package. */
public final class Commands {
    private Commands() {
    }

    /** A command's exit code and what it printed on stdout and stderr. */
    public record Result(int code, String out, String err) {
    }

    public static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }
}
